//! A JPEG segment whose length claims more bytes than the image has, which ffmpeg's JPEG
//! parser (`libavcodec/mjpeg_parser.c`, which `image2pipe` uses to cut the stream into
//! frames) would step over into the next file: two files would become one frame, or, where
//! zero bytes were fed to fill the gap (ffmpeg 9.0 cuts those into a frame of their own,
//! "No JPEG data found in image"), a frame would fail. The decoder itself only logs such a
//! segment and reads on from just after its length field, as if the segment were empty.

/// Where the length field of the segment that runs past the end of `image` starts, if one
/// does: the parser steps over every segment by its length field.
pub fn overrunning_length(image: &[u8]) -> Option<usize> {
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
                    return Some(i - 1);
                }
                i = end;
                state = 0;
                continue;
            }
        }
        i += 1;
    }
    None
}

/// `image` with every overrunning length set to 2, an empty segment: parser and decoder
/// then both read on from just after it, as the decoder did, and the picture is the same.
/// None when no segment runs past the end (a sound file: fed as it is).
pub fn with_lengths_that_fit(image: &[u8]) -> Option<Vec<u8>> {
    let mut at = overrunning_length(image)?;
    let mut fixed = image.to_vec();
    loop {
        fixed[at..at + 2].copy_from_slice(&[0, 2]);
        match overrunning_length(&fixed) {
            // Each fix moves the parser forward: a later segment may run past too.
            Some(next) if next > at => at = next,
            _ => return Some(fixed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_that_fit_are_left_alone() {
        let image = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xD9];
        assert_eq!(overrunning_length(&image), None);
        assert_eq!(with_lengths_that_fit(&image), None);
    }

    #[test]
    fn a_length_past_the_end_is_found_and_made_empty() {
        // APP1 claims 0x20 bytes from its length field on; the file has 4 after the marker.
        let image = [0xFF, 0xD8, 0xFF, 0xE1, 0, 0x20, 1, 2, 0xFF, 0xD9];
        assert_eq!(overrunning_length(&image), Some(4));
        let fixed = with_lengths_that_fit(&image).unwrap();
        assert_eq!(fixed, [0xFF, 0xD8, 0xFF, 0xE1, 0, 2, 1, 2, 0xFF, 0xD9]);
        assert_eq!(overrunning_length(&fixed), None);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_end_with_no_segment_running_past(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)
        ) {
            let fixed = with_lengths_that_fit(&bytes).unwrap_or(bytes);
            proptest::prop_assert_eq!(overrunning_length(&fixed), None);
        }
    }
}
