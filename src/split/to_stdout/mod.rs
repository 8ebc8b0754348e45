//! `framekit split VIDEO -`: the frames split would write, in the same order, onto
//! standard output as PAM images back to back, each with its time (`#pts_seconds`), as
//! they are decoded. The same checks, frame list, schedule and ffmpeg arguments as a split
//! into a folder; ffmpeg writes PAM on its stdout and logs each frame's time on stderr
//! just before (`times`), and framekit forwards each frame whole (`forward`), run by run
//! (`runs`). A reader that closes the stream early ends the run quietly, with status 0.

mod forward;
mod head_start;
mod later_table;
mod pam;
mod runs;
mod times;

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::error::Failure;
use crate::split::options::SplitRequest;
use crate::split::prepare::{prepare, Destination, Prepared};
use crate::split::schedule::Runs;
use crate::split::table::FrameTable;
use crate::split::video;
use crate::term::progress_report::ProgressReport;
use crate::term::report::{self, Report};
use forward::Output;
pub use head_start::HeadStart;
use later_table::LaterTable;
use runs::{ReaderGone, Streamer};

/// Whether OUT_DIR asks for standard output.
pub fn asked(out_dir: &Path) -> bool {
    out_dir.as_os_str() == "-"
}

/// Runs `framekit split VIDEO -`.
pub fn run(request: SplitRequest, started: Instant) -> Result<()> {
    let SplitRequest {
        video,
        at_file,
        options,
        common,
        folder_only,
        ..
    } = request;
    if let Some(option) = folder_only.first() {
        return Err(Failure::usage(format!(
            "{option} is for frames written into a folder; OUT_DIR `-` writes them to \
             standard output"
        ))
        .hint(format!(
            "drop {option}: each frame on standard output carries its time (#pts_seconds)"
        ))
        .into());
    }
    if !common.dry_run && std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "OUT_DIR `-` writes images to standard output, which is a terminal",
        )
        .hint("pipe framekit into the program that reads the frames, or name a folder")
        .into());
    }
    let mut prepared = prepare(
        &video,
        options,
        at_file.as_deref(),
        Destination::Stdout,
        &common,
    )?;
    let Prepared {
        options,
        ffmpeg,
        show_progress,
        probe_first,
        info,
        table,
        plan,
        head_start,
    } = &mut prepared;
    let (options, ffmpeg, show_progress, probe_first, info, table, plan) = (
        &*options,
        &*ffmpeg,
        &*show_progress,
        &*probe_first,
        &*info,
        &*table,
        &*plan,
    );
    let streamer = Streamer {
        capabilities: &ffmpeg.capabilities,
        options,
        video: &video,
    };
    let stretches = match (&plan.runs, table, &plan.picks) {
        (Runs::Stretches(grouped), Some(table), Some(picks)) => Some(
            crate::split::schedule::in_pick_order(grouped, table, &picks.frames, plan.range.start),
        ),
        _ => None,
    };
    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        let program = ffmpeg.source.program_for_display();
        if let (true, Some(table)) = (options.looks_at_pixels(), table) {
            let capabilities = &ffmpeg.capabilities;
            let line = crate::split::pixel_choice::dry_run_line(
                &program,
                options,
                plan,
                table,
                info,
                &video,
                capabilities,
            );
            return crate::pipeline::print_dry_run(line);
        }
        return crate::pipeline::print_dry_run(streamer.dry_run_line(
            &program,
            plan,
            stretches.as_deref(),
        ));
    };
    let total = plan
        .count()
        .or_else(|| video::expected_frames(options, info));
    let mut output = Output::new(ProgressReport::new(total, *show_progress));
    // Beside the decode: ffprobe's description when none was asked before (the declared
    // frame count, for the damaged-video warning, as a split into a folder asks it), and
    // the list of the frames when none was made (`later_table`).
    let ffprobe = video::find_ffprobe(Some(ffmpeg_path)).filter(|_| table.is_none());
    let (sender, coming) = std::sync::mpsc::channel();
    let later = LaterTable::new(coming);
    let stream =
        |streamer: &Streamer<'_>, output: &mut Output| match (&stretches, table, &plan.picks) {
            (Some(stretches), Some(table), Some(picks)) => {
                streamer.stretches(ffmpeg_path, stretches, &picks.frames, table, output)
            }
            _ => streamer
                .pass(ffmpeg_path, plan, table.as_ref(), &later, output)
                .map(|()| plan.strategy()),
        };
    let (streamed, info) = std::thread::scope(|scope| {
        let beside = !probe_first || ffprobe.is_some();
        let sender = beside.then_some(sender);
        let (video, ffprobe) = (&video, &ffprobe);
        let probe = sender.map(|sender| {
            scope.spawn(move || {
                // Both started by `prepare` (`HeadStart`), beside each other and ffmpeg's
                // version: the first frame waits for the list (ffmpeg, blocked on the full
                // pipe, with it).
                let info = match probe_first {
                    true => Some(info.clone()),
                    false => head_start.info(),
                };
                let listing = head_start.listing();
                if let (Some(info), Some(ffprobe), Some(listing)) =
                    (&info, ffprobe.as_deref(), listing)
                {
                    let ffmpeg = Some((ffmpeg_path, &ffmpeg.capabilities));
                    let listed =
                        FrameTable::from_listing(&listing, ffprobe, ffmpeg, video, info, false);
                    let _ = sender.send(listed.ok());
                }
                info
            })
        });
        let streamed = stream(&streamer, &mut output);
        let probed = probe.and_then(|probe| probe.join().ok()?);
        (streamed, probed.unwrap_or_else(|| info.clone()))
    });
    output.finish();
    let strategy = match streamed {
        Ok(strategy) => strategy,
        // The reader has all it wanted: a pipe's usual end, not a failure.
        Err(error) if error.is::<ReaderGone>() => return Ok(()),
        Err(error) => {
            return Err(runs::after_frames_sent(
                error,
                output.frames,
                output.cut_frame_sent,
            ))
        }
    };
    video::check_against_declared(output.frames, options, &info, &video);
    for note in plan.picks.iter().flat_map(|picks| &picks.notes) {
        video::warn_about(note, &video);
    }
    let (width, height) = output.size.unwrap_or((0, 0));
    let report = Report::Split {
        output: Path::new("-"),
        frames: output.frames,
        width,
        height,
        first: None,
        last: None,
        mode: options.sampling.name(),
        strategy,
        fps: info.frame_rate,
        skipped: plan
            .looked
            .as_ref()
            .filter(|_| options.dedupe.is_some())
            .map(|l| l.skipped),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success_on_stderr(&report, common.json, common.quiet)
}
