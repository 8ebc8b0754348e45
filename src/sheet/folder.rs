//! `framekit sheet DIR`: the folder's frames listed, ordered and validated exactly as
//! stitch does (`stitch::frames::collect`), the tiles' frames spread over them
//! (`layout::spread`), and ffmpeg fitting each into the tile's box as a PNG in the scratch
//! folder, one input and one output per frame, a batch of frames per ffmpeg.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::grid_size::GridSize;
use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::supervisor::{self, FfmpegCommand};
use crate::sheet::layout;
use crate::stitch::frames::{self, order::SortOrder, Frames, Sizes};
use crate::stitch::options::FrameSelection;
use crate::term::progress_report::ProgressReport;
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
    grid: GridSize,
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
    let frames = frames::collect(&selection, None, Sizes::Fitted)?;
    let total = frames.paths.len();
    if total < grid.cells() as usize {
        crate::sheet::few_frames_warning(dir, total as u64, grid);
    }
    let shown = layout::spread(total, grid.cells() as usize);
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
    // A damaged frame is an error, not a tile of whatever decoded (ffmpeg exits 0 on a
    // truncated PNG otherwise).
    args.push("-xerror");
    for input in inputs {
        // ffmpeg's image2 reader takes a '%' in a name for a numbered pattern (frame%03d.png
        // would read frame001.png): such a name is read as it is. Only there: image2 forced
        // on other names would lose the content probing that reads odd extensions.
        if input.as_os_str().to_string_lossy().contains('%') {
            args.push_all(["-f", "image2", "-pattern_type", "none"]);
        }
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

/// The box every picked frame is fitted into, and where the fitted tiles go.
pub struct Fitting<'a> {
    pub picked: &'a Picked,
    pub scratch: &'a Path,
    pub box_width: u32,
    pub box_height: u32,
}

impl Fitting<'_> {
    /// The frame shown in tile `k`.
    fn source(&self, k: usize) -> &Path {
        &self.picked.frames.paths[self.picked.shown[k]]
    }

    /// The arguments that fit the tiles `tiles` in one ffmpeg.
    fn args(&self, tiles: std::ops::Range<usize>) -> Vec<OsString> {
        let inputs: Vec<&Path> = tiles.clone().map(|k| self.source(k)).collect();
        let outputs: Vec<PathBuf> = tiles.map(|k| tile_path(self.scratch, k)).collect();
        fit_args(&inputs, &outputs, self.box_width, self.box_height)
    }

    /// The tiles a batch at a time: `BATCH` frames each.
    fn batches(&self) -> Vec<std::ops::Range<usize>> {
        let count = self.picked.shown.len();
        (0..count)
            .step_by(BATCH)
            .map(|first| first..(first + BATCH).min(count))
            .collect()
    }

    /// The fitting commands, for the dry run.
    pub fn commands(&self) -> Vec<Vec<OsString>> {
        self.batches().into_iter().map(|b| self.args(b)).collect()
    }

    /// Runs the fitting ffmpegs one after another, then checks every tile was written. When
    /// a batch fails, its frames are fitted one by one to name the frame to blame.
    /// `show_progress`: the bar (or `--progress-json`'s lines) counts the tiles fitted.
    pub fn run(&self, ffmpeg: &Path, show_progress: bool) -> Result<Vec<PathBuf>> {
        let total = self.picked.shown.len() as u64;
        let progress = ProgressReport::new(Some(total), show_progress);
        for batch in self.batches() {
            let Err(error) =
                supervisor::run(&[FfmpegCommand::new(ffmpeg, self.args(batch.clone()))])
            else {
                progress.inc(batch.len() as u64);
                continue;
            };
            progress.finish_and_clear();
            crate::signals::check()?;
            for k in batch {
                if let Err(alone) =
                    supervisor::run(&[FfmpegCommand::new(ffmpeg, self.args(k..k + 1))])
                {
                    return Err(explain(alone, format!("read {}", shown(self.source(k)))));
                }
            }
            let dir = self
                .source(0)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            return Err(explain(
                error,
                format!("fit the frames of {} into tiles", shown(&dir)),
            ));
        }
        progress.finish_and_clear();
        let paths: Vec<PathBuf> = (0..self.picked.shown.len())
            .map(|k| tile_path(self.scratch, k))
            .collect();
        if let Some(k) = paths.iter().position(|p| !p.is_file()) {
            return Err(Failure::failed(format!(
                "ffmpeg wrote no picture for {}",
                shown(self.source(k))
            ))
            .nothing_written()
            .hint("check that the file opens in an image viewer; replace or remove it")
            .into());
        }
        Ok(paths)
    }
}

/// A failed fitting ffmpeg, explained: what it was doing, ffmpeg's last words.
fn explain(error: anyhow::Error, doing: String) -> anyhow::Error {
    let attempt = crate::pipeline::Attempt {
        command: "sheet",
        doing,
        writing: "the sheet's tiles".into(),
        output_kind: "the sheet",
    };
    crate::pipeline::explain_failure(error, &attempt, |_| None)
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
