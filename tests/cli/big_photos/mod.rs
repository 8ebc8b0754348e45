//! Big camera photos made small: framekit decodes them at a fraction of their size
//! (`-lowres`), which must look the same as decoding every pixel and scaling down, and on
//! several processes at once, which must give the same frames in the same order.
//!
//! One module a topic: `reduced_size` (decoding at a fraction of the size looks the same) and
//! `apart` (photos decoded on several processes).

use std::path::Path;
use std::process::Command;

use crate::support::frames::{camera_photos, truncate, with_exif_orientation};
use crate::support::reports::{ffmpeg_reports, reporting};
use crate::support::run::{fails, framekit, framekit_ok, stderr};
use crate::support::tree::names;
use crate::support::video::{count_frames, ffmpeg, tool};

mod apart;
mod reduced_size;

/// Runs framekit in `dir` with `args`, every ffmpeg it starts writing a report, and insists
/// it succeeds.
fn framekit_reporting(dir: &Path, args: &[&str]) {
    let output = reporting(&mut framekit(dir)).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
}
