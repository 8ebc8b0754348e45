//! The ffmpeg runs that write the frames into the staging folder: one pass (here), or
//! stretches side by side on all cores (`stretches`); each retried with `-vsync` on an
//! ffmpeg older than 5.1 (`run`), its failures explained (`failures`), and what it wrote
//! checked against the schedule.

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::supervisor::{self, FfmpegCommand, Finished, Progress};
use crate::split::ffmpeg_args::{self, Reading, Writing};
use crate::split::manifest::{self, Row, TIMESTAMPS};
use crate::split::options::SplitOptions;
use crate::split::table::FrameTable;
use crate::term::shown::shown;
use crate::time;

mod failures;
mod stretches;

pub use failures::check_clean_decode;
use failures::unlisted;

/// The ffmpeg runs that write the frames into the staging folder.
pub struct WriteFrames<'a> {
    pub ffmpeg: &'a Path,
    pub options: &'a SplitOptions,
    pub video: &'a Path,
    pub out_dir: &'a Path,
    /// The staging folder: ffmpeg runs inside it.
    pub folder: &'a Path,
    pub show_progress: bool,
    /// What the ffmpeg that runs can do.
    pub capabilities: &'a Capabilities,
}

/// One ffmpeg run: what it reads, where it writes, and where its timestamps go.
struct Run<'a> {
    reading: Reading<'a>,
    pattern: OsString,
    timestamps: String,
    /// Where ffmpeg's time 0 is (µs from the start of the video): the seek, if any.
    offset: i64,
    total_frames: Option<u64>,
    show_progress: bool,
    one_thread: bool,
}

impl WriteFrames<'_> {
    /// One pass over the range, writing the staged names `pattern` from 1, and the
    /// timestamps into `timestamps.txt`.
    pub fn pass(
        &self,
        reading: Reading<'_>,
        pattern: OsString,
        total_frames: Option<u64>,
    ) -> Result<Finished> {
        let offset = self.options.start.map_or(0, |t| time::micros(t.seconds()));
        let run = Run {
            reading,
            pattern,
            timestamps: TIMESTAMPS.to_string(),
            offset,
            total_frames,
            show_progress: self.show_progress,
            one_thread: false,
        };
        self.run(&run)
    }

    /// The rows of the manifest for what a pass wrote: each frame's time, matched to
    /// ffprobe's list of the frames when there is one.
    pub fn pass_rows(&self, written: u64, table: Option<&FrameTable>) -> Result<Vec<Row>> {
        let offset = self.options.start.map_or(0, |t| time::micros(t.seconds()));
        let times = manifest::read_timestamps(self.folder, TIMESTAMPS);
        let times: Vec<i64> = times.iter().flatten().map(|t| t + offset).collect();
        if (times.len() as u64) < written {
            // ffmpeg's metadata filter drops what it cannot write (a full disk, a file size
            // limit) without failing: a manifest without times would not be the truth.
            return Err(Failure::failed(format!(
                "cannot write {}: ffmpeg recorded the times of {} of the {written} frames",
                manifest::MANIFEST,
                times.len()
            ))
            .nothing_written()
            .hint("free some space, or write the frames elsewhere")
            .into());
        }
        times
            .iter()
            .take(written as usize)
            .map(|&pts| match table {
                None => Ok(Row {
                    pts,
                    source_frame: None,
                    sharpness: None,
                }),
                Some(table) => match table.frame_at(pts) {
                    Some(frame) => Ok(Row {
                        pts: table.frames[frame].pts,
                        source_frame: Some(frame),
                        sharpness: None,
                    }),
                    None => Err(unlisted(self.video, pts).into()),
                },
            })
            .collect()
    }

    fn run(&self, run: &Run<'_>) -> Result<Finished> {
        // ffmpeg runs inside the staging folder, so the input needs an absolute path.
        let video = std::path::absolute(self.video)
            .with_context(|| format!("cannot resolve {}", shown(self.video)))?;
        let writing = Writing {
            pattern: &run.pattern,
            start_number: 1,
            // Always: the manifest needs them, and so does saying where a damaged video broke.
            timestamps_file: Some(&run.timestamps),
            overwrite: true,
            report_progress: true,
            ffmpeg: self.capabilities,
            one_thread: run.one_thread,
            to_stdout: false,
        };
        let args = ffmpeg_args::ffmpeg_args(self.options, &video, run.reading, writing);
        let command = FfmpegCommand::new(self.ffmpeg, args)
            .in_folder(self.folder)
            .progress(Progress {
                total_frames: run.total_frames,
                output_rate: None,
                shown: run.show_progress,
            });
        supervisor::run(&[command]).map_err(|error| self.explain(error, run))
    }
}
