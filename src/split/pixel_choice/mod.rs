//! `--sharpest` and `--dedupe`: frames chosen by their pixels. Before anything is written,
//! one ffmpeg decodes the range once and hands framekit each frame's reduced luma
//! (`pass`); framekit measures each as it comes (`measure`) and keeps the sharpest of each
//! stretch the mode divides the range into, skipping frames too like the last one kept
//! (`chooser`). The chosen frames then replace the mode's picks in the schedule, and are
//! written as `--at` writes its frames: by seeking to each, checked by their times.

mod chooser;
mod measure;
mod pass;
mod segments;

use std::path::Path;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::probe::VideoInfo;
use crate::split::options::SplitOptions;
use crate::split::schedule::{self, Runs, Schedule};
use crate::split::table::FrameTable;
use crate::term::progress_report::ProgressReport;
use crate::term::shown::shown;
use chooser::Chooser;
pub use pass::{measure_args, reduced_size, Plane, Reading};

/// What looking at the pixels found, beside the frames chosen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Looked {
    /// Each chosen frame's sharpness, in the order of the picks (None without
    /// `--sharpest`).
    pub sharpness: Vec<Option<f64>>,
    /// The frames `--dedupe` skipped.
    pub skipped: u64,
}

/// What the measuring run needs to know of the video and the ffmpeg.
pub struct Measuring<'a> {
    pub ffmpeg: &'a Path,
    pub capabilities: &'a Capabilities,
    pub video: &'a Path,
    pub info: &'a VideoInfo,
    pub show_progress: bool,
    /// What a new ffmpeg costs, in frames (for the stretches that write the frames).
    pub start_cost: u64,
}

/// The reading of the measuring run for `plan` over `table`, and the table index of its
/// first frame: where the container seeks exactly, from `--start`; else from the start.
pub fn reading(
    options: &SplitOptions,
    plan: &Schedule,
    table: &FrameTable,
    info: &VideoInfo,
) -> (Reading, usize) {
    let range = table.range(plan.range.start, plan.range.end);
    let seek = options.start.is_some() && plan.exact_seek;
    let first = if seek { range.start } else { 0 };
    let frames = range.end.saturating_sub(first);
    let reading = Reading {
        seek: seek.then_some(plan.range.start),
        end: plan.range.end,
        // With an --end, as many frames as the table lists, counted, besides `-to`: ffmpeg
        // counts `-to` from the first frame it keeps, not from the time it seeks to, so
        // where a --start falls between two frames it would keep one frame past the range.
        frames: (frames > 0 && plan.range.end.is_some()).then_some(frames),
        size: reduced_size(info.width, info.height),
        source: (info.width.unwrap_or(1), info.height.unwrap_or(1)),
        plane: Plane::of(info.pix_fmt.as_deref()),
        allow_damaged: options.allow_damaged,
        threads: pass::measure_threads(),
    };
    (reading, first)
}

/// Whether a split into a folder writes the chosen frames while the measuring run goes on
/// (each stretch's frame as soon as its stretch is measured: the seeks overlap the
/// measuring decode) rather than after it: with `--sharpest` alone, whose count of frames
/// is known before (one a stretch), so that the names are decided before. `--dedupe` and
/// `--allow-damaged` can write fewer frames than the mode picks.
pub fn writes_while_measuring(options: &SplitOptions) -> bool {
    options.sharpest && options.dedupe.is_none() && !options.allow_damaged
}

/// Measures the range's frames and puts the chosen ones in `plan`, in place of the mode's
/// picks, to be written by seeking to each. `on_chosen` is told each chosen frame as soon
/// as it is chosen (its stretch measured), in ascending order, on the thread that reads
/// the measuring run, with the first frame any later chosen one can be (None: no more
/// will be chosen).
pub fn choose(
    plan: &mut Schedule,
    options: &SplitOptions,
    table: &FrameTable,
    measuring: &Measuring<'_>,
    mut on_chosen: impl FnMut(usize, Option<usize>) + Send,
) -> Result<()> {
    let Some(picks) = &plan.picks else {
        return Ok(());
    };
    let range = table.range(plan.range.start, plan.range.end);
    let (reading, first) = reading(options, plan, table, measuring.info);
    let stretches = Chooser::stretches(&picks.frames, range.end, options.sharpest);
    let size = (
        reading.size.0 as usize,
        reading.size.1 as usize,
        reading.plane.depth,
    );
    let mut chooser = Chooser::new(stretches, options.sharpest, options.dedupe, size);
    let expected = range.end.saturating_sub(first);
    let progress = ProgressReport::new(Some(expected as u64), measuring.show_progress);
    let wanted = segments::wanted(expected);
    let segments = segments::plan(options, table, &reading, (first, range.end), wanted);
    let mut live = |place: usize, gray: &[u16]| {
        take_and_tell(&mut chooser, &mut on_chosen, |c| {
            c.take(first + place, gray)
        });
    };
    let decoded = match &segments {
        None => pass::measure(
            measuring.ffmpeg,
            measuring.capabilities,
            measuring.video,
            &reading,
            &progress,
            None,
            &mut live,
        ),
        Some(segments) => {
            // The first segment as it comes, the others side by side, kept, then handed
            // to the choice in order (see `segments`).
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let (decoded, later) = std::thread::scope(|scope| {
                let handles: Vec<_> = segments[1..]
                    .iter()
                    .map(|segment| {
                        let (progress, cancel) = (progress.clone(), &cancel);
                        scope.spawn(move || {
                            segments::measure_alone(measuring, segment, size, &progress, cancel)
                        })
                    })
                    .collect();
                let decoded = pass::measure(
                    measuring.ffmpeg,
                    measuring.capabilities,
                    measuring.video,
                    &segments[0].reading,
                    &progress,
                    None,
                    &mut live,
                );
                // The first segment failed: the others' work is of no use.
                if decoded
                    .as_ref()
                    .map_or(true, |&n| n != segments[0].frames.len())
                {
                    cancel.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                let later: Vec<_> = handles
                    .into_iter()
                    .map(|handle| handle.join().ok().flatten())
                    .collect();
                (decoded, later)
            });
            let mut decoded = decoded?;
            if decoded == segments[0].frames.len() {
                for (segment, values) in segments[1..].iter().zip(later) {
                    let values = match values {
                        Some(values) => values,
                        None => {
                            segments::measure_from_start(measuring, &reading, first, segment, size)?
                        }
                    };
                    for (frame, &sharpness) in (segment.frames.start..).zip(&values) {
                        take_and_tell(&mut chooser, &mut on_chosen, |c| {
                            c.take_measured(frame, sharpness)
                        });
                    }
                    decoded += values.len();
                }
            }
            Ok(decoded)
        }
    };
    progress.finish_and_clear();
    let decoded = decoded?;
    if decoded != expected && !options.allow_damaged {
        return Err(Failure::failed(format!(
            "ffmpeg decoded {decoded} frame(s) of {} where ffprobe lists {expected}, so the \
             frames measured cannot be named",
            shown(measuring.video)
        ))
        .nothing_written()
        .hint("remux the video first (ffmpeg -i IN -c copy OUT.mkv), or split without --sharpest and --dedupe")
        .into());
    }
    let told = chooser.chosen.len();
    let (chosen, skipped) = chooser.finish();
    tell(&chosen[told..], None, &mut on_chosen);
    let frames: Vec<usize> = chosen.iter().map(|c| c.frame).collect();
    plan.runs = Runs::Stretches(schedule::stretches(
        table,
        &frames,
        measuring.start_cost,
        plan.range.start,
    ));
    plan.count_rate = None;
    if let Some(picks) = plan.picks.as_mut() {
        picks.frames = frames;
    }
    plan.looked = Some(Looked {
        sharpness: chosen.iter().map(|c| c.sharpness).collect(),
        skipped,
    });
    Ok(())
}

/// Hands `chooser` one frame (`take`), then tells `on_chosen` of the frames that chose.
fn take_and_tell(
    chooser: &mut Chooser,
    on_chosen: &mut impl FnMut(usize, Option<usize>),
    take: impl FnOnce(&mut Chooser),
) {
    let before = chooser.chosen.len();
    take(chooser);
    tell(&chooser.chosen[before..], chooser.later_from(), on_chosen);
}

/// Tells `on_chosen` of each of `chosen`, ascending, with the first frame a later chosen
/// one can be: the next of them, and after the last, `later_from`.
fn tell(
    chosen: &[chooser::Chosen],
    later_from: Option<usize>,
    on_chosen: &mut impl FnMut(usize, Option<usize>),
) {
    for (n, this) in chosen.iter().enumerate() {
        let next = chosen.get(n + 1).map(|next| next.frame);
        on_chosen(this.frame, next.or(later_from));
    }
}

/// `--dry-run` with `--sharpest` or `--dedupe`: the measuring ffmpeg command, which writes
/// each frame's reduced luma on its stdout. Which frames are then written depends on those
/// pixels, so no writing command can be printed before it runs.
pub fn dry_run_line(
    program: &std::ffi::OsStr,
    options: &SplitOptions,
    plan: &Schedule,
    table: &FrameTable,
    info: &VideoInfo,
    video: &Path,
    ffmpeg: &Capabilities,
) -> Vec<u8> {
    let (reading, _) = reading(options, plan, table, info);
    crate::term::shell::command_line(program, &measure_args(video, &reading, ffmpeg))
}
