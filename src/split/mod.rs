//! `framekit split`: a video into numbered frames: every decoded frame exactly once, or
//! the frames a mode picks (`--every`, `--fps`, `--count`, `--at`, `--keyframes`,
//! `--scene`), read by seeking where they are far apart.

mod ffmpeg_args;
mod manifest;
mod naming;
pub mod options;
mod out_dir;
mod sampling;
mod schedule;
mod table;
mod video;
mod whole_frames;
mod write_frames;

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::probe::VideoInfo;
use crate::ffmpeg::supervisor::Finished;
use crate::header;
use crate::pipeline;
use crate::term::report::{self, Report};
use crate::term::shown::shown;
use naming::Naming;
use options::{Sampling, SplitRequest};
use out_dir::OutDir;
use schedule::{Runs, Schedule};
use write_frames::WriteFrames;

/// Overrides what starting one more ffmpeg is thought to cost, in frames decoded (see
/// `schedule::start_cost`): 0 seeks wherever a frame is not next to the one before, a
/// large number never seeks. For tests and measurements.
const SEEK_COST_VAR: &str = "FRAMEKIT_SEEK_COST";

/// Runs `framekit split`.
pub fn run(request: SplitRequest) -> Result<()> {
    let started = Instant::now();
    let SplitRequest {
        video,
        out_dir,
        manifest,
        at_file,
        options,
        common,
    } = request;
    let options = options.with_at_file(at_file.as_deref())?;
    options.check()?;
    video::check_input(&video)?;
    OutDir::check_path(&out_dir)?;
    let ffmpeg = pipeline::find_ffmpeg(&common)?;
    options.check_ffmpeg(&ffmpeg.capabilities)?;
    let show_progress = !common.quiet && std::io::stderr().is_terminal();
    // ffprobe's list of the frames: to pick them (--count, --at, --keyframes), for the
    // manifest's frame numbers, and to tell whether seeking pays (--every, --fps).
    let sampling = &options.sampling;
    let needs_table = sampling.needs_frame_list() || manifest;
    let ffprobe = video::find_ffprobe(ffmpeg.path.as_deref());
    let wants_table = needs_table
        || (ffprobe.is_some() && matches!(sampling, Sampling::Every(_) | Sampling::Fps(_)));
    // ffprobe's description is needed before the decode for the frame list, the progress
    // bar's total, the dry run's name width, and whether -ss is exact in this container;
    // otherwise it runs beside the decode (see below), costing no time, and ffmpeg itself
    // reports a file that is not a video.
    let probe_first = show_progress || common.dry_run || wants_table || options.start.is_some();
    let info = match &ffmpeg.path {
        Some(path) if probe_first => video::inspect(path, &video)?,
        _ => VideoInfo::default(),
    };
    let table = match wants_table {
        true => {
            let what = if sampling.needs_frame_list() {
                sampling.option()
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
                ffprobe, ffmpeg, &video, &info, &what, keys,
            )?)
        }
        false => None,
    };
    let indexed = info.format_name.as_deref().map(table::indexed);
    let plan =
        Schedule::new(&options, table.as_ref(), indexed, seek_cost(&info)).map_err(|problem| {
            let table = table.as_ref().expect("only a frame list picks nothing");
            video::nothing_picked(problem, &video, table, &options)
        })?;
    let naming = Naming::new(&options, plan.count().or(info.declared_frames));
    let out_dir = OutDir::claim(&out_dir, naming, manifest, common.force)?;
    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        let program = ffmpeg.source.program_for_display();
        let stretches = table
            .as_ref()
            .map(|table| plan.dry_run_stretches(table))
            .unwrap_or_default();
        let line = ffmpeg_args::DryRunLine {
            options: &options,
            naming: out_dir.naming(),
            video: &video,
            out_dir: out_dir.path(),
            program: &program,
            ffmpeg: &ffmpeg.capabilities,
            force: common.force,
        };
        return pipeline::print_dry_run(line.line(&plan.dry_runs(&stretches)));
    };

    let staged = out_dir.stage()?;
    let write = WriteFrames {
        ffmpeg: ffmpeg_path,
        options: &options,
        video: &video,
        out_dir: out_dir.path(),
        folder: staged.folder(),
        show_progress,
        capabilities: &ffmpeg.capabilities,
    };
    let mut strategy = plan.strategy();
    let (written, rows, info) = match (&plan.runs, &table, &plan.picks) {
        (Runs::Stretches(stretches), Some(table), Some(picks)) => {
            let staged_name = |n| staged.file_name(n);
            let (rows, read) =
                write.stretches_or_decode(stretches, &picks.frames, table, staged_name)?;
            strategy = read;
            let written = staged.count()?;
            if written != rows.len() as u64 {
                return Err(Failure::failed(format!(
                    "{written} frame(s) were written, but {} were asked for",
                    rows.len()
                ))
                .nothing_written()
                .into());
            }
            (written, rows, info)
        }
        _ => {
            let total = plan
                .count()
                .or_else(|| video::expected_frames(&options, &info));
            // The declared frame count, for the damaged-video warning, from an ffprobe that
            // runs while ffmpeg decodes.
            let (finished, info) = std::thread::scope(|scope| {
                let probe =
                    (!probe_first).then(|| scope.spawn(|| video::inspect(ffmpeg_path, &video)));
                let finished = write.pass(plan.pass(), staged.pattern(), total);
                let probed = probe.and_then(|probe| probe.join().ok()?.ok());
                (finished, probed.unwrap_or(info))
            });
            let finished = finished?;
            let written = staged.count()?;
            let ranged = options.start.is_some() || options.end.is_some();
            check_written(&finished, written, &video, ranged)?;
            write_frames::check_clean_decode(&finished, &options, &video, None, Some(written))?;
            let rows = match manifest {
                true => write.pass_rows(written, table.as_ref())?,
                false => Vec::new(),
            };
            (written, rows, info)
        }
    };
    video::check_against_declared(written, &options, &info, &video);
    for note in plan.picks.iter().flat_map(|picks| &picks.notes) {
        video::warn_about(note, &video);
    }
    let naming = staged.commit(written, options.digits, &rows)?;

    let first = naming.file_name(1);
    let (width, height) = header::read_header(&out_dir.path().join(&first))
        .map(|header| (header.width, header.height))
        .unwrap_or((0, 0));
    let report = Report::Split {
        output: out_dir.path(),
        frames: written,
        width,
        height,
        first: Some(first),
        last: Some(naming.file_name(written)),
        mode: options.sampling.name(),
        strategy,
        fps: info.frame_rate,
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}

/// What starting one more ffmpeg costs, in frames of this video decoded.
fn seek_cost(info: &VideoInfo) -> u64 {
    std::env::var(SEEK_COST_VAR)
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| schedule::start_cost(info.width, info.height))
}

/// The staged files are what ffmpeg says it wrote, and there is at least one.
fn check_written(
    finished: &Finished,
    written: u64,
    video: &Path,
    ranged: bool,
) -> Result<(), Failure> {
    if let Some(reported) = finished.final_frame_count() {
        if reported != written {
            return Err(Failure::failed(format!(
                "ffmpeg reported {reported} frame(s) but {written} file(s) were written"
            ))
            .nothing_written());
        }
    }
    if written == 0 && ranged {
        return Err(Failure::failed(format!(
            "no frames were decoded from {} in the range asked for",
            shown(video)
        ))
        .nothing_written()
        .hint("check --start and --end against the video's length (ffprobe shows it)"));
    }
    if written == 0 {
        return Err(
            Failure::failed(format!("no frames were decoded from {}", shown(video)))
                .nothing_written(),
        );
    }
    Ok(())
}
