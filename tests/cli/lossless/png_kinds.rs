//! PNG frames in every colour type and bit depth, with and without `tRNS`, written by the
//! `png` crate as libpng-style encoders write them: samples packed MSB first, 16-bit big
//! endian, a palette of 2^depth colours. Each pixel's value is seeded noise over the whole
//! range (alpha 0 and 255 included), so that any lost bit, channel or alpha shows.

use std::fs;
use std::path::Path;

/// A PNG colour type and depth, and whether it carries a `tRNS` chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PngKind {
    pub color: png::ColorType,
    pub depth: u8,
    pub trns: bool,
}

impl PngKind {
    pub fn deep(self) -> bool {
        self.depth == 16
    }

    /// Holds alpha: an alpha channel or a tRNS chunk.
    pub fn alpha(self) -> bool {
        self.trns
            || matches!(
                self.color,
                png::ColorType::GrayscaleAlpha | png::ColorType::Rgba
            )
    }

    fn channels(self) -> usize {
        match self.color {
            png::ColorType::Grayscale | png::ColorType::Indexed => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
        }
    }
}

/// Every kind a PNG can be: 26 in all.
pub fn all_png_kinds() -> Vec<PngKind> {
    use png::ColorType::*;
    let mut kinds = Vec::new();
    let mut add = |color, depths: &[u8], trns_too: bool| {
        for &depth in depths {
            kinds.push(PngKind {
                color,
                depth,
                trns: false,
            });
            if trns_too {
                kinds.push(PngKind {
                    color,
                    depth,
                    trns: true,
                });
            }
        }
    };
    add(Grayscale, &[1, 2, 4, 8, 16], true);
    add(Rgb, &[8, 16], true);
    add(Indexed, &[1, 2, 4, 8], true);
    add(GrayscaleAlpha, &[8, 16], false);
    add(Rgba, &[8, 16], false);
    kinds
}

/// Seeded noise: the same seed gives the same frame.
struct Noise(u32);

impl Noise {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(1_103_515_245).wrapping_add(12345);
        self.0 >> 8
    }
}

/// Writes a `width` x `height` PNG of `kind` whose pixels come from `seed`.
pub fn write_png_kind(path: &Path, kind: PngKind, width: u32, height: u32, seed: u32) {
    let mut noise = Noise(seed.wrapping_mul(2_654_435_761) ^ 0x5bd1);
    let levels = 1u32 << kind.depth;
    let mut encoder = png::Encoder::new(fs::File::create(path).unwrap(), width, height);
    encoder.set_color(kind.color);
    encoder.set_depth(png::BitDepth::from_u8(kind.depth).unwrap());
    let mut trns_sample = None;
    if kind.color == png::ColorType::Indexed {
        let palette: Vec<u8> = (0..levels * 3).map(|_| noise.next() as u8).collect();
        encoder.set_palette(palette);
        if kind.trns {
            // Alpha for every entry but the last (which stays opaque, as the spec allows):
            // 0 for the first, the rest seeded.
            let alpha: Vec<u8> = (0..levels - 1)
                .map(|i| if i == 0 { 0 } else { noise.next() as u8 })
                .collect();
            encoder.set_trns(alpha);
        }
    } else if kind.trns {
        // One colour is transparent: a value that the pixels below will use.
        let sample = noise.next() % levels;
        trns_sample = Some(sample);
        let samples = if kind.color == png::ColorType::Rgb {
            3
        } else {
            1
        };
        let bytes: Vec<u8> = (0..samples)
            .flat_map(|_| (sample as u16).to_be_bytes())
            .collect();
        encoder.set_trns(bytes);
    }
    let mut writer = encoder.write_header().unwrap();
    let mut data = Vec::new();
    for y in 0..height {
        let mut row = Vec::new();
        for x in 0..width {
            // Every fourth pixel of a keyed kind is the transparent colour.
            let keyed = trns_sample.filter(|_| (x + y) % 4 == 0);
            for _ in 0..kind.channels() {
                row.push(keyed.unwrap_or_else(|| noise.next() % levels));
            }
        }
        data.extend(pack(&row, kind.depth));
    }
    writer.write_image_data(&data).unwrap();
}

/// One row's samples as PNG stores them: packed MSB first below 8 bits, big endian at 16.
fn pack(samples: &[u32], depth: u8) -> Vec<u8> {
    match depth {
        16 => samples
            .iter()
            .flat_map(|s| (*s as u16).to_be_bytes())
            .collect(),
        8 => samples.iter().map(|s| *s as u8).collect(),
        bits => {
            let per_byte = 8 / usize::from(bits);
            samples
                .chunks(per_byte)
                .map(|chunk| {
                    chunk.iter().enumerate().fold(0u8, |byte, (i, s)| {
                        byte | (*s as u8) << (8 - usize::from(bits) * (i + 1))
                    })
                })
                .collect()
        }
    }
}

/// A kind as the tests name it: "palette 4-bit + tRNS".
pub fn kind_name(kind: PngKind) -> String {
    let color = match kind.color {
        png::ColorType::Grayscale => "gray",
        png::ColorType::GrayscaleAlpha => "gray+alpha",
        png::ColorType::Rgb => "RGB",
        png::ColorType::Rgba => "RGBA",
        png::ColorType::Indexed => "palette",
    };
    let trns = if kind.trns { " + tRNS" } else { "" };
    format!("{color} {}-bit{trns}", kind.depth)
}
