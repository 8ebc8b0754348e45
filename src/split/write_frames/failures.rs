//! How a failed or unclean frame-writing run is explained: a damaged video (where decoding
//! stopped), no video stream, a file ffmpeg cannot read; errors ffmpeg printed while it
//! succeeded; a frame ffprobe did not list.

use std::path::Path;

use crate::error::Failure;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::supervisor::Finished;
use crate::pipeline::{self, Attempt};
use crate::split::manifest;
use crate::split::options::{Seconds, SplitOptions};
use crate::split::video::not_a_video_said;
use crate::term::shown::shown;

use super::{Run, WriteFrames};

impl WriteFrames<'_> {
    pub(super) fn explain(&self, error: anyhow::Error, run: &Run<'_>) -> anyhow::Error {
        let attempt = Attempt {
            command: "split",
            doing: format!("split {}", shown(self.video)),
            writing: format!("the frames to {}", shown(self.out_dir)),
            output_kind: "the frames",
        };
        pipeline::explain_failure(error, &attempt, |failed| {
            let decoded = manifest::read_timestamps(self.folder, &run.timestamps);
            if !decoded.is_empty() {
                return Some(self.damaged(failed, &decoded, run.offset));
            }
            not_a_video_said(self.video, failed)
        })
    }

    /// ffmpeg failed after decoding frames: the video is damaged or cut short there.
    fn damaged(
        &self,
        failed: &FfmpegFailed,
        decoded: &[Option<i64>],
        offset: i64,
    ) -> anyhow::Error {
        let at = decoded
            .iter()
            .rev()
            .find_map(|t| *t)
            .map_or(String::new(), |t| {
                format!(" at {:.3} s,", (t + offset) as f64 / 1e6)
            });
        Failure::failed(format!(
            "{} is damaged or truncated: decoding stopped{at} after {} frame(s)",
            shown(self.video),
            decoded.len()
        ))
        .nothing_written()
        .details(failed.details())
        .hint("pass --allow-damaged to write the frames that decode, or repair the video")
        .into()
    }
}

/// A frame ffmpeg wrote that ffprobe did not list: the manifest would not be the truth.
pub(super) fn unlisted(video: &Path, pts: i64) -> Failure {
    Failure::failed(format!(
        "ffmpeg wrote a frame of {} at {} that ffprobe does not list, so frames.csv cannot \
         give its number",
        shown(video),
        Seconds(pts as f64 / 1e6)
    ))
    .nothing_written()
    .hint("split without --manifest, or remux the video first (ffmpeg -i IN -c copy OUT.mkv)")
}

/// What ffmpeg printed while it succeeded: with `--allow-damaged`, a warning that the video
/// is damaged; without it, an error (ffmpeg skipped what it could not read). `near` says
/// where a stretch read; `written`, how many frames a pass wrote.
pub fn check_clean_decode(
    finished: &Finished,
    options: &SplitOptions,
    video: &Path,
    near: Option<&str>,
    written: Option<u64>,
) -> Result<(), Failure> {
    let Some(last) = finished.stderr_tail.last() else {
        return Ok(());
    };
    let near = near.map_or(String::new(), |at| format!(" near {at}"));
    if options.allow_damaged {
        let wrote = written.map_or("the frames".to_string(), |n| format!("the {n} frame(s)"));
        crate::term::stderr::warn(&format!(
            "{} is damaged: ffmpeg reported errors while decoding it{near} ({last}); wrote \
             {wrote} that decoded",
            shown(video)
        ));
        return Ok(());
    }
    Err(Failure::failed(format!(
        "ffmpeg reported errors while decoding {}{near}: it may be damaged",
        shown(video)
    ))
    .nothing_written()
    .details(finished.stderr_tail.iter().cloned())
    .hint("pass --allow-damaged to write the frames that decode, or repair the video"))
}
