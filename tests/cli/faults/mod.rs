//! framekit under faults: a misbehaving ffmpeg, hostile file names and odd files, and
//! concurrent runs. Each time: a clear message, the documented exit code, nothing left.
//!
//! One module a topic: `ffmpeg` (a misbehaving ffmpeg, for both commands), `split_checks`
//! (split's checks of what ffmpeg and ffprobe report), `frame_count` (stitch's wrong count,
//! the frame to blame named), `files` (hostile names, symlinks and modes) and `races` (files
//! that change under a run, and concurrent runs).

use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::Stdio;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::support::frames::{write_frame, write_frames};
use crate::support::images::{animation_frames, index_of};
#[cfg(target_os = "linux")]
use crate::support::process::{any_process_with, children, running};
use crate::support::run::{
    command_fails, fails, fails_except, framekit, framekit_ok, framekit_unprivileged, stderr,
};
use crate::support::stand_in::{fake_ffmpeg, ffmpeg_before_5_1, installed, stand_in};
use crate::support::tree::names;
use crate::support::video::{indices, video};

mod ffmpeg;
mod files;
mod frame_count;
mod races;
mod split_checks;

/// Runs stitch and split with `ffmpeg`, expecting exit 1 with `message`, and nothing left;
/// their messages are the snapshots `NAME_stitch` and `NAME_split`.
fn both_fail_cleanly(name: &str, dir: &Path, ffmpeg: &Path, message: &str) {
    let ffmpeg = ffmpeg.to_str().unwrap();
    for (command, args) in [
        (
            "stitch",
            vec!["stitch", "frames", "-o", "out.mp4", "--ffmpeg", ffmpeg],
        ),
        (
            "split",
            vec!["split", "movie.mp4", "out", "--ffmpeg", ffmpeg],
        ),
    ] {
        let said = fails(dir, &args, 1, &[message]);
        assert_message!(format!("{name}_{command}"), said);
    }
}

/// The path of the real ffmpeg, for stand-ins that wrap it.
fn real_ffmpeg() -> String {
    installed("ffmpeg").display().to_string()
}

/// A stand-in that writes `frames` frames' worth of "video" to its last argument and
/// reports `report` on its progress pipe: the end of an ffmpeg run, without ffmpeg.
fn writes_a_video(report: &str) -> String {
    format!(
        "#!/bin/sh\nfor last; do :; done\nprintf video > \"$last\"\nprintf '{report}'\nexit 0\n"
    )
}
