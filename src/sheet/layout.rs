//! Where everything sits on a sheet, and what its captions say: pure arithmetic, no I/O.
//!
//! A sheet is `width` pixels wide: a gap, the header band, a gap, then `rows` rows of
//! cells, each a tile with its caption band under it (never over the picture), the cells
//! `GAP` apart and `GAP` from the edges.

use crate::cli::grid_size::GridSize;
use crate::error::Failure;

/// Pixels between tiles, and between the tiles and the sheet's edges.
pub const GAP: u32 = 6;

/// The narrowest tile a sheet draws: below it neither a frame nor its caption can be read.
pub const MIN_TILE_WIDTH: u32 = 32;

/// The sheet's layout, once the tiles' height is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub width: u32,
    pub grid: GridSize,
    pub tile_width: u32,
    pub tile_height: u32,
    pub header_height: u32,
    pub caption_height: u32,
}

/// The width of each tile on a sheet `width` pixels wide with `grid`'s columns, or a usage
/// error (exit 2) when that leaves tiles too narrow to show anything.
pub fn tile_width(width: u32, grid: GridSize) -> Result<u32, Failure> {
    let room = width.saturating_sub(GAP * (grid.columns + 1));
    let tile = room / grid.columns;
    if tile < MIN_TILE_WIDTH {
        let needed = MIN_TILE_WIDTH * grid.columns + GAP * (grid.columns + 1);
        return Err(Failure::usage(format!(
            "--grid {grid} on a sheet {width} pixels wide leaves tiles {tile} pixels wide; \
             they must be at least {MIN_TILE_WIDTH}"
        ))
        .hint(format!(
            "give --width {needed} or more, or fewer columns in --grid"
        )));
    }
    Ok(tile)
}

/// `grid` with only the rows `tiles` tiles fill (at least one).
pub fn rows_used(grid: GridSize, tiles: usize) -> GridSize {
    let filled = tiles.div_ceil(grid.columns.max(1) as usize).max(1);
    GridSize {
        columns: grid.columns,
        rows: grid.rows.min(u32::try_from(filled).unwrap_or(u32::MAX)),
    }
}

impl Layout {
    /// The layout for tiles `tile_height` pixels tall (the tallest picture's height).
    pub fn new(width: u32, grid: GridSize, tile_width: u32, tile_height: u32) -> Layout {
        Layout {
            width,
            grid,
            tile_width,
            tile_height: tile_height.max(1),
            header_height: (width / 45).clamp(18, 40),
            caption_height: (tile_width / 9).clamp(12, 22),
        }
    }

    /// The sheet's height.
    pub fn height(&self) -> u32 {
        self.row_top(self.grid.rows)
    }

    /// Where the header band starts (left, top), and its width.
    pub fn header(&self) -> (u32, u32, u32) {
        (GAP, GAP, self.width - 2 * GAP)
    }

    /// The top left corner of tile `index` (from 0, row by row).
    pub fn tile_origin(&self, index: usize) -> (u32, u32) {
        let column = index as u32 % self.grid.columns;
        let row = index as u32 / self.grid.columns;
        (GAP + column * (self.tile_width + GAP), self.row_top(row))
    }

    /// The top of the caption band under tile `index`.
    pub fn caption_top(&self, index: usize) -> u32 {
        self.tile_origin(index).1 + self.tile_height
    }

    fn row_top(&self, row: u32) -> u32 {
        2 * GAP + self.header_height + row * (self.tile_height + self.caption_height + GAP)
    }
}

/// A tile's time as its caption shows it: `M:SS.ss`, or `H:MM:SS.ss` from an hour on.
pub fn time_caption(seconds: f64) -> String {
    let hundredths = (seconds.max(0.0) * 100.0).round() as u64;
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60);
    match hours {
        0 => format!("{minutes}:{secs:02}.{fraction:02}"),
        _ => format!("{hours}:{minutes:02}:{secs:02}.{fraction:02}"),
    }
}

/// Which of `total` frames a folder's sheet of `tiles` shows (indices from 0): split
/// --count's rule with each file one unit of time, the i-th the first at or after
/// i*total/tiles, so the first frame always, and every one when there are no more than
/// tiles.
pub fn spread(total: usize, tiles: usize) -> Vec<usize> {
    if total <= tiles {
        return (0..total).collect();
    }
    (0..tiles).map(|i| (i * total).div_ceil(tiles)).collect()
}

/// The header's text: the facts that are known, in order, apart.
pub fn header_text(facts: &[Option<String>]) -> String {
    facts
        .iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("   \u{b7}   ")
}

/// A frame rate as the header shows it: 25, 29.97, 23.976.
pub fn rate_text(rate: f64) -> String {
    let text = format!("{rate:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} fps")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(columns: u32, rows: u32) -> GridSize {
        GridSize { columns, rows }
    }

    #[test]
    fn tiles_share_the_width_between_gaps() {
        let tile = tile_width(1600, grid(4, 4)).unwrap();
        assert_eq!(tile, (1600 - 5 * GAP) / 4);
        let layout = Layout::new(1600, grid(4, 4), tile, 222);
        assert_eq!(layout.tile_origin(0), (GAP, 2 * GAP + layout.header_height));
        assert_eq!(layout.tile_origin(5).0, GAP + tile + GAP);
        let row_step = 222 + layout.caption_height + GAP;
        assert_eq!(layout.tile_origin(5).1, layout.tile_origin(0).1 + row_step);
        assert_eq!(layout.height(), layout.tile_origin(0).1 + 4 * row_step);
        let last = layout.tile_origin(15);
        assert!(last.0 + tile <= 1600 - GAP);
        assert_eq!(
            layout.caption_top(15) + layout.caption_height + GAP,
            layout.height()
        );
    }

    #[test]
    fn too_narrow_tiles_are_a_usage_error_naming_the_width_that_fits() {
        let error = tile_width(300, grid(8, 1)).unwrap_err();
        assert_eq!(error.exit_code(), crate::error::exit::USAGE);
        let needed = 8 * MIN_TILE_WIDTH + 9 * GAP;
        assert!(format!("{error:?}").contains(&format!("--width {needed}")));
        assert!(tile_width(needed, grid(8, 1)).is_ok());
    }

    #[test]
    fn times_read_as_clock_times() {
        assert_eq!(time_caption(0.0), "0:00.00");
        assert_eq!(time_caption(4.04), "0:04.04");
        assert_eq!(time_caption(75.5), "1:15.50");
        assert_eq!(time_caption(3599.999), "1:00:00.00");
        assert_eq!(time_caption(3723.25), "1:02:03.25");
    }

    #[test]
    fn a_folder_is_spread_as_split_count_spreads_a_video() {
        assert_eq!(spread(3, 4), [0, 1, 2]);
        assert_eq!(spread(4, 4), [0, 1, 2, 3]);
        assert_eq!(spread(10, 4), [0, 3, 5, 8]);
        assert_eq!(spread(100, 3), [0, 34, 67]);
        for total in 1..60 {
            for tiles in 1..20 {
                let picked = spread(total, tiles);
                assert_eq!(picked.len(), total.min(tiles));
                assert!(picked.windows(2).all(|w| w[0] < w[1]));
                assert!(picked.iter().all(|&i| i < total));
            }
        }
    }

    #[test]
    fn headers_skip_unknown_facts() {
        let text = header_text(&[Some("a.mp4".into()), None, Some(rate_text(25.0))]);
        assert_eq!(text, "a.mp4   \u{b7}   25 fps");
        assert_eq!(rate_text(29.97002997), "29.97 fps");
        assert_eq!(rate_text(23.976), "23.976 fps");
    }
}
