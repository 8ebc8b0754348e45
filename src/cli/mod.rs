//! The command line: clap's types (their doc comments are the `--help` text), the value
//! parsers for rates and times, and what is generated from them (completions, man pages).
//! Each command's arguments convert once into that command's own request type.

pub mod box_size;
pub mod byte_size;
pub mod frame_rate;
pub mod generated;
pub mod grid_size;
pub mod help;
pub mod sheet_args;
pub mod split_args;
pub mod stitch_args;
pub mod timecode;
pub mod whole_number;

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand};

use crate::error::exit;
use help::{SHEET_EXAMPLES, SPLIT_EXAMPLES, STITCH_EXAMPLES, TOP_EXAMPLES};
use sheet_args::SheetArgs;
use split_args::SplitArgs;
use stitch_args::StitchArgs;

/// Turn a folder of images into a video, and a video back into numbered images,
/// by running exactly the right ffmpeg command.
#[derive(Debug, Parser)]
#[command(
    name = "framekit",
    // Not argv[0]'s file name: usage and help say `framekit`, also as framekit.exe.
    bin_name = "framekit",
    version,
    propagate_version = true,
    after_help = format!("{TOP_EXAMPLES}\n\n{}", exit::help_text())
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Encode the images in a folder into a video or GIF.
    #[command(after_help = format!("{STITCH_EXAMPLES}\n\n{}", exit::help_text()))]
    Stitch(Box<StitchArgs>),
    /// Write the frames of a video (every one, or those a mode picks) as numbered images.
    #[command(after_help = format!("{SPLIT_EXAMPLES}\n\n{}", exit::help_text()))]
    Split(Box<SplitArgs>),
    /// Draw a contact sheet: a grid of a video's frames (or a folder's), each captioned,
    /// under a header that describes the input.
    #[command(after_help = format!("{SHEET_EXAMPLES}\n\n{}", exit::help_text()))]
    Sheet(Box<SheetArgs>),
    /// Print a shell completion script.
    ///
    /// Example: framekit completions bash > ~/.local/share/bash-completion/completions/framekit
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print framekit's man page (roff), or a command's: framekit-stitch(1), framekit-split(1),
    /// framekit-sheet(1).
    ///
    /// Example: framekit man stitch > ~/.local/share/man/man1/framekit-stitch.1
    Man {
        /// The command whose page to print [default: framekit's own].
        #[arg(value_enum)]
        command: Option<generated::ManPage>,
    },
}

impl Command {
    /// The options shared by stitch, split and sheet, when this is one of them.
    pub fn common(&self) -> Option<&Common> {
        match self {
            Command::Stitch(args) => Some(&args.common),
            Command::Split(args) => Some(&args.common),
            Command::Sheet(args) => Some(&args.common),
            _ => None,
        }
    }
}

/// Parses the command line, or exits 2 with clap's message. clap's tip for a value that
/// starts with `-` ("use '-- -1'") is replaced: in framekit, `--` starts ffmpeg's options.
pub fn parse() -> Cli {
    let error = match Cli::try_parse() {
        Ok(cli) => return cli,
        Err(error) => error,
    };
    if error.kind() == ErrorKind::DisplayVersion {
        print_version();
    }
    let value = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(value)) if error.kind() == ErrorKind::UnknownArgument => {
            value.clone()
        }
        _ => error.exit(),
    };
    let clap_tip = format!("  tip: to pass '{value}' as a value, use '-- {value}'");
    let text = error.render().to_string();
    if !text.contains(&clap_tip) {
        error.exit();
    }
    let tip = format!(
        "  tip: to give '{value}' as an option's value, write the option and the value as one word \
         (--name={value}); a file whose name starts with '-' is ./{value}; everything after '--' goes to ffmpeg"
    );
    crate::term::stderr::to_stderr(&text.replace(&clap_tip, &tip));
    std::process::exit(exit::USAGE);
}

/// `--version`: framekit's, and the ffmpeg it would use (found as a run would find it).
fn print_version() -> ! {
    use crate::ffmpeg::locate::{self, Source};
    let source = Source::choose(None);
    let ffmpeg = match source.locate() {
        Ok(path) => {
            let version =
                locate::version_line(&path).unwrap_or_else(|| "its version unknown".to_string());
            let whence = match source {
                Source::Bundled(_) => ", imageio-ffmpeg's",
                _ => "",
            };
            format!("{} ({version}{whence})", crate::term::shown::shown(&path))
        }
        Err(_) => format!(
            "not found (framekit looks at {}; {} brings one)",
            locate::SEARCH_ORDER,
            locate::PIP_INSTALL_WITH_FFMPEG
        ),
    };
    crate::term::stderr::to_stdout(&format!(
        "framekit {}\nffmpeg: {ffmpeg}\n",
        env!("CARGO_PKG_VERSION")
    ));
    std::process::exit(exit::SUCCESS);
}

/// The options every command takes: flattened into each command's arguments by clap, and
/// handed as they are to the steps both commands share (`pipeline`).
#[derive(Debug, Clone, Default, Args)]
pub struct Common {
    /// Replace existing output instead of refusing to touch it.
    #[arg(long)]
    pub force: bool,

    /// Validate and print the equivalent ffmpeg command on stdout (for a POSIX shell; on
    /// Windows for cmd.exe); run nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// On success print one JSON object on stdout describing the result.
    #[arg(long)]
    pub json: bool,

    /// Print only warnings and errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// Report progress on stderr as JSON lines (for programs), not as a bar.
    ///
    /// One {"progress":{"done":N,"total":M or null,"unit":"frames"}} a line, whatever
    /// stderr is: up to 4 a second, and once at the end. --quiet wins.
    #[arg(long)]
    pub progress_json: bool,

    /// The ffmpeg binary to run [default: $FRAMEKIT_FFMPEG, else ffmpeg on PATH, else
    /// imageio-ffmpeg's beside framekit].
    #[arg(long, value_name = "PATH")]
    pub ffmpeg: Option<PathBuf>,
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
