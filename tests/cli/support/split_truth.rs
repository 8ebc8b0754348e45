//! The ground truth for `split`'s tests: framekit's manifest checked against every frame
//! of the source decoded by ffmpeg (its framemd5 hashes in RGB, ffprobe's time of each),
//! and each sampling rule written again from its definition over those frames.

use std::fs;
use std::path::Path;

use crate::support::run::{framekit, stderr};
use crate::support::tree::names;
use crate::support::video::{image_hashes, DecodedFrame};

/// What starting another ffmpeg is thought to cost (`FRAMEKIT_SEEK_COST`): `SEEK` makes
/// framekit seek wherever a picked frame is not next to the one before, `DECODE` never;
/// with `OWN_CHOICE` the variable is unset, and framekit weighs the cost itself.
pub const SEEK: &str = "0";
pub const DECODE: &str = "1000000";
pub const OWN_CHOICE: &str = "";

/// One row of frames.csv.
#[derive(Debug)]
pub struct Row {
    pub file: String,
    pub seconds: f64,
    pub source_frame: usize,
}

pub fn manifest(out: &Path) -> Vec<Row> {
    let text = fs::read_to_string(out.join("frames.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("index,file,pts_seconds,source_frame"));
    lines
        .enumerate()
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields[0], (i + 1).to_string(), "{line}");
            Row {
                file: fields[1].to_string(),
                seconds: fields[2].parse().unwrap(),
                source_frame: fields[3].parse().unwrap(),
            }
        })
        .collect()
}

/// `framekit split VIDEO OUT ARGS --manifest --json` with `FRAMEKIT_SEEK_COST=cost`; checks
/// that the manifest is the truth about `source` (pixels and times), and returns the source
/// frames written, in order, and the JSON report.
pub fn split(
    dir: &Path,
    video: &str,
    out: &str,
    args: &[&str],
    cost: &str,
    source: &[DecodedFrame],
) -> (Vec<usize>, serde_json::Value) {
    let mut command = framekit(dir);
    command
        .args(["split", video, out, "--manifest", "--json", "--force"])
        .args(args);
    match cost {
        OWN_CHOICE => command.env_remove("FRAMEKIT_SEEK_COST"),
        cost => command.env("FRAMEKIT_SEEK_COST", cost),
    };
    let output = command.output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let out = dir.join(out);
    let rows = manifest(&out);
    assert_eq!(report["frames"], rows.len(), "{args:?}");
    let mut files = names(&out);
    files.retain(|name| name != "frames.csv");
    assert_eq!(
        files,
        rows.iter().map(|row| row.file.clone()).collect::<Vec<_>>(),
        "{args:?}"
    );
    let hashes = image_hashes(&out.join("img_%05d.png"));
    assert_eq!(hashes.len(), rows.len(), "{args:?}");
    for (row, hash) in rows.iter().zip(&hashes) {
        let frame = &source[row.source_frame];
        assert_eq!(
            *hash, frame.hash,
            "{args:?}: {} is not source frame {}",
            row.file, row.source_frame
        );
        assert!(
            (row.seconds - frame.seconds).abs() < 2e-6,
            "{args:?}: {} says {} s, but source frame {} is at {} s",
            row.file,
            row.seconds,
            row.source_frame,
            frame.seconds
        );
    }
    fs::remove_dir_all(&out).unwrap();
    (rows.iter().map(|row| row.source_frame).collect(), report)
}

/// The rules, written again from their definitions, over every decoded frame.
pub mod rule {
    use super::DecodedFrame;

    /// The frames in [start, end).
    pub fn range(source: &[DecodedFrame], start: f64, end: f64) -> Vec<usize> {
        (0..source.len())
            .filter(|&i| source[i].seconds >= start - 1e-9 && source[i].seconds < end - 1e-9)
            .collect()
    }

    /// The first frame at or after `time`.
    pub fn at(source: &[DecodedFrame], time: f64) -> usize {
        (0..source.len())
            .find(|&i| source[i].seconds >= time - 1e-9)
            .expect("a frame at or after the time")
    }

    /// For each step `start + k/rate` (k below `limit`), the first frame of `frames` at or
    /// after it (a frame within 1e-4 step of it counts as on it), none twice.
    pub fn steps(
        source: &[DecodedFrame],
        frames: &[usize],
        start: f64,
        rate: f64,
        limit: Option<usize>,
    ) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::new();
        for k in 0..limit.unwrap_or(usize::MAX) {
            let step = start + k as f64 / rate - 1e-4 / rate;
            let Some(&frame) = frames.iter().find(|&&i| source[i].seconds >= step) else {
                break;
            };
            if chosen.last() != Some(&frame) {
                chosen.push(frame);
            }
        }
        chosen
    }
}
