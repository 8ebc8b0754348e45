//! One folder's frames as an ffconcat list, the composing ffmpeg's input for that panel:
//! one input a folder, so no pipe or FIFO is needed (Windows has none) and ffmpeg reads
//! one frame of each folder at a time.

use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::term::shown::shown;

/// Each frame's time in the list: any will do (the graph renumbers frames), but a stated
/// one keeps every frame's time apart whatever ffmpeg guesses of a lone image's length.
const FRAME_SECONDS: &str = "0.04";

/// The list's text for `frames`: each path absolute, behind `file:` (so that no name is
/// read as a protocol), in single quotes (a quote in a name escaped as `'\''`).
pub fn list_text(frames: &[PathBuf]) -> Result<String, Failure> {
    let mut text = String::from("ffconcat version 1.0\n");
    for frame in frames {
        let absolute = std::path::absolute(frame).unwrap_or_else(|_| frame.clone());
        let Some(name) = absolute
            .to_str()
            .filter(|name| !name.contains(['\n', '\r']))
        else {
            return Err(unlistable(frame));
        };
        let quoted = name.replace('\'', r"'\''");
        text.push_str(&format!("file 'file:{quoted}'\nduration {FRAME_SECONDS}\n"));
    }
    Ok(text)
}

/// Writes the list for `frames` at `path`.
pub fn write(path: &Path, frames: &[PathBuf]) -> anyhow::Result<()> {
    let text = list_text(frames)?;
    std::fs::write(path, text).map_err(|e| {
        Failure::failed(format!("cannot write the frame list {}: {e}", shown(path)))
            .nothing_written()
            .into()
    })
}

/// A name an ffconcat list cannot hold: not UTF-8, or with a line break.
fn unlistable(frame: &Path) -> Failure {
    Failure::failed(format!(
        "{} cannot be a panel's frame: its name is not UTF-8 text or holds a line break",
        shown(frame)
    ))
    .nothing_written()
    .hint("rename the frame, or stitch that folder on its own")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_is_an_absolute_file_with_a_time() {
        let here = std::env::current_dir().unwrap();
        let text = list_text(&[PathBuf::from("a/it's.png"), here.join("concat:b.png")]).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ffconcat version 1.0");
        let first = here.join("a").join("it's.png");
        let first = first.to_str().unwrap().replace('\'', r"'\''");
        assert_eq!(lines[1], format!("file 'file:{first}'"));
        assert_eq!(lines[2], "duration 0.04");
        assert!(lines[3].starts_with("file 'file:") && lines[3].ends_with("concat:b.png'"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn a_line_break_in_a_name_is_refused() {
        assert!(list_text(&[PathBuf::from("a\nb.png")]).is_err());
    }
}
