//! SIGINT and SIGTERM at each stage of `stitch` and `split`, ffprobe's included: framekit
//! exits 130 or 143, leaves no temporary file, no frame of its own, no ffmpeg or ffprobe
//! process, and keeps what was there before.

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

#[test]
fn stitch_interrupted_mid_encode_keeps_the_previous_video() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), 300);
    fs::write(dir.path().join("movie.mp4"), b"the previous, good video").unwrap();
    for signal in ALL {
        let child = start(
            dir.path(),
            &[
                "stitch",
                "frames",
                "-o",
                "movie.mp4",
                "--force",
                "--",
                "-preset",
                "veryslow",
            ],
        );
        let ffmpeg = ffmpeg_at_work(child.id());
        signal.deliver(child.id());
        let (status, stderr) = finish(child);
        assert_eq!(
            status.code(),
            Some(signal.exit_code()),
            "{signal:?}: {stderr}"
        );
        assert_message!(format!("stitch_{signal:?}"), stderr);
        assert!(
            !running(ffmpeg),
            "{signal:?}: ffmpeg {ffmpeg} was left running"
        );
        assert_eq!(
            fs::read(dir.path().join("movie.mp4")).unwrap(),
            b"the previous, good video",
            "{signal:?}"
        );
        assert_eq!(
            names(dir.path()),
            ["frames", "movie.mp4"],
            "{signal:?}: no temporary file"
        );
    }
}

#[test]
fn stitch_interrupted_while_photos_decode_apart_stops_every_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    camera_photos(dir.path(), 60, "2400x1800");
    for signal in ALL {
        let child = start(
            dir.path(),
            &[
                "stitch",
                "frames",
                "--glob",
                "*.JPG",
                "-o",
                "movie.mp4",
                "--width",
                "480",
                "-j",
                "2",
                "--",
                "-preset",
                "veryslow",
            ],
        );
        // The encoder and at least one decoder at work.
        let mut ffmpegs = Vec::new();
        wait_until("decoders and the encoder run", || {
            ffmpegs = children(child.id());
            ffmpegs.len() >= 2
        });
        sleep(Duration::from_millis(300));
        ffmpegs.extend(children(child.id()));
        signal.deliver(child.id());
        let (status, stderr) = finish(child);
        assert_eq!(
            status.code(),
            Some(signal.exit_code()),
            "{signal:?}: {stderr}"
        );
        for ffmpeg in ffmpegs {
            assert!(
                !running(ffmpeg),
                "{signal:?}: ffmpeg {ffmpeg} was left running"
            );
        }
        assert_eq!(names(dir.path()), ["frames"], "{signal:?}: nothing written");
    }
}

#[test]
fn split_interrupted_mid_decode_removes_its_frames_and_folder() {
    let dir = tempfile::tempdir().unwrap();
    video(1500)
        .size("640x360")
        .quick()
        .write(dir.path(), "movie.mp4");
    let kept = dir.path().join("kept");
    fs::create_dir(&kept).unwrap();
    fs::write(kept.join("notes.txt"), b"mine").unwrap();
    for signal in ALL {
        for out in ["new/deeper", "kept"] {
            let child = start(dir.path(), &["split", "movie.mp4", out]);
            let ffmpeg = ffmpeg_at_work(child.id());
            signal.deliver(child.id());
            let (status, stderr) = finish(child);
            assert_eq!(
                status.code(),
                Some(signal.exit_code()),
                "{signal:?} {out}: {stderr}"
            );
            assert!(
                !running(ffmpeg),
                "{signal:?}: ffmpeg {ffmpeg} was left running"
            );
            assert!(
                !dir.path().join("new").exists(),
                "{signal:?}: created folders removed"
            );
            assert_eq!(
                names(&kept),
                ["notes.txt"],
                "{signal:?} {out}: nothing of this run left"
            );
        }
    }
}

#[test]
fn split_interrupted_while_seeking_removes_its_frames_and_folder() {
    let dir = tempfile::tempdir().unwrap();
    // A key frame every 10 frames and every 10th frame wanted: 150 ffmpeg runs that each
    // seek, two or more at a time.
    video(1500)
        .size("640x360")
        .quick()
        .keyint(10)
        .write(dir.path(), "movie.mp4");
    let kept = dir.path().join("kept");
    fs::create_dir(&kept).unwrap();
    fs::write(kept.join("notes.txt"), b"mine").unwrap();
    // ffmpeg is given the video's absolute path, which holds the test's folder.
    let marker = dir.path().to_string_lossy().into_owned();
    for signal in ALL {
        for out in ["new/deeper", "kept"] {
            let child = start_with(
                dir.path(),
                &["split", "movie.mp4", out, "--every", "10"],
                &[("FRAMEKIT_SEEK_COST", "0")],
            );
            let pid = child.id();
            wait_until("an ffmpeg seeks", || {
                children(pid).into_iter().any(|ffmpeg| {
                    fs::read(format!("/proc/{ffmpeg}/cmdline"))
                        .is_ok_and(|line| String::from_utf8_lossy(&line).contains("\0-ss\0"))
                }) || !running(pid)
            });
            sleep(Duration::from_millis(300));
            signal.deliver(pid);
            let (status, stderr) = finish(child);
            assert_eq!(
                status.code(),
                Some(signal.exit_code()),
                "{signal:?} {out}: {stderr}"
            );
            assert!(
                !any_process_with(&marker),
                "{signal:?}: an ffmpeg was left running"
            );
            assert!(
                !dir.path().join("new").exists(),
                "{signal:?}: created folders removed"
            );
            assert_eq!(
                names(&kept),
                ["notes.txt"],
                "{signal:?} {out}: nothing of this run left"
            );
        }
    }
}

#[test]
fn split_interrupted_while_probing_stops_ffprobe_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    video(10)
        .size("640x360")
        .quick()
        .write(dir.path(), "movie.mp4");
    // The real ffmpeg beside an ffprobe that takes forever (as counting the packets of a long
    // video can), started by a wrapper script, so that only killing its group ends it.
    let tools = dir.path().join("tools");
    fs::create_dir(&tools).unwrap();
    let ffmpeg = installed("ffmpeg");
    std::os::unix::fs::symlink(ffmpeg, tools.join("ffmpeg")).unwrap();
    // A sleep no other process runs: this test's pid in its length of seconds.
    let marker = format!("9{}", std::process::id());
    let ffprobe = tools.join("ffprobe");
    fs::write(&ffprobe, format!("#!/bin/sh\nsleep {marker}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&ffprobe, fs::Permissions::from_mode(0o755)).unwrap();
    for signal in ALL {
        // --dry-run asks ffprobe for the frame count, to size the names it prints.
        let args = ["split", "movie.mp4", "out", "--dry-run", "--ffmpeg"];
        let child = start(dir.path(), &[&args[..], &["tools/ffmpeg"]].concat());
        let pid = child.id();
        wait_until("ffprobe runs", || {
            any_process_with(&marker) || !running(pid)
        });
        let started = Instant::now();
        signal.deliver(pid);
        let (status, stderr) = finish(child);
        assert_eq!(
            status.code(),
            Some(signal.exit_code()),
            "{signal:?}: an interrupt, not a verdict on the video: {stderr}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{signal:?}: framekit waited for ffprobe"
        );
        assert!(
            !any_process_with(&marker),
            "{signal:?}: ffprobe's child was left running"
        );
        assert_eq!(
            names(dir.path()),
            ["movie.mp4", "tools"],
            "{signal:?}: nothing written"
        );
    }
}

#[test]
fn stitch_interrupted_while_validating_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let frames = frames(dir.path(), 1);
    // Many frames, so that validation takes a while.
    let frame = fs::read(frames.join("f_00001.png")).unwrap();
    for i in 0..20_000 {
        fs::write(frames.join(format!("g_{i:06}.png")), &frame).unwrap();
    }
    for signal in ALL {
        let child = start(dir.path(), &["stitch", "frames", "-o", "movie.mp4"]);
        let pid = child.id();
        // framekit is validating once it holds a frame open.
        wait_until("framekit reads frames", || {
            fs::read_dir(format!("/proc/{pid}/fd"))
                .map(|fds| {
                    fds.flatten().any(|fd| {
                        fs::read_link(fd.path())
                            .is_ok_and(|target| target.to_string_lossy().ends_with(".png"))
                    })
                })
                .unwrap_or(false)
                || !running(pid)
        });
        signal.deliver(pid);
        let (status, stderr) = finish(child);
        // Validation may just have finished; then the encode was interrupted instead.
        assert_eq!(
            status.code(),
            Some(signal.exit_code()),
            "{signal:?}: {stderr}"
        );
        assert_eq!(names(dir.path()), ["frames"], "{signal:?}: nothing written");
    }
}

#[test]
fn interrupts_around_the_final_rename_leave_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), 60);
    for signal in ALL {
        fs::write(dir.path().join("movie.mp4"), b"previous").unwrap();
        let child = start(
            dir.path(),
            &["stitch", "frames", "-o", "movie.mp4", "--force"],
        );
        let pid = child.id();
        let mut ffmpeg = 0;
        wait_until("ffmpeg runs", || {
            ffmpeg = children(pid).into_iter().next().unwrap_or(0);
            ffmpeg != 0 || !running(pid)
        });
        // As soon as ffmpeg is done: framekit is verifying and about to rename.
        wait_until("ffmpeg ends", || ffmpeg == 0 || !running(ffmpeg));
        signal.deliver(pid);
        let (status, stderr) = finish(child);
        let now = fs::read(dir.path().join("movie.mp4")).unwrap();
        match status.code() {
            Some(code) if code == signal.exit_code() => {
                assert_eq!(now, b"previous", "{signal:?}: interrupted, so untouched")
            }
            Some(0) => assert!(now.len() > 1000, "{signal:?}: finished, so complete"),
            other => panic!("{signal:?}: unexpected exit {other:?}: {stderr}"),
        }
        assert_eq!(
            names(dir.path()),
            ["frames", "movie.mp4"],
            "{signal:?}: no temporary file"
        );
    }
}

#[test]
fn a_full_disk_fails_cleanly_in_both_commands() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), 20);
    video(20)
        .size("640x360")
        .quick()
        .write(dir.path(), "movie.mp4");
    let framekit = FRAMEKIT;
    for (command, leftover) in [
        (
            format!("ulimit -f 20; exec '{framekit}' stitch frames -o out.mp4"),
            "out.mp4",
        ),
        (
            format!("ulimit -f 20; exec '{framekit}' split movie.mp4 out"),
            "out",
        ),
    ] {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(&command).current_dir(dir.path());
        let said = command_fails(&mut shell, dir.path(), 1, &["could not write"]);
        // ffmpeg 4.x ignores the image muxer's write errors and exits 0: framekit finds the
        // frames cut short itself.
        let old = leftover == "out" && crate::support::video::ffmpeg_version() < (5, 0);
        let name = format!("full_disk_{leftover}{}", if old { "_ffmpeg4" } else { "" });
        assert_message_quoting_ffmpeg!(name, said);
        assert!(
            !dir.path().join(leftover).exists(),
            "{command}: nothing partial"
        );
        assert_eq!(names(dir.path()), ["frames", "movie.mp4"], "{command}");
    }
}

#[test]
fn split_interrupted_around_the_final_move_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    video(60)
        .size("640x360")
        .quick()
        .write(dir.path(), "movie.mp4");
    for signal in ALL {
        let _ = fs::remove_dir_all(dir.path().join("out"));
        let child = start(dir.path(), &["split", "movie.mp4", "out"]);
        let pid = child.id();
        let mut ffmpeg = 0;
        wait_until("ffmpeg runs", || {
            ffmpeg = children(pid).into_iter().next().unwrap_or(0);
            ffmpeg != 0 || !running(pid)
        });
        // As soon as ffmpeg is done, framekit counts and moves the frames into place.
        wait_until("ffmpeg ends", || ffmpeg == 0 || !running(ffmpeg));
        signal.deliver(pid);
        let (status, stderr) = finish(child);
        let out = dir.path().join("out");
        match status.code() {
            Some(code) if code == signal.exit_code() => {
                assert!(!out.exists(), "{signal:?}: interrupted, so nothing")
            }
            Some(0) => assert_eq!(names(&out).len(), 60, "{signal:?}: finished, so complete"),
            other => panic!("{signal:?}: unexpected exit {other:?}: {stderr}"),
        }
        assert_eq!(
            names(dir.path()).len(),
            usize::from(out.exists()) + 1,
            "{signal:?}"
        );
    }
}

#[test]
fn a_manifest_past_the_file_size_limit_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // Tiny frames, each far below the limit; their list (frames.csv) is not.
    video(1500)
        .size("16x16")
        .quick()
        .write(dir.path(), "movie.mp4");
    let command = format!("ulimit -f 40; exec '{FRAMEKIT}' split movie.mp4 out --manifest");
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(&command).current_dir(dir.path());
    let said = command_fails(&mut shell, dir.path(), 1, &["cannot write frames.csv"]);
    // How many times fit depends on how many bytes ffmpeg prints for each.
    let mut settings = crate::support::messages::settings();
    settings.add_filter(r"the times of \d+ of", "the times of [N] of");
    settings.bind(|| insta::assert_snapshot!("manifest_too_large", said));
}
