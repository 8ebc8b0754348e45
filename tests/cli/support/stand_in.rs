//! Scripts (sh) that stand in for ffmpeg or ffprobe, to make framekit meet an ffmpeg that
//! fails, hangs, lies or is missing parts; and the paths of the real ones, which many
//! stand-ins wrap.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::video::tool;

/// An executable `script` as `dir/fake/FOLDER/NAME`, beside any other stand-in of that
/// folder (framekit looks for ffprobe beside the ffmpeg it runs).
pub fn stand_in(dir: &Path, folder: &str, name: &str, script: &str) -> PathBuf {
    let bin = dir.join("fake").join(folder);
    fs::create_dir_all(&bin).unwrap();
    let path = bin.join(name);
    fs::write(&path, script).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// An ffmpeg stand-in: `dir/fake/FOLDER/ffmpeg`.
pub fn fake_ffmpeg(dir: &Path, folder: &str, script: &str) -> PathBuf {
    stand_in(dir, folder, "ffmpeg", script)
}

/// The path of an installed program (the real ffmpeg or ffprobe), for stand-ins that wrap it.
pub fn installed(program: &str) -> PathBuf {
    let out = tool(
        "sh",
        &["-c", &format!("command -v {program}")],
        Path::new("."),
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}
