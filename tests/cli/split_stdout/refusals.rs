//! What `-` refuses (options that name files or lay out a folder: usage errors, exit 2),
//! failures that send nothing, and the dry run, which prints the ffmpeg commands.

use super::*;

#[test]
fn folder_options_are_usage_errors_that_say_why() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    for option in [
        &["--manifest"][..],
        &["--format", "jpg"],
        &["--format", "png"],
        &["--prefix", "x_"],
        &["--digits", "6"],
        &["--fast"],
        &["--force"],
    ] {
        let mut args = vec!["split", "movie.mp4", "-"];
        args.extend(option);
        let said = fails(dir.path(), &args, 2, &[option[0], "standard output"]);
        assert!(said.contains("#pts_seconds"), "{said}");
    }
}

#[test]
fn a_file_that_is_not_a_video_fails_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.mp4"), b"not a video at all").unwrap();
    fails(dir.path(), &["split", "notes.mp4", "-"], 1, &["notes.mp4"]);
    video(25).write(dir.path(), "movie.mp4");
    // Nothing picked: a time after the last frame.
    fails(
        dir.path(),
        &["split", "movie.mp4", "-", "--at", "30"],
        1,
        &["30"],
    );
}

#[test]
fn the_dry_run_prints_each_ffmpeg_that_writes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    video(75).keyint(10).write(dir.path(), "movie.mp4");
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "-", "--at", "2.5,0.2", "--dry-run"])
        .env("FRAMEKIT_SEEK_COST", SEEK)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let line = String::from_utf8(output.stdout).unwrap();
    assert_eq!(line.matches("ffmpeg ").count(), 2, "{line}");
    assert_eq!(line.matches(" && ").count(), 1, "{line}");
    assert_eq!(line.matches("-c:v pam -f image2pipe").count(), 2, "{line}");
    assert!(line.trim_end().ends_with("pipe:1"), "{line}");
    assert!(!line.contains("mkdir"), "{line}");
}
