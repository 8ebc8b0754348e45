//! Which frame ffmpeg could not decode, once a stitch has failed.
//!
//! ffmpeg stops at the first frame it cannot decode (`-xerror`), but framekit knows only how
//! many frames it had pushed into the pipe by then. The pipe and ffmpeg's input buffers hold
//! up to a few hundred kilobytes more: one frame of a photo, thousands of tiny ones. So the
//! suspects are measured in bytes, back from the last frame fed, and searched by halves: one
//! ffmpeg run decodes half of the remaining suspects in order, and the damaged frame is the
//! first one in the half that fails. 20,000 suspects take 16 runs.
//!
//! A frame is blamed only when ffmpeg decodes other frames: a neighbour, or else (every
//! frame alike damaged, as in a folder of copies) a sound frame framekit carries
//! (`control`). What ffmpeg said of the frame alone is put in words (`words`).

mod control;
mod words;

use std::fs;
use std::path::{Path, PathBuf};

use crate::ffmpeg::args::Args;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::supervisor::{self, FfmpegCommand};
use crate::header::FrameFormat;
use crate::signals;

/// How far back from the last frame fed the damaged one is looked for: many times what the
/// pipe (64 KiB) and ffmpeg's input buffers can hold...
const SUSPECT_BYTES: u64 = 16 << 20;
/// ...and at least this many frames back, for large frames: ffmpeg decodes PNG on one thread
/// a core, each holding a whole frame.
const MIN_SUSPECTS: usize = 64;
/// And at most this many frames back.
const MAX_SUSPECTS: usize = 50_000;

/// A frame ffmpeg cannot decode.
#[derive(Debug)]
pub struct Damaged {
    /// Its index among the frames.
    pub index: usize,
    /// What is wrong with it, in words ("its compressed image data is damaged").
    pub what: &'static str,
}

/// The first frame of `paths` that ffmpeg cannot decode, near the `fed`-th; None when the
/// suspects all decode (the failure was not a frame's), when ffmpeg decodes neither a
/// neighbour nor a sound frame (ffmpeg itself is broken: blaming a frame would send the
/// user the wrong way), or when a signal arrived meanwhile.
pub fn find(ffmpeg: &Path, paths: &[PathBuf], format: FrameFormat, fed: usize) -> Option<Damaged> {
    let last = fed.min(paths.len().checked_sub(1)?);
    let size = |path: &PathBuf| fs::metadata(path).map_or(0, |m| m.len());
    let mut first = last;
    let mut bytes = size(&paths[last]);
    while first > 0
        && last - first < MAX_SUSPECTS
        && (bytes < SUSPECT_BYTES || last - first < MIN_SUSPECTS)
    {
        first -= 1;
        bytes += size(&paths[first]);
    }
    if decodes(ffmpeg, &paths[first..=last], format)?.is_ok() {
        return None;
    }
    // The first damaged frame lies in first..=last.
    let (mut low, mut high) = (first, last);
    while low < high {
        let middle = low + (high - low) / 2;
        if decodes(ffmpeg, &paths[low..=middle], format)?.is_ok() {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    let said = match decodes(ffmpeg, &paths[low..=low], format)? {
        Err(said) => said,
        // Fails only among others: ffmpeg's, not this frame's.
        Ok(()) => return None,
    };
    // A neighbour on its own, or a sound frame, must decode, or the fault is ffmpeg's.
    let neighbours = [
        low.checked_add(1).filter(|&n| n < paths.len()),
        low.checked_sub(1),
    ];
    let mut ffmpeg_decodes = false;
    for neighbour in neighbours.into_iter().flatten() {
        if decodes(ffmpeg, &paths[neighbour..=neighbour], format)?.is_ok() {
            ffmpeg_decodes = true;
            break;
        }
    }
    if !ffmpeg_decodes && !control::decodes_a_sound_frame(ffmpeg, format)? {
        return None;
    }
    Some(Damaged {
        index: low,
        what: words::what_is_wrong(&said),
    })
}

/// Whether ffmpeg decodes `frames`, in order, without an error (else its last words);
/// None on an interrupt.
pub(super) fn decodes(
    ffmpeg: &Path,
    frames: &[PathBuf],
    format: FrameFormat,
) -> Option<Result<(), Vec<String>>> {
    let mut args = Args::unattended(false);
    args.push("-xerror");
    // The same decoding rules as the encode: a frame that failed there fails here.
    args.push_all(format.strict_decoding().iter().copied());
    args.push_all(["-f", "image2pipe", "-c:v", format.decoder(), "-i", "pipe:0"]);
    args.push_all(["-f", "null", "-"]);
    let command = FfmpegCommand::new(ffmpeg, args.into_vec()).feed(frames, None);
    match supervisor::run(&[command]) {
        Ok(_) => Some(Ok(())),
        Err(_) if signals::received().is_some() => None,
        Err(error) => Some(Err(error
            .downcast::<FfmpegFailed>()
            .map(|failed| failed.tail)
            .unwrap_or_default())),
    }
}
