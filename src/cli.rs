//! The command line: clap derive types only. Doc comments are the `--help` text.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::rate::FrameRate;
use crate::timecode::Timecode;

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    failure: bad frames or video, ffmpeg failed, I/O error (nothing is written)
  2    usage error: bad or conflicting arguments
  127  ffmpeg not found
  130  interrupted by SIGINT (Ctrl-C)
  143  stopped by SIGTERM";

const STITCH_EXAMPLES: &str = "\
Examples:
  framekit stitch ./frames -o movie.mp4
      every *.png in ./frames, in byte order of their names, at 25 fps
  framekit stitch ./plots -o training.mp4 --sort natural --fps 10
      plot_2.png before plot_10.png
  framekit stitch ./frames -o preview.gif --fps 12
      a GIF with an optimised palette
  framekit stitch ./camera -o timelapse.mp4 --glob '*.JPG' --fps 30
      a timelapse from JPEG photos
  framekit stitch ./frames -o clip.mp4 --audio music.mp3
      with a soundtrack, cut or padded with silence to the video's length
  framekit stitch ./frames -o movie.mp4 --dry-run
      print the equivalent ffmpeg command instead of running it
  for d in runs/*/; do framekit stitch \"$d\" -o \"${d%/}.mp4\" --quiet || echo \"failed: $d\"; done
      one video per folder, from a script";

const SPLIT_EXAMPLES: &str = "\
Examples:
  framekit split movie.mp4 ./out
      every frame, as out/img_00001.png, out/img_00002.png, ...
  framekit split movie.mp4 ./out --start 1:30 --end 1:45 --format jpg
      fifteen seconds of JPEG frames
  framekit split movie.mp4 ./out --fps 1 --manifest
      one frame a second, plus out/frames.csv with each frame's timestamp
  framekit split movie.mp4 ./out --every 10 --format jpg
      every tenth frame, as JPEG
  framekit stitch ./frames -o exact.mkv --lossless && framekit split exact.mkv ./back
      a lossless round trip: ./back holds the same pixels as ./frames
  for v in *.mp4; do framekit split \"$v\" \"frames/${v%.mp4}\" --quiet; done
      frames of many videos, from a script";

const TOP_EXAMPLES: &str = "\
Examples:
  framekit stitch ./frames -o movie.mp4      a folder of PNGs into a playable video
  framekit split movie.mp4 ./out             a video into out/img_00001.png, ...
  framekit stitch --help                     more examples: GIFs, timelapses, soundtracks";

/// Turn a folder of images into a video, and a video back into numbered images,
/// by running exactly the right ffmpeg command.
#[derive(Debug, Parser)]
#[command(
    name = "framekit",
    version,
    propagate_version = true,
    after_help = format!("{TOP_EXAMPLES}\n\n{EXIT_CODES}")
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Encode the images in a folder into a video or GIF.
    #[command(after_help = format!("{STITCH_EXAMPLES}\n\n{EXIT_CODES}"))]
    Stitch(StitchArgs),
    /// Write every frame of a video as a numbered image.
    #[command(after_help = format!("{SPLIT_EXAMPLES}\n\n{EXIT_CODES}"))]
    Split(SplitArgs),
    /// Print a shell completion script.
    ///
    /// Example: framekit completions bash > ~/.local/share/bash-completion/completions/framekit
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print framekit's man page (roff).
    ///
    /// Example: framekit man > ~/.local/share/man/man1/framekit.1
    Man,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Replace existing output instead of refusing to touch it.
    #[arg(long)]
    pub force: bool,

    /// Validate and print the equivalent ffmpeg command (POSIX shell) on stdout; run nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// On success print one JSON object on stdout describing the result.
    #[arg(long)]
    pub json: bool,

    /// Print only warnings and errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// The ffmpeg binary to run [default: $FRAMEKIT_FFMPEG, else ffmpeg on PATH].
    #[arg(long, value_name = "PATH")]
    pub ffmpeg: Option<PathBuf>,
}

/// The order of frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    /// By the bytes of the file name, independent of locale (`frame_10` before `frame_2`).
    Bytes,
    /// Numbers in names compare as numbers (`frame_2` before `frame_10`).
    Natural,
}

#[derive(Debug, Args)]
pub struct StitchArgs {
    /// Folder holding the frames (only files directly inside it are used).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Files after DIR: a pattern the shell expanded (`stitch plots/*.png`). Never valid;
    /// taken only to explain what to type instead of clap's bare "unexpected argument".
    #[arg(value_name = "FILES", hide = true)]
    pub stray: Vec<PathBuf>,

    /// The video to write; its extension picks the format: .mp4 .m4v .mov .mkv .webm .gif
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: PathBuf,

    /// Which files are frames: a shell-style pattern on the file name.
    #[arg(long, value_name = "PATTERN", default_value = "*.png")]
    pub glob: String,

    /// Frame order [default: bytes, with a warning when natural order differs].
    #[arg(long, value_enum, value_name = "ORDER")]
    pub sort: Option<SortOrder>,

    /// Frames per second: 25, 29.97 or 30000/1001.
    #[arg(long, value_name = "RATE", default_value = "25")]
    pub fps: FrameRate,

    /// Quality: lower is better and larger (H.264 0-51, default 23; VP9 0-63, default 32).
    #[arg(long, value_name = "N")]
    pub crf: Option<u8>,

    /// Encoder speed preset, e.g. ultrafast, medium, veryslow (H.264/H.265 only).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    /// Video encoder instead of the one the extension picks, e.g. libx265.
    #[arg(long, value_name = "NAME")]
    pub codec: Option<String>,

    /// Add a soundtrack; the video's length governs (longer audio is cut, shorter is padded).
    #[arg(long, value_name = "FILE")]
    pub audio: Option<PathBuf>,

    /// Scale frames to this width, keeping their shape (e.g. 1280 for camera photos).
    #[arg(long, value_name = "PIXELS", value_parser = clap::value_parser!(u32).range(2..=16384))]
    pub width: Option<u32>,

    /// Allow frames of different sizes: centre each on the largest, on this colour (white,
    /// black, #RRGGBB), as matplotlib's bbox_inches="tight" needs.
    #[arg(long, value_name = "COLOUR")]
    pub pad: Option<String>,

    /// Encode so that `framekit split` gives back identical pixels (.mkv: FFV1; .mp4/.mov:
    /// H.264 RGB at qp 0, which few players other than ffmpeg's can show).
    #[arg(long)]
    pub lossless: bool,

    #[command(flatten)]
    pub common: CommonArgs,

    /// Extra ffmpeg output options, placed after framekit's own (e.g. -- -tune animation).
    #[arg(last = true, value_name = "FFMPEG_OPTIONS", allow_hyphen_values = true)]
    pub extra: Vec<OsString>,
}

/// The image format `split` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// Lossless PNG.
    Png,
    /// JPEG at high quality (smaller, lossy).
    Jpg,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The video to read.
    #[arg(value_name = "VIDEO")]
    pub video: PathBuf,

    /// Folder for the frames; created when missing.
    #[arg(value_name = "OUT_DIR")]
    pub out_dir: PathBuf,

    /// Start of each file name.
    #[arg(long, value_name = "TEXT", default_value = "img_")]
    pub prefix: String,

    /// Zero-padded width of the frame number [default: 5, or more for longer videos].
    #[arg(long, value_name = "N")]
    pub digits: Option<u8>,

    /// Image format of the frames.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "png")]
    pub format: ImageFormat,

    /// Sample this many frames per second instead of keeping every frame.
    #[arg(long, value_name = "RATE", conflicts_with = "every")]
    pub fps: Option<FrameRate>,

    /// Keep every Nth frame (1 keeps all).
    #[arg(long, value_name = "N")]
    pub every: Option<u64>,

    /// Start at this time: seconds (12.5) or [HH:]MM:SS[.frac].
    #[arg(long, value_name = "TIME")]
    pub start: Option<Timecode>,

    /// Stop at this time: seconds (12.5) or [HH:]MM:SS[.frac].
    #[arg(long, value_name = "TIME")]
    pub end: Option<Timecode>,

    /// Also write frames.csv in OUT_DIR: index,file,pts_seconds for each frame.
    #[arg(long)]
    pub manifest: bool,

    /// Faster PNG writing with less compression (still lossless; larger files).
    #[arg(long)]
    pub fast: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
