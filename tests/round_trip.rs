//! stitch -> split -> stitch keeps frame order, and `--lossless` gives back identical pixels.

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

mod support;

use support::{
    framekit_ok as framekit, indices, rgb, sorted_files, write_frames, write_kind_frame, Kind,
};

#[test]
fn stitch_split_stitch_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 30, 96, 48);
    framekit(dir.path(), &["stitch", "frames", "-o", "first.mp4"]);
    let expected: Vec<u32> = (0..30).collect();
    assert_eq!(indices(&dir.path().join("first.mp4"), 96, 48), expected);

    framekit(dir.path(), &["split", "first.mp4", "split"]);
    let split = sorted_files(&dir.path().join("split"));
    assert_eq!(split.len(), 30);
    framekit(dir.path(), &["stitch", "split", "-o", "second.mp4"]);
    assert_eq!(indices(&dir.path().join("second.mp4"), 96, 48), expected);
}

#[test]
fn lossless_round_trips_give_back_identical_pixels() {
    let dir = tempfile::tempdir().unwrap();
    // Odd sides too: lossless output is never padded.
    let frames = write_frames(dir.path(), 12, 65, 33);
    let originals: Vec<Vec<u8>> = sorted_files(&frames).iter().map(|f| rgb(f)).collect();
    for output in ["exact.mkv", "exact.mp4", "exact.mov"] {
        framekit(
            dir.path(),
            &["stitch", "frames", "-o", output, "--lossless"],
        );
        let out_dir = format!("{output}.frames");
        framekit(dir.path(), &["split", output, &out_dir]);
        let split: Vec<Vec<u8>> = sorted_files(&dir.path().join(&out_dir))
            .iter()
            .map(|f| rgb(f))
            .collect();
        assert_eq!(split.len(), originals.len(), "{output}");
        for (i, (got, want)) in split.iter().zip(&originals).enumerate() {
            assert!(got == want, "{output}: frame {i} differs");
        }
    }
}

#[test]
fn lossless_mkv_keeps_every_frame_of_a_mixed_folder_exactly() {
    let dir = tempfile::tempdir().unwrap();
    // Colour frames, and before them (in byte order) a gray one and one with alpha: left
    // to itself ffmpeg would store every frame in the first one's pixel format, gray.
    let frames = write_frames(dir.path(), 4, 64, 32);
    write_kind_frame(&frames.join("a_gray.png"), 5, 64, 32, Kind::Gray8);
    write_kind_frame(&frames.join("b_alpha.png"), 6, 64, 32, Kind::Rgba8);
    write_kind_frame(&frames.join("c_palette.png"), 7, 64, 32, Kind::Palette);
    let originals: Vec<Vec<u8>> = sorted_files(&frames).iter().map(|f| rgb(f)).collect();
    framekit(
        dir.path(),
        &["stitch", "frames", "-o", "exact.mkv", "--lossless"],
    );
    framekit(dir.path(), &["split", "exact.mkv", "back"]);
    let back: Vec<Vec<u8>> = sorted_files(&dir.path().join("back"))
        .iter()
        .map(|f| rgb(f))
        .collect();
    assert_eq!(back.len(), originals.len());
    for (i, (got, want)) in back.iter().zip(&originals).enumerate() {
        assert!(got == want, "frame {i} differs");
    }
}

#[test]
fn lossless_holds_for_pngs_whose_metadata_outgrows_the_first_read() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    // A gray frame first, then colour ones, each with 2000 bytes of metadata before its
    // pixels: framekit cannot see their transparency in its first read.
    write_kind_frame(&frames.join("a.png"), 1, 64, 32, Kind::Gray8);
    support::write_frame(&frames.join("b.png"), 2, 64, 32);
    support::write_frame(&frames.join("c.png"), 3, 64, 32);
    for name in ["a.png", "b.png", "c.png"] {
        let path = frames.join(name);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, support::with_text_chunk(&bytes, 2000)).unwrap();
    }
    let originals: Vec<Vec<u8>> = sorted_files(&frames).iter().map(|f| rgb(f)).collect();
    framekit(
        dir.path(),
        &["stitch", "frames", "-o", "exact.mkv", "--lossless"],
    );
    framekit(dir.path(), &["split", "exact.mkv", "back"]);
    let back: Vec<Vec<u8>> = sorted_files(&dir.path().join("back"))
        .iter()
        .map(|f| rgb(f))
        .collect();
    assert_eq!(back.len(), 3);
    for (i, (got, want)) in back.iter().zip(&originals).enumerate() {
        assert!(got == want, "frame {i} differs");
    }
    // An alpha channel is known from the header whatever follows it: refused for mp4.
    let rgba = frames.join("d.png");
    write_kind_frame(&rgba, 4, 64, 32, Kind::Rgba8);
    let bytes = std::fs::read(&rgba).unwrap();
    std::fs::write(&rgba, support::with_text_chunk(&bytes, 2000)).unwrap();
    let refused = Command::cargo_bin("framekit")
        .unwrap()
        .args(["stitch", "frames", "-o", "a.mp4", "--lossless"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Transparency from a tRNS chunk far past the first read is found too.
    std::fs::remove_file(&rgba).unwrap();
    let keyed = frames.join("e.png");
    support::write_frame(&keyed, 5, 64, 32);
    let bytes = std::fs::read(&keyed).unwrap();
    // RGB's tRNS: one colour (16 bits a channel) that is transparent.
    let bytes = support::with_chunk(&bytes, b"tRNS", &[0, 0, 0, 0, 0, 0]);
    std::fs::write(&keyed, support::with_text_chunk(&bytes, 2000)).unwrap();
    let refused = Command::cargo_bin("framekit")
        .unwrap()
        .args(["stitch", "frames", "-o", "b.mp4", "--lossless"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("frames/e.png has an alpha channel"),
        "{stderr}"
    );
}

#[test]
fn lossless_mkv_keeps_jpeg_frames_exactly_or_refuses_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    let jpeg = |name: &str, index: u32, layout: &str| {
        let png = dir.path().join("source.png");
        support::write_frame(&png, index, 64, 32);
        support::ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            layout,
            "-y",
            frames.join(name).to_str().unwrap(),
        ]);
    };
    // Each layout in turn (ffmpeg's own encoder writes 4:4:4 and 4:2:2 with doubled factors).
    for layout in ["yuvj444p", "yuvj422p", "yuvj420p"] {
        for index in 0..3 {
            jpeg(&format!("f_{index}.jpg"), index, layout);
        }
        // Decoded as ffmpeg decodes them; full-range YUV must not be squeezed to TV range.
        let originals: Vec<Vec<u8>> = sorted_files(&frames).iter().map(|f| rgb(f)).collect();
        let _ = std::fs::remove_dir_all(dir.path().join("back"));
        framekit(
            dir.path(),
            &[
                "stitch",
                "frames",
                "--glob",
                "*.jpg",
                "-o",
                "exact.mkv",
                "--lossless",
                "--force",
            ],
        );
        framekit(dir.path(), &["split", "exact.mkv", "back"]);
        let back: Vec<Vec<u8>> = sorted_files(&dir.path().join("back"))
            .iter()
            .map(|f| rgb(f))
            .collect();
        assert_eq!(back.len(), 3, "{layout}");
        for (i, (got, want)) in back.iter().zip(&originals).enumerate() {
            assert!(got == want, "{layout}: frame {i} differs");
        }
    }
    // A 4:4:4 frame among 4:2:0 ones cannot be kept exactly in one format.
    jpeg("f_9.jpg", 9, "yuvj444p");
    let refused = Command::cargo_bin("framekit")
        .unwrap()
        .args([
            "stitch",
            "frames",
            "--glob",
            "*.jpg",
            "-o",
            "mixed.mkv",
            "--lossless",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("share one colour layout"), "{stderr}");
}

#[test]
fn lossless_mp4_refuses_frames_it_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 64, 32);
    write_kind_frame(&frames.join("frame_009.png"), 9, 64, 32, Kind::Rgba8);
    let result = Command::cargo_bin("framekit")
        .unwrap()
        .args(["stitch", "frames", "-o", "a.mp4", "--lossless"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("frames/frame_009.png has an alpha channel") && stderr.contains(".mkv"),
        "{stderr}"
    );
    assert!(!dir.path().join("a.mp4").exists());
}

#[test]
fn lossy_h264_is_not_identical_which_the_lossless_test_relies_on() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 64, 32);
    let original = rgb(&sorted_files(&frames)[0]);
    framekit(dir.path(), &["stitch", "frames", "-o", "lossy.mp4"]);
    framekit(dir.path(), &["split", "lossy.mp4", "out"]);
    assert_ne!(rgb(&sorted_files(&dir.path().join("out"))[0]), original);
}

#[test]
fn lossless_refuses_formats_that_cannot_be_exact() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 64, 32);
    for output in ["a.webm", "a.gif"] {
        let result = Command::cargo_bin("framekit")
            .unwrap()
            .args(["stitch", "frames", "-o", output, "--lossless"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(2), "{output}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.contains(".mkv"),
            "{output}: the message names what works: {stderr}"
        );
        assert!(!dir.path().join(output).exists());
    }
}
