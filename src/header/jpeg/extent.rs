//! Which bytes of a JPEG file are its one image, as ffmpeg decodes a file on its own: from
//! its start marker (SOI) to the end marker (EOI) of its primary image. Everything else
//! (junk before the SOI, a second picture after the EOI as in a multi-picture MPO, a
//! trailer) must not reach ffmpeg: fed as a stream (`image2pipe`), its parser would cut
//! it into frames of their own.

use std::ops::Range;

use super::markers::{has_no_length, next_marker, resume_after, scan_end, EOI, SOI, SOS};

/// How far into a file framekit looks for the start marker: junk before it is passed over
/// by ffmpeg's decoder, and in real files it is a few bytes (a broken upload's header).
pub const START_WITHIN: usize = 1024;

/// Where the image starts: the first SOI marker within the first `START_WITHIN` bytes.
pub fn image_start(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(START_WITHIN + 2)];
    head.windows(2).position(|pair| pair == [0xFF, SOI])
}

/// The primary image's bytes: from its SOI to its EOI, walked as ffmpeg's decoder walks
/// them (each segment by its length, each scan to its first marker, junk skipped). An EOI
/// before any frame header is one ffmpeg ignores ("Found EOI before any SOF"); a file
/// without an EOI (truncated) is taken whole, for the decoder to judge.
pub fn primary_image(bytes: &[u8]) -> Range<usize> {
    let start = image_start(bytes).unwrap_or(0);
    let mut at = start;
    let mut frame_header_seen = false;
    while let Some((marker_at, marker)) = next_marker(bytes, at) {
        if marker == EOI && frame_header_seen {
            return start..marker_at + 2;
        }
        if has_no_length(marker) {
            at = marker_at + 2;
            continue;
        }
        let Some(&[high, low]) = bytes.get(marker_at + 2..marker_at + 4) else {
            break;
        };
        let length = u16::from_be_bytes([high, low]);
        let fits = usize::from(length) <= bytes.len() - (marker_at + 2);
        frame_header_seen |= super::is_frame_header(marker);
        at = resume_after(marker, marker_at as u64, length, fits) as usize;
        if marker == SOS {
            at = scan_end(bytes, at.min(bytes.len()));
        }
    }
    start..bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u8) -> Vec<u8> {
        let mut file = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2];
        file.extend([0xFF, 0xC0, 0, 11, 8, 0, 8, 0, width, 1, 1, 0x11, 0]);
        file.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
        file.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9]);
        file
    }

    #[test]
    fn a_plain_jpeg_is_all_image() {
        let file = jpeg(8);
        assert_eq!(primary_image(&file), 0..file.len());
    }

    #[test]
    fn junk_before_and_a_second_picture_after_are_left_out() {
        let one = jpeg(8);
        let file = [&b"junk"[..], &one, &jpeg(16), b"trailer"].concat();
        assert_eq!(primary_image(&file), 4..4 + one.len());
    }

    #[test]
    fn a_truncated_jpeg_is_taken_whole() {
        let file = jpeg(8);
        let cut = &file[..file.len() - 4];
        assert_eq!(primary_image(cut), 0..cut.len());
    }

    #[test]
    fn an_eoi_before_the_frame_header_does_not_end_the_image() {
        let mut file = vec![0xFF, 0xD8, 0xFF, 0xD9];
        file.extend(&jpeg(8)[2..]);
        assert_eq!(primary_image(&file), 0..file.len());
    }
}
