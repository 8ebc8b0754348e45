//! `--pad`: frames of different sizes centred on the largest, a warning for a frame far
//! larger than the rest, odd JPEGs and photos turned upright, and the pad's colour.

use super::*;

#[test]
fn pad_centres_frames_of_different_sizes_on_the_largest() {
    let dir = tempfile::tempdir().unwrap();
    // What matplotlib's bbox_inches="tight" makes: sizes a few pixels apart.
    let frames = write_frames(dir.path(), 3, 64, 32);
    write_kind_frame(&frames.join("frame_003.png"), 3, 58, 27, Kind::Gray8);
    write_kind_frame(&frames.join("frame_004.png"), 4, 63, 31, Kind::Rgb8);
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "padded.mp4",
            "--pad",
            "white",
            "--json",
        ],
    );
    let video = dir.path().join("padded.mp4");
    assert_video(&video, Some(&output.stdout), (64, 32), 5);
    assert!(
        stderr(&output).is_empty(),
        "sizes near each other: no warning"
    );
    // Frame 3 (58x27, its own pixels black or white bars) sits in the middle of white.
    let gray = gray_frame(&video, 3);
    assert!(gray[0] > 200, "the corner is the pad's white: {}", gray[0]);
}

#[test]
fn pad_warns_of_a_frame_far_larger_than_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 40, 24);
    write_frame(&frames.join("zz_photo.png"), 9, 200, 120);
    let warned = native("frames/zz_photo.png is 200x120, far larger than most frames (40x24)");
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "p.mp4", "--pad", "white"])
        .assert()
        .success()
        .stderr(contains(warned));
    assert_message!("outsized_frame_warning", stderr(run.get_output()));
    assert_video(&dir.path().join("p.mp4"), None, (200, 120), 4);
}

#[test]
fn pad_takes_portrait_and_landscape_photos_of_odd_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // 4:2:0 JPEGs of odd size, one shot in portrait: ffmpeg's pad rounds odd sizes down for
    // 4:2:0, so the canvas must be even or the portrait one would not fit.
    // The portrait one last: after it, ffmpeg 6+ would turn the rest too (see
    // real_inputs::fit_puts_portrait_and_landscape_photos_in_one_box_with_every_frame).
    for (name, orientation) in [("a.jpg", None), ("b.jpg", None), ("c.jpg", Some(6))] {
        let path = frames.join(name);
        let png = dir.path().join("source.png");
        write_kind_frame(&png, 1, 95, 33, Kind::Rgb8);
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            "yuvj420p",
            path.to_str().unwrap(),
        ]);
        if let Some(value) = orientation {
            let tagged = with_exif_orientation(&fs::read(&path).unwrap(), value);
            fs::write(&path, tagged).unwrap();
        }
    }
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "--glob",
            "*.jpg",
            "-o",
            "mixed.mp4",
            "--pad",
            "black",
        ],
    );
    assert_video(&dir.path().join("mixed.mp4"), None, (96, 96), 3);
}

#[test]
fn padding_keeps_the_last_column_of_odd_jpegs_and_a_users_crop() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // A white JPEG (4:2:0) of odd width with a black last column: ffmpeg's pad filter, in
    // whole chroma blocks, would drop that column and pad black.
    let png = dir.path().join("source.png");
    let (width, height) = (33u32, 17u32);
    let pixels: Vec<u8> = (0..height)
        .flat_map(|_| (0..width).map(move |x| if x == width - 1 { 0 } else { 255 }))
        .collect();
    let file = fs::File::create(&png).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    for name in ["a.jpg", "b.jpg"] {
        let jpg = frames.join(name);
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            "yuvj420p",
            "-q:v",
            "1",
            jpg.to_str().unwrap(),
        ]);
    }
    framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "*.jpg", "-o", "j.mp4", "--crf", "0",
        ],
    );
    let video = dir.path().join("j.mp4");
    assert_video(&video, None, (34, 18), 2);
    let gray = gray_frame(&video, 0);
    for y in 0..16 {
        let row = &gray[y * 34..(y + 1) * 34];
        assert!(
            row[10] > 200 && row[32] < 60,
            "row {y}: the last column is still black: {row:?}"
        );
        assert!(
            row[33] < 60,
            "row {y}: the added column repeats it: {row:?}"
        );
    }
    // A crop to an odd width on even frames still makes an even video, from real pixels.
    write_frames(dir.path(), 3, 64, 48);
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "c.mp4",
            "--",
            "-vf",
            "crop=31:24:0:0",
        ],
    );
    assert_video(&dir.path().join("c.mp4"), None, (32, 24), 3);
}

#[test]
fn pad_white_is_white_on_gray_plots_and_size_options_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    write_kind_frame(&frames.join("a.png"), 1, 64, 32, Kind::Gray8);
    write_kind_frame(&frames.join("b.png"), 2, 48, 24, Kind::Gray8);
    framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "-o", "g.mp4", "--pad", "white", "--crf", "0",
        ],
    );
    let gray = gray_frame(&dir.path().join("g.mp4"), 1);
    assert!(
        gray[0] >= 250,
        "the pad around the smaller frame is white: {}",
        gray[0]
    );
    // `-s` after -- sets the size: the report reads it from the video.
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "a.png", "-o", "s.mp4", "--json", "--", "-s", "320x240",
        ],
    );
    assert_video(
        &dir.path().join("s.mp4"),
        Some(&output.stdout),
        (320, 240),
        1,
    );
}
