//! ffmpeg and ffprobe chosen with `--ffmpeg`, or stood in for: Unix only.

use super::*;
use crate::support::stand_in::installed;
use predicates::prelude::*;
use predicates::str::{contains, starts_with};
use std::os::unix::fs::{symlink, PermissionsExt};

#[test]
fn ffprobe_is_taken_from_beside_the_chosen_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    video(7).write(dir.path(), "movie.mp4");
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
    let log = dir.path().join("ffprobe.log");
    let script = format!(
        "#!/bin/sh\necho called >> '{}'\nexec '{}' \"$@\"\n",
        log.display(),
        installed("ffprobe").display()
    );
    fs::write(bin.join("ffprobe"), script).unwrap();
    fs::set_permissions(bin.join("ffprobe"), fs::Permissions::from_mode(0o755)).unwrap();
    // A dry run asks ffprobe for the frame count, to size the names it prints.
    let chosen = bin.join("ffmpeg").display().to_string();
    framekit(dir.path())
        .args(["split", "movie.mp4", "out", "--dry-run"])
        .env("FRAMEKIT_FFMPEG", bin.join("ffmpeg"))
        .assert()
        .success()
        .stdout(starts_with("mkdir -p -- out && ").and(contains(chosen)));
    assert!(log.exists(), "the ffprobe beside FRAMEKIT_FFMPEG was used");
}

#[test]
fn without_ffprobe_every_frame_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mkv");
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
    let output = framekit(dir.path())
        .args(["split", "movie.mkv", "out", "--json"])
        .env("PATH", &bin)
        .assert()
        .success();
    assert_eq!(
        names(&dir.path().join("out")),
        expected_names("img_", 5, 12, "png")
    );
    let report: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(report["width"], 64);
    assert!(
        report["fps"].is_null(),
        "not known without ffprobe: {report}"
    );
}
