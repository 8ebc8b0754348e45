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

/// The man page, in roff.
pub fn man_page() -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Ok(page)
}

/// Writes the man page on stdout.
pub fn man() -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&man_page()?)?;
    stdout.flush()?;
    Ok(())
}
