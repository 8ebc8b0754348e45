//! One ffmpeg process to start: its arguments and what it reads, built with defaults.

use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::ffmpeg::matroska::Framing;
use crate::ffmpeg::stderr_tail::Logged;
pub use crate::ffmpeg::supervisor::feed::FeedError;

/// What a process reads on stdin.
#[derive(Debug, Clone, Copy, Default)]
pub enum Stdin<'a> {
    /// Nothing (stdin is closed).
    #[default]
    Nothing,
    /// These files, concatenated, each optionally framed (a Matroska stream that gives each
    /// its timestamp).
    Files(&'a [PathBuf], Option<&'a Framing>),
    /// The raw frames of decoder processes, in order (see [`Decoders`]).
    Decoded(&'a Decoders<'a>),
    /// Frames as another source gives them, written as they come (see [`StreamFeed`]).
    Stream(&'a dyn StreamFeed),
}

impl std::fmt::Debug for dyn StreamFeed + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamFeed")
    }
}

/// A source of frames that are not files: written onto a process's stdin as they arrive
/// (frames on framekit's own standard input, `stitch::frames::stream::feeder`).
pub trait StreamFeed: Sync {
    /// Writes every frame to `stdin`, returning how many were written whole. Gives up with
    /// `FeedError::Pipe` when the process stops reading, and with `FeedError::Source` when
    /// the frames themselves are wrong (the run is then stopped: see `supervisor`). Checks
    /// `stop` while it waits for the source, so that it never outlives the process.
    fn feed(
        &self,
        stdin: &mut dyn std::io::Write,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<usize, FeedError>;
}

/// The progress bar a process drives from its `-progress` reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// The frame count the bar counts to.
    pub total_frames: Option<u64>,
    /// The output's frame rate, when constant: the bar then counts the frames written to
    /// the file (from `out_time`), not those handed to the encoder, which runs ahead of it
    /// by its look-ahead (x264 holds 40 frames: big photos showed "39/40, ETA 0s" for 40 s).
    pub output_rate: Option<f64>,
    /// Whether the bar is drawn at all (the final frame count is read either way).
    pub shown: bool,
}

/// One ffmpeg process: `FfmpegCommand::new(ffmpeg, args)`, then what differs from the
/// defaults (no stdin, framekit's working folder, no progress bar).
#[derive(Debug, Clone)]
pub struct FfmpegCommand<'a> {
    pub(super) ffmpeg: &'a Path,
    pub(super) args: Vec<OsString>,
    pub(super) stdin: Stdin<'a>,
    pub(super) working_dir: Option<&'a Path>,
    pub(super) progress: Progress,
    /// Where the info lines of a levelled log go (see [`FfmpegCommand::info_lines_to`]).
    pub(super) info_lines: Option<Sender<Logged>>,
}

impl<'a> FfmpegCommand<'a> {
    pub fn new(ffmpeg: &'a Path, args: Vec<OsString>) -> FfmpegCommand<'a> {
        FfmpegCommand {
            ffmpeg,
            args,
            stdin: Stdin::Nothing,
            working_dir: None,
            progress: Progress::default(),
            info_lines: None,
        }
    }

    /// Feeds `files` on stdin, one after another, framed when `framing` says so.
    pub fn feed(self, files: &'a [PathBuf], framing: Option<&'a Framing>) -> FfmpegCommand<'a> {
        FfmpegCommand {
            stdin: Stdin::Files(files, framing),
            ..self
        }
    }

    /// Feeds what `source` gives on stdin, as it comes.
    pub fn stream(self, source: &'a dyn StreamFeed) -> FfmpegCommand<'a> {
        FfmpegCommand {
            stdin: Stdin::Stream(source),
            ..self
        }
    }

    /// Feeds the decoders' raw frames on stdin, in order.
    pub fn decoded(self, decoders: &'a Decoders<'a>) -> FfmpegCommand<'a> {
        FfmpegCommand {
            stdin: Stdin::Decoded(decoders),
            ..self
        }
    }

    /// Runs ffmpeg in `folder`, when relative paths in the arguments are relative to it.
    pub fn in_folder(self, folder: &'a Path) -> FfmpegCommand<'a> {
        FfmpegCommand {
            working_dir: Some(folder),
            ..self
        }
    }

    /// Sends each info and error line of stderr to `lines` as ffmpeg writes it, keeping
    /// the error lines as the tail too; for arguments that ask for `-loglevel repeat+level+info` (so that
    /// a filter's printed facts arrive in step with the frames).
    pub fn info_lines_to(self, lines: Sender<Logged>) -> FfmpegCommand<'a> {
        FfmpegCommand {
            info_lines: Some(lines),
            ..self
        }
    }

    /// Draws a progress bar from the process's `-progress` reports.
    pub fn progress(self, progress: Progress) -> FfmpegCommand<'a> {
        FfmpegCommand { progress, ..self }
    }
}

/// Decoding on every core: the frames in batches, each decoded by an ffmpeg process of its
/// own (several at once), whose raw frames one encoder takes in order.
#[derive(Debug, Clone, Copy)]
pub struct Decoders<'a> {
    /// Each batch's decoder (frames on stdin, raw frames on stdout), in order.
    pub commands: &'a [FfmpegCommand<'a>],
    pub frames: &'a [PathBuf],
    pub batches: &'a [Range<usize>],
    /// How many decoders at once.
    pub workers: usize,
    /// One raw frame's size: a batch must give exactly this many bytes a frame.
    pub frame_bytes: usize,
}
