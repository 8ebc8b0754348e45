//! Frame paths read from standard input (`framekit stitch -`): one per line, or ended by NUL
//! bytes with `-0` (`find ... -print0`), used as given and in the order given.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::Result;

use crate::error::Failure;
use crate::term::shown::shown;

/// The paths on standard input. A line's trailing `\r` (a list written on Windows) is not
/// part of its path, and empty lines are skipped.
pub fn read_paths(null_separated: bool) -> Result<Vec<PathBuf>> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Failure::usage(
            "stitch - reads the frames' paths from standard input, which is a terminal here",
        )
        .hint("pipe the paths in: find frames -name '*.png' | sort | framekit stitch - -o out.mp4")
        .into());
    }
    let mut bytes = Vec::new();
    stdin
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::failed(format!("cannot read standard input: {e}")))?;
    let paths = split_paths(&bytes, null_separated);
    if paths.is_empty() {
        return Err(Failure::failed("standard input held no frame paths")
            .hint("give one path a line, or NUL-separated paths with -0")
            .into());
    }
    warn_of_repeats(&paths);
    Ok(paths)
}

fn split_paths(bytes: &[u8], null_separated: bool) -> Vec<PathBuf> {
    let separator = if null_separated { b'\0' } else { b'\n' };
    bytes
        .split(|&b| b == separator)
        .map(|path| match path {
            [rest @ .., b'\r'] if !null_separated => rest,
            path => path,
        })
        .filter(|path| !path.is_empty())
        .map(|path| PathBuf::from(os_string(path.to_vec())))
        .collect()
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> OsString {
    std::os::unix::ffi::OsStringExt::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// A path listed more than once is a frame each time (a way to hold a frame), which a list
/// made by mistake shows too: said once, naming the first such path.
fn warn_of_repeats(paths: &[PathBuf]) {
    let mut seen = HashMap::<&PathBuf, usize>::new();
    for path in paths {
        *seen.entry(path).or_default() += 1;
    }
    let Some(first) = paths.iter().find(|path| seen[path] > 1) else {
        return;
    };
    let repeated = seen.values().filter(|&&n| n > 1).count();
    let others = match repeated {
        1 => String::new(),
        n => format!(" (and {} other paths)", n - 1),
    };
    crate::term::stderr::warn(&format!(
        "{} is listed {} times{others}: each listing is a frame of its own",
        shown(first),
        seen[first]
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_nul_separated_lists_give_the_paths_as_written() {
        let paths = split_paths(b"a.png\nsub dir/b.png\r\n\n-c.png\n", false);
        assert_eq!(
            paths,
            ["a.png", "sub dir/b.png", "-c.png"].map(PathBuf::from)
        );
        let paths = split_paths(b"new\nline.png\0b.png\0", true);
        assert_eq!(paths, ["new\nline.png", "b.png"].map(PathBuf::from));
        assert!(split_paths(b"\n\n", false).is_empty());
    }
}
