//! `framekit stitch`'s arguments, and their conversion into framekit's own types.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::box_size::BoxSize;
use crate::cli::byte_size::byte_size;
use crate::cli::frame_rate::FrameRate;
use crate::cli::grid_size::GridSize;
use crate::cli::timecode::Timecode;
use crate::cli::whole_number::{jobs, pixels, plays, whole_number};
use crate::cli::Common;
use crate::error::Failure;
use crate::stitch::colour::Colour;
use crate::stitch::frames::order::SortOrder;
use crate::stitch::frames::stream::raw::RawFormat;
use crate::stitch::grid::panels::Uneven;
use crate::stitch::grid::GridOptions;
use crate::stitch::label::{Label, LabelAt};
use crate::stitch::options::{FrameSelection, Hw, StdinFrames, StitchOptions, StitchRequest};
use crate::stitch::timing::TimingOptions;
use crate::term::shown::shown;

/// What frames on standard input have no use for: a folder, the choice of files in it and
/// their order, and files that name frames.
const STREAM_CONFLICTS: [&str; 7] = [
    "dir",
    "glob",
    "recursive",
    "null",
    "sort",
    "durations",
    "timestamps",
];

#[derive(Debug, Args)]
pub struct StitchArgs {
    /// Folder holding the frames (only files directly inside it, unless --recursive), or -
    /// to read the frames' paths from standard input, one per line (none with --stdin-frames).
    #[arg(value_name = "DIR", required_unless_present_any = ["stdin_frames", "raw"])]
    pub dir: Option<PathBuf>,

    /// More folders, side by side with DIR: frame i of each in one frame of the video, each
    /// fitted into a common cell keeping its shape, in one row (see --grid); needs -o.
    #[arg(value_name = "MORE_DIRS")]
    pub stray: Vec<PathBuf>,

    /// The video to write; its extension picks the format: .mp4 .m4v .mov .mkv .webm .gif
    /// .webp .apng [default: DIR.mp4 beside DIR; DIR - needs -o]
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,

    /// Which files are frames: a shell-style pattern on the file name, case ignored ('*.jpg'
    /// takes IMG_1.JPG) [default: *.png; in a folder without PNG, *.jpg and *.jpeg].
    #[arg(long, value_name = "PATTERN")]
    pub glob: Option<String>,

    /// Take frames from the subfolders of DIR too, ordered by their path inside DIR.
    #[arg(short, long)]
    pub recursive: bool,

    /// With DIR -: the paths on standard input end with a NUL byte (find -print0), not a
    /// line break.
    #[arg(short = '0', long)]
    pub null: bool,

    /// Read the frames themselves from standard input: whole PNG, JPEG or PNM/PAM images back
    /// to back, as `savefig(sys.stdout.buffer)` or PIL write them (no DIR; needs -o).
    ///
    /// They are kept in a hidden folder beside OUTPUT for the run, then encoded as a
    /// folder's frames; a stream that ends inside a frame, or holds something else, fails
    /// naming the frame and its byte offset.
    #[arg(long, conflicts_with_all = STREAM_CONFLICTS)]
    pub stdin_frames: bool,

    /// The frames on standard input are raw pixels of this size, back to back (implies
    /// --stdin-frames): WxH[:PIXFMT], PIXFMT one of rgb24 (default), rgba, gray, bgr24, bgra,
    /// rgb48le, rgba64le, gray16le (numpy's HxWxC uint8 or uint16 arrays, as tobytes()).
    #[arg(long, value_name = "WxH[:PIXFMT]", conflicts_with_all = STREAM_CONFLICTS)]
    pub raw: Option<RawFormat>,

    /// Frame order [default: bytes, with a warning when natural order differs].
    #[arg(long, value_enum, value_name = "ORDER")]
    pub sort: Option<SortOrder>,

    /// Frames per second: 25, 29.97 or 30000/1001.
    #[arg(long, value_name = "RATE", default_value = "25")]
    pub fps: FrameRate,

    /// Take the frame rate from this video (e.g. the one split made the frames from).
    #[arg(long, value_name = "VIDEO", conflicts_with = "fps")]
    pub fps_from: Option<PathBuf>,

    /// Show the last frame this long in all (seconds or [HH:]MM:SS[.frac]) instead of 1/fps.
    #[arg(long, value_name = "SECONDS")]
    pub hold_last: Option<Timecode>,

    /// Play the frames forward, then backward (a boomerang), the turning frames shown once:
    /// 1 2 3 4 3 2 for an animation that loops; a video, an animation that plays once, and
    /// --hold-last come back to frame 1 (1 2 3 4 3 2 1), which --hold-last holds.
    #[arg(long, conflicts_with = "timestamps")]
    pub bounce: bool,

    /// A CSV with a header line `file,seconds` giving frames their own time on screen;
    /// frames not listed keep 1/fps.
    #[arg(long, value_name = "FILE")]
    pub durations: Option<PathBuf>,

    /// split's frames.csv (its file and pts_seconds columns): each frame at its own time.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fps", "fps_from", "durations"])]
    pub timestamps: Option<PathBuf>,

    /// Quality: lower is better and larger (H.264 0-51, default 23; VP9 0-63, default 32).
    #[arg(long, value_name = "N", value_parser = whole_number::<u8>)]
    pub crf: Option<u8>,

    /// Encoder speed preset, e.g. ultrafast, medium, veryslow (H.264/H.265 only).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    /// Video encoder instead of the one the extension picks, e.g. libx265, or prores (ProRes
    /// 4444 with alpha, in .mov).
    #[arg(long, value_name = "NAME")]
    pub codec: Option<String>,

    /// Encode H.264 (HEVC with --codec libx265) on the GPU, falling back to software with a
    /// warning where it cannot be opened [default: software].
    ///
    /// auto takes the first encoder ffmpeg lists and the machine opens: videotoolbox on macOS;
    /// nvenc, qsv, then vaapi elsewhere. One named that this ffmpeg lacks entirely is an error
    /// (exit 2). --crf maps to the encoder's constant quality; not for GIF, WebP, APNG, WebM,
    /// ProRes, --lossless, --max-size or --preset.
    #[arg(long, value_enum, value_name = "API")]
    pub hw: Option<Hw>,

    /// Add a soundtrack; the video's length governs (longer audio is cut, shorter is padded).
    #[arg(long, value_name = "FILE")]
    pub audio: Option<PathBuf>,

    /// Scale frames to this width, keeping their shape (e.g. 1280 for camera photos).
    #[arg(long, value_name = "PIXELS", value_parser = pixels)]
    pub width: Option<u32>,

    /// Allow frames of different sizes: centre each on the largest, on this colour (white,
    /// black, #RRGGBB), as matplotlib's bbox_inches="tight" needs.
    #[arg(long, value_name = "COLOUR")]
    pub pad: Option<String>,

    /// Scale each frame to fit inside this box, keeping its shape, centred on the --pad
    /// colour (black by default): portrait and landscape photos in one video.
    #[arg(long, value_name = "WxH", conflicts_with = "width")]
    pub fit: Option<BoxSize>,

    /// With several folders: lay their panels out COLUMNSxROWS (e.g. 2x2) instead of in one
    /// row, left to right, then top to bottom.
    #[arg(long, value_name = "CxR", conflicts_with_all = ["stdin_frames", "raw"])]
    pub grid: Option<GridSize>,

    /// With several folders of different frame counts (refused without it): hold shows a
    /// shorter folder's last frame until the longest ends; shortest ends with the shortest.
    #[arg(long, value_enum, value_name = "HOW", conflicts_with_all = ["stdin_frames", "raw"])]
    pub uneven: Option<Uneven>,

    /// With several folders: no title (the folder's name) above each panel.
    #[arg(long, conflicts_with_all = ["stdin_frames", "raw"])]
    pub no_titles: bool,

    /// Composite transparent frames onto this colour (white, black, #RRGGBB) [default: white
    /// where the format has no alpha; .webm .gif .webp .apng and --codec prores keep it].
    #[arg(long, value_name = "COLOUR")]
    pub background: Option<String>,

    /// Keep the file at most this big (10MB, 900KB, 8MiB): a bitrate for video, the
    /// settings that cost least quality for GIF, WebP and APNG.
    #[arg(long, value_name = "SIZE", value_parser = byte_size, conflicts_with = "crf")]
    pub max_size: Option<u64>,

    /// GIF, WebP and APNG: play N times, then stop on the last frame [default: forever].
    #[arg(long, value_name = "N", value_parser = plays)]
    pub plays: Option<u32>,

    /// Encode so that `framekit split` gives back identical pixels (.mkv: FFV1; .mp4/.mov:
    /// H.264 RGB at qp 0, which few players other than ffmpeg's can show).
    #[arg(long)]
    pub lossless: bool,

    /// Draw text on every frame, white on a dark box: e.g. '{index}/{count} {name}' (fields
    /// {name} {index} {count} {time} {date} {dir}).
    ///
    /// {name}: the frame's file name; {index}: its number, from 1; {count}: how many frames;
    /// {time}: when it starts in the video (MM:SS.mmm); {date}: when the photo was taken
    /// (EXIF), else the file's modification time; {dir}: its folder's name. {{ and }} are
    /// braces. Frames from standard input have {index} and {time}. The text is 1/20 of the
    /// video's height, in framekit's own font (DejaVu Sans: Latin, Greek, Cyrillic and more;
    /// other characters show as a box), whatever fonts the machine or ffmpeg have.
    #[arg(long, value_name = "TEMPLATE")]
    pub label: Option<String>,

    /// Where the label goes: a corner, or the middle of the top or bottom edge.
    #[arg(
        long,
        value_enum,
        value_name = "POSITION",
        default_value = "bottom-left",
        requires = "label"
    )]
    pub label_at: LabelAt,

    /// How many ffmpeg processes decode big photos at once [default: one per core]; 1
    /// decodes them all in the encoder's process.
    #[arg(short = 'j', long, value_name = "N", value_parser = jobs)]
    pub jobs: Option<usize>,

    #[command(flatten)]
    pub common: Common,

    /// Extra ffmpeg output options, placed after framekit's own (e.g. -- -tune animation).
    #[arg(last = true, value_name = "FFMPEG_OPTIONS", allow_hyphen_values = true)]
    pub extra: Vec<OsString>,
}

impl StitchArgs {
    /// What the command line asks for, in framekit's own types; a bad colour is a usage
    /// error here, before anything is read.
    pub fn into_request(self) -> Result<StitchRequest, Failure> {
        check_no_own_options_after_dashes(&self.extra)?;
        let pad = self
            .pad
            .as_deref()
            .map(|text| Colour::parse(text, "--pad"))
            .transpose()?;
        let background = self
            .background
            .as_deref()
            .map(|text| Colour::parse(text, "--background"))
            .transpose()?;
        let stream =
            (self.stdin_frames || self.raw.is_some()).then_some(StdinFrames { raw: self.raw });
        let label = match &self.label {
            Some(template) if self.lossless => {
                return Err(Failure::usage(format!(
                    "--label {template:?} would change the pixels --lossless keeps exactly"
                ))
                .hint("leave out --lossless to draw labels, or --label to keep every pixel"))
            }
            Some(template) => Some(Label::new(template, self.label_at, stream.is_some())?),
            None => None,
        };
        let dir = self.dir.unwrap_or_default();
        let several_folders =
            !self.stray.is_empty() && dir.is_dir() && self.stray.iter().all(|d| d.is_dir());
        let output = match self.output {
            Some(output) => output,
            None if stream.is_some() => return Err(stream_needs_output()),
            None if several_folders => return Err(folders_need_output()),
            None => output_beside(&dir)?,
        };
        Ok(StitchRequest {
            frames: FrameSelection::new(
                dir,
                self.stray,
                self.glob,
                self.sort,
                self.recursive,
                self.null,
            )?
            .streamed(stream),
            options: StitchOptions {
                output,
                fps: self.fps,
                fps_from: self.fps_from,
                timing: TimingOptions {
                    hold_last: self.hold_last,
                    durations: self.durations,
                    timestamps: self.timestamps,
                },
                bounce: self.bounce,
                crf: self.crf,
                preset: self.preset,
                codec: self.codec,
                audio: self.audio,
                lossless: self.lossless,
                width: self.width,
                pad,
                fit: self.fit,
                background,
                plays: self.plays,
                max_size: self.max_size,
                jobs: self.jobs,
                hw: self.hw,
                label,
                extra: self.extra,
            },
            grid: GridOptions {
                size: self.grid,
                uneven: self.uneven,
                titles: !self.no_titles,
            },
            common: self.common,
        })
    }
}

/// The video when `-o` is not given: DIR's own name + `.mp4`, in DIR's parent (`frames` and
/// `frames/` give `frames.mp4`, `runs/a` gives `runs/a.mp4`). DIR as `.` or `..` has no name of
/// its own: the folder's real one, in its real parent (an absolute path). Frames listed on
/// standard input have no folder: `-o` is needed there (a usage error).
fn output_beside(dir: &Path) -> Result<PathBuf, Failure> {
    if dir.as_os_str() == "-" {
        return Err(Failure::usage(
            "stitch - needs -o OUTPUT: frames listed on standard input have no folder to name \
             the video after",
        )
        .hint("name the video: framekit stitch - -o out.mp4"));
    }
    let beside = |dir: &Path| {
        dir.file_name().map(|name| {
            let mut file = name.to_os_string();
            file.push(".mp4");
            dir.with_file_name(file)
        })
    };
    if let Some(output) = beside(dir) {
        return Ok(output);
    }
    let real = dir.canonicalize().map_err(|e| {
        Failure::usage(format!(
            "cannot name the video after the folder {}: {e}",
            shown(dir)
        ))
        .hint("name the video with -o OUTPUT")
    })?;
    beside(&without_verbatim_prefix(real)).ok_or_else(|| {
        Failure::usage(format!(
            "the folder {} has no name to call the video by",
            shown(dir)
        ))
        .hint("name the video with -o OUTPUT")
    })
}

/// A canonical path as people write it: on Windows, `C:\...` rather than `\\?\C:\...`
/// (which some programs, ffmpeg among them, may not take). Other paths as they are.
fn without_verbatim_prefix(path: PathBuf) -> PathBuf {
    let drive_path = path
        .to_str()
        .and_then(|text| text.strip_prefix(r"\\?\"))
        .filter(|rest| cfg!(windows) && rest.as_bytes().get(1) == Some(&b':'))
        .map(PathBuf::from);
    drive_path.unwrap_or(path)
}

fn folders_need_output() -> Failure {
    Failure::usage("several folders side by side need -o OUTPUT: no one folder names the video")
        .hint("name the video: framekit stitch run1 run2 -o compare.mp4")
}

fn stream_needs_output() -> Failure {
    Failure::usage("--stdin-frames needs -o OUTPUT: frames on standard input have no folder to name the video after")
        .hint("name the video: python plot.py | framekit stitch --stdin-frames -o plot.mp4")
}

/// framekit's own options after `--` would reach ffmpeg, which says only "Unrecognized
/// option": named as what they are instead.
fn check_no_own_options_after_dashes(extra: &[OsString]) -> Result<(), Failure> {
    let command = <StitchArgs as Args>::augment_args(clap::Command::new("stitch"));
    let own = extra.iter().find_map(|option| {
        let name = option.to_str()?.strip_prefix("--")?;
        let name = name.split_once('=').map_or(name, |(name, _)| name);
        command
            .get_arguments()
            .any(|arg| arg.get_long() == Some(name))
            .then(|| format!("--{name}"))
    });
    match own {
        Some(option) => Err(Failure::usage(format!(
            "{option} is framekit's own option, but it comes after --, where options go to ffmpeg"
        ))
        .hint(format!("move {option} before the --"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_video_is_named_after_its_folder_beside_it() {
        let named = |dir: &str| output_beside(Path::new(dir)).unwrap();
        assert_eq!(named("frames"), Path::new("frames.mp4"));
        assert_eq!(named("frames/"), Path::new("frames.mp4"));
        assert_eq!(named("runs/a"), Path::new("runs/a.mp4"));
        assert_eq!(named("runs/a.b/"), Path::new("runs/a.b.mp4"));
        // `.` by its real name, in its real parent.
        let here = std::env::current_dir().unwrap().canonicalize().unwrap();
        let mut file = here.file_name().unwrap().to_os_string();
        file.push(".mp4");
        let expected = without_verbatim_prefix(here.with_file_name(file));
        assert_eq!(named("."), expected);
        assert!(output_beside(Path::new("-")).is_err());
    }
}
