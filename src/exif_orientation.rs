//! The EXIF orientation of a JPEG, from its first bytes.
//!
//! ffmpeg (5.1 and later) turns a JPEG upright by its EXIF orientation as it decodes it, so a
//! camera's portrait shot of 4000x3000 pixels reaches the encoder as 3000x4000. framekit must
//! validate the size ffmpeg will see, not the stored one: a folder mixing portrait and
//! landscape shots would otherwise be squashed to the first frame's size without a word.
//!
//! Only tag 0x0112 of the first image directory is read, from a prefix of the file that may
//! end anywhere: an EXIF library wants the whole APP1 segment (up to 64 KiB, thumbnail
//! included) for one 2-byte value.

/// What the first bytes of a JPEG say about its orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// EXIF orientation 1-8; 5-8 turn the image a quarter, so width and height swap.
    Tagged(u16),
    /// No EXIF orientation: shown as stored.
    Untagged,
    /// The bytes end before the answer: read more of the file.
    Unknown,
}

impl Orientation {
    /// Whether ffmpeg shows the image turned a quarter, with width and height swapped.
    pub fn swaps_sides(self) -> bool {
        matches!(self, Orientation::Tagged(5..=8))
    }
}

/// Reads the orientation from the start of a JPEG file (`bytes` may be cut anywhere).
pub fn jpeg_orientation(bytes: &[u8]) -> Orientation {
    match bytes.get(..2) {
        None => return Orientation::Unknown,
        Some([0xFF, 0xD8]) => {}
        Some(_) => return Orientation::Untagged,
    }
    let mut at = 2;
    loop {
        let Some(&[mark, marker]) = bytes.get(at..at + 2) else {
            return Orientation::Unknown;
        };
        if mark != 0xFF {
            return Orientation::Untagged;
        }
        if marker == 0xFF {
            // Fill byte before a marker.
            at += 1;
            continue;
        }
        // EXIF sits in APP1, before the frame header (SOFn) and the scan (SOS).
        let frame_or_scan = matches!(marker, 0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC))
            || marker == 0xDA
            || marker == 0xD9;
        if frame_or_scan {
            return Orientation::Untagged;
        }
        let Some(length) = read_u16(bytes, at + 2, true) else {
            return Orientation::Unknown;
        };
        if length < 8 {
            // Too short for any segment framekit looks into, or broken (a length counts
            // itself, so below 2 is impossible).
            if length < 2 {
                return Orientation::Untagged;
            }
            at += 2 + usize::from(length);
            continue;
        }
        let data_start = at + 4;
        let data_end = at + 2 + usize::from(length);
        if marker == 0xE1 && bytes.get(data_start..data_start + 6) == Some(b"Exif\0\0") {
            let tiff = bytes
                .get(data_start + 6..bytes.len().min(data_end))
                .unwrap_or_default();
            return match tiff_orientation(tiff) {
                // Unknown from a whole segment means a broken one: there is nothing more.
                Orientation::Unknown if data_end <= bytes.len() => Orientation::Untagged,
                answer => answer,
            };
        }
        at = data_end;
    }
}

/// Tag 0x0112 in the first image directory of a TIFF structure (EXIF's body).
fn tiff_orientation(tiff: &[u8]) -> Orientation {
    let big_endian = match tiff.get(..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        Some(_) => return Orientation::Untagged,
        None => return Orientation::Unknown,
    };
    let Some(first_directory) = read_u32(tiff, 4, big_endian) else {
        return Orientation::Unknown;
    };
    let Ok(directory) = usize::try_from(first_directory) else {
        return Orientation::Untagged;
    };
    let Some(entries) = read_u16(tiff, directory, big_endian) else {
        return Orientation::Unknown;
    };
    for entry in 0..usize::from(entries) {
        let at = directory + 2 + entry * 12;
        let Some(tag) = read_u16(tiff, at, big_endian) else {
            return Orientation::Unknown;
        };
        if tag != 0x0112 {
            continue;
        }
        // Type SHORT (3), one value, held in the entry itself.
        return match (
            read_u16(tiff, at + 2, big_endian),
            read_u16(tiff, at + 8, big_endian),
        ) {
            (Some(3), Some(value @ 1..=8)) => Orientation::Tagged(value),
            (Some(_), Some(_)) => Orientation::Untagged,
            _ => Orientation::Unknown,
        };
    }
    Orientation::Untagged
}

fn read_u16(bytes: &[u8], at: usize, big_endian: bool) -> Option<u16> {
    let pair: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(if big_endian {
        u16::from_be_bytes(pair)
    } else {
        u16::from_le_bytes(pair)
    })
}

fn read_u32(bytes: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let quad: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian {
        u32::from_be_bytes(quad)
    } else {
        u32::from_le_bytes(quad)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an optional JFIF APP0, then APP1 with one IFD0 entry: orientation `value`.
    fn jpeg_with_orientation(value: u16, big_endian: bool, with_jfif: bool) -> Vec<u8> {
        let u16b = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut tiff = Vec::new();
        tiff.extend(if big_endian { b"MM" } else { b"II" });
        tiff.extend(u16b(42));
        tiff.extend(u32b(8));
        tiff.extend(u16b(2)); // two entries: Make first, then Orientation
        tiff.extend(u16b(0x010F));
        tiff.extend(u16b(2));
        tiff.extend(u32b(4));
        tiff.extend(b"Cam\0");
        tiff.extend(u16b(0x0112));
        tiff.extend(u16b(3));
        tiff.extend(u32b(1));
        tiff.extend(u16b(value));
        tiff.extend([0, 0]);
        tiff.extend(u32b(0));
        let mut file = vec![0xFF, 0xD8];
        if with_jfif {
            file.extend([0xFF, 0xE0, 0, 16]);
            file.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        }
        let length = (2 + 6 + tiff.len()) as u16;
        file.extend([0xFF, 0xE1]);
        file.extend(length.to_be_bytes());
        file.extend(b"Exif\0\0");
        file.extend(tiff);
        file.extend([0xFF, 0xC0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        file
    }

    #[test]
    fn every_orientation_is_read_in_both_byte_orders() {
        for value in 1..=8 {
            for big_endian in [true, false] {
                for with_jfif in [true, false] {
                    let file = jpeg_with_orientation(value, big_endian, with_jfif);
                    assert_eq!(jpeg_orientation(&file), Orientation::Tagged(value));
                }
            }
        }
        assert!(Orientation::Tagged(6).swaps_sides());
        assert!(!Orientation::Tagged(3).swaps_sides());
        assert!(!Orientation::Untagged.swaps_sides());
    }

    #[test]
    fn a_cut_before_the_tag_asks_for_more_and_after_it_answers() {
        let file = jpeg_with_orientation(6, true, true);
        // The value ends 6 bytes before the TIFF body does (padding, next-directory offset),
        // and the 13-byte frame header follows.
        let tag_end = file.len() - 13 - 6;
        for cut in 0..file.len() {
            let answer = jpeg_orientation(&file[..cut]);
            if cut < tag_end {
                assert_eq!(answer, Orientation::Unknown, "cut at {cut}");
            } else {
                assert_eq!(answer, Orientation::Tagged(6), "cut at {cut}");
            }
        }
    }

    #[test]
    fn no_exif_means_untagged() {
        let plain = [
            0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0,
        ];
        assert_eq!(jpeg_orientation(&plain), Orientation::Untagged);
        assert_eq!(
            jpeg_orientation(b"\x89PNG\r\n\x1a\n"),
            Orientation::Untagged
        );
    }

    proptest::proptest! {
        // Any bytes after a JPEG's start give an answer, never a panic or an endless loop.
        #[test]
        fn any_bytes_give_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let bytes = [&[0xFF, 0xD8][..], &tail].concat();
            let _ = jpeg_orientation(&bytes);
        }

        #[test]
        fn any_exif_body_gives_an_answer(body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let length = (2 + 6 + body.len()) as u16;
            let bytes = [&[0xFF, 0xD8, 0xFF, 0xE1][..], &length.to_be_bytes(), b"Exif\0\0", &body].concat();
            let _ = jpeg_orientation(&bytes);
        }
    }
}
