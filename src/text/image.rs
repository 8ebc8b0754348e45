//! An RGBA image of drawn text, and its PNG encoding (what ffmpeg reads as an overlay).

use anyhow::{Context, Result};

/// Straight-alpha RGBA8 pixels, row by row, top row first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextImage {
    pub width: u32,
    pub height: u32,
    /// `width * height * 4` bytes: R, G, B, A for each pixel.
    pub rgba: Vec<u8>,
}

impl TextImage {
    /// The pixel at (x, y) as `[r, g, b, a]` (for tests and callers that measure).
    #[allow(dead_code)]
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let at = ((y * self.width + x) * 4) as usize;
        [
            self.rgba[at],
            self.rgba[at + 1],
            self.rgba[at + 2],
            self.rgba[at + 3],
        ]
    }

    /// The image as a PNG file's bytes (RGBA, 8 bits; fast compression: these are
    /// written once and read once).
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().context("encoding a label as PNG")?;
        writer
            .write_image_data(&self.rgba)
            .context("encoding a label as PNG")?;
        writer.finish().context("encoding a label as PNG")?;
        Ok(bytes)
    }
}
