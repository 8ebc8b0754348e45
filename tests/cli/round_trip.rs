//! stitch -> split -> stitch keeps frame order, and `--lossless` gives back identical pixels.

use std::path::Path;

use crate::support::frames::{
    with_chunk, with_text_chunk, write_frame, write_frames, write_kind_frame, Kind,
};
use crate::support::paths::native;
use crate::support::run::{fails, framekit_ok as framekit};
use crate::support::tree::sorted_files;
use crate::support::video::{ffmpeg, indices, rgb};

/// Stitches `dir/frames` with `--lossless` (and `extra`) into `output`, splits it back, and
/// asserts that every frame comes back with the RGB ffmpeg decodes from the original.
fn assert_exact_round_trip(dir: &Path, output: &str, extra: &[&str]) {
    let originals: Vec<Vec<u8>> = sorted_files(&dir.join("frames"))
        .iter()
        .map(|f| rgb(f))
        .collect();
    let mut args = vec!["stitch", "frames", "-o", output, "--lossless", "--force"];
    args.extend(extra);
    framekit(dir, &args);
    let back = format!("{output}.frames");
    let _ = std::fs::remove_dir_all(dir.join(&back));
    framekit(dir, &["split", output, &back]);
    let split: Vec<Vec<u8>> = sorted_files(&dir.join(&back))
        .iter()
        .map(|f| rgb(f))
        .collect();
    assert_eq!(split.len(), originals.len(), "{output} {extra:?}");
    for (i, (got, want)) in split.iter().zip(&originals).enumerate() {
        assert!(got == want, "{output} {extra:?}: frame {i} differs");
    }
}

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
    write_frames(dir.path(), 12, 65, 33);
    for output in ["exact.mkv", "exact.mp4", "exact.mov"] {
        assert_exact_round_trip(dir.path(), output, &[]);
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
    assert_exact_round_trip(dir.path(), "exact.mkv", &[]);
}

#[test]
fn lossless_holds_for_pngs_whose_metadata_outgrows_the_first_read() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    // A gray frame first, then colour ones, each with 2000 bytes of metadata before its
    // pixels: more than framekit's first read of each file.
    write_kind_frame(&frames.join("a.png"), 1, 64, 32, Kind::Gray8);
    write_frame(&frames.join("b.png"), 2, 64, 32);
    write_frame(&frames.join("c.png"), 3, 64, 32);
    let pad_with_text = |path: &Path| {
        let bytes = std::fs::read(path).unwrap();
        std::fs::write(path, with_text_chunk(&bytes, 2000)).unwrap();
    };
    for name in ["a.png", "b.png", "c.png"] {
        pad_with_text(&frames.join(name));
    }
    assert_exact_round_trip(dir.path(), "exact.mkv", &[]);
    // An alpha channel is known from the header whatever follows it: refused for mp4.
    let rgba = frames.join("d.png");
    write_kind_frame(&rgba, 4, 64, 32, Kind::Rgba8);
    pad_with_text(&rgba);
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "a.mp4", "--lossless"],
        1,
        &[&native("frames/d.png is an 8-bit RGBA PNG")],
    );
    assert_message!("lossless_mp4_alpha_past_the_first_read", said);
    // Transparency from a tRNS chunk far past the first read is found too.
    std::fs::remove_file(&rgba).unwrap();
    let keyed = frames.join("e.png");
    write_frame(&keyed, 5, 64, 32);
    // RGB's tRNS: one colour (16 bits a channel) that is transparent.
    let bytes = with_chunk(&std::fs::read(&keyed).unwrap(), b"tRNS", &[0; 6]);
    std::fs::write(&keyed, bytes).unwrap();
    pad_with_text(&keyed);
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "b.mp4", "--lossless"],
        1,
        &[&native(
            "frames/e.png is an 8-bit RGB PNG with transparency (tRNS)",
        )],
    );
    assert_message!("lossless_mp4_transparency_past_the_first_read", said);
}

#[test]
fn lossless_mkv_keeps_jpeg_frames_exactly_or_refuses_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    let jpeg = |name: &str, index: u32, layout: &str| {
        let png = dir.path().join("source.png");
        write_frame(&png, index, 64, 32);
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            layout,
            "-y",
            frames.join(name).to_str().unwrap(),
        ]);
    };
    // Each layout in turn (ffmpeg's own encoder writes 4:4:4 and 4:2:2 with doubled factors);
    // full-range YUV must not be squeezed to TV range.
    for layout in ["yuvj444p", "yuvj422p", "yuvj420p"] {
        for index in 0..3 {
            jpeg(&format!("f_{index}.jpg"), index, layout);
        }
        assert_exact_round_trip(dir.path(), "exact.mkv", &["--glob", "*.jpg"]);
    }
    // A 4:4:4 frame among 4:2:0 ones cannot be kept exactly in one format.
    jpeg("f_9.jpg", 9, "yuvj444p");
    let args = [
        "stitch",
        "frames",
        "--glob",
        "*.jpg",
        "-o",
        "mixed.mkv",
        "--lossless",
    ];
    let said = fails(
        dir.path(),
        &args,
        1,
        &[&native(
            "but frames/f_0.jpg is 4:2:0 and frames/f_9.jpg is 4:4:4",
        )],
    );
    assert_message!("lossless_mkv_jpeg_layouts_differ", said);
}

#[test]
fn lossless_mp4_refuses_frames_it_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 64, 32);
    write_kind_frame(&frames.join("frame_009.png"), 9, 64, 32, Kind::Rgba8);
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "a.mp4", "--lossless"],
        1,
        &[&native("frames/frame_009.png is an 8-bit RGBA PNG"), ".mkv"],
    );
    assert_message!("lossless_mp4_alpha", said);
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
        // The message names what works.
        let said = fails(
            dir.path(),
            &["stitch", "frames", "-o", output, "--lossless"],
            2,
            &[".mkv"],
        );
        assert_message!(format!("lossless_refuses_{output}"), said);
    }
}
