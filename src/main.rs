//! framekit: a folder of images into a video, and a video back into numbered images.
//!
//! Wiring only: parse the command line, run the command, turn the error into an exit code.
//! ARCHITECTURE.md maps the folders.

mod cli;
mod colour_profile;
mod error;
mod ffmpeg;
mod gif;
mod header;
mod output;
mod pipe;
mod pipeline;
mod sheet;
mod signals;
mod split;
mod stitch;
mod term;
mod text;
mod time;

fn main() {
    let cli = cli::parse();
    if cli
        .command
        .common()
        .is_some_and(|common| common.progress_json)
    {
        term::progress_report::use_json_lines();
    }
    let result = signals::install()
        .map_err(anyhow::Error::from)
        .and_then(|()| match cli.command {
            cli::Command::Stitch(args) => stitch::run(args.into_request()?),
            cli::Command::Split(args) => split::run(args.into_request()),
            cli::Command::Sheet(args) => sheet::run(args.into_request()),
            cli::Command::Completions { shell } => cli::generated::completions(shell),
            cli::Command::Man { command } => cli::generated::man(command),
        });
    let code = match result {
        Ok(()) => error::exit::SUCCESS,
        Err(error) => {
            let style = term::style::Style::for_stderr();
            term::stderr::to_stderr(&error::render(&error, &style));
            error::exit_code(&error)
        }
    };
    std::process::exit(code);
}
