//! A wrong frame count, explained: the frame ffmpeg's image stream got wrong, found by
//! decoding the frames again, or that every frame decodes to one picture and so the encoder
//! (or the options after `--`) changed the count.
//!
//! ffmpeg cuts the frames' stream into pictures with its image parser; fed one file a packet
//! (Matroska) it cannot, and each file is one picture. The two lists of checksums differ
//! first at the file the parser cut in two, merged with the next, or dropped.

use std::path::Path;

use crate::error::Failure;
use crate::stitch::plan::output_args::InputFraming;
use crate::stitch::plan::StitchPlan;
use crate::stitch::verify::blame::{self, Fault, Suspect};
use crate::stitch::verify::decode_again::pictures;

/// What decoding again told.
enum Verdict {
    /// A frame gave no picture, two, or another than its own.
    Frame(Suspect),
    /// Every frame decodes to its one picture, in the stream too.
    NoFrame,
    /// Nothing certain: a decode failed, or even one file a packet did not give one picture
    /// each (an ffmpeg that loses frames whatever it is fed).
    Unknown,
}

/// The failure for a video of `count` frames where the plan has another number.
pub fn failure(ffmpeg: &Path, plan: &StitchPlan<'_>, count: u64) -> anyhow::Error {
    let verdict = match find(ffmpeg, plan) {
        Ok(verdict) => verdict,
        Err(interrupted) => return interrupted,
    };
    let expected = plan.frame_count();
    let counts = format!("the encoded video has {count} frame(s), but {expected} were given");
    let failure = match verdict {
        Verdict::Frame(suspect) => blamed(plan, &counts, suspect),
        Verdict::NoFrame => {
            let cause = match extra_options(plan) {
                Some(options) => format!(
                    "the ffmpeg options after -- ({options}), or ffmpeg's encoder, changed \
                     the number of frames"
                ),
                None => "ffmpeg's encoder lost or duplicated frames".to_string(),
            };
            Failure::failed(format!(
                "{counts}; every frame decodes to exactly one picture, so {cause}, and the \
                 result was discarded"
            ))
            .hint(options_hint(plan).unwrap_or_else(|| {
                "no frame is to blame: try another ffmpeg (--ffmpeg PATH) or another encoder \
                 (--codec NAME)"
                    .to_string()
            }))
        }
        Verdict::Unknown => Failure::failed(format!(
            "{counts}; ffmpeg lost or duplicated frames, so the result was discarded"
        ))
        .hint(
            options_hint(plan)
                .unwrap_or_else(|| "check that every frame opens in an image viewer".to_string()),
        ),
    };
    failure.nothing_written().into()
}

/// Decodes the frames one file a packet, then (unless the encode was fed them so) as one
/// stream, and compares the two: at most two decodes, on this failure path only.
fn find(ffmpeg: &Path, plan: &StitchPlan<'_>) -> anyhow::Result<Verdict> {
    let Some(files) = pictures(ffmpeg, plan, InputFraming::Packets)? else {
        return Ok(Verdict::Unknown);
    };
    if files.len() != plan.frames.paths.len() {
        return Ok(Verdict::Unknown);
    }
    if plan.timeline.is_some() {
        // The encode was fed one file a packet too: the same pictures, one a frame.
        return Ok(Verdict::NoFrame);
    }
    let Some(stream) = pictures(ffmpeg, plan, InputFraming::Stream)? else {
        return Ok(Verdict::Unknown);
    };
    Ok(match blame::blame(&stream, &files) {
        Some(suspect) => Verdict::Frame(suspect),
        None => Verdict::NoFrame,
    })
}

/// The message that names the frame, its place, and what the stream did to it.
fn blamed(plan: &StitchPlan<'_>, counts: &str, suspect: Suspect) -> Failure {
    let frames = plan.frames;
    let Suspect {
        index,
        fault,
        alike_before,
    } = suspect;
    let (became, parser_did) = match fault {
        Fault::Missing => (
            "gave no picture of its own",
            "dropped it, or read it as part of the frame before it",
        ),
        Fault::Extra => ("became two pictures", "cut it in two, or gave it twice"),
        Fault::Changed => (
            "became another picture than it holds",
            "cut it at another place than its end",
        ),
    };
    let mut details = vec![format!(
        "decoded on its own, it is one picture; fed to ffmpeg after the frames before it, \
         ffmpeg's image parser {parser_did}"
    )];
    // Pictures alike cannot tell which of them the stream got wrong: said, not guessed.
    match alike_before {
        0 => {}
        1 => details.push(format!(
            "the frame before it, {}, decodes to the very same picture: ffmpeg may have got \
             that one wrong instead",
            frames.named(index - 1)
        )),
        alike => details.push(format!(
            "the {alike} frames before it, from {}, decode to the very same picture: ffmpeg \
             may have got any of those wrong instead",
            frames.named(index - alike)
        )),
    }
    Failure::failed(format!(
        "{counts}: frame {} of {}, {}, {became} in ffmpeg's stream of frames, so the result \
         was discarded",
        index + 1,
        frames.paths.len(),
        frames.named(index),
    ))
    .details(details)
    .hint(format!(
        "save that frame again as a plain {} (or remove it), then run again",
        frames.format.name()
    ))
}

/// The options after `--`, as typed, if any.
fn extra_options(plan: &StitchPlan<'_>) -> Option<String> {
    let extra = &plan.options.extra;
    let options: Vec<_> = extra.iter().map(|o| o.to_string_lossy()).collect();
    (!options.is_empty()).then(|| options.join(" "))
}

/// Options after `--` change the count on purpose (-r, -t, -frames:v, a filter): what to
/// use instead.
fn options_hint(plan: &StitchPlan<'_>) -> Option<String> {
    extra_options(plan).map(|options| {
        format!(
            "the ffmpeg options after -- ({options}) change the number of frames; framekit \
             encodes every frame exactly once: use --fps for the rate, or choose the frames \
             with --glob"
        )
    })
}
