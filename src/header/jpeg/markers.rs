//! How ffmpeg's JPEG decoder (`libavcodec/mjpegdec.c`) finds its markers, which framekit's
//! readers follow so that they accept what it accepts, no more strictly.

/// Markers that carry no length: the start (SOI), the end (EOI), the restarts (RSTn).
pub const SOI: u8 = 0xD8;
pub const EOI: u8 = 0xD9;
pub const SOS: u8 = 0xDA;

/// Whether a marker has no length after it: SOI, EOI and RST0..7.
pub fn has_no_length(marker: u8) -> bool {
    matches!(marker, 0xD0..=0xD9)
}

/// The next marker at or after `from`: its offset (of the 0xFF) and code. ffmpeg's
/// `find_marker` skips every byte until 0xFF followed by a code from SOF0 (0xC0) to COM
/// (0xFE), so junk before the first marker or between segments is passed over, and
/// fill bytes (0xFF 0xFF) and 0xFF 0x00 are never markers.
pub fn next_marker(bytes: &[u8], from: usize) -> Option<(usize, u8)> {
    let window = bytes.get(from..)?;
    window
        .windows(2)
        .position(|pair| pair[0] == 0xFF && (0xC0..=0xFE).contains(&pair[1]))
        .map(|at| (from + at, window[at + 1]))
}

/// Where the entropy-coded data of a scan that starts at `from` ends: ffmpeg reads it up
/// to the first 0xFF followed by neither 0x00 (a stuffed byte), a restart marker, nor
/// another 0xFF (fill); there the next marker starts.
pub fn scan_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
    {
        let mut next = at + found + 1;
        while bytes.get(next) == Some(&0xFF) {
            next += 1;
        }
        match bytes.get(next) {
            None => return bytes.len(),
            Some(0x00 | 0xD0..=0xD7) => at = next + 1,
            Some(_) => return next - 1,
        }
    }
    bytes.len()
}

/// How far past a segment's marker (at `at`) ffmpeg's decoder goes before it looks for
/// the next marker, given the length field `length` and whether the file holds that many
/// bytes after the marker (`fits`).
/// An APPn segment shorter than 6 bytes, or claiming more bytes than the file has, is an
/// error ffmpeg logs and reads on from just after the length ("unable to decode APP
/// fields"); so is a comment claiming more than there is. Other segments are stepped over
/// by their length, and when that runs past the end, the walk ends there anyway.
pub fn resume_after(marker: u8, at: u64, length: u16, fits: bool) -> u64 {
    let after_length = at + 4;
    let is_app = (0xE0..=0xEF).contains(&marker);
    if (is_app && length < 6) || length < 2 || !fits {
        return after_length;
    }
    at + 2 + u64::from(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_fill_and_stuffed_bytes_are_not_markers() {
        let bytes = [0, 1, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xD8, 0xFF, 0xE0];
        assert_eq!(next_marker(&bytes, 0), Some((6, SOI)));
        assert_eq!(next_marker(&bytes, 7), Some((8, 0xE0)));
        assert_eq!(next_marker(&bytes, 9), None);
    }

    #[test]
    fn a_scan_ends_at_the_first_real_marker() {
        let scan = [1, 0xFF, 0x00, 2, 0xFF, 0xD3, 3, 0xFF, 0xFF, 0xD9, 9];
        assert_eq!(scan_end(&scan, 0), 8);
        assert_eq!(scan_end(&[1, 2, 0xFF], 0), 3);
    }

    #[test]
    fn app_segments_with_wrong_lengths_resume_after_their_length() {
        assert_eq!(resume_after(0xE1, 10, 4, true), 14, "shorter than 6");
        assert_eq!(resume_after(0xE1, 10, 200, false), 14, "past the end");
        assert_eq!(resume_after(0xE1, 10, 16, true), 28);
        assert_eq!(resume_after(0xDB, 10, 4, true), 16, "a table of 2 bytes");
    }
}
