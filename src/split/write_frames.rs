//! The ffmpeg run that writes the frames into the staging folder, retried with `-vsync` on
//! an ffmpeg older than 5.1, and its failures explained.

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result};

use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::job::{self, Finished, Job};
use crate::ffmpeg::probe::NotAVideo;
use crate::pipeline::{self, Attempt};
use crate::split::manifest::TIMESTAMPS;
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
    pub manifest: bool,
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
            timestamps_file: self.manifest.then_some(TIMESTAMPS),
            overwrite: true,
            report_progress: true,
            modern_ffmpeg: modern,
        };
        let job = Job {
            ffmpeg: self.ffmpeg,
            args: plan::ffmpeg_args(self.options, &video, target),
            stdin_files: None,
            working_dir: Some(self.folder),
            total_frames: self.total_frames,
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

/// Whether the error is a failed ffmpeg whose last words include `text`.
fn says(error: &anyhow::Error, text: &str) -> bool {
    error
        .downcast_ref::<FfmpegFailed>()
        .is_some_and(|failed| failed.says(text))
}
