//! `--max-size` for GIF, WebP and APNG: the file fits, the setting kept is the best that
//! fits, the frames kept are the right ones at the right times, as the `image` crate (not
//! ffmpeg) decodes them.

use std::fs;
use std::path::Path;

use crate::support::frames::write_frames;
use crate::support::images::{animation_frames, index_of};
use crate::support::run::{fails, framekit_ok};
use crate::support::tree::names;

const FRAMES: u32 = 40;
const WIDTH: u32 = 240;

fn stitch_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let all = [&["stitch", "frames", "--force", "--json"][..], args].concat();
    serde_json::from_slice(&framekit_ok(dir, &all).stdout).unwrap()
}

fn size_of(path: &Path) -> u64 {
    fs::metadata(path).unwrap().len()
}

#[test]
fn each_animation_fits_a_third_of_its_size_with_the_right_frames_at_the_right_times() {
    let dir = tempfile::tempdir().unwrap();
    // Noise in the bottom half: frames that compress badly, as photos do.
    write_frames(dir.path(), FRAMES, WIDTH, 96);
    for output in ["a.gif", "a.webp", "a.apng"] {
        stitch_json(dir.path(), &["-o", output]);
        let free = size_of(&dir.path().join(output));
        let limit = free / 3;
        let report = stitch_json(
            dir.path(),
            &["-o", output, "--max-size", &format!("{limit}B")],
        );
        let path = dir.path().join(output);
        let bytes = size_of(&path);
        assert!(bytes <= limit, "{output}: {bytes} > {limit}");
        let chosen = &report["max_size"];
        assert_eq!(chosen["bytes"], bytes, "{output}: {report}");
        assert_eq!(chosen["limit"], limit);
        let encodes = chosen["encodes"].as_u64().unwrap();
        assert!((2..=4).contains(&encodes), "{output}: {encodes} encodes");

        let shown = animation_frames(&path);
        let every = chosen["every_nth_frame"].as_u64().unwrap() as u32;
        // Counted back from the last frame, which is always kept.
        let expected: Vec<u32> = (0..FRAMES)
            .filter(|i| (FRAMES - 1 - i) % every == 0)
            .collect();
        let got: Vec<u32> = shown.iter().map(index_of).collect();
        assert_eq!(got, expected, "{output}: {chosen}");
        assert_eq!(report["frames"], expected.len());
        let width = shown[0].image.width();
        assert_eq!(report["width"], width, "{output}");
        assert_eq!(chosen["width"], width, "{output}");
        // The same 1.6 s in all: a frame kept of every two shows twice as long.
        let total: f64 = shown.iter().map(|s| s.delay.as_secs_f64()).sum();
        assert!((total - 1.6).abs() < 0.02, "{output}: {total} s");
        assert!(
            !names(dir.path())
                .iter()
                .any(|n| n.contains(".part") || n.contains(".fit")),
            "{output}: {:?}",
            names(dir.path())
        );
    }
}

#[test]
fn frames_dropped_to_fit_keep_the_last_frame_and_its_hold() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), FRAMES, WIDTH, 96);
    for output in ["h.gif", "h.webp"] {
        let hold = ["--hold-last", "1"];
        stitch_json(dir.path(), &[&["-o", output][..], &hold].concat());
        let limit = size_of(&dir.path().join(output)) / 3;
        let report = stitch_json(
            dir.path(),
            &[
                &["-o", output, "--max-size", &format!("{limit}B")][..],
                &hold,
            ]
            .concat(),
        );
        assert!(
            report["max_size"]["every_nth_frame"].as_u64().unwrap() > 1,
            "{report}"
        );
        let shown = animation_frames(&dir.path().join(output));
        let last = shown.last().unwrap();
        assert_eq!(index_of(last), FRAMES - 1, "{output}");
        assert!(
            (last.delay.as_secs_f64() - 1.0).abs() < 0.011,
            "{output}: {:?}",
            last.delay
        );
        // 39 frames of 1/25 s, then the last one's second: as without a limit.
        let total: f64 = shown.iter().map(|s| s.delay.as_secs_f64()).sum();
        assert!((total - 2.56).abs() < 0.02, "{output}: {total} s");
    }
}

#[test]
fn an_animation_that_fits_is_made_once_as_without_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 10, WIDTH, 96);
    // A GIF too: the first try is framekit's own GIF (not ffmpeg's larger palettegen one),
    // byte for byte the GIF made without a limit.
    for (free, kept) in [("free.gif", "kept.gif"), ("free.webp", "kept.webp")] {
        stitch_json(dir.path(), &["-o", free]);
        let report = stitch_json(dir.path(), &["-o", kept, "--max-size", "10MB"]);
        assert_eq!(report["max_size"]["encodes"], 1, "{kept}: {report}");
        assert_eq!(
            fs::read(dir.path().join(kept)).unwrap(),
            fs::read(dir.path().join(free)).unwrap(),
            "{kept}"
        );
    }
    let report = stitch_json(dir.path(), &["-o", "kept.gif", "--max-size", "10MB"]);
    assert_eq!(report["max_size"]["colours"], serde_json::Value::Null);
    let summary = report["max_size"]["summary"].as_str().unwrap();
    assert!(summary.starts_with("framekit's own palettes"), "{summary}");
}

#[test]
fn a_limit_no_setting_reaches_fails_naming_the_smallest_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 20, WIDTH, 96);
    let before = names(dir.path());
    for output in ["x.gif", "x.webp", "x.apng"] {
        fails(
            dir.path(),
            &["stitch", "frames", "-o", output, "--max-size", "2KB"],
            1,
            &[
                output,
                "could not be kept within 2000 bytes",
                "the smallest of",
                "bytes; nothing was written",
                "--max-size more room",
            ],
        );
        assert_eq!(names(dir.path()), before, "{output}");
    }
}
