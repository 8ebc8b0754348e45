//! Where each folder's panel goes: the grid (`--grid`, else one row), the common cell every
//! panel is fitted into, and the filter graph that composes one frame of the grid. Pure.

use crate::cli::grid_size::GridSize;
use crate::error::Failure;

/// The rate the composing ffmpeg numbers frames at: any will do, as the composed frames
/// are encoded as a folder's, at `--fps`.
const COMPOSING_RATE: u32 = 25;

/// The grid, and the cell each panel is fitted into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub columns: u32,
    pub rows: u32,
    /// The largest width and the largest height among the panels: where each is fitted.
    pub cell: (u32, u32),
    /// The title band above each panel's cell (0: no titles).
    pub title: u32,
    pub panels: u32,
}

/// `--grid` for `panels` folders, refused (a usage error) when it holds fewer cells.
pub fn check_fits(grid: Option<GridSize>, panels: usize) -> Result<(), Failure> {
    let Some(grid) = grid else {
        return Ok(());
    };
    if panels >= 2 && grid.cells() as usize >= panels {
        return Ok(());
    }
    if panels < 2 {
        return Err(Failure::usage(format!(
            "--grid {grid} lays out several folders, but one was given"
        ))
        .hint("name each folder to compare: framekit stitch run1 run2 --grid 2x1 -o compare.mp4"));
    }
    let columns = (panels as f64).sqrt().ceil() as usize;
    let rows = panels.div_ceil(columns);
    Err(Failure::usage(format!(
        "--grid {grid} holds {} panels, but {panels} folders were given",
        grid.cells()
    ))
    .hint(format!(
        "give a grid with a cell for each folder, such as --grid {columns}x{rows} or --grid {panels}x1"
    )))
}

impl Layout {
    /// The layout of panels of these sizes: `grid`, else one row, a band `title` pixels
    /// tall above each (0: none). `check_fits` has passed.
    pub fn new(sizes: &[(u32, u32)], grid: Option<GridSize>, title: u32) -> Layout {
        let panels = sizes.len() as u32;
        let grid = grid.unwrap_or(GridSize {
            columns: panels,
            rows: 1,
        });
        let width = sizes.iter().map(|s| s.0).max().unwrap_or(1);
        let height = sizes.iter().map(|s| s.1).max().unwrap_or(1);
        Layout {
            columns: grid.columns,
            rows: grid.rows,
            cell: (width, height),
            title,
            panels,
        }
    }

    /// One cell's width and height, its title band included.
    pub fn cell_with_title(&self) -> (u32, u32) {
        (self.cell.0, self.cell.1 + self.title)
    }

    /// The composed frame's width and height.
    pub fn size(&self) -> (u32, u32) {
        let (width, height) = self.cell_with_title();
        (self.columns * width, self.rows * height)
    }

    /// The `-filter_complex` graph: input `k` (folder k's frames) fitted into its cell
    /// (scaled keeping its shape, centred on black), the cells of a row side by side
    /// (`hstack`), the rows one above the other (`vstack`), a short row or missing rows
    /// filled with black (`pad`). Frames are renumbered (`setpts`), so that frame i of
    /// every folder meets frame i of the others. With titles, input `panels + k` is panel
    /// k's title image, overlaid centred on a black band above the panel (`overlay`
    /// repeats a one-frame input; `format=rgb` keeps it from going through YUV). Output
    /// `[grid]`, in `pixel_format`. Every filter and option here is in ffmpeg 4.2.
    pub fn filter_graph(&self, pixel_format: &str) -> String {
        let (width, panel_height) = self.cell;
        let (title, panels) = (self.title, self.panels);
        let mut graph: Vec<String> = (0..panels)
            .map(|k| {
                let fitted = format!(
                    "[{k}:v]setpts=N/({COMPOSING_RATE}*TB),format={pixel_format},\
                     scale={width}:{panel_height}:force_original_aspect_ratio=decrease,\
                     pad={width}:{panel_height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1"
                );
                match title {
                    0 => format!("{fitted}[p{k}]"),
                    _ => format!(
                        "{fitted},pad={width}:{}:0:{title}:color=black[b{k}];\
                         [b{k}][{}:v]overlay=x=(W-w)/2:y=({title}-h)/2:format=rgb,\
                         format={pixel_format}[p{k}]",
                        panel_height + title,
                        panels + k
                    ),
                }
            })
            .collect();
        let height = panel_height + title;
        let row_width = self.columns * width;
        let mut rows = Vec::new();
        for row in 0..self.rows {
            let first = row * self.columns;
            let cells: Vec<u32> = (first..(first + self.columns).min(self.panels)).collect();
            if cells.is_empty() {
                break;
            }
            let inputs: String = cells.iter().map(|k| format!("[p{k}]")).collect();
            let mut chain = match cells.len() {
                1 => format!("{inputs}null"),
                n => format!("{inputs}hstack=inputs={n}"),
            };
            if cells.len() < self.columns as usize {
                chain.push_str(&format!(",pad={row_width}:{height}:0:0:color=black"));
            }
            graph.push(format!("{chain}[r{row}]"));
            rows.push(row);
        }
        let inputs: String = rows.iter().map(|r| format!("[r{r}]")).collect();
        let mut chain = match rows.len() {
            1 => format!("{inputs}null"),
            n => format!("{inputs}vstack=inputs={n}"),
        };
        let (grid_width, grid_height) = self.size();
        if (rows.len() as u32) < self.rows {
            chain.push_str(&format!(",pad={grid_width}:{grid_height}:0:0:color=black"));
        }
        graph.push(format!("{chain}[grid]"));
        graph.join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(text: &str) -> Option<GridSize> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn folders_go_in_one_row_by_default_in_the_largest_cell() {
        let layout = Layout::new(&[(100, 100), (200, 50)], None, 0);
        assert_eq!((layout.columns, layout.rows), (2, 1));
        assert_eq!(layout.cell, (200, 100));
        assert_eq!(layout.size(), (400, 100));
        let graph = layout.filter_graph("rgb24");
        assert!(graph.contains("[p0][p1]hstack=inputs=2[r0]"), "{graph}");
        assert!(graph.ends_with("[r0]null[grid]"), "{graph}");
        assert!(
            graph.contains("force_original_aspect_ratio=decrease"),
            "{graph}"
        );
    }

    #[test]
    fn a_short_last_row_and_missing_rows_are_filled() {
        let layout = Layout::new(&[(10, 10); 3], grid("2x3"), 0);
        let graph = layout.filter_graph("rgba");
        assert!(graph.contains("[p0][p1]hstack=inputs=2[r0]"), "{graph}");
        assert!(
            graph.contains("[p2]null,pad=20:10:0:0:color=black[r1]"),
            "{graph}"
        );
        assert!(
            graph.ends_with("[r0][r1]vstack=inputs=2,pad=20:30:0:0:color=black[grid]"),
            "{graph}"
        );
    }

    #[test]
    fn titles_go_on_a_band_above_each_panel() {
        let layout = Layout::new(&[(100, 100), (200, 50)], None, 12);
        assert_eq!(layout.size(), (400, 112));
        let graph = layout.filter_graph("rgb24");
        assert!(
            graph.contains("pad=200:112:0:12:color=black[b1]"),
            "{graph}"
        );
        assert!(
            graph.contains("[b1][3:v]overlay=x=(W-w)/2:y=(12-h)/2"),
            "{graph}"
        );
    }

    #[test]
    fn a_grid_too_small_or_for_one_folder_is_a_usage_error() {
        assert!(check_fits(grid("2x2"), 4).is_ok());
        assert!(check_fits(None, 7).is_ok());
        let small = check_fits(grid("2x1"), 3).unwrap_err();
        assert_eq!(small.exit_code(), 2);
        assert!(format!("{small:?}").contains("2x2"), "{small:?}");
        assert_eq!(check_fits(grid("2x1"), 1).unwrap_err().exit_code(), 2);
    }
}
