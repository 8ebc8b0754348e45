//! framekit: a folder of images into a video, and a video back into numbered images.

mod cli;
mod damaged_frame;
mod docs;
mod error;
mod exif_orientation;
mod ffmpeg;
mod frame_header;
mod frames;
mod frames_source;
mod jpeg_header;
mod output;
mod png_layout;
mod probe;
mod process_group;
mod progress;
mod rate;
mod report;
mod run;
mod shell;
mod shown;
mod signals;
mod split;
mod split_plan;
mod staging;
mod stitch;
mod stitch_plan;
mod style;
mod timecode;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let result = signals::install()
        .map_err(anyhow::Error::from)
        .and_then(|()| match cli.command {
            cli::Command::Stitch(args) => stitch::stitch(args),
            cli::Command::Split(args) => split::split(args),
            cli::Command::Completions { shell } => docs::completions(shell),
            cli::Command::Man => docs::man(),
        });
    let code = match result {
        Ok(()) => error::exit::SUCCESS,
        Err(error) => {
            style::to_stderr(&error::render(&error, &style::Style::for_stderr()));
            error::exit_code(&error)
        }
    };
    std::process::exit(code);
}
