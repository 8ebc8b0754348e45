//! A sound frame of each format, to tell a damaged frame from an ffmpeg that decodes
//! nothing: when every frame of a run fails alike (a folder of copies of one file), the
//! neighbours prove nothing, and this one does.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::header::FrameFormat;

/// 16x16 gray, written by ffmpeg's own encoders.
const PNG: &[u8] = include_bytes!("control.png");
const JPEG: &[u8] = include_bytes!("control.jpg");

/// Whether ffmpeg decodes a sound frame of `format`, fed as the frames are; None on an
/// interrupt, Some(false) too when the frame cannot be written (nothing is then known).
pub fn decodes_a_sound_frame(ffmpeg: &Path, format: FrameFormat) -> Option<bool> {
    let (bytes, extension) = match format {
        FrameFormat::Png => (PNG, "png"),
        FrameFormat::Jpeg => (JPEG, "jpg"),
    };
    let Some(control) = Written::new(bytes, extension) else {
        return Some(false);
    };
    let frames = [control.0.clone()];
    Some(super::decodes(ffmpeg, &frames, format)?.is_ok())
}

/// The sound frame in the temporary folder, removed when dropped.
struct Written(PathBuf);

impl Written {
    fn new(bytes: &[u8], extension: &str) -> Option<Written> {
        let name = format!(".framekit-sound-frame-{}.{extension}", std::process::id());
        let path = std::env::temp_dir().join(name);
        let _ = fs::remove_file(&path);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .ok()?;
        let written = Written(path);
        file.write_all(bytes).ok()?;
        Some(written)
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}
