//! Which bytes of a PNG file are its image: from its signature to the end of its IEND
//! chunk. Bytes after IEND (one stray byte, a trailer some tools append) are ignored by
//! every decoder, ffmpeg's too when it reads the file on its own; fed as a stream
//! (`image2pipe`), ffmpeg's PNG parser would take them as the start of the next frame
//! ("Invalid PNG signature").

use std::ops::Range;

/// The image's bytes, found by stepping over the chunks by their lengths; a file whose
/// chunks run past its end (truncated) is taken whole, for the decoder to judge.
pub fn image(bytes: &[u8]) -> Range<usize> {
    let mut at: usize = 8;
    while let Some(head) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        // Length, type, data, CRC.
        let Some(end) = at.checked_add(12).and_then(|a| a.checked_add(length)) else {
            break;
        };
        if &head[4..8] == b"IEND" {
            return 0..end.min(bytes.len());
        }
        at = end;
    }
    0..bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let length = (data.len() as u32).to_be_bytes();
        [&length[..], kind, data, &[0; 4]].concat()
    }

    #[test]
    fn bytes_after_iend_are_left_out() {
        let png = [
            &b"\x89PNG\r\n\x1a\n"[..],
            &chunk(b"IHDR", &[0; 13]),
            &chunk(b"IDAT", &[1, 2, 3]),
            &chunk(b"IEND", &[]),
        ]
        .concat();
        assert_eq!(image(&png), 0..png.len());
        let with_tail = [&png[..], b"\0trailer"].concat();
        assert_eq!(image(&with_tail), 0..png.len());
        let cut = &png[..png.len() - 10];
        assert_eq!(image(cut), 0..cut.len());
    }
}
