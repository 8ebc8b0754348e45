//! A JPEG's size and EXIF orientation, in one walk over its segments.
//!
//! The walk goes from the start of the file to the scan (SOS), as ffmpeg's decoder does: the
//! size is in the frame header (SOFn), the orientation in any EXIF segment (APP1) before the
//! scan, the last one winning. Only those segments are read; the others are stepped over by
//! their length. A camera photo's EXIF block (with its thumbnail) runs to tens of KiB before
//! the frame header, so the walk continues past the first read with reads of a few bytes,
//! not by reading everything in between.

use std::io::{Read, Seek};

use crate::header::exif::in_range;

pub mod extent;
mod markers;
pub mod parser_gap;
mod source;

use source::Source;

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
    /// Four components: inks (Adobe APP14 transform 0, or none), which ffmpeg turns into
    /// RGB its own way, losing the black plane.
    Cmyk,
    /// Four components as YCbCr and black (Adobe APP14 transform 2).
    Ycck,
    /// Any other layout (4:1:1, 4:4:0, RGB-coded, 12-bit, ...).
    Other,
}

impl Chroma {
    /// As people name it: "4:2:0".
    pub fn name(self) -> &'static str {
        match self {
            Chroma::Gray => "gray",
            Chroma::Yuv420 => "4:2:0",
            Chroma::Yuv422 => "4:2:2",
            Chroma::Yuv444 => "4:4:4",
            Chroma::Cmyk => "CMYK",
            Chroma::Ycck => "YCCK (CMYK)",
            Chroma::Other => "another layout",
        }
    }

    /// From a frame header's components (id, sampling factors, table; luma first). Factors
    /// that are all even are halved first, as ffmpeg does (its own encoder writes 4:4:4 as
    /// 1x2 for every component). RGB-coded JPEGs (ids R, G, B) are `Other`: ffmpeg decodes
    /// them to RGB, not YUV.
    fn from_components(components: &[u8]) -> Chroma {
        let parts: Vec<&[u8]> = components.chunks_exact(3).collect();
        match parts.len() {
            1 => return Chroma::Gray,
            4 => return Chroma::Cmyk,
            _ => {}
        }
        let [luma, cb, cr] = parts.as_slice() else {
            return Chroma::Other;
        };
        if [luma[0], cb[0], cr[0]] == *b"RGB" {
            return Chroma::Other;
        }
        let mut h = [luma[1] >> 4, cb[1] >> 4, cr[1] >> 4];
        let mut v = [luma[1] & 15, cb[1] & 15, cr[1] & 15];
        for factors in [&mut h, &mut v] {
            while factors.iter().all(|f| *f > 0 && f % 2 == 0) {
                factors.iter_mut().for_each(|f| *f /= 2);
            }
        }
        match (h, v) {
            ([2, 1, 1], [2, 1, 1]) => Chroma::Yuv420,
            ([2, 1, 1], [1, 1, 1]) => Chroma::Yuv422,
            ([1, 1, 1], [1, 1, 1]) => Chroma::Yuv444,
            _ => Chroma::Other,
        }
    }
}

/// Segments a walk steps over at most: a real JPEG has a dozen.
const MAX_SEGMENTS: usize = 10_000;

/// Whether a marker starts a frame header (SOFn), which holds the size.
pub(crate) fn is_frame_header(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Walks the JPEG whose first bytes are `prefix`; `rest` reads the file from the start,
/// when `prefix` is not the whole file. The error is a phrase that follows the file's name.
///
/// The walk follows ffmpeg's decoder, no more strictly: it starts at the first start
/// marker (junk before it is skipped), looks for each marker as ffmpeg does (bytes that are
/// no marker are passed over), and steps over a segment with a wrong length as ffmpeg does
/// (see `markers::resume_after`), so a truncated APP14 or an APP1 of the wrong length is
/// no reason to refuse a file ffmpeg decodes.
pub fn read_jpeg<R: Read + Seek>(prefix: &[u8], rest: Option<&mut R>) -> Result<JpegFacts, String> {
    let mut source = Source { prefix, rest };
    let damaged = || "has a damaged JPEG header (no width and height)".to_string();
    let start = extent::image_start(prefix).ok_or_else(damaged)?;
    let mut at = start as u64;
    let mut size = None;
    let mut orientation = None;
    // What makes ffmpeg decode colour other than as plain full-range YCbCr.
    let mut rgb_transform = false;
    let mut ycck_transform = false;
    let mut itu601 = false;
    for _ in 0..MAX_SEGMENTS {
        let Some((marker_at, marker)) = source.next_marker(at)? else {
            break;
        };
        match marker {
            // ffmpeg ignores an end before any frame header ("Found EOI before any SOF").
            markers::EOI if size.is_none() => {
                at = marker_at + 2;
                continue;
            }
            // The scan, or the end: no header follows.
            markers::SOS | markers::EOI => break,
            marker if markers::has_no_length(marker) => {
                at = marker_at + 2;
                continue;
            }
            _ => {}
        }
        let Some(length) = source.bytes(marker_at + 2, 2)? else {
            break;
        };
        let length = u16::from_be_bytes([length[0], length[1]]);
        let data = marker_at + 4;
        // Whether the file holds the bytes the length claims (the last of them exists).
        let fits = length >= 2
            && source
                .bytes(marker_at + 1 + u64::from(length), 1)?
                .is_some();
        let data_length = if fits { usize::from(length - 2) } else { 0 };
        // The last frame header counts, as in ffmpeg.
        if is_frame_header(marker) {
            // Precision, height, width, the number of components, then 3 bytes for each.
            if let Some(header) = source.bytes(data, 6)? {
                let header = header.into_owned();
                let height = u16::from_be_bytes([header[1], header[2]]);
                let width = u16::from_be_bytes([header[3], header[4]]);
                let components = usize::from(header[5]).min(4);
                let chroma = match source.bytes(data + 6, components * 3)? {
                    // 12-bit JPEGs decode to 16-bit formats: not plain YUV either.
                    Some(components) if header[0] == 8 => Chroma::from_components(&components),
                    _ => Chroma::Other,
                };
                size = Some((width, height, chroma));
            }
        }
        // Adobe's APP14 with transform 0: the three components are RGB. ffmpeg reads the
        // transform when the length claims 13 bytes or more and the file holds them, even
        // when they run into the next segment (a truncated APP14): so does framekit.
        if marker == 0xEE && fits && length >= 13 {
            if let Some(adobe) = source.bytes(data, 12)? {
                rgb_transform |= adobe.starts_with(b"Adobe") && adobe[11] == 0;
                ycck_transform |= adobe.starts_with(b"Adobe") && adobe[11] == 2;
            }
        }
        // A comment "CS=ITU601" makes ffmpeg decode to limited-range YUV.
        if marker == 0xFE && data_length >= 9 {
            if let Some(comment) = source.bytes(data, 9)? {
                itu601 |= comment.as_ref() == b"CS=ITU601";
            }
        }
        if marker == 0xE1 && data_length > 6 {
            if let Some(value) = source.exif_orientation(data, data_length)? {
                orientation = Some(value);
            }
        }
        at = markers::resume_after(marker, marker_at, length, fits);
    }
    let (width, height, mut chroma) = size.ok_or_else(damaged)?;
    match chroma {
        Chroma::Gray => {}
        Chroma::Cmyk if ycck_transform => chroma = Chroma::Ycck,
        // Inks whatever the transform: still CMYK to the user.
        Chroma::Cmyk => {}
        _ if rgb_transform || itu601 => chroma = Chroma::Other,
        _ => {}
    }
    Ok(JpegFacts {
        width,
        height,
        // The last value read decides, even one out of range, which then turns nothing.
        orientation: orientation.and_then(in_range),
        chroma,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::exif::tests::tiff;
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

    fn frame_header_with(precision: u8, components: &[[u8; 3]]) -> Vec<u8> {
        let mut data = vec![precision, 0, 16, 0, 16, components.len() as u8];
        components.iter().for_each(|c| data.extend(c));
        segment(0xC0, &data)
    }

    #[test]
    fn the_colour_layout_is_read_as_ffmpeg_reads_it() {
        let chroma = |segments: &[Vec<u8>]| read(&jpeg(segments), 4096).unwrap().chroma;
        let yuv = |luma: u8, chroma_factors: u8| {
            frame_header_with(
                8,
                &[[1, luma, 0], [2, chroma_factors, 1], [3, chroma_factors, 1]],
            )
        };
        assert_eq!(chroma(&[yuv(0x22, 0x11)]), Chroma::Yuv420);
        assert_eq!(chroma(&[yuv(0x21, 0x11)]), Chroma::Yuv422);
        assert_eq!(chroma(&[yuv(0x11, 0x11)]), Chroma::Yuv444);
        // ffmpeg's own encoder writes 4:4:4 as 1x2 everywhere, and 4:2:2 as 2x2 against 1x2.
        assert_eq!(chroma(&[yuv(0x12, 0x12)]), Chroma::Yuv444);
        assert_eq!(chroma(&[yuv(0x22, 0x12)]), Chroma::Yuv422);
        assert_eq!(chroma(&[yuv(0x12, 0x11)]), Chroma::Other, "4:4:0");
        assert_eq!(
            chroma(&[frame_header_with(8, &[[1, 0x11, 0]])]),
            Chroma::Gray
        );
        // RGB by its component ids, by Adobe's transform 0; limited range by a comment; 12 bits.
        let rgb = frame_header_with(8, &[[b'R', 0x11, 0], [b'G', 0x11, 0], [b'B', 0x11, 0]]);
        assert_eq!(chroma(&[rgb]), Chroma::Other);
        let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\0");
        assert_eq!(chroma(&[adobe, yuv(0x11, 0x11)]), Chroma::Other);
        let itu = segment(0xFE, b"CS=ITU601");
        assert_eq!(chroma(&[itu, yuv(0x22, 0x11)]), Chroma::Other);
        let twelve = frame_header_with(12, &[[1, 0x22, 0], [2, 0x11, 1], [3, 0x11, 1]]);
        assert_eq!(chroma(&[twelve]), Chroma::Other);
        // Four components: CMYK (Adobe transform 0, as Photoshop writes it), YCCK (2).
        let inks =
            || frame_header_with(8, &[[1, 0x11, 0], [2, 0x11, 1], [3, 0x11, 1], [4, 0x11, 0]]);
        let cmyk = segment(0xEE, b"Adobe\0\x64\0\0\0\0\0");
        assert_eq!(chroma(&[cmyk, inks()]), Chroma::Cmyk);
        let ycck = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x02");
        assert_eq!(chroma(&[ycck, inks()]), Chroma::Ycck);
        assert_eq!(chroma(&[inks()]), Chroma::Cmyk);
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
