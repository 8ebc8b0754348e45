//! Each panel's title: its folder's name, drawn by framekit itself (`crate::text`, the
//! font it carries: no font or `drawtext` needed from the machine or the ffmpeg build),
//! written as a PNG that the composing ffmpeg overlays on a band above the panel.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;
use crate::term::shown::shown;

/// The title band's height for a cell `cell_height` tall: legible on small frames,
/// modest on large ones, even (so the composed frame's height stays as even as the cell's).
pub fn band_height(cell_height: u32) -> u32 {
    let height = (cell_height as f64 * 0.08).round() as u32;
    height.clamp(12, 64) / 2 * 2
}

/// Each folder's title: its own name (`.` by its real one); the path as given when two
/// folders share a name (`run1/pred`, `run2/pred`).
pub fn names(folders: &[&Path]) -> Vec<String> {
    let own: Vec<String> = folders.iter().map(|folder| own_name(folder)).collect();
    let unique = own.iter().collect::<HashSet<_>>().len() == own.len();
    match unique {
        true => own,
        false => folders
            .iter()
            .map(|f| {
                f.to_string_lossy()
                    .trim_end_matches(['/', '\\'])
                    .to_string()
            })
            .collect(),
    }
}

fn own_name(folder: &Path) -> String {
    let named = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned());
    named(folder)
        .or_else(|| folder.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| folder.to_string_lossy().into_owned())
}

/// Where title k's PNG goes: `title_1.png`, ...
pub fn paths(folder: &Path, panels: usize) -> Vec<PathBuf> {
    (1..=panels)
        .map(|k| folder.join(format!("title_{k}.png")))
        .collect()
}

/// Draws each title, at most `width` wide and `height` tall, into its file.
pub fn write(names: &[String], files: &[PathBuf], width: u32, height: u32) -> Result<()> {
    for (name, file) in names.iter().zip(files) {
        let png = crate::text::render_within(name, height, width).to_png()?;
        std::fs::write(file, png).map_err(|e| {
            Failure::failed(format!("cannot write the panel title {}: {e}", shown(file)))
                .nothing_written()
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_folder_names_or_paths_when_names_repeat() {
        let apart = names(&[Path::new("runs/truth"), Path::new("pred/")]);
        assert_eq!(apart, ["truth", "pred"]);
        let alike = names(&[Path::new("run1/pred"), Path::new("run2/pred/")]);
        assert_eq!(alike, ["run1/pred", "run2/pred"]);
        assert!(!names(&[Path::new(".")])[0].is_empty());
    }

    #[test]
    fn the_band_follows_the_cell_and_stays_even() {
        assert_eq!(band_height(32), 12);
        assert_eq!(band_height(480), 38);
        assert_eq!(band_height(4000), 64);
    }
}
