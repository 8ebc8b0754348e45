//! The frames of `stitch`: listed (the files of DIR that match `--glob`, else its PNGs or
//! its JPEGs), ordered (`--sort`), and validated from their headers only, before anything
//! is encoded.

pub mod bounce;
mod from_stdin;
mod listing;
pub mod order;
pub mod pixels;
mod read_headers;
pub mod stream;
mod validate;

pub use validate::Sizes;

use std::path::PathBuf;

use anyhow::Result;

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
    /// How messages name a frame: by its path, or by its place too.
    pub naming: Naming,
    /// The colour profile every frame is converted from (`colour_profile`), if any.
    pub profile: Option<Conversion>,
    /// Frames that come straight from standard input, as they arrive, rather than from
    /// `paths` (`stream::direct`); `paths` is then empty.
    pub stream: Option<stream::DirectInput>,
    /// Whether each frame may carry a profile (its header read says; only those are read
    /// for one).
    pub may_carry_profile: Vec<bool>,
}

impl Frames {
    /// Frame `i` as a message names it: its path, and for a list, its place in it.
    pub fn named(&self, i: usize) -> String {
        match self.naming {
            Naming::Streamed => streamed(i),
            Naming::Grid => of_the_grid(i),
            naming => named(&self.paths[i], i, naming),
        }
    }

    /// Frame `i` as a notice names it: its path, or its place on standard input (a spooled
    /// file's name means nothing to the user).
    pub fn shown(&self, i: usize) -> String {
        match self.naming {
            Naming::Streamed => streamed(i),
            Naming::Grid => of_the_grid(i),
            _ => crate::term::shown::shown(&self.paths[i]),
        }
    }

    /// How many frames there are: the files, or those the stream has given.
    pub fn count(&self) -> u64 {
        match &self.stream {
            Some(stream) => stream.received,
            None => self.paths.len() as u64,
        }
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
/// colour profiles. Unless `sizes` is `Sizes::Same` frames may differ in size; `Frames`
/// then has the largest width and height.
pub fn collect(
    selection: &FrameSelection,
    spooled: Option<&stream::Spooled>,
    sizes: Sizes,
) -> Result<Frames> {
    let mut frames = match spooled {
        // Frames from standard input, kept in order: their sizes were checked as they came.
        Some(spooled) => {
            let regular = vec![true; spooled.paths.len()];
            let paths = spooled.paths.clone();
            validate::validate(paths, &regular, Naming::Streamed, sizes)?
        }
        None => listed_and_valid(selection, sizes)?,
    };
    frames.profile = profile_of_frames(&frames.paths, &frames.may_carry_profile, frames.format)?;
    Ok(frames)
}

/// The frames of the selection, in order, every header valid.
fn listed_and_valid(selection: &FrameSelection, sizes: Sizes) -> Result<Frames> {
    if selection.reads_stdin() {
        let mut paths = from_stdin::read_paths(selection.null_separated)?;
        // In the order given, unless --sort asks for another.
        if selection.sort.is_some() {
            order::order(&mut paths, selection.sort);
        }
        let regular = vec![false; paths.len()];
        return validate::validate(paths, &regular, Naming::Listed, sizes);
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
    validate::validate(paths, &regular, Naming::Path, sizes)
}

/// How messages name a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// By its path (a folder's frames).
    Path,
    /// By its path and its place: the paths came as a list on standard input (`stitch -`),
    /// where a path may be listed twice, or be one of thousands alike.
    Listed,
    /// By its place in the stream (`--stdin-frames`): its spooled file means nothing to
    /// the user.
    Streamed,
    /// By its place among the frames composed of several folders (`stitch DIR1 DIR2`).
    Grid,
}

/// A frame as a message names it: its path, and for a list on standard input, its place;
/// a frame that came on standard input itself, by its place alone.
pub fn named(path: &std::path::Path, index: usize, naming: Naming) -> String {
    let shown = || crate::term::shown::shown(path);
    match naming {
        Naming::Path => shown(),
        Naming::Listed => format!("{} (frame {} of the list)", shown(), index + 1),
        Naming::Streamed => streamed(index),
        Naming::Grid => of_the_grid(index),
    }
}

fn of_the_grid(index: usize) -> String {
    format!("frame {} of the side-by-side frames", index + 1)
}

/// The frames composed of several folders (`stitch::grid`), read back and validated as a
/// folder's are.
pub fn composed(paths: Vec<PathBuf>) -> Result<Frames> {
    let regular = vec![true; paths.len()];
    validate::validate(paths, &regular, Naming::Grid, Sizes::Same)
}

/// The frames a grid would compose, as a dry run plans them without composing any: PNGs
/// of one size, with alpha when any panel has it.
pub fn planned(paths: Vec<PathBuf>, width: u32, height: u32, alpha: bool) -> Frames {
    let count = paths.len();
    let mut pixels = PixelSummary::default();
    pixels.union.color = true;
    pixels.union.alpha = alpha;
    Frames {
        paths,
        width,
        height,
        smallest: (width, height),
        format: FrameFormat::Png,
        pixels,
        orientations: vec![1; count],
        naming: Naming::Grid,
        profile: None,
        stream: None,
        may_carry_profile: vec![false; count],
    }
}

fn streamed(index: usize) -> String {
    format!("frame {} of standard input", index + 1)
}
