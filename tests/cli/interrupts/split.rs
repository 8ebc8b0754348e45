//! SIGINT and SIGTERM during `split`: while probing, mid-decode, while seeking, and around
//! the final move.

use super::*;

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
