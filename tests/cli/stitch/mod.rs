//! `framekit stitch` against the real ffmpeg: these frames, in this order, nothing else,
//! proved by decoding each frame's index back out of the video.
//!
//! One module a topic: `order` (the order of frames, whatever their names), `inputs` (PNGs
//! of every colour type and depth, JPEGs chosen by a glob), `sizes` (odd sizes, photos
//! turned upright, `--width`, filters after `--`), `pad` (`--pad` on frames of different
//! sizes), `outputs` (rates, codecs, extra options, a soundtrack, `--force`) and `reports`
//! (`--json`, quiet runs, the progress bar). `assert_video`, which `sizes` and `pad` share,
//! is here.

use std::fs;
use std::path::Path;

use assert_cmd::prelude::*;
use predicates::prelude::*;
use predicates::str::contains;

use crate::support::frames::{
    with_exif_orientation, write_frame, write_frames, write_jpeg_frames, write_kind_frame, Kind,
    ALL_KINDS,
};
use crate::support::paths::native;
use crate::support::run::{framekit, framekit_ok, stderr};
use crate::support::tree::names;
use crate::support::video::{
    container_duration, count_frames, ffmpeg, gray_frame, indices, probe, tone,
    x264_options_missing, x264_settings,
};

mod inputs;
mod order;
mod outputs;
mod pad;
mod reports;
mod sizes;

/// Asserts that `video` is `size` and `frames` frames long, as ffprobe decodes it, and that
/// framekit's `--json` report (when given) says the same size.
fn assert_video(video: &Path, report: Option<&[u8]>, size: (u32, u32), frames: u64) {
    let stream = probe(video, "v:0", "width,height");
    let probed: (u32, u32) = (
        stream["width"].parse().unwrap(),
        stream["height"].parse().unwrap(),
    );
    assert_eq!(probed, size, "{}", video.display());
    if let Some(report) = report {
        let report: serde_json::Value = serde_json::from_slice(report).unwrap();
        let reported = (report["width"].as_u64(), report["height"].as_u64());
        let expected = (Some(u64::from(size.0)), Some(u64::from(size.1)));
        assert_eq!(reported, expected, "the report of {}", video.display());
    }
    assert_eq!(count_frames(video), frames, "{}", video.display());
}
