//! Removing a scratch folder framekit made (a staging folder, a label track's folder): on
//! Windows a file can stay in use for a moment after the ffmpeg that wrote it has ended
//! (the process's handles close as it is torn down; an indexer or a virus scanner opens
//! new files), and the removal fails then. A few short retries there; elsewhere once.

use std::fs;
use std::path::Path;

/// Removes `folder` and everything in it, quietly: a scratch folder that cannot go is
/// hidden and named as framekit's, and must never turn a run's result into a failure.
pub fn remove_tree(folder: &Path) {
    let tries = if cfg!(windows) { 10 } else { 1 };
    for attempt in 1..=tries {
        match fs::remove_dir_all(folder) {
            Ok(()) => return,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return,
            Err(_) if attempt < tries => {
                std::thread::sleep(std::time::Duration::from_millis(25 * attempt))
            }
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_a_folder_with_files_and_takes_a_missing_one_quietly() {
        let dir = tempfile::tempdir().unwrap();
        let scratch = dir.path().join(".framekit-scratch");
        fs::create_dir_all(scratch.join("inner")).unwrap();
        fs::write(scratch.join("inner").join("frame.png"), b"x").unwrap();
        remove_tree(&scratch);
        assert!(!scratch.exists());
        remove_tree(&scratch);
        assert!(dir.path().exists());
    }
}
