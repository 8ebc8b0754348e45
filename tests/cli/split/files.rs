//! The files around a split: existing frames kept without `--force`, missing parents made,
//! hostile input names opened as local files, and a dry run's command that does the same.

use super::*;

#[test]
fn existing_frames_are_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("img_00003.png"), b"precious").unwrap();
    fs::write(out.join("img_00500.png"), b"stale").unwrap();
    fs::write(out.join("notes.txt"), b"mine").unwrap();
    fs::write(out.join("other_00001.png"), b"other prefix").unwrap();

    let said = fails(dir.path(), &["split", "movie.mp4", "out"], 1, &["--force"]);
    assert_message!("earlier_frames_without_force", said);
    assert_eq!(fs::read(out.join("img_00003.png")).unwrap(), b"precious");
    assert_eq!(names(&out).len(), 4, "nothing added or removed");

    framekit(dir.path())
        .args(["split", "movie.mp4", "out", "--force"])
        .assert()
        .success();
    let mut expected = expected_names("img_", 5, 10, "png");
    expected.extend(["notes.txt".into(), "other_00001.png".into()]);
    expected.sort();
    assert_eq!(
        names(&out),
        expected,
        "this run's names replaced, nothing else touched"
    );
    assert_ne!(fs::read(out.join("img_00003.png")).unwrap(), b"precious");
    assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn creates_missing_parents() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    framekit(dir.path())
        .args(["split", "movie.mp4", "a/b/c"])
        .assert()
        .success();
    assert_eq!(names(&dir.path().join("a/b/c")).len(), 5);
}

// Windows forbids some of these characters in names, and has no sh.
#[cfg(unix)]
#[test]
fn hostile_input_names_are_opened_as_local_files() {
    let dir = tempfile::tempdir().unwrap();
    video(6).write(dir.path(), "movie.mp4");
    for name in ["-clip.mp4", "concat:x.mp4", "a b'c.mp4", "file:y.mp4"] {
        fs::copy(dir.path().join("movie.mp4"), dir.path().join(name)).unwrap();
        // `--` ends the options, as for any command, so `-clip.mp4` is a name.
        framekit(dir.path())
            .args(["split", "--force", "--", name, "out"])
            .assert()
            .success();
        assert_eq!(names(&dir.path().join("out")).len(), 6, "{name}");
    }
}

// Windows forbids some of these characters in names, and has no sh.
#[cfg(unix)]
#[test]
fn dry_run_prints_a_command_that_does_the_same() {
    let dir = tempfile::tempdir().unwrap();
    video(15).write(dir.path(), "my movie.mp4");
    // A % for ffmpeg's pattern, a colon that ffmpeg would read as a protocol, a dash that it
    // would read as an option.
    for out in ["out 1%", "a:b", "-out"] {
        let output = framekit(dir.path())
            .args([
                "split",
                "my movie.mp4",
                "--every",
                "2",
                "--dry-run",
                "--",
                out,
            ])
            .assert()
            .success();
        assert!(!dir.path().join(out).exists(), "a dry run writes nothing");
        let command = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        tool("sh", &["-c", &command], dir.path());
        assert_eq!(
            names(&dir.path().join(out)),
            expected_names("img_", 5, 8, "png"),
            "{out}"
        );
    }
}
