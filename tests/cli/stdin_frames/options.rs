//! Stitch's options on a stream: --hold-last, --pad and --fit on frames of several sizes,
//! --max-size, GIF and WebP (decoded by the `image` crate too), --plays.

use super::*;
use crate::support::images::{animation_frames, index_of, plays};
use crate::support::video::{container_duration, count_frames, indices};

#[test]
fn hold_last_shows_the_last_streamed_frame_longer() {
    let dir = tempfile::tempdir().unwrap();
    let input = stream(5, |i| png(i, 96, 32));
    let args = [
        "stitch",
        "--stdin-frames",
        "--fps",
        "10",
        "--hold-last",
        "2",
        "-o",
        "h.mkv",
    ];
    ok_with_stdin(dir.path(), &args, &input);
    let video = dir.path().join("h.mkv");
    assert_eq!(indices(&video, 96, 32), [0, 1, 2, 3, 4]);
    let seconds = container_duration(&video);
    assert!(
        (seconds - 2.4).abs() < 0.05,
        "4 frames of 0.1 s, then 2 s: {seconds}"
    );
}

#[test]
fn pad_and_fit_take_frames_of_several_sizes() {
    let dir = tempfile::tempdir().unwrap();
    // As matplotlib's bbox_inches="tight" makes them: a few pixels apart.
    let sizes = [(200, 100), (203, 98), (199, 101)];
    let input: Vec<u8> = (0..3u32)
        .flat_map(|i| {
            let (w, h) = sizes[i as usize];
            png(i, w, h)
        })
        .collect();
    let args = [
        "stitch",
        "--stdin-frames",
        "--pad",
        "white",
        "-o",
        "p.mp4",
        "--json",
    ];
    let output = ok_with_stdin(dir.path(), &args, &input);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (report["width"].as_u64(), report["height"].as_u64()),
        (Some(204), Some(102))
    );
    assert_eq!(count_frames(&dir.path().join("p.mp4")), 3);
    let args = [
        "stitch",
        "--stdin-frames",
        "--fit",
        "400x200",
        "-o",
        "f.mp4",
    ];
    ok_with_stdin(dir.path(), &args, &input);
    let video = dir.path().join("f.mp4");
    assert_eq!(count_frames(&video), 3);
    assert_eq!(indices(&video, 400, 200), [0, 1, 2]);
}

#[test]
fn max_size_encodes_the_kept_stream_again_until_it_fits() {
    let dir = tempfile::tempdir().unwrap();
    let input = stream(30, |i| png(i, 320, 240));
    let args = [
        "stitch",
        "--stdin-frames",
        "--max-size",
        "60KB",
        "-o",
        "m.mp4",
    ];
    ok_with_stdin(dir.path(), &args, &input);
    let video = dir.path().join("m.mp4");
    assert!(fs::metadata(&video).unwrap().len() <= 60_000);
    assert_eq!(indices(&video, 320, 240), (0..30).collect::<Vec<_>>());
    assert_eq!(names(dir.path()), ["m.mp4"], "the spool is gone");
}

#[test]
fn gif_and_webp_from_a_stream_play_every_frame_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = stream(6, |i| png(i, 121, 41));
    for name in ["s.gif", "s.webp"] {
        let args = ["stitch", "--stdin-frames", "--plays", "2", "-o", name];
        ok_with_stdin(dir.path(), &args, &input);
        let shown = animation_frames(&dir.path().join(name));
        assert_eq!(
            shown.iter().map(index_of).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4, 5],
            "{name}"
        );
        assert_eq!(plays(&dir.path().join(name)), Some(2), "{name}");
    }
}
