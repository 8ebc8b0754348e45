//! SIGINT and SIGTERM at each stage of `stitch` and `split`, ffprobe's included: framekit
//! exits 130 or 143, leaves no temporary file, no frame of its own, no ffmpeg or ffprobe
//! process, and keeps what was there before.
//!
//! One module a topic: `stitch`, `split`, and `file_size_limit` (a full disk, as a file size
//! limit). The helpers that start, signal and finish a run are here.

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::support::frames::camera_photos;
use crate::support::process::{any_process_with, children, running};
use crate::support::run::{command_fails, FRAMEKIT};
use crate::support::stand_in::installed;
use crate::support::tree::names;
use crate::support::video::{tool, video};

mod file_size_limit;
mod split;
mod stitch;

const PATIENCE: Duration = Duration::from_secs(120);

/// `count` PNG frames of 320x240 in `dir/frames`: enough for a slow encode.
fn frames(dir: &Path, count: u32) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    let count = count.to_string();
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x240:r=25",
            "-frames:v",
            &count,
            "frames/f_%05d.png",
        ],
        dir,
    );
    frames
}

/// Starts framekit in its own process group, as a shell starts a foreground job.
fn start(dir: &Path, args: &[&str]) -> Child {
    start_with(dir, args, &[])
}

/// [`start`] with environment variables.
fn start_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Child {
    Command::new(FRAMEKIT)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("framekit starts")
}

fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        sleep(Duration::from_millis(5));
    }
}

fn finish(mut child: Child) -> (ExitStatus, String) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status, stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("framekit did not stop after the signal");
        }
        sleep(Duration::from_millis(10));
    }
}

#[derive(Clone, Copy, Debug)]
enum Send {
    IntToFramekit,
    IntToGroup,
    Term,
}

impl Send {
    fn deliver(self, pid: u32) {
        let pid = pid as libc::pid_t;
        // SAFETY: kill has no memory-safety preconditions.
        let result = unsafe {
            match self {
                Send::IntToFramekit => libc::kill(pid, libc::SIGINT),
                // framekit leads its own group, as a terminal's foreground job does.
                Send::IntToGroup => libc::kill(-pid, libc::SIGINT),
                Send::Term => libc::kill(pid, libc::SIGTERM),
            }
        };
        assert_eq!(result, 0, "the signal was sent");
    }

    fn exit_code(self) -> i32 {
        match self {
            Send::IntToFramekit | Send::IntToGroup => 130,
            Send::Term => 143,
        }
    }
}

const ALL: [Send; 3] = [Send::IntToFramekit, Send::IntToGroup, Send::Term];

/// Waits for framekit's ffmpeg, lets it work a little, and returns its pid.
fn ffmpeg_at_work(framekit: u32) -> u32 {
    let mut ffmpeg = 0;
    wait_until("ffmpeg runs", || {
        ffmpeg = children(framekit).into_iter().next().unwrap_or(0);
        ffmpeg != 0
    });
    sleep(Duration::from_millis(400));
    ffmpeg
}
