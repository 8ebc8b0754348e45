//! The folders of a grid, each one's frames listed and validated as a lone folder's are,
//! and their frame lists made the same length (`--uneven`), or refused naming each count.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use crate::error::Failure;
use crate::stitch::frames::{self, Frames};
use crate::stitch::options::FrameSelection;
use crate::term::shown::shown;

/// What `--uneven` does with folders of different frame counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Uneven {
    /// Shorter folders hold their last frame until the longest ends.
    Hold,
    /// The video ends with the shortest folder.
    Shortest,
}

/// One folder of the grid: its frames, in order, all valid.
#[derive(Debug)]
pub struct Panel {
    pub folder: PathBuf,
    pub frames: Frames,
}

/// Each folder's frames, chosen as for a lone folder (`--glob`, `--sort`, `--recursive`
/// apply to each). Photos turned by EXIF and colour profiles are refused: the composing
/// ffmpeg would not treat them as a lone folder's encode does.
pub fn collect(selection: &FrameSelection) -> Result<Vec<Panel>> {
    let folders = std::iter::once(&selection.dir).chain(&selection.stray);
    let mut panels = Vec::new();
    for folder in folders {
        let one = FrameSelection::new(
            folder.clone(),
            Vec::new(),
            selection.glob.clone(),
            selection.sort,
            selection.recursive,
            false,
        )?;
        let frames = frames::collect(&one, None, frames::Sizes::Same)?;
        let refused = match (frames.any_turned(), &frames.profile) {
            (true, _) => Some("photos turned by their EXIF orientation"),
            (false, Some(_)) => Some("frames with a colour profile"),
            (false, None) => None,
        };
        if let Some(what) = refused {
            return Err(Failure::failed(format!(
                "{} holds {what}, which side-by-side panels do not take yet",
                shown(folder)
            ))
            .nothing_written()
            .hint("stitch that folder on its own, or save its frames upright in sRGB first")
            .into());
        }
        panels.push(Panel {
            folder: folder.clone(),
            frames,
        });
    }
    Ok(panels)
}

/// Each panel's list of frames, all one length: refused (a usage error naming each folder
/// and its count) when the counts differ and `uneven` does not say what to do.
pub fn equal_lists(panels: &[Panel], uneven: Option<Uneven>) -> Result<Vec<Vec<PathBuf>>, Failure> {
    let counts: Vec<usize> = panels.iter().map(|p| p.frames.paths.len()).collect();
    let (shortest, longest) = (
        counts.iter().copied().min().unwrap_or(0),
        counts.iter().copied().max().unwrap_or(0),
    );
    let length = match uneven {
        _ if shortest == longest => longest,
        Some(Uneven::Hold) => longest,
        Some(Uneven::Shortest) => shortest,
        None => {
            return Err(Failure::usage(format!(
                "the folders hold different numbers of frames ({shortest} to {longest})"
            ))
            .details(
                panels
                    .iter()
                    .map(|p| format!("{}: {} frames", shown(&p.folder), p.frames.paths.len())),
            )
            .hint("--uneven hold shows a shorter folder's last frame until the longest ends")
            .hint("--uneven shortest ends the video with the shortest folder"))
        }
    };
    Ok(panels
        .iter()
        .map(|panel| {
            let paths = &panel.frames.paths;
            (0..length)
                .map(|i| paths[i.min(paths.len() - 1)].clone())
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::FrameFormat;

    fn panel(name: &str, count: usize) -> Panel {
        let mut frames = crate::stitch::plan::tests::frames(FrameFormat::Png, 8, 8);
        frames.paths = (0..count)
            .map(|i| PathBuf::from(format!("{name}/{i}")))
            .collect();
        Panel {
            folder: PathBuf::from(name),
            frames,
        }
    }

    #[test]
    fn uneven_counts_are_refused_naming_each_unless_told() {
        let panels = [panel("a", 3), panel("b", 2)];
        let refused = equal_lists(&panels, None).unwrap_err();
        assert_eq!(refused.exit_code(), 2);
        let said = format!("{refused:?}");
        assert!(
            said.contains("a: 3 frames") && said.contains("b: 2 frames"),
            "{said}"
        );

        let held = equal_lists(&panels, Some(Uneven::Hold)).unwrap();
        assert_eq!(held[1], ["b/0", "b/1", "b/1"].map(PathBuf::from));
        let cut = equal_lists(&panels, Some(Uneven::Shortest)).unwrap();
        assert_eq!(cut[0], ["a/0", "a/1"].map(PathBuf::from));
    }
}
