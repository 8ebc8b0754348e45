//! The ffmpeg runs of a split to standard output: one pass over the range, or stretches one
//! after another in the order the frames were picked (a seek that misses: the rest decoded
//! from the start instead, as a split into a folder does); each run's failures explained.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::sync::mpsc;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::supervisor::{self, FfmpegCommand, Finished};
use crate::pipeline::{self, Attempt};
use crate::split::ffmpeg_args::{self, Reading, Writing};
use crate::split::options::{Seconds, SplitOptions};
use crate::split::schedule::{self, Schedule, Stretch};
use crate::split::table::FrameTable;
use crate::split::video::not_a_video_said;
use crate::split::write_frames::check_clean_decode;
use crate::term::shell;
use crate::term::shown::shown;
use crate::time;

use super::forward::{forward, Ended, Output, RunPlan};
use super::later_table::LaterTable;
use super::times::Times;

/// Whoever reads framekit's stdout closed it: the run ends quietly.
#[derive(Debug)]
pub struct ReaderGone;

impl std::fmt::Display for ReaderGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for ReaderGone {}

/// The runs' common facts.
pub struct Streamer<'a> {
    pub capabilities: &'a Capabilities,
    pub options: &'a SplitOptions,
    pub video: &'a Path,
}

/// How one run ended, when it did not fail.
enum RunEnd {
    Done(Finished),
    /// The stretch did not read as planned, before any of its frames was written.
    Missed(String),
}

impl Streamer<'_> {
    /// One ffmpeg over the range, its mode's filter keeping the frames.
    pub fn pass(
        &self,
        ffmpeg: &Path,
        plan: &Schedule,
        table: Option<&FrameTable>,
        later: &LaterTable,
        output: &mut Output,
    ) -> Result<()> {
        let run = RunPlan {
            offset: self.options.start.map_or(0, |t| time::micros(t.seconds())),
            table,
            later: Some(later),
            expected: None,
            seeks: false,
        };
        let RunEnd::Done(finished) = self.run(ffmpeg, plan.pass(), &run, output)? else {
            unreachable!("a pass has no planned frames to miss");
        };
        let ranged = self.options.start.is_some() || self.options.end.is_some();
        crate::split::check_written(&Finished::default(), output.frames, self.video, ranged)?;
        check_clean_decode(
            &finished,
            self.options,
            self.video,
            None,
            Some(output.frames),
        )?;
        Ok(())
    }

    /// The stretches one after another; when a seek misses before any of its frames went
    /// out, the frames still to come are decoded from the start instead, with a warning.
    /// Returns how the frames were read in the end (`seek` or `decode`).
    pub fn stretches(
        &self,
        ffmpeg: &Path,
        stretches: &[Stretch],
        picks: &[usize],
        table: &FrameTable,
        output: &mut Output,
    ) -> Result<&'static str> {
        let sought = stretches.iter().any(|stretch| stretch.seek.is_some());
        let Some(why) = self.each_stretch(ffmpeg, stretches, table, output)? else {
            return Ok(if sought { "seek" } else { "decode" });
        };
        crate::term::stderr::warn(&format!(
            "seeking in {} {why}; decoded the frames still to come from the start instead",
            shown(self.video)
        ));
        let table = table.unindexed();
        let rest = &picks[output.frames as usize..];
        let range_start = stretches.first().and_then(|s| s.seek).unwrap_or(0);
        let grouped = schedule::stretches(&table, rest, 0, range_start);
        let again = schedule::in_pick_order(&grouped, &table, rest, range_start);
        match self.each_stretch(ffmpeg, &again, &table, output)? {
            None => Ok("decode"),
            Some(_) => unreachable!("a stretch that does not seek misses as a failure"),
        }
    }

    /// Runs `stretches` in order; stops at the first seek that missed, saying why.
    fn each_stretch(
        &self,
        ffmpeg: &Path,
        stretches: &[Stretch],
        table: &FrameTable,
        output: &mut Output,
    ) -> Result<Option<String>> {
        for stretch in stretches {
            let before = output.frames;
            let run = RunPlan {
                offset: stretch.seek.unwrap_or(0),
                table: Some(table),
                later: None,
                expected: Some(&stretch.frames),
                seeks: stretch.seek.is_some(),
            };
            let at = Seconds(table.frames[stretch.frames[0]].pts as f64 / 1e6);
            let finished = match self.run(ffmpeg, Reading::Stretch(stretch), &run, output)? {
                RunEnd::Done(finished) => finished,
                RunEnd::Missed(why) if stretch.seek.is_some() => return Ok(Some(why)),
                RunEnd::Missed(_) => {
                    return Err(Failure::failed(format!(
                        "decoding {} from its start did not give the frame at {at} that was \
                         asked for",
                        shown(self.video)
                    ))
                    .hint(
                        "ffprobe and ffmpeg disagree about this video's frames; please report \
                         it, with what `ffprobe -show_format` says of the video",
                    )
                    .into())
                }
            };
            let wrote = output.frames - before;
            if wrote != stretch.frames.len() as u64 {
                return Err(Failure::failed(format!(
                    "ffmpeg wrote {wrote} of the {} frame(s) asked for from {} at {at}",
                    stretch.frames.len(),
                    shown(self.video)
                ))
                .into());
            }
            if let (Some(seek), Some(said)) = (stretch.seek, finished.stderr_tail.last()) {
                // Its frames have gone out: too late to decode them again from the start.
                return Err(Failure::failed(format!(
                    "ffmpeg reported errors after seeking in {} to {} ({said})",
                    shown(self.video),
                    Seconds(seek as f64 / 1e6)
                ))
                .details(finished.stderr_tail.iter().cloned())
                .into());
            }
            check_clean_decode(
                &finished,
                self.options,
                self.video,
                Some(&at.to_string()),
                None,
            )?;
        }
        Ok(None)
    }

    /// One ffmpeg, its frames forwarded as they come.
    fn run(
        &self,
        ffmpeg: &Path,
        reading: Reading<'_>,
        plan: &RunPlan<'_>,
        output: &mut Output,
    ) -> Result<RunEnd> {
        let args = ffmpeg_args::ffmpeg_args(self.options, self.video, reading, self.writing());
        let (sender, lines) = mpsc::channel();
        let command = FfmpegCommand::new(ffmpeg, args).info_lines_to(sender);
        let mut times = Times::new(lines);
        let mut ended = Ended::Done;
        let sent_before = output.frames;
        let finished = supervisor::stream(command, |stdout, stop| {
            ended = forward(stdout, &mut times, stop, plan, output);
        });
        let sent = output.frames - sent_before;
        match ended {
            Ended::ReaderGone => Err(ReaderGone.into()),
            Ended::Missed(why) => Ok(RunEnd::Missed(why)),
            Ended::Failed(what) => Err(Failure::failed(what).into()),
            Ended::Cut(what) => match finished {
                Err(error) => Err(self.explain(error, sent, output)),
                Ok(_) => Err(Failure::failed(what).into()),
            },
            Ended::Done => match finished {
                Ok(finished) => Ok(RunEnd::Done(finished)),
                Err(error) => Err(self.explain(error, sent, output)),
            },
        }
    }

    fn writing(&self) -> Writing<'_> {
        Writing {
            pattern: OsStr::new(""),
            start_number: 1,
            timestamps_file: None,
            overwrite: false,
            report_progress: false,
            ffmpeg: self.capabilities,
            one_thread: false,
            to_stdout: true,
        }
    }

    /// A failed ffmpeg: a damaged video (frames came, then decoding stopped), no video
    /// stream, a file ffmpeg cannot read; else ffmpeg's own words.
    fn explain(&self, error: anyhow::Error, sent: u64, output: &Output) -> anyhow::Error {
        let attempt = Attempt {
            command: "split",
            doing: format!("split {}", shown(self.video)),
            writing: "the frames to standard output".to_string(),
            output_kind: "the frames",
        };
        pipeline::explain_failure(error, &attempt, |failed| {
            if sent > 0 {
                let at = output
                    .last_pts
                    .map_or(String::new(), |t| format!(" at {:.3} s,", t as f64 / 1e6));
                return Some(
                    Failure::failed(format!(
                        "{} is damaged or truncated: decoding stopped{at} after {} frame(s)",
                        shown(self.video),
                        output.frames
                    ))
                    .details(failed.details())
                    .hint(
                        "pass --allow-damaged to write the frames that decode, or repair the \
                         video",
                    )
                    .into(),
                );
            }
            not_a_video_said(self.video, failed)
        })
    }

    /// `ffmpeg ARGS [&& ffmpeg ARGS ...]`: each run, its PAM frames on stdout (framekit
    /// itself adds each frame's `#pts_seconds` line; these commands do not).
    pub fn dry_run_line(
        &self,
        program: &OsStr,
        plan: &Schedule,
        stretches: Option<&[Stretch]>,
    ) -> Vec<u8> {
        let readings: Vec<Reading<'_>> = match stretches {
            Some(stretches) => stretches.iter().map(Reading::Stretch).collect(),
            None => vec![plan.pass()],
        };
        let mut line = Vec::new();
        for (at, reading) in readings.into_iter().enumerate() {
            let args: Vec<OsString> =
                ffmpeg_args::ffmpeg_args(self.options, self.video, reading, self.writing());
            if at > 0 {
                line.extend_from_slice(b" && ");
            }
            line.extend(shell::command_line(program, &args));
        }
        line
    }
}

/// An error after frames went out: not "nothing was written", and says how many did (and,
/// when ffmpeg stopped inside a frame whose pixels were being spliced, that its start did).
pub fn after_frames_sent(
    mut error: anyhow::Error,
    sent: u64,
    cut_frame_sent: bool,
) -> anyhow::Error {
    if sent > 0 || cut_frame_sent {
        if let Some(failure) = error.downcast_mut::<Failure>() {
            failure.nothing_written = false;
            failure
                .details
                .push(format!("{sent} whole frame(s) had gone to standard output"));
            if cut_frame_sent {
                failure.details.push(format!(
                    "and the start of frame {}, which ffmpeg stopped inside",
                    sent + 1
                ));
            }
        }
    }
    error
}
