//! A JPEG's ICC profile: `APP2` segments whose data starts `ICC_PROFILE\0`, then the
//! segment's number (from 1) and how many there are; a profile larger than one segment
//! (64 KiB) is cut over several, joined in their numbers' order. The walk ends at the scan.

use std::io::{Read, Seek, SeekFrom};

use super::embedded::{read_exactly, Embedded, MAX_PROFILE_BYTES};

/// Segments a walk steps over at most: a real JPEG has a dozen.
const MAX_SEGMENTS: usize = 10_000;
const ICC_MARK: &[u8; 12] = b"ICC_PROFILE\0";

/// One APP2 ICC segment: its number, the count it claims, its part of the profile.
struct Part {
    number: u8,
    count: u8,
    bytes: Vec<u8>,
}

/// The profile of the JPEG read from `file` (from its start).
pub fn jpeg_profile<R: Read + Seek>(file: &mut R) -> Embedded {
    let parts = icc_parts(file)?;
    join(parts)
}

/// Every ICC part before the scan, in file order.
fn icc_parts<R: Read + Seek>(file: &mut R) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut total = 0usize;
    let seek_error = |e: std::io::Error| format!("cannot be read again ({e})");
    file.seek(SeekFrom::Start(2)).map_err(seek_error)?;
    for _ in 0..MAX_SEGMENTS {
        let Some(marker) = next_marker(file)? else {
            break;
        };
        match marker {
            0x01 | 0xD0..=0xD8 => continue,
            0xDA | 0xD9 => break,
            _ => {}
        }
        let Some(length) = read_exactly(file, 2)? else {
            break;
        };
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        let Some(data_length) = length.checked_sub(2) else {
            break;
        };
        if marker != 0xE2 || data_length < ICC_MARK.len() + 2 {
            file.seek(SeekFrom::Current(data_length as i64))
                .map_err(seek_error)?;
            continue;
        }
        let Some(data) = read_exactly(file, data_length)? else {
            break;
        };
        if let Some(rest) = data.strip_prefix(ICC_MARK) {
            total += rest.len() - 2;
            if total > MAX_PROFILE_BYTES {
                return Err("has a damaged ICC profile (APP2 segments: larger than 16 MiB)".into());
            }
            parts.push(Part {
                number: rest[0],
                count: rest[1],
                bytes: rest[2..].to_vec(),
            });
        }
    }
    Ok(parts)
}

/// The marker after where `file` stands, past fill bytes; None at the end or at bytes that
/// are no marker (the segments have ended: the header reader judges the rest).
fn next_marker<R: Read>(file: &mut R) -> Result<Option<u8>, String> {
    let Some(first) = read_exactly(file, 1)? else {
        return Ok(None);
    };
    if first[0] != 0xFF {
        return Ok(None);
    }
    loop {
        let Some(byte) = read_exactly(file, 1)? else {
            return Ok(None);
        };
        if byte[0] != 0xFF {
            return Ok(Some(byte[0]));
        }
    }
}

/// The parts joined in order of their numbers; each number 1..=count once (a repeated one:
/// the first kept, as Little CMS's readers do not check and take the file's order).
fn join(mut parts: Vec<Part>) -> Embedded {
    let Some(count) = parts.first().map(|p| p.count) else {
        return Ok(None);
    };
    let damaged = |what: String| format!("has a damaged ICC profile (APP2 segments: {what})");
    parts.sort_by_key(|p| p.number);
    parts.dedup_by_key(|p| p.number);
    let numbers: Vec<u8> = parts.iter().map(|p| p.number).collect();
    let expected: Vec<u8> = (1..=count).collect();
    if count == 0 || parts.iter().any(|p| p.count != count) || numbers != expected {
        return Err(damaged(format!(
            "numbered {numbers:?} of {count}, not 1 to {count} once each"
        )));
    }
    Ok(Some(parts.into_iter().flat_map(|p| p.bytes).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let length = (data.len() + 2) as u16;
        [&[0xFF, marker][..], &length.to_be_bytes(), data].concat()
    }

    fn icc(number: u8, count: u8, bytes: &[u8]) -> Vec<u8> {
        segment(0xE2, &[&ICC_MARK[..], &[number, count], bytes].concat())
    }

    fn jpeg(segments: &[Vec<u8>]) -> Vec<u8> {
        let mut file = vec![0xFF, 0xD8];
        segments.iter().for_each(|s| file.extend(s));
        file.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        file.extend(icc(1, 1, b"after the scan"));
        file
    }

    fn read(bytes: &[u8]) -> Embedded {
        jpeg_profile(&mut Cursor::new(bytes))
    }

    #[test]
    fn parts_are_joined_in_their_order_wherever_they_stand() {
        let exif = segment(0xE1, &[b"Exif\0\0", &[9u8; 3000][..]].concat());
        let file = jpeg(&[
            segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
            icc(2, 2, b"world"),
            exif,
            segment(0xE2, b"MPF\0other APP2"),
            icc(1, 2, b"hello "),
        ]);
        assert_eq!(read(&file), Ok(Some(b"hello world".to_vec())));
        assert_eq!(read(&jpeg(&[])), Ok(None));
        assert_eq!(read(&[0xFF, 0xD8]), Ok(None));
    }

    #[test]
    fn a_missing_part_is_damage() {
        let error = read(&jpeg(&[icc(1, 3, b"a"), icc(3, 3, b"c")])).unwrap_err();
        assert!(error.contains("numbered [1, 3] of 3"), "{error}");
        assert!(read(&jpeg(&[icc(0, 0, b"a")])).is_err());
        // The same part twice: the first is kept.
        let twice = jpeg(&[icc(1, 1, b"a"), icc(1, 1, b"b")]);
        assert_eq!(read(&twice), Ok(Some(b"a".to_vec())));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..4096)) {
            let _ = read(&[&[0xFF, 0xD8][..], &tail].concat());
            let _ = read(&[&[0xFF, 0xD8, 0xFF, 0xE2, 0x00, 0x20][..], ICC_MARK, &tail].concat());
        }
    }
}
