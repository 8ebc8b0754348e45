//! Finding ffmpeg and ffprobe, and asking ffmpeg its version.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::{Failure, Kind};
use crate::term::shown::shown;

/// The environment variable that names the ffmpeg binary when `--ffmpeg` is not given.
pub const ENV_VAR: &str = "FRAMEKIT_FFMPEG";

const INSTALL_HINT: &str = "install ffmpeg: `sudo apt install ffmpeg` (Debian, Ubuntu), \
`sudo dnf install ffmpeg` (Fedora), `brew install ffmpeg` (macOS), \
`winget install ffmpeg` (Windows); or point framekit at one with --ffmpeg PATH \
or FRAMEKIT_FFMPEG=PATH";

/// Where the ffmpeg to use was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(PathBuf),
    Env(PathBuf),
    Path,
}

impl Source {
    /// `--ffmpeg`, else `FRAMEKIT_FFMPEG` (when set and not empty), else PATH.
    pub fn choose(flag: Option<&Path>) -> Source {
        if let Some(path) = flag {
            return Source::Flag(path.to_path_buf());
        }
        match std::env::var_os(ENV_VAR) {
            Some(value) if !value.is_empty() => Source::Env(PathBuf::from(value)),
            _ => Source::Path,
        }
    }

    /// The program as the printed `--dry-run` command names it.
    pub fn program_for_display(&self) -> OsString {
        match self {
            Source::Flag(path) | Source::Env(path) => path.clone().into_os_string(),
            Source::Path => OsString::from("ffmpeg"),
        }
    }

    /// Resolves to an executable, or fails with exit code 127 and install instructions.
    pub fn locate(&self) -> Result<PathBuf> {
        let (named, whence) = match self {
            Source::Flag(path) => (path.as_path(), "given by --ffmpeg"),
            Source::Env(path) => (path.as_path(), "named by FRAMEKIT_FFMPEG"),
            Source::Path => (Path::new("ffmpeg"), "on PATH"),
        };
        which::which(named).map_err(|_| {
            let message = match self {
                Source::Path => "ffmpeg was not found on PATH".to_string(),
                _ => format!("the ffmpeg {whence}, {}, was not found", shown(named)),
            };
            anyhow::Error::new(Failure::new(Kind::FfmpegNotFound, message).hint(INSTALL_HINT))
        })
    }
}

/// What `ffmpeg -version` says first, without the banner's copyright: "ffmpeg version 5.1.6-0+deb12u1".
pub fn version_line(ffmpeg: &Path) -> Option<String> {
    let mut command = std::process::Command::new(ffmpeg);
    command.args(["-hide_banner", "-version"]);
    let output = crate::ffmpeg::process_group::output(&mut command, "ffmpeg -version").ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let first = text.lines().next()?;
    let line = first.split(" Copyright").next().unwrap_or(first).trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// ffprobe beside the given ffmpeg (same folder, same naming), else on PATH.
pub fn ffprobe_for(ffmpeg: &Path) -> Option<PathBuf> {
    let name = ffmpeg.file_name()?.to_string_lossy();
    let sibling_name = if name.contains("ffmpeg") {
        name.replacen("ffmpeg", "ffprobe", 1)
    } else {
        format!("ffprobe{}", std::env::consts::EXE_SUFFIX)
    };
    let sibling = ffmpeg.with_file_name(sibling_name);
    if sibling.is_file() {
        return Some(sibling);
    }
    which::which("ffprobe").ok()
}

/// Reads `ffmpeg version 5.1.9-0+deb12u1 ...` (or `n6.0`) as (5, 1).
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let word = text.split_whitespace().nth(2)?;
    let word = word.trim_start_matches('n');
    let mut numbers = word
        .split(|c: char| !c.is_ascii_digit())
        .map(|part| part.parse::<u32>().ok());
    let major = numbers.next()??;
    let minor = numbers.next().flatten().unwrap_or(0);
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_version_text_is_handled(text in "\\PC*") {
            let _ = parse_version(&text);
        }
    }

    #[test]
    fn parses_release_distribution_and_git_versions() {
        assert_eq!(
            parse_version("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026"),
            Some((5, 1))
        );
        assert_eq!(
            parse_version("ffmpeg version 4.3.8 Copyright"),
            Some((4, 3))
        );
        assert_eq!(parse_version("ffmpeg version n6.0 Copyright"), Some((6, 0)));
        assert_eq!(parse_version("ffmpeg version 7 Copyright"), Some((7, 0)));
        assert_eq!(
            parse_version("ffmpeg version N-112233-gabc Copyright"),
            None
        );
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn ffprobe_is_looked_up_beside_ffmpeg_first() {
        let dir = tempfile::tempdir().unwrap();
        let ffmpeg = dir.path().join("ffmpeg");
        let ffprobe = dir.path().join("ffprobe");
        std::fs::write(&ffmpeg, "").unwrap();
        std::fs::write(&ffprobe, "").unwrap();
        assert_eq!(ffprobe_for(&ffmpeg), Some(ffprobe));
    }
}
