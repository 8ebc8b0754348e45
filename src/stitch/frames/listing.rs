//! The files of DIR whose names match `--glob`, with a hint when none does.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::Path;

use anyhow::Result;
use glob::{MatchOptions, Pattern};

use crate::error::Failure;
use crate::signals;
use crate::term::shown::shown;

/// The entries of `dir` whose names match `pattern`, in no order; an error when none does.
pub fn matching_names(dir: &Path, pattern: &str) -> Result<Vec<Candidate>> {
    let matcher = Pattern::new(pattern)
        .map_err(|e| Failure::usage(format!("--glob '{pattern}' is not a valid pattern: {e}")))?;
    let names = list_matching(dir, &matcher)?;
    if names.is_empty() {
        return Err(no_match(dir, pattern));
    }
    Ok(names)
}

/// A directory entry whose name matched.
pub struct Candidate {
    pub name: OsString,
    /// readdir already said it is a regular file (not a symlink), so it needs no stat.
    pub regular: bool,
}

impl AsRef<OsStr> for Candidate {
    fn as_ref(&self) -> &OsStr {
        &self.name
    }
}

fn list_matching(dir: &Path, matcher: &Pattern) -> Result<Vec<Candidate>> {
    let entries = fs::read_dir(dir).map_err(|e| dir_error(dir, e))?;
    // A leading dot must be matched literally, as in a shell: hidden files (and framekit's own
    // temporary files) are never frames unless the pattern asks for them.
    let options = MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let mut names = Vec::new();
    for entry in entries {
        signals::check()?;
        let entry = entry.map_err(|e| dir_error(dir, e))?;
        let name = entry.file_name();
        // Names need not be UTF-8; an undecodable byte matches `*` or `?` like any character.
        if matcher.matches_with(&name.to_string_lossy(), options) {
            // On Linux and macOS the type comes with the entry, without a system call.
            let regular = entry.file_type().is_ok_and(|t| t.is_file());
            names.push(Candidate { name, regular });
        }
    }
    Ok(names)
}

fn dir_error(dir: &Path, error: io::Error) -> anyhow::Error {
    let message = match error.kind() {
        io::ErrorKind::NotFound => format!("the frames folder {} does not exist", shown(dir)),
        io::ErrorKind::NotADirectory => format!("{} is not a folder", shown(dir)),
        io::ErrorKind::PermissionDenied => {
            format!(
                "cannot read the frames folder {}: permission denied",
                shown(dir)
            )
        }
        _ => format!("cannot read the frames folder {}: {error}", shown(dir)),
    };
    Failure::failed(message).into()
}

fn no_match(dir: &Path, pattern: &str) -> anyhow::Error {
    let mut failure = Failure::failed(format!(
        "no file in {} matches the pattern '{pattern}'",
        shown(dir)
    ));
    if let Some((extension, count)) = commonest_extension(dir) {
        failure = failure.hint(format!(
            "{count} file(s) there end in .{extension}; try --glob '*.{extension}'"
        ));
    }
    anyhow::Error::from(failure)
}

/// The most frequent image extension in `dir` (as spelled there: `JPG`), for the "did you
/// mean" hint; a folder of videos or notes gets no suggestion.
fn commonest_extension(dir: &Path) -> Option<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name();
        let Some(extension) = Path::new(&name).extension() else {
            continue;
        };
        let extension = extension.to_string_lossy();
        if ["png", "jpg", "jpeg"].contains(&extension.to_ascii_lowercase().as_str()) {
            *counts.entry(extension.into_owned()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, count)| *count)
}
