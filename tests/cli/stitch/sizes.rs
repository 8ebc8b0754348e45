//! The video's size: odd sizes padded with every pixel kept, photos turned upright, `--width`,
//! filters after `--`, and the size reported without ffprobe.

use super::*;

#[test]
fn odd_sizes_are_padded_and_every_pixel_kept() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // A one-pixel checkerboard: any scaling or cropping would destroy it.
    let (width, height) = (65u32, 33u32);
    let pixels: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).map(move |x| if (x + y) % 2 == 0 { 255 } else { 0 }))
        .collect();
    for i in 0..3 {
        let file = fs::File::create(frames.join(format!("f{i}.png"))).unwrap();
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&pixels).unwrap();
    }
    // crf 0 keeps gray (luma) exactly, so the comparison can be exact.
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "odd.mp4", "--crf", "0"],
    );
    let facts = probe(&dir.path().join("odd.mp4"), "v:0", "width,height,pix_fmt");
    assert_eq!(
        (facts["width"].as_str(), facts["height"].as_str()),
        ("66", "34")
    );
    assert_eq!(facts["pix_fmt"], "yuv420p");
    let gray = gray_frame(&dir.path().join("odd.mp4"), 0);
    for y in 0..height {
        for x in 0..width {
            let got = gray[(y * 66 + x) as usize];
            let want = pixels[(y * width + x) as usize];
            assert!(
                got.abs_diff(want) <= 2,
                "pixel ({x},{y}) is {got}, was {want}"
            );
        }
    }
    // The added column and row repeat their neighbours: no black line along the edges.
    let at = |x: u32, y: u32| gray[(y * 66 + x) as usize];
    for y in 0..34 {
        assert!(at(65, y).abs_diff(at(64, y)) <= 2, "added column, row {y}");
    }
    for x in 0..66 {
        assert!(at(x, 33).abs_diff(at(x, 32)) <= 2, "added row, column {x}");
    }
}

#[test]
fn portrait_photos_come_out_upright_and_are_reported_so() {
    let dir = tempfile::tempdir().unwrap();
    // Stored as 96x32, shot in portrait: ffmpeg turns each a quarter, to 32x96.
    write_jpeg_frames(dir.path(), 4, 96, 32, |_| Some(6));
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "*.JPG", "-o", "up.mp4", "--json",
        ],
    );
    assert_video(
        &dir.path().join("up.mp4"),
        Some(&output.stdout),
        (32, 96),
        4,
    );
}

#[test]
fn width_scales_every_frame_and_the_report_says_the_real_size() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 5, 96, 32);
    // 33 wide: the height is 11 rounded to even, 12; the width is padded to 34.
    for (output, expected) in [("small.mp4", (34, 12)), ("small.gif", (33, 11))] {
        let report = framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--width", "33", "--json"],
        );
        assert_video(&dir.path().join(output), Some(&report.stdout), expected, 5);
    }
}

#[test]
fn a_filter_after_dashes_keeps_framekits_padding_and_palette() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 65, 33);
    // Alone, the user's -vf would replace framekit's padding: odd sides, and libx264 fails.
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "flipped.mp4",
            "--",
            "-vf",
            "hflip",
        ],
    );
    assert_video(&dir.path().join("flipped.mp4"), None, (66, 34), 4);
    // A size-changing filter: the report gives the video's real size.
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "half.gif",
            "--json",
            "--",
            "-vf",
            "scale=32:-1",
        ],
    );
    // 65x33 scaled to 32 wide: 16 high (32 * 33 / 65 = 16.2).
    assert_video(
        &dir.path().join("half.gif"),
        Some(&output.stdout),
        (32, 16),
        4,
    );
}

/// imageio-ffmpeg ships no ffprobe: a filter after `--` that changes the size is still
/// reported with the video's own size, which ffmpeg itself then reads from the file.
#[cfg(unix)]
#[test]
fn without_ffprobe_the_size_a_filter_gave_is_still_reported() {
    use crate::support::stand_in::installed;
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 48, 16);
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "big.mp4", "--json"])
        .args(["--", "-vf", "scale=iw*3:ih*3"])
        .env("PATH", &bin)
        .assert()
        .success()
        .stderr("");
    let report: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let facts = probe(&dir.path().join("big.mp4"), "v:0", "width,height");
    assert_eq!(
        (facts["width"].as_str(), facts["height"].as_str()),
        ("144", "48")
    );
    assert_eq!(
        (report["width"].as_u64(), report["height"].as_u64()),
        (Some(144), Some(48))
    );
}
