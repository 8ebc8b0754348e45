//! How many filler bytes must follow a JPEG fed in a stream, so that ffmpeg's JPEG parser
//! (`libavcodec/mjpeg_parser.c`, which `image2pipe` uses to cut the stream into frames)
//! sees the next file's start marker. The parser steps over every segment by its length
//! field; a segment whose length claims more bytes than the image has (an APP segment
//! with a wrong length, which the decoder itself only logs) would have it step over the
//! next file's start, and two files become one frame. Zero bytes after the end marker are
//! never decoded: the decoder stops at the EOI.

/// The bytes the parser would still step over after `image` ends (0 for a sound file).
pub fn parser_gap(image: &[u8]) -> usize {
    // The parser's 4-byte window: a marker and its length.
    let mut state: u32 = 0;
    let mut i = 0;
    while i < image.len() {
        state = (state << 8) | u32::from(image[i]);
        // Markers SOF0..COM, except SOI, EOI and the restarts, carry a length.
        let is_marker = (0xFFC0_0000..=0xFFFE_FFFF).contains(&state);
        if is_marker && !(0xFFD0_0000..=0xFFD9_FFFF).contains(&state) {
            let skip = (state & 0xFFFF) as usize;
            let skip = skip.saturating_sub(1);
            if skip > 0 {
                // Counted from the length's last byte, as the parser counts.
                let end = i + skip;
                if end > image.len() {
                    return end - image.len();
                }
                i = end;
                state = 0;
                continue;
            }
        }
        i += 1;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_that_fit_leave_no_gap() {
        let image = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xD9];
        assert_eq!(parser_gap(&image), 0);
    }

    #[test]
    fn a_length_past_the_end_leaves_what_it_claims_beyond() {
        // APP1 claims 0x20 bytes from its length field on; the file has 4 after the marker.
        let image = [0xFF, 0xD8, 0xFF, 0xE1, 0, 0x20, 1, 2];
        assert_eq!(parser_gap(&image), 0x20 - 4);
    }
}
