//! Catches the usual ways of naming frames that `stitch` does not take, before any work, and
//! says what to type instead: `stitch plots/*.png` (the shell expands it into files), a
//! pattern or a file as DIR, and a `--glob` with a folder in it. All are usage errors (exit 2).

use std::ffi::OsStr;
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;
use crate::stitch::frames::MATCHING;
use crate::stitch::options::FrameSelection;
use crate::term::shell;
use crate::term::shown::shown;

/// Checks DIR, the stray paths after it, and the pattern.
pub fn check(selection: &FrameSelection) -> Result<()> {
    let (dir, stray) = (&selection.dir, &selection.stray);
    // Several folders are side by side (`stitch::grid`); a file among them is a pattern
    // the shell expanded.
    let several_folders = dir.is_dir() && stray.iter().all(|path| path.is_dir());
    if !stray.is_empty() && !several_folders {
        return Err(Failure::usage(format!(
            "stitch takes folders, but got {} paths, not all folders: did the shell expand \
                 a pattern into file names?",
            stray.len() + 1
        ))
        .hint(suggestion(dir))
        .hint("several folders go side by side: framekit stitch run1 run2 -o compare.mp4")
        .into());
    }
    if dir.is_file() {
        return Err(Failure::usage(format!(
            "{} is a file; stitch takes the folder that holds the frames",
            shown(dir)
        ))
        .hint(suggestion(dir))
        .into());
    }
    let name = dir.file_name().map(OsStr::to_string_lossy);
    if !dir.exists() && name.is_some_and(|n| n.contains(['*', '?', '['])) {
        return Err(Failure::usage(format!(
            "the frames folder {} does not exist; it looks like a pattern",
            shown(dir)
        ))
        .hint(suggestion(dir))
        .into());
    }
    // A folder in the pattern: `run1/*.png`, or on Windows `run1\*.png` too.
    let separator = |c: char| c == '/' || (cfg!(windows) && c == '\\');
    let pattern = selection.glob.as_deref().unwrap_or_default();
    if let Some((folder, file_pattern)) = pattern.rsplit_once(separator) {
        let failure = Failure::usage(format!(
            "--glob '{pattern}' holds a folder: the pattern matches file names inside DIR"
        ));
        return Err(folder_hint(dir, folder, file_pattern, failure).into());
    }
    Ok(())
}

/// The command to type for a `--glob` with a folder in it: that folder as DIR when it is one
/// (`--glob 'run1/*.png'`), or, for a pattern of folders (`**/*.png`), the first subfolder
/// of DIR that holds such files, so that the suggested command works.
fn folder_hint(dir: &Path, folder: &str, file_pattern: &str, failure: Failure) -> Failure {
    let pattern = quoted(Path::new(file_pattern));
    if !folder.contains(['*', '?', '[']) {
        let inner = dir.join(folder);
        return failure.hint(format!(
            "name the folder as DIR: framekit stitch {} --glob {pattern}",
            quoted(&inner),
        ));
    }
    let failure =
        failure.hint("framekit takes the frames directly inside one folder, never from subfolders");
    match subfolder_with(dir, file_pattern) {
        Some(inner) => failure.hint(format!(
            "for the frames in {}: framekit stitch {} --glob {pattern}",
            shown(&inner),
            quoted(&inner)
        )),
        None => failure.hint(format!(
            "no folder directly inside {} holds files matching {pattern}",
            shown(dir)
        )),
    }
}

/// The first subfolder of `dir` (by name) holding a file whose name matches `pattern`, as
/// `--glob` matches names (case ignored).
fn subfolder_with(dir: &Path, pattern: &str) -> Option<std::path::PathBuf> {
    let matcher = glob::Pattern::new(pattern).ok()?;
    let mut folders: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| entry.path())
        .collect();
    folders.sort();
    folders.into_iter().find(|folder| {
        std::fs::read_dir(folder).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|entry| matcher.matches_with(&entry.file_name().to_string_lossy(), MATCHING))
        })
    })
}

/// `framekit stitch FOLDER --glob '*.EXT'` for a file or pattern given as DIR.
fn suggestion(given: &Path) -> String {
    let folder = match given.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let pattern = match given.extension() {
        Some(extension) => format!("*.{}", extension.to_string_lossy()),
        None => "*.png".to_string(),
    };
    format!(
        "name the folder and quote the pattern, which framekit matches itself: \
         framekit stitch {} --glob {}",
        quoted(folder),
        quoted(Path::new(&pattern))
    )
}

fn quoted(path: &Path) -> String {
    String::from_utf8_lossy(&shell::quote(path.as_os_str())).into_owned()
}
