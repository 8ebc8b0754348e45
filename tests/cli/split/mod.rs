//! `framekit split` against the real ffmpeg, on videos the tests make with ffmpeg.
//!
//! One module a topic: `frames` (the frames written), `reports` (`--json` and the progress
//! bar), `files` (what is there before, and the dry run), and `with_other_binaries` (ffmpeg
//! and ffprobe chosen or stood in for, Unix only).

use std::fs;

use assert_cmd::prelude::*;

use crate::support::run::{fails, framekit};
use crate::support::tree::names;
use crate::support::video::{count_frames, probe, tool, video};

mod files;
mod frames;
mod reports;
#[cfg(unix)]
mod with_other_binaries;

/// The names `split` gives `count` frames: `{prefix}00001.{ext}`...
fn expected_names(prefix: &str, digits: usize, count: u64, ext: &str) -> Vec<String> {
    (1..=count)
        .map(|n| format!("{prefix}{n:0digits$}.{ext}"))
        .collect()
}
