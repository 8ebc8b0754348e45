//! `framekit split VIDEO -`: the frames on standard output, as PAM images with their times.
//!
//! One module a topic: `same_as_folder` (every mode's frames and times against split's own
//! PNGs and frames.csv, decoding and seeking, on constant- and variable-rate video),
//! `closed_early` (a reader that stops reading), `refusals` (usage errors, failures, the
//! dry run). The stream is read here by a parser of its own, written from the format's
//! description in docs/split.md.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::run::{fails, framekit, stderr};
use crate::support::split_truth::{manifest, DECODE, OWN_CHOICE, SEEK};
use crate::support::video::video;

// Leftover ffmpeg processes are found through /proc.
#[cfg(target_os = "linux")]
mod closed_early;
// Its stand-in is a shell script.
#[cfg(unix)]
mod cut_inside_a_frame;
mod refusals;
mod same_as_folder;
// Its stand-ins are shell scripts.
#[cfg(unix)]
mod without_list;

/// One image of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StreamFrame {
    /// `#pts_seconds` as written: 6 decimals.
    seconds: String,
    width: u32,
    height: u32,
    /// RGB, row by row.
    pixels: Vec<u8>,
}

/// Reads the stream: PAM images back to back, each header exactly as docs/split.md gives it.
fn parse_stream(mut bytes: &[u8]) -> Vec<StreamFrame> {
    let mut frames = Vec::new();
    while !bytes.is_empty() {
        let end = bytes
            .windows(8)
            .position(|w| w == b"\nENDHDR\n")
            .expect("a header ends with ENDHDR")
            + 8;
        let header = std::str::from_utf8(&bytes[..end]).expect("a header is text");
        let lines: Vec<&str> = header.lines().collect();
        assert_eq!(lines.len(), 8, "{header}");
        assert_eq!(lines[0], "P7");
        let width: u32 = lines[1].strip_prefix("WIDTH ").unwrap().parse().unwrap();
        let height: u32 = lines[2].strip_prefix("HEIGHT ").unwrap().parse().unwrap();
        assert_eq!(lines[3..6], ["DEPTH 3", "MAXVAL 255", "TUPLTYPE RGB"]);
        let seconds = lines[6].strip_prefix("#pts_seconds ").unwrap().to_string();
        let (whole, decimals) = seconds.split_once('.').unwrap();
        assert!(
            whole.parse::<i64>().is_ok() && decimals.len() == 6,
            "{seconds}"
        );
        assert_eq!(lines[7], "ENDHDR");
        let size = (width * height * 3) as usize;
        assert!(bytes.len() >= end + size, "the stream ends inside a frame");
        frames.push(StreamFrame {
            seconds,
            width,
            height,
            pixels: bytes[end..end + size].to_vec(),
        });
        bytes = &bytes[end + size..];
    }
    frames
}

/// `framekit split VIDEO - ARGS` with the seek cost `cost`; insists it succeeds.
fn stream(dir: &Path, video: &str, args: &[&str], cost: &str) -> Output {
    let mut command = framekit(dir);
    command.args(["split", video, "-"]).args(args);
    match cost {
        OWN_CHOICE => command.env_remove("FRAMEKIT_SEEK_COST"),
        cost => command.env("FRAMEKIT_SEEK_COST", cost),
    };
    let output = command.output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    output
}

/// What split writes into a folder with the same options: each frame's `pts_seconds` and
/// its PNG's pixels, in order.
fn folder_frames(dir: &Path, video: &str, args: &[&str], cost: &str) -> Vec<StreamFrame> {
    let mut command = framekit(dir);
    command
        .args(["split", video, "folder", "--manifest", "--force"])
        .args(args);
    match cost {
        OWN_CHOICE => command.env_remove("FRAMEKIT_SEEK_COST"),
        cost => command.env("FRAMEKIT_SEEK_COST", cost),
    };
    let output = command.output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let out = dir.join("folder");
    let frames = manifest(&out)
        .into_iter()
        .map(|row| {
            let image = image::open(out.join(&row.file)).unwrap().to_rgb8();
            StreamFrame {
                seconds: format!("{:.6}", row.seconds),
                width: image.width(),
                height: image.height(),
                pixels: image.into_raw(),
            }
        })
        .collect();
    fs::remove_dir_all(&out).unwrap();
    frames
}
