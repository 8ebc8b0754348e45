//! `--bounce`: the frames forward then backward, the turning frames shown once, read back
//! by decoding each frame's index (ffmpeg, and the `image` crate for animations), with
//! `--durations` and `--hold-last` timed by decoding too.

use super::*;

/// The indices an animation shows, decoded by the `image` crate (not ffmpeg).
fn shown_indices(path: &Path) -> Vec<u32> {
    animation_frames(path).iter().map(index_of).collect()
}

fn delays_ms(path: &Path) -> Vec<u128> {
    animation_frames(path)
        .iter()
        .map(|f| f.delay.as_millis())
        .collect()
}

#[test]
fn bounce_turns_once_at_each_end_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 96, 32);
    // A video plays once: it comes back to frame 1. A looping animation stops before it,
    // as its next play starts on frame 1.
    let outputs: [(&str, &[u32]); 7] = [
        ("b.mp4", &[0, 1, 2, 3, 2, 1, 0]),
        ("b.mov", &[0, 1, 2, 3, 2, 1, 0]),
        ("b.mkv", &[0, 1, 2, 3, 2, 1, 0]),
        ("b.webm", &[0, 1, 2, 3, 2, 1, 0]),
        ("b.gif", &[0, 1, 2, 3, 2, 1]),
        ("b.webp", &[0, 1, 2, 3, 2, 1]),
        ("b.apng", &[0, 1, 2, 3, 2, 1]),
    ];
    for (output, expected) in outputs {
        let said = framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--bounce", "--json"],
        );
        let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
        assert_eq!(report["frames"], expected.len(), "{output}");
        let path = dir.path().join(output);
        if output.ends_with(".webp") || output.ends_with(".apng") {
            assert_eq!(shown_indices(&path), expected, "{output}");
            continue;
        }
        assert_eq!(
            indices(&path, 96, 32),
            expected,
            "{output} decoded by ffmpeg"
        );
        if output.ends_with(".gif") {
            assert_eq!(shown_indices(&path), expected, "{output} decoded by image");
        }
    }
}

#[test]
fn bounce_of_an_animation_that_plays_once_comes_back_to_frame_one() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let args = [
        "stitch", "frames", "-o", "once.gif", "--bounce", "--plays", "1",
    ];
    framekit_ok(dir.path(), &args);
    let path = dir.path().join("once.gif");
    assert_eq!(shown_indices(&path), [0, 1, 2, 1, 0]);
    assert_eq!(plays(&path), Some(1));
}

#[test]
fn bounce_keeps_each_frames_duration_on_the_way_back() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 96, 32);
    fs::write(
        dir.path().join("d.csv"),
        "file,seconds\nframe_001.png,0.5\nframe_003.png,0.3\n",
    )
    .unwrap();
    let timed = ["--fps", "10", "--durations", "d.csv", "--bounce"];
    framekit_ok(
        dir.path(),
        &[&["stitch", "frames", "-o", "d.gif"], &timed[..]].concat(),
    );
    let gif = dir.path().join("d.gif");
    assert_eq!(shown_indices(&gif), [0, 1, 2, 3, 2, 1]);
    assert_eq!(delays_ms(&gif), [100, 500, 100, 300, 100, 500]);

    framekit_ok(
        dir.path(),
        &[&["stitch", "frames", "-o", "d.mp4"], &timed[..]].concat(),
    );
    let mp4 = dir.path().join("d.mp4");
    assert_eq!(indices(&mp4, 96, 32), [0, 1, 2, 3, 2, 1, 0]);
    let expected_starts = [0.0, 0.1, 0.6, 0.7, 1.0, 1.1, 1.6];
    let times = frame_times(&mp4);
    assert_eq!(times.len(), expected_starts.len(), "{times:?}");
    for (got, want) in times.iter().zip(expected_starts) {
        assert!((got - want).abs() < 0.001, "{times:?}");
    }
    let seconds = duration(&mp4);
    assert!((seconds - 1.7).abs() < 0.002, "{seconds} s");
}

#[test]
fn bounce_with_hold_last_rests_on_frame_one() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let held = ["--fps", "10", "--hold-last", "2", "--bounce"];
    framekit_ok(
        dir.path(),
        &[&["stitch", "frames", "-o", "h.gif"], &held[..]].concat(),
    );
    let gif = dir.path().join("h.gif");
    assert_eq!(shown_indices(&gif), [0, 1, 2, 1, 0]);
    assert_eq!(delays_ms(&gif), [100, 100, 100, 100, 2000]);

    framekit_ok(
        dir.path(),
        &[&["stitch", "frames", "-o", "h.mp4"], &held[..]].concat(),
    );
    let mp4 = dir.path().join("h.mp4");
    assert_eq!(indices(&mp4, 96, 32), [0, 1, 2, 1, 0]);
    let seconds = duration(&mp4);
    assert!((seconds - 2.4).abs() < 0.002, "{seconds} s");
}

#[test]
fn bounce_of_frames_from_stdin_plays_them_back_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut stream = Vec::new();
    for index in 0..3 {
        let path = dir.path().join(format!("{index}.png"));
        crate::support::frames::write_frame(&path, index, 96, 32);
        stream.extend(fs::read(&path).unwrap());
    }
    let mut child = crate::support::run::framekit(dir.path())
        .args(["stitch", "--stdin-frames", "-o", "s.mp4", "--bounce"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &stream).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(indices(&dir.path().join("s.mp4"), 96, 32), [0, 1, 2, 1, 0]);
}

#[test]
fn bounce_dry_run_lists_the_frames_there_and_back() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let said = framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "b.gif", "--bounce", "--dry-run"],
    );
    let line = String::from_utf8_lossy(&said.stdout);
    // Each frame's name where it stands: `cat -- frames/...` here, one `concat:` word for
    // cmd.exe on Windows.
    let listed: Vec<&str> = line
        .match_indices("frame_")
        .map(|(at, _)| &line[at..at + "frame_000.png".len()])
        .collect();
    assert_eq!(
        listed,
        [
            "frame_000.png",
            "frame_001.png",
            "frame_002.png",
            "frame_001.png"
        ],
        "{line}"
    );
    assert!(!dir.path().join("b.gif").exists());
}

#[test]
fn bounce_with_timestamps_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    fs::write(dir.path().join("t.csv"), "file,pts_seconds\n").unwrap();
    let args = [
        "stitch",
        "frames",
        "-o",
        "t.mp4",
        "--bounce",
        "--timestamps",
        "t.csv",
    ];
    fails(dir.path(), &args, 2, &["--bounce", "--timestamps"]);
    assert!(!dir.path().join("t.mp4").exists());
}
