//! Generated documentation stays in step with the command line, and every `--help` text is
//! a reviewed snapshot.
//!
//! One module a topic: `command_line` (man pages, help, usage and exit codes against the real
//! command line), `links` (every link in the docs leads somewhere) and `install` (every
//! install command names this project's package). The readers of the repository's pages are
//! here.

use std::path::Path;
use std::process::Command;

use crate::support::run::{fails, FRAMEKIT};

mod command_line;
mod install;
mod links;

/// A file of the repository, as text (`path` relative to its top, with `/`).
fn repository_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// README.md and every `docs/*.md`, as paths relative to the top of the repository.
fn markdown_pages() -> Vec<String> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut pages: Vec<String> = std::fs::read_dir(docs)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    pages.sort();
    pages.insert(0, "README.md".to_string());
    pages
}

/// Markdown text without its fenced code blocks (their lines become empty).
fn without_code_blocks(text: &str) -> String {
    let mut fenced = false;
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                ""
            } else if fenced {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
