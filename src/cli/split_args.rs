//! `framekit split`'s arguments, and their conversion into framekit's own types.

use std::path::PathBuf;

use clap::Args;

use crate::cli::frame_rate::FrameRate;
use crate::cli::timecode::Timecode;
use crate::cli::whole_number::whole_number;
use crate::cli::CommonArgs;
use crate::split::options::{ImageFormat, SplitOptions, SplitRequest};

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The video to read.
    #[arg(value_name = "VIDEO")]
    pub video: PathBuf,

    /// Folder for the frames; created when missing.
    #[arg(value_name = "OUT_DIR")]
    pub out_dir: PathBuf,

    /// Start of each file name.
    #[arg(long, value_name = "TEXT", default_value = "img_")]
    pub prefix: String,

    /// Zero-padded width of the frame number [default: 5, or more for longer videos].
    #[arg(long, value_name = "N", value_parser = whole_number::<u8>)]
    pub digits: Option<u8>,

    /// Image format of the frames.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "png")]
    pub format: ImageFormat,

    /// Keep RATE frames a second: the first frame at or after each 1/RATE s (none twice).
    #[arg(long, value_name = "RATE", conflicts_with = "every")]
    pub fps: Option<FrameRate>,

    /// Keep every Nth frame (1 keeps all).
    #[arg(long, value_name = "N", value_parser = whole_number::<u64>)]
    pub every: Option<u64>,

    /// Start at this time: seconds (12.5) or [HH:]MM:SS[.frac].
    #[arg(long, value_name = "TIME")]
    pub start: Option<Timecode>,

    /// Stop at this time: seconds (12.5) or [HH:]MM:SS[.frac].
    #[arg(long, value_name = "TIME")]
    pub end: Option<Timecode>,

    /// Also write frames.csv in OUT_DIR: index,file,pts_seconds for each frame.
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
    pub common: CommonArgs,
}

impl SplitArgs {
    /// What the command line asks for, in framekit's own types.
    pub fn into_request(self) -> SplitRequest {
        SplitRequest {
            video: self.video,
            out_dir: self.out_dir,
            manifest: self.manifest,
            options: SplitOptions {
                prefix: self.prefix,
                digits: self.digits,
                format: self.format,
                fps: self.fps,
                every: self.every,
                start: self.start,
                end: self.end,
                fast: self.fast,
                allow_damaged: self.allow_damaged,
            },
            common: self.common.into(),
        }
    }
}
