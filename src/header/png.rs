//! What a PNG's pixels hold (colour, alpha, 16 bits), from its first chunks.
//!
//! ffmpeg decodes each PNG to a pixel format of its own (gray, pal8, rgb24, rgba64be, ...).
//! A lossy encode converts them all anyway; a lossless one must pick a format that holds
//! every pixel of every frame, or ffmpeg converts later frames to the first frame's format,
//! and a gray first frame turns every colour frame gray.

pub mod extent;

/// What the pixels of a frame, or of all frames together, need to be kept exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Layout {
    /// Colour (RGB or a palette), not only gray.
    pub color: bool,
    /// An alpha channel, or transparency from a tRNS chunk.
    pub alpha: bool,
    /// 16 bits per channel.
    pub deep: bool,
}

impl Layout {
    /// What frames of both layouts need.
    pub fn union(self, other: Layout) -> Layout {
        Layout {
            color: self.color || other.color,
            alpha: self.alpha || other.alpha,
            deep: self.deep || other.deep,
        }
    }

    /// The FFV1 pixel format that holds every pixel of frames of this layout exactly
    /// (gray with alpha is kept as RGBA with equal colour channels). Always given: left to
    /// itself ffmpeg stores a palette with tRNS (`pal8`) as `bgr0`, without its alpha.
    /// FFV1 has no 8-bit planar RGB (`gbrp`), so 8 bits are packed `bgr0`/`bgra`.
    pub fn ffv1_pixel_format(self) -> &'static str {
        match (self.alpha, self.color, self.deep) {
            (true, _, false) => "bgra",
            (true, _, true) => "gbrap16le",
            (false, true, false) => "bgr0",
            (false, true, true) => "gbrp16le",
            (false, false, false) => "gray",
            (false, false, true) => "gray16le",
        }
    }

    /// The APNG pixel format that keeps these frames' bits: RGBA, at 16 bits when any
    /// frame has them.
    pub fn apng_pixel_format(self) -> &'static str {
        if self.deep {
            "rgba64be"
        } else {
            "rgba"
        }
    }
}

/// A PNG's layout and its exact kind, which decides the pixel format ffmpeg decodes it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PngPixels {
    /// What keeping it exactly needs; a tRNS chunk not seen yet counts as alpha.
    pub layout: Layout,
    /// Colour type and bit depth (from IHDR, always read), and whether a tRNS chunk comes
    /// before the image data: None when the first bytes end first (large metadata chunks).
    pub kind: (u8, u8, Option<bool>),
}

impl PngPixels {
    /// Known to hold alpha: an alpha channel, or a tRNS chunk seen.
    pub fn has_alpha(&self) -> bool {
        matches!(self.kind.0, 4 | 6) || self.kind.2 == Some(true)
    }

    /// What it holds, as people name it: "an 8-bit palette PNG with transparency (tRNS)".
    pub fn described(&self) -> String {
        let (color_type, depth, _) = self.kind;
        let colour = match color_type {
            0 => "gray",
            2 => "RGB",
            3 => "palette",
            4 => "gray+alpha",
            6 => "RGBA",
            _ => "PNG",
        };
        let article = if depth == 8 { "an" } else { "a" };
        let transparency = if self.kind.2 == Some(true) {
            " with transparency (tRNS)"
        } else {
            ""
        };
        format!("{article} {depth}-bit {colour} PNG{transparency}")
    }
}

/// Reads the layout from the first bytes of a PNG; None when they end inside IHDR. When they
/// end before the image data, `read_on` is asked about the chunks from that offset on.
pub fn png_pixels(bytes: &[u8], read_on: impl FnOnce(u64) -> Option<bool>) -> Option<PngPixels> {
    let depth = *bytes.get(24)?;
    let color_type = *bytes.get(25)?;
    let transparency = match transparency_chunk(bytes) {
        Ok(found) => Some(found),
        Err(at) => read_on(at as u64),
    };
    // Unknown counts as present: what loses nothing.
    let maybe_transparent = transparency != Some(false);
    let layout = Layout {
        color: !matches!(color_type, 0 | 4),
        alpha: matches!(color_type, 4 | 6) || maybe_transparent,
        deep: depth == 16,
    };
    Some(PngPixels {
        layout,
        kind: (color_type, depth, transparency),
    })
}

/// The layout, or for bytes too short to hold IHDR (a broken file, which the decoder will
/// refuse anyway), what loses nothing.
pub fn png_pixels_or_safest(bytes: &[u8], read_on: impl FnOnce(u64) -> Option<bool>) -> PngPixels {
    png_pixels(bytes, read_on).unwrap_or(PngPixels {
        layout: Layout {
            color: true,
            alpha: true,
            deep: true,
        },
        kind: (u8::MAX, 0, None),
    })
}

/// Whether a tRNS chunk comes before the image data; Err with the offset of the first chunk
/// header the bytes do not hold.
fn transparency_chunk(bytes: &[u8]) -> Result<bool, usize> {
    let mut at: usize = 8;
    loop {
        let Some(head) = bytes.get(at..at + 8) else {
            return Err(at);
        };
        match chunk_verdict(head) {
            Ok(found) => return Ok(found),
            Err(length) => {
                at = at
                    .checked_add(12)
                    .and_then(|a| a.checked_add(length))
                    .ok_or(at)?
            }
        }
    }
}

/// For an 8-byte chunk header: the answer (tRNS: true; image data or end: false), or the
/// length of a chunk to step over.
pub fn chunk_verdict(head: &[u8]) -> Result<bool, usize> {
    match &head[4..8] {
        b"tRNS" => Ok(true),
        b"IDAT" | b"IEND" => Ok(false),
        _ => Err(u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_start(color_type: u8, depth: u8, chunks: &[&[u8; 4]]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10".to_vec();
        bytes.extend([depth, color_type, 0, 0, 0, 0, 0, 0, 0]);
        for chunk in chunks {
            bytes.extend([0, 0, 0, 1]);
            bytes.extend(*chunk);
            bytes.extend([0, 0, 0, 0, 0]);
        }
        bytes
    }

    #[test]
    fn colour_types_depths_and_transparency() {
        let layout =
            |t, d, c: &[&[u8; 4]]| png_pixels(&png_start(t, d, c), |_| None).unwrap().layout;
        let gray = layout(0, 8, &[b"IDAT"]);
        assert_eq!(gray.ffv1_pixel_format(), "gray");
        assert_eq!(layout(0, 16, &[b"IDAT"]).ffv1_pixel_format(), "gray16le");
        assert_eq!(layout(2, 8, &[b"IDAT"]).ffv1_pixel_format(), "bgr0");
        assert_eq!(
            layout(3, 8, &[b"PLTE", b"IDAT"]).ffv1_pixel_format(),
            "bgr0"
        );
        let palette_with_alpha = layout(3, 8, &[b"PLTE", b"tRNS", b"IDAT"]);
        assert_eq!(palette_with_alpha.ffv1_pixel_format(), "bgra");
        assert_eq!(
            layout(0, 4, &[b"tRNS", b"IDAT"]).ffv1_pixel_format(),
            "bgra"
        );
        assert_eq!(layout(4, 8, &[b"IDAT"]).ffv1_pixel_format(), "bgra");
        assert_eq!(layout(6, 16, &[b"IDAT"]).ffv1_pixel_format(), "gbrap16le");
        assert_eq!(layout(0, 16, &[b"IDAT"]).apng_pixel_format(), "rgba64be");
        assert_eq!(palette_with_alpha.apng_pixel_format(), "rgba");
        assert_eq!(
            gray.union(layout(2, 16, &[b"IDAT"])).ffv1_pixel_format(),
            "gbrp16le"
        );
    }

    #[test]
    fn what_a_png_holds_in_words() {
        let said = |t, d, c: &[&[u8; 4]]| {
            png_pixels(&png_start(t, d, c), |_| None)
                .unwrap()
                .described()
        };
        assert_eq!(
            said(3, 4, &[b"PLTE", b"tRNS", b"IDAT"]),
            "a 4-bit palette PNG with transparency (tRNS)"
        );
        assert_eq!(said(6, 16, &[b"IDAT"]), "a 16-bit RGBA PNG");
        assert_eq!(said(0, 8, &[b"IDAT"]), "an 8-bit gray PNG");
    }

    #[test]
    fn bytes_that_end_before_the_image_data_leave_only_transparency_unknown() {
        let whole = png_start(0, 16, &[b"gAMA", b"IDAT"]);
        assert!(png_pixels(&whole, |_| None).unwrap().kind.2.is_some());
        for cut in 26..whole.len() - 9 {
            let pixels = png_pixels(&whole[..cut], |_| None).unwrap();
            assert!(pixels.kind.2.is_none(), "cut at {cut}");
            // Gray and 16 bits come from IHDR; only the transparency is assumed.
            assert!(!pixels.layout.color && pixels.layout.deep && pixels.layout.alpha);
            assert!(!pixels.has_alpha(), "not known to have alpha");
        }
        assert_eq!(png_pixels(&whole[..25], |_| None), None);
        // Read on from where the bytes end, the rest of the file decides.
        let cut = &whole[..whole.len() - 20];
        assert!(png_pixels(cut, |_| Some(false)).unwrap().kind.2.is_some());
        let rgba = png_start(6, 8, &[b"tEXt"]);
        assert!(
            png_pixels(&rgba, |_| None).unwrap().has_alpha(),
            "an alpha channel is known from IHDR"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let bytes = [&png_start(2, 8, &[])[..], &tail].concat();
            let _ = png_pixels_or_safest(&bytes, |_| None);
        }
    }
}
