//! The stitch plan: options and validated frames in, ffmpeg's argument list out. Pure: no
//! I/O here, so every choice is unit-tested (`tests.rs`). `StitchPlan::new` is the one
//! place a plan is built, and runs every check a plan must pass.

mod checks;
pub mod encoding;
mod extra_options;
mod filter_chain;
#[cfg(test)]
mod tests;

use std::ffi::OsString;
use std::path::Path;

use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::locate::Source;
use crate::header::FrameFormat;
use crate::stitch::frames::Frames;
use crate::stitch::options::StitchOptions;
use crate::term::shell;
use encoding::{full_range_yuv, Container, Encoding};
use extra_options::ExtraOptions;

/// Everything the argument list depends on.
#[derive(Debug, Clone, Copy)]
pub struct StitchPlan<'a> {
    pub options: &'a StitchOptions,
    pub encoding: &'a Encoding,
    pub frames: &'a Frames,
}

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
    ) -> Result<StitchPlan<'a>, Failure> {
        let plan = StitchPlan {
            options,
            encoding,
            frames,
        };
        plan.check_lossless_fits()?;
        plan.check_scaled_size()?;
        plan.check_user_graph()?;
        plan.check_user_filter_keeps_frames()?;
        Ok(plan)
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
        if let Some(audio) = &self.options.audio {
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
        args.push_all(encoding.codec_options().iter().map(String::as_str));
        if let Some(audio_codec) = encoding.audio_codec() {
            let pad = format!("apad=whole_dur={}", self.duration_arg());
            args.push_all(["-c:a", audio_codec, "-af", &pad]);
        }
        if matches!(encoding.container, Container::Mp4 | Container::Mov) {
            // The index at the front, so browsers can play while downloading.
            args.push_all(["-movflags", "+faststart"]);
        }
        args.extend(extra);
        args.push_all(["-f", encoding.container.muxer()]);
        args.push_overwrite(destination.overwrite);
        args.push(path_arg(destination.path));
        args.into_vec()
    }

    /// The `--dry-run` line: `cat -- FRAMES | ffmpeg ...`, what framekit would run. On
    /// Windows, for cmd.exe: `ffmpeg ... -i "concat:file:A|file:B" ...`, the same bytes read
    /// by ffmpeg itself (see `shell::ffmpeg_concat`).
    pub fn dry_run_line(&self, source: &Source, force: bool) -> Vec<u8> {
        let mut args = self.ffmpeg_args(Destination {
            path: &self.options.output,
            overwrite: force,
            report_progress: false,
        });
        let program = source.program_for_display();
        if cfg!(windows) {
            let stdin = args.iter().position(|arg| arg == "pipe:0");
            if let Some(input) = stdin {
                args[input] = shell::ffmpeg_concat(&self.frames.paths);
            }
            return shell::command_line(&program, &args);
        }
        let mut line = shell::concatenate(&self.frames.paths);
        line.extend_from_slice(b" | ");
        line.extend(shell::command_line(&program, &args));
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

    fn extra_options(&self) -> ExtraOptions<'a> {
        ExtraOptions(&self.options.extra)
    }

    fn push_frames_input(&self, args: &mut Args) {
        let format = self.frames.format;
        args.push_all(format.strict_decoding().iter().copied());
        args.push_all(["-f", "image2pipe", "-c:v", format.decoder()]);
        args.push_all(["-framerate", &self.options.fps.to_string()]);
        if self.encoding.is_gif() {
            // Frames of one size may still differ in colour type; by default ffmpeg rebuilds
            // the filter graph when that changes, and a rebuilt palettegen drops frames.
            args.push_all(["-reinit_filter", "0"]);
        }
        args.push_all(["-i", "pipe:0"]);
    }

    fn push_pixel_format(&self, args: &mut Args) {
        if let Some(pixel_format) = self.encoding.pixel_format() {
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

    /// The video's duration in seconds, for cutting and padding the soundtrack.
    fn duration_arg(&self) -> String {
        format!("{:.6}", self.options.fps.seconds_for(self.frame_count()))
    }
}
