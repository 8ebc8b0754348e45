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

/// An ffmpeg that behaves as 4.3 does, whatever ffmpeg is installed: says it is 4.3 (or
/// the real one's own 4.x when that is older: 4.2's filters differ, and framekit must know
/// it has them), refuses `-fps_mode`, takes `-vsync` (handed on to a real 5.1+ as
/// `-fps_mode`: ffmpeg 8 and later have no `-vsync`), and records each call's arguments
/// in `log`, one line each.
pub fn ffmpeg_before_5_1(dir: &Path, log: &Path) -> PathBuf {
    let (major, minor) = super::video::ffmpeg_version();
    let (claimed, translate) = match (major, minor) {
        (4, 0..=2) => (format!("{major}.{minor}.0"), "no"),
        (4, _) | (5, 0) => ("4.3.7-0+deb11u1".to_string(), "no"),
        _ => ("4.3.7-0+deb11u1".to_string(), "yes"),
    };
    let script = format!(
        r#"#!/bin/sh
echo "$*" >> '{log}'
for a; do
  if [ "$a" = -version ]; then
    echo 'ffmpeg version {claimed} Copyright (c) 2000-2024 the FFmpeg developers'
    exit 0
  fi
  if [ "$a" = -fps_mode ]; then
    echo "Unrecognized option 'fps_mode'." >&2
    echo 'Error splitting the argument list: Option not found' >&2
    exit 1
  fi
done
if [ {translate} = yes ]; then
  first=1
  for a; do
    if [ -n "$first" ]; then set --; first=; fi
    if [ "$a" = -vsync ]; then set -- "$@" -fps_mode; else set -- "$@" "$a"; fi
  done
fi
exec '{real}' "$@"
"#,
        log = log.display(),
        real = installed("ffmpeg").display(),
    );
    fake_ffmpeg(dir, "old", &script)
}
