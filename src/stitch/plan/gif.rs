//! GIF is made by two ffmpeg processes: the first decodes the frames and runs every
//! per-frame step (rotation by EXIF, canvas, the user's filter, the matte, --width) and
//! writes raw frames; the second makes the palette and encodes. ffmpeg rebuilds a filter
//! graph whenever a frame's size, pixel format or EXIF orientation changes, even with
//! `-reinit_filter 0`, and a rebuilt palette graph loses every frame it held (3 of 8 photos
//! kept when one was turned by EXIF; 1 of 60 tight-bbox plots with a canvas). The first
//! process holds no frames and may be rebuilt at will; the second sees one stream of one
//! kind and never is.

use std::ffi::OsString;

use crate::ffmpeg::args::{path_arg, Args};
use crate::stitch::max_size::animation_ladder as ladder;
use crate::stitch::plan::encoding::Container;
use crate::stitch::plan::filter_chain::{frame_filters, handoff, output_size, working_format};
use crate::stitch::plan::output_args::push_frames_input;
use crate::stitch::plan::{Destination, Route, StitchPlan, Transparency};

/// Whether framekit's own encoder (`crate::gif`) makes this GIF: smaller than ffmpeg's
/// palettegen/paletteuse at a higher SSIM and PSNR, in less time (docs/performance.md).
/// `--max-size`'s first try is this GIF (the ladder's first setting keeps the default
/// palette): a limit it meets gets it, in one encode. ffmpeg's route stays for what framekit's
/// encoder does not do yet:
/// - `--max-size`'s further tries, whose ladder sets ffmpeg's palette (colours, dither);
/// - options after `--` (they are ffmpeg's encoder's, and a filter may change the size);
/// - big photos decoded on every core (`Route::Decoders`), whose decoders write to an
///   ffmpeg encoder.
///
/// `FRAMEKIT_GIF_ENCODER=ffmpeg` in the environment keeps ffmpeg's route for every GIF
/// (for measurements side by side, and as a way out).
pub fn framekit_encodes(plan: &StitchPlan<'_>) -> bool {
    let ours = (std::env::var_os("FRAMEKIT_GIF_ENCODER")).is_none_or(|value| value != "ffmpeg");
    ours && plan.encoding.is_gif()
        && plan.options.extra.is_empty()
        && plan.encoding.gif_palette == (ladder::GIF_COLOURS, ladder::GIF_DITHER)
}

/// The decoder's arguments when framekit encodes the GIF: frames on stdin, every per-frame
/// step, raw RGB frames of the output's size on stdout, each frame once (framekit knows
/// their times).
pub fn framekit_decoder_args(plan: &StitchPlan<'_>) -> Vec<OsString> {
    let mut decoder = Args::unattended(false);
    decoder.push("-xerror");
    push_frames_input(plan, &mut decoder);
    decoder.push_all(["-vf", &frame_filters(plan, None, 0).join(",")]);
    decoder.push_all([plan.ffmpeg.fps_mode(), "passthrough"]);
    // RGBA where transparency is kept (after the matte: 0 or 255), else RGB.
    let format = match plan.transparency() {
        Transparency::Kept => "rgba",
        _ => "rgb24",
    };
    decoder.push_all([
        "-c:v", "rawvideo", "-pix_fmt", format, "-f", "rawvideo", "pipe:1",
    ]);
    decoder.into_vec()
}

/// The palette for these frames, weighted to what changes, then each frame mapped to it
/// (sierra2_4a dithering unless `--max-size` chose another; only the rectangle that changed
/// is mapped again, a third faster on plots).
fn palette((colours, dither): (u16, &str)) -> String {
    let mut generate = "palettegen=stats_mode=diff".to_string();
    if colours != ladder::GIF_COLOURS {
        generate.push_str(&format!(":max_colors={colours}"));
    }
    let mut map = "paletteuse=diff_mode=rectangle".to_string();
    if dither != ladder::GIF_DITHER {
        map.push_str(&format!(":dither={dither}"));
    }
    format!("split[a][b];[a]{generate}[p];[b][p]{map}")
}

/// The two argument lists of a GIF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GifArgs {
    /// Frames on stdin, raw frames (NUT keeps their timestamps) on stdout.
    pub decoder: Vec<OsString>,
    /// Raw frames on stdin, the GIF at the destination.
    pub encoder: Vec<OsString>,
}

impl GifArgs {
    /// Both processes' arguments. `whole_frames`: every frame covers the canvas
    /// (`-gifflags -offsetting`), as the disposal post-pass needs after a transparent frame
    /// (`stitch::fixups::gif_disposal`).
    pub fn new(plan: &StitchPlan<'_>, destination: Destination<'_>, whole_frames: bool) -> GifArgs {
        // ffmpeg's route, whatever the plan's (the dry run prints it for framekit's own
        // encoder too): the matte in ffmpeg's chain.
        let plan = &StitchPlan {
            route: Route::GifChain,
            ..plan.clone()
        };
        let mut decoder = Args::unattended(false);
        decoder.push("-xerror");
        push_frames_input(plan, &mut decoder);
        let (user_filter, extra) = plan.extra_options().split_filter();
        decoder.push_all([
            "-vf",
            &frame_filters(plan, user_filter.as_deref(), 0).join(","),
        ]);
        // Every frame once, with its timestamp (the rate's, or its own, in milliseconds: in
        // the NUT muxer's own time base two close frames could fall on one tick).
        decoder.push_all([plan.ffmpeg.fps_mode(), "passthrough"]);
        if plan.timeline.is_some() {
            decoder.push_all(["-enc_time_base", "1/1000"]);
        }
        decoder.push_all(["-c:v", "rawvideo", "-pix_fmt", working_format(plan)]);
        decoder.push_all(["-f", "nut", "pipe:1"]);

        let mut input = Args::default();
        input.push_all(["-f", "nut", "-i", "pipe:0"]);
        GifArgs {
            decoder: decoder.into_vec(),
            encoder: encoder_args(plan, input, extra, destination, whole_frames),
        }
    }
}

/// The palette encoder's arguments when decoder processes write raw frames at the
/// output's size on its stdin, at the rate (parallel decoding: `plan::parallel`).
pub fn raw_encoder_args(plan: &StitchPlan<'_>, destination: Destination<'_>) -> Vec<OsString> {
    let (width, height) = output_size(plan);
    let mut input = Args::default();
    input.push_all(["-f", "rawvideo", "-pix_fmt", handoff(plan).pixel_format]);
    input.push_all(["-s", &format!("{width}x{height}")]);
    input.push_all(["-framerate", &plan.options.fps.to_string(), "-i", "pipe:0"]);
    let (_, extra) = plan.extra_options().split_filter();
    encoder_args(plan, input, extra, destination, false)
}

/// The palette encoder's arguments, after `input`.
fn encoder_args(
    plan: &StitchPlan<'_>,
    input: Args,
    extra: Vec<OsString>,
    destination: Destination<'_>,
    whole_frames: bool,
) -> Vec<OsString> {
    let mut encoder = Args::unattended(destination.report_progress);
    encoder.push("-xerror");
    encoder.extend(input.into_vec());
    let palette = palette(plan.encoding.gif_palette);
    encoder.push_all(["-vf", &palette, "-c:v", "gif"]);
    encoder.push_all(plan.encoding.codec_options().iter().map(String::as_str));
    if whole_frames {
        encoder.push_all(["-gifflags", "-offsetting"]);
    }
    encoder.push_all([plan.ffmpeg.fps_mode(), "passthrough"]);
    if let Some(timeline) = plan.timeline {
        encoder.push_all(["-enc_time_base", "1/1000"]);
        // The GIF muxer ignores the last packet's duration: said in hundredths.
        let hundredths = (timeline.last + 5_000) / 10_000;
        encoder.push_all(["-final_delay", &hundredths.to_string()]);
    }
    encoder.extend(extra);
    encoder.push_all(["-fflags", "+bitexact", "-f", Container::Gif.muxer()]);
    encoder.push_overwrite(destination.overwrite);
    encoder.push(path_arg(destination.path));
    encoder.into_vec()
}
