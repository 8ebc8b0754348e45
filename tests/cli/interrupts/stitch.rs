//! SIGINT and SIGTERM during `stitch`: while validating, while photos decode apart,
//! mid-encode, and around the final rename.

use super::*;

#[test]
fn stitch_interrupted_mid_encode_keeps_the_previous_video() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), 300);
    interrupted_mid_encode_keeps_the_previous(
        dir.path(),
        "movie.mp4",
        &["--", "-preset", "veryslow"],
    );
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
fn stitch_interrupted_while_framekit_encodes_a_gif_keeps_the_previous_one() {
    // framekit's own GIF encoder: ffmpeg decodes, framekit quantises and writes.
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), 600);
    interrupted_mid_encode_keeps_the_previous(dir.path(), "movie.gif", &[]);
}

/// Each signal while `stitch frames -o OUTPUT --force` encodes: the documented exit code and
/// message, no ffmpeg left running, the previous OUTPUT as it was, no temporary file.
fn interrupted_mid_encode_keeps_the_previous(dir: &Path, output: &str, extra: &[&str]) {
    let previous = format!("the previous, good {output}");
    fs::write(dir.join(output), &previous).unwrap();
    for signal in ALL {
        let args = [&["stitch", "frames", "-o", output, "--force"][..], extra].concat();
        let child = start(dir, &args);
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
            fs::read(dir.join(output)).unwrap(),
            previous.as_bytes(),
            "{signal:?}"
        );
        assert_eq!(
            names(dir),
            ["frames", output],
            "{signal:?}: no temporary file"
        );
    }
}
