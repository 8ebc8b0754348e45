//! The stitch plan: options and validated frames in, ffmpeg's argument list out. Pure: no
//! I/O here, so every choice is unit-tested (`tests.rs`). `StitchPlan::new` is the one
//! place a plan is built, and runs every check a plan must pass.
//!
//! StitchPlan's own methods live here (its facts and queries: transparency, frame count,
//! duration, rate, framing); the files beside it build from a plan, with functions and types
//! of their own that take one: `checks::check`, `Route::choose`, `ParallelDecoding::choose`
//! and `parallel::decoder_args`, `filter_chain::output_size` and the `-vf` chain,
//! `output_args::one_process_args` and `raw_encoder_args`, `GifArgs::new` and
//! `gif::raw_encoder_args`, `dry_run::line` and `dry_run::notes`.

mod checks;
pub mod dry_run;
pub mod encoding;
mod extra_options;
pub mod filter_chain;
pub mod gif;
mod label_overlay;
pub mod output_args;
pub mod parallel;
mod route;
#[cfg(test)]
pub(crate) mod tests;

use std::path::Path;

use crate::colour_profile::Conversion;
use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::matroska::{Framing, Timeline};
use crate::header::FrameFormat;
use crate::stitch::colour::Colour;
use crate::stitch::frames::Frames;
use crate::stitch::max_size::video_bitrate::Budget;
use crate::stitch::options::StitchOptions;
use encoding::{full_range_yuv, Container, Encoding, Pixels};
use extra_options::ExtraOptions;
pub use route::Route;

/// Everything the argument list depends on, and how the frames are encoded.
#[derive(Debug, Clone)]
pub struct StitchPlan<'a> {
    pub options: &'a StitchOptions,
    pub encoding: &'a Encoding,
    pub frames: &'a Frames,
    /// Each frame's own time, when they have one (else 1/fps each).
    pub timeline: Option<&'a Timeline>,
    /// Tell the video encoder the last frame's duration as an output rate (see
    /// `output_args`); false for an ffmpeg that refuses that.
    pub last_duration_as_rate: bool,
    /// `--max-size`: the bitrate and pass of this run (`stitch::max_size::video_search`).
    pub budget: Option<Budget<'a>>,
    /// The ffmpeg that will run: which options it takes, how it turns photos.
    pub ffmpeg: &'a Capabilities,
    /// How many ffmpeg processes may decode at once (`--jobs`, else the cores).
    pub cores: usize,
    /// How the frames are encoded: decided once, by `StitchPlan::new`, from all the above.
    pub route: Route,
}

/// The ffmpeg a plan is for, and the cores it may use.
#[derive(Debug, Clone, Copy)]
pub struct Host<'a> {
    pub ffmpeg: &'a Capabilities,
    pub cores: usize,
}

/// What becomes of the frames' transparency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transparency<'a> {
    /// No frame can have any: nothing to do.
    None,
    /// Kept, in a format that holds it.
    Kept,
    /// Composited onto this colour: the format has no alpha, or `--background` asked.
    Flattened(&'a Colour),
}

/// The colour of `Transparency::Flattened` when `--background` is not given.
static WHITE: std::sync::LazyLock<Colour> = std::sync::LazyLock::new(Colour::white);

/// Where the encoded video goes, and what ffmpeg does if it exists.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub path: &'a Path,
    /// `-y` (replace) rather than `-n` (refuse).
    pub overwrite: bool,
    /// Add `-progress pipe:1 -nostats` for framekit's own progress bar.
    pub report_progress: bool,
}

impl<'a> StitchPlan<'a> {
    /// The plan for these frames on `host`, once it has passed every check: a size
    /// `--width` makes impossible, what `--lossless` cannot keep, options after `--` that
    /// cannot work, photos this ffmpeg would turn wrongly. Decides the route.
    pub fn new(
        options: &'a StitchOptions,
        encoding: &'a Encoding,
        frames: &'a Frames,
        timeline: Option<&'a Timeline>,
        host: Host<'a>,
    ) -> Result<StitchPlan<'a>, Failure> {
        let mut plan = StitchPlan {
            options,
            encoding,
            frames,
            timeline,
            last_duration_as_rate: true,
            budget: None,
            ffmpeg: host.ffmpeg,
            cores: host.cores,
            route: Route::OneProcess,
        };
        // Only MP4 and MOV with times of their own ask (see `output_args`).
        plan.last_duration_as_rate =
            !plan.may_need_newer_form() || host.ffmpeg.keeps_frame_durations() != Some(true);
        checks::check(&plan)?;
        plan.route = Route::choose(&plan)?;
        Ok(plan)
    }

    /// What becomes of the frames' transparency. Frames whose header cannot rule alpha out
    /// (a PNG with an alpha channel or a tRNS chunk, or one not yet seen) count as having
    /// it; JPEG never has it.
    pub fn transparency(&self) -> Transparency<'a> {
        let may_have_alpha =
            self.frames.format == FrameFormat::Png && self.frames.pixels.union.alpha;
        if !may_have_alpha || self.options.lossless {
            return Transparency::None;
        }
        match &self.options.background {
            Some(colour) => Transparency::Flattened(colour),
            None if self.encoding.keeps_alpha() => Transparency::Kept,
            None => Transparency::Flattened(&WHITE),
        }
    }

    /// The colour profile the frames are converted from: none for --lossless, which keeps
    /// the pixels as stored (`notices` says so).
    pub fn applied_profile(&self) -> Option<&'a Conversion> {
        let exact = matches!(self.encoding.pixels, Pixels::Exact | Pixels::Rgb8);
        self.frames.profile.as_ref().filter(|_| !exact)
    }

    /// The first frame known to be transparent (its index), when its transparency is
    /// flattened without the user having asked (`--background`): framekit says so once.
    pub fn flattened_unasked(&self) -> Option<usize> {
        let at = self.frames.pixels.with_alpha?;
        self.flattens_unasked().then_some(at)
    }

    /// Whether transparency, if any frame has it, is flattened without `--background`.
    pub fn flattens_unasked(&self) -> bool {
        let flattened = matches!(self.transparency(), Transparency::Flattened(_));
        flattened && self.options.background.is_none()
    }

    /// The same plan for an ffmpeg that keeps frame durations and refuses `-r` with
    /// `-fps_mode passthrough` ("One of -r/-fpsmax was specified together a non-CFR
    /// -vsync/-fps_mode", ffmpeg 7).
    pub fn without_last_duration_as_rate(self) -> StitchPlan<'a> {
        StitchPlan {
            last_duration_as_rate: false,
            ..self
        }
    }

    /// Whether this plan asks ffmpeg for what only older ones take, on an ffmpeg that may
    /// refuse it (a version between those measured: see `Capabilities::keeps_frame_durations`).
    pub fn may_be_refused(&self) -> bool {
        self.may_need_newer_form() && self.ffmpeg.keeps_frame_durations().is_none()
    }

    /// Whether this plan asks ffmpeg for what only older ones take.
    fn may_need_newer_form(&self) -> bool {
        self.last_duration_as_rate
            && self.timeline.is_some()
            && matches!(self.encoding.container, Container::Mp4 | Container::Mov)
    }

    /// How many frames the video must hold.
    pub fn frame_count(&self) -> u64 {
        self.frames.count()
    }

    /// Whether options after `--` may change the video's size (a filter, `-s`), so that
    /// only the finished file can tell it.
    pub fn size_may_change(&self) -> bool {
        self.extra_options().may_change_size()
    }

    /// JPEG frames into FFV1 (`--lossless .mkv`): kept exactly in their own YUV layout.
    fn stores_jpeg_exactly(&self) -> bool {
        self.encoding.is_ffv1() && self.frames.format == FrameFormat::Jpeg
    }

    /// The plain YUV format FFV1 keeps these JPEG frames in, when one does.
    fn exact_jpeg_format(&self) -> Option<&'static str> {
        self.stores_jpeg_exactly()
            .then(|| self.frames.pixels.jpeg_chroma.and_then(full_range_yuv))
            .flatten()
    }

    pub(super) fn extra_options(&self) -> ExtraOptions<'a> {
        ExtraOptions(&self.options.extra)
    }

    /// The frames' Matroska framing, when they carry times of their own.
    pub fn framing(&self) -> Option<Framing> {
        let timeline = self.timeline?.clone();
        let frames = self.frames;
        // The track says the smallest size, not the largest: ffmpeg's JPEG decoder takes a
        // first frame less than 3/4 of the track's height for one field of an interlaced
        // picture (as AVI cameras wrote them), doubles it and fails on the next frame
        // ("No JPEG data found in image"), which broke --fit and --pad with times of their own.
        let (width, height) = frames.smallest;
        Some(Framing::new(frames.format, width, height, timeline))
    }

    /// Frames a second: `--fps`, or on average for frames placed by `--timestamps`.
    pub fn frame_rate(&self) -> f64 {
        match self.timeline {
            Some(_) if self.options.timing.timestamps.is_some() => {
                self.frame_count() as f64 / self.seconds()
            }
            _ => self.options.fps.as_f64(),
        }
    }

    /// The video's duration in seconds.
    pub fn seconds(&self) -> f64 {
        match self.timeline {
            Some(timeline) => timeline.total() as f64 / 1e6,
            None => self.options.fps.seconds_for(self.frame_count()),
        }
    }
}
