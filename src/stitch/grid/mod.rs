//! Several folders side by side (`stitch DIR1 DIR2 ... [--grid CxR]`): frame i of each
//! folder in one frame, each panel fitted into a common cell without distortion. One
//! ffmpeg composes the frames (`compose`) from one ffconcat list a folder (`concat_list`),
//! by the layout's filter graph (`layout`: scale, pad, hstack, vstack, all in ffmpeg 4.2),
//! into a hidden folder beside the output; the encode then takes that folder as any other,
//! so --fps, GIF, --max-size, --bounce and the rest apply to the result. Memory stays one
//! frame of each folder; no pipe or FIFO, so Windows works the same.

mod compose;
mod concat_list;
pub mod layout;
pub mod panels;
mod titles;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::grid_size::GridSize;
use crate::error::Failure;
use crate::header::FrameFormat;
use crate::output::staging::StagingFolder;
use crate::pipeline::Ffmpeg;
use crate::stitch::damaged_frame;
use crate::stitch::frames::{self, Frames};
use crate::stitch::options::{FrameSelection, StitchOptions};
use crate::term::shell;
use crate::term::shown::shown;
use layout::Layout;
use panels::Uneven;

/// What the command line asks of a grid.
#[derive(Debug, Clone, Copy)]
pub struct GridOptions {
    /// `--grid CxR`; None: one row.
    pub size: Option<GridSize>,
    /// `--uneven`: what to do with folders of different frame counts.
    pub uneven: Option<Uneven>,
    /// Each panel titled with its folder's name (`--no-titles` turns them off).
    pub titles: bool,
}

/// The composed frames, ready to encode as a folder's; the hidden folder holding them
/// goes when this does.
pub struct Composed {
    pub frames: Frames,
    /// A dry run's composing command, printed before the encode's (`&&` between).
    pub dry_run_line: Option<Vec<u8>>,
    _folder: Option<StagingFolder>,
}

/// Whether the selection names several folders.
pub fn is_grid(selection: &FrameSelection) -> bool {
    !selection.stray.is_empty()
}

/// The usage errors of a grid, before any work: a grid too small for the folders, or
/// given one folder; frames on standard input; times given by frame names.
pub fn check(
    selection: &FrameSelection,
    grid: &GridOptions,
    options: &StitchOptions,
) -> Result<(), Failure> {
    let folders = 1 + selection.stray.len();
    layout::check_fits(grid.size, folders)?;
    if folders == 1 {
        let misplaced = [
            (grid.uneven.is_some(), "--uneven"),
            (!grid.titles, "--no-titles"),
        ];
        return match misplaced.iter().find(|(given, _)| *given) {
            Some((_, option)) => Err(Failure::usage(format!(
                "{option} is for several folders side by side, but one was given"
            ))
            .hint(format!("drop {option}, or name each folder to compare"))),
            None => Ok(()),
        };
    }
    let from_stdin = std::iter::once(&selection.dir)
        .chain(&selection.stray)
        .any(|dir| dir.as_os_str() == "-");
    if from_stdin {
        return Err(Failure::usage(
            "- (a list of frames on standard input) cannot be a panel: side by side takes folders",
        )
        .hint("name each folder: framekit stitch run1 run2 -o compare.mp4"));
    }
    // A composed frame is no one file: it has no name, folder or date of its own.
    let label_fields = options.label.as_ref().map(|l| l.template.fields());
    if let Some(field) = label_fields
        .unwrap_or_default()
        .into_iter()
        .find(|field| !field.exists_for_stdin())
    {
        return Err(Failure::usage(format!(
            "--label's {{{}}} does not exist for folders side by side: each frame of the \
             video is made of several files (the titles name the folders)",
            field.name()
        ))
        .hint("use {index} and {time} with several folders"));
    }
    let by_name = [
        (options.timing.durations.is_some(), "--durations"),
        (options.timing.timestamps.is_some(), "--timestamps"),
    ];
    if let Some((_, option)) = by_name.iter().find(|(given, _)| *given) {
        return Err(Failure::usage(format!(
            "{option} names frames of one folder, but several folders are side by side"
        ))
        .hint(format!("drop {option}, or stitch each folder on its own")));
    }
    Ok(())
}

/// Lists and checks every folder, then composes their frames (a dry run only plans them).
pub fn compose(
    selection: &FrameSelection,
    grid: &GridOptions,
    options: &StitchOptions,
    ffmpeg: &Ffmpeg,
    dry_run: bool,
    show: bool,
) -> Result<Composed> {
    let panels = panels::collect(selection)?;
    let lists = panels::equal_lists(&panels, grid.uneven)?;
    let sizes: Vec<(u32, u32)> = panels
        .iter()
        .map(|p| (p.frames.width, p.frames.height))
        .collect();
    let cell_height = sizes.iter().map(|s| s.1).max().unwrap_or(1);
    let band = match grid.titles {
        true => titles::band_height(cell_height),
        false => 0,
    };
    let layout = Layout::new(&sizes, grid.size, band);
    let folders: Vec<&Path> = panels.iter().map(|p| p.folder.as_path()).collect();
    let names = titles::names(&folders);
    let alpha = panels
        .iter()
        .any(|p| p.frames.format == FrameFormat::Png && p.frames.pixels.union.alpha);
    let graph = layout.filter_graph(if alpha { "rgba" } else { "rgb24" });
    let count = lists.first().map_or(0, Vec::len);
    let fps_mode = ffmpeg.capabilities.fps_mode();
    let (width, height) = layout.size();
    let ffmpeg_path = ffmpeg.path.as_deref().filter(|_| !dry_run);
    let Some(ffmpeg_path) = ffmpeg_path else {
        let folder = StagingFolder::planned_beside(&options.output);
        let mut inputs = list_paths(&folder, lists.len());
        if grid.titles {
            inputs.extend(titles::paths(&folder, lists.len()));
            crate::term::stderr::warn(&format!(
                "framekit draws the panels' titles itself ({}), and writes each folder's \
                 frame list, in a hidden folder beside the output",
                names.join(", ")
            ));
        }
        let args = compose::args(&inputs, lists.len(), &graph, fps_mode, &folder, false);
        let program = ffmpeg.source.program_for_display();
        let mut line = shell::command_line(&program, &args);
        line.extend_from_slice(b" && ");
        let paths = (1..=count)
            .map(|n| compose::frame_path(&folder, n))
            .collect();
        return Ok(Composed {
            frames: frames::planned(paths, width, height, alpha),
            dry_run_line: Some(line),
            _folder: None,
        });
    };
    let staging = StagingFolder::beside(&options.output)?;
    let folder = staging.folder().to_path_buf();
    let mut inputs = list_paths(&folder, lists.len());
    for (path, list) in inputs.iter().zip(&lists) {
        concat_list::write(path, list)?;
    }
    if grid.titles {
        let files = titles::paths(&folder, lists.len());
        titles::write(&names, &files, layout.cell.0, band)?;
        inputs.extend(files);
    }
    let args = compose::args(&inputs, lists.len(), &graph, fps_mode, &folder, true);
    let paths = compose::run(ffmpeg_path, args, &folder, count, show)
        .map_err(|error| blame(error, ffmpeg_path, &panels, &lists, &folder))?;
    Ok(Composed {
        frames: frames::composed(paths)?,
        dry_run_line: None,
        _folder: Some(staging),
    })
}

/// A failed composition explained by the frame to blame, when one of a folder's frames
/// cannot be decoded: searched near the frames composed so far (as a lone folder's encode
/// searches near the frames fed).
fn blame(
    error: anyhow::Error,
    ffmpeg: &Path,
    panels: &[panels::Panel],
    lists: &[Vec<PathBuf>],
    folder: &Path,
) -> anyhow::Error {
    if crate::signals::received().is_some() {
        return error;
    }
    let composed = (1..)
        .take_while(|&n| compose::frame_path(folder, n).is_file())
        .count();
    // The frames in flight when ffmpeg stopped: a few past the last one written.
    let near = composed + 4;
    for (panel, list) in panels.iter().zip(lists) {
        let Some(damaged) = damaged_frame::find(ffmpeg, list, panel.frames.format, near) else {
            continue;
        };
        if let Some(code) = crate::signals::received() {
            return crate::signals::interrupted(code);
        }
        return Failure::failed(format!(
            "the frame {} cannot be decoded: {}",
            shown(&list[damaged.index]),
            damaged.what
        ))
        .nothing_written()
        .hint("replace or remove that frame, then run again")
        .into();
    }
    error
}

/// Where panel k's list goes: `panel_1.ffconcat`, ...
fn list_paths(folder: &Path, panels: usize) -> Vec<PathBuf> {
    (1..=panels)
        .map(|k| folder.join(format!("panel_{k}.ffconcat")))
        .collect()
}
