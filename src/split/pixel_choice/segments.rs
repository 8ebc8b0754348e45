//! The measuring decode cut at key frames into segments, one ffmpeg with one decoding
//! thread each, side by side. A video decoder's threads wait on each other (a frame needs
//! the ones it refers to): on 2 cores one ffmpeg decoding a 720p H.264 keeps about 1.6
//! busy, whatever its thread count, while two decoding its two halves keep both busy, and
//! a single decoding thread spends the least CPU a frame. Every frame is still decoded
//! once. The first segment is measured as it comes (its stretches are chosen, and
//! written, while the others run); the others' measures are kept (two numbers a frame)
//! and handed to the choice in order when the first is done.
//!
//! Only where a segment's frames are exactly known before: an indexed container (`-ss`
//! lands on the key frame), times in the packets, and no open group of pictures (no frame
//! after a key frame, in decoding order, is shown before it); and only for `--sharpest`
//! without `--dedupe` (which compares each frame with the last written: in order only).
//! Each later segment must give exactly the frames the table lists for it; if it does
//! not, or fails, its frames are measured again by one ffmpeg decoding from the first
//! segment's start, as a single run would, so the result never depends on the cut.

use std::ops::Range;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::measure::Sharpness;
use super::pass::{self, measure_threads, Reading};
use super::Measuring;
use crate::error::Failure;
use crate::split::options::SplitOptions;
use crate::split::table::FrameTable;
use crate::term::progress_report::ProgressReport;
use crate::term::shown::shown;

/// Fewest frames worth a segment of their own: a 720p frame decodes in a few
/// milliseconds, an ffmpeg starts in about 50.
const FEWEST_FRAMES: usize = 1500;

/// Test hook: `FRAMEKIT_MEASURE_SEGMENTS=N` asks for N segments whatever the length (and
/// 1 for none), so that short test videos take this route.
const SEGMENTS_VAR: &str = "FRAMEKIT_MEASURE_SEGMENTS";

/// One segment: the table indices of its frames and how its ffmpeg reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub frames: Range<usize>,
    pub reading: Reading,
}

/// How many segments `frames` frames are worth: one a core, each of at least
/// [`FEWEST_FRAMES`] (or as [`SEGMENTS_VAR`] says).
pub fn wanted(frames: usize) -> usize {
    match std::env::var(SEGMENTS_VAR)
        .ok()
        .and_then(|n| n.parse().ok())
    {
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(frames / FEWEST_FRAMES),
    }
}

/// The `wanted` segments of a measuring run `whole` whose first frame is table index
/// `first` and whose frames end at `end` (exclusive): None where the run is not cut.
pub fn plan(
    options: &SplitOptions,
    table: &FrameTable,
    whole: &Reading,
    (first, end): (usize, usize),
    wanted: usize,
) -> Option<Vec<Segment>> {
    let exact = table.seekable && table.timed && table.keyframes_alone;
    if !options.sharpest || options.dedupe.is_some() || options.allow_damaged || !exact {
        return None;
    }
    if end <= first {
        return None;
    }
    let starts = cuts(table, first, end, wanted);
    if starts.len() < 2 {
        return None;
    }
    let segments = starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let next = starts.get(n + 1).copied();
            let frames = start..next.unwrap_or(end);
            let reading = Reading {
                // Just before a key frame's time: ffmpeg lands on it and keeps it (as a
                // seeking stretch does, `schedule::new_stretch`).
                seek: match n {
                    0 => whole.seek,
                    _ => Some(table.frames[start].pts - 1),
                },
                // Ended by its count, not by a time: ffmpeg counts `-to` from the first
                // frame it keeps, not from the time it seeks to, which would take one
                // frame more where the two differ (a --start between two frames).
                end: None,
                frames: Some(frames.len()),
                threads: 1,
                ..whole.clone()
            };
            Segment { frames, reading }
        })
        .collect();
    Some(segments)
}

/// Where `wanted` segments of `first..end` start: `first`, then the first key frame at or
/// after each even share (key frames only, after time 0, each once).
fn cuts(table: &FrameTable, first: usize, end: usize, wanted: usize) -> Vec<usize> {
    let mut starts = vec![first];
    let length = end.saturating_sub(first);
    for n in 1..wanted.max(1) {
        let from = (first + length * n / wanted).max(starts[starts.len() - 1] + 1);
        // A key frame after time 0 whose time is its own (not shared with the frame
        // before), so that seeking just before it lands on it.
        let key = (from..end).find(|&i| {
            let frames = &table.frames;
            frames[i].key && frames[i].pts > 0 && frames[i - 1].pts < frames[i].pts
        });
        match key {
            Some(key) => starts.push(key),
            None => break,
        }
    }
    starts
}

/// Measures a later segment on its own: each frame's sharpness, in order, or None when
/// its ffmpeg failed or gave other frames than the table lists.
pub fn measure_alone(
    measuring: &Measuring<'_>,
    segment: &Segment,
    size: (usize, usize, u32),
    progress: &ProgressReport,
    cancel: &AtomicBool,
) -> Option<Vec<Sharpness>> {
    let mut values = Vec::with_capacity(segment.frames.len());
    let decoded = pass::measure(
        measuring.ffmpeg,
        measuring.capabilities,
        measuring.video,
        &segment.reading,
        progress,
        Some(cancel),
        |_, gray| values.push(Sharpness::of(gray, size.0, size.1, size.2)),
    );
    match decoded {
        Ok(count) if count == segment.frames.len() => Some(values),
        _ => None,
    }
}

/// Measures a segment's frames again by decoding from the start of the whole run
/// (`whole`, whose first frame is `first`), as one run alone would: exactly its frames, or
/// an error that says how many came.
pub fn measure_from_start(
    measuring: &Measuring<'_>,
    whole: &Reading,
    first: usize,
    segment: &Segment,
    size: (usize, usize, u32),
) -> Result<Vec<Sharpness>> {
    let reading = Reading {
        end: None,
        frames: Some(segment.frames.end - first),
        threads: measure_threads(),
        ..whole.clone()
    };
    let skip = segment.frames.start - first;
    let mut values = Vec::with_capacity(segment.frames.len());
    pass::measure(
        measuring.ffmpeg,
        measuring.capabilities,
        measuring.video,
        &reading,
        &ProgressReport::Hidden,
        None,
        |place, gray| {
            if place >= skip {
                values.push(Sharpness::of(gray, size.0, size.1, size.2));
            }
        },
    )?;
    if values.len() != segment.frames.len() {
        return Err(Failure::failed(format!(
            "ffmpeg decoded {} frame(s) of {} where ffprobe lists {}, so the frames \
             measured cannot be named",
            segment.frames.start - first + values.len(),
            shown(measuring.video),
            segment.frames.end - first
        ))
        .nothing_written()
        .hint("remux the video first (ffmpeg -i IN -c copy OUT.mkv), or split without --sharpest and --dedupe")
        .into());
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `count` frames at 25 fps, a key frame every `gop`.
    fn table(count: usize, gop: usize) -> FrameTable {
        crate::split::table::tests::table(count, 40_000, gop)
    }

    #[test]
    fn segments_start_at_key_frames_and_cover_every_frame_once() {
        let table = table(1000, 250);
        assert_eq!(cuts(&table, 0, 1000, 2), [0, 500]);
        assert_eq!(cuts(&table, 0, 1000, 3), [0, 500, 750]);
        assert_eq!(cuts(&table, 0, 1000, 4), [0, 250, 500, 750]);
        // No key frame left after a share: fewer segments.
        assert_eq!(cuts(&table, 0, 900, 2), [0, 500]);
        assert_eq!(cuts(&table, 800, 1000, 2), [800]);
        assert_eq!(cuts(&table, 0, 1000, 1), [0]);
    }

    #[test]
    fn each_segment_reads_from_just_before_its_key_frame_to_just_before_the_next() {
        let table = table(1000, 250);
        let options = SplitOptions {
            sharpest: true,
            ..Default::default()
        };
        let whole = Reading {
            seek: None,
            end: None,
            size: (320, 180),
            source: (1280, 720),
            plane: pass::Plane::of(Some("yuv420p")),
            allow_damaged: false,
            threads: 8,
            frames: None,
        };
        // One segment wanted, or no key frame to cut at: not cut.
        assert_eq!(plan(&options, &table, &whole, (0, 1000), 1), None);
        assert_eq!(plan(&options, &table, &whole, (800, 1000), 2), None);
        let long = self::table(4000, 250);
        let segments = plan(&options, &long, &whole, (0, 4000), 2).unwrap();
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[0].frames, 0..2000);
        assert_eq!(segments[0].reading.seek, None);
        assert_eq!(segments[0].reading.frames, Some(2000));
        assert_eq!(segments[1].frames, 2000..4000);
        assert_eq!(segments[1].reading.seek, Some(80_000_000 - 1));
        assert_eq!(segments[1].reading.frames, Some(2000));
        assert!(segments.iter().all(|s| s.reading.end.is_none()));
        assert!(segments.iter().all(|s| s.reading.threads == 1));
        // Not with --dedupe, nor where seeking is not exact.
        let dedupe = SplitOptions {
            dedupe: Some(2.0),
            ..options.clone()
        };
        assert_eq!(plan(&dedupe, &long, &whole, (0, 4000), 2), None);
        let open = FrameTable {
            keyframes_alone: false,
            ..long
        };
        assert_eq!(plan(&options, &open, &whole, (0, 4000), 2), None);
    }
}
