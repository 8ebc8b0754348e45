//! Whether a frame may carry a profile, told from the bytes its header was read from: a
//! folder of 20,000 frames without one is then not opened a second time (the profile scan
//! cost a fifth of the time of stitching tiny frames). Only "surely none" skips the scan:
//! the image data (PNG `IDAT`, JPEG's scan) reached with no `iCCP` chunk or `APP2
//! ICC_PROFILE` segment before it, where the profile readers stop looking too.

use crate::header::FrameFormat;

/// False only when `prefix` (a frame's first bytes) shows its image data with no profile
/// before it; true when it holds a profile, or ends before its image data.
pub fn may_carry_profile(prefix: &[u8], format: FrameFormat) -> bool {
    match format {
        FrameFormat::Png => png_may_carry(prefix),
        FrameFormat::Jpeg => jpeg_may_carry(prefix),
    }
}

fn png_may_carry(prefix: &[u8]) -> bool {
    let mut at = 8usize;
    while let Some(head) = prefix.get(at..at + 8) {
        match &head[4..8] {
            b"iCCP" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        // The chunk's data and its CRC.
        match at.checked_add(12).and_then(|end| end.checked_add(length)) {
            Some(next) => at = next,
            None => return true,
        }
    }
    true
}

fn jpeg_may_carry(prefix: &[u8]) -> bool {
    // Junk before the start marker is skipped, as ffmpeg skips it.
    let Some(start) = prefix.windows(2).position(|pair| pair == [0xFF, 0xD8]) else {
        return true;
    };
    let mut at = start + 2;
    loop {
        // The next marker: junk and fill bytes (0xFF runs) before it are stepped over.
        while prefix.get(at).is_some_and(|&b| b != 0xFF) {
            at += 1;
        }
        while prefix.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = prefix.get(at + 1) else {
            return true;
        };
        match marker {
            // The scan, or the image's end: a profile comes before either.
            0xDA | 0xD9 => return false,
            // Markers without a length.
            0x00 | 0x01 | 0xD0..=0xD7 => {
                at += 2;
                continue;
            }
            _ => {}
        }
        let Some(length) = prefix.get(at + 2..at + 4) else {
            return true;
        };
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if marker == 0xE2 {
            match prefix.get(at + 4..at + 16) {
                Some(mark) if mark == b"ICC_PROFILE\0" => return true,
                Some(_) => {}
                None => return true,
            }
        }
        at += 2 + length.max(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(chunks: &[(&[u8; 4], usize)]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, length) in chunks {
            bytes.extend((*length as u32).to_be_bytes());
            bytes.extend(*kind);
            bytes.extend(vec![0; length + 4]);
        }
        bytes
    }

    #[test]
    fn a_png_shows_its_profile_or_its_image_data_first() {
        assert!(!png_may_carry(&png(&[(b"IHDR", 13), (b"IDAT", 10)])));
        assert!(png_may_carry(&png(&[
            (b"IHDR", 13),
            (b"iCCP", 10),
            (b"IDAT", 4)
        ])));
        // The first bytes end inside a large text chunk: the file must be read.
        let cut = png(&[(b"IHDR", 13), (b"tEXt", 5000), (b"IDAT", 4)]);
        assert!(png_may_carry(&cut[..1024]));
    }

    #[test]
    fn a_jpeg_shows_its_profile_or_its_scan_first() {
        let segment = |marker: u8, data: &[u8]| {
            let mut bytes = vec![0xFF, marker];
            bytes.extend(u16::try_from(data.len() + 2).unwrap().to_be_bytes());
            bytes.extend(data);
            bytes
        };
        let plain = [
            &[0xFF, 0xD8][..],
            &segment(0xE0, b"JFIF\0\x01\x01"),
            &segment(0xDA, &[1, 1, 0, 0, 63, 0]),
        ]
        .concat();
        assert!(!jpeg_may_carry(&plain));
        let tagged = [
            &[0xFF, 0xD8][..],
            &segment(0xE2, b"ICC_PROFILE\0\x01\x01rest"),
            &segment(0xDA, &[1, 1, 0, 0, 63, 0]),
        ]
        .concat();
        assert!(jpeg_may_carry(&tagged));
        // Junk before the start, and an APP2 of another kind (MPF), are no profile.
        let other = [
            &b"junk"[..],
            &[0xFF, 0xD8],
            &segment(0xE2, b"MPF\0\0\0\0\0\0\0\0\0\0\0"),
            &segment(0xDA, &[1, 1, 0, 0, 63, 0]),
        ]
        .concat();
        assert!(!jpeg_may_carry(&other));
        assert!(jpeg_may_carry(&plain[..6]));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            may_carry_profile(&bytes, FrameFormat::Png);
            may_carry_profile(&bytes, FrameFormat::Jpeg);
        }
    }
}
