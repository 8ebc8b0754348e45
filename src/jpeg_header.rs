//! A JPEG's size and EXIF orientation, in one walk over its segments.
//!
//! The walk goes from the start of the file to the scan (SOS), as ffmpeg's decoder does: the
//! size is in the frame header (SOFn), the orientation in any EXIF segment (APP1) before the
//! scan, the last one winning. Only those segments are read; the others are stepped over by
//! their length. A camera photo's EXIF block (with its thumbnail) runs to tens of KiB before
//! the frame header, so the walk continues past the first read with reads of a few bytes,
//! not by reading everything in between.

use std::borrow::Cow;
use std::io::{self, Read, Seek, SeekFrom};

use crate::exif_orientation::exif_orientation;

/// What framekit needs of a JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFacts {
    /// As stored, before the orientation turns it.
    pub width: u16,
    pub height: u16,
    pub orientation: Option<u16>,
    pub chroma: Chroma,
}

/// How a JPEG stores colour, which decides the pixel format ffmpeg decodes it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chroma {
    Gray,
    /// Colour at half width and height (most photos).
    Yuv420,
    Yuv422,
    Yuv444,
    /// Any other layout (4:1:1, CMYK, ...).
    Other,
}

impl Chroma {
    /// From a frame header's component count and sampling factors (luma first).
    fn from_components(components: &[u8]) -> Chroma {
        // Each component: id, sampling factors (horizontal << 4 | vertical), table.
        let sampling: Vec<u8> = components
            .chunks(3)
            .filter_map(|c| c.get(1).copied())
            .collect();
        match sampling.as_slice() {
            [_] => Chroma::Gray,
            [luma, cb, cr] if cb == cr && *cb == 0x11 => match luma {
                0x22 => Chroma::Yuv420,
                0x21 => Chroma::Yuv422,
                0x11 => Chroma::Yuv444,
                _ => Chroma::Other,
            },
            _ => Chroma::Other,
        }
    }
}

/// Segments a walk steps over at most: a real JPEG has a dozen.
const MAX_SEGMENTS: usize = 10_000;

/// Walks the JPEG whose first bytes are `prefix`; `rest` reads the file from the start,
/// when `prefix` is not the whole file. The error is a phrase that follows the file's name.
pub fn read_jpeg<R: Read + Seek>(prefix: &[u8], rest: Option<&mut R>) -> Result<JpegFacts, String> {
    let mut source = Source { prefix, rest };
    let damaged = || "has a damaged JPEG header (no width and height)".to_string();
    let mut at: u64 = 2;
    let mut size = None;
    let mut orientation = None;
    for _ in 0..MAX_SEGMENTS {
        // The marker and, for most, the length after it: one read.
        let head = match source.bytes(at, 4)? {
            Some(head) => head.into_owned(),
            None => match source.bytes(at, 2)? {
                Some(head) => head.into_owned(),
                None => break,
            },
        };
        if head[0] != 0xFF {
            break;
        }
        let marker = head[1];
        match marker {
            // Fill byte before a marker.
            0xFF => {
                at += 1;
                continue;
            }
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => {
                at += 2;
                continue;
            }
            // The scan, or the end: no header follows.
            0xDA | 0xD9 => break,
            _ => {}
        }
        let Some(&[high, low]) = head.get(2..4) else {
            break;
        };
        let length = u16::from_be_bytes([high, low]);
        if length < 2 {
            break;
        }
        let data = at + 4;
        let data_length = usize::from(length - 2);
        let is_frame_header =
            matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame_header && size.is_none() {
            // Precision, height, width, the number of components, then 3 bytes for each.
            if let Some(header) = source.bytes(data, 6)? {
                let height = u16::from_be_bytes([header[1], header[2]]);
                let width = u16::from_be_bytes([header[3], header[4]]);
                let components = usize::from(header[5]).min(4);
                let chroma = match source.bytes(data + 6, components * 3)? {
                    Some(components) => Chroma::from_components(&components),
                    None => Chroma::Other,
                };
                size = Some((width, height, chroma));
            }
        }
        if marker == 0xE1 && data_length > 6 {
            if let Some(value) = source.exif_orientation(data, data_length)? {
                orientation = Some(value);
            }
        }
        at = data + data_length as u64;
    }
    let (width, height, chroma) = size.ok_or_else(damaged)?;
    Ok(JpegFacts {
        width,
        height,
        orientation,
        chroma,
    })
}

/// How much of an EXIF segment is read first: its first directories, where the orientation
/// is, without the thumbnail or maker notes that can fill the rest of its 64 KiB.
const EXIF_FIRST_READ: usize = 4096;

/// The file's bytes: the first read, then reads further in.
struct Source<'a, R> {
    prefix: &'a [u8],
    rest: Option<&'a mut R>,
}

impl<R: Read + Seek> Source<'_, R> {
    /// The orientation in the APP1 segment whose data (`length` bytes) starts at `at`, if it
    /// is an EXIF one. The whole segment is read only when its directories reach further
    /// than its first few KiB.
    fn exif_orientation(&mut self, at: u64, length: usize) -> Result<Option<u16>, String> {
        let first = length.min(EXIF_FIRST_READ);
        let Some(start) = self.bytes(at, first)? else {
            return Ok(None);
        };
        let Some(tiff) = start.strip_prefix(b"Exif\0\0") else {
            return Ok(None);
        };
        let (found, reached_end) = exif_orientation(tiff);
        if !reached_end || first == length {
            return Ok(found);
        }
        Ok(match self.bytes(at + 6, length - 6)? {
            Some(whole) => exif_orientation(&whole).0,
            None => found,
        })
    }

    /// `length` bytes at `at`; None when the file ends first.
    fn bytes(&mut self, at: u64, length: usize) -> Result<Option<Cow<'_, [u8]>>, String> {
        let end = at.saturating_add(length as u64);
        if end <= self.prefix.len() as u64 {
            return Ok(Some(Cow::Borrowed(&self.prefix[at as usize..end as usize])));
        }
        let Some(file) = self.rest.as_deref_mut() else {
            return Ok(None);
        };
        let mut buffer = vec![0; length];
        let read = file
            .seek(SeekFrom::Start(at))
            .and_then(|_| file.read_exact(&mut buffer));
        match read {
            Ok(()) => Ok(Some(Cow::Owned(buffer))),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(format!("cannot be read ({e})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exif_orientation::tests::tiff;
    use std::io::Cursor;

    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let length = (data.len() + 2) as u16;
        [&[0xFF, marker][..], &length.to_be_bytes(), data].concat()
    }

    fn exif(orientation: u16) -> Vec<u8> {
        segment(
            0xE1,
            &[
                b"Exif\0\0",
                &tiff(true, &[(0x0112, 3, orientation.into())], &[])[..],
            ]
            .concat(),
        )
    }

    fn frame_header(width: u16, height: u16) -> Vec<u8> {
        let mut data = vec![8];
        data.extend(height.to_be_bytes());
        data.extend(width.to_be_bytes());
        data.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        segment(0xC0, &data)
    }

    fn jpeg(segments: &[Vec<u8>]) -> Vec<u8> {
        let mut file = vec![0xFF, 0xD8];
        for s in segments {
            file.extend(s);
        }
        file.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        file.extend([0x12, 0x34, 0xFF, 0xD9]);
        file
    }

    /// Reads `file` as framekit does: the first `first` bytes, then the rest from the file.
    fn read(file: &[u8], first: usize) -> Result<JpegFacts, String> {
        let prefix = &file[..first.min(file.len())];
        let mut rest = Cursor::new(file.to_vec());
        read_jpeg(prefix, (first < file.len()).then_some(&mut rest))
    }

    #[test]
    fn size_and_orientation_wherever_the_first_read_ends() {
        let thumbnail = segment(0xE2, &vec![7; 3000]);
        let file = jpeg(&[exif(6), thumbnail, frame_header(64, 32)]);
        for first in [4, 20, 100, 1024, file.len()] {
            let facts = read(&file, first).unwrap();
            assert_eq!(
                (facts.width, facts.height, facts.orientation),
                (64, 32, Some(6))
            );
            assert_eq!(facts.chroma, Chroma::Yuv420);
        }
    }

    #[test]
    fn a_later_exif_segment_wins_and_one_after_the_frame_header_counts() {
        let file = jpeg(&[exif(1), frame_header(64, 32), exif(6)]);
        assert_eq!(read(&file, file.len()).unwrap().orientation, Some(6));
        let plain = jpeg(&[frame_header(64, 32)]);
        assert_eq!(read(&plain, 1024).unwrap().orientation, None);
    }

    #[test]
    fn a_file_without_a_frame_header_is_damaged() {
        let file = jpeg(&[exif(6)]);
        assert!(read(&file, 1024)
            .unwrap_err()
            .contains("damaged JPEG header"));
        assert!(read(&[0xFF, 0xD8, 0xFF], 1024).is_err());
    }

    proptest::proptest! {
        // Any bytes after a JPEG's start give facts or an error, never a panic or a hang.
        #[test]
        fn any_bytes_give_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..4096), first in 0usize..4096) {
            let file = [&[0xFF, 0xD8][..], &tail].concat();
            let _ = read(&file, first.max(2));
        }
    }
}
