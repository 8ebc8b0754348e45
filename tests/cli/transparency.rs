//! Transparency kept where the format holds it (VP9 WebM, WebP, APNG, ProRes 4444), and
//! composited onto the background where it cannot (H.264), never black from the (0,0,0,0)
//! that PIL writes under transparent pixels. Every output decoded; WebP and APNG also by an
//! independent decoder (the `image` crate), which is the only one for animated WebP.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::frames::{transparent_frame_points, write_frame, write_transparent_frame};
use crate::support::images::{animation_frames, plays};
use crate::support::run::{fails, framekit_ok, stderr};
use crate::support::video::{count_frames, probe, rgb, rgba};

const W: u32 = 96;
const H: u32 = 32;

/// Four frames in `dir/frames`: PIL-style transparent ones, and one opaque RGB frame
/// (index 2) among them, as a folder of plots with one saved without transparent=True.
fn frames(dir: &Path) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..4 {
        let path = frames.join(format!("plot_{index}.png"));
        if index == 2 {
            write_frame(&path, index, W, H);
        } else {
            write_transparent_frame(&path, index, W, H);
        }
    }
    frames
}

/// The pixel at (x, y) of frame `frame` of raw `channels`-byte pixels of W x H frames.
fn pixel(raw: &[u8], channels: usize, frame: usize, (x, y): (u32, u32)) -> Vec<u8> {
    let at = frame * (W * H) as usize * channels + ((y * W + x) as usize) * channels;
    raw[at..at + channels].to_vec()
}

fn near(got: &[u8], want: &[u8], tolerance: u8) -> bool {
    got.iter()
        .zip(want)
        .all(|(g, w)| g.abs_diff(*w) <= tolerance)
}

/// The RGBA a transparent frame's point shows after compositing onto `background`.
fn blended(rgba: [u8; 4], background: [u8; 3]) -> [u8; 3] {
    let a = u32::from(rgba[3]);
    std::array::from_fn(|c| {
        ((u32::from(rgba[c]) * a + u32::from(background[c]) * (255 - a) + 127) / 255) as u8
    })
}

#[test]
fn h264_shows_transparent_frames_on_white_never_black_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path());
    let output = framekit_ok(dir.path(), &["stitch", "frames", "-o", "plots.mp4"]);
    let said = stderr(&output);
    assert_eq!(said.matches("warning:").count(), 1, "{said}");
    assert!(
        said.contains(&crate::support::paths::native(
            "frames/plot_0.png has transparent pixels, which an MP4 cannot hold"
        )),
        "{said}"
    );
    assert!(said.contains(".webm, .gif, .webp, .apng"), "{said}");
    assert_message!("flattened_warning", &said);
    let video = dir.path().join("plots.mp4");
    assert_eq!(count_frames(&video), 4);
    let decoded = rgb(&video);
    for frame in [0, 1, 3] {
        for (point, want) in transparent_frame_points(W, H) {
            let got = pixel(&decoded, 3, frame, point);
            assert!(
                near(&got, &blended(want, [255, 255, 255]), 6),
                "frame {frame} at {point:?}: {got:?} for {want:?} on white"
            );
        }
    }
}

#[test]
fn background_picks_the_colour_and_flattens_even_where_alpha_could_stay() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path());
    for output in ["blue.mp4", "blue.webm"] {
        let output_said = framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--background", "#336699"],
        );
        assert!(
            !stderr(&output_said).contains("warning"),
            "asked for: no warning"
        );
        let decoded = rgba(&dir.path().join(output));
        for (point, want) in transparent_frame_points(W, H) {
            let got = pixel(&decoded, 4, 0, point);
            let expected = blended(want, [0x33, 0x66, 0x99]);
            assert!(
                near(&got[..3], &expected, 8) && got[3] == 255,
                "{output} at {point:?}: {got:?}, want {expected:?} opaque"
            );
        }
    }
}

#[test]
fn webm_keeps_the_alpha_channel() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path());
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "alpha.webm"]);
    let video = dir.path().join("alpha.webm");
    assert_eq!(probe(&video, "v:0", "width")["width"], W.to_string());
    let decoded = rgba(&video);
    for frame in [0, 1, 3] {
        for (point, want) in transparent_frame_points(W, H) {
            let got = pixel(&decoded, 4, frame, point);
            assert!(
                got[3].abs_diff(want[3]) <= 4,
                "frame {frame} at {point:?}: alpha {} for {}",
                got[3],
                want[3]
            );
        }
    }
    // The opaque frame stays opaque.
    assert_eq!(pixel(&decoded, 4, 2, (W / 24, H / 4))[3], 255);
}

#[test]
fn prores_4444_in_mov_keeps_alpha_for_editors() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path());
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "-o", "edit.mov", "--codec", "prores", "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["codec"], "prores_ks");
    let video = dir.path().join("edit.mov");
    let facts = probe(&video, "v:0", "codec_name,pix_fmt,color_space");
    assert_eq!(facts["codec_name"], "prores");
    assert!(facts["pix_fmt"].starts_with("yuva444p"), "{facts:?}");
    assert_eq!(facts["color_space"], "bt709");
    let decoded = rgba(&video);
    for (point, want) in transparent_frame_points(W, H) {
        let got = pixel(&decoded, 4, 0, point);
        assert!(
            got[3].abs_diff(want[3]) <= 2,
            "{point:?}: {got:?} for {want:?}"
        );
        if want[3] == 255 {
            assert!(
                near(&got[..3], &want[..3], 4),
                "{point:?}: {got:?} for {want:?}"
            );
        }
    }
}

#[test]
fn webp_and_apng_keep_alpha_odd_sizes_every_frame_and_loop_forever() {
    let dir = tempfile::tempdir().unwrap();
    // 95x33: odd, which neither format pads.
    let frames = dir.path().join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..5 {
        write_transparent_frame(&frames.join(format!("f_{index}.png")), index, 95, 33);
    }
    for (output, extra) in [
        ("a.webp", &[][..]),
        ("exact.webp", &["--lossless"][..]),
        ("a.apng", &[]),
        ("also.apng", &["--lossless"]),
    ] {
        let args = [
            &["stitch", "frames", "-o", output, "--fps", "10", "--json"][..],
            extra,
        ]
        .concat();
        let said = framekit_ok(dir.path(), &args);
        let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
        assert_eq!(
            (report["width"].clone(), report["height"].clone()),
            (95.into(), 33.into())
        );
        assert_eq!(report["frames"], 5);
        let path = dir.path().join(output);
        assert_eq!(plays(&path), None, "{output} loops forever");
        let shown = animation_frames(&path);
        assert_eq!(shown.len(), 5, "{output}");
        let exact = output.starts_with("exact") || output.ends_with(".apng");
        for frame in &shown {
            assert_eq!(frame.image.dimensions(), (95, 33), "{output}");
            assert_eq!(frame.delay.as_millis(), 100, "{output}: --fps 10");
            for ((x, y), want) in transparent_frame_points(95, 33) {
                let got = frame.image.get_pixel(x, y).0;
                assert!(got[3].abs_diff(want[3]) <= 2, "{output} ({x},{y}): {got:?}");
                if want[3] > 0 {
                    let tolerance = if exact { 0 } else { 12 };
                    assert!(
                        near(&got[..3], &want[..3], tolerance),
                        "{output} ({x},{y}): {got:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn apng_frames_are_exactly_the_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let frames = crate::support::frames::write_frames(dir.path(), 4, 96, 32);
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "exact.apng"]);
    let shown = animation_frames(&dir.path().join("exact.apng"));
    for (index, frame) in shown.iter().enumerate() {
        let want = crate::support::frames::frame_pixels(index as u32, 96, 32);
        let got: Vec<u8> = frame
            .image
            .pixels()
            .flat_map(|p| [p.0[0], p.0[1], p.0[2]])
            .collect();
        assert_eq!(got, want, "frame {index}");
    }
    drop(frames);
}

#[test]
fn options_that_cannot_work_with_transparency_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path());
    for (name, args, words) in [
        (
            "background_not_a_colour",
            &["-o", "a.mp4", "--background", "mauve-ish"][..],
            &["--background \"mauve-ish\" is not a colour"][..],
        ),
        (
            "background_with_lossless",
            &["-o", "a.mkv", "--background", "white", "--lossless"],
            &["--lossless keeps every pixel as it is, so it cannot composite onto --background"],
        ),
        (
            "prores_outside_mov",
            &["-o", "a.mp4", "--codec", "prores"],
            &["--codec prores needs a .mov output, not a.mp4"],
        ),
        (
            "crf_with_webp",
            &["-o", "a.webp", "--crf", "20"],
            &[
                "--crf and --preset do not apply to WebP output",
                "--lossless",
            ],
        ),
    ] {
        let all = [&["stitch", "frames"][..], args].concat();
        let message = fails(dir.path(), &all, 2, words);
        assert_message!(name, &message);
    }
}
