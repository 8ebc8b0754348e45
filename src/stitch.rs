//! `framekit stitch`: options -> frames -> plan -> ffmpeg -> verified, atomic output.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::cli::StitchArgs;
use crate::damaged_frame;
use crate::error::{bail, Failure};
use crate::ffmpeg::{self, Source};
use crate::frame_header::FrameFormat;
use crate::frame_header::MAX_SIDE;
use crate::frames::{self, Frames};
use crate::frames_source;
use crate::jpeg_header::Chroma;
use crate::output::{self, PendingOutput};
use crate::probe;
use crate::report::{self, Report};
use crate::run::{self, FfmpegFailed, Job};
use crate::shell;
use crate::shown::shown;
use crate::stitch_plan::{Destination, Encoding, StitchOptions, StitchPlan};

/// Runs `framekit stitch`.
pub fn stitch(args: StitchArgs) -> Result<()> {
    let started = Instant::now();
    frames_source::check(&args.dir, &args.stray, &args.glob)?;
    let options = StitchOptions {
        output: args.output,
        fps: args.fps,
        crf: args.crf,
        preset: args.preset,
        codec: args.codec,
        audio: args.audio,
        lossless: args.lossless,
        width: args.width,
        pad: args.pad,
        extra: args.extra,
    };
    let common = args.common;
    let encoding = Encoding::choose(&options).map_err(bail)?;
    if let Some(audio) = &options.audio {
        check_audio(audio)?;
    }
    let source = Source::choose(common.ffmpeg.as_deref());
    // A dry run needs no ffmpeg: it only prints the command.
    let ffmpeg = if common.dry_run {
        None
    } else {
        Some(source.locate()?)
    };
    output::check_writable(&options.output, common.force)?;
    let frames = frames::collect(&args.dir, &args.glob, args.sort, options.pad.is_some())?;
    check_lossless_fits(&encoding, &frames)?;
    let plan = StitchPlan {
        options: &options,
        encoding: &encoding,
        frame_format: frames.format,
        width: frames.width,
        height: frames.height,
        frames: frames.paths.len() as u64,
        pixels: frames.pixels,
    };
    check_scaled_size(&plan)?;
    plan.check_user_graph().map_err(bail)?;
    plan.check_user_filter_keeps_frames().map_err(bail)?;

    let Some(ffmpeg) = ffmpeg else {
        return print_dry_run(&plan, &frames, &source, common.force);
    };
    let pending = PendingOutput::reserve(&options.output)?;
    let job = Job {
        ffmpeg: &ffmpeg,
        args: plan.ffmpeg_args(Destination {
            path: pending.temp_path(),
            overwrite: true,
            report_progress: true,
        }),
        stdin_files: Some(&frames.paths),
        working_dir: None,
        total_frames: Some(plan.frames),
        show_progress: !common.quiet,
    };
    let finished = run::run(&job).map_err(|e| explain(e, &ffmpeg, &plan, &frames))?;
    verify_frame_count(&ffmpeg, pending.temp_path(), &plan, &finished)?;
    pending.commit(common.force)?;

    // A filter given after -- may change the size; only the file can tell then.
    let (width, height) = plan
        .size_may_change()
        .then(|| ffmpeg::ffprobe_for(&ffmpeg).and_then(|p| probe::video_size(&p, &options.output)))
        .flatten()
        .unwrap_or_else(|| plan.output_size());
    let report = Report::Stitched {
        output: &options.output,
        frames: plan.frames,
        width,
        height,
        fps: options.fps.as_f64(),
        codec: &encoding.video_codec,
        seconds: options.fps.seconds_for(plan.frames),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}

fn check_audio(audio: &Path) -> Result<()> {
    if audio.is_file() {
        return Ok(());
    }
    let problem = if audio.exists() {
        "is not a file"
    } else {
        "does not exist"
    };
    Err(bail(Failure::failed(format!(
        "the soundtrack {} {problem}",
        shown(audio)
    ))))
}

/// `--width` on very wide or very tall frames can make the other side 0 or huge; ffmpeg
/// would fail late and obscurely ("Picture size 10x0 is invalid") or after gigabytes.
fn check_scaled_size(plan: &StitchPlan<'_>) -> Result<()> {
    let Some(width) = plan.options.width else {
        return Ok(());
    };
    let (out_width, out_height) = plan.output_size();
    if (1..=MAX_SIDE).contains(&out_width) && (1..=MAX_SIDE).contains(&out_height) {
        return Ok(());
    }
    Err(bail(
        Failure::failed(format!(
            "--width {width} would make the {}x{} frames {out_width}x{out_height}; nothing was \
             written",
            plan.width, plan.height
        ))
        .hint(format!(
            "choose a width that keeps both sides between 1 and {MAX_SIDE} pixels"
        )),
    ))
}

/// `--lossless` into MP4/MOV keeps 8-bit RGB: a frame with alpha or 16 bits a channel would
/// lose them without a word, so it is refused, pointing to MKV (FFV1), which keeps them.
fn check_lossless_fits(encoding: &Encoding, frames: &Frames) -> Result<()> {
    let jpeg_chroma = frames.pixels.jpeg_chroma;
    let lossless_jpeg = encoding.video_codec == "ffv1" && frames.format == FrameFormat::Jpeg;
    if let (true, Some((first, other))) = (lossless_jpeg, frames.pixels.jpeg_layouts_apart) {
        let layout = |at: usize| {
            crate::frame_header::read_header(&frames.paths[at])
                .ok()
                .and_then(|header| header.jpeg)
                .map_or("?", Chroma::name)
        };
        return Err(bail(
            Failure::failed(format!(
                "--lossless keeps JPEG frames exactly only when they share one colour layout, \
                 but {} is {} and {} is {}; nothing was written",
                shown(&frames.paths[first]),
                layout(first),
                shown(&frames.paths[other]),
                layout(other)
            ))
            .hint("choose the frames of one camera setting with --glob, or drop --lossless"),
        ));
    }
    if lossless_jpeg && jpeg_chroma == Some(Chroma::Other) {
        return Err(bail(
            Failure::failed(
                "--lossless cannot keep these JPEG frames exactly: their colour layout (RGB, \
                 12-bit, 4:4:0, or 4:2:2 turned by EXIF orientation) has no exact FFV1 \
                 counterpart here; nothing was written",
            )
            .hint("drop --lossless, or convert the frames to PNG first"),
        ));
    }
    if !encoding.keeps_only_8_bit_rgb() {
        return Ok(());
    }
    let (at, what) = match (frames.pixels.with_alpha, frames.pixels.deep) {
        (Some(at), _) => (at, "an alpha channel"),
        (None, Some(at)) => (at, "16 bits a channel"),
        (None, None) => return Ok(()),
    };
    Err(bail(
        Failure::failed(format!(
            "--lossless .mp4/.mov (H.264 RGB) keeps 8-bit RGB only, but {} has {what}; \
             nothing was written",
            shown(&frames.paths[at])
        ))
        .hint("write .mkv instead (FFV1 keeps every frame exactly), or drop --lossless"),
    ))
}

/// Prints `cat -- FRAMES | ffmpeg ...` on stdout: what framekit would run.
fn print_dry_run(
    plan: &StitchPlan<'_>,
    frames: &Frames,
    source: &Source,
    force: bool,
) -> Result<()> {
    let args = plan.ffmpeg_args(Destination {
        path: &plan.options.output,
        overwrite: force,
        report_progress: false,
    });
    let mut line = shell::concatenate(&frames.paths);
    line.extend_from_slice(b" | ");
    line.extend(shell::command_line(&source.program_for_display(), &args));
    line.push(b'\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&line)?;
    stdout.flush()?;
    Ok(())
}

/// The finished video must hold exactly the validated frames: ffmpeg can drop or merge
/// frames and still exit 0. ffmpeg's own final report counts the frames it encoded into the
/// file; only when it gave none (an unusual ffmpeg) is the file probed with ffprobe, which
/// would cost a process start on every run.
fn verify_frame_count(
    ffmpeg: &Path,
    video: &Path,
    plan: &StitchPlan<'_>,
    finished: &run::Finished,
) -> Result<()> {
    if std::fs::metadata(video).map_or(true, |m| m.len() == 0) {
        return Err(bail(Failure::failed(
            "ffmpeg reported success but wrote nothing; nothing was written",
        )));
    }
    let counted = match finished.final_frame_count() {
        Some(count) => Some(count),
        None => match ffmpeg::ffprobe_for(ffmpeg) {
            Some(ffprobe) => Some(probe::count_video_frames(&ffprobe, video)?),
            None => None,
        },
    };
    match counted {
        Some(count) if count == plan.frames => Ok(()),
        Some(count) => {
            let extra = &plan.options.extra;
            let hint = if extra.is_empty() {
                "check that every frame opens in an image viewer".to_string()
            } else {
                // -r, -t, -frames:v or a filter after -- change the count on purpose.
                let options: Vec<_> = extra.iter().map(|o| o.to_string_lossy()).collect();
                format!(
                    "the ffmpeg options after -- ({}) change the number of frames; framekit \
                     encodes every frame exactly once: use --fps for the rate, or choose \
                     the frames with --glob",
                    options.join(" ")
                )
            };
            Err(bail(
                Failure::failed(format!(
                    "the encoded video has {count} frame(s), but {} were given; \
                     ffmpeg lost or duplicated frames, so the result was discarded",
                    plan.frames
                ))
                .hint(hint),
            ))
        }
        None => Err(bail(Failure::failed(
            "cannot verify the encoded video: ffmpeg reported no frame count and no ffprobe \
             was found, so the result was discarded",
        ))),
    }
}

/// Turns an ffmpeg failure into a message that says what went wrong and what to do.
fn explain(
    error: anyhow::Error,
    ffmpeg: &Path,
    plan: &StitchPlan<'_>,
    frames: &Frames,
) -> anyhow::Error {
    let Some(failed) = error.downcast_ref::<FfmpegFailed>() else {
        return error;
    };
    let output = shown(&plan.options.output);
    if failed.could_not_write() {
        return bail(
            Failure::failed(format!(
                "could not write {output}: the disk is full or a file size limit was reached \
                 ({}); nothing was written",
                failed.describe()
            ))
            .hint("free some space, or write the video elsewhere"),
        );
    }
    // `-map 1:a:0` on a file without sound: ffmpeg's "matches no streams".
    if let Some(audio) = &plan.options.audio {
        if failed
            .tail
            .iter()
            .any(|line| line.contains("1:a:0' matches no streams"))
        {
            return bail(
                Failure::failed(format!(
                    "the soundtrack {} has no audio stream; nothing was written",
                    shown(audio)
                ))
                .hint("give --audio a file with sound (mp3, wav, m4a, or a video with audio)"),
            );
        }
    }
    let bad = damaged_frame::find(ffmpeg, &frames.paths, frames.format, failed.frames_fed);
    // The search runs ffmpeg a few times; a Ctrl-C meanwhile still means "interrupted".
    if let Some(code) = crate::signals::received() {
        return crate::signals::interrupted(code);
    }
    if let Some(bad) = bad {
        return bail(
            Failure::failed(format!(
                "the frame {} cannot be decoded: it is damaged or truncated; nothing was \
                 written\n  ({})",
                shown(bad),
                failed.describe()
            ))
            .hint("replace or remove that frame, then run again"),
        );
    }
    bail(
        Failure::failed(format!(
            "ffmpeg failed to encode {output}; nothing was written\n  {}",
            failed.describe()
        ))
        .hint("`framekit stitch ... --dry-run` prints the ffmpeg command, to try by hand"),
    )
}
