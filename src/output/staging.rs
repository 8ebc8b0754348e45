//! Safe output for `split`: frames are written into a hidden staging folder inside OUT_DIR
//! and moved into place only when the whole run succeeded. On failure or interrupt the
//! staging folder is removed, and OUT_DIR too when this run created it; a file that was
//! there before is never touched, except that `--force` replaces this run's own names, and
//! even then only once the new frames are complete.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;
use crate::output::remove::remove_tree;
use crate::output::temp_name::temp_name;
use crate::signals;
use crate::term::shown::shown;

/// A fresh, hidden staging folder inside OUT_DIR (created when missing), and the renames
/// that move what it holds into OUT_DIR, all or nothing. What `split` stages in it, and
/// under which names: `split::out_dir::StagedFrames`.
#[derive(Debug)]
pub struct StagingFolder {
    out_dir: PathBuf,
    folder: PathBuf,
    /// Folders this run created, deepest last; removed again on failure.
    created: Vec<PathBuf>,
    committed: bool,
}

impl StagingFolder {
    /// A staging folder inside `out_dir` (created when missing).
    pub fn create(out_dir: &Path) -> Result<StagingFolder> {
        StagingFolder::create_named(out_dir, None)
    }

    /// A scratch folder beside `output`, named for it (`.NAME.framekit-PID-N.part`), for
    /// work that never moves into place (a spool of frames, a grid's lists, a sheet's tiles):
    /// removed on drop, whatever happened.
    pub fn beside(output: &Path) -> Result<StagingFolder> {
        StagingFolder::create_named(parent_of(output), output.file_name())
    }

    /// The folder `beside` would make, for a dry run that makes none.
    pub fn planned_beside(output: &Path) -> PathBuf {
        parent_of(output).join(temp_name(output.file_name(), 0))
    }

    fn create_named(out_dir: &Path, name: Option<&OsStr>) -> Result<StagingFolder> {
        let created = create_missing(out_dir)?;
        let mut staging = StagingFolder {
            out_dir: out_dir.to_path_buf(),
            folder: PathBuf::new(),
            created,
            committed: false,
        };
        for attempt in 0u32..1000 {
            let folder = out_dir.join(temp_name(name, attempt));
            match fs::create_dir(&folder) {
                Ok(()) => {
                    staging.folder = folder;
                    return Ok(staging);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(write_error(out_dir, &e)),
            }
        }
        Err(Failure::failed(format!(
            "cannot create a staging folder in {}",
            shown(out_dir)
        ))
        .into())
    }

    /// The folder ffmpeg writes into.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Moves `moves` (staged name -> final name) into OUT_DIR. `replace` lists existing
    /// files of OUT_DIR that the new ones supersede (only with `--force`); they are set
    /// aside first and deleted only when every new file is in place. If anything fails,
    /// everything is put back as it was.
    pub fn commit(mut self, moves: &[(OsString, OsString)], replace: &[OsString]) -> Result<()> {
        // The last moment an interrupt can undo the run; what follows takes milliseconds.
        signals::check()?;
        let aside = self.folder.join("replaced");
        let mut set_aside = Vec::new();
        let mut placed = Vec::new();
        let result = (|| -> io::Result<()> {
            if !replace.is_empty() {
                fs::create_dir(&aside)?;
            }
            for name in replace {
                fs::rename(self.out_dir.join(name), aside.join(name))?;
                set_aside.push(name);
            }
            for (staged, name) in moves {
                let target = self.out_dir.join(name);
                // Without --force nothing here existed when the run began; if something
                // appeared since, it is not ours to replace.
                if target.exists() {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!("{} appeared while framekit was working", shown(&target)),
                    ));
                }
                fs::rename(self.folder.join(staged), &target)?;
                placed.push((staged, name));
            }
            Ok(())
        })();
        if let Err(error) = result {
            for (staged, name) in placed.into_iter().rev() {
                let _ = fs::rename(self.out_dir.join(name), self.folder.join(staged));
            }
            for name in set_aside.into_iter().rev() {
                let _ = fs::rename(aside.join(name), self.out_dir.join(name));
            }
            if error.kind() == io::ErrorKind::AlreadyExists {
                return Err(Failure::failed(error.to_string())
                    .nothing_written()
                    .hint("another run may be writing there: wait for it, or pass --force")
                    .into());
            }
            return Err(write_error(&self.out_dir, &error));
        }
        self.committed = true;
        remove_tree(&self.folder);
        Ok(())
    }
}

impl Drop for StagingFolder {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if !self.folder.as_os_str().is_empty() {
            remove_tree(&self.folder);
        }
        // Only folders this run made, deepest first, and only while empty.
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// The folder `output` is in (`.` for a bare name).
fn parent_of(output: &Path) -> &Path {
    match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Creates `folder` and its missing parents; returns those it created, outermost first.
fn create_missing(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut current = Some(folder);
    while let Some(path) = current {
        if path.as_os_str().is_empty() || path.exists() {
            break;
        }
        missing.push(path.to_path_buf());
        current = path.parent();
    }
    missing.reverse();
    for (made, path) in missing.iter().enumerate() {
        if let Err(error) = fs::create_dir(path) {
            if error.kind() == io::ErrorKind::AlreadyExists && path.is_dir() {
                continue;
            }
            for earlier in missing[..made].iter().rev() {
                let _ = fs::remove_dir(earlier);
            }
            return Err(Failure::failed(format!(
                "cannot create the folder {}: {error}",
                shown(path)
            ))
            .into());
        }
    }
    Ok(missing)
}

fn write_error(folder: &Path, error: &io::Error) -> anyhow::Error {
    Failure::failed(format!("cannot write in {}: {error}", shown(folder)))
        .nothing_written()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_removes_created_folders_but_not_existing_ones() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("a/b/c");
        let staging = StagingFolder::create(&out).unwrap();
        assert!(staging.folder().is_dir());
        drop(staging);
        assert!(!root.path().join("a").exists());
        assert!(root.path().exists());
    }

    #[test]
    fn commit_replaces_only_named_files_and_keeps_others() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path();
        fs::write(out.join("img_1.png"), b"old").unwrap();
        fs::write(out.join("mine.txt"), b"keep").unwrap();
        let staging = StagingFolder::create(out).unwrap();
        fs::write(staging.folder().join("1"), b"new").unwrap();
        let moves = [(OsString::from("1"), OsString::from("img_1.png"))];
        staging
            .commit(&moves, &[OsString::from("img_1.png")])
            .unwrap();
        assert_eq!(fs::read(out.join("img_1.png")).unwrap(), b"new");
        assert_eq!(fs::read(out.join("mine.txt")).unwrap(), b"keep");
        assert_eq!(
            fs::read_dir(out).unwrap().count(),
            2,
            "no staging folder left"
        );
    }

    #[test]
    fn a_failed_commit_puts_everything_back() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path();
        fs::write(out.join("img_2.png"), b"appeared").unwrap();
        let staging = StagingFolder::create(out).unwrap();
        fs::write(staging.folder().join("1"), b"a").unwrap();
        fs::write(staging.folder().join("2"), b"b").unwrap();
        let moves = [
            (OsString::from("1"), OsString::from("img_1.png")),
            (OsString::from("2"), OsString::from("img_2.png")),
        ];
        assert!(staging.commit(&moves, &[]).is_err());
        assert!(!out.join("img_1.png").exists());
        assert_eq!(fs::read(out.join("img_2.png")).unwrap(), b"appeared");
        assert_eq!(fs::read_dir(out).unwrap().count(), 1);
    }
}
