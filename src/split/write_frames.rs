//! The ffmpeg run that writes the frames into the staging folder, retried with `-vsync` on
//! an ffmpeg older than 5.1, and its failures explained.

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::Failure;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::job::{self, Finished, Job};
use crate::ffmpeg::probe::NotAVideo;
use crate::pipeline::{self, Attempt};
use crate::split::manifest::{self, TIMESTAMPS};
use crate::split::options::SplitOptions;
use crate::split::plan::{self, Target};
use crate::split::video::not_a_video;
use crate::term::shown::shown;

/// The ffmpeg run that writes the frames into the staging folder.
pub struct WriteFrames<'a> {
    pub ffmpeg: &'a Path,
    pub options: &'a SplitOptions,
    pub video: &'a Path,
    pub out_dir: &'a Path,
    pub folder: &'a Path,
    pub pattern: OsString,
    pub total_frames: Option<u64>,
    pub show_progress: bool,
}

impl WriteFrames<'_> {
    pub fn run(&self, modern: bool) -> Result<Finished> {
        // ffmpeg runs inside the staging folder, so the input needs an absolute path.
        let video = std::path::absolute(self.video)
            .with_context(|| format!("cannot resolve {}", shown(self.video)))?;
        let target = Target {
            pattern: &self.pattern,
            // Always: the manifest needs them, and so does saying where a damaged video broke.
            timestamps_file: Some(TIMESTAMPS),
            overwrite: true,
            report_progress: true,
            modern_ffmpeg: modern,
        };
        let job = Job {
            ffmpeg: self.ffmpeg,
            args: plan::ffmpeg_args(self.options, &video, target),
            stdin_files: None,
            framing: None,
            working_dir: Some(self.folder),
            total_frames: self.total_frames,
            output_rate: None,
            show_progress: self.show_progress,
        };
        match job::run(&job) {
            Ok(finished) => Ok(finished),
            // ffmpeg before 5.1 has no -fps_mode; its -vsync does the same.
            Err(error) if modern && says(&error, "Unrecognized option 'fps_mode'") => {
                self.run(false)
            }
            Err(error) => Err(self.explain(error)),
        }
    }

    fn explain(&self, error: anyhow::Error) -> anyhow::Error {
        let attempt = Attempt {
            command: "split",
            doing: format!("split {}", shown(self.video)),
            writing: format!("the frames to {}", shown(self.out_dir)),
            output_kind: "the frames",
        };
        pipeline::explain_failure(error, &attempt, |failed| {
            let decoded = manifest::read_timestamps(self.folder);
            if !decoded.is_empty() {
                return Some(self.damaged(failed, &decoded));
            }
            if failed.says("matches no streams") {
                return Some(not_a_video(self.video, NotAVideo::NoVideoStream));
            }
            if failed.says("Invalid data found when processing input")
                || failed.says("moov atom not found")
            {
                let last = failed.tail.last().cloned().unwrap_or_default();
                return Some(not_a_video(self.video, NotAVideo::Unreadable(last)));
            }
            None
        })
    }
}

impl WriteFrames<'_> {
    /// ffmpeg failed after decoding frames: the video is damaged or cut short there.
    fn damaged(&self, failed: &FfmpegFailed, decoded: &[Option<f64>]) -> anyhow::Error {
        let offset = self.options.start.map_or(0.0, |t| t.seconds());
        let at = decoded
            .iter()
            .rev()
            .find_map(|t| *t)
            .map_or(String::new(), |t| format!(" at {:.3} s,", t + offset));
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

/// What ffmpeg printed while it succeeded: with `--allow-damaged`, a warning that the video
/// is damaged; without it, an error (ffmpeg skipped what it could not read).
pub fn check_clean_decode(
    finished: &Finished,
    options: &SplitOptions,
    video: &Path,
    written: u64,
) -> Result<(), Failure> {
    let Some(last) = finished.stderr_tail.last() else {
        return Ok(());
    };
    if options.allow_damaged {
        crate::term::stderr::warn(&format!(
            "{} is damaged: ffmpeg reported errors while decoding it ({last}); wrote the \
             {written} frame(s) that decoded",
            shown(video)
        ));
        return Ok(());
    }
    Err(Failure::failed(format!(
        "ffmpeg reported errors while decoding {}: it may be damaged",
        shown(video)
    ))
    .nothing_written()
    .details(finished.stderr_tail.iter().cloned())
    .hint("pass --allow-damaged to write the frames that decode, or repair the video"))
}

/// Whether the error is a failed ffmpeg whose last words include `text`.
fn says(error: &anyhow::Error, text: &str) -> bool {
    error
        .downcast_ref::<FfmpegFailed>()
        .is_some_and(|failed| failed.says(text))
}
