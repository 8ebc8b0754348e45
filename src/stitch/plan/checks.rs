//! The checks a stitch plan must pass before anything runs: each would otherwise fail late
//! (after the whole encode), obscurely, or silently lose what the user asked to keep.

use crate::error::Failure;
use crate::header::jpeg::Chroma;
use crate::header::MAX_SIDE;
use crate::stitch::plan::filter_chain::{output_size, video_filter};
use crate::stitch::plan::StitchPlan;
use crate::term::shown::shown;

/// Every check, in order: what `--lossless` cannot keep, a size `--width` makes impossible,
/// a `-filter_complex` that cannot be joined, a filter that changes the number of frames.
pub(super) fn check(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    lossless_fits(plan)?;
    scaled_size(plan)?;
    user_graph(plan)?;
    user_filter_keeps_frames(plan)
}

/// `--width` on very wide or very tall frames can make the other side 0 or huge; ffmpeg
/// would fail late and obscurely ("Picture size 10x0 is invalid") or after gigabytes.
fn scaled_size(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    let Some(width) = plan.options.width else {
        return Ok(());
    };
    let (out_width, out_height) = output_size(plan);
    if (1..=MAX_SIDE).contains(&out_width) && (1..=MAX_SIDE).contains(&out_height) {
        return Ok(());
    }
    Err(Failure::failed(format!(
        "--width {width} would make the {}x{} frames {out_width}x{out_height}",
        plan.frames.width, plan.frames.height
    ))
    .nothing_written()
    .hint(format!(
        "choose a width that keeps both sides between 1 and {MAX_SIDE} pixels"
    )))
}

/// `--lossless` must keep every frame exactly: JPEG frames only in one shared colour
/// layout that FFV1 holds, and MP4/MOV (8-bit RGB) no alpha or 16 bits a channel, which
/// would be lost without a word; those point to MKV (FFV1), which keeps them.
fn lossless_fits(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    let frames = plan.frames;
    if plan.stores_jpeg_exactly() {
        if let Some(((first, first_layout), (other, other_layout))) =
            frames.pixels.jpeg_layouts_apart
        {
            return Err(Failure::failed(format!(
                "--lossless keeps JPEG frames exactly only when they share one colour \
                 layout, but {} is {} and {} is {}",
                shown(&frames.paths[first]),
                first_layout.name(),
                shown(&frames.paths[other]),
                other_layout.name()
            ))
            .nothing_written()
            .hint("choose the frames of one camera setting with --glob, or drop --lossless"));
        }
        if frames.pixels.jpeg_chroma == Some(Chroma::Other) {
            return Err(Failure::failed(
                "--lossless cannot keep these JPEG frames exactly: their colour layout \
                 (RGB, 12-bit, 4:4:0, or 4:2:2 turned by EXIF orientation) has no exact \
                 FFV1 counterpart here",
            )
            .nothing_written()
            .hint("drop --lossless, or convert the frames to PNG first"));
        }
    }
    if !plan.encoding.keeps_only_8_bit_rgb() {
        return Ok(());
    }
    let (at, what) = match (frames.pixels.with_alpha, frames.pixels.deep) {
        (Some(at), _) => (at, "an alpha channel"),
        (None, Some(at)) => (at, "16 bits a channel"),
        (None, None) => return Ok(()),
    };
    Err(Failure::failed(format!(
        "--lossless .mp4/.mov (H.264 RGB) keeps 8-bit RGB only, but {} has {what}",
        shown(&frames.paths[at])
    ))
    .nothing_written()
    .hint("write .mkv instead (FFV1 keeps every frame exactly), or drop --lossless"))
}

/// A user filter that drops or repeats frames would fail the frame-count check, but only
/// after the whole encode: said at once instead.
fn user_filter_keeps_frames(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    match plan.extra_options().frame_count_filter() {
        Some(name) => Err(Failure::usage(format!(
            "the filter {name} after -- changes the number of frames; framekit encodes \
             every frame exactly once"
        ))
        .hint("set the rate with --fps, and choose the frames with --glob")),
        None => Ok(()),
    }
}

/// A `-filter_complex` after `--` cannot be joined with the filter framekit needs (the
/// padding to even, the GIF palette, --pad, --width): ffmpeg refuses the two together.
fn user_graph(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    match (
        plan.extra_options().graph_option(),
        video_filter(plan, None),
    ) {
        (Some(option), Some(_)) => Err(Failure::usage(format!(
            "{} after -- cannot be combined with the filter framekit needs here (padding \
             to even, the GIF palette, --pad or --width)",
            option.to_string_lossy()
        ))
        .hint("give a simple filter chain with -vf instead: framekit joins it with its own")),
        _ => Ok(()),
    }
}
