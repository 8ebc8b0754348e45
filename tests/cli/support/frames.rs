//! Frames as the tests write them: each carries its own index as black and white bars (one
//! per bit), so that decoding a video back (`video::indices`) proves "these frames, in this
//! order". PNG in every colour type and depth, JPEG with EXIF orientation, extra PNG chunks.

use std::fs;
use std::path::{Path, PathBuf};

use super::video::ffmpeg;

/// Bits of index a frame carries, as black and white bars.
pub const BITS: u32 = 10;

/// An RGB frame whose top half shows `index` as bars (one per bit) and whose bottom half is
/// seeded noise, so that any change to any pixel shows.
pub fn frame_pixels(index: u32, width: u32, height: u32) -> Vec<u8> {
    let bar = width / (BITS + 2);
    let mut seed = index.wrapping_mul(2_654_435_761).wrapping_add(12345);
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            if y < height / 2 {
                let bit = (x / bar).checked_sub(1).filter(|b| *b < BITS);
                let on = bit.is_some_and(|b| index >> (BITS - 1 - b) & 1 == 1);
                let value = if on { 255 } else { 0 };
                pixels.extend([value, value, value]);
            } else {
                for _ in 0..3 {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    pixels.push((seed >> 16) as u8);
                }
            }
        }
    }
    pixels
}

/// Writes an RGB PNG frame carrying `index`.
pub fn write_frame(path: &Path, index: u32, width: u32, height: u32) {
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&frame_pixels(index, width, height))
        .unwrap();
}

/// `count` frames named frame_000.png ... in `dir/frames`.
pub fn write_frames(dir: &Path, count: u32, width: u32, height: u32) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        write_frame(
            &frames.join(format!("frame_{index:03}.png")),
            index,
            width,
            height,
        );
    }
    frames
}

/// PNG colour types and bit depths a frame can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Gray8,
    Gray16,
    Rgb8,
    Rgba8,
    Palette,
    Rgb16,
}

pub const ALL_KINDS: [Kind; 6] = [
    Kind::Gray8,
    Kind::Gray16,
    Kind::Rgb8,
    Kind::Rgba8,
    Kind::Palette,
    Kind::Rgb16,
];

/// A frame showing only `index` as bars (black and white), in the given PNG colour type.
pub fn write_kind_frame(path: &Path, index: u32, width: u32, height: u32, kind: Kind) {
    let bar = width / (BITS + 2);
    let white = |x: u32| {
        (x / bar)
            .checked_sub(1)
            .filter(|b| *b < BITS)
            .is_some_and(|b| index >> (BITS - 1 - b) & 1 == 1)
    };
    let (color, depth, per_pixel): (png::ColorType, png::BitDepth, fn(bool) -> Vec<u8>) = match kind
    {
        Kind::Gray8 => (png::ColorType::Grayscale, png::BitDepth::Eight, |w| {
            vec![if w { 255 } else { 0 }]
        }),
        Kind::Gray16 => (png::ColorType::Grayscale, png::BitDepth::Sixteen, |w| {
            vec![if w { 255 } else { 0 }; 2]
        }),
        Kind::Rgb8 => (png::ColorType::Rgb, png::BitDepth::Eight, |w| {
            vec![if w { 255 } else { 0 }; 3]
        }),
        Kind::Rgba8 => (png::ColorType::Rgba, png::BitDepth::Eight, |w| {
            let v = if w { 255 } else { 0 };
            vec![v, v, v, 255]
        }),
        Kind::Palette => (png::ColorType::Indexed, png::BitDepth::Eight, |w| {
            vec![u8::from(w)]
        }),
        Kind::Rgb16 => (png::ColorType::Rgb, png::BitDepth::Sixteen, |w| {
            vec![if w { 255 } else { 0 }; 6]
        }),
    };
    let mut data = Vec::new();
    for _ in 0..height {
        for x in 0..width {
            data.extend(per_pixel(white(x)));
        }
    }
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    if kind == Kind::Palette {
        encoder.set_palette(vec![0, 0, 0, 255, 255, 255]);
    }
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&data).unwrap();
}

/// `jpeg` with an EXIF block (APP1) right after its start marker that gives it orientation
/// `value` (6: shot in portrait, to be turned a quarter clockwise), as a camera writes it.
pub fn with_exif_orientation(jpeg: &[u8], value: u16) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    let mut tiff = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes()); // Orientation
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes());
    tiff.extend(value.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]); // padding, no next directory
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    let mut file = vec![0xFF, 0xD8, 0xFF, 0xE1];
    file.extend(length.to_be_bytes());
    file.extend(b"Exif\0\0");
    file.extend(tiff);
    file.extend(&jpeg[2..]);
    file
}

/// JPEG frames `IMG_0000.JPG`... of `width` x `height` in `dir/frames`, each carrying its
/// index, and with the EXIF orientation `orientation(index)` when that is Some.
pub fn write_jpeg_frames(
    dir: &Path,
    count: u32,
    width: u32,
    height: u32,
    orientation: impl Fn(u32) -> Option<u16>,
) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        let png = dir.join(format!("p{index}.png"));
        write_kind_frame(&png, index, width, height, Kind::Rgb8);
        let jpg = frames.join(format!("IMG_{index:04}.JPG"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-q:v",
            "2",
            jpg.to_str().unwrap(),
        ]);
        fs::remove_file(&png).unwrap();
        if let Some(value) = orientation(index) {
            let tagged = with_exif_orientation(&fs::read(&jpg).unwrap(), value);
            fs::write(&jpg, tagged).unwrap();
        }
    }
    frames
}

/// Adds a tEXt chunk of `size` bytes right after a PNG's IHDR, as image editors add
/// metadata (ICC profiles, XMP): the chunks before the image data then outgrow a first read.
pub fn with_text_chunk(png: &[u8], size: usize) -> Vec<u8> {
    let mut data = b"Comment\0".to_vec();
    data.resize(size, b'x');
    with_chunk(png, b"tEXt", &data)
}

/// Adds a chunk of `kind` right after a PNG's IHDR.
pub fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    let typed = [kind.as_slice(), data].concat();
    chunk.extend(&typed);
    chunk.extend(crc32(&typed).to_be_bytes());
    [&png[..33], &chunk, &png[33..]].concat()
}

/// CRC-32 as PNG chunks carry it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The ten colours of matplotlib's default cycle (tab10), as its plots draw them.
pub const TAB10: [[u8; 3]; 10] = [
    [0x1f, 0x77, 0xb4],
    [0xff, 0x7f, 0x0e],
    [0x2c, 0xa0, 0x2c],
    [0xd6, 0x27, 0x28],
    [0x94, 0x67, 0xbd],
    [0x8c, 0x56, 0x4b],
    [0xe3, 0x77, 0xc2],
    [0x7f, 0x7f, 0x7f],
    [0xbc, 0xbd, 0x22],
    [0x17, 0xbe, 0xcf],
];

/// Flat patches of the ten tab10 colours in a 5x2 grid at 640x360, as an RGB PNG.
pub fn write_tab10(path: &Path) {
    let (width, height) = (640u32, 360u32);
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            pixels.extend(TAB10[tab10_patch(x, y)]);
        }
    }
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
}

/// Which tab10 patch pixel (x, y) of `write_tab10`'s frame is in.
fn tab10_patch(x: u32, y: u32) -> usize {
    (y / 180 * 5 + x / 128) as usize
}

/// The centre of each tab10 patch, in order.
pub fn tab10_centres() -> [(u32, u32); 10] {
    std::array::from_fn(|i| ((i as u32 % 5) * 128 + 64, (i as u32 / 5) * 180 + 90))
}

/// A frame as PIL's `Image.new("RGBA", ...)` and `savefig(transparent=True)` leave it: the
/// background (0,0,0,0), the index as opaque black bars (text), a red patch at alpha 128
/// and a green one at alpha 255, in the bottom half.
pub fn write_transparent_frame(path: &Path, index: u32, width: u32, height: u32) {
    let bar = width / (BITS + 2);
    let mut pixels = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let pixel = if y < height / 2 {
                let bit = (x / bar).checked_sub(1).filter(|b| *b < BITS);
                match bit.is_some_and(|b| index >> (BITS - 1 - b) & 1 == 1) {
                    true => [0, 0, 0, 255],
                    false => [0, 0, 0, 0],
                }
            } else if x < width / 3 {
                [255, 0, 0, 128]
            } else if x < width * 2 / 3 {
                [0, 255, 0, 255]
            } else {
                [0, 0, 0, 0]
            };
            pixels.extend(pixel);
        }
    }
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
}

/// Points of `write_transparent_frame`'s frame and the RGBA there: a transparent one, the
/// half-transparent red, the opaque green, and the bottom right's transparency.
pub fn transparent_frame_points(width: u32, height: u32) -> [((u32, u32), [u8; 4]); 4] {
    [
        ((width / 24, height / 4), [0, 0, 0, 0]),
        ((width / 6, height * 3 / 4), [255, 0, 0, 128]),
        ((width / 2, height * 3 / 4), [0, 255, 0, 255]),
        ((width * 5 / 6, height * 3 / 4), [0, 0, 0, 0]),
    ]
}

/// Cuts `path` to `fraction` of its length, as an interrupted copy or download leaves it.
pub fn truncate(path: &Path, fraction: f64) {
    let bytes = fs::read(path).unwrap();
    let keep = (bytes.len() as f64 * fraction) as usize;
    fs::write(path, &bytes[..keep]).unwrap();
}

/// `count` camera-sized JPEGs (ffmpeg's testsrc2: fine text, edges, colour bars), one
/// second apart so each differs, as `IMG_0001.JPG`...
pub fn camera_photos(dir: &Path, count: u32, size: &str) -> std::path::PathBuf {
    let frames = dir.join("frames");
    std::fs::create_dir_all(&frames).unwrap();
    crate::support::video::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("testsrc2=s={size}:r=1"),
        "-frames:v",
        &count.to_string(),
        "-q:v",
        "2",
        frames.join("IMG_%04d.JPG").to_str().unwrap(),
    ]);
    frames
}
