//! `framekit split`: a video into numbered frames: every decoded frame exactly once, or
//! the frames a mode picks (`--every`, `--fps`, `--count`, `--at`, `--keyframes`,
//! `--scene`), read by seeking where they are far apart.

mod ffmpeg_args;
pub(crate) mod manifest;
mod naming;
pub mod options;
mod out_dir;
pub(crate) mod pixel_choice;
mod prepare;
mod sampling;
mod schedule;
mod table;
mod to_stdout;
mod video;
mod whole_frames;
mod write_frames;

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::supervisor::Finished;
use crate::header;
use crate::pipeline;
use crate::term::report::{self, Report};
use crate::term::shown::shown;
use naming::Naming;
use options::SplitRequest;
use out_dir::OutDir;
use prepare::{prepare, Destination, Prepared};
use schedule::Runs;
use write_frames::WriteFrames;

/// The checks split makes of its VIDEO argument, for `sheet` too.
pub(crate) use sampling::Note;
pub(crate) use video::check_input as video_check_input;

/// Runs `framekit split`: into a folder, or with OUT_DIR `-` onto standard output.
pub fn run(request: SplitRequest) -> Result<()> {
    let started = Instant::now();
    if to_stdout::asked(&request.out_dir) {
        return to_stdout::run(request, started);
    }
    let (json, quiet) = (request.common.json, request.common.quiet);
    let out_dir = request.out_dir.clone();
    let video = request.video.clone();
    let written = match into_folder(request)? {
        Split::DryRun(line) => return pipeline::print_dry_run(line),
        Split::Written(written) => written,
    };
    for note in &written.notes {
        video::warn_about(note, &video);
    }
    let first = written.naming.file_name(1);
    let (width, height) = header::read_header(&out_dir.join(&first))
        .map(|header| (header.width, header.height))
        .unwrap_or((0, 0));
    let report = Report::Split {
        output: &out_dir,
        frames: written.count,
        width,
        height,
        first: Some(first),
        last: Some(written.naming.file_name(written.count)),
        mode: written.mode,
        strategy: written.strategy,
        fps: written.info.frame_rate,
        skipped: written.skipped,
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, json, quiet)
}

/// What a split into a folder did: printed nothing yet either way (the caller prints the
/// dry run's line, or reports), so that `sheet` can run split's own route into a scratch
/// folder and go on from its frames.
pub(crate) enum Split {
    /// `--dry-run`: the shell line that would run, not yet printed.
    DryRun(Vec<u8>),
    Written(Box<Written>),
}

/// The frames a split wrote into OUT_DIR.
pub(crate) struct Written {
    pub count: u64,
    /// The names the frames were given (`file_name(1)` ... `file_name(count)`).
    pub naming: Naming,
    /// Each frame's time and number in the video (with `manifest`; else empty).
    pub rows: Vec<manifest::Row>,
    /// ffprobe's description of the video.
    pub info: crate::ffmpeg::probe::VideoInfo,
    pub mode: &'static str,
    pub strategy: &'static str,
    pub skipped: Option<u64>,
    /// Facts about the frames picked, for the caller to warn of in its own words.
    pub notes: Vec<sampling::Note>,
}

/// `framekit split VIDEO OUT_DIR` up to its report: checks, plan, the frames written and
/// committed into OUT_DIR (or the dry run's line).
pub(crate) fn into_folder(request: SplitRequest) -> Result<Split> {
    let SplitRequest {
        video,
        out_dir,
        manifest,
        at_file,
        options,
        common,
        folder_only: _,
    } = request;
    let destination = Destination::Folder {
        out_dir: &out_dir,
        manifest,
    };
    let Prepared {
        options,
        ffmpeg,
        show_progress,
        probe_first,
        info,
        table,
        mut plan,
        head_start: _,
    } = prepare(&video, options, at_file.as_deref(), destination, &common)?;
    let naming = Naming::new(&options, plan.count().or(info.declared_frames));
    let out_dir = OutDir::claim(&out_dir, naming, manifest, common.force)?;
    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        let program = ffmpeg.source.program_for_display();
        if let (true, Some(table)) = (options.looks_at_pixels(), &table) {
            let line = pixel_choice::dry_run_line(
                &program,
                &options,
                &plan,
                table,
                &info,
                &video,
                &ffmpeg.capabilities,
            );
            return Ok(Split::DryRun(line));
        }
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
        return Ok(Split::DryRun(line.line(&plan.dry_runs(&stretches))));
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
    // --sharpest into a folder: each stretch's frame written as soon as it is chosen,
    // while the measuring run goes on (chosen in `prepare` otherwise).
    let mut early = None;
    if let (true, Some(table), Some(_)) = (
        options.looks_at_pixels() && pixel_choice::writes_while_measuring(&options),
        &table,
        &plan.picks,
    ) {
        let measuring = pixel_choice::Measuring {
            ffmpeg: ffmpeg_path,
            capabilities: &ffmpeg.capabilities,
            video: &video,
            info: &info,
            show_progress,
            start_cost: prepare::seek_cost(&info),
        };
        let grouping = schedule::Grouping::new(
            table,
            measuring.start_cost,
            plan.range.start,
            schedule::MAX_PER_STRETCH,
        );
        let plan = &mut plan;
        let options = &options;
        early = Some(write.stretches_while_choosing(
            table,
            grouping,
            |on_chosen| {
                pixel_choice::choose(plan, options, table, &measuring, on_chosen)?;
                Ok(plan
                    .picks
                    .as_ref()
                    .map(|p| p.frames.clone())
                    .unwrap_or_default())
            },
            |n| staged.file_name(n),
        )?);
    }
    let mut strategy = plan.strategy();
    let (written, rows, info) = match (&plan.runs, &table, &plan.picks) {
        (Runs::Stretches(stretches), Some(table), Some(picks)) => {
            let staged_name = |n| staged.file_name(n);
            let (mut rows, read) = match early.take() {
                Some(written) => written,
                None => write.stretches_or_decode(stretches, &picks.frames, table, staged_name)?,
            };
            if let Some(looked) = &plan.looked {
                for (row, sharpness) in rows.iter_mut().zip(&looked.sharpness) {
                    row.sharpness = *sharpness;
                }
            }
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
    let naming = staged.commit(written, options.digits, &rows)?;

    Ok(Split::Written(Box::new(Written {
        count: written,
        naming,
        rows,
        info,
        mode: options.sampling.name(),
        strategy,
        skipped: plan
            .looked
            .as_ref()
            .filter(|_| options.dedupe.is_some())
            .map(|l| l.skipped),
        notes: plan.picks.map(|picks| picks.notes).unwrap_or_default(),
    })))
}

/// The staged files are what ffmpeg says it wrote, and there is at least one.
pub(super) fn check_written(
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
