//! `framekit split`'s sampling modes (`--every`, `--fps`, `--count`, `--at`, `--keyframes`,
//! `--scene`, ranges, `--width`), checked against the ground truth: every frame of the
//! source decoded by ffmpeg (its framemd5 hashes in RGB) with ffprobe's time of each.
//!
//! For each run: every written image is pixel-identical to the source frame its manifest
//! row names, the row's time is ffprobe's time of that frame (issue 11.5: the manifest is
//! the truth), and the frames are exactly those the mode's rule picks from every decoded
//! frame, whether framekit decoded the range or sought to each stretch (issue 15.6).
//!
//! One module a topic: `rules` (every mode against its rule, decoding or seeking) and `edges`
//! (what a mode says and writes at its edges).

use std::fs;
use std::path::Path;

use crate::support::run::{framekit, stderr};
use crate::support::split_truth::{manifest, rule, split, DECODE, OWN_CHOICE, SEEK};
use crate::support::tree::names;
use crate::support::video::{decoded_frames, image_hashes, probe, tool, video};

mod edges;
mod rules;
