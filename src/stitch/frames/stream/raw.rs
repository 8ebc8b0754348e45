//! `--raw WxH[:PIXFMT]`: frames of raw pixels, back to back, each exactly
//! `width * height * bytes a pixel` long. Spooled as PNGs (`png_file`), which keep every
//! layout named here exactly: 8 or 16 bits, gray, RGB, RGBA.

use std::fmt;
use std::str::FromStr;

use crate::header::MAX_SIDE;

/// A raw frame's pixel layout, by ffmpeg's name for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawPixels {
    Rgb24,
    Rgba,
    Gray,
    Bgr24,
    Bgra,
    Rgb48le,
    Rgba64le,
    Gray16le,
}

/// Every layout `--raw` takes, as ffmpeg names them.
pub const NAMES: [(&str, RawPixels); 8] = [
    ("rgb24", RawPixels::Rgb24),
    ("rgba", RawPixels::Rgba),
    ("gray", RawPixels::Gray),
    ("bgr24", RawPixels::Bgr24),
    ("bgra", RawPixels::Bgra),
    ("rgb48le", RawPixels::Rgb48le),
    ("rgba64le", RawPixels::Rgba64le),
    ("gray16le", RawPixels::Gray16le),
];

impl RawPixels {
    /// Channels a pixel: 1 gray, 3 colour, 4 colour and alpha.
    pub fn channels(self) -> usize {
        match self {
            RawPixels::Gray | RawPixels::Gray16le => 1,
            RawPixels::Rgb24 | RawPixels::Bgr24 | RawPixels::Rgb48le => 3,
            RawPixels::Rgba | RawPixels::Bgra | RawPixels::Rgba64le => 4,
        }
    }

    /// Bytes a channel: 2 for the 16-bit layouts.
    pub fn depth_bytes(self) -> usize {
        match self {
            RawPixels::Rgb48le | RawPixels::Rgba64le | RawPixels::Gray16le => 2,
            _ => 1,
        }
    }

    /// Blue first: swapped to RGB order for the PNG.
    fn blue_first(self) -> bool {
        matches!(self, RawPixels::Bgr24 | RawPixels::Bgra)
    }

    fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("?", |(n, _)| n)
    }

    /// Turns one row of these pixels into PNG's order in place: RGB, 16 bits big-endian.
    pub fn to_png_order(self, row: &mut [u8]) {
        if self.blue_first() {
            for pixel in row.chunks_exact_mut(self.channels()) {
                pixel.swap(0, 2);
            }
        }
        if self.depth_bytes() == 2 {
            for sample in row.chunks_exact_mut(2) {
                sample.swap(0, 1);
            }
        }
    }
}

/// `--raw`: the size of every frame and its pixel layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFormat {
    pub width: u32,
    pub height: u32,
    pub pixels: RawPixels,
}

impl RawFormat {
    /// Bytes in one frame.
    pub fn frame_bytes(&self) -> usize {
        self.row_bytes() * self.height as usize
    }

    /// Bytes in one row of pixels.
    pub fn row_bytes(&self) -> usize {
        self.width as usize * self.pixels.channels() * self.pixels.depth_bytes()
    }
}

impl fmt::Display for RawFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}:{}", self.width, self.height, self.pixels.name())
    }
}

impl FromStr for RawFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (size, layout) = text.split_once(':').unwrap_or((text, "rgb24"));
        let invalid = || {
            format!("'{text}' is not a raw frame format; use WIDTHxHEIGHT[:PIXFMT], such as 640x480:rgb24")
        };
        let (width, height) = size.split_once(['x', 'X']).ok_or_else(invalid)?;
        let side = |digits: &str| match digits.parse::<u32>() {
            Ok(side)
                if (1..=MAX_SIDE).contains(&side) && digits.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(side)
            }
            _ => Err(format!(
                "'{text}': each side must be 1 to {MAX_SIDE} pixels"
            )),
        };
        let pixels = NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(layout))
            .map(|(_, pixels)| *pixels)
            .ok_or_else(|| {
                let names: Vec<_> = NAMES.iter().map(|(name, _)| *name).collect();
                format!(
                    "'{layout}' is not a pixel format --raw takes: {}",
                    names.join(", ")
                )
            })?;
        Ok(RawFormat {
            width: side(width)?,
            height: side(height)?,
            pixels,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_layouts_are_read_as_ffmpeg_names_them() {
        let format: RawFormat = "641x481".parse().unwrap();
        assert_eq!(format.pixels, RawPixels::Rgb24);
        assert_eq!(format.frame_bytes(), 641 * 481 * 3);
        let format: RawFormat = "3x2:rgba64le".parse().unwrap();
        assert_eq!(format.frame_bytes(), 3 * 2 * 8);
        assert_eq!(format.to_string(), "3x2:rgba64le");
        assert!("640".parse::<RawFormat>().is_err());
        assert!("0x4".parse::<RawFormat>().is_err());
        assert!("4x4:yuv420p"
            .parse::<RawFormat>()
            .unwrap_err()
            .contains("gray16le"));
    }

    #[test]
    fn rows_are_turned_into_png_order() {
        let mut row = [1, 2, 3, 4, 5, 6, 7, 8];
        RawPixels::Bgra.to_png_order(&mut row);
        assert_eq!(row, [3, 2, 1, 4, 7, 6, 5, 8]);
        let mut row = [0x34, 0x12];
        RawPixels::Gray16le.to_png_order(&mut row);
        assert_eq!(row, [0x12, 0x34]);
    }
}
