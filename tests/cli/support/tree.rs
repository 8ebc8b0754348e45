//! What a folder holds: to show that a failed run wrote, changed and removed nothing.

use std::fs;
use std::path::{Path, PathBuf};

/// Every entry under a folder with its bytes (folders and other entries with none),
/// sorted by path.
pub type Tree = Vec<(PathBuf, Vec<u8>)>;

/// Every entry under `dir`, with the bytes of each file.
pub fn tree(dir: &Path) -> Tree {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        // A folder a test made unreadable (mode 000) is an entry without contents.
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                all.push((path, Vec::new()));
            } else if meta.is_file() {
                all.push((path.clone(), fs::read(&path).unwrap_or_default()));
            } else {
                all.push((path, Vec::new()));
            }
        }
    }
    all.sort();
    all
}

/// Entries of `dir`, sorted by path bytes.
pub fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
