//! Frames with embedded ICC profiles come out as a colour-managed viewer shows them: each
//! chart patch of the decoded output within 4 levels of the exact conversion of the frame's
//! own pixels to sRGB. sRGB-tagged frames stay as untagged ones; profiles framekit cannot
//! use are named in a warning; frames of two profiles are refused, naming both.

mod chart;
mod problems;
mod tagging;

use std::fs;
use std::path::Path;

use crate::support::images::animation_frames;
use crate::support::run::{framekit_ok, stderr};
use crate::support::video::{ffmpeg, fps_mode};
use chart::{Space, ADOBE_RGB, DISPLAY_P3, HEIGHT, WIDTH};

/// The most a patch may be off, in levels of any channel.
const TOLERANCE: i32 = 4;

/// The RGB pixels of every frame of `output`, decoded with BT.709's matrix and TV range
/// for YUV video (said explicitly, as players that assume BT.709 decode), plainly for RGB.
fn decoded_rgb(output: &Path) -> Vec<u8> {
    let mut args = vec!["-i", output.to_str().unwrap()];
    let video = matches!(
        output.extension().and_then(|e| e.to_str()),
        Some("mp4" | "mkv" | "mov" | "webm")
    );
    if video {
        args.extend([
            "-vf",
            "scale=in_color_matrix=bt709:in_range=tv,format=rgb24",
        ]);
    }
    args.extend([
        fps_mode(),
        "passthrough",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
    ]);
    ffmpeg(&args)
}

/// Every frame of an animation (GIF, WebP, APNG) as the `image` crate shows it, RGB, or
/// nothing for a video: a second decoder, that follows each format's own rules.
fn independently_decoded_rgb(output: &Path) -> Vec<Vec<u8>> {
    match output.extension().and_then(|e| e.to_str()) {
        Some("gif" | "webp" | "apng") => {
            let mut images: Vec<image::RgbaImage> = animation_frames(output)
                .into_iter()
                .map(|shown| shown.image)
                .collect();
            if images.is_empty() {
                // libwebp merges equal frames: two equal ones make a still WebP.
                images.push(image::open(output).unwrap().to_rgba8());
            }
            images
                .iter()
                .map(|image| image.pixels().flat_map(|p| [p[0], p[1], p[2]]).collect())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The patch centres of `frame` (the chart's size).
fn patch_colours(frame: &[u8]) -> Vec<[u8; 3]> {
    chart::centres()
        .into_iter()
        .map(|(x, y)| {
            let at = ((y * WIDTH + x) * 3) as usize;
            [frame[at], frame[at + 1], frame[at + 2]]
        })
        .collect()
}

/// The chart's patches as stored in `frame` (what ffmpeg decodes of it: a JPEG's values are
/// a level or two from the chart's).
fn stored_patches(frame: &Path) -> Vec<[u8; 3]> {
    patch_colours(&decoded_rgb(frame))
}

/// Every frame of `output` shows each patch of `stored` (in `space`) within the tolerance
/// of a colour-managed viewer; the largest difference, in levels.
fn assert_as_viewers_show(output: &Path, stored: &[[u8; 3]], space: &Space) -> i32 {
    let frames = decoded_rgb(output);
    let size = (WIDTH * HEIGHT * 3) as usize;
    assert!(
        !frames.is_empty() && frames.len() % size == 0,
        "whole frames"
    );
    let mut frames: Vec<Vec<u8>> = frames.chunks(size).map(<[u8]>::to_vec).collect();
    frames.extend(independently_decoded_rgb(output));
    let mut worst = 0;
    for frame in &frames {
        for (patch, (got, stored)) in patch_colours(frame).iter().zip(stored).enumerate() {
            let want = chart::as_srgb(space, *stored);
            let off = (0..3)
                .map(|c| (i32::from(got[c]) - i32::from(want[c])).abs())
                .max()
                .unwrap();
            assert!(
                off <= TOLERANCE,
                "{}: patch {patch} stored as {stored:?} shows as {got:?}, a colour-managed \
                 viewer as {want:?}",
                output.display()
            );
            worst = worst.max(off);
        }
    }
    worst
}

/// Writes `count` copies of `bytes` as `dir/frames/chart_N.EXT`.
fn write_frames(dir: &Path, bytes: &[u8], count: usize, extension: &str) {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        fs::write(frames.join(format!("chart_{index}.{extension}")), bytes).unwrap();
    }
}

/// The `--json` report of a stitch of `dir/frames` to `output`.
fn stitch_json(dir: &Path, output: &str, extra: &[&str]) -> serde_json::Value {
    let args = [&["stitch", "frames", "-o", output, "--json"][..], extra].concat();
    let run = framekit_ok(dir, &args);
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn display_p3_pngs_are_converted_to_bt709_as_viewers_show_them() {
    let dir = tempfile::tempdir().unwrap();
    let png = tagging::png_with_profile(&chart::png_bytes(), &tagging::display_p3());
    write_frames(dir.path(), &png, 3, "png");
    let report = stitch_json(dir.path(), "p3.mp4", &[]);
    assert_eq!(report["colour_profile"], "Display P3", "{report}");
    let stored = stored_patches(&dir.path().join("frames/chart_0.png"));
    let worst = assert_as_viewers_show(&dir.path().join("p3.mp4"), &stored, &DISPLAY_P3);
    eprintln!("Display P3 PNG -> H.264: at most {worst} levels off");
}

#[test]
fn adobe_rgb_jpegs_with_a_profile_over_two_segments_are_converted() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = chart::jpeg_bytes(dir.path());
    let tagged = tagging::jpeg_with_profile(&jpeg, &tagging::adobe_rgb(), 2);
    write_frames(dir.path(), &tagged, 3, "jpg");
    let report = stitch_json(dir.path(), "adobe.mp4", &[]);
    assert_eq!(report["colour_profile"], "Adobe RGB 1998", "{report}");
    let stored = stored_patches(&dir.path().join("frames/chart_0.jpg"));
    let worst = assert_as_viewers_show(&dir.path().join("adobe.mp4"), &stored, &ADOBE_RGB);
    eprintln!("Adobe RGB JPEG -> H.264: at most {worst} levels off");
}

#[test]
fn animations_and_prores_hold_srgb_converted_from_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let png = tagging::png_with_profile(&chart::png_bytes(), &tagging::display_p3());
    write_frames(dir.path(), &png, 2, "png");
    let stored = stored_patches(&dir.path().join("frames/chart_0.png"));
    for (output, extra) in [
        ("p3.apng", &[][..]),
        ("p3.gif", &[][..]),
        ("p3.webp", &[][..]),
        ("p3.mov", &["--codec", "prores"][..]),
    ] {
        let report = stitch_json(dir.path(), output, extra);
        assert_eq!(report["colour_profile"], "Display P3", "{output}: {report}");
        let worst = assert_as_viewers_show(&dir.path().join(output), &stored, &DISPLAY_P3);
        eprintln!("Display P3 PNG -> {output}: at most {worst} levels off");
    }
    // The APNG holds sRGB pixels and no profile that a viewer would apply a second time.
    let apng = fs::read(dir.path().join("p3.apng")).unwrap();
    assert!(!apng.windows(4).any(|w| w == b"iCCP"), "no iCCP chunk");
}
