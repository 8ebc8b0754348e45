//! Right or refused on inputs as real tools make them: truncated and damaged camera JPEGs,
//! the harmless oddities of camera JPEGs, truncated videos, photos of mixed orientation.
//! Every output is decoded to check its frames; every refusal leaves the folder unchanged.
//!
//! One module a topic: `jpegs` (damaged and odd camera JPEGs), `videos` (truncated videos, and
//! warnings on any stderr) and `mixed_orientation` (`--fit` and `--pad`).

use std::fs;
use std::path::Path;

use crate::support::frames::{
    frame_pixels, truncate, write_frame, write_frames, write_jpeg_frames,
};
use crate::support::images::animation_frames;
use crate::support::paths::native;
use crate::support::run::{fails, framekit, framekit_ok, stderr};
use crate::support::tree::names;
use crate::support::video::{count_frames, ffmpeg, indices, probe, rgb, video};

mod jpegs;
mod mixed_orientation;
mod videos;
