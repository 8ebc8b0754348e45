//! Decoding big photos on every core: when the frames cost more to decode than to encode,
//! several ffmpeg processes decode a batch of them each and run every per-frame step, and
//! one encoder takes their raw frames in order (`ffmpeg::supervisor::relay`). ffmpeg's JPEG decoder
//! works on one core: with 12-megapixel photos it is what the encoder waits for.
//!
//! The pixels are the same as one process makes: the same steps, on the same scaler
//! settings, in the same working RGB, then the one final conversion (in the decoders for
//! 4:2:0 video, which then crosses as half the bytes; in the encoder otherwise).

use std::ffi::OsString;
use std::ops::Range;

use crate::ffmpeg::args::Args;
use crate::header::FrameFormat;
use crate::stitch::orientation::upright_filters;
use crate::stitch::plan::encoding::Pixels;
use crate::stitch::plan::filter_chain::{frame_filters, handoff, output_size};
use crate::stitch::plan::output_args::push_frames_input;
use crate::stitch::plan::{Route, StitchPlan};

/// Frames at least this big (pixels) cost more to decode than the encoder spends on them
/// at the sizes they are made into; smaller ones decode faster than a process starts.
const BIG_FRAME: u64 = 4_000_000;
/// A batch's raw frames wait in memory until the encoder takes them: at most this much
/// each, and at most 2 x decoders batches are decoded ahead.
const BATCH_BYTES: usize = 96 << 20;
/// Batches of at least this many frames, where each decoder has that many (measured with 20
/// and 60 photos of 12 megapixels on 2 cores: batches of 10 were fastest in both).
const MIN_BATCH: usize = 10;
/// Batches of at most this many frames, so that every decoder has work until the end.
const BATCH_FRAMES: usize = 32;
/// What all the batches held at once may take: up to `2 x workers + 1` are (see
/// `ffmpeg::supervisor::relay`), so a machine with many cores gets smaller batches, not more memory.
const HELD_BYTES: usize = 512 << 20;

/// The most bytes of raw frames a batch may have with `workers` decoders.
fn batch_bytes(workers: usize) -> usize {
    BATCH_BYTES.min(HELD_BYTES / (2 * workers + 1))
}

/// Why EXIF-turned photos are decoded apart, a decoder started afresh at some frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turns {
    /// This ffmpeg ("ffmpeg 7.0", 6 and later) would carry a turn over to the upright frames
    /// after a turned one: a decoder starts at each such frame (`stitch::orientation`).
    Stick(String),
    /// This ffmpeg ("ffmpeg 4.3", before 5.0) turns no photo, or the frames are PNGs, which
    /// framekit turns on every ffmpeg: framekit turns each run of one orientation in its own
    /// decoder, as ffmpeg 5.0 and later turn JPEGs.
    Ignored(String),
}

/// How the frames are shared out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelDecoding {
    /// Why the frames are decoded apart for their EXIF turns, when that is why.
    pub turns: Option<Turns>,
    /// How many decoders run at once.
    pub workers: usize,
    /// The frames (indices) each decoder process takes, in order.
    pub batches: Vec<Range<usize>>,
    /// The size of one raw frame, as the decoders write it and the encoder reads it.
    pub frame_bytes: usize,
}

impl ParallelDecoding {
    /// How to decode on several processes, when that pays: big JPEGs, `jobs` (or
    /// the cores available) above 1, at least two batches for each decoder, and nothing
    /// that needs the frames in one process (their own times, which cross between GIF's
    /// processes in NUT; the user's filter, which may change the size; the exact pixels of
    /// --lossless). GIF's palette encoder then takes the raw frames.
    /// `turns`: why the frames need a decoder started afresh at some frames, when they do.
    pub fn choose(
        plan: &StitchPlan<'_>,
        cores: usize,
        turns: Option<Turns>,
    ) -> Option<ParallelDecoding> {
        let frames = plan.frames;
        let workers = plan.options.jobs.unwrap_or(cores).max(1);
        let big = u64::from(frames.width) * u64::from(frames.height) >= BIG_FRAME;
        let simple = plan.timeline.is_none()
            && !plan.options.lossless
            && !plan.size_may_change()
            && plan.extra_options().split_filter().0.is_none()
            && matches!(
                plan.encoding.pixels,
                Pixels::Yuv420 { .. }
                    | Pixels::ProRes
                    | Pixels::Rgba(_)
                    | Pixels::Rgb8
                    | Pixels::Palette
            );
        let count = frames.paths.len();
        let (width, height) = output_size(plan);
        let frame_bytes = handoff(plan).frame_bytes(width, height);
        if let Some(why) = &turns {
            let fresh: Vec<usize> = match why {
                Turns::Stick(_) => frames.upright_after_turned().collect(),
                Turns::Ignored(_) => frames.orientation_changes().collect(),
            };
            // A decoder from each frame where the turn changes, big photos also shared out
            // as below.
            if !simple {
                return None;
            }
            // (A batch waits whole in memory until the encoder takes it: cut to fit.)
            let per_batch = match big && workers >= 2 {
                true => batch_size(count, workers, frame_bytes),
                false => (batch_bytes(workers) / frame_bytes.max(1)).max(1),
            };
            let batches = runs_in_batches(count, &fresh, per_batch);
            return Some(ParallelDecoding {
                turns,
                workers: workers.min(batches.len()),
                batches,
                frame_bytes,
            });
        }
        if workers < 2 || frames.format != FrameFormat::Jpeg || !big || !simple || count < 4 {
            return None;
        }
        let batches = batches(count, batch_size(count, workers, frame_bytes));
        (batches.len() >= 2).then_some(ParallelDecoding {
            turns: None,
            workers: workers.min(batches.len()),
            batches,
            frame_bytes,
        })
    }
}

/// A decoder's arguments: frames on stdin, every per-frame step, raw frames of the
/// output's size on stdout in the handoff's pixel format (`output_args::raw_encoder_args`
/// and `gif::raw_encoder_args` read them).
/// `first`: the batch's first frame, whose EXIF turn framekit applies itself for an ffmpeg
/// that turns no photo (`Turns::Ignored`: each batch holds frames of one orientation).
pub fn decoder_args(plan: &StitchPlan<'_>, first: usize) -> Vec<OsString> {
    let mut args = Args::unattended(false);
    args.push("-xerror");
    push_frames_input(plan, &mut args);
    let handoff = handoff(plan);
    let mut filters = Vec::new();
    let turned_here = match &plan.route {
        Route::Decoders(ParallelDecoding {
            turns: Some(Turns::Ignored(_)),
            ..
        }) => plan.frames.orientations.get(first).copied(),
        _ => None,
    };
    // First, as ffmpeg 5.0 and later turn a photo before any filter.
    filters.extend(turned_here.and_then(upright_filters).map(String::from));
    filters.extend(frame_filters(plan, None, first));
    filters.extend(handoff.in_decoder);
    args.push_all(["-vf", &filters.join(",")]);
    args.push_all([plan.ffmpeg.fps_mode(), "passthrough"]);
    args.push_all(["-c:v", "rawvideo", "-pix_fmt", handoff.pixel_format]);
    // The scaler settings of the one process, so that every step rounds alike: the
    // encoder's for video; GIF's decoder sets none.
    if !plan.encoding.is_gif() {
        args.push_all(["-sws_flags", "bicubic+accurate_rnd+full_chroma_int"]);
    }
    args.push_all(["-f", "rawvideo", "pipe:1"]);
    args.into_vec()
}

/// How many frames a batch takes: three batches a decoder, so that none idles long while
/// the last ones finish; but no fewer than MIN_BATCH frames each where every decoder has
/// that many (a decoder process costs 0.15-0.25 s of CPU to start, as much as two photos take
/// to decode); at most BATCH_FRAMES, and what memory allows.
fn batch_size(count: usize, workers: usize, frame_bytes: usize) -> usize {
    let workers = workers.max(1);
    (count / (workers * 3))
        .max(MIN_BATCH.min(count.div_ceil(workers)))
        .clamp(1, BATCH_FRAMES)
        .min((batch_bytes(workers) / frame_bytes.max(1)).max(1))
}

/// `frames` in batches of `per_batch` (the last one smaller), in order.
fn batches(frames: usize, per_batch: usize) -> Vec<Range<usize>> {
    let per_batch = per_batch.max(1);
    (0..frames.div_ceil(per_batch))
        .map(|b| b * per_batch..((b + 1) * per_batch).min(frames))
        .collect()
}

/// `frames` cut at every index of `starts` (increasing), each run in batches of at most
/// `per_batch`, in order.
fn runs_in_batches(frames: usize, starts: &[usize], per_batch: usize) -> Vec<Range<usize>> {
    let bounds = std::iter::once(0)
        .chain(starts.iter().copied().filter(|&s| s > 0 && s < frames))
        .chain(std::iter::once(frames));
    let bounds: Vec<usize> = bounds.collect();
    bounds
        .windows(2)
        .flat_map(|run| {
            let start = run[0];
            batches(run[1] - start, per_batch)
                .into_iter()
                .map(move |b| b.start + start..b.end + start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{batch_bytes, batch_size, batches, runs_in_batches, BATCH_BYTES, HELD_BYTES};

    #[test]
    fn runs_start_a_batch_each_and_are_cut_in_batches() {
        assert_eq!(runs_in_batches(10, &[8], 10), [0..8, 8..10]);
        assert_eq!(runs_in_batches(10, &[3, 8], 4), [0..3, 3..7, 7..8, 8..10]);
        assert_eq!(runs_in_batches(4, &[], 10), vec![0..4]);
    }

    #[test]
    fn batches_are_few_for_a_few_photos_and_three_a_decoder_for_many() {
        let photo = 1280 * 960 * 3 / 2;
        // 20 and 60 photos on 2 cores: batches of 10, the fastest measured.
        assert_eq!(batch_size(20, 2, photo), 10);
        assert_eq!(batch_size(60, 2, photo), 10);
        // Fewer: one batch a decoder.
        assert_eq!(batch_size(12, 2, photo), 6);
        assert_eq!(batch_size(13, 3, photo), 5);
        // Many: three a decoder, up to 32 frames.
        assert_eq!(batch_size(120, 2, photo), 20);
        assert_eq!(batch_size(10_000, 2, photo), 32);
        // Huge frames: what memory allows, never none.
        assert_eq!(batch_size(100, 2, BATCH_BYTES / 4), 4);
        assert_eq!(batch_size(100, 2, BATCH_BYTES * 2), 1);
    }

    #[test]
    fn many_cores_make_smaller_batches_not_more_memory() {
        for workers in [2, 4, 16, 64, 256] {
            assert!(batch_bytes(workers) * (2 * workers + 1) <= HELD_BYTES);
        }
        assert_eq!(batch_bytes(2), BATCH_BYTES);
    }

    #[test]
    fn batches_cover_every_frame_once_in_order() {
        assert_eq!(batches(7, 3), [0..3, 3..6, 6..7]);
        assert!(batches(0, 3).is_empty());
        assert_eq!(batches(2, 0), [0..1, 1..2]);
    }
}
