//! What `stitch` is asked for, in framekit's own types: which frames, and how to encode them.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::box_size::BoxSize;
use crate::cli::frame_rate::FrameRate;
use crate::error::Failure;
use crate::pipeline::Common;
use crate::stitch::colour::Colour;
use crate::stitch::frames::order::SortOrder;
use crate::term::shown::shown;

/// One `framekit stitch` run.
#[derive(Debug)]
pub struct StitchRequest {
    pub frames: FrameSelection,
    pub options: StitchOptions,
    pub common: Common,
}

/// Which files are the frames, and in what order.
#[derive(Debug)]
pub struct FrameSelection {
    /// The folder holding the frames.
    pub dir: PathBuf,
    /// Paths given after DIR (a pattern the shell expanded): never valid, explained.
    pub stray: Vec<PathBuf>,
    /// `--glob`: a shell-style pattern on the file name.
    pub pattern: String,
    pub sort: Option<SortOrder>,
}

/// How to encode, before any frame is read.
#[derive(Debug, Clone)]
pub struct StitchOptions {
    pub output: PathBuf,
    pub fps: FrameRate,
    pub crf: Option<u8>,
    pub preset: Option<String>,
    pub codec: Option<String>,
    pub audio: Option<PathBuf>,
    pub lossless: bool,
    /// Scale every frame to this width, keeping its shape.
    pub width: Option<u32>,
    /// Centre frames of different sizes on the largest, on this colour.
    pub pad: Option<Colour>,
    /// Scale each frame to fit inside this box, centred on the `pad` colour (or black).
    pub fit: Option<BoxSize>,
    /// Options after `--`, for ffmpeg's output.
    pub extra: Vec<OsString>,
}

impl StitchOptions {
    /// Frames of different sizes are allowed: each is centred on one canvas.
    pub fn allows_mixed_sizes(&self) -> bool {
        self.pad.is_some() || self.fit.is_some()
    }

    /// The soundtrack, if any, is a file: said before the frames are read.
    pub fn check_soundtrack(&self) -> Result<()> {
        let Some(audio) = &self.audio else {
            return Ok(());
        };
        if audio.is_file() {
            return Ok(());
        }
        let problem = if audio.exists() {
            "is not a file"
        } else {
            "does not exist"
        };
        Err(Failure::failed(format!("the soundtrack {} {problem}", shown(audio))).into())
    }
}
