//! `framekit stitch`: options -> frames -> plan -> ffmpeg -> verified, atomic output.

pub mod colour;
mod damaged_frame;
mod dir_hints;
mod explain;
mod fixups;
mod fps_from;
pub mod frames;
pub mod grid;
mod hardware;
pub mod label;
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

use crate::colour_profile::LutFile;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::supervisor::{self, Decoders, FfmpegCommand, Finished, Progress, StreamFeed};
use crate::output::pending_file::{self, PendingOutput};
use crate::pipeline;
use crate::term::progress_report::ProgressReport;
use crate::term::report::{self, Report};
use crate::term::shown::shown as shown_path;
use fixups::gif_disposal::{self, Verdict};
use fixups::{matroska_duration, mp4_duration, webp_duration};
use frames::stream::{self, DirectStream, Opened};
use label::track::LabelTrack;
use max_size::animation_ladder::Shrunk;
use max_size::{animation_search, video_search};
use options::{StitchOptions, StitchRequest};
use plan::encoding::{Container, Encoding};
use plan::gif::{self, GifArgs};
use plan::{dry_run, output_args, parallel};
use plan::{Destination, Host, Route, StitchPlan, Transparency};

/// Runs ffmpeg on the plan, by its route, writing `video`; then, for a GIF with
/// transparency, sets each frame's disposal right (see `fixups::gif_disposal`).
/// `stream` feeds the direct route (frames straight from standard input).
fn encode(
    plan: &StitchPlan<'_>,
    ffmpeg: &Path,
    video: &Path,
    quiet: bool,
    stream: Option<&dyn StreamFeed>,
) -> Result<Finished> {
    // Drawn for this plan: --max-size's tries may drop frames, and the labels follow the
    // frames and times of the video each try makes.
    let _label_track = (plan.options.label.as_ref())
        .map(|label| LabelTrack::write(plan, label))
        .transpose()?;
    let finished = encode_by(plan, &plan.route, ffmpeg, video, quiet, false, stream)?;
    // framekit's own encoder sets each disposal itself.
    let ffmpeg_gif = plan.encoding.is_gif() && plan.route != Route::GifEncoder;
    if !ffmpeg_gif || plan.transparency() != Transparency::Kept {
        return Ok(finished);
    }
    match gif_disposal::verdict(video)? {
        Verdict::Right => Ok(finished),
        Verdict::Shift => gif_disposal::shift(video).map(|()| finished),
        // ffmpeg cut frames to what changed: made again in whole frames (transparent frames
        // are PNGs, never the big photos of parallel decoding: always GIF's chain).
        Verdict::EncodeWhole => {
            let finished = encode_by(plan, &Route::GifChain, ffmpeg, video, quiet, true, None)?;
            gif_disposal::shift(video).map(|()| finished)
        }
    }
}

/// One encode of `plan` by `route`. `whole_frames`: GIF frames that cover the canvas.
fn encode_by(
    plan: &StitchPlan<'_>,
    route: &Route,
    ffmpeg: &Path,
    video: &Path,
    quiet: bool,
    whole_frames: bool,
    stream: Option<&dyn StreamFeed>,
) -> Result<Finished> {
    let destination = Destination {
        path: video,
        overwrite: true,
        report_progress: true,
    };
    let progress = Progress {
        total_frames: Some(plan.frame_count()),
        // With times of their own, frames do not follow the rate: count them as encoded.
        output_rate: plan.timeline.is_none().then(|| plan.options.fps.as_f64()),
        shown: !quiet,
    };
    let framing = plan.framing();
    let frames = &plan.frames.paths;
    match route {
        Route::OneProcess => {
            let command =
                FfmpegCommand::new(ffmpeg, output_args::one_process_args(plan, destination))
                    .feed(frames, framing.as_ref())
                    .progress(progress);
            supervisor::run(&[command])
        }
        Route::Direct => {
            // The count is known only at the end: the bar counts the frames encoded.
            let progress = Progress {
                total_frames: None,
                output_rate: None,
                ..progress
            };
            let source = stream.expect("the direct route has its stream");
            let command =
                FfmpegCommand::new(ffmpeg, output_args::one_process_args(plan, destination))
                    .stream(source)
                    .progress(progress);
            supervisor::run(&[command])
        }
        Route::GifChain => {
            let args = GifArgs::new(plan, destination, whole_frames);
            let decoder = FfmpegCommand::new(ffmpeg, args.decoder).feed(frames, framing.as_ref());
            // The palette encoder holds frames: the bar counts those it has encoded.
            let progress = Progress {
                output_rate: None,
                ..progress
            };
            let encoder = FfmpegCommand::new(ffmpeg, args.encoder).progress(progress);
            supervisor::run(&[decoder, encoder])
        }
        Route::GifEncoder => encode_gif(plan, ffmpeg, video, progress.shown),
        Route::Decoders(decoding) => {
            // One command a batch: each may turn its photos (see `parallel::decoder_args`).
            let commands: Vec<_> = (decoding.batches.iter())
                .map(|batch| FfmpegCommand::new(ffmpeg, parallel::decoder_args(plan, batch.start)))
                .collect();
            let decoders = Decoders {
                commands: &commands,
                frames,
                batches: &decoding.batches,
                workers: decoding.workers,
                frame_bytes: decoding.frame_bytes,
            };
            let encoder_args = match plan.encoding.is_gif() {
                true => gif::raw_encoder_args(plan, destination),
                false => output_args::raw_encoder_args(plan, destination),
            };
            let progress = Progress {
                output_rate: Some(plan.options.fps.as_f64()),
                ..progress
            };
            let encoder = FfmpegCommand::new(ffmpeg, encoder_args)
                .decoded(&decoders)
                .progress(progress);
            supervisor::run(&[encoder])
        }
    }
}

/// A GIF by framekit's own encoder (`crate::gif`): one ffmpeg decodes and runs every
/// per-frame step, its raw frames read here. The count reported is the frames the GIF holds.
fn encode_gif(plan: &StitchPlan<'_>, ffmpeg: &Path, video: &Path, shown: bool) -> Result<Finished> {
    let framing = plan.framing();
    let command = FfmpegCommand::new(ffmpeg, gif::framekit_decoder_args(plan))
        .feed(&plan.frames.paths, framing.as_ref());
    let (width, height) = plan::filter_chain::output_size(plan);
    let delays = match plan.timeline {
        Some(timeline) => crate::gif::timing::from_times(&timeline.starts, timeline.total()),
        None => {
            let (numerator, denominator) = plan.options.fps.fraction();
            crate::gif::timing::from_rate(plan.frame_count(), numerator, denominator)
        }
    };
    let settings = crate::gif::Settings {
        width,
        height,
        delays,
        plays: plan.options.plays,
        threshold: crate::gif::THRESHOLD,
        quantiser: crate::gif::Quantiser::default(),
        workers: plan.cores.max(1),
        alpha: plan.transparency() == Transparency::Kept,
    };
    let bar = ProgressReport::new(Some(plan.frame_count()), shown);
    let mut encoded = None;
    let ran = supervisor::stream(command, |stdout, stop| {
        let result = (std::fs::File::create(video))
            .map_err(anyhow::Error::from)
            .and_then(|file| {
                let file = std::io::BufWriter::with_capacity(1 << 20, file);
                crate::gif::encode(stdout, file, &settings, stop, &|| bar.inc(1))
            })
            .map_err(|error| match pipeline::is_full_disk(&error) {
                true => pipeline::full_disk(&pipeline::Attempt {
                    command: "stitch",
                    doing: "write the GIF".into(),
                    writing: shown_path(&plan.options.output),
                    output_kind: "the GIF",
                })
                .into(),
                false => error.context(format!("cannot write the GIF {}", shown_path(video))),
            });
        if result.is_err() {
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        encoded = Some(result);
    });
    bar.finish_and_clear();
    // ffmpeg's own failure (or an interrupt) is the cause of anything the encoder saw.
    match (ran, encoded) {
        (Err(error), _)
            if error.downcast_ref::<FfmpegFailed>().is_some()
                || crate::signals::received().is_some() =>
        {
            Err(error)
        }
        (_, Some(Err(error))) => Err(error),
        (Err(error), _) => Err(error),
        (Ok(finished), Some(Ok(frames))) => Ok(Finished {
            frames_reported: Some(frames),
            ended: true,
            ..finished
        }),
        (Ok(_), None) => Err(anyhow::anyhow!("the GIF encoder did not run")),
    }
}

/// The cores this process may use (1 when the system will not say).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// What `--max-size` chose: a bitrate (video) or a setting of the ladder (animations).
enum SizeChoice {
    Video(video_search::ChosenBitrate),
    Animation(animation_search::ChosenSetting),
}

fn max_size_of(options: &StitchOptions) -> u64 {
    options.max_size.unwrap_or_default()
}

/// Runs `framekit stitch`.
pub fn run(request: StitchRequest) -> Result<()> {
    let started = Instant::now();
    let StitchRequest {
        frames: selection,
        mut options,
        grid: grid_options,
        common,
    } = request;
    if selection.stream.is_none() {
        grid::check(&selection, &grid_options, &options)?;
        dir_hints::check(&selection)?;
    }
    let encoding = Encoding::choose(&options)?;
    options.check_soundtrack()?;
    let ffmpeg = pipeline::find_ffmpeg(&common)?;
    // Every GIF route asks the version (`-fps_mode` or `-vsync`): asked now, beside the
    // header reads.
    if encoding.container == Container::Gif && !common.dry_run {
        ffmpeg.capabilities.ask_version_early();
    }
    pending_file::check_writable(&options.output, common.force)?;
    // --hw: the GPU encoder the build has and the machine opens, else software (warned).
    let trial_with = ffmpeg.path.as_deref().filter(|_| !common.dry_run);
    let encoding = hardware::choose(encoding, &ffmpeg.capabilities, trial_with)?;
    if let Some(video) = &options.fps_from {
        options.fps = fps_from::rate_of(video, ffmpeg.path.as_deref())?;
    }
    // Frames on standard input: straight into ffmpeg as they come, or kept beside the
    // output, then encoded as a folder's (`frames::stream::direct` says which).
    let (direct, spooled) = match selection.stream {
        Some(stream) => match stream::open(stream.raw, &options, &encoding, !common.quiet)? {
            Opened::Direct(direct) => (Some(direct), None),
            Opened::Spooled(spooled) => (None, Some(spooled)),
        },
        None => (None, None),
    };
    // Several folders: composed side by side first, then encoded as a folder's frames.
    let composed = match grid::is_grid(&selection) && selection.stream.is_none() {
        true => Some(grid::compose(
            &selection,
            &grid_options,
            &options,
            &ffmpeg,
            common.dry_run,
            !common.quiet,
        )?),
        false => None,
    };
    let frames = match (&direct, &composed) {
        (Some(direct), _) => direct.frames.clone(),
        (None, Some(composed)) => composed.frames.clone(),
        (None, None) => frames::collect(&selection, spooled.as_ref(), options.sizes())?,
    };
    // --bounce: the list itself bounced, so every route and check sees the frames played.
    let frames = match options.bounce_end(&encoding) {
        Some(end) => frames::bounce::bounced(frames, end),
        None => frames,
    };
    let feeder = direct.as_ref().map(|d| &d.feeder as &dyn StreamFeed);
    let names: Vec<_> = frames.paths.iter().map(|p| selection.name_of(p)).collect();
    let timeline = timing::timeline(&options.timing, &options.fps, &names)?;
    let host = Host {
        ffmpeg: &ffmpeg.capabilities,
        cores: options.jobs.unwrap_or_else(cores),
    };
    // (A Ctrl-C while ffmpeg was asked its version is the interrupt, not a refusal.)
    let mut plan = StitchPlan::new(&options, &encoding, &frames, timeline.as_ref(), host).map_err(
        |failure| match crate::signals::received() {
            Some(code) => crate::signals::interrupted(code),
            None => failure.into(),
        },
    )?;
    notices::tell(&plan);

    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        for note in dry_run::notes(&plan) {
            crate::term::stderr::warn(&note);
        }
        if let Some(spooled) = &spooled {
            crate::term::stderr::warn(&stream::dry_run_note(spooled));
        }
        if let Some(direct) = &direct {
            direct.drain()?;
            crate::term::stderr::warn(&stream::direct_dry_run_note());
        }
        let mut line = dry_run::line(&plan, &ffmpeg.source, common.force);
        if let Some(compose) = composed.as_ref().and_then(|c| c.dry_run_line.clone()) {
            line.splice(0..0, compose);
        }
        if let Some(warning) = dry_run::line_too_long(&line) {
            crate::term::stderr::warn(&warning);
        }
        return pipeline::print_dry_run(line);
    };
    let pending = PendingOutput::reserve(&options.output)?;
    // The colour table lut3d reads, there for every encode, removed when the run ends.
    let _colour_table = plan.applied_profile().map(LutFile::write).transpose()?;
    let temp = pending.temp_path();
    let run = |plan: &StitchPlan<'_>| encode(plan, ffmpeg_path, temp, common.quiet, feeder);
    let attempt = |plan: &StitchPlan<'_>| match options.max_size {
        Some(max_bytes) if encoding.container.is_animation() => {
            animation_search::encode_within(plan, max_bytes, temp, run)
                .map(|(finished, chosen)| (finished, Some(SizeChoice::Animation(chosen))))
        }
        Some(max_bytes) => video_search::encode_within(plan, max_bytes, temp, run)
            .map(|(finished, chosen)| (finished, Some(SizeChoice::Video(chosen)))),
        None => run(plan).map(|finished| (finished, None)),
    };
    let result = match attempt(&plan) {
        // ffmpeg 7 refuses the older ffmpegs' way to keep the last frame's duration, at
        // once. The versions framekit knows get their own form; one between those measured
        // (6.x) may refuse the older form: made again the newer way.
        Err(error)
            if plan.may_be_refused() && FfmpegFailed::said(&error, "-r/-fpsmax was specified") =>
        {
            plan = plan.without_last_duration_as_rate();
            attempt(&plan)
        }
        result => result,
    };
    let (finished, chosen) = result.map_err(|e| explain::failure(e, ffmpeg_path, &plan))?;
    // The plan of the file written: --max-size may have dropped frames or made it narrower.
    let shrunk = match &chosen {
        Some(SizeChoice::Animation(chosen)) => Some(Shrunk::new(&chosen.setting, &plan)),
        _ => None,
    };
    let shrunk_plan = shrunk.as_ref().map(|s| s.plan(&plan)).transpose()?;
    let plan = shrunk_plan.unwrap_or(plan);
    // Frames straight from standard input: counted now that all have come.
    let counted = direct.as_deref().map(DirectStream::counted);
    let plan = match &counted {
        Some(frames) => StitchPlan { frames, ..plan },
        None => plan,
    };
    if let Some(at) = direct.as_ref().and_then(|d| d.feeder.first_with_alpha()) {
        // Said after the fact when frame 1 did not show it (raw frames say it at once).
        if plan.frames.pixels.with_alpha.is_none() && plan.flattens_unasked() {
            notices::flattened(&plan, at);
        }
    }
    verify::frame_count(ffmpeg_path, pending.temp_path(), &plan, &finished)?;
    match (plan.timeline, encoding.container) {
        (Some(timeline), Container::Webp) => {
            webp_duration::set_last(pending.temp_path(), timeline.last)?
        }
        (Some(timeline), Container::Mkv | Container::Webm) => {
            matroska_duration::set(pending.temp_path(), timeline.total())?
        }
        (Some(timeline), Container::Mp4 | Container::Mov) => {
            mp4_duration::set(pending.temp_path(), timeline.total())?
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
        colour_profile: plan.applied_profile().map(|p| p.name.as_str()),
        size_budget: chosen.map(|chosen| match chosen {
            SizeChoice::Video(chosen) => chosen.report(max_size_of(&options)),
            SizeChoice::Animation(chosen) => chosen.report(max_size_of(&options), &plan),
        }),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}
