//! OUT_DIR, owned by one `split` run: what it already holds that the run would write (its
//! claims), the staging folder ffmpeg writes into, and the final renames (with the
//! manifest). Nothing in OUT_DIR changes until the whole run has succeeded.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::error::Failure;
use crate::output::staging::StagingFolder;
use crate::split::manifest::{self, Row, MANIFEST};
use crate::split::naming::Naming;
use crate::split::whole_frames::is_whole;
use crate::term::shown::shown;

/// OUT_DIR and what this run would write there.
#[derive(Debug)]
pub struct OutDir {
    path: PathBuf,
    naming: Naming,
    manifest: bool,
    /// Existing files of this run's names, which only `--force` replaces.
    claimed: Vec<OsString>,
}

impl OutDir {
    /// Checks, first of all, that OUT_DIR is a folder or does not exist yet.
    pub fn check_path(path: &Path) -> Result<()> {
        if fs::metadata(path).is_ok_and(|metadata| !metadata.is_dir()) {
            return Err(
                Failure::failed(format!("{} exists and is not a folder", shown(path)))
                    .hint("name a folder (new or existing) for the frames")
                    .into(),
            );
        }
        Ok(())
    }

    /// Checks OUT_DIR before any work: no folder by a frame's name, which even `--force`
    /// leaves alone, and no file by this run's names unless `force`.
    pub fn claim(path: &Path, naming: Naming, manifest: bool, force: bool) -> Result<OutDir> {
        let out_dir = OutDir {
            path: path.to_path_buf(),
            naming,
            manifest,
            claimed: Vec::new(),
        };
        let claimed = out_dir.existing_claims()?;
        if !force && !claimed.is_empty() {
            return Err(out_dir.clobber_error(&claimed));
        }
        Ok(OutDir { claimed, ..out_dir })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The names as planned before the run (before they are widened for what was written).
    pub fn naming(&self) -> &Naming {
        &self.naming
    }

    /// Creates OUT_DIR when missing, and a fresh staging folder inside it.
    pub fn stage(&self) -> Result<StagedFrames<'_>> {
        Ok(StagedFrames {
            out_dir: self,
            folder: StagingFolder::create(&self.path)?,
            naming: self.naming.staged(),
        })
    }

    /// Existing files in OUT_DIR that this run would write.
    fn existing_claims(&self) -> Result<Vec<OsString>> {
        let Ok(entries) = fs::read_dir(&self.path) else {
            return Ok(Vec::new());
        };
        let mut claimed = Vec::new();
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", shown(&self.path)))?;
            let name = entry.file_name();
            if !(self.naming.claims(&name) || (self.manifest && name == MANIFEST)) {
                continue;
            }
            // A frame's name on a folder is not a frame of an earlier run: --force replaces
            // files, never a folder and what it holds. (A symlink is replaced as a link.)
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                return Err(Failure::failed(format!(
                    "{} is a folder with the name of a frame this run would write; nothing \
                     was touched",
                    shown(&self.path.join(&name))
                ))
                .hint(
                    "framekit never replaces a folder: move it, or pick another --prefix or \
                     OUT_DIR",
                )
                .into());
            }
            claimed.push(name);
        }
        claimed.sort();
        Ok(claimed)
    }

    fn clobber_error(&self, claimed: &[OsString]) -> anyhow::Error {
        // A frame makes the better example than the manifest.
        let example = claimed
            .iter()
            .find(|name| *name != MANIFEST)
            .unwrap_or(&claimed[0]);
        let example = shown(Path::new(example));
        Failure::failed(format!(
            "{} already holds {} file(s) this run would replace, such as {example}; nothing \
             was touched",
            shown(&self.path),
            claimed.len()
        ))
        .hint(
            "pass --force to replace them (other files are never touched), or pick another \
             --prefix or OUT_DIR",
        )
        .into()
    }
}

/// The frames of a run in progress: the staging folder ffmpeg writes them into, and the
/// names they have there.
pub struct StagedFrames<'a> {
    out_dir: &'a OutDir,
    folder: StagingFolder,
    naming: Naming,
}

impl StagedFrames<'_> {
    /// The folder ffmpeg writes into.
    pub fn folder(&self) -> &Path {
        self.folder.folder()
    }

    /// ffmpeg's image2 pattern for the staged names, relative to the staging folder.
    pub fn pattern(&self) -> OsString {
        OsString::from(self.naming.ffmpeg_pattern())
    }

    /// Counts the staged frames and checks they are numbered 1..=count, nothing missing,
    /// and that each is whole (an ffmpeg that ignores write errors leaves cut files).
    pub fn count(&self) -> Result<u64> {
        let folder = self.folder();
        let mut count = 0u64;
        let mut cut = Vec::new();
        for entry in
            fs::read_dir(folder).with_context(|| format!("cannot list {}", shown(folder)))?
        {
            let entry = entry?;
            if self.naming.claims(&entry.file_name()) {
                count += 1;
                let path = entry.path();
                if !is_whole(&path).with_context(|| format!("cannot read {}", shown(&path)))? {
                    cut.push(entry.file_name());
                }
            }
        }
        if !cut.is_empty() {
            return Err(Failure::failed(format!(
                "could not write the frames: {} of the {count} ffmpeg wrote were cut short \
                 (the disk is full or a file size limit was reached)",
                cut.len()
            ))
            .nothing_written()
            .hint("free some space, or write the frames elsewhere")
            .into());
        }
        for number in [1, count] {
            if count > 0 && !folder.join(self.naming.file_name(number)).is_file() {
                return Err(Failure::failed("ffmpeg skipped frame numbers")
                    .nothing_written()
                    .into());
            }
        }
        Ok(count)
    }

    /// The staged name of frame `number` (from 1), relative to the staging folder.
    pub fn file_name(&self, number: u64) -> String {
        self.naming.file_name(number)
    }

    /// Moves the `written` frames (and the manifest, made of `rows`) into OUT_DIR under
    /// their final names, widened for the count (or `--digits` wide), replacing this run's
    /// claims (`--force`). Returns the final names.
    pub fn commit(self, written: u64, digits: Option<u8>, rows: &[Row]) -> Result<Naming> {
        let naming = self.out_dir.naming.widened_for(written, digits)?;
        let mut moves: Vec<(OsString, OsString)> = (1..=written)
            .map(|n| {
                (
                    OsString::from(self.naming.file_name(n)),
                    OsString::from(naming.file_name(n)),
                )
            })
            .collect();
        if self.out_dir.manifest {
            manifest::write(self.folder(), &naming, rows)?;
            moves.push((OsString::from(MANIFEST), OsString::from(MANIFEST)));
        }
        self.folder.commit(&moves, &self.out_dir.claimed)?;
        Ok(naming)
    }
}
