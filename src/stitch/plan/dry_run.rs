//! What `--dry-run` prints for a plan: the command, and what framekit does that the
//! command alone does not (said on stderr).

use crate::ffmpeg::locate::Source;
use crate::stitch::orientation;
use crate::stitch::plan::gif::{self, GifArgs};
use crate::stitch::plan::output_args;
use crate::stitch::plan::parallel::{self, ParallelDecoding, Turns};
use crate::stitch::plan::{Destination, Route, StitchPlan, Transparency};
use crate::term::shell;
use crate::term::shown::shown;

/// The `--dry-run` line: `cat -- FRAMES | ffmpeg ...`, what framekit would run. On
/// Windows, for cmd.exe: `ffmpeg ... -i "concat:file:A|file:B" ...`, the same bytes read
/// by ffmpeg itself (see `shell::ffmpeg_concat`). With times of their own, the frames
/// reach ffmpeg as a Matroska stream that only framekit writes: the line is then
/// ffmpeg's side alone.
pub fn line(plan: &StitchPlan<'_>, source: &Source, force: bool) -> Vec<u8> {
    if let (false, Some(line)) = (cfg!(windows), turning_decoders_line(plan, source, force)) {
        return line;
    }
    let args = output_args::one_process_args(
        plan,
        Destination {
            path: &plan.options.output,
            overwrite: force,
            report_progress: false,
        },
    );
    let program = source.program_for_display();
    let gif = plan.encoding.is_gif().then(|| {
        GifArgs::new(
            plan,
            Destination {
                path: &plan.options.output,
                overwrite: force,
                report_progress: false,
            },
            false,
        )
    });
    let (mut first, second) = match gif {
        Some(gif) => (gif.decoder, Some(gif.encoder)),
        None => (args, None),
    };
    let mut line = Vec::new();
    // Frames straight from standard input: framekit feeds ffmpeg, no command could.
    if plan.timeline.is_none() && plan.frames.stream.is_none() {
        if cfg!(windows) {
            if let Some(input) = first.iter().position(|arg| arg == "pipe:0") {
                first[input] = shell::ffmpeg_concat(&plan.frames.paths);
            }
        } else {
            line = shell::concatenate(&plan.frames.paths);
            line.extend_from_slice(b" | ");
        }
    }
    line.extend(shell::command_line(&program, &first));
    if let Some(encoder) = second {
        line.extend_from_slice(b" | ");
        line.extend(shell::command_line(&program, &encoder));
    }
    line
}

/// For an ffmpeg that turns no photo (4.x), where framekit turns them in decoders of its
/// own: `{ cat -- RUN1 | ffmpeg DECODE1; cat -- RUN2 | ffmpeg DECODE2; } | ffmpeg ENCODE`,
/// a decoder for each run of photos turned alike, as framekit runs them (it only runs
/// them side by side, in smaller batches). None for every other plan.
fn turning_decoders_line(plan: &StitchPlan<'_>, source: &Source, force: bool) -> Option<Vec<u8>> {
    let Route::Decoders(ParallelDecoding {
        turns: Some(Turns::Ignored(_)),
        ..
    }) = &plan.route
    else {
        return None;
    };
    let program = source.program_for_display();
    let frames = plan.frames;
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(frames.orientation_changes())
        .collect();
    starts.push(frames.paths.len());
    let mut line = b"{ ".to_vec();
    for run in starts.windows(2) {
        line.extend(shell::concatenate(&frames.paths[run[0]..run[1]]));
        line.extend_from_slice(b" | ");
        line.extend(shell::command_line(
            &program,
            &parallel::decoder_args(plan, run[0]),
        ));
        line.extend_from_slice(b"; ");
    }
    line.extend_from_slice(b"} | ");
    let destination = Destination {
        path: &plan.options.output,
        overwrite: force,
        report_progress: false,
    };
    let encoder = match plan.encoding.is_gif() {
        true => gif::raw_encoder_args(plan, destination),
        false => output_args::raw_encoder_args(plan, destination),
    };
    line.extend(shell::command_line(&program, &encoder));
    Some(line)
}

/// What the dry run says beside the command: each way the real run differs from it.
pub fn notes(plan: &StitchPlan<'_>) -> Vec<String> {
    let mut notes = Vec::new();
    if plan.timeline.is_some() {
        notes.push(
            "with times of their own, framekit feeds the frames to ffmpeg as a Matroska \
             stream it writes itself: the command printed is ffmpeg's side of it"
                .to_string(),
        );
    }
    if let Route::Decoders(decoding) = &plan.route {
        notes.push(match &decoding.turns {
            Some(Turns::Stick(which)) => orientation::dry_run_warning(plan.frames, which),
            Some(Turns::Ignored(which)) => {
                orientation::old_ffmpeg_dry_run_warning(plan.frames, which)
            }
            None => format!(
                "{} ffmpeg processes decode the frames, a batch each, and one more encodes \
                 them: the command printed does it all in one, and makes the same video",
                decoding.workers
            ),
        });
    }
    if plan.route == Route::GifEncoder {
        notes.push(
            "framekit makes this GIF with its own encoder (a palette of each frame's own, \
             frames cut to what changed): the command printed makes the same frames with \
             ffmpeg's palettegen and paletteuse, in a larger file"
                .to_string(),
        );
    }
    if let Some(profile) = plan.applied_profile() {
        notes.push(format!(
            "{} carries the {} colour profile: framekit writes the colour table that \
             converts the frames to sRGB ({}) when it runs, and removes it after; the \
             command printed reads it from there",
            plan.frames.shown(profile.first),
            profile.name,
            shown(&profile.lut_path)
        ));
    }
    if let Some(label) = &plan.options.label {
        notes.push(format!(
            "--label: framekit draws the {} labels itself (its own font, no drawtext) and \
             writes them as a Matroska track of PNGs in {} when it runs, and removes it \
             after; the command printed overlays them from there (movie=)",
            plan.frame_count(),
            shown(&label.folder)
        ));
    }
    if plan.options.max_size.is_some() {
        notes.push(
            "--max-size: framekit encodes, measures the file, and encodes again with a \
             bitrate or smaller settings until it fits: the command printed is the first \
             try, without a limit"
                .to_string(),
        );
    }
    if plan.encoding.is_gif() && plan.transparency() == Transparency::Kept {
        notes.push(
            "framekit sets the disposal of each frame of a GIF with transparency after \
             ffmpeg wrote it: the command printed leaves that out, and its GIF can show \
             holes in browsers"
                .to_string(),
        );
    }
    notes
}

/// The dry run's warning for a line too long for cmd.exe, if it is.
pub fn line_too_long(line: &[u8]) -> Option<String> {
    (cfg!(windows) && line.len() > shell::CMD_MAX_LINE).then(|| {
        format!(
            "the command is {} characters long, and cmd.exe runs lines of at most {}: \
             run it from a program, or stitch fewer frames at a time",
            line.len(),
            shell::CMD_MAX_LINE
        )
    })
}
