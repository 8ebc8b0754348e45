//! Atomic output: ffmpeg writes a temporary file beside the output, which is renamed into
//! place only on success. On any failure (or interrupt) the temporary file is removed and
//! an existing output is left exactly as it was.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::{bail, Failure};
use crate::shown::shown;
use crate::signals;

/// Checks, before any work, that `output` can be written: its folder exists, it is not a
/// folder itself, and it does not exist unless `force` allows replacing it.
pub fn check_writable(output: &Path, force: bool) -> Result<()> {
    let folder = folder_of(output);
    match fs::metadata(folder) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Err(bail(
                Failure::failed(format!(
                    "cannot write {}: {} is a file, not a folder",
                    shown(output),
                    shown(folder)
                ))
                .hint("name an output inside a folder"),
            ))
        }
        Err(_) => {
            let quoted =
                String::from_utf8_lossy(&crate::shell::quote(folder.as_os_str())).into_owned();
            return Err(bail(
                Failure::failed(format!(
                    "the output folder {} does not exist",
                    shown(folder)
                ))
                .hint(format!("create it first: mkdir -p -- {quoted}")),
            ));
        }
    }
    match fs::metadata(output) {
        Ok(metadata) if metadata.is_dir() => Err(bail(
            Failure::failed(format!("the output {} is a folder", shown(output)))
                .hint("name a file to write, such as movie.mp4"),
        )),
        Ok(_) if !force => Err(bail(
            Failure::failed(format!("{} already exists", shown(output)))
                .hint("pass --force to replace it; framekit left it untouched"),
        )),
        _ => Ok(()),
    }
}

/// The folder an output path lives in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A reserved temporary file beside the output; removed on drop unless committed.
#[derive(Debug)]
pub struct PendingOutput {
    temp: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl PendingOutput {
    /// Reserves a fresh temporary name beside `output` (unique per process and attempt, so
    /// concurrent runs in one folder never collide).
    pub fn reserve(output: &Path) -> Result<PendingOutput> {
        let folder = folder_of(output);
        let name = output.file_name().unwrap_or_default();
        for attempt in 0u32.. {
            let temp = folder.join(temp_name(name, attempt));
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(_) => {
                    return Ok(PendingOutput {
                        temp,
                        output: output.to_path_buf(),
                        committed: false,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => {}
                Err(e) => {
                    return Err(bail(Failure::failed(format!(
                        "cannot write in {}: {e}",
                        shown(folder)
                    ))))
                }
            }
        }
        unreachable!("the loop returns")
    }

    /// Where ffmpeg should write.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Moves the finished file into place. Without `force`, an output that appeared in the
    /// meantime (another run) is not replaced.
    pub fn commit(mut self, force: bool) -> Result<()> {
        // The last moment an interrupt can still undo the run.
        signals::check()?;
        if force {
            fs::rename(&self.temp, &self.output).map_err(|e| self.move_error(e))?;
        } else {
            self.link_without_replacing()?;
        }
        self.committed = true;
        Ok(())
    }

    fn link_without_replacing(&self) -> Result<()> {
        match fs::hard_link(&self.temp, &self.output) {
            Ok(()) => {
                let _ = fs::remove_file(&self.temp);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(bail(
                Failure::failed(format!(
                    "{} appeared while framekit was working; it was left untouched",
                    shown(&self.output)
                ))
                .hint("pass --force to replace it"),
            )),
            // A file system without hard links: check, then rename.
            Err(_) if !self.output.exists() => {
                fs::rename(&self.temp, &self.output).map_err(|e| self.move_error(e))
            }
            Err(e) => Err(self.move_error(e)),
        }
    }

    fn move_error(&self, error: io::Error) -> anyhow::Error {
        bail(Failure::failed(format!(
            "cannot move the finished video into place at {}: {error}",
            shown(&self.output)
        )))
    }
}

impl Drop for PendingOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// `.movie.mp4.framekit-1234-0.part`: hidden, and named after its output when that fits.
fn temp_name(output_name: &std::ffi::OsStr, attempt: u32) -> OsString {
    let mut name = OsString::from(".");
    if output_name.len() <= 200 {
        name.push(output_name);
        name.push(".");
    }
    name.push(format!("framekit-{}-{attempt}.part", std::process::id()));
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_are_hidden_and_unique_per_process_and_attempt() {
        let a = temp_name("movie.mp4".as_ref(), 0);
        let b = temp_name("movie.mp4".as_ref(), 1);
        assert!(a.to_str().unwrap().starts_with(".movie.mp4.framekit-"));
        assert_ne!(a, b);
        let long = "x".repeat(250);
        assert!(temp_name(long.as_ref(), 0).len() < 40);
    }

    #[test]
    fn commit_moves_and_drop_removes() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.mp4");
        let pending = PendingOutput::reserve(&output).unwrap();
        let temp = pending.temp_path().to_path_buf();
        fs::write(&temp, b"video").unwrap();
        pending.commit(false).unwrap();
        assert_eq!(fs::read(&output).unwrap(), b"video");
        assert!(!temp.exists());

        let pending = PendingOutput::reserve(&output).unwrap();
        let temp = pending.temp_path().to_path_buf();
        fs::write(&temp, b"second").unwrap();
        assert!(
            pending.commit(false).is_err(),
            "must not replace without force"
        );
        assert_eq!(fs::read(&output).unwrap(), b"video");
        assert!(!temp.exists(), "a failed commit removes its temporary file");
    }

    #[test]
    fn bare_file_names_live_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("movie.mp4")), Path::new("."));
        assert_eq!(folder_of(Path::new("out/movie.mp4")), Path::new("out"));
    }
}
