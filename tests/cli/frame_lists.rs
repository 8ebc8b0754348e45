//! Frames from a list on standard input (`stitch -`, `-0`) and from subfolders
//! (`--recursive`): the frames given, in the order given or sorted by their path inside DIR,
//! decoded back to prove it.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::support::frames::{write_frame, write_frames};
use crate::support::run::{fails, framekit, stderr};
use crate::support::video::indices;

/// `framekit ARGS` in `dir` with `input` on its standard input.
fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = framekit(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // framekit may refuse before it reads: a closed pipe is not the test's failure.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn succeeds(output: Output) -> Output {
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

#[test]
fn a_list_on_stdin_gives_its_frames_in_its_order() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 96, 32);
    // Not sorted, and with a Windows line ending on one line.
    let list = "frames/frame_004.png\nframes/frame_001.png\r\nframes/frame_005.png\n\nframes/frame_000.png\n";
    succeeds(with_stdin(
        dir.path(),
        &["stitch", "-", "-o", "list.mp4"],
        list.as_bytes(),
    ));
    assert_eq!(indices(&dir.path().join("list.mp4"), 96, 32), [4, 1, 5, 0]);
    // --sort, when given, orders the list.
    succeeds(with_stdin(
        dir.path(),
        &["stitch", "-", "-o", "sorted.mp4", "--sort", "natural"],
        list.as_bytes(),
    ));
    assert_eq!(
        indices(&dir.path().join("sorted.mp4"), 96, 32),
        [0, 1, 4, 5]
    );
}

#[test]
fn a_nul_separated_list_takes_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("odd names");
    fs::create_dir(&frames).unwrap();
    // (A line break or a colon is no name on Windows.)
    let names: &[&str] = if cfg!(windows) {
        &["-dash.png", "x+y=1.png", "space .png", "caf\u{e9}.png"]
    } else {
        &["new\nline.png", "-dash.png", "concat:x.png", "space .png"]
    };
    for (index, name) in names.iter().enumerate() {
        write_frame(&frames.join(name), index as u32, 96, 32);
    }
    let mut list = Vec::new();
    for name in names.iter().rev() {
        list.extend(format!("odd names/{name}").as_bytes());
        list.push(0);
    }
    succeeds(with_stdin(
        dir.path(),
        &["stitch", "-", "-0", "-o", "odd.mp4"],
        &list,
    ));
    assert_eq!(indices(&dir.path().join("odd.mp4"), 96, 32), [3, 2, 1, 0]);
}

#[test]
fn a_path_listed_twice_is_a_frame_each_time_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let list = b"frames/frame_000.png\nframes/frame_001.png\nframes/frame_000.png\n";
    let output = succeeds(with_stdin(
        dir.path(),
        &["stitch", "-", "-o", "twice.mp4"],
        list,
    ));
    assert_eq!(indices(&dir.path().join("twice.mp4"), 96, 32), [0, 1, 0]);
    let said = stderr(&output);
    assert!(
        said.contains("frames/frame_000.png is listed 2 times: each listing is a frame of its own"),
        "{said}"
    );
}

/// Runs `stitch -` with `list` and expects the failure helper's checks; returns stderr.
fn list_fails(dir: &Path, args: &[&str], list: &[u8], code: i32, words: &[&str]) -> String {
    let before = crate::support::tree::tree(dir);
    let output = with_stdin(dir, args, list);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{said}");
    for word in words {
        assert!(said.contains(word), "{word:?} missing from {said}");
    }
    assert!(output.stdout.is_empty());
    assert_eq!(crate::support::tree::tree(dir), before, "nothing written");
    said
}

#[test]
fn empty_lists_and_missing_paths_are_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let empty = list_fails(
        dir.path(),
        &["stitch", "-", "-o", "x.mp4"],
        b"\n\n",
        1,
        &["standard input held no frame paths"],
    );
    assert_message!("empty_list", &empty);
    let missing = list_fails(
        dir.path(),
        &["stitch", "-", "-o", "x.mp4"],
        b"frames/frame_000.png\nframes/nope.png\n",
        1,
        &[
            "frames/nope.png (frame 2 of the list) does not exist",
            "nothing was written",
        ],
    );
    assert_message!("missing_listed_frame", &missing);
}

#[test]
fn options_for_folders_or_for_lists_only_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let glob = list_fails(
        dir.path(),
        &["stitch", "-", "--glob", "*.png", "-o", "x.mp4"],
        b"frames/frame_000.png\n",
        2,
        &["--glob chooses files in a folder, but DIR is -"],
    );
    assert_message!("glob_with_list", &glob);
    let null = fails(
        dir.path(),
        &["stitch", "frames", "-0", "-o", "x.mp4"],
        2,
        &["-0 (--null)"],
    );
    assert_message!("null_without_list", &null);
}

#[test]
fn recursive_takes_subfolders_in_order_of_their_paths_and_skips_hidden_ones() {
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    for (folder, index) in [
        ("b", 2u32),
        ("a/x", 1),
        ("a", 0),
        (".cache", 9),
        ("c/d/e", 3),
    ] {
        fs::create_dir_all(runs.join(folder)).unwrap();
        write_frame(&runs.join(folder).join("plot.png"), index, 96, 32);
    }
    // A loose frame at the top sorts by its own name.
    write_frame(&runs.join("zz.png"), 4, 96, 32);
    framekit(dir.path())
        .args(["stitch", "runs", "-r", "-o", "all.mp4"])
        .output()
        .map(succeeds)
        .unwrap();
    // a/plot.png, a/x/plot.png, b/plot.png, c/d/e/plot.png, zz.png; .cache left out.
    assert_eq!(
        indices(&dir.path().join("all.mp4"), 96, 32),
        [0, 1, 2, 3, 4]
    );
    // Without --recursive only zz.png is a frame.
    framekit(dir.path())
        .args(["stitch", "runs", "-o", "top.mp4"])
        .output()
        .map(succeeds)
        .unwrap();
    assert_eq!(indices(&dir.path().join("top.mp4"), 96, 32), [4]);
}
