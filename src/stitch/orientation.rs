//! ffmpeg 6 and later turn a JPEG upright by its EXIF orientation in the filter graph, and
//! keep that turn for every frame after it that brings none, even when a new frame size has
//! the graph built again: every frame after a turned one is turned the same way (checked
//! with ffmpeg 7.0.2 and 9.0.2, with --fit, --pad, and a later frame of another size; 5.1
//! turns each frame by its own). framekit refuses such a folder on such
//! an ffmpeg rather than write a video with sideways frames.

use std::path::Path;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::locate::{parse_version, version_line};
use crate::stitch::frames::Frames;
use crate::term::shown::shown;

/// The oldest ffmpeg that keeps a turn (6.0 is assumed to, untested; 5.1 does not).
const KEEPS_TURNING: (u32, u32) = (6, 0);

/// Fails when `ffmpeg` would turn frames that are not to be turned. Asks ffmpeg its version
/// only for frames that mix orientations.
pub fn check(ffmpeg: &Path, frames: &Frames) -> Result<()> {
    let Some((turned, upright)) = &frames.turn_then_upright else {
        return Ok(());
    };
    let line = version_line(ffmpeg);
    let version = line.as_deref().and_then(parse_version);
    // A version framekit cannot read (a git build) is taken as a recent one.
    if version.is_some_and(|v| v < KEEPS_TURNING) {
        return Ok(());
    }
    let which = match version {
        Some((major, minor)) => format!("ffmpeg {major}.{minor}"),
        None => "this ffmpeg".to_string(),
    };
    Err(Failure::failed(format!(
        "{} is turned by its EXIF orientation, and {which} would turn the frames after it \
         the same way, {} among them, which are not to be turned",
        shown(turned),
        shown(upright)
    ))
    .nothing_written()
    .hint(
        "turn the photos upright in their pixels first (`exiftran -ai *.jpg`, or ImageMagick's \
         `mogrify -auto-orient *.jpg`), or stitch with ffmpeg 5.1 (--ffmpeg PATH)",
    )
    .into())
}
