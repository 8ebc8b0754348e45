//! `--fps-from VIDEO`: the frame rate of the video the frames came from, so that a split
//! and a stitch back keep it (29.97 stays 30000/1001, not 25).

use std::path::Path;

use anyhow::Result;

use crate::cli::frame_rate::FrameRate;
use crate::error::Failure;
use crate::ffmpeg::locate::ffprobe_for;
use crate::ffmpeg::probe;
use crate::term::shown::shown;

/// The video's frame rate, as ffprobe reads it (its stream's r_frame_rate).
pub fn rate_of(video: &Path, ffmpeg: Option<&Path>) -> Result<FrameRate> {
    let ffprobe = ffmpeg
        .and_then(ffprobe_for)
        .or_else(|| which::which("ffprobe").ok())
        .ok_or_else(|| {
            Failure::failed("--fps-from needs ffprobe, and none was found beside ffmpeg or on PATH")
                .hint("install ffprobe (it comes with ffmpeg), or give the rate with --fps")
        })?;
    let rate = probe::frame_rate(&ffprobe, video)?;
    rate.and_then(|text| text.parse().ok()).ok_or_else(|| {
        Failure::failed(format!("cannot tell the frame rate of {}", shown(video)))
            .hint("give the rate with --fps")
            .into()
    })
}
