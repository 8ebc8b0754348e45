//! ffmpeg 6 and later turn a JPEG upright by its EXIF orientation in the filter graph, and
//! keep that turn for every frame after it that brings none, even when a new frame size has
//! the graph built again: every frame after a turned one is turned the same way (checked
//! with ffmpeg 7.0.2 and 9.0.2, with --fit, --pad, and a later frame of another size; 5.1
//! turns each frame by its own). On such an ffmpeg framekit starts a fresh decoder process
//! at every upright frame after a turned one, and one encoder takes their frames in order
//! (`plan::route`, `ffmpeg::supervisor::relay`); which ffmpeg keeps turns is
//! `Capabilities::keeps_exif_turns`; where the frames cannot be decoded apart (frames
//! with their own times, --lossless, a filter or `-s` after `--`), it refuses rather than write a
//! video with sideways frames.

use crate::error::Failure;
use crate::stitch::frames::Frames;
use crate::term::shown::shown;

/// The refusal, for frames `which` ffmpeg would turn wrongly and that cannot be decoded
/// apart.
pub fn refusal(frames: &Frames, which: &str) -> Failure {
    let (turned, upright) = frames.turn_then_upright().unwrap_or_default();
    Failure::failed(format!(
        "{} is turned by its EXIF orientation, and {which} would turn the frames after it \
         the same way, {} among them, which are not to be turned",
        shown(&frames.paths[turned]),
        shown(&frames.paths[upright])
    ))
    .nothing_written()
    .hint(
        "turn the photos upright in their pixels first (`exiftran -ai *.jpg`, or ImageMagick's \
         `mogrify -auto-orient *.jpg`), or stitch with ffmpeg 5.1 (--ffmpeg PATH), or leave \
         out what keeps every frame in one ffmpeg process: --durations, --timestamps, \
         --hold-last, --lossless, a filter or -s after --",
    )
}

/// What the dry run says when frames would be decoded apart for `which` ffmpeg.
pub fn dry_run_warning(frames: &Frames, which: &str) -> String {
    let (turned, upright) = frames.turn_then_upright().unwrap_or_default();
    format!(
        "{} is turned by its EXIF orientation, and {which} would turn the frames after it \
         the same way, {} among them: framekit decodes them in separate ffmpeg processes, \
         and the one command printed would turn them",
        shown(&frames.paths[turned]),
        shown(&frames.paths[upright])
    )
}
