//! `framekit sheet`'s arguments, and their conversion into framekit's own types.

use std::path::PathBuf;

use clap::Args;

use crate::cli::grid_size::GridSize;
use crate::cli::whole_number::pixels;
use crate::cli::Common;
use crate::sheet::{SheetRequest, DEFAULT_GRID, DEFAULT_WIDTH};
use crate::stitch::frames::order::SortOrder;

/// A contact sheet of a video (its frames picked as `split --count` picks them) or of a
/// folder of frames.
#[derive(Debug, Args)]
pub struct SheetArgs {
    /// The video to show, or a folder of frames (its PNGs, else its JPEGs, as stitch lists
    /// them).
    #[arg(value_name = "VIDEO|DIR")]
    pub input: PathBuf,

    /// The sheet to write: .png, .jpg (.jpeg) or .webp.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Columns by rows of tiles: COLUMNSxROWS, 1 to 64 each [default: 4x4]
    #[arg(long, value_name = "CxR")]
    pub grid: Option<GridSize>,

    /// The sheet's width in pixels; the tiles' width follows from it and the grid [default:
    /// 1600]
    #[arg(long, value_name = "PIXELS", value_parser = pixels)]
    pub width: Option<u32>,

    /// DIR only: the files that are frames, a shell-style pattern on their names (case
    /// ignored) [default: *.png, else *.jpg and *.jpeg].
    #[arg(long, value_name = "PATTERN")]
    pub glob: Option<String>,

    /// DIR only: the order of the frames [default: bytes]
    #[arg(long, value_enum, value_name = "ORDER")]
    pub sort: Option<SortOrder>,

    /// VIDEO only: show the frames that decode from a damaged or truncated video (with a
    /// warning) instead of failing.
    #[arg(long)]
    pub allow_damaged: bool,

    #[command(flatten)]
    pub common: Common,
}

impl SheetArgs {
    /// What the command line asks for, in framekit's own types.
    pub fn into_request(self) -> SheetRequest {
        SheetRequest {
            input: self.input,
            output: self.output,
            grid: self.grid.unwrap_or(DEFAULT_GRID),
            width: self.width.unwrap_or(DEFAULT_WIDTH),
            glob: self.glob,
            sort: self.sort,
            allow_damaged: self.allow_damaged,
            common: self.common,
        }
    }
}
