//! Atomic output of one file: ffmpeg writes a temporary file beside the output, which is
//! renamed into place only on success. On any failure (or interrupt) the temporary file is removed and
//! an existing output is left exactly as it was.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;
use crate::output::temp_name::temp_name;
use crate::signals;
use crate::term::shown::shown;

/// Checks, before any work, that `output` can be written: its folder exists, it is not a
/// folder itself, and it does not exist unless `force` allows replacing it.
pub fn check_writable(output: &Path, force: bool) -> Result<()> {
    let folder = folder_of(output);
    match fs::metadata(folder) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Err(Failure::failed(format!(
                "cannot write {}: {} is a file, not a folder",
                shown(output),
                shown(folder)
            ))
            .hint("name an output inside a folder")
            .into())
        }
        Err(_) => {
            let command = crate::term::shell::make_folder(folder.as_os_str());
            return Err(Failure::failed(format!(
                "the output folder {} does not exist",
                shown(folder)
            ))
            .hint(format!(
                "create it first: {}",
                String::from_utf8_lossy(&command)
            ))
            .into());
        }
    }
    // A link that points nowhere is a name that exists all the same: the commit, which
    // never replaces without --force, would refuse it only after all the work.
    let metadata = fs::metadata(output).or_else(|e| fs::symlink_metadata(output).map_err(|_| e));
    match metadata {
        Ok(metadata) if metadata.is_dir() => Err(Failure::failed(format!(
            "the output {} is a folder",
            shown(output)
        ))
        .hint("name a file to write, such as movie.mp4")
        .into()),
        Ok(_) if !force => Err(Failure::failed(format!(
            "{} already exists, and this run would replace it; it was left untouched",
            shown(output)
        ))
        .hint("pass --force to replace it")
        .into()),
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
            let temp = folder.join(temp_name(Some(name), attempt));
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
                    return Err(
                        Failure::failed(format!("cannot write in {}: {e}", shown(folder)))
                            .nothing_written()
                            .into(),
                    )
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
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(Failure::failed(format!(
                "{} appeared while framekit was working; it was left untouched",
                shown(&self.output)
            ))
            .hint("pass --force to replace it")
            .into()),
            // A file system without hard links: check, then rename.
            Err(_) if !self.output.exists() => {
                fs::rename(&self.temp, &self.output).map_err(|e| self.move_error(e))
            }
            Err(e) => Err(self.move_error(e)),
        }
    }

    fn move_error(&self, error: io::Error) -> anyhow::Error {
        Failure::failed(format!(
            "cannot move the finished video into place at {}: {error}",
            shown(&self.output)
        ))
        .nothing_written()
        .hint("check that the output's folder is writable and the name is free")
        .into()
    }
}

impl Drop for PendingOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
