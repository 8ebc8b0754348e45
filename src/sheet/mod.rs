//! `framekit sheet`: a contact sheet. For a VIDEO, split's own route (`split::into_folder`,
//! `--count C*R --width TILE`, with its manifest's times) writes the frames into a hidden
//! scratch folder beside the output, seeking to each where that pays; for a DIR, the
//! folder's frames as stitch lists them, spread, fitted by ffmpeg (`folder`). framekit then
//! draws the sheet itself (`canvas`: layout, header, captions), writes it as PNG, or has
//! ffmpeg convert it to JPEG or WebP (`output`), into a temporary file beside the output
//! that is renamed into place last (`PendingOutput`).

mod canvas;
mod folder;
mod layout;
mod output;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use serde_json::json;

use crate::cli::grid_size::GridSize;
use crate::cli::Common;
use crate::error::Failure;
use crate::ffmpeg::supervisor::{self, FfmpegCommand};
use crate::output::pending_file::{check_writable, PendingOutput};
use crate::output::staging::StagingFolder;
use crate::pipeline::{self, Attempt};
use crate::split::options::{Sampling, SplitOptions, SplitRequest};
use crate::split::Note;
use crate::stitch::frames::order::SortOrder;
use crate::term::report::{self, Report};
use crate::term::shell;
use crate::term::shown::shown;
use canvas::Tile;
use output::SheetFormat;

/// `--grid`'s default: 16 frames.
pub const DEFAULT_GRID: GridSize = GridSize {
    columns: 4,
    rows: 4,
};

/// `--width`'s default, in pixels.
pub const DEFAULT_WIDTH: u32 = 1600;

/// One `framekit sheet` run.
#[derive(Debug)]
pub struct SheetRequest {
    /// A video file, or a folder of frames.
    pub input: PathBuf,
    pub output: PathBuf,
    pub grid: GridSize,
    /// The sheet's width in pixels.
    pub width: u32,
    /// DIR only: which files are frames, and their order (stitch's options).
    pub glob: Option<String>,
    pub sort: Option<SortOrder>,
    /// VIDEO only: a sheet of the frames that decode from a damaged or truncated video.
    pub allow_damaged: bool,
    pub common: Common,
}

/// What the tiles show, ready to draw.
struct Tiles {
    header: String,
    tiles: Vec<Tile>,
    /// Each tile's facts for `--json`.
    facts: Vec<serde_json::Value>,
}

/// Runs `framekit sheet`.
pub fn run(request: SheetRequest) -> Result<()> {
    let started = Instant::now();
    // Usage first, before anything is read or run (exit 2).
    let format = SheetFormat::of(&request.output)?;
    let tile_width = layout::tile_width(request.width, request.grid)?;
    let is_dir = request.input.is_dir();
    let named_url = request
        .input
        .to_str()
        .is_some_and(|text| text.contains("://"));
    if !is_dir && !request.input.exists() && request.input.as_os_str() != "-" && !named_url {
        return Err(
            Failure::failed(format!("{} does not exist", shown(&request.input)))
                .hint("name a video file, or a folder of frames (PNG or JPEG)")
                .into(),
        );
    }
    if is_dir && request.allow_damaged {
        return Err(Failure::usage(format!(
            "--allow-damaged is for a video, but {} is a folder",
            shown(&request.input)
        ))
        .hint("leave it out for a folder: a damaged frame there is named, to remove or repair")
        .into());
    }
    if !is_dir {
        if let Some(option) = [
            ("--glob", request.glob.is_some()),
            ("--sort", request.sort.is_some()),
        ]
        .into_iter()
        .find_map(|(name, given)| given.then_some(name))
        {
            return Err(Failure::usage(format!(
                "{option} chooses a folder's frames, but {} is not a folder",
                shown(&request.input)
            ))
            .hint("leave it out for a video")
            .into());
        }
        crate::split::video_check_input(&request.input, "sheet")?;
    }
    check_writable(&request.output, request.common.force)?;
    let ffmpeg = pipeline::find_ffmpeg(&request.common)?;
    if !request.common.dry_run {
        format.check_ffmpeg(&ffmpeg.capabilities)?;
    }
    // The tiles' frames and the sheet's PNG, in a hidden folder beside the output that goes
    // whatever happens (none is made for a dry run).
    let scratch = match request.common.dry_run {
        true => None,
        false => Some(StagingFolder::beside(&request.output)?),
    };
    let scratch_path = scratch.as_ref().map_or_else(
        || StagingFolder::planned_beside(&request.output),
        |folder| folder.folder().to_path_buf(),
    );
    let sheet_png = scratch_path.join("sheet.png");

    // The tiles' pictures, or the dry run's commands that would make them.
    let made = match is_dir {
        false => video_tiles(&request, tile_width, &scratch_path)?,
        true => folder_tiles(&request, tile_width, &scratch_path, &ffmpeg)?,
    };
    let tiles = match made {
        Made::DryRun(mut lines) => {
            // A comment line in the shell the dry run is printed for.
            let comment = if cfg!(windows) { "rem" } else { "#" };
            lines.extend_from_slice(
                format!(
                    "\n{comment} framekit itself then draws the sheet from those frames as {}: {} tiles \
                     {tile_width} pixels wide on a sheet {} wide, each captioned with its {}, \
                     under a header; no ffmpeg runs for that",
                    shown(&sheet_png),
                    request.grid,
                    request.width,
                    if is_dir { "file name" } else { "time" },
                )
                .as_bytes(),
            );
            if let Some(args) = format.convert_args(&sheet_png, &request.output) {
                lines.push(b'\n');
                let program = ffmpeg.source.program_for_display();
                lines.extend(shell::command_line(program.as_ref(), &args));
            }
            return pipeline::print_dry_run(lines);
        }
        Made::Tiles(tiles) => tiles,
    };
    let ffmpeg_path = ffmpeg
        .path
        .as_deref()
        .expect("a run that is not dry has ffmpeg");

    // Rows no tile fills are left out (a 2-frame folder on 4x4 makes one row of 4).
    let drawn = layout::rows_used(request.grid, tiles.tiles.len());
    let (layout, png) = canvas::draw(
        request.width,
        drawn,
        tile_width,
        &tiles.header,
        &tiles.tiles,
    )?;
    format.check_size(&request.output, layout.width, layout.height())?;
    crate::signals::check()?;
    let pending = PendingOutput::reserve(&request.output)?;
    let cannot_write = |e: std::io::Error| {
        Failure::failed(format!("cannot write {}: {e}", shown(&request.output))).nothing_written()
    };
    match format.convert_args(&sheet_png, pending.temp_path()) {
        None => fs::write(pending.temp_path(), &png).map_err(cannot_write)?,
        Some(args) => {
            fs::write(&sheet_png, &png).map_err(cannot_write)?;
            supervisor::run(&[FfmpegCommand::new(ffmpeg_path, args)]).map_err(|error| {
                let attempt = Attempt {
                    command: "sheet",
                    doing: format!("encode {}", shown(&request.output)),
                    writing: shown(&request.output),
                    output_kind: "the sheet",
                };
                pipeline::explain_failure(error, &attempt, |_| None)
            })?;
        }
    }
    pending.commit(request.common.force)?;
    drop(scratch);

    let report = Report::Sheet {
        output: &request.output,
        width: layout.width,
        height: layout.height(),
        grid: drawn.to_string(),
        tiles: tiles.facts,
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, request.common.json, request.common.quiet)
}

/// The tiles' pictures, or (a dry run) the shell lines that would make them.
enum Made {
    DryRun(Vec<u8>),
    Tiles(Tiles),
}

/// A video's tiles: split's `--count` route into the scratch folder, with its manifest's
/// times as captions.
fn video_tiles(request: &SheetRequest, tile_width: u32, scratch: &Path) -> Result<Made> {
    let common = &request.common;
    let split = SplitRequest {
        folder_only: Vec::new(),
        video: request.input.clone(),
        out_dir: scratch.to_path_buf(),
        manifest: true,
        at_file: None,
        options: SplitOptions {
            sampling: Sampling::Count(u64::from(request.grid.cells())),
            width: Some(tile_width),
            fast: true,
            allow_damaged: request.allow_damaged,
            ..SplitOptions::default()
        },
        common: Common {
            force: false,
            json: false,
            ..common.clone()
        },
    };
    let written = match crate::split::into_folder(split)? {
        crate::split::Split::DryRun(line) => return Ok(Made::DryRun(line)),
        crate::split::Split::Written(written) => written,
    };
    // split's notes name its own options (--count 16): said here in the sheet's words.
    for note in &written.notes {
        match note {
            Note::FewerFrames { available, .. } => {
                few_frames_warning(&request.input, *available as u64, request.grid)
            }
            Note::SharedFrames { picked, asked } => crate::term::stderr::warn(&format!(
                "{} has long gaps between some frames: of the {asked} evenly spaced times, \
                 some fall on the same frame, so the sheet shows {picked} tiles",
                shown(&request.input)
            )),
            Note::TimeTwice { .. } => {}
        }
    }
    let info = &written.info;
    let name = request
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    // The size as played: a phone's portrait video is stored 1920x1080 with a turn that
    // ffmpeg applies (so do the tiles, which show which way up it plays).
    let first_tile = crate::header::read_header(&scratch.join(written.naming.file_name(1))).ok();
    let size = info.width.zip(info.height).map(|(w, h)| match first_tile {
        Some(tile) if w != h && (tile.width > tile.height) != (w > h) => format!("{h}x{w}"),
        _ => format!("{w}x{h}"),
    });
    let header = layout::header_text(&[
        name,
        info.duration.map(layout::time_caption),
        size,
        info.frame_rate.map(layout::rate_text),
        info.codec_name.clone(),
    ]);
    let mut tiles = Vec::new();
    let mut facts = Vec::new();
    for number in 1..=written.count {
        let row = written.rows.get(number as usize - 1);
        let seconds = row.map(|row| row.pts as f64 / 1e6);
        tiles.push(Tile {
            path: scratch.join(written.naming.file_name(number)),
            caption: seconds.map_or_else(|| format!("frame {number}"), layout::time_caption),
        });
        facts.push(json!({
            "tile": number,
            "pts_seconds": seconds,
            "source_frame": row.and_then(|row| row.source_frame),
        }));
    }
    Ok(Made::Tiles(Tiles {
        header,
        tiles,
        facts,
    }))
}

/// A folder's tiles: its frames spread over the tiles, each fitted by ffmpeg.
fn folder_tiles(
    request: &SheetRequest,
    tile_width: u32,
    scratch: &Path,
    ffmpeg: &pipeline::Ffmpeg,
) -> Result<Made> {
    let picked = folder::pick(
        &request.input,
        request.glob.clone(),
        request.sort,
        request.grid,
    )?;
    // The tiles' shape: the first frame's (a folder's frames usually share one).
    let (w, h) = crate::header::read_header(&picked.frames.paths[0])
        .map(|header| (header.width, header.height))
        .unwrap_or((picked.frames.width, picked.frames.height));
    let tile_height = ((u64::from(tile_width) * u64::from(h)) / u64::from(w.max(1))).max(1) as u32;
    let fitting = folder::Fitting {
        picked: &picked,
        scratch,
        box_width: tile_width,
        box_height: tile_height,
    };
    let commands = fitting.commands();
    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !request.common.dry_run) else {
        let program = ffmpeg.source.program_for_display();
        let mut lines = shell::make_folder_then(scratch.as_os_str());
        for (k, args) in commands.iter().enumerate() {
            if k > 0 {
                lines.extend_from_slice(b" && ");
            }
            lines.extend(shell::command_line(program.as_ref(), args));
        }
        return Ok(Made::DryRun(lines));
    };
    let paths = fitting.run(ffmpeg_path, !request.common.quiet)?;
    let frames = &picked.frames;
    let size = match frames.smallest == (frames.width, frames.height) {
        true => format!("{}x{}", frames.width, frames.height),
        false => format!("up to {}x{}", frames.width, frames.height),
    };
    let dir_name = request
        .input
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| shown(&request.input));
    let header = layout::header_text(&[
        Some(dir_name),
        Some(match frames.paths.len() {
            1 => "1 frame".to_string(),
            count => format!("{count} frames"),
        }),
        Some(size),
    ]);
    let mut tiles = Vec::new();
    let mut facts = Vec::new();
    for (k, (&index, path)) in picked.shown.iter().zip(paths).enumerate() {
        let source = &frames.paths[index];
        let caption = folder::caption(source);
        facts.push(json!({ "tile": k + 1, "file": caption, "index": index }));
        tiles.push(Tile { path, caption });
    }
    Ok(Made::Tiles(Tiles {
        header,
        tiles,
        facts,
    }))
}

/// Fewer frames than tiles: all are shown, and the rows left empty are left out.
pub(crate) fn few_frames_warning(input: &Path, frames: u64, grid: GridSize) {
    let rows = layout::rows_used(grid, frames as usize).rows;
    crate::term::stderr::warn(&format!(
        "{} has {frames} frame{} for the {} tiles of --grid {grid}: all are shown, on {rows} \
         row{} of {}",
        shown(input),
        if frames == 1 { "" } else { "s" },
        grid.cells(),
        if rows == 1 { "" } else { "s" },
        grid.columns,
    ));
}
