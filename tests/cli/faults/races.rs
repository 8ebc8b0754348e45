//! Files that change while framekit runs, and runs into one folder at once.

use super::*;

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
