//! Equal frames in a row, as a plot that does not change for a while gives them: libwebp
//! stores them once with their durations added (ffmpeg 7 and later report the whole
//! animation as one frame, so framekit counts what the file shows), and an animation of
//! one picture as a still image.

use super::*;

#[test]
fn equal_frames_in_a_row_show_for_as_long_as_all_of_them_in_webp() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 96, 32);
    // 0, 1, 1, 1, 2: frame 1 held for three frames.
    let copy = |from: &str, to: &str| fs::copy(frames.join(from), frames.join(to)).unwrap();
    copy("frame_002.png", "frame_004.png");
    copy("frame_001.png", "frame_002.png");
    copy("frame_001.png", "frame_003.png");
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "held.webp", "--fps", "10"],
    );
    // Each shown frame repeated for as many tenths of a second as it shows.
    let mut shown = Vec::new();
    for frame in animation_frames(&dir.path().join("held.webp")) {
        let tenths = (frame.delay.as_secs_f64() * 10.0).round() as usize;
        shown.extend(std::iter::repeat_n(index_of(&frame), tenths));
    }
    assert_eq!(shown, [0, 1, 1, 1, 2]);
}

#[test]
fn an_animation_of_one_picture_is_made_and_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 1, 96, 32);
    for n in 1..=2 {
        fs::copy(
            frames.join("frame_000.png"),
            frames.join(format!("frame_00{n}.png")),
        )
        .unwrap();
    }
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "same.webp"]);
    let path = dir.path().join("same.webp");
    // A still WebP or an animation: the picture shows, whatever libwebp chose.
    let picture = image::open(&path).unwrap().to_rgb8().into_raw();
    assert_eq!(picture.len(), 96 * 32 * 3);
    let off: f64 = picture
        .iter()
        .zip(frame_pixels(0, 96, 32))
        .map(|(a, b)| f64::from(a.abs_diff(b)))
        .sum::<f64>()
        / picture.len() as f64;
    assert!(off < 30.0, "{off} levels off on average");
}
