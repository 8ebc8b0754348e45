//! ffmpeg itself: missing, failing, a run that fails after starting (the previous video
//! kept), and a reader of stderr that goes away.

use std::fs;

use crate::support::frames::write_frames;
use crate::support::run::{command_fails, framekit};

use super::{assert_said, fails};

#[test]
fn a_closed_stderr_is_no_reason_to_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = framekit(dir.path())
        .args(["stitch", "nowhere", "-o", "a.mp4"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before framekit reports its error.
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1), "not 101, a panic");
}

#[test]
fn a_failed_run_keeps_the_previous_video_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 10, 96, 32);
    fs::write(dir.path().join("movie.mp4"), b"the good one").unwrap();
    let whole = fs::read(frames.join("frame_005.png")).unwrap();
    fs::write(frames.join("frame_005.png"), &whole[..40]).unwrap();
    fails(
        "failed_run_keeps_previous",
        dir.path(),
        &["frames", "-o", "movie.mp4", "--force"],
        1,
        &["frame_005.png"],
    );
    assert_eq!(
        fs::read(dir.path().join("movie.mp4")).unwrap(),
        b"the good one"
    );
}

#[test]
fn a_failing_ffmpeg_is_quoted() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    fails(
        "failing_ffmpeg",
        dir.path(),
        &["frames", "-o", "a.mp4", "--codec", "no_such_codec_xyz"],
        1,
        &[
            "ffmpeg failed to encode a.mp4",
            "Unknown encoder 'no_such_codec_xyz'",
            "--dry-run",
        ],
    );
}

#[test]
fn a_missing_ffmpeg_exits_127_with_install_help() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let help = [
        "apt install ffmpeg",
        "brew install ffmpeg",
        "winget install ffmpeg",
        "--ffmpeg",
    ];
    let message = fails(
        "missing_ffmpeg_flag",
        dir.path(),
        &["frames", "-o", "a.mp4", "--ffmpeg", "/nonexistent/ffmpeg"],
        127,
        &help,
    );
    assert!(message.contains("/nonexistent/ffmpeg"));

    for (key, value) in [
        ("FRAMEKIT_FFMPEG", "/nonexistent/ff"),
        ("PATH", "/nonexistent"),
    ] {
        let mut command = framekit(dir.path());
        command
            .args(["stitch", "frames", "-o", "a.mp4"])
            .env(key, value);
        let message = command_fails(&mut command, dir.path(), 127, &["apt install ffmpeg"]);
        assert_said(&format!("missing_ffmpeg_{key}"), &message);
    }
}
