//! The stitch plan: options and validated frames in, ffmpeg's argument list out. Pure: no
//! I/O here, so every choice is unit-tested (`tests.rs`). `StitchPlan::new` is the one
//! place a plan is built, and runs every check a plan must pass.

pub mod budget;
mod checks;
pub mod encoding;
mod extra_options;
mod filter_chain;
pub mod gif;
#[cfg(test)]
mod tests;

use std::ffi::OsString;
use std::path::Path;

use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::locate::Source;
use crate::ffmpeg::matroska::{Framing, Timeline};
use crate::header::FrameFormat;
use crate::stitch::colour::Colour;
use crate::stitch::frames::Frames;
use crate::stitch::options::StitchOptions;
use crate::term::shell;
use budget::{Budget, Pass};
use encoding::{full_range_yuv, Container, Encoding, Pixels};
use extra_options::ExtraOptions;

/// Everything the argument list depends on.
#[derive(Debug, Clone, Copy)]
pub struct StitchPlan<'a> {
    pub options: &'a StitchOptions,
    pub encoding: &'a Encoding,
    pub frames: &'a Frames,
    /// Each frame's own time, when they have one (else 1/fps each).
    pub timeline: Option<&'a Timeline>,
    /// Tell the video encoder the last frame's duration as an output rate (see
    /// `ffmpeg_args`); false for an ffmpeg that refuses that.
    pub last_duration_as_rate: bool,
    /// `--max-size`: the bitrate and pass of this run (`stitch::size_budget`).
    pub budget: Option<Budget<'a>>,
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
    /// The plan for these frames, once it has passed every check: a size `--width` makes
    /// impossible, what `--lossless` cannot keep, options after `--` that cannot work.
    pub fn new(
        options: &'a StitchOptions,
        encoding: &'a Encoding,
        frames: &'a Frames,
        timeline: Option<&'a Timeline>,
    ) -> Result<StitchPlan<'a>, Failure> {
        let plan = StitchPlan {
            options,
            encoding,
            frames,
            timeline,
            last_duration_as_rate: true,
            budget: None,
        };
        plan.check_lossless_fits()?;
        plan.check_scaled_size()?;
        plan.check_user_graph()?;
        plan.check_user_filter_keeps_frames()?;
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

    /// The first frame known to be transparent, when its transparency is flattened without
    /// the user having asked (`--background`): framekit says so once.
    pub fn flattened_unasked(&self) -> Option<&'a Path> {
        let at = self.frames.pixels.with_alpha?;
        let flattened = matches!(self.transparency(), Transparency::Flattened(_));
        (flattened && self.options.background.is_none()).then(|| self.frames.paths[at].as_path())
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

    /// Whether this plan asks ffmpeg for what only older ones take.
    pub fn may_need_newer_form(&self) -> bool {
        self.last_duration_as_rate
            && self.timeline.is_some()
            && matches!(self.encoding.container, Container::Mp4 | Container::Mov)
    }

    /// How many frames the video must hold.
    pub fn frame_count(&self) -> u64 {
        self.frames.paths.len() as u64
    }

    /// The full ffmpeg argument list; the frames arrive concatenated on stdin.
    pub fn ffmpeg_args(&self, destination: Destination<'_>) -> Vec<OsString> {
        let mut args = Args::unattended(destination.report_progress);
        // -xerror: a frame that fails to decode stops ffmpeg with an error, where it would
        // otherwise drop or duplicate frames and exit 0.
        args.push("-xerror");
        self.push_frames_input(&mut args);
        let first_pass = matches!(
            self.budget,
            Some(Budget {
                pass: Some(Pass::First(_)),
                ..
            })
        );
        let audio = self.options.audio.as_ref().filter(|_| !first_pass);
        if let Some(audio) = audio {
            // Cut the soundtrack at the video's length; shorter ones are padded below.
            args.push_all(["-t", &self.duration_arg(), "-i"]);
            args.push(path_arg(audio));
            args.push_all(["-map", "0:v:0", "-map", "1:a:0"]);
        }
        // ffmpeg keeps only the last -vf: the user's would silently replace framekit's (the
        // GIF palette, the padding to even), so the two become one chain.
        let (user_filter, extra) = self.extra_options().split_filter();
        if let Some(filter) = self.video_filter(user_filter.as_deref()) {
            args.push_all(["-vf", &filter]);
        }
        let encoding = self.encoding;
        args.push_all(["-c:v", &encoding.video_codec]);
        self.push_pixel_format(&mut args);
        self.push_codec_options(&mut args);
        if matches!(encoding.pixels, Pixels::Yuv420 { .. } | Pixels::ProRes) {
            // The tags that make players read the pixels as BT.709 TV range, as converted.
            args.push_all(["-colorspace", "bt709", "-color_primaries", "bt709"]);
            args.push_all(["-color_trc", "bt709", "-color_range", "tv"]);
        }
        if matches!(
            encoding.pixels,
            Pixels::Yuv420 { .. } | Pixels::ProRes | Pixels::Rgba(_)
        ) {
            // Exact rounding and full chroma for every scaler, framekit's and those ffmpeg
            // inserts (an output option: before -i it does nothing): JPEG colours within 3
            // levels rather than 4.
            args.push_all(["-sws_flags", "bicubic+accurate_rnd+full_chroma_int"]);
        }
        if let Some(audio_codec) = encoding.audio_codec().filter(|_| audio.is_some()) {
            let pad = format!("apad=whole_dur={}", self.duration_arg());
            args.push_all(["-c:a", audio_codec, "-af", &pad]);
            if self.budget.is_some() {
                args.push_all(["-b:a", &budget::AUDIO_BITS_PER_SECOND.to_string()]);
            }
        }
        if matches!(encoding.container, Container::Mp4 | Container::Mov) {
            // The index at the front, so browsers can play while downloading.
            args.push_all(["-movflags", "+faststart"]);
        }
        if let Some(timeline) = self.timeline {
            // Each frame keeps its own timestamp, counted in milliseconds: without a time
            // base of its own the encoder snaps them to 1/framerate.
            args.push_all(["-fps_mode", "passthrough", "-enc_time_base", "1/1000"]);
            // The muxers of animations ignore the last packet's duration: said to them.
            match encoding.container {
                // ffmpeg before 7 drops frame durations on the way to the encoder, so the
                // last frame would last 1/framerate: its duration as the output rate (with
                // passthrough, a rate that only sets packet durations) keeps it. ffmpeg 7
                // keeps durations itself and refuses -r with passthrough: see `StitchPlan::
                // without_last_duration_as_rate`.
                // (In MP4 and MOV only: in Matroska the rate would become the track's
                // default frame duration, which misleads players; there framekit sets the
                // file's duration afterwards, `stitch::matroska_duration`.)
                Container::Mp4 | Container::Mov if self.last_duration_as_rate => {
                    args.push_all(["-r", &format!("1000000/{}", timeline.last.max(1))]);
                }
                Container::Gif => {
                    let hundredths = (timeline.last + 5_000) / 10_000;
                    args.push_all(["-final_delay", &hundredths.to_string()]);
                }
                Container::Apng => {
                    let seconds = format!("{:.6}", timeline.last as f64 / 1e6);
                    args.push_all(["-final_delay", &seconds]);
                }
                _ => {}
            }
        }
        args.extend(extra);
        // No version strings and no random Matroska UIDs: the same frames and options give
        // the same file, byte for byte.
        args.push_all(["-fflags", "+bitexact"]);
        if first_pass {
            // The first pass only gathers the encoder's statistics: nothing is written.
            args.push_all(["-f", "null", "-"]);
            return args.into_vec();
        }
        args.push_all(["-f", encoding.container.muxer()]);
        args.push_overwrite(destination.overwrite);
        args.push(path_arg(destination.path));
        args.into_vec()
    }

    /// The `--dry-run` line: `cat -- FRAMES | ffmpeg ...`, what framekit would run.
    /// With times of their own, the frames reach ffmpeg as a Matroska stream that only
    /// framekit writes: the line is then ffmpeg's side alone.
    pub fn dry_run_line(&self, source: &Source, force: bool) -> Vec<u8> {
        let args = self.ffmpeg_args(Destination {
            path: &self.options.output,
            overwrite: force,
            report_progress: false,
        });
        let program = source.program_for_display();
        let gif = self.encoding.is_gif().then(|| {
            self.gif_args(
                Destination {
                    path: &self.options.output,
                    overwrite: force,
                    report_progress: false,
                },
                false,
            )
        });
        let mut line = Vec::new();
        if self.timeline.is_none() {
            line = shell::concatenate(&self.frames.paths);
            line.extend_from_slice(b" | ");
        }
        match gif {
            Some(gif) => {
                line.extend(shell::command_line(&program, &gif.decoder));
                line.extend_from_slice(b" | ");
                line.extend(shell::command_line(&program, &gif.encoder));
            }
            None => line.extend(shell::command_line(&program, &args)),
        }
        line
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

    pub(super) fn push_frames_input(&self, args: &mut Args) {
        let format = self.frames.format;
        args.push_all(format.strict_decoding().iter().copied());
        if self.timeline.is_some() {
            // A Matroska stream whose packets carry each frame's time (ffmpeg::matroska).
            args.push_all(["-f", "matroska"]);
        } else {
            args.push_all(["-f", "image2pipe", "-c:v", format.decoder()]);
            args.push_all(["-framerate", &self.options.fps.to_string()]);
        }
        args.push_all(["-i", "pipe:0"]);
    }

    /// The encoder's options: quality as the options chose it, or the budget's bitrate in
    /// place of `-crf` (and of libvpx's `-b:v 0`), with its pass.
    fn push_codec_options(&self, args: &mut Args) {
        let options = self.encoding.codec_options();
        let Some(budget) = self.budget else {
            args.push_all(options.iter().map(String::as_str));
            return;
        };
        let mut kept = options.iter();
        while let Some(option) = kept.next() {
            if option == "-crf" || option == "-b:v" {
                kept.next();
                continue;
            }
            args.push(option.as_str());
        }
        args.push_all(["-b:v", &budget.bits_per_second.to_string()]);
        let (number, log) = match budget.pass {
            Some(Pass::First(log)) => ("1", log),
            Some(Pass::Second(log)) => ("2", log),
            None => return,
        };
        args.push_all(["-pass", number, "-passlogfile"]);
        args.push(log.as_os_str());
    }

    fn push_pixel_format(&self, args: &mut Args) {
        let pixel_format = match self.encoding.pixels {
            Pixels::Yuv420 { .. } if self.transparency() == Transparency::Kept => Some("yuva420p"),
            Pixels::Yuv420 { .. } => Some("yuv420p"),
            Pixels::ProRes => Some("yuva444p10le"),
            Pixels::Rgba(format) => Some(format),
            Pixels::Rgb8 => Some("rgb24"),
            Pixels::Palette | Pixels::Exact => None,
        };
        if let Some(pixel_format) = pixel_format {
            args.push_all(["-pix_fmt", pixel_format]);
        } else if let Some(pixel_format) = self.exact_jpeg_format() {
            // JPEG decodes to full-range YUV (yuvj*), which FFV1 takes only as plain YUV:
            // marked full range, so that no value is squeezed to TV range.
            args.push_all(["-pix_fmt", pixel_format, "-color_range", "pc"]);
        } else if self.encoding.is_ffv1() && self.frames.pixels.mixed {
            // Left alone, ffmpeg converts every frame to the first one's pixel format: a gray
            // first frame would turn the colour frames gray.
            args.push_all(["-pix_fmt", self.frames.pixels.union.ffv1_pixel_format()]);
        }
    }

    /// The frames' Matroska framing, when they carry times of their own.
    pub fn framing(&self) -> Option<Framing> {
        let timeline = self.timeline?.clone();
        let frames = self.frames;
        Some(Framing::new(
            frames.format,
            frames.width,
            frames.height,
            timeline,
        ))
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

    /// The video's duration, for cutting and padding the soundtrack.
    fn duration_arg(&self) -> String {
        format!("{:.6}", self.seconds())
    }
}
