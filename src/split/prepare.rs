//! What every split decides before ffmpeg writes a frame, to a folder or to stdout: the
//! options checked, ffmpeg found, the video described and its frames listed when that is
//! needed, and the schedule (which frames, read how).

use std::path::Path;

use anyhow::Result;

use crate::cli::Common;
use crate::ffmpeg::probe::VideoInfo;
use crate::pipeline::{self, Ffmpeg};
use crate::split::options::{Sampling, SplitOptions};
use crate::split::out_dir::OutDir;
use crate::split::pixel_choice::{self, Measuring};
use crate::split::schedule::{self, Schedule};
use crate::split::table::{self, FrameTable};
use crate::split::to_stdout::HeadStart;
use crate::split::video;

/// Overrides what starting one more ffmpeg is thought to cost, in frames decoded (see
/// `schedule::start_cost`): 0 seeks wherever a frame is not next to the one before, a
/// large number never seeks. For tests and measurements.
const SEEK_COST_VAR: &str = "FRAMEKIT_SEEK_COST";

/// Where the frames go, as far as deciding goes.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// A folder, with `frames.csv` when `manifest`.
    Folder { out_dir: &'a Path, manifest: bool },
    /// Standard output, each frame with its time: the times come from ffprobe's list of
    /// the frames whenever there is an ffprobe, as `--manifest` gives them.
    Stdout,
}

/// The decisions made before any frame is written.
pub struct Prepared {
    pub options: SplitOptions,
    pub ffmpeg: Ffmpeg,
    pub show_progress: bool,
    /// Whether ffprobe described the video before the decode (else `info` is empty, and
    /// may be asked for beside it).
    pub probe_first: bool,
    pub info: VideoInfo,
    pub table: Option<FrameTable>,
    pub plan: Schedule,
    /// `split -`: ffprobe's description and packet list, when wanted beside the decode,
    /// already started.
    pub head_start: HeadStart,
}

/// Checks the request and decides, in the order every split does it.
pub fn prepare(
    video: &Path,
    options: SplitOptions,
    at_file: Option<&Path>,
    destination: Destination<'_>,
    common: &Common,
) -> Result<Prepared> {
    let options = options.with_at_file(at_file)?;
    options.check()?;
    video::check_input(video, "split")?;
    let manifest = match destination {
        Destination::Folder { out_dir, manifest } => {
            OutDir::check_path(out_dir)?;
            manifest
        }
        Destination::Stdout => false,
    };
    let ffmpeg = pipeline::find_ffmpeg(common)?;
    // Every split asks the version (`-fps_mode` or `-vsync`): asked now, on a thread,
    // beside ffprobe's runs below instead of after them.
    if !common.dry_run {
        ffmpeg.capabilities.ask_version_early();
    }
    let show_progress = crate::term::progress_report::wanted(common.quiet);
    // ffprobe's list of the frames: to pick them (--count, --at, --keyframes), for the
    // manifest's frame numbers and the stream's times, and to tell whether seeking pays
    // (--every, --fps).
    let sampling = &options.sampling;
    let needs_table = sampling.needs_frame_list() || manifest || options.looks_at_pixels();
    let ffprobe = video::find_ffprobe(ffmpeg.path.as_deref());
    let optional = match destination {
        Destination::Stdout => !streams_without_list(&options),
        Destination::Folder { .. } => matches!(sampling, Sampling::Every(_) | Sampling::Fps(_)),
    };
    let wants_table = needs_table || (ffprobe.is_some() && optional);
    // ffprobe's description is needed before the decode for the frame list, the progress
    // bar's total, the dry run's name width, and whether -ss is exact in this container;
    // otherwise it runs beside the decode, costing no time, and ffmpeg itself reports a
    // file that is not a video.
    let probe_first = show_progress || common.dry_run || wants_table || options.start.is_some();
    // `split -`: what ffprobe does beside the decode starts now, beside ffmpeg's version.
    let head_start = match (destination, &ffmpeg.path) {
        (Destination::Stdout, Some(path)) if !common.dry_run => {
            let listing = ffprobe.as_deref().filter(|_| !wants_table);
            HeadStart::start(path, video, !probe_first, listing)
        }
        _ => HeadStart::default(),
    };
    // A refusal that depends on the version comes before ffprobe reads anything.
    options.check_ffmpeg(&ffmpeg.capabilities)?;
    // The packets are listed beside ffprobe's description of the video (the listing needs
    // nothing of it), and beside `ffmpeg -version`: three process starts at once, not in
    // turn (about 0.1 s on a short video, half a second on ten minutes).
    let list_beside = probe_first && wants_table && !common.dry_run;
    let (info, listed) = std::thread::scope(|scope| {
        let listing = match (list_beside, ffprobe.as_deref()) {
            (true, Some(ffprobe)) => {
                Some(scope.spawn(move || table::FrameTable::list_packets(ffprobe, video)))
            }
            _ => None,
        };
        let info = match &ffmpeg.path {
            Some(path) if probe_first => video::inspect(path, video),
            _ => Ok(VideoInfo::default()),
        };
        let listed = listing.map(|listing| {
            (listing.join()).unwrap_or_else(|_| Err(anyhow::anyhow!("ffprobe's listing failed")))
        });
        (info, listed)
    });
    let info = info?;
    if !common.dry_run {
        // Asked here, once, before any thread of the run needs it (`split -` lists the
        // frames on a thread beside the decode).
        ffmpeg.capabilities.version();
    }
    let table = match wants_table {
        true => {
            let what = if sampling.needs_frame_list() {
                sampling.option()
            } else if options.sharpest {
                "--sharpest".to_string()
            } else if options.dedupe.is_some() {
                "--dedupe".to_string()
            } else {
                "--manifest".to_string()
            };
            let keys = *sampling == Sampling::Keyframes;
            let ffmpeg = ffmpeg
                .path
                .as_deref()
                .map(|path| (path, &ffmpeg.capabilities));
            let ffprobe = ffprobe.as_deref();
            Some(video::frame_table(
                ffprobe, ffmpeg, video, &info, &what, keys, listed,
            )?)
        }
        false => None,
    };
    let indexed = info.format_name.as_deref().map(table::indexed);
    let mut plan =
        Schedule::new(&options, table.as_ref(), indexed, seek_cost(&info)).map_err(|problem| {
            let table = table.as_ref().expect("only a frame list picks nothing");
            video::nothing_picked(problem, video, table, &options)
        })?;
    // --sharpest, --dedupe: the frames are chosen by measuring them, before any is written
    // (a dry run prints the measuring command instead: `pixel_choice::dry_run_line`), or,
    // into a folder, while they are written (`into_folder`).
    let later = matches!(destination, Destination::Folder { .. })
        && pixel_choice::writes_while_measuring(&options);
    if let (true, Some(path), Some(table)) = (
        options.looks_at_pixels() && !common.dry_run && !later,
        ffmpeg.path.as_deref(),
        table.as_ref(),
    ) {
        let measuring = Measuring {
            ffmpeg: path,
            capabilities: &ffmpeg.capabilities,
            video,
            info: &info,
            show_progress,
            start_cost: seek_cost(&info),
        };
        pixel_choice::choose(&mut plan, &options, table, &measuring, |_, _| {})?;
    }
    Ok(Prepared {
        options,
        ffmpeg,
        show_progress,
        probe_first,
        info,
        table,
        plan,
        head_start,
    })
}

/// Whether frames on standard output are better started at once, with ffmpeg's own times,
/// than after ffprobe has listed the frames (two ffprobe runs, about 0.2 s before the first
/// frame): when the mode picks no frames from a list, and seeking could not pay (every
/// frame; `--every N` with N no more than one frame past the least a seek can cost;
/// `--scene`, decoded throughout), and no `--start` asks where `-ss` lands and from where
/// times are counted. The times ffmpeg logs are those ffprobe lists (tests/cli/split_stdout).
fn streams_without_list(options: &SplitOptions) -> bool {
    if options.start.is_some() {
        return false;
    }
    match options.sampling {
        Sampling::All | Sampling::Scene(_) => true,
        Sampling::Every(n) => {
            let least = seek_cost_override().unwrap_or(schedule::LEAST_START_COST);
            n <= least + 1
        }
        Sampling::Fps(_) | Sampling::Count(_) | Sampling::At(_) | Sampling::Keyframes => false,
    }
}

fn seek_cost_override() -> Option<u64> {
    std::env::var(SEEK_COST_VAR)
        .ok()
        .and_then(|value| value.trim().parse().ok())
}

/// What starting one more ffmpeg costs, in frames of this video decoded.
pub(super) fn seek_cost(info: &VideoInfo) -> u64 {
    seek_cost_override().unwrap_or_else(|| schedule::start_cost(info.width, info.height))
}
