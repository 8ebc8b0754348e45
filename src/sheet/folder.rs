//! `framekit sheet DIR`: the folder's frames listed, ordered and validated exactly as
//! stitch does (`stitch::frames::collect`), the tiles' frames spread over them
//! (`layout::spread`), and ffmpeg fitting each into the tile's box as a PNG in the scratch
//! folder, one input and one output per frame, a batch of frames per ffmpeg.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::supervisor::{self, FfmpegCommand};
use crate::sheet::layout;
use crate::stitch::frames::{self, order::SortOrder, Frames};
use crate::stitch::options::FrameSelection;
use crate::term::shown::shown;

/// The most frames one fitting ffmpeg opens at once.
const BATCH: usize = 32;

/// The folder's frames and those the sheet shows.
pub struct Picked {
    pub frames: Frames,
    /// Indices into `frames.paths`, in order.
    pub shown: Vec<usize>,
}

/// Lists and validates DIR's frames as stitch does, and picks `tiles` of them.
pub fn pick(
    dir: &Path,
    glob: Option<String>,
    sort: Option<SortOrder>,
    tiles: usize,
) -> Result<Picked> {
    let selection = FrameSelection {
        dir: dir.to_path_buf(),
        stray: Vec::new(),
        glob,
        sort,
        recursive: false,
        null_separated: false,
        stream: None,
    };
    let frames = frames::collect(&selection, None, true, None)?;
    let total = frames.paths.len();
    if total < tiles {
        crate::term::stderr::warn(&format!(
            "{} has {total} frame(s) for the {tiles} tiles of the sheet: all are shown, the \
             other tiles are left empty",
            shown(dir)
        ));
    }
    let shown = layout::spread(total, tiles);
    Ok(Picked { frames, shown })
}

/// A frame's caption: its name inside DIR.
pub fn caption(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The fitted tile `index` (from 0) inside the scratch folder.
pub fn tile_path(scratch: &Path, index: usize) -> PathBuf {
    scratch.join(format!("tile_{:05}.png", index + 1))
}

/// One ffmpeg's arguments: each of `inputs` read as an image, scaled to fit `box_width` x
/// `box_height` keeping its shape, and written as the PNG of the same place in `outputs`.
pub fn fit_args(
    inputs: &[&Path],
    outputs: &[PathBuf],
    box_width: u32,
    box_height: u32,
) -> Vec<OsString> {
    let mut args = Args::unattended(false);
    for input in inputs {
        args.push("-i");
        args.push(path_arg(input));
    }
    args.push("-y");
    let fit = format!("scale={box_width}:{box_height}:force_original_aspect_ratio=decrease");
    for (k, output) in outputs.iter().enumerate() {
        args.push_all(["-map", &format!("{k}:v:0"), "-vf", &fit, "-frames:v", "1"]);
        args.push_all(["-c:v", "png", "-f", "image2", "-update", "1"]);
        args.push(path_arg(output));
    }
    args.into_vec()
}

/// The fitting commands for the picked frames, a batch each: (arguments, the batch's
/// first tile index).
pub fn batches(
    picked: &Picked,
    scratch: &Path,
    box_width: u32,
    box_height: u32,
) -> Vec<Vec<OsString>> {
    let indices: Vec<usize> = (0..picked.shown.len()).collect();
    indices
        .chunks(BATCH)
        .map(|batch| {
            let inputs: Vec<&Path> = batch
                .iter()
                .map(|&k| picked.frames.paths[picked.shown[k]].as_path())
                .collect();
            let outputs: Vec<PathBuf> = batch.iter().map(|&k| tile_path(scratch, k)).collect();
            fit_args(&inputs, &outputs, box_width, box_height)
        })
        .collect()
}

/// Runs the fitting ffmpegs one after another, then checks every tile was written.
pub fn fit(
    ffmpeg: &Path,
    commands: Vec<Vec<OsString>>,
    picked: &Picked,
    scratch: &Path,
) -> Result<Vec<PathBuf>> {
    for args in commands {
        let command = FfmpegCommand::new(ffmpeg, args);
        supervisor::run(&[command]).map_err(|error| {
            let attempt = crate::pipeline::Attempt {
                command: "sheet",
                doing: format!(
                    "read the frames of {}",
                    shown(
                        &picked.frames.paths[0]
                            .parent()
                            .map(Path::to_path_buf)
                            .unwrap_or_default()
                    )
                ),
                writing: "the sheet's tiles".into(),
                output_kind: "the sheet",
            };
            crate::pipeline::explain_failure(error, &attempt, |_| None)
        })?;
    }
    let paths: Vec<PathBuf> = (0..picked.shown.len())
        .map(|k| tile_path(scratch, k))
        .collect();
    if let Some(k) = paths.iter().position(|p| !p.is_file()) {
        return Err(Failure::failed(format!(
            "ffmpeg wrote no picture for {}",
            shown(&picked.frames.paths[picked.shown[k]])
        ))
        .nothing_written()
        .hint("check that the file opens in an image viewer; replace or remove it")
        .into());
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_input_maps_to_its_own_fitted_png() {
        let inputs = [Path::new("-a.png"), Path::new("b.jpg")];
        let outputs = [PathBuf::from("t1.png"), PathBuf::from("t2.png")];
        let args = fit_args(&inputs, &outputs, 100, 60);
        let text: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(text.windows(2).any(|w| w == ["-i", "file:-a.png"]));
        assert!(text.windows(2).any(|w| w == ["-map", "1:v:0"]));
        let t2 = text.iter().position(|a| a == "t2.png").unwrap();
        let map1 = text.iter().position(|a| a == "1:v:0").unwrap();
        assert!(map1 < t2 && text.iter().position(|a| a == "t1.png").unwrap() < map1);
        assert!(text.contains(&"scale=100:60:force_original_aspect_ratio=decrease".to_string()));
    }
}
