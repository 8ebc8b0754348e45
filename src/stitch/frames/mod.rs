//! The frames of `stitch`: listed (the files of DIR that match `--glob`, else its PNGs or
//! its JPEGs), ordered (`--sort`), and validated from their headers only, before anything
//! is encoded.

mod from_stdin;
mod listing;
pub mod order;
pub mod pixels;
mod read_headers;
mod validate;

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::box_size::BoxSize;
use crate::colour_profile::{profile_of_frames, Conversion};
use crate::header::FrameFormat;
use crate::stitch::options::FrameSelection;
pub use listing::MATCHING;
use pixels::PixelSummary;

/// Validated frames: all readable, one format, one size, in their final order.
#[derive(Debug, Clone)]
pub struct Frames {
    pub paths: Vec<PathBuf>,
    /// The largest width and height (all frames', unless --pad or --fit allow others).
    pub width: u32,
    pub height: u32,
    /// The smallest width and height: what decoding at a reduced size must keep.
    pub smallest: (u32, u32),
    pub format: FrameFormat,
    pub pixels: PixelSummary,
    /// Each frame's EXIF orientation: 1 as stored, 2 to 8 turned or flipped as ffmpeg 5.0
    /// and later turn them (framekit itself, before: `plan::orientation`).
    pub orientations: Vec<u8>,
    /// The paths came as a list on standard input (`stitch -`), where a frame is named by
    /// its place too: a path may be listed twice, or be one of thousands alike.
    pub listed: bool,
    /// The colour profile every frame is converted from (`colour_profile`), if any.
    pub profile: Option<Conversion>,
}

impl Frames {
    /// Frame `i` as a message names it: its path, and for a list, its place in it.
    pub fn named(&self, i: usize) -> String {
        named(&self.paths[i], i, self.listed)
    }

    /// Whether frame `i` is turned or flipped by its EXIF orientation.
    pub fn turned(&self, i: usize) -> bool {
        self.orientations.get(i).is_some_and(|&o| o != 1)
    }

    /// Whether any frame is.
    pub fn any_turned(&self) -> bool {
        self.orientations.iter().any(|&o| o != 1)
    }

    /// Where each run of frames of one orientation starts (indices, from the second run).
    pub fn orientation_changes(&self) -> impl Iterator<Item = usize> + '_ {
        (1..self.orientations.len()).filter(|&i| self.orientations[i] != self.orientations[i - 1])
    }

    /// Every upright frame right after a turned one (indices).
    pub fn upright_after_turned(&self) -> impl Iterator<Item = usize> + '_ {
        (1..self.orientations.len()).filter(|&i| !self.turned(i) && self.turned(i - 1))
    }

    /// The first turned frame followed by an upright one, and that upright one (indices).
    pub fn turn_then_upright(&self) -> Option<(usize, usize)> {
        let after = self.upright_after_turned().next()?;
        let first = (0..self.orientations.len()).find(|&i| self.turned(i))?;
        Some((first, after))
    }
}

/// Lists the files of the selection, sorts them, validates every header, and reads their
/// colour profiles. With `mixed_sizes` (stitch --pad) frames may differ in size; `Frames`
/// then has the largest width and height.
pub fn collect(
    selection: &FrameSelection,
    mixed_sizes: bool,
    fit: Option<BoxSize>,
) -> Result<Frames> {
    let mut frames = listed_and_valid(selection, mixed_sizes, fit)?;
    frames.profile = profile_of_frames(&frames.paths, frames.format)?;
    Ok(frames)
}

/// The frames of the selection, in order, every header valid.
fn listed_and_valid(
    selection: &FrameSelection,
    mixed_sizes: bool,
    fit: Option<BoxSize>,
) -> Result<Frames> {
    if selection.reads_stdin() {
        let mut paths = from_stdin::read_paths(selection.null_separated)?;
        // In the order given, unless --sort asks for another.
        if selection.sort.is_some() {
            order::order(&mut paths, selection.sort);
        }
        let regular = vec![false; paths.len()];
        return validate::validate(paths, &regular, true, mixed_sizes, fit);
    }
    let (dir, recursive) = (&selection.dir, selection.recursive);
    let mut names = match &selection.glob {
        Some(pattern) => listing::matching_names(dir, pattern, recursive)?,
        None => listing::default_names(dir, recursive)?,
    };
    order::order(&mut names, selection.sort);
    let regular: Vec<bool> = names.iter().map(|c| c.regular).collect();
    let paths: Vec<PathBuf> = names
        .into_iter()
        .map(|c| selection.dir.join(c.name))
        .collect();
    validate::validate(paths, &regular, false, mixed_sizes, fit)
}

/// A frame as a message names it: its path, and for a list on standard input, its place.
pub fn named(path: &std::path::Path, index: usize, listed: bool) -> String {
    let shown = crate::term::shown::shown(path);
    if listed {
        format!("{shown} (frame {} of the list)", index + 1)
    } else {
        shown
    }
}
