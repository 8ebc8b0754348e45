//! Every error of `framekit split`: the exit code, a message that names the file and the
//! fix, and nothing written or changed.

use std::fs;
use std::path::Path;

use crate::support::tree::names;
use crate::support::video::{tone, video};

/// `framekit ARGS` in `dir`, through the one failure helper ([`crate::support::run::fails`]):
/// exit `code`, each of `words` on stderr, nothing on stdout, `dir` unchanged; and stderr is
/// the snapshot `name` (the real ffmpeg's own words redacted).
fn fails(name: &str, dir: &Path, args: &[&str], code: i32, words: &[&str]) -> String {
    let message = crate::support::run::fails(dir, args, code, words);
    assert_message_quoting_ffmpeg!(name, &message);
    message
}

#[test]
fn digits_too_narrow_for_the_video_are_refused_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    fails(
        "digits_too_narrow",
        dir.path(),
        &["split", "movie.mp4", "out", "--digits", "1"],
        2,
        &["--digits"],
    );
}

#[test]
fn force_never_replaces_a_folder_named_like_a_frame() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    let out = dir.path().join("out");
    // One that this run writes, one that --force would otherwise clear as a stale frame.
    for folder in ["img_00001.png", "img_7.png"] {
        fs::create_dir_all(out.join(folder)).unwrap();
        fs::write(out.join(folder).join("data.txt"), b"precious").unwrap();
        fails(
            &format!("folder_named_like_a_frame_{folder}"),
            dir.path(),
            &["split", "movie.mp4", "out", "--force"],
            1,
            &[&format!("{folder} is a folder")],
        );
        assert_eq!(
            fs::read(out.join(folder).join("data.txt")).unwrap(),
            b"precious"
        );
        assert_eq!(names(&out), [folder], "nothing written");
        fs::remove_dir_all(out.join(folder)).unwrap();
    }
}

#[test]
fn bad_inputs_fail_clearly_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    fs::write(dir.path().join("noise.mp4"), random).unwrap();
    tone(dir.path(), "song.m4a", "1");
    let cases = [
        ("missing.mp4", "does not exist"),
        ("noise.mp4", "is not a video"),
        ("song.m4a", "has no video stream"),
    ];
    for (input, problem) in cases {
        // OUT_DIR must not be created.
        let name = format!("bad_input_{input}");
        fails(
            &name,
            dir.path(),
            &["split", input, "out"],
            1,
            &[input, problem],
        );
    }
    video(5).write(dir.path(), "movie.mp4");
    fs::write(dir.path().join("taken"), b"a file").unwrap();
    fails(
        "out_dir_is_a_file",
        dir.path(),
        &["split", "movie.mp4", "taken"],
        1,
        &["taken"],
    );
    assert_eq!(fs::read(dir.path().join("taken")).unwrap(), b"a file");
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    for (name, args, words) in [
        ("every_zero", vec!["--every", "0"], ""),
        ("start_not_a_time", vec!["--start", "abc"], ""),
        ("end_before_start", vec!["--start", "5", "--end", "2"], ""),
        ("prefix_with_a_folder", vec!["--prefix", "a/b"], ""),
        ("fps_zero", vec!["--fps", "0"], ""),
        ("fps_and_every", vec!["--fps", "2", "--every", "2"], ""),
        ("unknown_format", vec!["--format", "bmp"], ""),
        // Added with the snapshots: one case for each of the other usage errors.
        (
            "digits_zero",
            vec!["--digits", "0"],
            "--digits must be between 1 and 18",
        ),
        (
            "digits_too_wide",
            vec!["--digits", "19"],
            "--digits must be between 1 and 18",
        ),
        (
            "fast_jpeg",
            vec!["--fast", "--format", "jpg"],
            "--fast applies to PNG frames only",
        ),
        ("seconds_past_59", vec!["--start", "1:75"], "has 75 seconds"),
        (
            "fps_above_maximum",
            vec!["--fps", "2000"],
            "above the maximum of 1000",
        ),
        ("every_not_a_number", vec!["--every", "two"], "--every"),
        // Issue 15's modes: each bad value named, before anything is read.
        (
            "count_zero",
            vec!["--count", "0"],
            "--count must be 1 or more, not 0",
        ),
        (
            "count_and_every",
            vec!["--count", "3", "--every", "2"],
            "'--count <N>' cannot be used with '--every <N>'",
        ),
        (
            "at_and_fps",
            vec!["--at", "1", "--fps", "2"],
            "cannot be used with",
        ),
        (
            "keyframes_and_scene",
            vec!["--keyframes", "--scene", "0.3"],
            "cannot be used with",
        ),
        (
            "at_with_start",
            vec!["--at", "1", "--start", "0.5"],
            "cannot be used with",
        ),
        (
            "at_not_a_time",
            vec!["--at", "1,soon"],
            "'soon' is not a time",
        ),
        (
            "scene_above_one",
            vec!["--scene", "1.5"],
            "'1.5' is not a scene threshold",
        ),
        (
            "scene_below_zero",
            vec!["--scene=-0.1"],
            "'-0.1' is not a scene threshold",
        ),
        ("scene_not_a_number", vec!["--scene", "high"], "--scene"),
        ("width_too_small", vec!["--width", "1"], "--width"),
    ] {
        let args = [&["split", "movie.mp4", "out"], &args[..]].concat();
        let words: &[&str] = if words.is_empty() { &[] } else { &[words] };
        fails(&format!("usage_{name}"), dir.path(), &args, 2, words);
    }
}

#[test]
fn missing_ffmpeg_exits_127_with_install_help() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    fails(
        "missing_ffmpeg",
        dir.path(),
        &[
            "split",
            "movie.mp4",
            "out",
            "--ffmpeg",
            "/nonexistent/ffmpeg",
        ],
        127,
        &["apt install ffmpeg"],
    );
}

#[test]
fn a_folder_given_as_the_video_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("clips")).unwrap();
    fails(
        "video_is_a_folder",
        dir.path(),
        &["split", "clips", "out"],
        1,
        &["the video clips is not a file"],
    );
}

#[test]
fn an_out_dir_that_cannot_be_made_is_named() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    fs::write(dir.path().join("afile"), b"a file").unwrap();
    let message = crate::support::run::fails(
        dir.path(),
        &["split", "movie.mp4", "afile/frames"],
        1,
        &["cannot create the folder afile/frames"],
    );
    // The system's own words end the message, and Windows has others.
    if cfg!(unix) {
        assert_message!("out_dir_cannot_be_created", message);
    }
}

#[test]
fn a_range_past_the_end_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    fails(
        "no_frames_in_the_range",
        dir.path(),
        &["split", "movie.mp4", "out", "--start", "60"],
        1,
        &["no frames were decoded from movie.mp4 in the range asked for"],
    );
}

#[test]
fn a_clash_with_earlier_frames_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("img_00003.png"), b"precious").unwrap();
    fs::write(out.join("frames.csv"), b"mine").unwrap();
    let message = fails(
        "earlier_frames",
        dir.path(),
        &["split", "movie.mp4", "out", "--manifest"],
        1,
        &[
            "out already holds 2 file(s) this run would replace",
            "--force",
        ],
    );
    // A frame is the example, rather than the manifest.
    assert!(message.contains("such as img_00003.png"), "{message}");
}

#[test]
fn bad_at_files_are_named_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    fs::write(dir.path().join("times.txt"), "0.1\n# fine\nsoon\n").unwrap();
    fs::write(dir.path().join("empty.txt"), "\n# nothing\n").unwrap();
    for (name, file, code, words) in [
        (
            "at_file_bad_line",
            "times.txt",
            2,
            "times.txt line 3: 'soon' is not a time",
        ),
        ("at_file_empty", "empty.txt", 2, "empty.txt holds no times"),
    ] {
        fails(
            name,
            dir.path(),
            &["split", "movie.mp4", "out", "--at-file", file],
            code,
            &[words],
        );
    }
    let message = crate::support::run::fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--at-file", "missing.txt"],
        1,
        &["cannot read the --at-file missing.txt"],
    );
    // The system's own words end the message, and Windows has others.
    if cfg!(unix) {
        assert_message!("at_file_missing", message);
    }
}

#[test]
fn times_past_the_end_are_refused_with_the_video_s_length() {
    let dir = tempfile::tempdir().unwrap();
    // 10 frames at 25 fps: the last at 0.36 s, the video 0.4 s long.
    video(10).write(dir.path(), "movie.mp4");
    fails(
        "at_past_the_end",
        dir.path(),
        &["split", "movie.mp4", "out", "--at", "0.1,9,0.37"],
        1,
        &["--at 9, 0.37 are past the end of movie.mp4", "0.400 s"],
    );
    fails(
        "count_past_the_end",
        dir.path(),
        &["split", "movie.mp4", "out", "--count", "3", "--start", "60"],
        1,
        &[
            "movie.mp4 has no frames in the range asked for (--start 60)",
            "0.400 s",
        ],
    );
}

#[test]
fn a_range_without_key_frames_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    // Key frames at 0 and 2 s only.
    video(100).keyint(50).write(dir.path(), "movie.mp4");
    fails(
        "no_key_frames_in_the_range",
        dir.path(),
        &[
            "split",
            "movie.mp4",
            "out",
            "--keyframes",
            "--start",
            "0.1",
            "--end",
            "1.9",
        ],
        1,
        &["movie.mp4 has no key frame in the range asked for"],
    );
}

// A folder holding only ffmpeg, as PATH: Unix symlinks.
#[cfg(unix)]
#[test]
fn modes_that_list_the_frames_need_ffprobe_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(
        crate::support::stand_in::installed("ffmpeg"),
        bin.join("ffmpeg"),
    )
    .unwrap();
    for (name, args, words) in [
        (
            "needs_ffprobe_count",
            vec!["--count", "3"],
            "--count 3 needs ffprobe",
        ),
        (
            "needs_ffprobe_manifest",
            vec!["--manifest"],
            "--manifest needs ffprobe",
        ),
    ] {
        let mut command = crate::support::run::framekit(dir.path());
        command
            .args(["split", "movie.mp4", "out"])
            .args(&args)
            .env("PATH", &bin);
        let said = crate::support::run::command_fails(&mut command, dir.path(), 127, &[words]);
        assert_message!(name, said);
    }
}
