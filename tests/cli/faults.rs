//! framekit under faults: a misbehaving ffmpeg, hostile file names and odd files, and
//! concurrent runs. Each time: a clear message, the documented exit code, nothing left.

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
use crate::support::stand_in::{fake_ffmpeg, installed, stand_in};
use crate::support::tree::names;
use crate::support::video::{ffmpeg_version, indices, video};

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
fn names_with_every_byte_keep_their_byte_order() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    let bytes: Vec<u8> = (1..=255u8).filter(|b| *b != b'/').collect();
    for (index, byte) in bytes.iter().enumerate() {
        let name = [b"f".as_slice(), &[*byte], b".png"].concat();
        let path = frames.join(std::ffi::OsStr::from_bytes(&name));
        write_frame(&path, index as u32, 72, 16);
    }
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "all.mp4", "--sort", "bytes"],
    );
    let expected: Vec<u32> = (0..bytes.len() as u32).collect();
    assert_eq!(indices(&dir.path().join("all.mp4"), 72, 16), expected);

    // The dry run's command reproduces it under sh, byte for byte.
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "sh.mp4",
            "--sort",
            "bytes",
            "--dry-run",
        ],
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(&output.stdout))
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(indices(&dir.path().join("sh.mp4"), 72, 16), expected);
}

#[test]
fn symlinked_frames_are_followed_and_broken_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 48, 16);
    let elsewhere = dir.path().join("elsewhere.png");
    write_frame(&elsewhere, 3, 48, 16);
    symlink(&elsewhere, frames.join("frame_003.png")).unwrap();
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "linked.mp4"]);
    assert_eq!(
        indices(&dir.path().join("linked.mp4"), 48, 16),
        [0, 1, 2, 3]
    );

    for (name, target, problem) in [
        ("frame_004.png", "missing.png", "does not exist"),
        ("frame_005.png", "frame_005.png", "cannot be followed"),
    ] {
        let link = frames.join(name);
        symlink(target, &link).unwrap();
        let said = fails(
            dir.path(),
            &["stitch", "frames", "-o", "bad.mp4"],
            1,
            &[name, problem],
        );
        assert_message!(format!("symlinked_frame_{name}"), said);
        fs::remove_file(link).unwrap();
    }
}

#[test]
fn unreadable_frames_are_named_unless_running_as_root() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 48, 16);
    fs::set_permissions(
        frames.join("frame_001.png"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let args = ["stitch", "frames", "-o", "out.mp4"];
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // root reads a mode-000 file anyway, so there is no error to show: say so.
        eprintln!("running as root: mode 000 does not stop reads, so the frame is used");
        framekit_ok(dir.path(), &args);
    } else {
        // Its snapshot is permissions_that_forbid_reading_or_writing_are_named's, which
        // runs as root too.
        fails(
            dir.path(),
            &args,
            1,
            &["frame_001.png cannot be read (permission denied)"],
        );
    }
}

#[test]
fn two_runs_into_one_folder_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 30, 96, 48);
    fs::create_dir(dir.path().join("b")).unwrap();
    for index in 0..20 {
        write_frame(
            &dir.path().join(format!("b/frame_{index:03}.png")),
            100 + index,
            96,
            48,
        );
    }
    let start = |frames: &str, output: &str, force: bool| {
        let mut command = framekit(dir.path());
        command.args(["stitch", frames, "-o", output]);
        if force {
            command.arg("--force");
        }
        command.stderr(Stdio::piped()).spawn().unwrap()
    };
    // Different outputs: both succeed, each with its own frames.
    let first = start("frames", "one.mp4", false);
    let second = start("b", "two.mp4", false);
    assert!(first.wait_with_output().unwrap().status.success());
    assert!(second.wait_with_output().unwrap().status.success());
    assert_eq!(
        indices(&dir.path().join("one.mp4"), 96, 48),
        (0..30).collect::<Vec<_>>()
    );
    assert_eq!(
        indices(&dir.path().join("two.mp4"), 96, 48),
        (100..120).collect::<Vec<_>>()
    );

    // The same output: each run ends cleanly, and the file is one whole video.
    for force in [false, true] {
        let _ = fs::remove_file(dir.path().join("same.mp4"));
        let runs = [
            start("frames", "same.mp4", force),
            start("b", "same.mp4", force),
        ];
        let codes: Vec<Option<i32>> = runs
            .into_iter()
            .map(|run| run.wait_with_output().unwrap().status.code())
            .collect();
        assert!(
            codes.iter().all(|c| *c == Some(0) || *c == Some(1)),
            "{codes:?}"
        );
        assert!(codes.contains(&Some(0)), "{codes:?}");
        let got = indices(&dir.path().join("same.mp4"), 96, 48);
        assert!(
            got == (0..30).collect::<Vec<_>>() || got == (100..120).collect::<Vec<_>>(),
            "force={force}: one complete video, not a mixture: {got:?}"
        );
        assert_eq!(
            names(dir.path()),
            ["b", "frames", "one.mp4", "same.mp4", "two.mp4"]
        );
    }
}

/// The path of the real ffmpeg, for stand-ins that wrap it.
fn real_ffmpeg() -> String {
    installed("ffmpeg").display().to_string()
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
fn split_catches_an_ffmpeg_that_reports_more_frames_than_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, then one of its frames goes missing (split runs it in the staging folder).
    let script = format!(
        "#!/bin/sh\n'{}' \"$@\" || exit $?\nrm -f \"$(ls | grep png | tail -n 1)\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "loses", &script);
    let args = [
        "split",
        "movie.mp4",
        "out",
        "--ffmpeg",
        fake.to_str().unwrap(),
    ];
    let said = fails(
        dir.path(),
        &args,
        1,
        &["ffmpeg reported 10 frame(s) but 9 file(s) were written"],
    );
    assert_message!("ffmpeg_loses_a_frame", said);
    assert_eq!(names(dir.path()), ["fake", "movie.mp4"]);
}

#[test]
fn split_decodes_instead_when_a_seek_lands_on_another_frame() {
    let dir = tempfile::tempdir().unwrap();
    video(100).keyint(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, told nothing of the seek: it gives the video's first frame instead,
    // as a container whose index of key frames lies would make it do.
    let script = format!(
        "#!/bin/sh\nskip=0\nfor a; do\n  shift\n  if [ $skip = 1 ]; then skip=0\n  \
         elif [ \"$a\" = -ss ]; then skip=1\n  else set -- \"$@\" \"$a\"\n  fi\ndone\n\
         exec '{}' \"$@\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "no_seek", &script);
    let output = framekit(dir.path())
        .args([
            "split",
            "movie.mp4",
            "out",
            "--count",
            "3",
            "--manifest",
            "--json",
        ])
        .arg("--ffmpeg")
        .arg(&fake)
        .env("FRAMEKIT_SEEK_COST", "0")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_message!("seek_lands_elsewhere", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["strategy"], "decode");
    let manifest = fs::read_to_string(dir.path().join("out/frames.csv")).unwrap();
    let frames: Vec<&str> = manifest
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(frames, ["0", "34", "67"]);
    // The frames are the source's, though the seeks went wrong.
    let source = crate::support::video::decoded_frames(&dir.path().join("movie.mp4"), None);
    let written = crate::support::video::image_hashes(&dir.path().join("out/img_%05d.png"));
    assert_eq!(written, [0, 34, 67].map(|i| source[i].hash.clone()));
}

#[test]
fn an_ffmpeg_older_than_5_1_is_asked_for_vsync_in_split_and_gif_stitch() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    write_frames(dir.path(), 6, 96, 32);
    let log = dir.path().join("calls.log");
    // Behaves as ffmpeg 4.3 does, whatever ffmpeg is installed: says it is 4.3, refuses
    // -fps_mode, takes -vsync (handed on as -fps_mode: ffmpeg 8 and later have no -vsync),
    // and records each call.
    let script = format!(
        r#"#!/bin/sh
echo "$*" >> '{log}'
for a; do
  if [ "$a" = -version ]; then
    echo 'ffmpeg version 4.3.7-0+deb11u1 Copyright (c) 2000-2024 the FFmpeg developers'
    exit 0
  fi
  if [ "$a" = -fps_mode ]; then
    echo "Unrecognized option 'fps_mode'." >&2
    echo 'Error splitting the argument list: Option not found' >&2
    exit 1
  fi
done
if [ {translate} = yes ]; then
  first=1
  for a; do
    if [ -n "$first" ]; then set --; first=; fi
    if [ "$a" = -vsync ]; then set -- "$@" -fps_mode; else set -- "$@" "$a"; fi
  done
fi
exec '{real}' "$@"
"#,
        log = log.display(),
        real = real_ffmpeg(),
        // (Handed on as it is to a real ffmpeg that is itself older than 5.1.)
        translate = if ffmpeg_version() >= (5, 1) {
            "yes"
        } else {
            "no"
        },
    );
    let fake = fake_ffmpeg(dir.path(), "old", &script);
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
    assert_eq!(calls.matches("-vsync passthrough").count(), 3, "{calls}");
}

/// A stand-in that writes `frames` frames' worth of "video" to its last argument and
/// reports `report` on its progress pipe: the end of an ffmpeg run, without ffmpeg.
fn writes_a_video(report: &str) -> String {
    format!(
        "#!/bin/sh\nfor last; do :; done\nprintf video > \"$last\"\nprintf '{report}'\nexit 0\n"
    )
}

#[test]
fn a_video_that_cannot_be_verified_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    // No final frame count from ffmpeg, and no ffprobe to count with: no verdict.
    let fake = fake_ffmpeg(dir.path(), "uncounted", &writes_a_video("frame=3\\n"));
    let args = ["stitch", "frames", "-o", "out.mp4", "--ffmpeg"];
    let mut command = framekit(dir.path());
    command.args(args).arg(&fake).env("PATH", "/nonexistent");
    let said = command_fails(
        &mut command,
        dir.path(),
        1,
        &["cannot verify the encoded video"],
    );
    assert_message!("unverifiable_without_ffprobe", said);
    // An ffprobe beside that ffmpeg, which cannot count, fails, or cannot be run.
    for (name, script, words) in [
        (
            "ffprobe_cannot_count",
            "#!/bin/sh\necho N/A\n",
            "ffprobe could not count the frames of",
        ),
        (
            "ffprobe_cannot_read",
            "#!/bin/sh\necho 'fake: no such muxer' >&2\nexit 1\n",
            "ffprobe could not read",
        ),
        (
            "ffprobe_cannot_run",
            "#!/bin/sh\nexit 0\n",
            "cannot run ffprobe",
        ),
    ] {
        let ffprobe = stand_in(dir.path(), "uncounted", "ffprobe", script);
        if name == "ffprobe_cannot_run" {
            fs::set_permissions(&ffprobe, fs::Permissions::from_mode(0o644)).unwrap();
        }
        let mut command = framekit(dir.path());
        command.args(args).arg(&fake).env("PATH", "/nonexistent");
        let said = command_fails(&mut command, dir.path(), 1, &[words]);
        assert_message!(name, said);
    }
}

#[test]
fn a_frame_that_vanishes_before_ffmpeg_reads_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // Frames of some 60 KB of noise each: the pipe to ffmpeg holds about one, so framekit
    // reaches the last frame only after the stand-in, which removes it first, reads on.
    write_frames(dir.path(), 5, 200, 200);
    let fake = fake_ffmpeg(
        dir.path(),
        "remover",
        "#!/bin/sh\nrm -f frames/frame_004.png\ncat >/dev/null\nexit 0\n",
    );
    let mut command = framekit(dir.path());
    command
        .args(["stitch", "frames", "-o", "out.mp4", "--ffmpeg"])
        .arg(&fake);
    let said = fails_except(
        &mut command,
        dir.path(),
        1,
        &["cannot read frame frames/frame_004.png"],
        &["frames/frame_004.png"],
    );
    assert_message!("frame_vanishes", said);
}

#[test]
fn an_output_that_appears_meanwhile_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    // Another program writes out.mp4 while framekit works.
    let script = writes_a_video("frame=3\\nprogress=end\\n")
        .replace("exit 0\n", "printf theirs > out.mp4\nexit 0\n");
    let fake = fake_ffmpeg(dir.path(), "rival", &script);
    let mut command = framekit(dir.path());
    command
        .args(["stitch", "frames", "-o", "out.mp4", "--ffmpeg"])
        .arg(&fake);
    let said = fails_except(
        &mut command,
        dir.path(),
        1,
        &["out.mp4 appeared while framekit was working"],
        &["out.mp4"],
    );
    assert_message!("output_appears", said);
    assert_eq!(fs::read(dir.path().join("out.mp4")).unwrap(), b"theirs");
    fs::remove_file(dir.path().join("out.mp4")).unwrap();

    // With --force a file would be replaced; a folder cannot be.
    let script = writes_a_video("frame=3\\nprogress=end\\n")
        .replace("exit 0\n", "mkdir -p out.mp4/theirs\nexit 0\n");
    let fake = fake_ffmpeg(dir.path(), "rival_folder", &script);
    let mut command = framekit(dir.path());
    command
        .args(["stitch", "frames", "-o", "out.mp4", "--force", "--ffmpeg"])
        .arg(&fake);
    let said = fails_except(
        &mut command,
        dir.path(),
        1,
        &["cannot move the finished video into place at out.mp4"],
        &["out.mp4"],
    );
    assert_message!("output_folder_appears", said);
    fs::remove_dir_all(dir.path().join("out.mp4")).unwrap();

    // split: a frame of the same name appears in OUT_DIR (ffmpeg runs in the staging folder).
    video(4).write(dir.path(), "movie.mp4");
    let script = format!(
        "#!/bin/sh\n'{}' \"$@\" || exit $?\nprintf theirs > ../img_00001.png\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "rival_frame", &script);
    let mut command = framekit(dir.path());
    command
        .args(["split", "movie.mp4", "out", "--ffmpeg"])
        .arg(&fake);
    let said = fails_except(
        &mut command,
        dir.path(),
        1,
        &["out/img_00001.png appeared while framekit was working"],
        &["out"],
    );
    assert_message!("frame_appears", said);
    assert_eq!(names(&dir.path().join("out")), ["img_00001.png"]);
}

#[test]
fn split_catches_an_ffmpeg_that_skips_frame_numbers() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, then its first frame goes missing.
    let script = format!(
        "#!/bin/sh\n'{}' \"$@\" || exit $?\nrm -f \"$(ls | grep png | head -n 1)\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "skips", &script);
    let fake = fake.to_str().unwrap();
    let said = fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--ffmpeg", fake],
        1,
        &["ffmpeg skipped frame numbers"],
    );
    assert_message!("ffmpeg_skips_numbers", said);
}

#[test]
fn split_names_what_ffprobe_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    let ffmpeg = installed("ffmpeg");
    let bin = dir.path().join("fake").join("silent");
    fs::create_dir_all(&bin).unwrap();
    symlink(&ffmpeg, bin.join("ffmpeg")).unwrap();
    // --dry-run asks ffprobe about the video; this one fails without a word.
    let ffprobe = stand_in(dir.path(), "silent", "ffprobe", "#!/bin/sh\nexit 1\n");
    let args = ["split", "movie.mp4", "out", "--dry-run", "--ffmpeg"];
    let mut command = framekit(dir.path());
    command.args(args).arg(bin.join("ffmpeg"));
    let said = command_fails(
        &mut command,
        dir.path(),
        1,
        &["movie.mp4 is not a video that ffmpeg can read; nothing was written"],
    );
    assert_message!("ffprobe_says_nothing", said);
    fs::set_permissions(&ffprobe, fs::Permissions::from_mode(0o644)).unwrap();
    let mut command = framekit(dir.path());
    command.args(args).arg(bin.join("ffmpeg"));
    let said = command_fails(&mut command, dir.path(), 1, &["cannot run ffprobe"]);
    assert_message!("split_ffprobe_cannot_run", said);
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

#[cfg(target_os = "linux")]
#[test]
fn split_warns_when_a_video_has_fewer_frames_than_it_declares() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    let bin = dir.path().join("fake").join("boasts");
    fs::create_dir_all(&bin).unwrap();
    symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
    // On a terminal split asks ffprobe for the total of its progress bar; this one says 99.
    let json = r#"{"streams":[{"codec_type":"video","nb_frames":"99","duration":"0.48"}]}"#;
    stand_in(
        dir.path(),
        "boasts",
        "ffprobe",
        &format!("#!/bin/sh\necho '{json}'\n"),
    );
    let output = crate::support::run::in_terminal(
        dir.path(),
        "split movie.mp4 out --ffmpeg fake/boasts/ffmpeg",
        &[],
    );
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert_eq!(names(&dir.path().join("out")).len(), 12);
    let warning = screen
        .split(['\r', '\n'])
        .find(|line| line.contains("warning:"))
        .unwrap_or_else(|| panic!("a warning: {screen}"));
    assert!(
        warning.contains("movie.mp4 declares 99 frames, but ffmpeg decoded 12"),
        "{warning}"
    );
    let warning = crate::support::run::without_escapes(warning);
    assert_message!("declared_frames_differ", warning);
}

#[test]
fn permissions_that_forbid_reading_or_writing_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 48, 16);
    video(5).write(dir.path(), "movie.mp4");
    let mode = |path: &Path, mode: u32| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap()
    };
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "frames_folder_unreadable",
            &["stitch", "frames", "-o", "out.mp4"],
            "cannot read the frames folder frames: permission denied",
        ),
        (
            "frame_unreadable",
            &["stitch", "frames", "-o", "out.mp4"],
            "frames/frame_001.png cannot be read (permission denied)",
        ),
        (
            "output_folder_read_only",
            &["stitch", "frames", "-o", "locked/out.mp4"],
            "cannot write in locked: ",
        ),
        (
            "out_dir_read_only",
            &["split", "movie.mp4", "locked"],
            "cannot write in locked: ",
        ),
        (
            "video_unreadable",
            &["split", "hidden/movie.mp4", "out"],
            "cannot read the video hidden/movie.mp4: ",
        ),
    ];
    fs::create_dir(dir.path().join("locked")).unwrap();
    mode(&dir.path().join("locked"), 0o555);
    fs::create_dir(dir.path().join("hidden")).unwrap();
    fs::copy(
        dir.path().join("movie.mp4"),
        dir.path().join("hidden/movie.mp4"),
    )
    .unwrap();
    mode(&dir.path().join("hidden"), 0o000);
    for (name, args, words) in cases {
        match name {
            "frames_folder_unreadable" => mode(&frames, 0o000),
            "frame_unreadable" => {
                mode(&frames, 0o755);
                mode(&frames.join("frame_001.png"), 0o000);
            }
            _ => mode(&frames.join("frame_001.png"), 0o644),
        }
        let (mut command, _bin) = framekit_unprivileged(dir.path());
        command.args(args);
        let said = command_fails(&mut command, dir.path(), 1, &[words]);
        assert_message!(name, said);
    }
    // So that the folder can be removed by whoever runs the tests.
    mode(&dir.path().join("hidden"), 0o755);
}
