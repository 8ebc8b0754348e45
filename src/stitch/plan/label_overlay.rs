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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::ffmpeg::args::filter_path;
    use crate::header::FrameFormat;
    use crate::stitch::label::track::track_path;
    use crate::stitch::label::{Label, LabelAt, Template};
    use crate::stitch::plan::encoding::Encoding;
    use crate::stitch::plan::tests::{frames, options, plan};

    use super::appended;

    fn label(at: LabelAt) -> Label {
        Label {
            template: Template::parse("{index}").unwrap(),
            at,
            folder: PathBuf::from("/tmp/labels"),
        }
    }

    #[test]
    fn the_track_of_the_process_is_overlaid_after_every_step_where_label_at_says() {
        let mut options = options("movie.mp4");
        options.label = Some(label(LabelAt::TopRight));
        let encoding = Encoding::choose(&options).unwrap();
        let frames = frames(FrameFormat::Png, 1920, 1080);
        let plan = plan(&options, &encoding, &frames);
        let chain = appended(&plan, vec!["scale".into(), "format=rgb24".into()], 32);
        // (Windows joins with a backslash, which the filter escapes.)
        let track = filter_path(&track_path(Path::new("/tmp/labels"), 32));
        assert_eq!(
            chain,
            [format!(
                "scale,format=rgb24[fk_frame];\
                 movie=filename={track}:f=matroska,format=rgba[fk_label];\
                 [fk_frame][fk_label]overlay=x=W-w-27:y=27:format=rgb:eof_action=repeat,\
                 format=rgb24"
            )]
        );
    }

    #[test]
    fn without_label_the_steps_are_unchanged() {
        let options = options("movie.mp4");
        let encoding = Encoding::choose(&options).unwrap();
        let frames = frames(FrameFormat::Png, 64, 48);
        let plan = plan(&options, &encoding, &frames);
        assert_eq!(appended(&plan, vec!["scale".into()], 0), ["scale"]);
    }
}
