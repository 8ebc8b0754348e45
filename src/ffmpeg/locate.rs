//! Finding ffmpeg and ffprobe, and asking ffmpeg its version.
//!
//! The order: `--ffmpeg`, else `$FRAMEKIT_FFMPEG`, else `ffmpeg` on PATH, else the ffmpeg
//! of imageio-ffmpeg installed in framekit's own Python environment (`pip install
//! "framekit-ffmpeg[ffmpeg]"`), found on disk beside framekit's executable without running
//! Python.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::{Failure, Kind};
use crate::term::shown::shown;

/// The environment variable that names the ffmpeg binary when `--ffmpeg` is not given.
pub const ENV_VAR: &str = "FRAMEKIT_FFMPEG";

/// `pip install "PACKAGE[ffmpeg]"` in backticks: the command that installs framekit with
/// imageio-ffmpeg's ffmpeg. The package is named as Cargo.toml names the crate, which is also
/// its name on PyPI (docs/development.md, "Names"); the command it installs is `framekit`.
macro_rules! pip_install_with_ffmpeg {
    () => {
        concat!("`pip install \"", env!("CARGO_PKG_NAME"), "[ffmpeg]\"`")
    };
}

/// `pip_install_with_ffmpeg!()`, for `--version`.
pub const PIP_INSTALL_WITH_FFMPEG: &str = pip_install_with_ffmpeg!();

const INSTALL_HINT: &str = concat!(
    "install ffmpeg: `sudo apt install ffmpeg` (Debian, Ubuntu), \
`sudo dnf install ffmpeg` (Fedora), `brew install ffmpeg` (macOS), \
`winget install ffmpeg` (Windows), or ",
    pip_install_with_ffmpeg!(),
    " (ffmpeg from imageio-ffmpeg, in framekit's Python environment); or point framekit at \
one with --ffmpeg PATH or FRAMEKIT_FFMPEG=PATH"
);

/// Where framekit looks, in order, as `--version` says when it finds none.
pub const SEARCH_ORDER: &str = "--ffmpeg, then $FRAMEKIT_FFMPEG, then ffmpeg on PATH, then \
imageio-ffmpeg's ffmpeg in framekit's own Python environment";

/// Where the ffmpeg to use was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(PathBuf),
    Env(PathBuf),
    Path,
    /// imageio-ffmpeg's binary in framekit's Python environment, when PATH has no ffmpeg.
    Bundled(PathBuf),
}

impl Source {
    /// `--ffmpeg`, else `FRAMEKIT_FFMPEG` (when set and not empty), else PATH, else
    /// imageio-ffmpeg's ffmpeg beside framekit (looked for only when PATH has none).
    pub fn choose(flag: Option<&Path>) -> Source {
        if let Some(path) = flag {
            return Source::Flag(path.to_path_buf());
        }
        match std::env::var_os(ENV_VAR) {
            Some(value) if !value.is_empty() => Source::Env(PathBuf::from(value)),
            _ if which::which("ffmpeg").is_ok() => Source::Path,
            _ => bundled().map_or(Source::Path, Source::Bundled),
        }
    }

    /// The program as the printed `--dry-run` command names it.
    pub fn program_for_display(&self) -> OsString {
        match self {
            Source::Flag(path) | Source::Env(path) | Source::Bundled(path) => {
                path.clone().into_os_string()
            }
            Source::Path => OsString::from("ffmpeg"),
        }
    }

    /// Resolves to an executable, or fails with exit code 127 and install instructions.
    pub fn locate(&self) -> Result<PathBuf> {
        let (named, whence) = match self {
            Source::Flag(path) => (path.as_path(), "given by --ffmpeg"),
            Source::Env(path) => (path.as_path(), "named by FRAMEKIT_FFMPEG"),
            Source::Path => (Path::new("ffmpeg"), "on PATH"),
            Source::Bundled(path) => (path.as_path(), "of imageio-ffmpeg"),
        };
        which::which(named).map_err(|_| {
            let message = match self {
                Source::Path => "ffmpeg was not found on PATH, nor imageio-ffmpeg's in \
                                 framekit's Python environment"
                    .to_string(),
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

/// imageio-ffmpeg's ffmpeg in the Python environment framekit's executable belongs to:
/// framekit is in its scripts folder (`bin/`, `Scripts\`), so the environment is the
/// folder above (a symlink, as pipx and uv make, is followed first), and imageio-ffmpeg
/// keeps its binary in `site-packages/imageio_ffmpeg/binaries/ffmpeg-PLATFORM-vVERSION`.
/// A few directory reads, no Python: well under a millisecond.
pub fn bundled() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let exe = exe.canonicalize().unwrap_or(exe);
    bundled_in(exe.parent()?.parent()?)
}

/// imageio-ffmpeg's ffmpeg in the Python environment (or `--user` base) at `prefix`.
fn bundled_in(prefix: &Path) -> Option<PathBuf> {
    // Windows: a virtualenv's or conda's Lib\site-packages; a --user install's site-packages
    // beside Scripts\.
    let mut sites = vec![
        prefix.join("Lib").join("site-packages"),
        prefix.join("site-packages"),
    ];
    // Unix: lib/python3.X/site-packages (Debian's system Python: dist-packages), newest first.
    for lib in ["lib", "lib64"] {
        let Ok(entries) = std::fs::read_dir(prefix.join(lib)) else {
            continue;
        };
        let mut pythons: Vec<PathBuf> = entries
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("py"))
            .map(|entry| entry.path())
            .collect();
        pythons.sort();
        for python in pythons.into_iter().rev() {
            sites.push(python.join("site-packages"));
            sites.push(python.join("dist-packages"));
        }
    }
    sites
        .iter()
        .find_map(|site| ffmpeg_in(&site.join("imageio_ffmpeg").join("binaries")))
}

/// The `ffmpeg-*` file in imageio-ffmpeg's `binaries` folder (the last by name, should an
/// update have left two).
fn ffmpeg_in(binaries: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(binaries)
        .ok()?
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("ffmpeg-"))
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    found.sort();
    found.pop()
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
    fn imageio_ffmpeg_is_found_in_each_kind_of_python_environment() {
        for site in [
            "lib/python3.11/site-packages",
            "lib/pypy3.10/site-packages",
            "lib/python3.12/dist-packages",
            "lib64/python3.9/site-packages",
            "Lib/site-packages",
            "site-packages",
        ] {
            let prefix = tempfile::tempdir().unwrap();
            assert_eq!(bundled_in(prefix.path()), None, "{site}: empty");
            let binaries = prefix.path().join(site).join("imageio_ffmpeg/binaries");
            std::fs::create_dir_all(&binaries).unwrap();
            std::fs::write(binaries.join("README.md"), "").unwrap();
            assert_eq!(bundled_in(prefix.path()), None, "{site}: no binary");
            let ffmpeg = binaries.join("ffmpeg-linux-x86_64-v9.0.2");
            std::fs::write(&ffmpeg, "").unwrap();
            assert_eq!(bundled_in(prefix.path()), Some(ffmpeg), "{site}");
        }
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
