//! Shell completions and the man page, generated from the command-line definition.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;

/// Writes the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut stdout = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "framekit", &mut stdout);
    stdout.flush()?;
    Ok(())
}

/// The man pages framekit has besides its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ManPage {
    /// framekit-stitch(1), every option of `framekit stitch`.
    Stitch,
    /// framekit-split(1), every option of `framekit split`.
    Split,
    /// framekit-sheet(1), every option of `framekit sheet`.
    Sheet,
}

/// A man page, in roff: framekit(1), or a command's page with every option.
pub fn man_page(page: Option<ManPage>) -> Result<Vec<u8>> {
    let top = Cli::command();
    let command = match page {
        None => top,
        Some(page) => {
            let (name, page_name) = match page {
                ManPage::Stitch => ("stitch", "framekit-stitch"),
                ManPage::Split => ("split", "framekit-split"),
                ManPage::Sheet => ("sheet", "framekit-sheet"),
            };
            top.find_subcommand(name)
                .expect("the command exists")
                .clone()
                .name(page_name)
                .bin_name(format!("framekit {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(command).render(&mut roff)?;
    Ok(roff)
}

/// Writes a man page on stdout.
pub fn man(page: Option<ManPage>) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&man_page(page)?)?;
    stdout.flush()?;
    Ok(())
}
