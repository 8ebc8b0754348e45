//! Every error of `framekit split`: the exit code, a message that names the file and the
//! fix, and nothing written or changed.

use std::fs;

use crate::support::run::fails;
use crate::support::tree::names;
use crate::support::video::{tone, video};

#[test]
fn digits_too_narrow_for_the_video_are_refused_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    fails(
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
        fails(dir.path(), &["split", input, "out"], 1, &[input, problem]);
    }
    video(5).write(dir.path(), "movie.mp4");
    fs::write(dir.path().join("taken"), b"a file").unwrap();
    fails(dir.path(), &["split", "movie.mp4", "taken"], 1, &["taken"]);
    assert_eq!(fs::read(dir.path().join("taken")).unwrap(), b"a file");
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    for args in [
        vec!["--every", "0"],
        vec!["--start", "abc"],
        vec!["--start", "5", "--end", "2"],
        vec!["--prefix", "a/b"],
        vec!["--fps", "0"],
        vec!["--fps", "2", "--every", "2"],
        vec!["--format", "bmp"],
    ] {
        let args = [&["split", "movie.mp4", "out"], &args[..]].concat();
        fails(dir.path(), &args, 2, &[]);
    }
}

#[test]
fn missing_ffmpeg_exits_127_with_install_help() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    fails(
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
