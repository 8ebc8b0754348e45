//! When each frame is shown. By default every frame lasts 1/fps and the frames go to ffmpeg
//! as `image2pipe` at that rate (exact even for 30000/1001). `--hold-last`, `--durations`
//! and `--timestamps` give frames their own times: the frames then go as a Matroska stream
//! with a timestamp on each (`ffmpeg::matroska`), and the last frame's duration on it.

use std::path::{Path, PathBuf};

use crate::cli::frame_rate::FrameRate;
use crate::cli::timecode::Timecode;
use crate::error::Failure;
use crate::ffmpeg::matroska::Timeline;
use crate::stitch::timing_files::{self, frames_of};
use crate::term::shown::shown;
use crate::time::nonnegative_micros;

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub struct TimingOptions {
    /// How long the last frame stays, in all.
    pub hold_last: Option<Timecode>,
    /// `file,seconds` for frames with their own duration.
    pub durations: Option<PathBuf>,
    /// split's frames.csv: each frame's start.
    pub timestamps: Option<PathBuf>,
}

impl TimingOptions {
    /// Whether any frame has a time of its own.
    pub fn is_explicit(&self) -> bool {
        self.hold_last.is_some() || self.durations.is_some() || self.timestamps.is_some()
    }
}

/// The frames' timeline, for frames known by `names` (their paths inside DIR, or as listed),
/// or None when every frame lasts 1/fps.
pub fn timeline(
    options: &TimingOptions,
    fps: &FrameRate,
    names: &[PathBuf],
) -> Result<Option<Timeline>, Failure> {
    if !options.is_explicit() || names.is_empty() {
        return Ok(None);
    }
    let frame = fps.seconds_for(1);
    let mut timeline = match &options.timestamps {
        Some(path) => from_timestamps(path, names, frame)?,
        None => {
            let mut seconds = vec![frame; names.len()];
            if let Some(path) = &options.durations {
                let rows = timing_files::read(path, "--durations", "seconds", true)?;
                for (row, indices) in frames_of(&rows, path, names)? {
                    for index in indices {
                        seconds[index] = row.seconds;
                    }
                }
            }
            from_durations(&seconds)
        }
    };
    if let Some(hold) = options.hold_last {
        if hold.micros() == 0 {
            return Err(
                Failure::usage("--hold-last 0 would show the last frame not at all")
                    .hint("give the time the last frame stays on screen, such as --hold-last 2"),
            );
        }
        timeline.last = hold.micros();
    }
    Ok(Some(timeline))
}

/// Start times summed in seconds, then rounded: no drift over thousands of frames.
fn from_durations(seconds: &[f64]) -> Timeline {
    let mut starts = Vec::with_capacity(seconds.len());
    let mut elapsed = 0.0;
    for duration in seconds {
        starts.push(nonnegative_micros(elapsed));
        elapsed += duration;
    }
    let last = nonnegative_micros(elapsed) - starts.last().copied().unwrap_or(0);
    Timeline { starts, last }
}

/// Starts from split's manifest, relative to the first frame; the last frame lasts as long
/// as the gap before it (one frame at 1/fps when it is alone).
fn from_timestamps(path: &Path, names: &[PathBuf], frame: f64) -> Result<Timeline, Failure> {
    let rows = timing_files::read(path, "--timestamps", "pts_seconds", false)?;
    let mut times: Vec<Option<(f64, u64)>> = vec![None; names.len()];
    for (row, indices) in frames_of(&rows, path, names)? {
        for index in indices {
            times[index] = Some((row.seconds, row.line));
        }
    }
    let mut starts = Vec::with_capacity(names.len());
    let mut previous: Option<(f64, u64)> = None;
    for (name, time) in names.iter().zip(&times) {
        let Some((seconds, line)) = *time else {
            return Err(
                Failure::failed(format!("{} has no time in {}", shown(name), shown(path)))
                    .nothing_written()
                    .hint("every frame needs a line in the --timestamps file"),
            );
        };
        if let Some((before, before_line)) = previous {
            if seconds <= before {
                return Err(Failure::failed(format!(
                    "{} line {line}: {seconds} s for {} is not after line {before_line}'s {before} s",
                    shown(path),
                    shown(name)
                ))
                .nothing_written()
                .hint("the frames' times must increase in the frames' order (see --sort)"));
            }
        }
        starts.push(seconds);
        previous = Some((seconds, line));
    }
    let first = starts[0];
    let last = match starts.as_slice() {
        [.., before, last] => last - before,
        _ => frame,
    };
    Ok(Timeline {
        starts: starts
            .iter()
            .map(|s| nonnegative_micros(s - first))
            .collect(),
        last: nonnegative_micros(last).max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<PathBuf> {
        (0..n).map(|i| PathBuf::from(format!("f{i}.png"))).collect()
    }

    #[test]
    fn hold_last_keeps_the_frame_count_and_lengthens_the_last_frame() {
        let options = TimingOptions {
            hold_last: Some("2".parse().unwrap()),
            ..TimingOptions::default()
        };
        let timeline = timeline(&options, &"10".parse().unwrap(), &names(10))
            .unwrap()
            .unwrap();
        assert_eq!(timeline.starts.len(), 10);
        assert_eq!(timeline.starts[9], 900_000);
        assert_eq!(timeline.total(), 2_900_000);
    }

    #[test]
    fn durations_accumulate_without_drift() {
        let timeline = from_durations(&[1.0 / 3.0; 3000]);
        assert_eq!(timeline.total(), 1_000_000_000);
        assert_eq!(timeline.starts[1], 333_333);
        assert_eq!(timeline.starts[2], 666_667);
    }

    #[test]
    fn without_times_of_their_own_frames_keep_the_rate() {
        let none = timeline(&TimingOptions::default(), &"25".parse().unwrap(), &names(3));
        assert_eq!(none.unwrap(), None);
    }
}
