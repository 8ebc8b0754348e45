//! The orientation in a JPEG's EXIF block, read as ffmpeg reads it.
//!
//! ffmpeg (5.1 and later) turns a JPEG upright by its EXIF orientation as it decodes it, so a
//! camera's portrait shot of 4000x3000 pixels reaches the encoder as 3000x4000. framekit must
//! validate the size ffmpeg will see, not the stored one: a folder mixing portrait and
//! landscape shots would otherwise be squashed to the first frame's size without a word.
//!
//! Like ffmpeg's EXIF reader: tag 0x0112 of the first image directory or of the EXIF
//! directory it points to (0x8769), as SHORT or LONG; the last one read wins, across every
//! EXIF segment of the file. Only this one value is read: an EXIF library would parse the
//! whole block, thumbnail included, for one number.

/// EXIF orientations 5-8 turn the image a quarter: width and height swap.
pub fn swaps_sides(orientation: u16) -> bool {
    (5..=8).contains(&orientation)
}

/// The last orientation value in an EXIF block's TIFF body (what follows `Exif` and two
/// bytes in APP1), in or out of range, and whether the bytes ended before the directories
/// did (so that more may tell more).
pub fn exif_orientation(tiff: &[u8]) -> (Option<i64>, bool) {
    let big_endian = match tiff.get(..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        Some(_) => return (None, false),
        None => return (None, true),
    };
    match read_u16(tiff, 2, big_endian) {
        Some(42) => {}
        Some(_) => return (None, false),
        None => return (None, true),
    }
    let Some(first) = read_u32(tiff, 4, big_endian).and_then(|at| usize::try_from(at).ok()) else {
        return (None, true);
    };
    let mut found: Option<i64> = None;
    let complete = read_directory(tiff, first, big_endian, 0, &mut found);
    (found, !complete)
}

/// The orientation a last value read means: 1-8, or none (ffmpeg turns nothing for the
/// others, even after an earlier value in range).
pub fn in_range(value: i64) -> Option<u16> {
    u16::try_from(value).ok().filter(|v| (1..=8).contains(v))
}

/// Reads one image directory and the sub-directories ffmpeg follows; false when the bytes
/// end inside it.
fn read_directory(
    tiff: &[u8],
    at: usize,
    big_endian: bool,
    depth: u8,
    found: &mut Option<i64>,
) -> bool {
    let Some(entries) = read_u16(tiff, at, big_endian) else {
        return false;
    };
    // ffmpeg skips a directory that runs past the bytes, entries and all.
    if at.saturating_add(2 + usize::from(entries) * 12) > tiff.len() {
        return false;
    }
    let mut complete = true;
    for entry in 0..usize::from(entries) {
        let start = at + 2 + entry * 12;
        let (Some(tag), Some(kind), Some(count)) = (
            read_u16(tiff, start, big_endian),
            read_u16(tiff, start + 2, big_endian),
            read_u32(tiff, start + 4, big_endian),
        ) else {
            return false;
        };
        let value = start + 8;
        match tag {
            0x0112 => {
                if let Some(number) = inline_number(tiff, value, kind, count, big_endian) {
                    *found = Some(number);
                }
            }
            // The EXIF, GPS and interoperability directories, as ffmpeg follows them.
            0x8769 | 0x8825 | 0xA005 if depth < 2 => {
                if let Some(sub) = read_u32(tiff, value, big_endian)
                    .and_then(|offset| usize::try_from(offset).ok())
                {
                    complete &= read_directory(tiff, sub, big_endian, depth + 1, found);
                }
            }
            _ => {}
        }
    }
    complete
}

/// A single value held in the entry itself, of any integer type, or a short ASCII number
/// ("6"): ffmpeg reads the orientation as text and takes the number in it.
fn inline_number(tiff: &[u8], at: usize, kind: u16, count: u32, big_endian: bool) -> Option<i64> {
    let byte = *tiff.get(at)?;
    match (kind, count) {
        // BYTE, UNDEFINED; SBYTE
        (1 | 7, 1) => Some(i64::from(byte)),
        (6, 1) => Some(i64::from(byte as i8)),
        // SHORT; SSHORT
        (3, 1) => read_u16(tiff, at, big_endian).map(i64::from),
        (8, 1) => read_u16(tiff, at, big_endian).map(|v| i64::from(v as i16)),
        // LONG; SLONG
        (4, 1) => read_u32(tiff, at, big_endian).map(i64::from),
        (9, 1) => read_u32(tiff, at, big_endian).map(|v| i64::from(v as i32)),
        // ASCII, up to 4 bytes with its NUL
        (2, 1..=4) => {
            let text = tiff.get(at..at + count as usize)?;
            let digits: String = text
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .map(|&b| char::from(b))
                .collect();
            Some(digits.parse().unwrap_or(0))
        }
        _ => None,
    }
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
pub mod tests {
    use super::*;

    /// A TIFF body with IFD0 entries `(tag, type, value)` and, when `sub` is given, an EXIF
    /// sub-directory holding those entries.
    pub fn tiff(big_endian: bool, entries: &[(u16, u16, u32)], sub: &[(u16, u16, u32)]) -> Vec<u8> {
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
        let directory = |entries: &[(u16, u16, u32)], next: &mut Vec<u8>| {
            next.extend(u16b(entries.len() as u16));
            for &(tag, kind, value) in entries {
                next.extend(u16b(tag));
                next.extend(u16b(kind));
                next.extend(u32b(1));
                if kind == 3 {
                    next.extend(u16b(value as u16));
                    next.extend([0, 0]);
                } else {
                    next.extend(u32b(value));
                }
            }
            next.extend(u32b(0));
        };
        let mut body = Vec::new();
        body.extend(if big_endian { b"MM" } else { b"II" });
        body.extend(u16b(42));
        body.extend(u32b(8));
        let mut all: Vec<(u16, u16, u32)> = entries.to_vec();
        if !sub.is_empty() {
            let sub_at = 8 + 2 + (all.len() as u32 + 1) * 12 + 4;
            all.push((0x8769, 4, sub_at));
        }
        directory(&all, &mut body);
        if !sub.is_empty() {
            directory(sub, &mut body);
        }
        body
    }

    #[test]
    fn short_and_long_values_in_both_byte_orders() {
        for big_endian in [true, false] {
            for value in 1..=8u16 {
                let make = (0x010F, 2, 0);
                let short = tiff(big_endian, &[make, (0x0112, 3, value.into())], &[]);
                assert_eq!(exif_orientation(&short), (Some(i64::from(value)), false));
                let long = tiff(big_endian, &[(0x0112, 4, value.into())], &[]);
                assert_eq!(exif_orientation(&long), (Some(i64::from(value)), false));
            }
        }
        assert!(swaps_sides(6) && swaps_sides(8) && !swaps_sides(3) && !swaps_sides(1));
    }

    #[test]
    fn the_exif_sub_directory_counts_and_the_last_value_wins() {
        let only_sub = tiff(true, &[(0x010F, 2, 0)], &[(0x0112, 3, 6)]);
        assert_eq!(exif_orientation(&only_sub), (Some(6), false));
        let both = tiff(false, &[(0x0112, 3, 1)], &[(0x0112, 3, 8)]);
        assert_eq!(exif_orientation(&both), (Some(8), false));
        // Cut inside the sub-directory: the answer so far, and a call for more bytes.
        assert_eq!(exif_orientation(&both[..both.len() - 8]), (Some(1), true));
    }

    #[test]
    fn any_integer_type_and_short_text_count_as_ffmpeg_reads_them() {
        // BYTE, ASCII, SBYTE, UNDEFINED, SSHORT, SLONG: ffmpeg turns the image for each.
        for kind in [1u16, 6, 7, 8, 9] {
            assert_eq!(
                exif_orientation(&tiff(false, &[(0x0112, kind, 6)], &[])).0,
                Some(6),
                "type {kind}"
            );
        }
        let mut ascii = tiff(true, &[(0x0112, 2, 0)], &[]);
        // The value field of the one entry: "6\0".
        let value = 8 + 2 + 8;
        ascii[value - 4..value].copy_from_slice(&2u32.to_be_bytes());
        ascii[value..value + 2].copy_from_slice(b"6\0");
        assert_eq!(exif_orientation(&ascii).0, Some(6));
        // The GPS directory is followed too.
        let gps = tiff(true, &[(0x010F, 2, 0)], &[(0x0112, 3, 6)]);
        let mut gps = gps.clone();
        let pointer = 8 + 2 + 12;
        gps[pointer..pointer + 2].copy_from_slice(&0x8825u16.to_be_bytes());
        assert_eq!(exif_orientation(&gps).0, Some(6));
    }

    #[test]
    fn nothing_or_nonsense_is_no_orientation() {
        assert_eq!(
            exif_orientation(&tiff(true, &[(0x010F, 2, 0)], &[])),
            (None, false)
        );
        // Out of range: read (it overrides an earlier value), but no orientation.
        assert_eq!(
            exif_orientation(&tiff(true, &[(0x0112, 3, 9)], &[])),
            (Some(9), false)
        );
        assert_eq!(
            (in_range(9), in_range(0), in_range(6)),
            (None, None, Some(6))
        );
        // Not TIFF's magic 42.
        let mut wrong_magic = tiff(true, &[(0x0112, 3, 6)], &[]);
        wrong_magic[3] = 43;
        assert_eq!(exif_orientation(&wrong_magic), (None, false));
        assert_eq!(exif_orientation(b"XX\0\x2a"), (None, false));
        assert_eq!(exif_orientation(b""), (None, true));
    }

    proptest::proptest! {
        // Any bytes give an answer, never a panic or an endless loop.
        #[test]
        fn any_body_gives_an_answer(body in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let _ = exif_orientation(&body);
            let _ = exif_orientation(&[b"MM\0\x2a\0\0\0\x08", &body[..]].concat());
            let _ = exif_orientation(&[b"II\x2a\0\x08\0\0\0", &body[..]].concat());
        }
    }
}
