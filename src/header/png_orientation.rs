//! A PNG's orientation, from the chunks before its image data: the `eXIf` chunk (an EXIF
//! block, TIFF header and directories, as in a JPEG's APP1 after `Exif\0\0`), else XMP's
//! `tiff:Orientation` in an `iTXt` chunk keyed `XML:com.adobe.xmp`.
//!
//! Which wins follows Pillow's `ImageOps.exif_transpose` (what a Python user checks a frame
//! with): an EXIF orientation tag, whatever its value, wins over XMP; XMP counts only when
//! the EXIF block has no such tag. A later chunk of a kind replaces an earlier one, as in
//! Pillow. Only chunks before the image data are read: the PNG specification (third
//! edition) puts `eXIf` there, Pillow and exiftool write it there, and browsers ignore one
//! after the image data. A compressed `iTXt` is not read (Pillow reads it; no tool seen
//! writes XMP so).

use std::io::{Read, Seek, SeekFrom};

use crate::header::exif::{exif_orientation, in_range};
use crate::header::xmp::xmp_orientation;

/// How much of an `eXIf` chunk is read: the orientation sits in the first directory, and a
/// camera's block (maker notes, thumbnail) can be far longer.
const EXIF_READ: usize = 64 << 10;
/// How much of an XMP packet is read; editors pad theirs to a few kilobytes.
const XMP_READ: usize = 1 << 20;
/// A real PNG has a few dozen chunks before its image data.
const MAX_CHUNKS: usize = 10_000;
const XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp\0";

/// The orientation 1-8 of a PNG whose first bytes are `prefix`; `rest` reads the whole file
/// when `prefix` is not all of it. None when it has none, or one out of range.
pub fn png_orientation<R: Read + Seek>(prefix: &[u8], mut rest: Option<&mut R>) -> Option<u16> {
    let mut read_at = |at: u64, length: usize| read_bytes(prefix, rest.as_deref_mut(), at, length);
    let (mut exif, mut xmp) = (None, None);
    let mut at: u64 = 8;
    for _ in 0..MAX_CHUNKS {
        let Some(head) = read_at(at, 8).filter(|head| head.len() == 8) else {
            break;
        };
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let body = at + 8;
        match &head[4..8] {
            b"IDAT" | b"IEND" => break,
            b"eXIf" => {
                let data = read_at(body, (length as usize).min(EXIF_READ)).unwrap_or_default();
                exif = exif_orientation(&data).0;
            }
            b"iTXt" => {
                let data = read_at(body, (length as usize).min(XMP_READ)).unwrap_or_default();
                if let Some(packet) = xmp_packet(&data) {
                    xmp = xmp_orientation(packet);
                }
            }
            _ => {}
        }
        at = body + u64::from(length) + 4;
    }
    match exif {
        Some(value) => in_range(value),
        None => xmp.and_then(|value| in_range(value.into())),
    }
}

/// The text of an uncompressed `iTXt` chunk keyed for XMP: keyword, compression flag and
/// method, language tag, translated keyword, then the text.
fn xmp_packet(data: &[u8]) -> Option<&[u8]> {
    let after_keyword = data.strip_prefix(XMP_KEYWORD)?;
    let [0, _, tags @ ..] = after_keyword else {
        return None;
    };
    let mut fields = tags.splitn(3, |&b| b == 0);
    let (_language, _translated) = (fields.next()?, fields.next()?);
    fields.next()
}

/// Up to `length` bytes at `at`: from `prefix` when it holds them, else from `rest`; fewer
/// where the file ends first, None when nothing can be read there.
fn read_bytes<R: Read + Seek>(
    prefix: &[u8],
    rest: Option<&mut R>,
    at: u64,
    length: usize,
) -> Option<Vec<u8>> {
    let start = usize::try_from(at).ok();
    let end = start.and_then(|s| s.checked_add(length));
    match (start, end, rest) {
        (Some(start), Some(end), _) if end <= prefix.len() => Some(prefix[start..end].to_vec()),
        (_, _, Some(file)) => {
            file.seek(SeekFrom::Start(at)).ok()?;
            let mut bytes = Vec::new();
            file.take(length as u64).read_to_end(&mut bytes).ok()?;
            Some(bytes)
        }
        // The prefix is the whole file.
        (Some(start), _, None) => prefix
            .get(start..)
            .map(|tail| tail[..tail.len().min(length)].to_vec()),
        (None, _, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::header::exif::tests::tiff;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut bytes = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        bytes.extend(kind);
        bytes.extend(data);
        bytes.extend([0; 4]); // the CRC, which framekit does not check (ffmpeg does)
        bytes
    }

    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(chunk(b"IHDR", &[0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0, 0, 0]));
        for c in chunks {
            bytes.extend(c);
        }
        bytes.extend(chunk(b"IDAT", b"xx"));
        bytes.extend(chunk(b"IEND", b""));
        bytes
    }

    fn exif(big_endian: bool, value: u32) -> Vec<u8> {
        chunk(b"eXIf", &tiff(big_endian, &[(0x0112, 3, value)], &[]))
    }

    fn xmp(text: &str) -> Vec<u8> {
        chunk(
            b"iTXt",
            &[XMP_KEYWORD, b"\0\0\0\0", text.as_bytes()].concat(),
        )
    }

    /// Read as `read_frame_header` does: a first read of `first` bytes, then the file.
    fn orientation(bytes: &[u8], first: usize) -> Option<u16> {
        let first = first.min(bytes.len());
        let mut file = Cursor::new(bytes.to_vec());
        png_orientation(&bytes[..first], (first < bytes.len()).then_some(&mut file))
    }

    #[test]
    fn exif_in_both_byte_orders_and_xmp_in_both_forms() {
        for value in 1..=8 {
            for big_endian in [true, false] {
                assert_eq!(
                    orientation(&png(&[exif(big_endian, value)]), 1024),
                    Some(value as u16)
                );
            }
            let attribute = format!("<rdf:Description tiff:Orientation=\"{value}\"/>");
            assert_eq!(
                orientation(&png(&[xmp(&attribute)]), 1024),
                Some(value as u16)
            );
            let element = format!("<tiff:Orientation>{value}</tiff:Orientation>");
            assert_eq!(
                orientation(&png(&[xmp(&element)]), 1024),
                Some(value as u16)
            );
        }
        assert_eq!(orientation(&png(&[]), 1024), None);
    }

    #[test]
    fn exif_wins_over_xmp_even_when_it_says_as_stored() {
        let xmp6 = xmp("tiff:Orientation=\"6\"");
        assert_eq!(
            orientation(&png(&[exif(true, 3), xmp6.clone()]), 1024),
            Some(3)
        );
        assert_eq!(
            orientation(&png(&[xmp6.clone(), exif(false, 3)]), 1024),
            Some(3)
        );
        assert_eq!(
            orientation(&png(&[exif(true, 1), xmp6.clone()]), 1024),
            Some(1)
        );
        // Out of range in EXIF: nothing turned, as Pillow.
        assert_eq!(
            orientation(&png(&[exif(true, 9), xmp6.clone()]), 1024),
            None
        );
        // An EXIF block without the tag leaves XMP to decide.
        let no_tag = chunk(b"eXIf", &tiff(true, &[(0x010F, 2, 0)], &[]));
        assert_eq!(orientation(&png(&[no_tag, xmp6]), 1024), Some(6));
    }

    #[test]
    fn chunks_past_the_first_read_are_read_and_after_the_image_data_are_not() {
        let big_text = chunk(b"tEXt", &[b'x'; 5000]);
        let padded_xmp = xmp(&format!("{}<tiff:Orientation>8<", " ".repeat(3000)));
        let file = png(&[big_text, padded_xmp, exif(false, 6)]);
        for first in [33, 100, 1024, file.len()] {
            assert_eq!(orientation(&file, first), Some(6), "first read {first}");
        }
        let mut after = png(&[]);
        let iend = after.len() - 12;
        after.splice(iend..iend, exif(true, 3));
        assert_eq!(orientation(&after, 1024), None);
    }

    #[test]
    fn compressed_or_other_text_is_not_xmp() {
        let compressed = chunk(b"iTXt", &[XMP_KEYWORD, b"\x01\0\0\0x\x9c"].concat());
        assert_eq!(orientation(&png(&[compressed]), 1024), None);
        let other = chunk(b"iTXt", b"Comment\0\0\0\0\0tiff:Orientation=\"6\"");
        assert_eq!(orientation(&png(&[other]), 1024), None);
    }

    proptest::proptest! {
        // Any chunks give an answer, never a panic or an endless loop.
        #[test]
        fn any_bytes_give_an_answer(
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
            first in 0usize..2100,
        ) {
            let bytes = [&png(&[])[..33], &tail[..]].concat();
            let _ = orientation(&bytes, first);
            let exif_head = [&png(&[])[..33], &[0, 0, 0, 40][..], b"eXIf", &tail[..]].concat();
            let _ = orientation(&exif_head, first);
            let xmp_head = [&png(&[])[..33], &[0, 0, 1, 0][..], b"iTXt", XMP_KEYWORD, &tail[..]].concat();
            let _ = orientation(&xmp_head, first);
        }
    }
}
