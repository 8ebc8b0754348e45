//! A misbehaving ffmpeg, for both commands: one that fails, crashes, hangs, writes too
//! little, exits early, cannot start, is old, or leaves a process behind.

use super::*;

#[test]
fn an_ffmpeg_that_fails_is_quoted() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    video(10).write(dir.path(), "movie.mp4");
    let fake = fake_ffmpeg(
        dir.path(),
        "fails",
        "#!/bin/sh\necho 'fake: the codec exploded' >&2\nexit 1\n",
    );
    both_fail_cleanly(
        "ffmpeg_fails",
        dir.path(),
        &fake,
        "fake: the codec exploded",
    );
}

#[test]
fn an_ffmpeg_killed_by_a_signal_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    video(10).write(dir.path(), "movie.mp4");
    let fake = fake_ffmpeg(dir.path(), "crashes", "#!/bin/sh\nkill -SEGV $$\n");
    both_fail_cleanly("ffmpeg_crashes", dir.path(), &fake, "killed by signal 11");
}

#[test]
fn an_ffmpeg_that_succeeds_without_writing_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    video(10).write(dir.path(), "movie.mp4");
    // Also prints malformed progress, which must neither crash nor be trusted.
    let fake = fake_ffmpeg(
        dir.path(),
        "lazy",
        "#!/bin/sh\ncat >/dev/null 2>&1\nprintf 'frame=abc\\nframe=-4\\nprogress=maybe\\n\\377\\000\\n'\nexit 0\n",
    );
    let fake = fake.to_str().unwrap();
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4", "--ffmpeg", fake],
        1,
        &["wrote nothing"],
    );
    assert_message!("ffmpeg_writes_nothing_stitch", said);
    let said = fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--ffmpeg", fake],
        1,
        &["no frames"],
    );
    assert_message!("ffmpeg_writes_nothing_split", said);
    assert_eq!(names(dir.path()), ["fake", "frames", "movie.mp4"]);
}

#[test]
fn an_ffmpeg_that_writes_fewer_frames_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 12, 48, 16);
    video(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, told to stop after 2 frames (the option goes before the output).
    let script = format!(
        "#!/bin/sh\nfor last; do :; done\nn=$#\ni=1\nfor a; do\n  if [ $i -eq $n ]; then set -- \"$@\" -frames:v 2; fi\n  set -- \"$@\" \"$a\"\n  i=$((i+1))\n  shift\ndone\nexec '{}' \"$@\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "short", &script);
    let args = [
        "stitch",
        "frames",
        "-o",
        "out.mp4",
        "--ffmpeg",
        fake.to_str().unwrap(),
    ];
    let said = fails(dir.path(), &args, 1, &["has 2 frame(s), but 12 were given"]);
    assert_message!("ffmpeg_writes_fewer_frames", said);
    assert_eq!(names(dir.path()), ["fake", "frames", "movie.mp4"]);
}

#[test]
fn a_hanging_ffmpeg_is_stopped_promptly_by_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 40, 96, 48);
    video(10).write(dir.path(), "movie.mp4");
    let fake = fake_ffmpeg(dir.path(), "hangs", "#!/bin/sh\nsleep 1000 &\nwait\n");
    for args in [
        ["stitch", "frames", "-o", "out.mp4", "--ffmpeg"],
        ["split", "movie.mp4", "out", "--quiet", "--ffmpeg"],
    ] {
        let mut child = framekit(dir.path())
            .args(args)
            .arg(&fake)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait for the fake's `sleep`, a grandchild of framekit.
        let deadline = Instant::now() + Duration::from_secs(30);
        let sleeper = loop {
            let grandchildren: Vec<u32> = children(child.id())
                .into_iter()
                .flat_map(children)
                .collect();
            if let Some(pid) = grandchildren.first() {
                break *pid;
            }
            assert!(Instant::now() < deadline, "the fake ffmpeg started");
            sleep(Duration::from_millis(10));
        };
        let sent = Instant::now();
        // SAFETY: kill has no memory-safety preconditions.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let status = child.wait().unwrap();
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "{args:?}: stopped promptly"
        );
        assert_eq!(status.code(), Some(130), "{args:?}");
        let mut said = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut said)
            .unwrap();
        assert_message!(format!("interrupted_{}", args[0]), said);
        assert!(
            !running(sleeper),
            "{args:?}: everything ffmpeg started is gone"
        );
        assert_eq!(
            names(dir.path()),
            ["fake", "frames", "movie.mp4"],
            "{args:?}"
        );
    }
}

#[test]
fn the_final_frame_count_is_read_even_when_ffmpeg_exits_first() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 12, 48, 16);
    // Reports its final count and exits at once: framekit sees it gone while the last report
    // may still be in the pipe. Without that count framekit would need ffprobe, and there
    // is none on this PATH. A race, so many runs: before the fix about 1 in 70 failed.
    let script = "#!/bin/sh\nfor last; do :; done\nprintf video > \"$last\"\n\
                  printf 'frame=12\\nprogress=end\\n'\nexit 0\n";
    let fake = fake_ffmpeg(dir.path(), "quick", script);
    let mut failures = Vec::new();
    for _ in 0..300 {
        let output = framekit(dir.path())
            .args(["stitch", "frames", "-o", "out.mp4", "--force", "--ffmpeg"])
            .arg(&fake)
            .env("PATH", "/nonexistent")
            .output()
            .unwrap();
        if !output.status.success() {
            failures.push(stderr(&output));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 300 runs: {:?}",
        failures.len(),
        failures.first()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn what_a_wrapper_left_running_ends_with_a_successful_run() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 5, 48, 16);
    // A stand-in that does the work, then leaves a background job behind.
    let marker = format!("8{}", std::process::id());
    let script = format!(
        "#!/bin/sh\n'{}' \"$@\" || exit $?\nsleep {marker} &\nexit 0\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "leaves", &script);
    let output = framekit(dir.path())
        .args(["stitch", "frames", "-o", "out.mp4", "--ffmpeg"])
        .arg(&fake)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !any_process_with(&marker),
        "the wrapper's background job outlived the run"
    );
}

#[test]
fn an_ffmpeg_older_than_5_1_is_asked_for_vsync_in_split_and_gif_stitch() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    write_frames(dir.path(), 6, 96, 32);
    let log = dir.path().join("calls.log");
    let fake = ffmpeg_before_5_1(dir.path(), &log);
    let fake = fake.to_str().unwrap();
    for args in [
        &["split", "movie.mp4", "out", "--ffmpeg", fake][..],
        &["stitch", "frames", "-o", "movie.gif", "--ffmpeg", fake],
    ] {
        let output = framekit(dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    assert_eq!(names(&dir.path().join("out")).len(), 10);
    let shown = animation_frames(&dir.path().join("movie.gif"));
    assert_eq!(
        shown.iter().map(index_of).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5]
    );
    // The version is asked once a run, and decides: no run tries -fps_mode first.
    let calls = fs::read_to_string(&log).unwrap();
    assert_eq!(calls.matches("-version").count(), 2, "{calls}");
    assert!(!calls.contains("-fps_mode"), "{calls}");
    // split, and the GIF's one decoder (framekit encodes the GIF itself).
    assert_eq!(calls.matches("-vsync passthrough").count(), 2, "{calls}");
}

// Linux refuses to run a file that is open for writing (ETXTBSY); macOS runs it.
#[cfg(target_os = "linux")]
#[test]
fn an_ffmpeg_that_cannot_be_started_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    video(10).write(dir.path(), "movie.mp4");
    let fake = fake_ffmpeg(dir.path(), "busy", "#!/bin/sh\nexit 0\n");
    // Held open for writing, as while a download or a compiler is still writing it.
    let _writer = fs::OpenOptions::new().append(true).open(&fake).unwrap();
    both_fail_cleanly("ffmpeg_cannot_run", dir.path(), &fake, "cannot run ffmpeg");
}
