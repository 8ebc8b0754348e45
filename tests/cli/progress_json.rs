//! `--progress-json`: progress as JSON lines on stderr, whatever stderr is (here a pipe),
//! on every route: a folder, stdin direct and spooled, split to a folder and to stdout.
//! Each line parses, counts never go back (within a phase), the last one is the frame
//! count; warnings stay text; `--quiet` gives none.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::Value;

use crate::support::frames::{write_frames, write_transparent_frame};
use crate::support::run::{framekit, framekit_ok, stderr};
use crate::support::video::video;

/// (done, total) of every progress line of a run's stderr.
fn progress_lines(output: &Output) -> Vec<(u64, Option<u64>)> {
    stderr(output)
        .lines()
        .filter(|line| line.starts_with("{\"progress\""))
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("a progress line is JSON");
            let progress = &value["progress"];
            assert_eq!(progress["unit"], "frames", "{line}");
            let done = progress["done"].as_u64().expect("done is a count");
            (done, progress["total"].as_u64())
        })
        .collect()
}

/// Checks the lines count up to `frames`, a new phase starting when the total changes.
fn counts_up_to(lines: &[(u64, Option<u64>)], frames: u64) {
    assert!(!lines.is_empty(), "no progress line");
    for pair in lines.windows(2) {
        let ((before, before_total), (after, after_total)) = (pair[0], pair[1]);
        if before_total == after_total {
            assert!(after >= before, "{lines:?}");
        }
    }
    let (done, total) = *lines.last().unwrap();
    assert_eq!(done, frames, "{lines:?}");
    assert!(total.is_none_or(|total| total == frames), "{lines:?}");
}

fn with_stdin(dir: &Path, args: &[&str], input: Vec<u8>) -> Output {
    let mut child = framekit(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

/// The frames of `dir/frames`, one PNG after another, as a stream.
fn png_stream(dir: &Path, count: u32) -> Vec<u8> {
    let frames = write_frames(dir, count, 32, 16);
    (0..count)
        .flat_map(|index| std::fs::read(frames.join(format!("frame_{index:03}.png"))).unwrap())
        .collect()
}

#[test]
fn stitch_of_a_folder_reports_json_lines_and_warnings_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 300, 32, 16);
    // One frame with transparent pixels: an MP4 cannot hold them, which is a warning.
    write_transparent_frame(&frames.join("frame_000.png"), 0, 32, 16);
    let args = ["stitch", "frames", "-o", "out.mp4", "--progress-json"];
    let output = framekit_ok(dir.path(), &args);
    counts_up_to(&progress_lines(&output), 300);
    let lines = progress_lines(&output);
    assert!(
        lines.iter().all(|(_, total)| *total == Some(300)),
        "{lines:?}"
    );
    assert!(stderr(&output).contains("warning:"), "{}", stderr(&output));
}

#[test]
fn quiet_wins_over_progress_json() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 20, 32, 16);
    let args = ["stitch", "frames", "-o", "out.mp4", "--progress-json", "-q"];
    let output = framekit_ok(dir.path(), &args);
    assert!(progress_lines(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn stitch_from_stdin_reports_on_the_direct_and_the_spool_route() {
    let dir = tempfile::tempdir().unwrap();
    let stream = png_stream(dir.path(), 200);
    let direct = ["stitch", "--stdin-frames", "-o", "a.mp4", "--progress-json"];
    counts_up_to(
        &progress_lines(&with_stdin(dir.path(), &direct, stream.clone())),
        200,
    );
    // --pad keeps the spool: frames received (no total), then encoded (of 200).
    let spool = [
        "stitch",
        "--stdin-frames",
        "-o",
        "b.mp4",
        "--progress-json",
        "--pad",
        "white",
    ];
    let lines = progress_lines(&with_stdin(dir.path(), &spool, stream));
    counts_up_to(&lines, 200);
    assert!(lines.contains(&(200, None)), "{lines:?}");
}

#[test]
fn split_to_a_folder_and_to_stdout_report_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    video(120).write(dir.path(), "in.mp4");
    let to_folder = ["split", "in.mp4", "out", "--progress-json"];
    counts_up_to(&progress_lines(&framekit_ok(dir.path(), &to_folder)), 120);
    let to_stdout = ["split", "in.mp4", "-", "--progress-json"];
    counts_up_to(&progress_lines(&framekit_ok(dir.path(), &to_stdout)), 120);
}
