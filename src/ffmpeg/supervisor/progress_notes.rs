//! What the supervisor makes of ffmpeg's `-progress` reports: the final frame count, and
//! the progress shown.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc;

use super::{FfmpegCommand, Finished, Progress};
use crate::ffmpeg::progress::{self, Update};
use crate::term::progress_report::ProgressReport;

/// Notes one `-progress` fact, and moves the bar.
pub(super) fn note(
    finished: &mut Finished,
    bar: &ProgressReport,
    command: &FfmpegCommand<'_>,
    update: Update,
) {
    let Progress {
        total_frames,
        output_rate,
        ..
    } = command.progress;
    match update {
        Update::Frame(frame) => {
            finished.frames_reported = Some(frame);
            if output_rate.is_none() {
                bar.set_position(frame);
            }
        }
        Update::OutTime(micros) => {
            if let Some(rate) = output_rate {
                let written = (micros as f64 / 1e6 * rate).round() as u64;
                bar.set_position(written.min(total_frames.unwrap_or(u64::MAX)));
            }
        }
        Update::End => {
            finished.ended = true;
            // Frames still in the encoder when its last out_time came are written now.
            if let Some(frame) = finished.frames_reported {
                bar.set_position(frame);
            }
        }
    }
}

/// Reads `-progress` lines, sending each fact on.
pub(super) fn read_progress(stdout: impl Read, sender: mpsc::Sender<Update>) {
    let reader = BufReader::new(stdout);
    for line in reader.split(b'\n') {
        let Ok(line) = line else { return };
        if let Some(update) = progress::parse_line(&String::from_utf8_lossy(&line)) {
            if sender.send(update).is_err() {
                return;
            }
        }
    }
}
