//! Bad `--label` input refused before any work (exit 2, the field or value named, the valid
//! ones listed, nothing written), `--dry-run` saying what framekit draws itself, and the
//! labels' folder gone after a run that succeeded or failed.

use super::*;

#[test]
fn an_unknown_field_is_refused_naming_it_and_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 2);
    fails(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "v.mp4",
            "--label",
            "{frame} of {count}",
        ],
        2,
        &["{frame}", "{name} {index} {count} {time} {date} {dir}"],
    );
    fails(
        dir.path(),
        &["stitch", "frames", "-o", "v.mp4", "--label", "{name"],
        2,
        &["without its '}'", "{{"],
    );
}

#[test]
fn a_bad_position_is_refused_listing_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 2);
    fails(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "v.mp4",
            "--label",
            "x",
            "--label-at",
            "middle",
        ],
        2,
        &["middle", "top-left", "bottom-right"],
    );
}

#[test]
fn fields_standard_input_lacks_and_lossless_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 2);
    fails(
        dir.path(),
        &[
            "stitch",
            "--stdin-frames",
            "-o",
            "v.mp4",
            "--label",
            "{name}",
        ],
        2,
        &["{name}", "standard input", "{index} and {time}"],
    );
    fails(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "v.mkv",
            "--lossless",
            "--label",
            "{name}",
        ],
        2,
        &["--lossless"],
    );
}

#[test]
fn dry_run_says_framekit_draws_the_labels_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 2);
    let temp = tempfile::tempdir().unwrap();
    let output = framekit(dir.path())
        .args([
            "stitch",
            "frames",
            "-o",
            "v.mp4",
            "--label",
            "{name}",
            "--dry-run",
        ])
        .env("TMPDIR", temp.path())
        .env("TEMP", temp.path())
        .env("TMP", temp.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("framekit draws the 2 labels itself"),
        "{said}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("movie="));
    assert!(!dir.path().join("v.mp4").exists());
    assert_eq!(fs::read_dir(temp.path()).unwrap().count(), 0);
}

#[test]
fn the_labels_folder_is_removed_after_success_and_failure() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 3);
    let temp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        framekit(dir.path())
            .args(args)
            .env("TMPDIR", temp.path())
            .env("TEMP", temp.path())
            .env("TMP", temp.path())
            .output()
            .unwrap()
    };
    let ok = run(&["stitch", "frames", "-o", "v.mp4", "--label", "{date} {dir}"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(
        fs::read_dir(temp.path()).unwrap().count(),
        0,
        "left after success"
    );
    // A damaged frame: ffmpeg fails after the labels were written.
    crate::support::frames::truncate(&dir.path().join("frames/f_001.png"), 0.5);
    let failed = run(&["stitch", "frames", "-o", "w.mp4", "--label", "{index}"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(!dir.path().join("w.mp4").exists());
    assert_eq!(
        fs::read_dir(temp.path()).unwrap().count(),
        0,
        "left after failure"
    );
}
