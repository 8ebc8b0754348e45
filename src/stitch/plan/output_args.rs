//! The encoder's argument list, built from a plan: the input (frames on stdin, or raw frames
//! another process decoded), the filter chain, the codec with its pixel format and quality,
//! the colour tags, the soundtrack, the timing, and the output. Also the frames' input, which
//! every process that decodes them shares (`push_frames_input`).

use std::ffi::OsString;

use crate::ffmpeg::args::{path_arg, Args};
use crate::header::FrameFormat;
use crate::stitch::max_size::video_bitrate::{self, Budget, Pass};
use crate::stitch::plan::encoding::{ffv1_level, Container, Pixels};
use crate::stitch::plan::filter_chain::{
    handoff, lowres, output_size, video_filter, working_format,
};
use crate::stitch::plan::{Destination, StitchPlan, Transparency};

/// Where the encoder's frames come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// The frames' files on stdin, decoded by the encoder itself.
    Frames,
    /// Raw frames at the output's size, from decoder processes.
    Raw,
}

/// The full ffmpeg argument list; the frames arrive concatenated on stdin.
pub fn one_process_args(plan: &StitchPlan<'_>, destination: Destination<'_>) -> Vec<OsString> {
    encoder_args(plan, destination, Input::Frames)
}

/// The encoder's arguments when another process decoded the frames and writes them raw on
/// its stdin, each frame already through every per-frame step (`filter_chain::frame_filters`).
pub fn raw_encoder_args(plan: &StitchPlan<'_>, destination: Destination<'_>) -> Vec<OsString> {
    encoder_args(plan, destination, Input::Raw)
}

fn encoder_args(
    plan: &StitchPlan<'_>,
    destination: Destination<'_>,
    input: Input,
) -> Vec<OsString> {
    let mut args = Args::unattended(destination.report_progress);
    if let Some(api) = plan.encoding.hardware {
        // The GPU's device (VA-API), a global option: before any input.
        args.push_all(api.device_args().iter().copied());
    }
    // -xerror: a frame that fails to decode stops ffmpeg with an error, where it would
    // otherwise drop or duplicate frames and exit 0.
    args.push("-xerror");
    match input {
        Input::Frames => push_frames_input(plan, &mut args),
        Input::Raw => {
            let (width, height) = output_size(plan);
            args.push_all(["-f", "rawvideo", "-pix_fmt", handoff(plan).pixel_format]);
            args.push_all(["-s", &format!("{width}x{height}")]);
            args.push_all(["-framerate", &plan.options.fps.to_string(), "-i", "pipe:0"]);
        }
    }
    let first_pass = matches!(
        plan.budget,
        Some(Budget {
            pass: Some(Pass::First(_)),
            ..
        })
    );
    let audio = plan.options.audio.as_ref().filter(|_| !first_pass);
    if let Some(audio) = audio {
        // Cut the soundtrack at the video's length; shorter ones are padded below.
        args.push_all(["-t", &duration_arg(plan), "-i"]);
        args.push(path_arg(audio));
        args.push_all(["-map", "0:v:0", "-map", "1:a:0"]);
    }
    // ffmpeg keeps only the last -vf: the user's would silently replace framekit's (the
    // GIF palette, the padding to even), so the two become one chain.
    let (user_filter, extra) = plan.extra_options().split_filter();
    let filter = match input {
        Input::Frames => video_filter(plan, user_filter.as_deref()),
        Input::Raw => handoff(plan).in_encoder,
    };
    if let Some(filter) = filter {
        args.push_all(["-vf", &filter]);
    }
    let encoding = plan.encoding;
    args.push_all(["-c:v", &encoding.video_codec]);
    push_pixel_format(plan, &mut args);
    push_codec_options(plan, &mut args);
    if plan.timeline.is_some() && matches!(encoding.container, Container::Mp4 | Container::Mov) {
        // Frames of unequal durations with B-frames: the samples' durations in decode
        // order (stts) add up to less than the video lasts, and libavformat 6 and later
        // read that sum as its duration (1.40 s for a 2.15 s one; 5.1 and browsers read
        // the edit list). Without reordering, every reader sees the same length. For
        // every encoder (libx264rgb of --lossless, hardware ones by --codec); those
        // without B-frames ignore it.
        args.push_all(["-bf", "0"]);
    }
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
        let pad = format!("apad=whole_dur={}", duration_arg(plan));
        args.push_all(["-c:a", audio_codec, "-af", &pad]);
        if plan.budget.is_some() {
            args.push_all(["-b:a", &video_bitrate::AUDIO_BITS_PER_SECOND.to_string()]);
        }
    }
    if matches!(encoding.container, Container::Mp4 | Container::Mov) {
        // The index at the front, so browsers can play while downloading.
        args.push_all(["-movflags", "+faststart"]);
    }
    if let Some(timeline) = plan.timeline {
        // Each frame keeps its own timestamp, counted in milliseconds: without a time
        // base of its own the encoder snaps them to 1/framerate.
        args.push_all([
            plan.ffmpeg.fps_mode(),
            "passthrough",
            "-enc_time_base",
            "1/1000",
        ]);
        // The muxers of animations ignore the last packet's duration: said to them.
        match encoding.container {
            // ffmpeg before 7 drops frame durations on the way to the encoder, so the
            // last frame would last 1/framerate: its duration as the output rate (with
            // passthrough, a rate that only sets packet durations) keeps it. ffmpeg 7
            // keeps durations itself and refuses -r with passthrough: see `StitchPlan::
            // without_last_duration_as_rate`.
            // (ffmpeg 4.2 and 4.3 leave the last sample without a duration all the same:
            // framekit sets it afterwards, `stitch::fixups::mp4_duration`.)
            // (In MP4 and MOV only: in Matroska the rate would become the track's
            // default frame duration, which misleads players; there framekit sets the
            // file's duration afterwards, `stitch::fixups::matroska_duration`.)
            Container::Mp4 | Container::Mov if plan.last_duration_as_rate => {
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

/// The encoder's options: quality as the options chose it, or the budget's bitrate in
/// place of `-crf` (and of libvpx's `-b:v 0`), with its pass.
fn push_codec_options(plan: &StitchPlan<'_>, args: &mut Args) {
    if plan.encoding.is_ffv1() {
        args.push_all(["-level", ffv1_level(plan.frames.width, plan.frames.height)]);
    }
    let options = plan.encoding.codec_options();
    let Some(budget) = plan.budget else {
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

fn push_pixel_format(plan: &StitchPlan<'_>, args: &mut Args) {
    let pixel_format = match plan.encoding.pixels {
        // A GPU encoder's own: yuv420p, NV12, or none for frames uploaded (VA-API).
        Pixels::Yuv420 { .. } if plan.encoding.hardware.is_some() => {
            plan.encoding.hardware.and_then(|api| api.pixel_format())
        }
        Pixels::Yuv420 { .. } if plan.transparency() == Transparency::Kept => Some("yuva420p"),
        Pixels::Yuv420 { .. } => Some("yuv420p"),
        Pixels::ProRes => Some("yuva444p10le"),
        Pixels::Rgba(_) => Some(working_format(plan)),
        Pixels::Rgb8 => Some("rgb24"),
        Pixels::Palette | Pixels::Exact => None,
    };
    if let Some(pixel_format) = pixel_format {
        args.push_all(["-pix_fmt", pixel_format]);
    } else if let Some(pixel_format) = plan.exact_jpeg_format() {
        // JPEG decodes to full-range YUV (yuvj*), which FFV1 takes only as plain YUV:
        // marked full range, so that no value is squeezed to TV range.
        args.push_all(["-pix_fmt", pixel_format, "-color_range", "pc"]);
    } else if plan.encoding.is_ffv1() && plan.frames.format == FrameFormat::Png {
        // Left alone, ffmpeg converts every frame to the first one's pixel format (a gray
        // first frame would turn the colour frames gray), and a palette with tRNS to bgr0.
        args.push_all(["-pix_fmt", plan.frames.pixels.union.ffv1_pixel_format()]);
    }
}

/// The input of a process that decodes the frames itself (the one process, GIF's decoder, a
/// parallel decoder): their files on stdin, or a Matroska stream with times of their own.
pub(super) fn push_frames_input(plan: &StitchPlan<'_>, args: &mut Args) {
    let framing = match plan.timeline {
        Some(_) => InputFraming::Packets,
        None => InputFraming::Stream,
    };
    push_frames_input_framed(plan, args, framing);
}

/// How the frames' files reach ffmpeg's decoder on stdin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFraming {
    /// One after another (`image2pipe`), cut into pictures by ffmpeg's parser.
    Stream,
    /// A Matroska stream, each file one packet (`ffmpeg::matroska`), so one picture.
    Packets,
}

/// [`push_frames_input`] with the framing chosen: the frame count check decodes the frames
/// both ways to find the file ffmpeg's parser cut wrongly (`stitch::verify`).
pub(in crate::stitch) fn push_frames_input_framed(
    plan: &StitchPlan<'_>,
    args: &mut Args,
    framing: InputFraming,
) {
    let format = plan.frames.format;
    args.push_all(format.strict_decoding().iter().copied());
    if let Some(lowres) = lowres(plan) {
        // Big photos made smaller are decoded at 1/2, 1/4 or 1/8 of their size, which
        // ffmpeg's JPEG decoder does at a fraction of the cost of decoding it all.
        args.push_all(["-lowres", &lowres.to_string()]);
    }
    if format == FrameFormat::Png && plan.frames.any_turned() {
        // framekit turns PNGs itself (stitch::orientation); ffmpeg 9.0 would turn those
        // with eXIf a second time, and carry that turn over to the frames after them.
        args.push("-noautorotate");
    }
    if framing == InputFraming::Packets {
        // A Matroska stream whose packets carry each frame's time (ffmpeg::matroska).
        args.push_all(["-f", "matroska"]);
    } else {
        args.push_all(["-f", "image2pipe", "-c:v", format.decoder()]);
        args.push_all(["-framerate", &plan.options.fps.to_string()]);
    }
    args.push_all(["-i", "pipe:0"]);
}

/// The video's duration, for cutting and padding the soundtrack.
fn duration_arg(plan: &StitchPlan<'_>) -> String {
    format!("{:.6}", plan.seconds())
}
