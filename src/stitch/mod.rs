//! `framekit stitch`: options -> frames -> plan -> ffmpeg -> verified, atomic output.

pub mod colour;
mod damaged_frame;
mod dir_hints;
mod explain;
mod fixups;
mod fps_from;
pub mod frames;
mod max_size;
mod notices;
pub mod options;
mod orientation;
mod plan;
pub mod timing;
mod timing_files;
mod verify;

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::job::{self, Finished, Job};
use crate::ffmpeg::{chain, parallel};
use crate::output::pending_file::{self, PendingOutput};
use crate::pipeline;
use crate::term::report::{self, Report};
use fixups::gif_disposal::{self, Verdict};
use fixups::{matroska_duration, webp_duration};
use max_size::animation_ladder::Shrunk;
use max_size::{animation_search as animation_budget, video_search as size_budget};
use options::{StitchOptions, StitchRequest};
use plan::encoding::{Container, Encoding};
use plan::parallel::ParallelDecoding;
use plan::{Destination, StitchPlan, Transparency};

/// Runs ffmpeg on the plan, writing `video`: one process, or GIF's two.
fn encode(plan: &StitchPlan<'_>, ffmpeg: &Path, video: &Path, quiet: bool) -> Result<Finished> {
    if plan.encoding.is_gif() {
        let finished = encode_gif(plan, ffmpeg, video, quiet, false)?;
        // Transparent frames among others: each frame's disposal set right, in whole
        // frames when ffmpeg cut them to what changed (see gif_disposal).
        if plan.transparency() != Transparency::Kept {
            return Ok(finished);
        }
        return match gif_disposal::verdict(video)? {
            Verdict::Right => Ok(finished),
            Verdict::Shift => gif_disposal::shift(video).map(|()| finished),
            Verdict::EncodeWhole => {
                let finished = encode_gif(plan, ffmpeg, video, quiet, true)?;
                gif_disposal::shift(video).map(|()| finished)
            }
        };
    }
    let destination = Destination {
        path: video,
        overwrite: true,
        report_progress: true,
    };
    if let Some(decoding) = plan.parallel_decoding(cores()) {
        let encoder_args = plan.raw_encoder_args(destination);
        return encode_in_parallel(plan, &decoding, ffmpeg, encoder_args, quiet);
    }
    let framing = plan.framing();
    let job = Job {
        ffmpeg,
        args: plan.ffmpeg_args(destination),
        stdin_files: Some(&plan.frames.paths),
        framing: framing.as_ref(),
        working_dir: None,
        total_frames: Some(plan.frame_count()),
        // With times of their own, frames do not follow the rate: count them as encoded.
        output_rate: plan.timeline.is_none().then(|| plan.options.fps.as_f64()),
        show_progress: !quiet,
    };
    job::run(&job)
}

/// The cores this process may use (1 when the system will not say).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Big photos (or photos an ffmpeg would turn wrongly in one process): decoded in batches
/// on several processes, encoded by one, which `encoder_args` start.
fn encode_in_parallel(
    plan: &StitchPlan<'_>,
    decoding: &ParallelDecoding,
    ffmpeg: &Path,
    encoder_args: Vec<std::ffi::OsString>,
    quiet: bool,
) -> Result<Finished> {
    let decoders = parallel::Decoders {
        ffmpeg,
        args: plan.raw_decoder_args(),
        frames: &plan.frames.paths,
        batches: &decoding.batches,
        workers: decoding.workers,
        frame_bytes: decoding.frame_bytes,
    };
    let encoder = Job {
        ffmpeg,
        args: encoder_args,
        stdin_files: None,
        framing: None,
        working_dir: None,
        total_frames: Some(plan.frame_count()),
        output_rate: Some(plan.options.fps.as_f64()),
        show_progress: !quiet,
    };
    parallel::run(&decoders, &encoder)
}

/// What `--max-size` chose: a bitrate (video) or a setting of the ladder (animations).
enum Sized {
    Video(size_budget::ChosenBitrate),
    Animation(animation_budget::ChosenSetting),
}

fn max_size_of(options: &StitchOptions) -> u64 {
    options.max_size.unwrap_or_default()
}

/// GIF's decoder and palette encoder, in a chain.
fn encode_gif(
    plan: &StitchPlan<'_>,
    ffmpeg: &Path,
    video: &Path,
    quiet: bool,
    whole_frames: bool,
) -> Result<Finished> {
    let destination = Destination {
        path: video,
        overwrite: true,
        report_progress: true,
    };
    // (Whole frames are asked for frames with transparency, never big photos.)
    if let Some(decoding) = plan.parallel_decoding(cores()).filter(|_| !whole_frames) {
        let encoder_args = plan.raw_gif_encoder_args(destination);
        return encode_in_parallel(plan, &decoding, ffmpeg, encoder_args, quiet);
    }
    let args = plan.gif_args(destination, whole_frames);
    let framing = plan.framing();
    let decoder = Job {
        ffmpeg,
        args: args.decoder,
        stdin_files: Some(&plan.frames.paths),
        framing: framing.as_ref(),
        working_dir: None,
        total_frames: None,
        output_rate: None,
        show_progress: false,
    };
    let encoder = Job {
        ffmpeg,
        args: args.encoder,
        stdin_files: None,
        framing: None,
        working_dir: None,
        total_frames: Some(plan.frame_count()),
        output_rate: None,
        show_progress: !quiet,
    };
    chain::run(&decoder, &encoder)
}

/// Whether the error is a failed ffmpeg whose last words include `text`.
fn says(error: &anyhow::Error, text: &str) -> bool {
    error
        .downcast_ref::<FfmpegFailed>()
        .is_some_and(|failed| failed.says(text))
}

/// Runs `framekit stitch`.
pub fn run(request: StitchRequest) -> Result<()> {
    let started = Instant::now();
    let StitchRequest {
        frames: selection,
        mut options,
        common,
    } = request;
    dir_hints::check(&selection)?;
    let encoding = Encoding::choose(&options)?;
    options.check_soundtrack()?;
    let ffmpeg = pipeline::find_ffmpeg(&common)?;
    pending_file::check_writable(&options.output, common.force)?;
    if let Some(video) = &options.fps_from {
        options.fps = fps_from::rate_of(video, ffmpeg.path.as_deref())?;
    }
    let mut frames = frames::collect(&selection, options.allows_mixed_sizes(), options.fit)?;
    let sticky_turns =
        (ffmpeg.path.as_deref()).and_then(|path| orientation::sticky_turns(path, &frames));
    frames.turns_stick = sticky_turns.is_some();
    let frames = frames;
    let names: Vec<_> = frames.paths.iter().map(|p| selection.name_of(p)).collect();
    let timeline = timing::timeline(&options.timing, &options.fps, &names)?;
    let mut plan = StitchPlan::new(&options, &encoding, &frames, timeline.as_ref())?;
    notices::tell(&plan);
    if let Some(which) = &sticky_turns {
        // Decoded apart, one process from each upright frame after a turned one; or refused.
        if plan.parallel_decoding(cores()).is_none() {
            return Err(orientation::refusal(&frames, which));
        }
    }

    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        if plan.timeline.is_some() {
            crate::term::stderr::warn(
                "with times of their own, framekit feeds the frames to ffmpeg as a Matroska \
                 stream it writes itself: the command printed is ffmpeg's side of it",
            );
        }
        if let Some(which) = &sticky_turns {
            crate::term::stderr::warn(&orientation::dry_run_warning(&frames, which));
        } else if let Some(decoding) = plan.parallel_decoding(cores()) {
            crate::term::stderr::warn(&format!(
                "{} ffmpeg processes decode the frames, a batch each, and one more encodes \
                 them: the command printed does it all in one, and makes the same video",
                decoding.workers
            ));
        }
        if options.max_size.is_some() {
            crate::term::stderr::warn(
                "--max-size: framekit encodes, measures the file, and encodes again with a \
                 bitrate or smaller settings until it fits: the command printed is the first \
                 try, without a limit",
            );
        }
        if plan.encoding.is_gif() && plan.transparency() == Transparency::Kept {
            crate::term::stderr::warn(
                "framekit sets the disposal of each frame of a GIF with transparency after \
                 ffmpeg wrote it: the command printed leaves that out, and its GIF can show \
                 holes in browsers",
            );
        }
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
    let temp = pending.temp_path();
    let run = |plan: &StitchPlan<'_>| encode(plan, ffmpeg_path, temp, common.quiet);
    let attempt = |plan: &StitchPlan<'_>| match options.max_size {
        Some(max_bytes) if encoding.container.is_animation() => {
            animation_budget::encode_within(plan, max_bytes, temp, run)
                .map(|(finished, chosen)| (finished, Some(Sized::Animation(chosen))))
        }
        Some(max_bytes) => size_budget::encode_within(plan, max_bytes, temp, run)
            .map(|(finished, chosen)| (finished, Some(Sized::Video(chosen)))),
        None => run(plan).map(|finished| (finished, None)),
    };
    let result = match attempt(&plan) {
        // ffmpeg 7 refuses the older ffmpegs' way to keep the last frame's duration, at
        // once: made again the newer way.
        Err(error) if plan.may_need_newer_form() && says(&error, "-r/-fpsmax was specified") => {
            plan = plan.without_last_duration_as_rate();
            attempt(&plan)
        }
        result => result,
    };
    let (finished, chosen) = result.map_err(|e| explain::failure(e, ffmpeg_path, &plan))?;
    // The plan of the file written: --max-size may have dropped frames or made it narrower.
    let shrunk = match &chosen {
        Some(Sized::Animation(chosen)) => Some(Shrunk::new(&chosen.setting, &plan)),
        _ => None,
    };
    let shrunk_plan = shrunk.as_ref().map(|s| s.plan(&plan)).transpose()?;
    let plan = shrunk_plan.unwrap_or(plan);
    verify::frame_count(ffmpeg_path, pending.temp_path(), &plan, &finished)?;
    match (plan.timeline, encoding.container) {
        (Some(timeline), Container::Webp) => {
            webp_duration::set_last(pending.temp_path(), timeline.last)?
        }
        (Some(timeline), Container::Mkv | Container::Webm) => {
            matroska_duration::set(pending.temp_path(), timeline.total())?
        }
        _ => {}
    }
    pending.commit(common.force)?;

    let (width, height) = verify::final_size(ffmpeg_path, &plan);
    let report = Report::Stitched {
        output: &options.output,
        frames: plan.frame_count(),
        width,
        height,
        fps: plan.frame_rate(),
        codec: &encoding.video_codec,
        seconds: plan.seconds(),
        size_budget: chosen.map(|chosen| match chosen {
            Sized::Video(chosen) => chosen.report(max_size_of(&options)),
            Sized::Animation(chosen) => chosen.report(max_size_of(&options), &plan),
        }),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}
