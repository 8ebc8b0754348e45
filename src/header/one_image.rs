//! The bytes of a frame file that ffmpeg is fed: its one image, so that each file is one
//! frame. ffmpeg decodes a file on its own to its first (primary) image and ignores the
//! rest; fed as one stream (`image2pipe`), its parsers would cut junk, a second picture or
//! a trailer into frames of their own. Fed exactly the image, it decodes the same picture
//! as from the file alone.

use std::ops::Range;

use crate::header::jpeg::{extent, parser_gap::with_lengths_that_fit};
use crate::header::png;

/// What to feed of a file: `bytes` of it, or, for a JPEG with a segment that runs past its
/// end, those bytes with that segment's length fixed (`parser_gap`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneImage {
    pub bytes: Range<usize>,
    pub fixed: Option<Vec<u8>>,
}

impl OneImage {
    /// The bytes to feed, of `file` (the bytes this was found in).
    pub fn fed<'a>(&'a self, file: &'a [u8]) -> &'a [u8] {
        match &self.fixed {
            Some(fixed) => fixed,
            None => &file[self.bytes.clone()],
        }
    }
}

/// The image in `file`, a PNG or a JPEG (as its header check found it).
pub fn one_image(file: &[u8]) -> OneImage {
    if file.starts_with(b"\x89PNG\r\n\x1a\n") {
        return OneImage {
            bytes: png::extent::image(file),
            fixed: None,
        };
    }
    let bytes = extent::primary_image(file);
    let image = &file[bytes.clone()];
    // Only after a whole image: a truncated one must reach the decoder as it is.
    let fixed = match image.ends_with(&[0xFF, 0xD9]) {
        true => with_lengths_that_fit(image),
        false => None,
    };
    OneImage { bytes, fixed }
}
