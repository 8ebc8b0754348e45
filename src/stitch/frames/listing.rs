//! The files of DIR (and its subfolders, with `--recursive`) whose names match `--glob`,
//! with a hint when none does.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;
use glob::{MatchOptions, Pattern};

use crate::error::Failure;
use crate::signals;
use crate::term::shown::shown;

/// The files of `dir` whose names match `pattern`, by their path inside `dir`, in no order;
/// an error when none does. `recursive` goes into subfolders (not hidden ones, and not
/// through symlinks to folders, which could loop).
pub fn matching_names(dir: &Path, pattern: &str, recursive: bool) -> Result<Vec<Candidate>> {
    let matcher = Pattern::new(pattern)
        .map_err(|e| Failure::usage(format!("--glob '{pattern}' is not a valid pattern: {e}")))?;
    let mut names = Vec::new();
    let mut near_misses = Vec::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(inner) = folders.pop() {
        let listed = list_matching(dir, &inner, &matcher, recursive)?;
        names.extend(listed.names);
        near_misses.extend(listed.near_misses);
        folders.extend(listed.subfolders);
    }
    if names.is_empty() {
        return Err(no_match(dir, pattern));
    }
    warn_of_near_misses(dir, pattern, near_misses);
    Ok(names)
}

/// Files that match the pattern but for the case of a letter (`IMG_0003.JPG` among
/// `*.jpg`): a camera or a copy that changed case would otherwise drop a frame silently.
fn warn_of_near_misses(dir: &Path, pattern: &str, mut near_misses: Vec<OsString>) {
    near_misses.sort_unstable_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    let Some(first) = near_misses.first() else {
        return;
    };
    let others = match near_misses.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    crate::term::stderr::warn(&format!(
        "{}{others} left out: --glob '{pattern}' matches names in that case only; \
         --glob {} matches both",
        shown(&dir.join(first)),
        crate::term::shell::quote_str(&ignoring_case(pattern))
    ));
}

/// The pattern with each letter outside a `[...]` class made a class of both cases.
fn ignoring_case(pattern: &str) -> String {
    let mut out = String::new();
    let mut in_class = false;
    for c in pattern.chars() {
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ => {}
        }
        if !in_class && c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_lowercase());
            out.push(c.to_ascii_uppercase());
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
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

/// What one folder of DIR holds.
struct Listed {
    names: Vec<Candidate>,
    /// Names that match only when case is ignored.
    near_misses: Vec<OsString>,
    subfolders: Vec<PathBuf>,
}

/// The entries of `inner` (a folder inside `dir`, by its relative path), each named by its
/// path inside `dir`.
fn list_matching(dir: &Path, inner: &Path, matcher: &Pattern, recursive: bool) -> Result<Listed> {
    // DIR itself as given (`frames`, not `frames/`), for the messages that name it.
    let folder = if inner.as_os_str().is_empty() {
        dir.to_path_buf()
    } else {
        dir.join(inner)
    };
    let entries = fs::read_dir(&folder).map_err(|e| dir_error(&folder, e))?;
    // A leading dot must be matched literally, as in a shell: hidden files (and framekit's own
    // temporary files) are never frames unless the pattern asks for them.
    let options = MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let ignoring_case = MatchOptions {
        case_sensitive: false,
        ..options
    };
    let mut listed = Listed {
        names: Vec::new(),
        near_misses: Vec::new(),
        subfolders: Vec::new(),
    };
    for entry in entries {
        signals::check()?;
        let entry = entry.map_err(|e| dir_error(&folder, e))?;
        let name = entry.file_name();
        // On Linux and macOS the type comes with the entry, without a system call.
        let kind = entry.file_type().ok();
        let relative = || inner.join(&name).into_os_string();
        if recursive && kind.is_some_and(|t| t.is_dir()) {
            if !name.as_encoded_bytes().starts_with(b".") {
                listed.subfolders.push(PathBuf::from(relative()));
            }
            continue;
        }
        // Names need not be UTF-8; an undecodable byte matches `*` or `?` like any character.
        let text = name.to_string_lossy();
        if matcher.matches_with(&text, options) {
            let regular = kind.is_some_and(|t| t.is_file());
            listed.names.push(Candidate {
                name: relative(),
                regular,
            });
        } else if matcher.matches_with(&text, ignoring_case) {
            listed.near_misses.push(relative());
        }
    }
    Ok(listed)
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
            "{count} file(s) there end in .{extension}; try --glob {}",
            crate::term::shell::quote_str(&format!("*.{extension}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_ignoring_case_match_both_cases() {
        assert_eq!(ignoring_case("*.jpg"), "*.[jJ][pP][gG]");
        assert_eq!(
            ignoring_case("IMG_[0-9]*.png"),
            "[iI][mM][gG]_[0-9]*.[pP][nN][gG]"
        );
        let pattern = Pattern::new(&ignoring_case("*.jpg")).unwrap();
        assert!(pattern.matches("IMG_0003.JPG") && pattern.matches("a.jpg"));
    }
}
