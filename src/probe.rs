//! Asking ffprobe about a video: its frame count, size, duration and frame rate.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::ffmpeg::path_arg;
use crate::shown::shown;

/// Counts the video packets (one per frame) of the first video stream, without decoding.
pub fn count_video_frames(ffprobe: &Path, video: &Path) -> Result<u64> {
    let text = ffprobe_output(
        ffprobe,
        &[
            "-select_streams",
            "v:0",
            "-count_packets",
            "-show_entries",
            "stream=nb_read_packets",
            "-of",
            "csv=p=0",
        ],
        video,
    )?;
    parse_count(&text).with_context(|| {
        format!(
            "ffprobe could not count the frames of {}: it said {:?}",
            shown(video),
            text.trim()
        )
    })
}

/// The first number in ffprobe's csv answer.
pub fn parse_count(text: &str) -> Option<u64> {
    text.split(|c: char| c == '\n' || c == ',')
        .map(str::trim)
        .find(|field| !field.is_empty())?
        .parse()
        .ok()
}

/// Runs ffprobe quietly on one file and returns its stdout.
pub fn ffprobe_output(ffprobe: &Path, args: &[&str], video: &Path) -> Result<String> {
    let output = Command::new(ffprobe)
        .args(["-v", "error"])
        .args(args)
        .arg(path_arg(video))
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run ffprobe ({})", shown(ffprobe)))?;
    if !output.status.success() {
        anyhow::bail!(
            "ffprobe could not read {}: {}",
            shown(video),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_from_csv() {
        assert_eq!(parse_count("120\n"), Some(120));
        assert_eq!(parse_count("\n 7,\n"), Some(7));
        assert_eq!(parse_count("N/A\n"), None);
        assert_eq!(parse_count(""), None);
    }
}
