//! Frames whose profile framekit leaves alone (sRGB, or one it cannot use: said in a
//! warning naming the file), frames of two profiles (refused, naming both), and --lossless
//! (the pixels kept, the profile named).

use std::fs;

use super::*;
use crate::support::run::{fails, framekit};

#[test]
fn srgb_tagged_frames_are_encoded_as_untagged_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plain = chart::png_bytes();
    write_frames(dir.path(), &plain, 2, "png");
    let untagged = stitch_json(dir.path(), "plain.mp4", &[]);
    assert_eq!(untagged["colour_profile"], serde_json::Value::Null);
    let tagged = tagging::png_with_profile(&plain, &tagging::srgb());
    write_frames(dir.path(), &tagged, 2, "png");
    let report = stitch_json(dir.path(), "srgb.mp4", &[]);
    assert_eq!(
        report["colour_profile"],
        serde_json::Value::Null,
        "{report}"
    );
    assert_eq!(report["warnings"], serde_json::json!([]));
    assert_eq!(
        decoded_rgb(&dir.path().join("srgb.mp4")),
        decoded_rgb(&dir.path().join("plain.mp4")),
        "the same pixels"
    );
}

#[test]
fn a_profile_framekit_cannot_use_is_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let plain = chart::png_bytes();
    write_frames(dir.path(), &plain, 2, "png");
    // A profile cut short, whole in its chunk (ffmpeg's decoder refuses a broken zlib
    // stream, so the image's own decoding names that one).
    let p3 = tagging::display_p3();
    let broken = tagging::png_with_profile(&plain, &p3[..p3.len() / 2]);
    fs::write(dir.path().join("frames/chart_0.png"), &broken).unwrap();
    let gray = tagging::png_with_profile(&plain, &tagging::gray());
    fs::write(dir.path().join("frames/chart_1.png"), &gray).unwrap();
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "kept.mp4"])
        .output()
        .unwrap();
    let said = stderr(&run);
    assert!(run.status.success(), "{said}");
    assert!(
        said.contains("chart_0.png has a damaged ICC profile ("),
        "{said}"
    );
    assert!(
        said.contains("chart_1.png carries a gray ICC profile"),
        "{said}"
    );
    assert!(said.contains("encoded as stored, as if sRGB"), "{said}");
}

#[test]
fn frames_of_two_profiles_are_refused_naming_one_of_each() {
    let dir = tempfile::tempdir().unwrap();
    let plain = chart::png_bytes();
    write_frames(dir.path(), &plain, 3, "png");
    let p3 = tagging::png_with_profile(&plain, &tagging::display_p3());
    fs::write(dir.path().join("frames/chart_2.png"), p3).unwrap();
    fails(
        dir.path(),
        &["stitch", "frames", "-o", "mixed.mp4"],
        1,
        &[
            "chart_0.png is left as stored (no colour profile, or sRGB)",
            "chart_2.png carries the Display P3 colour profile",
            "--glob",
        ],
    );
}

#[test]
fn lossless_keeps_the_pixels_and_names_the_profile_it_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let p3 = tagging::png_with_profile(&chart::png_bytes(), &tagging::display_p3());
    write_frames(dir.path(), &p3, 2, "png");
    let run = framekit(dir.path())
        .args([
            "stitch",
            "frames",
            "-o",
            "exact.mkv",
            "--lossless",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["colour_profile"], serde_json::Value::Null);
    let warned = report["warnings"].to_string();
    assert!(
        warned.contains(
            "chart_0.png carries the Display P3 colour profile, which --lossless does not apply"
        ),
        "{warned}"
    );
    assert_eq!(
        decoded_rgb(&dir.path().join("exact.mkv"))[..WIDTH as usize * 3],
        chart::pixels()[..WIDTH as usize * 3]
    );
}
