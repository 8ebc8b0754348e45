//! After the encode: the video must hold exactly the validated frames, and the size the
//! report gives must be the video's. A wrong count names the frame to blame
//! (`count_mismatch`).

mod blame;
mod count_mismatch;
mod decode_again;

use std::path::Path;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::locate::ffprobe_for;
use crate::ffmpeg::probe;
use crate::ffmpeg::supervisor::Finished;
use crate::stitch::fixups::webp_duration;
use crate::stitch::plan::encoding::Container;
use crate::stitch::plan::filter_chain::output_size;
use crate::stitch::plan::StitchPlan;
use crate::term::shown::shown;

/// The finished video must hold exactly the validated frames: ffmpeg can drop or merge
/// frames and still exit 0. ffmpeg's own final report counts the frames it encoded into the
/// file; only when it gave none (an unusual ffmpeg) is the file probed with ffprobe, which
/// would cost a process start on every run.
pub fn frame_count(
    ffmpeg: &Path,
    video: &Path,
    plan: &StitchPlan<'_>,
    finished: &Finished,
) -> Result<()> {
    if std::fs::metadata(video).map_or(true, |m| m.len() == 0) {
        return Err(Failure::failed("ffmpeg reported success but wrote nothing")
            .nothing_written()
            .into());
    }
    let counted = match finished.final_frame_count() {
        // ffmpeg 7+: libwebp_anim gives its whole animation as one packet at the end.
        Some(1) if plan.encoding.container == Container::Webp && plan.frame_count() > 1 => {
            let total_millis = plan.seconds() * 1000.0;
            webp_duration::shown_frames(video, plan.frame_count(), total_millis)
        }
        Some(count) => Some(count),
        None => match ffprobe_for(ffmpeg) {
            Some(ffprobe) => Some(probe::count_video_frames(&ffprobe, video).map_err(|e| {
                // ffprobe's own words name the temporary file: say what it was counting.
                Failure::failed(format!(
                    "cannot verify the encoded {}: {e:#}",
                    shown(&plan.options.output),
                ))
                .nothing_written()
                .hint("check that ffprobe works: ffprobe -version")
            })?),
            None => None,
        },
    };
    let expected = plan.frame_count();
    match counted {
        Some(count) if count == expected => Ok(()),
        // Which frame, if a frame is the cause: found by decoding again, only now.
        Some(count) => Err(count_mismatch::failure(ffmpeg, plan, count)),
        None => Err(Failure::failed(
            "cannot verify the encoded video: ffmpeg reported no frame count and no ffprobe \
             was found, so the result was discarded",
        )
        .into()),
    }
}

/// The video's width and height: the plan's, unless options after `--` (a filter, `-s`)
/// may have changed them, when only the file can tell: ffprobe when there is one, else
/// ffmpeg's own description of the file. Should neither tell, a warning says that the
/// report gives the frames' size, not the video's.
pub fn final_size(ffmpeg: &Path, plan: &StitchPlan<'_>) -> (u32, u32) {
    if !plan.size_may_change() {
        return output_size(plan);
    }
    let video = &plan.options.output;
    let probed = ffprobe_for(ffmpeg)
        .and_then(|ffprobe| probe::video_size(&ffprobe, video))
        .or_else(|| probe::video_size_from_ffmpeg(ffmpeg, video));
    probed.unwrap_or_else(|| {
        let (width, height) = output_size(plan);
        crate::term::stderr::warn(&format!(
            "cannot read the size of {}: the options after -- may have changed it, and the \
             report gives the frames' size, {width}x{height}",
            shown(video)
        ));
        (width, height)
    })
}
