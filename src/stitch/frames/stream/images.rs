//! Whole images cut from a stream, back to back, each told by its first bytes: PNG (its
//! signature, then chunk after chunk to IEND), JPEG (SOI to the EOI of its primary image,
//! walked as `header::jpeg::extent` walks a file) and PNM (P5, P6, P7: its header gives the
//! size of the pixels after it). Nothing is decoded; a frame is held in memory only until
//! it is spooled.

use std::io::Read;

use super::pnm::{self, Pnm};
use super::source::Source;
use super::StreamError;
use crate::header::jpeg::extent::primary_image;

/// What an image from the stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Pnm(Pnm),
}

impl ImageKind {
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Pnm(_) => "PNM",
        }
    }
}

/// One image from the stream: its bytes (for PNM, its pixels only) and what it is.
pub struct Image {
    pub kind: ImageKind,
    pub bytes: Vec<u8>,
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The next image, or None where the stream ends between images. `index` (from 0) and the
/// offset of its start name it in messages.
pub fn next_image<R: Read>(
    source: &mut Source<R>,
    index: usize,
) -> Result<Option<Image>, StreamError> {
    let start = source.offset();
    let io = |e| StreamError::io(e);
    if source.at_end().map_err(io)? {
        return Ok(None);
    }
    let ended = |source: &Source<R>| StreamError::ended(index, start, source.offset());
    source.wait_for(8).map_err(io)?;
    let head = source.waiting();
    let mut bytes = Vec::new();
    if head.starts_with(PNG_SIGNATURE) {
        return match take_png(source, &mut bytes).map_err(io)? {
            true => Ok(Some(Image {
                kind: ImageKind::Png,
                bytes,
            })),
            false => Err(ended(source)),
        };
    }
    if head.starts_with(&[0xFF, 0xD8]) {
        return match take_jpeg(source, &mut bytes).map_err(io)? {
            true => Ok(Some(Image {
                kind: ImageKind::Jpeg,
                bytes,
            })),
            false => Err(ended(source)),
        };
    }
    if let [b'P', b'5' | b'6' | b'7', ..] = head {
        let pnm = pnm::read_header(source).map_err(|problem| match problem {
            pnm::Problem::Ended => ended(source),
            pnm::Problem::Io(e) => io(e),
            pnm::Problem::Unsupported(why) => StreamError::not_taken(index, start, why),
        })?;
        return match source
            .take_exactly(pnm.pixel_bytes(), &mut bytes)
            .map_err(io)?
        {
            true => Ok(Some(Image {
                kind: ImageKind::Pnm(pnm),
                bytes,
            })),
            false => Err(ended(source)),
        };
    }
    Err(StreamError::not_an_image(index, start, head))
}

/// A PNG: the signature, then each chunk by its length, to the end of IEND.
fn take_png<R: Read>(source: &mut Source<R>, bytes: &mut Vec<u8>) -> std::io::Result<bool> {
    source.take_into(PNG_SIGNATURE.len(), bytes);
    loop {
        if !source.take_exactly(8, bytes)? {
            return Ok(false);
        }
        let head = &bytes[bytes.len() - 8..];
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let last = &head[4..8] == b"IEND";
        // Its data and CRC.
        if !source.take_exactly(length + 4, bytes)? {
            return Ok(false);
        }
        if last {
            return Ok(true);
        }
    }
}

/// A JPEG: the stream is read until its primary image's EOI is in the bytes waiting (the
/// walk needs the bytes after each marker, so it is redone on more bytes until it ends).
fn take_jpeg<R: Read>(source: &mut Source<R>, bytes: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut wanted = 64 * 1024;
    loop {
        let more = source.wait_for(wanted)?;
        let waiting = source.waiting();
        let image = primary_image(waiting);
        // Ended before the last byte waiting: its EOI was found. At the stream's end, an
        // image whose last bytes are an EOI is whole.
        let whole = image.end < waiting.len() || (!more && waiting.ends_with(&[0xFF, 0xD9]));
        if whole {
            source.take_into(image.end, bytes);
            return Ok(true);
        }
        if !more {
            let all = waiting.len();
            source.take_into(all, bytes);
            return Ok(false);
        }
        wanted = waiting.len() * 2;
    }
}
