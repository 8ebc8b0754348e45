//! A test chart of flat patches (saturated primaries and secondaries, greys, skin tones,
//! everyday colours), and what a colour-managed viewer shows of it: the exact conversion
//! from the frame's profile to sRGB, computed here from the profile's primaries and curve
//! (as Little CMS computes a matrix/TRC profile's), independently of framekit and moxcms.

use std::fs;
use std::path::Path;

/// The chart's size and layout: 8 x 4 patches of 80 x 90.
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;
const COLUMNS: u32 = 8;

/// The patches' stored values.
pub const PATCHES: [[u8; 3]; 32] = [
    // Primaries and secondaries, full and half.
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [255, 255, 0],
    [0, 255, 255],
    [255, 0, 255],
    [128, 0, 0],
    [0, 128, 0],
    // Greys.
    [0, 0, 0],
    [32, 32, 32],
    [64, 64, 64],
    [128, 128, 128],
    [192, 192, 192],
    [255, 255, 255],
    [0, 0, 128],
    [128, 128, 0],
    // Skin tones (light to dark).
    [255, 219, 172],
    [241, 194, 125],
    [224, 172, 138],
    [198, 134, 66],
    [141, 85, 36],
    [92, 51, 23],
    [232, 190, 172],
    [176, 120, 96],
    // Everyday colours: sky, foliage, brick, plots (tab10).
    [90, 140, 210],
    [80, 120, 50],
    [170, 70, 50],
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44],
    [214, 39, 40],
    [148, 103, 189],
];

/// The centre of each patch, in order.
pub fn centres() -> Vec<(u32, u32)> {
    (0..PATCHES.len() as u32)
        .map(|i| ((i % COLUMNS) * 80 + 40, (i / COLUMNS) * 90 + 45))
        .collect()
}

/// The chart's RGB pixels.
pub fn pixels() -> Vec<u8> {
    let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            pixels.extend(PATCHES[(y / 90 * COLUMNS + x / 80) as usize]);
        }
    }
    pixels
}

/// The chart as a plain RGB PNG (no profile), as the `png` crate writes it.
pub fn png_bytes() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels()).unwrap();
    writer.finish().unwrap();
    bytes
}

/// The chart as a JPEG of full-colour (4:4:4) quality 1, as ffmpeg's encoder writes it.
pub fn jpeg_bytes(dir: &Path) -> Vec<u8> {
    let png = dir.join("chart-source.png");
    let jpg = dir.join("chart-source.jpg");
    fs::write(&png, png_bytes()).unwrap();
    crate::support::video::ffmpeg(&[
        "-y",
        "-i",
        png.to_str().unwrap(),
        "-pix_fmt",
        "yuvj444p",
        "-q:v",
        "1",
        jpg.to_str().unwrap(),
    ]);
    let bytes = fs::read(&jpg).unwrap();
    fs::remove_file(png).unwrap();
    fs::remove_file(jpg).unwrap();
    bytes
}

/// An RGB colour space as a matrix/TRC profile describes it: primaries and white (xy),
/// and its transfer curve, decoding to linear light.
pub struct Space {
    pub primaries: [[f64; 2]; 3],
    pub white: [f64; 2],
    pub decode: fn(f64) -> f64,
}

fn srgb_decode(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn srgb_encode(v: f64) -> f64 {
    if v <= 0.0031308 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

const D65: [f64; 2] = [0.3127, 0.3290];

pub const SRGB: Space = Space {
    primaries: [[0.64, 0.33], [0.30, 0.60], [0.15, 0.06]],
    white: D65,
    decode: srgb_decode,
};

/// Display P3: DCI-P3's primaries, D65, sRGB's curve.
pub const DISPLAY_P3: Space = Space {
    primaries: [[0.680, 0.320], [0.265, 0.690], [0.150, 0.060]],
    white: D65,
    decode: srgb_decode,
};

/// Adobe RGB (1998): its primaries, D65, gamma 563/256.
pub const ADOBE_RGB: Space = Space {
    primaries: [[0.64, 0.33], [0.21, 0.71], [0.15, 0.06]],
    white: D65,
    decode: |v| v.powf(563.0 / 256.0),
};

/// RGB (linear) to XYZ for a space, from its primaries and white.
fn to_xyz(space: &Space) -> [[f64; 3]; 3] {
    let xyz = |[x, y]: [f64; 2]| [x / y, 1.0, (1.0 - x - y) / y];
    let p = space.primaries.map(xyz);
    let m = [
        [p[0][0], p[1][0], p[2][0]],
        [p[0][1], p[1][1], p[2][1]],
        [p[0][2], p[1][2], p[2][2]],
    ];
    let s = multiply(&inverse(&m), xyz(space.white));
    std::array::from_fn(|r| std::array::from_fn(|c| m[r][c] * s[c]))
}

fn multiply(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    std::array::from_fn(|r| (0..3).map(|c| m[r][c] * v[c]).sum())
}

fn inverse(m: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let cofactor = |r: usize, c: usize| {
        let (r1, r2) = ((r + 1) % 3, (r + 2) % 3);
        let (c1, c2) = ((c + 1) % 3, (c + 2) % 3);
        m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]
    };
    let det: f64 = (0..3).map(|c| m[0][c] * cofactor(0, c)).sum();
    std::array::from_fn(|r| std::array::from_fn(|c| cofactor(c, r) / det))
}

/// A stored `rgb` of `space` as a colour-managed viewer shows it on sRGB: linear light, to
/// XYZ, to sRGB (both D65: no adaptation), out-of-gamut colours clipped, re-encoded.
pub fn as_srgb(space: &Space, rgb: [u8; 3]) -> [u8; 3] {
    let linear = rgb.map(|v| (space.decode)(f64::from(v) / 255.0));
    let xyz = multiply(&to_xyz(space), linear);
    let srgb = multiply(&inverse(&to_xyz(&SRGB)), xyz);
    srgb.map(|v| (srgb_encode(v.clamp(0.0, 1.0)) * 255.0).round() as u8)
}
