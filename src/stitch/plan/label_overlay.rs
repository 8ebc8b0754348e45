//! `--label`: the label track (`stitch::label::track`) overlaid on each frame, after every
//! per-frame step (so the label sits on the finished frame, at the size it is encoded at)
//! and before the conversion to the output's pixels. The track is read by the `movie`
//! source inside the chain, which every ffmpeg from 4.2 has, so the frames' input and the
//! soundtrack's keep their places. Its PNGs carry the frames' own times: overlay pairs each
//! frame with the label of its time.

use crate::ffmpeg::args::filter_path;
use crate::stitch::label::size::margin;
use crate::stitch::label::track::track_path;
use crate::stitch::plan::filter_chain::{output_size, working_format};
use crate::stitch::plan::StitchPlan;

/// `steps` (one process's per-frame steps, whose first frame is the video's `first`) with
/// the label overlaid last, as one element; `steps` unchanged without `--label`.
pub(super) fn appended(plan: &StitchPlan<'_>, steps: Vec<String>, first: usize) -> Vec<String> {
    let Some(label) = &plan.options.label else {
        return steps;
    };
    let (_, height) = output_size(plan);
    let (x, y) = label.at.overlay_xy(margin(height));
    let track = filter_path(&track_path(&label.folder, first));
    let working = working_format(plan);
    // overlay blends in RGB (its YUV default is levels off at the text's edges), then the
    // frames go on in their working format.
    vec![format!(
        "{}[fk_frame];movie=filename={track}:f=matroska,format=rgba[fk_label];\
         [fk_frame][fk_label]overlay=x={x}:y={y}:format=rgb:eof_action=repeat,format={working}",
        steps.join(",")
    )]
}
