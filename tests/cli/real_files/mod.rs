//! Files as real tools and real damage leave them (issue 27): JPEGs with junk before their
//! start, APP segments of the wrong length, a truncated APP14, multi-picture JPEGs (MPO),
//! PNGs with bytes after IEND are stitched, one frame each, their pixels those an
//! independent decoder sees; really broken files are refused naming the file (and its
//! place in a list) and what is wrong in words. Every file is built byte by byte here.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::frames::{crc32, BITS};
use crate::support::run::{fails, framekit, framekit_ok};
use crate::support::video::{count_frames, ffmpeg, indices, rgb};

mod accepted;
mod making;
mod refused;

use making::*;
