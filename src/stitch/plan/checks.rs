//! The checks a stitch plan must pass before anything runs: each would otherwise fail late
//! (after the whole encode), obscurely, or silently lose what the user asked to keep.

use crate::error::Failure;
use crate::header::MAX_SIDE;
use crate::stitch::plan::encoding::exact_checks::lossless_fits;
use crate::stitch::plan::filter_chain::{output_size, video_filter};
use crate::stitch::plan::StitchPlan;

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
