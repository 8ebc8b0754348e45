//! The ffmpeg runs that write the frames into the staging folder: one pass (here), or
//! stretches side by side on all cores (`stretches`); each retried with `-vsync` on an
//! ffmpeg older than 5.1 (`run`), its failures explained (`failures`), and what it wrote
//! checked against the schedule.

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::Failure;
use crate::ffmpeg::job::{self, Finished, Job};
// As `plan`: the Job literal in `run` stays word for word as before the rename.
use crate::split::ffmpeg_args::{self as plan, Reading, Writing};
use crate::split::manifest::{self, Row, TIMESTAMPS};
use crate::split::options::SplitOptions;
use crate::split::table::FrameTable;
use crate::term::shown::shown;
use crate::time;

mod failures;
mod stretches;

pub use failures::check_clean_decode;
use failures::{says, unlisted};

/// The ffmpeg runs that write the frames into the staging folder.
pub struct WriteFrames<'a> {
    pub ffmpeg: &'a Path,
    pub options: &'a SplitOptions,
    pub video: &'a Path,
    pub out_dir: &'a Path,
    /// The staging folder: ffmpeg runs inside it.
    pub folder: &'a Path,
    pub show_progress: bool,
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
        modern: bool,
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
        self.run(&run, modern)
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
                }),
                Some(table) => match table.frame_at(pts) {
                    Some(frame) => Ok(Row {
                        pts: table.frames[frame].pts,
                        source_frame: Some(frame),
                    }),
                    None => Err(unlisted(self.video, pts).into()),
                },
            })
            .collect()
    }

    fn run(&self, run: &Run<'_>, modern: bool) -> Result<Finished> {
        // ffmpeg runs inside the staging folder, so the input needs an absolute path.
        let video = std::path::absolute(self.video)
            .with_context(|| format!("cannot resolve {}", shown(self.video)))?;
        let target = Writing {
            pattern: &run.pattern,
            start_number: 1,
            // Always: the manifest needs them, and so does saying where a damaged video broke.
            timestamps_file: Some(&run.timestamps),
            overwrite: true,
            report_progress: true,
            modern_ffmpeg: modern,
            one_thread: run.one_thread,
        };
        let job = Job {
            ffmpeg: self.ffmpeg,
            args: plan::ffmpeg_args(self.options, &video, run.reading, target),
            stdin_files: None,
            framing: None,
            working_dir: Some(self.folder),
            total_frames: run.total_frames,
            output_rate: None,
            show_progress: run.show_progress,
        };
        match job::run(&job) {
            Ok(finished) => Ok(finished),
            // ffmpeg before 5.1 has no -fps_mode; its -vsync does the same.
            Err(error) if modern && says(&error, "Unrecognized option 'fps_mode'") => {
                self.run(run, false)
            }
            Err(error) => Err(self.explain(error, run)),
        }
    }
}
