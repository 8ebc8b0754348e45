//! Whole images on standard input: PNG (RGB, and PIL's RGBA with one opaque frame among
//! transparent ones), JPEG, PPM and PAM, at an odd size; order, count, size, colours and
//! alpha read back from the output.

use super::*;
use crate::support::frames::transparent_frame_points;
use crate::support::images::{animation_frames, index_of};
use crate::support::video::{count_frames, indices, rgb, rgba};

#[test]
fn a_png_stream_of_odd_size_is_every_frame_in_order_padded_to_even() {
    let dir = tempfile::tempdir().unwrap();
    let input = stream(12, |i| png(i, 641, 481));
    let args = ["stitch", "--stdin-frames", "-o", "plots.mp4", "--json"];
    let output = ok_with_stdin(dir.path(), &args, &input);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["frames"], 12);
    assert_eq!(
        (report["width"].as_u64(), report["height"].as_u64()),
        (Some(642), Some(482))
    );
    let video = dir.path().join("plots.mp4");
    assert_eq!(count_frames(&video), 12);
    assert_eq!(indices(&video, 642, 482), (0..12).collect::<Vec<_>>());
    assert_eq!(names(dir.path()), ["plots.mp4"], "the spool is gone");
}

#[test]
fn jpeg_and_ppm_streams_are_encoded_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for (name, input) in [
        ("jpeg.mp4", stream(6, |i| jpeg(i, 320, 240))),
        ("ppm.mp4", stream(6, |i| ppm(i, 641, 481))),
    ] {
        ok_with_stdin(
            dir.path(),
            &["stitch", "--stdin-frames", "-o", name],
            &input,
        );
        let video = dir.path().join(name);
        let (width, height) = if name == "ppm.mp4" {
            (642, 482)
        } else {
            (320, 240)
        };
        assert_eq!(
            indices(&video, width, height),
            (0..6).collect::<Vec<_>>(),
            "{name}"
        );
    }
}

/// PIL's RGBA frames, (0,0,0,0) under what is not drawn, with one opaque RGB frame (2).
fn plots(width: u32, height: u32) -> Vec<u8> {
    stream(4, |i| match i {
        2 => png(i, width, height),
        _ => transparent_png(i, width, height),
    })
}

#[test]
fn transparency_is_composited_in_mp4_and_kept_in_webm_mov_and_apng() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (96, 32);
    let input = plots(w, h);
    let at = |raw: &[u8], channels: usize, frame: usize, (x, y): (u32, u32)| {
        let start = (frame * (w * h) as usize + (y * w + x) as usize) * channels;
        raw[start..start + channels].to_vec()
    };
    ok_with_stdin(
        dir.path(),
        &["stitch", "--stdin-frames", "-o", "a.mp4"],
        &input,
    );
    let flat = rgb(&dir.path().join("a.mp4"));
    let [(transparent, _), ..] = transparent_frame_points(w, h);
    let white = at(&flat, 3, 0, transparent);
    assert!(
        white.iter().all(|&v| v > 240),
        "on white, never black: {white:?}"
    );
    for name in ["a.webm", "a.mov"] {
        let mut args = vec!["stitch", "--stdin-frames", "-o", name];
        if name == "a.mov" {
            args.extend(["--codec", "prores"]);
        }
        ok_with_stdin(dir.path(), &args, &input);
        let kept = rgba(&dir.path().join(name));
        assert!(at(&kept, 4, 0, transparent)[3] < 16, "{name}: alpha kept");
        assert!(
            at(&kept, 4, 2, transparent)[3] > 240,
            "{name}: the opaque frame"
        );
    }
    ok_with_stdin(
        dir.path(),
        &["stitch", "--stdin-frames", "-o", "a.apng"],
        &input,
    );
    let shown = animation_frames(&dir.path().join("a.apng"));
    assert_eq!(shown.len(), 4);
    let (x, y) = transparent;
    assert_eq!(shown[0].image.get_pixel(x, y).0[3], 0, "APNG keeps alpha");
    assert_eq!(shown[2].image.get_pixel(x, y).0[3], 255);
    // (Transparent frames draw their bars black on nothing: the opaque one's are read.)
    assert_eq!(index_of(&shown[2]), 2);
}

#[test]
fn a_pam_stream_with_alpha_keeps_it_in_webm() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (65, 33);
    let input = stream(3, |i| {
        let mut bytes =
            format!("P7\nWIDTH {w}\nHEIGHT {h}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n")
                .into_bytes();
        for (n, rgb) in frame_pixels(i, w, h).chunks(3).enumerate() {
            // The left half transparent, the right half opaque.
            let alpha = if n as u32 % w < w / 2 { 0 } else { 255 };
            bytes.extend([rgb[0], rgb[1], rgb[2], alpha]);
        }
        bytes
    });
    ok_with_stdin(
        dir.path(),
        &["stitch", "--stdin-frames", "-o", "pam.webm"],
        &input,
    );
    let video = dir.path().join("pam.webm");
    assert_eq!(count_frames(&video), 3);
    // VP9 takes odd sizes: not padded.
    let kept = rgba(&video);
    let pixel = |x: u32, y: u32| kept[((y * w + x) * 4 + 3) as usize];
    let (left, right) = (pixel(2, 20), pixel(60, 20));
    assert!(left < 16 && right > 240, "alpha kept: {left}, {right}");
}
