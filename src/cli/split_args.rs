//! `framekit split`'s arguments, and their conversion into framekit's own types.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use crate::cli::frame_rate::FrameRate;
use crate::cli::timecode::Timecode;
use crate::cli::whole_number::{pixels, whole_number};
use crate::cli::Common;
use crate::split::options::{
    dedupe_threshold, scene_threshold, ImageFormat, Sampling, SplitOptions, SplitRequest,
    DEFAULT_DEDUPE,
};

/// The sampling modes (`--fps`, `--every`, `--count`, `--at`, `--at-file`, `--keyframes`,
/// `--scene`): one at most.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("sampling").multiple(false)))]
pub struct SplitArgs {
    /// The video to read.
    #[arg(value_name = "VIDEO")]
    pub video: PathBuf,

    /// Folder for the frames; created when missing. `-` writes them to standard output
    /// instead: PAM images back to back, each with its time (docs/split.md).
    #[arg(value_name = "OUT_DIR")]
    pub out_dir: PathBuf,

    /// Start of each file name [default: img_]
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,

    /// Zero-padded width of the frame number [default: 5, or more for longer videos].
    #[arg(long, value_name = "N", value_parser = whole_number::<u8>)]
    pub digits: Option<u8>,

    /// Image format of the frames [default: png]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ImageFormat>,

    /// Keep RATE frames a second: the first frame at or after each 1/RATE s (none twice).
    #[arg(long, value_name = "RATE", group = "sampling")]
    pub fps: Option<FrameRate>,

    /// Keep every Nth frame (1 keeps all).
    #[arg(long, value_name = "N", value_parser = whole_number::<u64>, group = "sampling")]
    pub every: Option<u64>,

    /// Keep N frames spread evenly in time over the video (or the --start/--end range).
    ///
    /// With D the range's duration, the i-th of N (from 0) is the first frame at or after
    /// start + i*D/N: the same video and N always give the same frames. A range with fewer
    /// than N frames gives all of them, with a warning. framekit seeks to each frame where
    /// they are far apart, instead of decoding the whole video.
    #[arg(long, value_name = "N", value_parser = whole_number::<u64>, group = "sampling")]
    pub count: Option<u64>,

    /// Keep the first frame at or after each time (1.5,0:02,...), numbered in the order given.
    ///
    /// Times count from the start of the video, as frames.csv counts them. File k is the
    /// frame of the k-th time: a time given twice gives that frame twice (with a warning). A
    /// time after the last frame is refused.
    #[arg(
        long,
        value_name = "TIMES",
        value_delimiter = ',',
        group = "sampling",
        conflicts_with_all = ["start", "end"]
    )]
    pub at: Vec<Timecode>,

    /// Like --at, with the times in FILE, one a line.
    ///
    /// Blank lines and lines that start with # are skipped.
    #[arg(
        long,
        value_name = "FILE",
        group = "sampling",
        conflicts_with_all = ["start", "end"]
    )]
    pub at_file: Option<PathBuf>,

    /// Keep only the key frames (fast: most decoders leave the others undecoded).
    #[arg(long, group = "sampling")]
    pub keyframes: bool,

    /// Keep the first frame and the first of each new scene, by ffmpeg's scene score (0-1;
    /// try 0.3).
    ///
    /// A frame starts a new scene when its score (how much it differs from the frame
    /// before) is above THRESHOLD. Lower finds more cuts, and some that are not.
    #[arg(long, value_name = "THRESHOLD", value_parser = scene_threshold, group = "sampling")]
    pub scene: Option<f64>,

    /// From each stretch --count, --every or --fps divides the video into, keep the sharpest
    /// frame (ties: the earlier).
    ///
    /// Sharpness is the variance of the Laplacian of the frame's luma, reduced to at most
    /// 320 pixels on its longer side (docs/split.md); --manifest adds a sharpness column.
    /// Every frame of the range is decoded once to measure it.
    #[arg(long)]
    pub sharpest: bool,

    /// Skip a frame that differs too little from the last frame written [default THRESHOLD:
    /// 2].
    ///
    /// The difference is the mean absolute difference of the two frames' luma (0-255),
    /// reduced to at most 320 pixels on the longer side: a frame at or below THRESHOLD is
    /// skipped. With any mode but --at and --scene, or alone. Give a threshold with `=`:
    /// --dedupe=5.
    #[arg(
        long,
        value_name = "THRESHOLD",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = DEFAULT_DEDUPE,
        value_parser = dedupe_threshold
    )]
    pub dedupe: Option<f64>,

    /// Start at this time: seconds (12.5) or [HH:]MM:SS[.frac].
    #[arg(long, value_name = "TIME")]
    pub start: Option<Timecode>,

    /// Stop at this time: seconds (12.5) or [HH:]MM:SS[.frac].
    #[arg(long, value_name = "TIME")]
    pub end: Option<Timecode>,

    /// Scale frames to this width, keeping their shape (e.g. 224 for a dataset).
    #[arg(long, value_name = "PIXELS", value_parser = pixels)]
    pub width: Option<u32>,

    /// Also write frames.csv in OUT_DIR: index,file,pts_seconds,source_frame for each frame.
    #[arg(long)]
    pub manifest: bool,

    /// Faster PNG writing with less compression (still lossless; larger files).
    #[arg(long)]
    pub fast: bool,

    /// Write the frames that decode from a damaged or truncated video (with a warning)
    /// instead of failing.
    #[arg(long)]
    pub allow_damaged: bool,

    #[command(flatten)]
    pub common: Common,
}

impl SplitArgs {
    /// What the command line asks for, in framekit's own types.
    pub fn into_request(self) -> SplitRequest {
        let sampling = if let Some(rate) = self.fps {
            Sampling::Fps(rate)
        } else if let Some(n) = self.every.filter(|n| *n != 1) {
            Sampling::Every(n)
        } else if let Some(n) = self.count {
            Sampling::Count(n)
        } else if !self.at.is_empty() || self.at_file.is_some() {
            // --at-file's times are read by the pipeline, in place of this empty list.
            Sampling::At(self.at)
        } else if self.keyframes {
            Sampling::Keyframes
        } else if let Some(threshold) = self.scene {
            Sampling::Scene(threshold)
        } else {
            Sampling::All
        };
        // What names files or lays out a folder: refused when OUT_DIR is `-`.
        let folder_only = [
            ("--manifest", self.manifest),
            ("--format", self.format.is_some()),
            ("--prefix", self.prefix.is_some()),
            ("--digits", self.digits.is_some()),
            ("--fast", self.fast),
            ("--force", self.common.force),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect();
        SplitRequest {
            folder_only,
            video: self.video,
            out_dir: self.out_dir,
            manifest: self.manifest,
            at_file: self.at_file,
            options: SplitOptions {
                prefix: self.prefix.unwrap_or_else(|| "img_".to_string()),
                digits: self.digits,
                format: self.format.unwrap_or(ImageFormat::Png),
                sampling,
                start: self.start,
                end: self.end,
                width: self.width,
                fast: self.fast,
                allow_damaged: self.allow_damaged,
                sharpest: self.sharpest,
                dedupe: self.dedupe,
            },
            common: self.common,
        }
    }
}
