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

/// The orientation (1-8) in an EXIF block's TIFF body (what follows `Exif\0\0` in APP1),
/// and whether the bytes ended before the directories did (so that more may tell more).
pub fn exif_orientation(tiff: &[u8]) -> (Option<u16>, bool) {
    let big_endian = match tiff.get(..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        Some(_) => return (None, false),
        None => return (None, true),
    };
    let Some(first) = read_u32(tiff, 4, big_endian).and_then(|at| usize::try_from(at).ok()) else {
        return (None, true);
    };
    let mut found = None;
    let complete = read_directory(tiff, first, big_endian, 0, &mut found);
    (found, !complete)
}

/// Reads one image directory, following the EXIF sub-directory once; false when the bytes
/// end inside it.
fn read_directory(
    tiff: &[u8],
    at: usize,
    big_endian: bool,
    depth: u8,
    found: &mut Option<u16>,
) -> bool {
    let Some(entries) = read_u16(tiff, at, big_endian) else {
        return false;
    };
    let mut complete = true;
    for entry in 0..usize::from(entries) {
        let Some(start) = at.checked_add(2 + entry * 12) else {
            return false;
        };
        let (Some(tag), Some(kind), Some(count)) = (
            read_u16(tiff, start, big_endian),
            read_u16(tiff, start + 2, big_endian),
            read_u32(tiff, start + 4, big_endian),
        ) else {
            return false;
        };
        let value = start + 8;
        // Every value field is 4 bytes, inside the entry.
        if value + 4 > tiff.len() {
            return false;
        }
        match (tag, kind, count) {
            // SHORT or LONG, one value, held in the entry itself.
            (0x0112, 3, 1) => set(found, read_u16(tiff, value, big_endian).map(u32::from)),
            (0x0112, 4, 1) => set(found, read_u32(tiff, value, big_endian)),
            (0x8769, 4 | 13, 1) if depth == 0 => {
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

fn set(found: &mut Option<u16>, value: Option<u32>) {
    if let Some(value @ 1..=8) = value {
        *found = Some(value as u16);
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
                assert_eq!(exif_orientation(&short), (Some(value), false));
                let long = tiff(big_endian, &[(0x0112, 4, value.into())], &[]);
                assert_eq!(exif_orientation(&long), (Some(value), false));
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
    fn nothing_or_nonsense_is_no_orientation() {
        assert_eq!(
            exif_orientation(&tiff(true, &[(0x010F, 2, 0)], &[])),
            (None, false)
        );
        assert_eq!(
            exif_orientation(&tiff(true, &[(0x0112, 3, 9)], &[])),
            (None, false)
        );
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
