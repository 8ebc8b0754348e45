//! The files of DIR (and its subfolders, with `--recursive`) whose names match `--glob`, or,
//! without it, its PNGs (its JPEGs when it has none); with a hint when none does.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;
use glob::{MatchOptions, Pattern};

use crate::error::Failure;
use crate::signals;
use crate::term::shown::shown;

/// How names match a pattern. Case is ignored, in the whole pattern: `*.jpg` takes a camera's
/// `IMG_0001.JPG`, as it would on Windows and macOS, where names differ in case only for show.
/// A leading dot must be matched literally, as in a shell: hidden files (and framekit's own
/// temporary files) are never frames unless the pattern asks for them.
pub const MATCHING: MatchOptions = MatchOptions {
    case_sensitive: false,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// The files of `dir` whose names match `pattern`, by their path inside `dir`, in no order;
/// an error when none does. `recursive` goes into subfolders (not hidden ones, and not
/// through symlinks to folders, which could loop).
pub fn matching_names(dir: &Path, pattern: &str, recursive: bool) -> Result<Vec<Candidate>> {
    let matcher = Pattern::new(pattern)
        .map_err(|e| Failure::usage(format!("--glob '{pattern}' is not a valid pattern: {e}")))?;
    let names = matching_any(dir, &[matcher], recursive)?;
    if names.is_empty() {
        return Err(no_match(dir, pattern));
    }
    Ok(names.into_iter().map(|(_, name)| name).collect())
}

/// The frames when `--glob` is not given: PNG's, or else JPEG's two extensions.
const PNG: &str = "*.png";
const JPEG: [&str; 2] = ["*.jpg", "*.jpeg"];

/// The frames of `dir` when `--glob` is not given: its PNGs; in a folder without any (a
/// camera's), its JPEGs, said once in a warning. A folder of both gives its PNGs, as when
/// `--glob '*.png'` is given; an error when it holds neither.
pub fn default_names(dir: &Path, recursive: bool) -> Result<Vec<Candidate>> {
    let matchers: Vec<Pattern> = [PNG, JPEG[0], JPEG[1]]
        .into_iter()
        .map(|pattern| Pattern::new(pattern).expect("a valid pattern"))
        .collect();
    let (png, jpeg): (Vec<_>, Vec<_>) = matching_any(dir, &matchers, recursive)?
        .into_iter()
        .partition(|(matched, _)| *matched == 0);
    let chosen = match (png.is_empty(), jpeg.len()) {
        (false, _) => png,
        (true, 0) => {
            return Err(Failure::failed(format!(
                "no file in {} matches {PNG}, {} or {}",
                shown(dir),
                JPEG[0],
                JPEG[1]
            ))
            .into())
        }
        (true, count) => {
            let (place, whose) = match recursive {
                true => (" or its subfolders", "their"),
                false => ("", "its"),
            };
            let files = if count == 1 { "file" } else { "files" };
            crate::term::stderr::warn(&format!(
                "no {PNG} in {}{place}: taking {whose} {count} JPEG {files} ({}, {})",
                shown(dir),
                JPEG[0],
                JPEG[1]
            ));
            jpeg
        }
    };
    Ok(chosen.into_iter().map(|(_, name)| name).collect())
}

/// The files of `dir` matching any of `matchers`, each with the index of the first it matches.
fn matching_any(
    dir: &Path,
    matchers: &[Pattern],
    recursive: bool,
) -> Result<Vec<(usize, Candidate)>> {
    let mut names = Vec::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(inner) = folders.pop() {
        let listed = list_matching(dir, &inner, matchers, recursive)?;
        names.extend(listed.names);
        folders.extend(listed.subfolders);
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

/// What one folder of DIR holds.
struct Listed {
    /// The matching files, each with the index of the first pattern it matches.
    names: Vec<(usize, Candidate)>,
    subfolders: Vec<PathBuf>,
}

/// The entries of `inner` (a folder inside `dir`, by its relative path), each named by its
/// path inside `dir`.
fn list_matching(
    dir: &Path,
    inner: &Path,
    matchers: &[Pattern],
    recursive: bool,
) -> Result<Listed> {
    // DIR itself as given (`frames`, not `frames/`), for the messages that name it.
    let folder = if inner.as_os_str().is_empty() {
        dir.to_path_buf()
    } else {
        dir.join(inner)
    };
    let entries = fs::read_dir(&folder).map_err(|e| dir_error(&folder, e))?;
    let mut listed = Listed {
        names: Vec::new(),
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
        if let Some(matched) = matchers
            .iter()
            .position(|m| m.matches_with(&text, MATCHING))
        {
            let regular = kind.is_some_and(|t| t.is_file());
            let name = relative();
            listed.names.push((matched, Candidate { name, regular }));
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
    fn names_match_in_any_case_but_hidden_ones_only_by_their_dot() {
        let jpg = Pattern::new("*.jpg").unwrap();
        assert!(jpg.matches_with("IMG_0001.JPG", MATCHING));
        assert!(jpg.matches_with("a.Jpg", MATCHING));
        assert!(!jpg.matches_with(".hidden.jpg", MATCHING));
        assert!(!jpg.matches_with("a.jpeg", MATCHING));
        let class = Pattern::new("[a-c]*.png").unwrap();
        assert!(class.matches_with("B1.PNG", MATCHING));
        assert!(!class.matches_with("d1.png", MATCHING));
    }
}
