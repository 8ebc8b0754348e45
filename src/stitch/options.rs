//! What `stitch` is asked for, in framekit's own types: which frames, and how to encode them.

use crate::stitch::label::Label;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::box_size::BoxSize;
use crate::cli::frame_rate::FrameRate;
use crate::cli::Common;
use crate::error::Failure;
use crate::stitch::colour::Colour;
use crate::stitch::frames::bounce::BounceEnd;
use crate::stitch::frames::order::SortOrder;
use crate::stitch::frames::stream::raw::RawFormat;
use crate::stitch::frames::Sizes;
use crate::stitch::grid::GridOptions;
pub use crate::stitch::plan::encoding::hardware::Hw;
use crate::stitch::plan::encoding::Encoding;
use crate::stitch::timing::TimingOptions;
use crate::term::shown::shown;

/// One `framekit stitch` run.
#[derive(Debug)]
pub struct StitchRequest {
    pub frames: FrameSelection,
    pub options: StitchOptions,
    /// Several folders side by side: their layout.
    pub grid: GridOptions,
    pub common: Common,
}

/// Which files are the frames, and in what order.
#[derive(Debug)]
pub struct FrameSelection {
    /// The folder holding the frames, or `-` for a list on standard input.
    pub dir: PathBuf,
    /// Paths given after DIR: more folders, side by side with DIR (`stitch::grid`); files
    /// (a pattern the shell expanded) are refused, explained (`dir_hints`).
    pub stray: Vec<PathBuf>,
    /// `--glob`: a shell-style pattern on the file name, case ignored. None: the PNGs of DIR,
    /// or its JPEGs when it has no PNG.
    pub glob: Option<String>,
    pub sort: Option<SortOrder>,
    /// `--recursive`: subfolders of DIR too.
    pub recursive: bool,
    /// The list on standard input is NUL-separated (`-0`).
    pub null_separated: bool,
    /// `--stdin-frames` (or `--raw`): the frames themselves come on standard input; no DIR.
    pub stream: Option<StdinFrames>,
}

/// `--stdin-frames`: whole images on standard input, or raw pixels with `--raw`.
#[derive(Debug, Clone, Copy)]
pub struct StdinFrames {
    pub raw: Option<RawFormat>,
}

impl FrameSelection {
    /// Checks the options that only make sense with a folder, or only with a list.
    pub fn new(
        dir: PathBuf,
        stray: Vec<PathBuf>,
        glob: Option<String>,
        sort: Option<SortOrder>,
        recursive: bool,
        null_separated: bool,
    ) -> Result<FrameSelection, Failure> {
        let from_stdin = dir.as_os_str() == "-";
        let misplaced = if from_stdin {
            [(glob.is_some(), "--glob"), (recursive, "--recursive")]
                .into_iter()
                .find_map(|(given, option)| given.then_some(option))
        } else {
            None
        };
        if let Some(option) = misplaced {
            return Err(Failure::usage(format!(
                "{option} chooses files in a folder, but DIR is -: every path on standard \
                 input is a frame"
            ))
            .hint(format!("drop {option}, or name the folder as DIR")));
        }
        if null_separated && !from_stdin {
            return Err(
                Failure::usage("-0 (--null) is for a list of paths on standard input")
                    .hint("give - as DIR to read the paths from standard input"),
            );
        }
        Ok(FrameSelection {
            dir,
            stray,
            glob,
            sort,
            recursive,
            null_separated,
            stream: None,
        })
    }

    /// The same selection, its frames on standard input when `stream` says so.
    pub fn streamed(self, stream: Option<StdinFrames>) -> FrameSelection {
        FrameSelection { stream, ..self }
    }

    /// A frame's name as the user knows it, for the files that name frames: its path inside
    /// DIR, or the path as listed on standard input.
    pub fn name_of(&self, path: &Path) -> PathBuf {
        if self.reads_stdin() {
            return path.to_path_buf();
        }
        path.strip_prefix(&self.dir).unwrap_or(path).to_path_buf()
    }

    /// The frames' paths come from standard input (DIR is `-`).
    pub fn reads_stdin(&self) -> bool {
        self.dir.as_os_str() == "-"
    }
}

/// How to encode, before any frame is read.
#[derive(Debug, Clone)]
pub struct StitchOptions {
    pub output: PathBuf,
    pub fps: FrameRate,
    /// Take `fps` from this video instead (`--fps-from`).
    pub fps_from: Option<PathBuf>,
    /// Frames with their own times.
    pub timing: TimingOptions,
    /// `--bounce`: the frames forward, then backward.
    pub bounce: bool,
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
    /// Composite transparent frames onto this colour, even where the format keeps alpha.
    pub background: Option<Colour>,
    /// An animation's number of plays; None loops forever.
    pub plays: Option<u32>,
    /// The most bytes the output may have.
    pub max_size: Option<u64>,
    /// How many decoder processes at once (--jobs); None: one per core.
    pub jobs: Option<usize>,
    /// `--hw`: a GPU encoder in place of libx264/libx265, when the machine can open one.
    pub hw: Option<Hw>,
    /// `--label` and `--label-at`: text drawn on every frame.
    pub label: Option<Label>,
    /// Options after `--`, for ffmpeg's output.
    pub extra: Vec<OsString>,
}

impl StitchOptions {
    /// Frames of different sizes are allowed: each is centred on one canvas.
    pub fn allows_mixed_sizes(&self) -> bool {
        self.sizes() != Sizes::Same
    }

    /// What frames of several sizes become.
    pub fn sizes(&self) -> Sizes {
        match (self.fit, &self.pad) {
            (Some(_), _) => Sizes::Fitted,
            (None, Some(_)) => Sizes::Padded,
            (None, None) => Sizes::Same,
        }
    }

    /// Where `--bounce`'s way back ends, for this encoding: before frame 1 when the output
    /// loops (and the ending is not held), else on frame 1. None without `--bounce`.
    pub fn bounce_end(&self, encoding: &Encoding) -> Option<BounceEnd> {
        let loops = encoding.container.is_animation() && self.plays != Some(1);
        self.bounce
            .then(|| BounceEnd::choose(loops, self.timing.hold_last.is_some()))
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
