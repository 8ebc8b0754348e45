//! Colours right on every player: video is converted to BT.709 and tagged so, and flat
//! patches of matplotlib's ten colours come back within 4 levels whether the player follows
//! the tags or assumes BT.709 (as browsers and QuickTime do for untagged HD video).

use std::fs;
use std::path::Path;

use crate::support::frames::{tab10_centres, write_tab10, TAB10};
use crate::support::run::framekit_ok;
use crate::support::video::{ffmpeg, probe, rgb_as_players_show};

/// Within `tolerance` levels per channel of the tab10 colours, at every patch's centre, in
/// every frame, as both kinds of player show `video` (of 640x360).
fn assert_tab10(video: &Path, tolerance: i32) {
    for (player, rgb) in ["follows the tags", "assumes BT.709"]
        .iter()
        .zip(rgb_as_players_show(video))
    {
        let frame_size = 640 * 360 * 3;
        assert_eq!(rgb.len() % frame_size, 0, "640x360 frames");
        for frame in rgb.chunks(frame_size) {
            for ((x, y), want) in tab10_centres().into_iter().zip(TAB10) {
                let at = ((y * 640 + x) * 3) as usize;
                let got = &frame[at..at + 3];
                let off = (0..3)
                    .map(|c| (i32::from(got[c]) - i32::from(want[c])).abs())
                    .max()
                    .unwrap();
                assert!(
                    off <= tolerance,
                    "{}: a player that {player} shows {want:?} as {got:?}",
                    video.display()
                );
            }
        }
    }
}

/// Three frames of tab10 patches in `dir/frames`, as PNG, or as the JPEGs a camera or
/// ffmpeg writes (full-range BT.601, 4:2:0).
fn tab10_frames(dir: &Path, jpeg: bool) -> &'static str {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    let png = dir.join("tab10.png");
    write_tab10(&png);
    for index in 0..3 {
        if jpeg {
            let jpg = frames.join(format!("patch_{index}.jpg"));
            ffmpeg(&[
                "-i",
                png.to_str().unwrap(),
                "-q:v",
                "1",
                jpg.to_str().unwrap(),
            ]);
        } else {
            fs::copy(&png, frames.join(format!("patch_{index}.png"))).unwrap();
        }
    }
    if jpeg {
        "*.jpg"
    } else {
        "*.png"
    }
}

#[test]
fn png_frames_keep_their_colours_in_every_video_format() {
    let dir = tempfile::tempdir().unwrap();
    let glob = tab10_frames(dir.path(), false);
    for (output, extra) in [
        ("a.mp4", &[][..]),
        ("a.m4v", &[]),
        ("a.mov", &[]),
        ("a.mkv", &[]),
        ("a.webm", &[]),
        ("hevc.mp4", &["--codec", "libx265"][..]),
    ] {
        let args = [
            &["stitch", "frames", "--glob", glob, "-o", output][..],
            extra,
        ]
        .concat();
        framekit_ok(dir.path(), &args);
        let video = dir.path().join(output);
        assert_tab10(&video, 4);
        let tags = probe(
            &video,
            "v:0",
            "color_space,color_primaries,color_transfer,color_range",
        );
        for (key, value) in [
            ("color_space", "bt709"),
            ("color_primaries", "bt709"),
            ("color_transfer", "bt709"),
            ("color_range", "tv"),
        ] {
            assert_eq!(tags[key], value, "{output}: {tags:?}");
        }
    }
}

#[test]
fn jpeg_frames_are_converted_to_bt709_too() {
    let dir = tempfile::tempdir().unwrap();
    let glob = tab10_frames(dir.path(), true);
    for output in ["a.mp4", "a.webm"] {
        framekit_ok(
            dir.path(),
            &["stitch", "frames", "--glob", glob, "-o", output],
        );
        assert_tab10(&dir.path().join(output), 4);
    }
}

#[test]
fn colours_hold_through_width_and_padding_to_even() {
    let dir = tempfile::tempdir().unwrap();
    tab10_frames(dir.path(), false);
    // --width 641 makes an odd width, padded by one; the patches keep their colours.
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "w.mp4", "--width", "640"],
    );
    assert_tab10(&dir.path().join("w.mp4"), 4);
}
