//! The composing ffmpeg: one input a folder (its ffconcat list), the layout's filter graph,
//! each composed frame written as a PNG into the hidden folder beside the output, which
//! the encode then takes as a folder of frames (so every option applies to the result).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::supervisor::{self, FfmpegCommand, Progress};
use crate::term::shown::shown;

/// The composed frames' file names inside the folder: `000000001.png`, ...
const PATTERN: &str = "%09d.png";

/// The composed frame `number` (from 1) inside `folder`.
pub fn frame_path(folder: &Path, number: usize) -> PathBuf {
    folder.join(format!("{number:09}.png"))
}

/// The ffmpeg arguments: the first `lists` inputs as concat lists (`-safe 0`: absolute
/// paths), the rest (titles) as images; the graph; every frame kept as it comes
/// (`fps_mode` passthrough); PNGs into `folder`.
pub fn args(
    inputs: &[PathBuf],
    lists: usize,
    graph: &str,
    fps_mode: &str,
    folder: &Path,
    report_progress: bool,
) -> Vec<OsString> {
    let mut args = Args::unattended(report_progress);
    args.push("-xerror");
    for (k, input) in inputs.iter().enumerate() {
        if k < lists {
            args.push_all(["-f", "concat", "-safe", "0"]);
        }
        args.push("-i");
        args.push(path_arg(input));
    }
    args.push_all(["-filter_complex", graph, "-map", "[grid]"]);
    args.push_all([fps_mode, "passthrough", "-c:v", "png", "-f", "image2"]);
    args.push_all(["-start_number", "1", "-y"]);
    // The image muxer reads `%` in the whole path as a pattern: the folder's own doubled.
    let mut pattern = OsString::from(folder.as_os_str().to_string_lossy().replace('%', "%%"));
    pattern.push(std::path::MAIN_SEPARATOR_STR);
    pattern.push(PATTERN);
    args.push(path_arg(Path::new(&pattern)));
    args.into_vec()
}

/// Runs the composing ffmpeg, then checks that it wrote `count` frames: their paths.
pub fn run(
    ffmpeg: &Path,
    args: Vec<OsString>,
    folder: &Path,
    count: usize,
    shown_bar: bool,
) -> Result<Vec<PathBuf>> {
    let progress = Progress {
        total_frames: Some(count as u64),
        output_rate: None,
        shown: shown_bar,
    };
    let command = FfmpegCommand::new(ffmpeg, args).progress(progress);
    supervisor::run(&[command]).context("ffmpeg could not compose the folders side by side")?;
    let paths: Vec<PathBuf> = (1..=count).map(|n| frame_path(folder, n)).collect();
    let written = paths.iter().take_while(|p| p.is_file()).count();
    if written != count || frame_path(folder, count + 1).exists() {
        return Err(Failure::failed(format!(
            "ffmpeg composed {written} frames side by side in {}, not the {count} planned",
            shown(folder)
        ))
        .nothing_written()
        .hint("a frame may be damaged: stitch each folder on its own to find it")
        .into());
    }
    Ok(paths)
}
