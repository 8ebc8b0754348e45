//! The bytes of a frame file that ffmpeg is fed: its one image, so that each file is one
//! frame. ffmpeg decodes a file on its own to its first (primary) image and ignores the
//! rest; fed as one stream (`image2pipe`), its parsers would cut junk, a second picture or
//! a trailer into frames of their own. Fed exactly the image, it decodes the same picture
//! as from the file alone.

use std::ops::Range;

use crate::header::jpeg::{extent, parser_gap::parser_gap};
use crate::header::png;

/// What to feed of a file: `bytes` of it, then `filler` zero bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneImage {
    pub bytes: Range<usize>,
    /// Zero bytes after a JPEG's end marker that ffmpeg's parser steps over (see
    /// `parser_gap`); the decoder never reads past the end marker.
    pub filler: usize,
}

impl OneImage {
    /// How many bytes are fed in all.
    pub fn fed_len(&self) -> usize {
        self.bytes.len() + self.filler
    }
}

/// The image in `file`, a PNG or a JPEG (as its header check found it).
pub fn one_image(file: &[u8]) -> OneImage {
    if file.starts_with(b"\x89PNG\r\n\x1a\n") {
        return OneImage {
            bytes: png::extent::image(file),
            filler: 0,
        };
    }
    let bytes = extent::primary_image(file);
    let image = &file[bytes.clone()];
    // Only after a whole image: a truncated one must reach the decoder as it is.
    let filler = if image.ends_with(&[0xFF, 0xD9]) {
        parser_gap(image)
    } else {
        0
    };
    OneImage { bytes, filler }
}
