//! A failed encode, explained: a soundtrack without sound, a damaged frame (found by
//! decoding the suspects again), or else what ffmpeg said.

use std::path::Path;

use crate::error::Failure;
use crate::ffmpeg::args::path_arg;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::pipeline::{self, Attempt};
use crate::signals;
use crate::stitch::damaged_frame;
use crate::stitch::plan::StitchPlan;
use crate::term::shown::shown;

/// Turns an ffmpeg failure into a message that says what went wrong and what to do.
pub fn failure(error: anyhow::Error, ffmpeg: &Path, plan: &StitchPlan<'_>) -> anyhow::Error {
    let output = shown(&plan.options.output);
    let attempt = Attempt {
        command: "stitch",
        doing: format!("encode {output}"),
        writing: output,
        output_kind: "the video",
    };
    pipeline::explain_failure(error, &attempt, |failed| {
        soundless_soundtrack(failed, plan).or_else(|| damaged_frame(failed, ffmpeg, plan))
    })
}

/// A soundtrack ffmpeg cannot open (`notes.txt: Invalid data found ...`, its path first), or
/// one without sound: `-map 1:a:0`'s "matches no streams".
fn soundless_soundtrack(failed: &FfmpegFailed, plan: &StitchPlan<'_>) -> Option<anyhow::Error> {
    let audio = plan.options.audio.as_ref()?;
    let mut opening = path_arg(audio);
    opening.push(": ");
    let opening = opening.to_string_lossy().into_owned();
    // ffmpeg 5.1 says `notes.txt: Invalid data found when processing input`; 7.x and 9.x say
    // `Error opening input file notes.txt.`, the reason on a line of its own before it
    // (`[in#1 @ 0x...] Error opening input: Invalid data found when processing input`).
    let named = format!(
        "Error opening input file {}.",
        &opening[..opening.len() - 2]
    );
    let said = failed
        .tail
        .iter()
        .find_map(|line| line.strip_prefix(&opening).map(str::to_string))
        .or_else(|| {
            failed
                .tail
                .iter()
                .any(|line| line.trim() == named)
                .then(|| {
                    failed
                        .tail
                        .iter()
                        .find_map(|line| {
                            line.split_once("Error opening input: ").map(|(_, why)| why)
                        })
                        .unwrap_or("ffmpeg cannot open it")
                        .trim()
                        .to_string()
                })
        });
    if let Some(said) = said {
        return Some(
            Failure::failed(format!(
                "the soundtrack {} is not a sound or video file that ffmpeg can read ({said})",
                shown(audio)
            ))
            .nothing_written()
            .hint("give --audio a file with sound (mp3, wav, m4a, or a video with audio)")
            .into(),
        );
    }
    // ffmpeg 5.1 says "1:a:0' matches no streams", 9.x "Stream map '' matches no streams": the
    // frames' map always matches, so either means the soundtrack.
    if !failed.says("matches no streams") {
        return None;
    }
    Some(
        Failure::failed(format!(
            "the soundtrack {} has no audio stream",
            shown(audio)
        ))
        .nothing_written()
        .hint("give --audio a file with sound (mp3, wav, m4a, or a video with audio)")
        .into(),
    )
}

/// The frame ffmpeg could not decode, when one is to blame.
fn damaged_frame(
    failed: &FfmpegFailed,
    ffmpeg: &Path,
    plan: &StitchPlan<'_>,
) -> Option<anyhow::Error> {
    let frames = plan.frames;
    let damaged = damaged_frame::find(ffmpeg, &frames.paths, frames.format, failed.frames_fed);
    // The search runs ffmpeg a few times; a Ctrl-C meanwhile still means "interrupted".
    if let Some(code) = signals::received() {
        return Some(signals::interrupted(code));
    }
    Some(
        Failure::failed(format!(
            "the frame {} cannot be decoded: {}",
            frames.named(damaged.as_ref()?.index),
            damaged.as_ref()?.what
        ))
        .nothing_written()
        .details(failed.details())
        .hint("replace or remove that frame, then run again")
        .into(),
    )
}
