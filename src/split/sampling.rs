//! Which frames a mode picks, from the table of the video's frames. Pure: no I/O, so each
//! rule is unit-tested below. The rules are those ffmpeg's filters apply when it decodes
//! every frame (`ffmpeg_args::select_filter`), so that seeking to the picked frames gives the same
//! frames as decoding everything.

use crate::cli::timecode::Timecode;
use crate::split::options::Sampling;
use crate::split::table::FrameTable;
use crate::time;

/// A frame on a step of `--fps` (or `--count`) give or take rounding counts as on it:
/// the filter's `floor(t*RATE+1e-4)`.
const STEP_SLACK: f64 = 1e-4;

/// The range asked for, in microseconds from the start of the video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    pub start: i64,
    pub end: Option<i64>,
}

impl Range {
    pub fn new(start: Option<Timecode>, end: Option<Timecode>) -> Range {
        let micros = |t: Timecode| time::micros(t.seconds());
        Range {
            start: start.map_or(0, micros),
            end: end.map(micros),
        }
    }
}

/// The frames a mode picks: indices into the table, in the order they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picks {
    pub frames: Vec<usize>,
    /// Facts to warn about.
    pub notes: Vec<Note>,
}

/// Something a user should hear about the frames picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// `--count N` with fewer than N frames in the range: all of them were picked.
    FewerFrames { available: usize, asked: u64 },
    /// `--count N`: some of the N times fell on one frame (long gaps between frames).
    SharedFrames { picked: usize, asked: u64 },
    /// `--at` gave this time (as given) at places `first` and `again` (from 1).
    TimeTwice {
        time: Timecode,
        first: usize,
        again: usize,
    },
}

/// Why nothing can be picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPicks {
    /// The range holds no frame.
    EmptyRange,
    /// These `--at` times (µs) come after the last frame.
    PastTheEnd(Vec<i64>),
    /// The range holds no key frame.
    NoKeyFrames,
}

/// `--count N` over D µs: N steps, `N*1000000/D` a second, so that step i falls at
/// start + i·D/N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRate {
    pub count: u64,
    pub duration: i64,
}

impl CountRate {
    /// `--count`'s steps over the range: its duration is the range's, cut at the video's
    /// end (ffprobe's duration, or the last frame's time when ffprobe gives none).
    pub fn new(count: u64, table: &FrameTable, range: Range) -> Option<CountRate> {
        let video_end = table.duration.or_else(|| table.last_pts().map(|t| t + 1))?;
        let end = range.end.map_or(video_end, |end| end.min(video_end));
        let duration = end - range.start;
        (duration > 0).then_some(CountRate { count, duration })
    }

    /// Steps a second, by the same operations as ffmpeg's expression `(N*1000000/D)`.
    pub fn per_second(self) -> f64 {
        self.count as f64 * 1e6 / self.duration as f64
    }
}

/// The frames `sampling` picks from `table` within `range`. `None` for `--scene`, which
/// only decoding can tell.
pub fn pick(
    sampling: &Sampling,
    table: &FrameTable,
    range: Range,
) -> Option<Result<Picks, NoPicks>> {
    let in_range = table.range(range.start, range.end);
    let frames = &table.frames;
    let picked = |frames: Vec<usize>| {
        Ok(Picks {
            frames,
            notes: Vec::new(),
        })
    };
    if let Sampling::At(times) = sampling {
        return Some(at(times, table));
    }
    if in_range.is_empty() {
        return Some(Err(NoPicks::EmptyRange));
    }
    let result = match sampling {
        Sampling::All => picked(in_range.collect()),
        Sampling::Every(n) => picked(in_range.step_by((*n).max(1) as usize).collect()),
        Sampling::Fps(rate) => picked(on_steps(table, in_range, range.start, rate.as_f64(), None)),
        Sampling::Count(n) => {
            let Some(rate) = CountRate::new(*n, table, range) else {
                return Some(Err(NoPicks::EmptyRange));
            };
            let rate = rate.per_second();
            let available = in_range.len();
            let chosen = on_steps(table, in_range, range.start, rate, Some(*n));
            let mut notes = Vec::new();
            if (available as u64) < *n {
                notes.push(Note::FewerFrames {
                    available,
                    asked: *n,
                });
            } else if (chosen.len() as u64) < *n {
                notes.push(Note::SharedFrames {
                    picked: chosen.len(),
                    asked: *n,
                });
            }
            Ok(Picks {
                frames: chosen,
                notes,
            })
        }
        Sampling::Keyframes => {
            let keys: Vec<usize> = in_range.filter(|&i| frames[i].key).collect();
            if keys.is_empty() {
                Err(NoPicks::NoKeyFrames)
            } else {
                picked(keys)
            }
        }
        Sampling::Scene(_) => return None,
        Sampling::At(_) => unreachable!("handled above"),
    };
    Some(result)
}

/// The frames on which a step of `rate` a second (from `start`) falls: each the first frame
/// at or after a step, none twice, and with `limit`, only the steps 0..limit. This is
/// `select=isnan(prev_t)+gt(floor(t*RATE+1e-4)\,floor(prev_t*RATE+1e-4))` with `t` counted
/// from the start of the range, as ffmpeg counts it after `-ss`.
fn on_steps(
    table: &FrameTable,
    in_range: std::ops::Range<usize>,
    start: i64,
    rate: f64,
    limit: Option<u64>,
) -> Vec<usize> {
    let step = |pts: i64| {
        let t = (pts - start) as f64 / 1e6;
        let step = (t * rate + STEP_SLACK).floor();
        match limit {
            Some(limit) => step.min(limit as f64 - 1.0),
            None => step,
        }
    };
    let mut chosen = Vec::new();
    let mut previous: Option<f64> = None;
    for i in in_range {
        let current = step(table.frames[i].pts);
        if previous.is_none_or(|previous| current > previous) {
            chosen.push(i);
        }
        previous = Some(current);
    }
    chosen
}

/// For each time, the first frame at or after it, in the order given.
fn at(times: &[Timecode], table: &FrameTable) -> Result<Picks, NoPicks> {
    let micros: Vec<i64> = times.iter().map(|t| time::micros(t.seconds())).collect();
    let past: Vec<i64> = micros
        .iter()
        .copied()
        .filter(|&t| table.first_at_or_after(t).is_none())
        .collect();
    if !past.is_empty() {
        return Err(NoPicks::PastTheEnd(past));
    }
    let frames = micros
        .iter()
        .map(|&t| table.first_at_or_after(t).expect("checked above"))
        .collect();
    let mut notes = Vec::new();
    let mut seen: Vec<(i64, usize)> = Vec::new();
    for (place, (&time, given)) in micros.iter().zip(times).enumerate() {
        match seen.iter().find(|(t, _)| *t == time) {
            Some(&(_, first)) => notes.push(Note::TimeTwice {
                time: *given,
                first: first + 1,
                again: place + 1,
            }),
            None => seen.push((time, place)),
        }
    }
    Ok(Picks { frames, notes })
}

/// The `--at` times past the end, for the message: `12, 15.5`, at most five.
pub fn list_times(times: &[i64]) -> String {
    let mut shown: Vec<String> = times
        .iter()
        .take(5)
        .map(|&t| crate::split::ffmpeg_args::seconds_arg(t))
        .collect();
    if times.len() > 5 {
        shown.push(format!("and {} more", times.len() - 5));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::table::tests::{table, table_at};

    fn picks(sampling: Sampling, table: &FrameTable, range: Range) -> Vec<usize> {
        pick(&sampling, table, range).unwrap().unwrap().frames
    }

    fn t(text: &str) -> Timecode {
        text.parse().unwrap()
    }

    #[test]
    fn every_and_fps_follow_the_filters_rules() {
        // 100 frames at 25 fps.
        let video = table(100, 40_000, 25);
        let all = Range::default();
        assert_eq!(picks(Sampling::All, &video, all).len(), 100);
        assert_eq!(picks(Sampling::Every(30), &video, all), [0, 30, 60, 90]);
        assert_eq!(
            picks(Sampling::Fps("1".parse().unwrap()), &video, all),
            [0, 25, 50, 75]
        );
        // From --start 1.01: the first frame at or after 1.01 + k/2.
        let range = Range::new(Some(t("1.01")), Some(t("3")));
        assert_eq!(
            picks(Sampling::Fps("2".parse().unwrap()), &video, range),
            [26, 38, 51, 63]
        );
        assert_eq!(
            picks(Sampling::Every(10), &video, range),
            [26, 36, 46, 56, 66]
        );
    }

    #[test]
    fn count_spreads_frames_evenly_and_reproducibly() {
        let video = table(100, 40_000, 25);
        // D = 4 s; frame i·0.4 s for i in 0..10.
        let ten = picks(Sampling::Count(10), &video, Range::default());
        assert_eq!(ten, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
        assert_eq!(
            picks(Sampling::Count(3), &video, Range::default()),
            [0, 34, 67]
        );
        // Over 1-2 s: steps at 1, 1.25, 1.5, 1.75.
        let range = Range::new(Some(t("1")), Some(t("2")));
        assert_eq!(picks(Sampling::Count(4), &video, range), [25, 32, 38, 44]);
        // A range cut at the video's end.
        let range = Range::new(Some(t("2")), Some(t("60")));
        assert_eq!(picks(Sampling::Count(2), &video, range), [50, 75]);
    }

    #[test]
    fn count_takes_all_of_a_short_video_and_says_so() {
        let video = table(5, 40_000, 5);
        let result = pick(&Sampling::Count(8), &video, Range::default())
            .unwrap()
            .unwrap();
        assert_eq!(result.frames, [0, 1, 2, 3, 4]);
        assert_eq!(
            result.notes,
            [Note::FewerFrames {
                available: 5,
                asked: 8
            }]
        );
        // Frames far apart: two of the times fall on one frame.
        let gappy = table_at(&[0, 40_000, 80_000, 2_000_000]);
        let result = pick(&Sampling::Count(4), &gappy, Range::default())
            .unwrap()
            .unwrap();
        assert_eq!(result.frames, [0, 3]);
        assert_eq!(
            result.notes,
            [Note::SharedFrames {
                picked: 2,
                asked: 4
            }]
        );
    }

    #[test]
    fn at_takes_the_first_frame_at_or_after_each_time_in_the_order_given() {
        let video = table(100, 40_000, 25);
        let times = vec![t("2"), t("0"), t("1.01"), t("2"), t("3.96")];
        let result = pick(&Sampling::At(times), &video, Range::default())
            .unwrap()
            .unwrap();
        assert_eq!(result.frames, [50, 0, 26, 50, 99]);
        assert_eq!(
            result.notes,
            [Note::TimeTwice {
                time: t("2"),
                first: 1,
                again: 4
            }]
        );
        let past = pick(
            &Sampling::At(vec![t("1"), t("3.97"), t("9")]),
            &video,
            Range::default(),
        );
        assert_eq!(
            past.unwrap(),
            Err(NoPicks::PastTheEnd(vec![3_970_000, 9_000_000]))
        );
        assert_eq!(list_times(&[3_970_000, 9_000_000]), "3.97, 9");
    }

    #[test]
    fn keyframes_and_empty_ranges() {
        let video = table(100, 40_000, 25);
        assert_eq!(
            picks(Sampling::Keyframes, &video, Range::default()),
            [0, 25, 50, 75]
        );
        let range = Range::new(Some(t("0.1")), Some(t("0.9")));
        assert_eq!(
            pick(&Sampling::Keyframes, &video, range).unwrap(),
            Err(NoPicks::NoKeyFrames)
        );
        let late = Range::new(Some(t("60")), None);
        assert_eq!(
            pick(&Sampling::All, &video, late).unwrap(),
            Err(NoPicks::EmptyRange)
        );
        assert_eq!(
            pick(&Sampling::Count(3), &video, late).unwrap(),
            Err(NoPicks::EmptyRange)
        );
        assert!(pick(&Sampling::Scene(0.3), &video, Range::default()).is_none());
    }
}
