//! Whether a frame ffmpeg wrote is whole: a PNG ends with its IEND chunk, a JPEG with its
//! EOI marker. ffmpeg 4.3's image muxer ignores write errors: on a full disk it leaves
//! truncated files and exits 0 (17 of 20 PNGs, seen with Debian 11's ffmpeg), so split
//! checks the files themselves, whatever ffmpeg reported.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// The last bytes of every whole PNG: an empty IEND chunk and its CRC.
const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
/// A JPEG's end-of-image marker.
const JPEG_END: [u8; 2] = [0xFF, 0xD9];

/// Whether the frame at `path` ends as a whole file of its kind (by its extension) does.
/// Other kinds are taken as whole.
pub fn is_whole(path: &Path) -> io::Result<bool> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let end: &[u8] = match extension.to_ascii_lowercase().as_str() {
        "png" => &PNG_END,
        "jpg" | "jpeg" => &JPEG_END,
        _ => return Ok(true),
    };
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    if size < end.len() as u64 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-(end.len() as i64)))?;
    let mut last = vec![0; end.len()];
    file.read_exact(&mut last)?;
    Ok(last == end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_files_are_not_whole() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        let mut bytes = b"\x89PNG\r\n\x1a\n...".to_vec();
        bytes.extend(PNG_END);
        std::fs::write(&png, &bytes).unwrap();
        assert!(is_whole(&png).unwrap());
        std::fs::write(&png, &bytes[..bytes.len() - 1]).unwrap();
        assert!(!is_whole(&png).unwrap());
        std::fs::write(&png, b"").unwrap();
        assert!(!is_whole(&png).unwrap());
        let jpg = dir.path().join("b.jpg");
        std::fs::write(&jpg, [0xFF, 0xD8, 1, 2, 0xFF, 0xD9]).unwrap();
        assert!(is_whole(&jpg).unwrap());
        std::fs::write(&jpg, [0xFF, 0xD8, 1, 2]).unwrap();
        assert!(!is_whole(&jpg).unwrap());
    }
}
