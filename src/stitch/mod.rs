//! `framekit stitch`: options -> frames -> plan -> ffmpeg -> verified, atomic output.

pub mod colour;
mod damaged_frame;
mod dir_hints;
mod explain;
pub mod frames;
pub mod options;
mod orientation;
mod plan;
mod verify;

use std::time::Instant;

use anyhow::Result;

use crate::ffmpeg::job::{self, Job};
use crate::output::pending_file::{self, PendingOutput};
use crate::pipeline;
use crate::term::report::{self, Report};
use options::StitchRequest;
use plan::encoding::Encoding;
use plan::{Destination, StitchPlan};

/// Runs `framekit stitch`.
pub fn run(request: StitchRequest) -> Result<()> {
    let started = Instant::now();
    let StitchRequest {
        frames: selection,
        options,
        common,
    } = request;
    dir_hints::check(&selection)?;
    let encoding = Encoding::choose(&options)?;
    options.check_soundtrack()?;
    let ffmpeg = pipeline::find_ffmpeg(&common)?;
    pending_file::check_writable(&options.output, common.force)?;
    let frames = frames::collect(&selection, options.allows_mixed_sizes(), options.fit)?;
    let plan = StitchPlan::new(&options, &encoding, &frames)?;
    if let Some(path) = &ffmpeg.path {
        orientation::check(path, &frames)?;
    }

    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        let line = plan.dry_run_line(&ffmpeg.source, common.force);
        if cfg!(windows) && line.len() > crate::term::shell::CMD_MAX_LINE {
            crate::term::stderr::warn(&format!(
                "the command is {} characters long, and cmd.exe runs lines of at most {}: \
                 run it from a program, or stitch fewer frames at a time",
                line.len(),
                crate::term::shell::CMD_MAX_LINE
            ));
        }
        return pipeline::print_dry_run(line);
    };
    let pending = PendingOutput::reserve(&options.output)?;
    let job = Job {
        ffmpeg: ffmpeg_path,
        args: plan.ffmpeg_args(Destination {
            path: pending.temp_path(),
            overwrite: true,
            report_progress: true,
        }),
        stdin_files: Some(&frames.paths),
        working_dir: None,
        total_frames: Some(plan.frame_count()),
        output_rate: Some(options.fps.as_f64()),
        show_progress: !common.quiet,
    };
    let finished = job::run(&job).map_err(|e| explain::failure(e, ffmpeg_path, &plan))?;
    verify::frame_count(ffmpeg_path, pending.temp_path(), &plan, &finished)?;
    pending.commit(common.force)?;

    let (width, height) = verify::final_size(ffmpeg_path, &plan);
    let report = Report::Stitched {
        output: &options.output,
        frames: plan.frame_count(),
        width,
        height,
        fps: options.fps.as_f64(),
        codec: &encoding.video_codec,
        seconds: options.fps.seconds_for(plan.frame_count()),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}
