//! Messages that lead somewhere: each names what went wrong and a next step that works
//! (a suggested command is run to prove it), and none points the wrong way.

use std::fs;

use crate::support::frames::write_frames;
use crate::support::paths::native;
use crate::support::run::{fails, framekit_ok};
use crate::support::video::{count_frames, video};

#[test]
fn a_glob_of_folders_suggests_a_command_that_works() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 96, 32);
    let runs = dir.path().join("runs");
    fs::create_dir_all(runs.join("a_empty")).unwrap();
    fs::rename(&frames, runs.join("b_frames")).unwrap();
    let message = fails(
        dir.path(),
        &["stitch", "runs", "-o", "x.mp4", "--glob", "**/*.png"],
        2,
        &[
            "--glob '**/*.png' holds a folder",
            &native("framekit stitch runs/b_frames"),
        ],
    );
    assert_message!("glob_of_folders", &message);
    // The suggestion, as printed, works.
    let command = message
        .lines()
        .find_map(|line| line.split(": framekit stitch ").nth(1))
        .expect("a suggested command");
    let mut args: Vec<String> = ["stitch"]
        .into_iter()
        .chain(command.split(' '))
        // The quotes of a POSIX shell or of cmd.exe.
        .map(|word| word.trim_matches(['\'', '"']).to_string())
        .collect();
    args.extend(["-o".into(), "x.mp4".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    framekit_ok(dir.path(), &args);
    assert_eq!(count_frames(&dir.path().join("x.mp4")), 3);
}

#[test]
fn a_value_that_starts_with_a_dash_is_not_sent_to_ffmpegs_side_of_dashes() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    let message = fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--start", "-1"],
        2,
        &["unexpected argument '-1'", "--name=-1", "./-1"],
    );
    assert!(!message.contains("use '-- -1'"), "{message}");
    assert_message!("dash_value_tip", &message);
}

#[test]
fn framekits_own_options_after_dashes_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let message = fails(
        dir.path(),
        &[
            "stitch", "frames", "-o", "x.mp4", "--", "-vf", "hflip", "--json",
        ],
        2,
        &[
            "--json is framekit's own option, but it comes after --",
            "move --json before the --",
        ],
    );
    assert!(!message.contains("Unrecognized option"), "{message}");
    assert_message!("own_option_after_dashes", &message);
}

#[test]
fn an_end_at_or_before_the_start_is_one_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    let alone = fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--end", "0"],
        2,
        &["--end 0 is not after the start of the video (0)"],
    );
    let before = fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--start", "3", "--end", "2"],
        2,
        &["--end 2 is not after --start 3"],
    );
    assert_message!("end_zero", &alone);
    assert_message!("end_before_start", &before);
}

#[test]
fn standard_input_and_urls_are_not_supported_by_split() {
    let dir = tempfile::tempdir().unwrap();
    let stdin = fails(dir.path(), &["split", "-", "out"], 2, &["not supported"]);
    let url = fails(
        dir.path(),
        &["split", "https://example.org/clip.mp4", "out"],
        2,
        &[
            "URLs such as https://example.org/clip.mp4 are not supported",
            "download",
        ],
    );
    assert_message!("split_stdin", &stdin);
    assert_message!("split_url", &url);
    // sheet runs split's route for a video: the messages name the command typed.
    let sheet = fails(
        dir.path(),
        &["sheet", "-", "-o", "s.png"],
        2,
        &["not supported"],
    );
    assert!(
        sheet.contains("sheet needs a file") && !sheet.contains("split"),
        "{sheet}"
    );
    let sheet = fails(
        dir.path(),
        &["sheet", "https://example.org/clip.mp4", "-o", "s.png"],
        2,
        &["framekit sheet"],
    );
    assert!(!sheet.contains("split"), "{sheet}");
}

#[test]
fn a_soundtrack_that_is_not_media_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    // Not .txt: ffmpeg 4.x reads a .txt file as a video of its text (the tty demuxer).
    fs::write(dir.path().join("notes.md"), "not a sound\n").unwrap();
    let message = fails(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--audio", "notes.md"],
        1,
        &[
            "the soundtrack notes.md is not a sound or video file that ffmpeg can read",
            "nothing was written",
        ],
    );
    assert!(!message.contains("frame"), "no frame is blamed: {message}");
    assert_message!("soundtrack_not_media", &message);
}

#[test]
fn an_existing_output_is_one_this_run_would_replace() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    fs::write(dir.path().join("x.mp4"), b"keep").unwrap();
    fails(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4"],
        1,
        &[
            "x.mp4 already exists, and this run would replace it",
            "--force",
        ],
    );
}

#[test]
#[cfg(unix)]
fn json_gives_the_exact_output_path_when_it_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff.mp4");
    let output = crate::support::run::framekit(dir.path())
        .args(["stitch", "frames", "--json", "-o"])
        .arg(name)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        crate::support::run::stderr(&output)
    );
    assert!(dir.path().join(name).is_file());
    let text = String::from_utf8(output.stdout).unwrap();
    // Each byte that is not UTF-8 is \udcXX (Python's surrogateescape: os.fsencode gives
    // the bytes back).
    assert!(
        text.contains(r#""output":"caf\udce9 \udcff.mp4""#),
        "{text}"
    );
}
