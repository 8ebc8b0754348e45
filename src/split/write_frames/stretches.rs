//! Stretches: one ffmpeg per group of picked frames, each seeking near its group (or
//! decoding from the start), run side by side on all cores; each checked to have written
//! exactly the frames planned, their times matched to ffprobe's list, and when a seek
//! misses, the same frames decoded from the start instead. Then the frames are named in
//! the order they were picked.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

use anyhow::Result;

use crate::error::Failure;
use crate::signals;
use crate::split::ffmpeg_args::Reading;
use crate::split::manifest::{self, Row};
use crate::split::options::Seconds;
use crate::split::schedule::{self, Grouping, Stretch};
use crate::split::table::FrameTable;
use crate::term::progress_report::ProgressReport;
use crate::term::shown::shown;

use super::failures::check_clean_decode;
use super::{Run, WriteFrames};

impl WriteFrames<'_> {
    /// Runs the stretches side by side, as many at a time as there are cores, then names
    /// their frames in the order of `picks` (table indices; a frame picked twice is
    /// copied). Returns the manifest's rows, one per pick.
    pub fn stretches(
        &self,
        stretches: &[Stretch],
        picks: &[usize],
        table: &FrameTable,
        staged_name: impl Fn(u64) -> String,
    ) -> Result<Vec<Row>> {
        let bar = ProgressReport::new(Some(picks.len() as u64), self.show_progress);
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let outcomes: Mutex<Vec<Option<Result<()>>>> =
            Mutex::new((0..stretches.len()).map(|_| None).collect());
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(stretches.len())
            .max(1);
        let one_thread = workers > 1;
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    if failed.load(Ordering::SeqCst) || signals::received().is_some() {
                        return;
                    }
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(stretch) = stretches.get(index) else {
                        return;
                    };
                    let outcome = self.stretch(index, stretch, table, one_thread);
                    if outcome.is_err() {
                        failed.store(true, Ordering::SeqCst);
                    } else {
                        bar.inc(stretch.frames.len() as u64);
                    }
                    if let Ok(mut outcomes) = outcomes.lock() {
                        outcomes[index] = Some(outcome);
                    }
                });
            }
        });
        bar.finish_and_clear();
        signals::check()?;
        let outcomes = outcomes.into_inner().unwrap_or_default();
        // The first failure in the video's order, whichever finished first.
        for outcome in outcomes.into_iter().flatten() {
            outcome?;
        }
        self.name_in_order(stretches, picks, table, staged_name)
    }

    /// [`WriteFrames::stretches`], and when a seek landed on another frame than planned (an
    /// index of key frames that misleads ffmpeg), the same frames again without seeking,
    /// with a warning. Returns the manifest's rows and how the frames were read in the end
    /// (`seek` or `decode`, as `--json` says it).
    pub fn stretches_or_decode(
        &self,
        stretches: &[Stretch],
        picks: &[usize],
        table: &FrameTable,
        staged_name: impl Fn(u64) -> String + Copy,
    ) -> Result<(Vec<Row>, &'static str)> {
        let written = self.stretches(stretches, picks, table, staged_name);
        self.or_decode(written, stretches, picks, table, staged_name)
    }

    /// What writing `stretches` gave, or, when a seek missed, the same frames decoded
    /// from the start, with a warning.
    fn or_decode(
        &self,
        written: Result<Vec<Row>>,
        stretches: &[Stretch],
        picks: &[usize],
        table: &FrameTable,
        staged_name: impl Fn(u64) -> String + Copy,
    ) -> Result<(Vec<Row>, &'static str)> {
        let sought = stretches.iter().any(|stretch| stretch.seek.is_some());
        let read = if sought { "seek" } else { "decode" };
        match written {
            Err(error) if error.is::<Missed>() && sought => {
                let why = error
                    .downcast_ref::<Missed>()
                    .map_or("", |missed| &missed.why);
                crate::term::stderr::warn(&format!(
                    "seeking in {} {why}; decoded them from the start instead",
                    shown(self.video)
                ));
                let table = table.unindexed();
                let range_start = stretches.first().and_then(|s| s.seek).unwrap_or(0);
                let stretches = schedule::stretches(&table, picks, 0, range_start);
                self.stretches(&stretches, picks, &table, staged_name)
                    .map(|rows| (rows, "decode"))
            }
            rows => rows.map(|rows| (rows, read)),
        }
        .map_err(Missed::reported)
    }

    /// The stretches of frames that `choose` chooses, each written as soon as it is
    /// complete, while `choose` still measures later frames: `choose` tells each chosen
    /// frame (ascending) to the function it is given, and returns them all. Then as
    /// [`WriteFrames::stretches_or_decode`]. The stretches are those `grouping` makes
    /// (`schedule::stretches` of the chosen frames), run as many at a time as there are
    /// cores, each on one thread (the measuring ffmpeg has the others).
    pub fn stretches_while_choosing(
        &self,
        table: &FrameTable,
        mut grouping: Grouping<'_>,
        choose: impl FnOnce(&mut (dyn FnMut(usize, Option<usize>) + Send)) -> Result<Vec<usize>>,
        staged_name: impl Fn(u64) -> String + Copy,
    ) -> Result<(Vec<Row>, &'static str)> {
        let failed = AtomicBool::new(false);
        // Once nothing more is measured, a stretch's ffmpeg that runs alone has the cores
        // to itself (side by side, each keeps one thread, as `stretches_or_decode`'s do).
        let measured = AtomicBool::new(false);
        let running = AtomicUsize::new(0);
        let outcomes: Mutex<Vec<(usize, Result<()>)>> = Mutex::new(Vec::new());
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (sender, receiver) = mpsc::channel::<(usize, Stretch)>();
        let receiver = Mutex::new(receiver);
        let (chosen, stretches) = std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let next = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    // Every sender gone: everything chosen was handed out.
                    let Ok((index, stretch)) = next else {
                        return;
                    };
                    if failed.load(Ordering::SeqCst) || signals::received().is_some() {
                        continue;
                    }
                    let others = running.fetch_add(1, Ordering::SeqCst);
                    let one_thread = !measured.load(Ordering::SeqCst) || others > 0;
                    let outcome = self.stretch(index, &stretch, table, one_thread);
                    running.fetch_sub(1, Ordering::SeqCst);
                    if outcome.is_err() {
                        failed.store(true, Ordering::SeqCst);
                    }
                    if let Ok(mut outcomes) = outcomes.lock() {
                        outcomes.push((index, outcome));
                    }
                });
            }
            let mut stretches: Vec<Stretch> = Vec::new();
            let chosen = {
                let (grouping, stretches, sender) = (&mut grouping, &mut stretches, &sender);
                let measured = &measured;
                let mut on_chosen = move |frame: usize, later_from: Option<usize>| {
                    if later_from.is_none() {
                        measured.store(true, Ordering::SeqCst);
                    }
                    // A stretch goes to a worker once a later pick starts another, or
                    // once no later pick could join it (the last ones, written while the
                    // measuring run goes on rather than after it).
                    let completed = grouping.push(frame);
                    let alone = grouping.complete_before(later_from);
                    for done in completed.into_iter().chain(alone) {
                        let _ = sender.send((stretches.len(), done.clone()));
                        stretches.push(done);
                    }
                };
                choose(&mut on_chosen)
            };
            match &chosen {
                Ok(_) => {
                    if let Some(last) = grouping.finish() {
                        let _ = sender.send((stretches.len(), last.clone()));
                        stretches.push(last);
                    }
                }
                Err(_) => failed.store(true, Ordering::SeqCst),
            }
            drop(sender);
            (chosen, stretches)
        });
        signals::check()?;
        let picks = chosen?;
        let mut outcomes = outcomes.into_inner().unwrap_or_default();
        outcomes.sort_by_key(|(index, _)| *index);
        // The first failure in the video's order, whichever finished first.
        let written = match outcomes.into_iter().find(|(_, outcome)| outcome.is_err()) {
            Some((_, failure)) => failure.map(|()| Vec::new()),
            None => self.name_in_order(&stretches, &picks, table, staged_name),
        };
        if written.as_ref().is_err_and(|error| error.is::<Missed>()) {
            // The fallback writes its own stretches: none of these may be left behind.
            for (index, stretch) in stretches.iter().enumerate() {
                for place in 1..=stretch.frames.len() as u64 {
                    let name = stretch_file(index, place, self.extension());
                    let _ = fs::remove_file(self.folder.join(name));
                }
                let _ = fs::remove_file(self.folder.join(format!("s{index:06}.txt")));
            }
        }
        self.or_decode(written, &stretches, &picks, table, staged_name)
    }

    /// Moves each stretch's frames to their staged names, in the order of `picks`.
    fn name_in_order(
        &self,
        stretches: &[Stretch],
        picks: &[usize],
        table: &FrameTable,
        staged_name: impl Fn(u64) -> String,
    ) -> Result<Vec<Row>> {
        let mut written: HashMap<usize, (PathBuf, bool)> = HashMap::new();
        for (index, stretch) in stretches.iter().enumerate() {
            for (place, &frame) in (1u64..).zip(&stretch.frames) {
                let path = self
                    .folder
                    .join(stretch_file(index, place, self.extension()));
                written.insert(frame, (path, false));
            }
        }
        let mut rows = Vec::with_capacity(picks.len());
        for (number, &frame) in (1u64..).zip(picks) {
            let target = self.folder.join(staged_name(number));
            let (source, placed) = written
                .get_mut(&frame)
                .expect("every picked frame is in a stretch");
            let moved = if *placed {
                fs::copy(&*source, &target).map(|_| ())
            } else {
                fs::rename(&*source, &target)
            };
            moved.map_err(|e| {
                Failure::failed(format!("cannot write in {}: {e}", shown(self.out_dir)))
                    .nothing_written()
            })?;
            *source = target;
            *placed = true;
            rows.push(Row {
                pts: table.frames[frame].pts,
                source_frame: Some(frame),
                sharpness: None,
            });
        }
        Ok(rows)
    }

    fn extension(&self) -> &'static str {
        self.options.format.extension()
    }

    /// One stretch: its frames into `sNNNNNN_MMMMMM.EXT`, checked to be the frames planned.
    fn stretch(
        &self,
        index: usize,
        stretch: &Stretch,
        table: &FrameTable,
        one_thread: bool,
    ) -> Result<()> {
        let run = Run {
            reading: Reading::Stretch(stretch),
            pattern: OsString::from(format!("s{index:06}_%06d.{}", self.extension())),
            timestamps: format!("s{index:06}.txt"),
            offset: stretch.seek.unwrap_or(0),
            total_frames: None,
            show_progress: false,
            one_thread,
        };
        let finished = self.run(&run)?;
        let expected = stretch.frames.len();
        let times = manifest::read_timestamps(self.folder, &run.timestamps);
        let files = (1..=expected as u64)
            .filter(|&place| {
                self.folder
                    .join(stretch_file(index, place, self.extension()))
                    .is_file()
            })
            .count();
        let reported = finished.final_frame_count();
        if files != expected || reported.is_some_and(|n| n != expected as u64) {
            return Err(Failure::failed(format!(
                "ffmpeg wrote {files} of the {expected} frame(s) asked for from {} at {}",
                shown(self.video),
                Seconds(table.frames[stretch.frames[0]].pts as f64 / 1e6)
            ))
            .nothing_written()
            .into());
        }
        if times.len() < expected {
            return Err(Failure::failed(format!(
                "cannot write the frames: ffmpeg recorded the times of {} of the {expected} \
                 frames it wrote",
                times.len()
            ))
            .nothing_written()
            .hint("free some space, or write the frames elsewhere")
            .into());
        }
        // Seeking must have landed where planned: each frame is the one asked for.
        for (&frame, time) in stretch.frames.iter().zip(&times) {
            let got = time.map(|t| t + run.offset);
            if got.and_then(|t| table.frame_at(t)) != Some(frame) {
                let reading = match stretch.seek {
                    Some(seek) => format!(
                        "seeking in {} to {}",
                        shown(self.video),
                        Seconds(seek as f64 / 1e6)
                    ),
                    None => format!("decoding {} from its start", shown(self.video)),
                };
                let failure = Failure::failed(format!(
                    "{reading} did not give the frame at {} that was asked for",
                    Seconds(table.frames[frame].pts as f64 / 1e6)
                ))
                .nothing_written()
                .hint(
                    "ffprobe and ffmpeg disagree about this video's frames; please report it, \
                     with what `ffprobe -show_format` says of the video",
                );
                return Err(Missed {
                    failure,
                    why: "did not land on the frames asked for".to_string(),
                }
                .into());
            }
        }
        let near = stretch_time(stretch, table);
        if let (Some(seek), Some(said)) = (stretch.seek, finished.stderr_tail.last()) {
            // Decoding from a key frame reached by seeking should go cleanly: where it does
            // not (H.264 with open groups of pictures: the frames shown before the key frame
            // miss their references), decoding from the start tells damage from that.
            return Err(Missed {
                failure: Failure::failed(format!(
                    "ffmpeg reported errors after seeking in {} to {} ({said})",
                    shown(self.video),
                    Seconds(seek as f64 / 1e6)
                ))
                .nothing_written(),
                why: format!("made ffmpeg report errors ({said})"),
            }
            .into());
        }
        Ok(check_clean_decode(
            &finished,
            self.options,
            self.video,
            Some(&near),
            None,
        )?)
    }
}

/// A stretch that seeking did not read as planned: a seek that landed elsewhere (an index of
/// key frames that does not tell the truth), or one after which ffmpeg reported errors. The
/// pipeline then decodes instead.
#[derive(Debug)]
pub struct Missed {
    /// The failure to report if decoding is not tried, or also misses.
    pub failure: Failure,
    /// What went wrong, for the warning: "seeking in VIDEO {why}; decoded them ...".
    pub why: String,
}

impl Missed {
    /// The failure to report, once nothing is left to try.
    pub fn reported(error: anyhow::Error) -> anyhow::Error {
        match error.downcast::<Missed>() {
            Ok(missed) => missed.failure.into(),
            Err(error) => error,
        }
    }
}

impl std::fmt::Display for Missed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.failure.fmt(f)
    }
}

impl std::error::Error for Missed {}

/// The name a stretch gives its `place`-th frame (from 1).
fn stretch_file(index: usize, place: u64, extension: &str) -> String {
    format!("s{index:06}_{place:06}.{extension}")
}

/// Where a stretch reads from, for messages: "at 29.980 s".
fn stretch_time(stretch: &Stretch, table: &FrameTable) -> String {
    let first = table.frames[stretch.frames[0]].pts;
    format!("{}", Seconds(first as f64 / 1e6))
}
