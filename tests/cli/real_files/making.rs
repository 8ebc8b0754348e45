//! Frames and the oddities real files carry, built byte by byte.

use super::*;

pub const WIDTH: u32 = 192;
pub const HEIGHT: u32 = 64;

/// RGB pixels carrying `index` as bars in the top half (as `support::frames` does) over a
/// smooth gradient below, which H.264 keeps within a few levels.
pub fn picture(index: u32) -> Vec<u8> {
    let bar = WIDTH / (BITS + 2);
    let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            if y < HEIGHT / 2 {
                let bit = (x / bar).checked_sub(1).filter(|b| *b < BITS);
                let on = bit.is_some_and(|b| index >> (BITS - 1 - b) & 1 == 1);
                pixels.extend(if on { [255; 3] } else { [0; 3] });
            } else {
                let level = (x * 255 / WIDTH) as u8;
                pixels.extend([level, 255 - level, (index * 40 % 256) as u8]);
            }
        }
    }
    pixels
}

/// A PNG of `picture(index)`, as the `png` crate writes it.
pub fn png_of(index: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&picture(index)).unwrap();
    writer.finish().unwrap();
    bytes
}

/// A JPEG of `picture(index)`, as ffmpeg's encoder writes it (JFIF, a comment, 4:2:0).
pub fn jpeg_of(dir: &Path, index: u32) -> Vec<u8> {
    let png = dir.join(format!("source_{index}.png"));
    let jpeg = dir.join(format!("source_{index}.jpg"));
    fs::write(&png, png_of(index)).unwrap();
    ffmpeg(&[
        "-y",
        "-i",
        png.to_str().unwrap(),
        "-q:v",
        "2",
        jpeg.to_str().unwrap(),
    ]);
    let bytes = fs::read(&jpeg).unwrap();
    fs::remove_file(png).unwrap();
    fs::remove_file(jpeg).unwrap();
    bytes
}

/// A segment: marker, a length field of `length`, then `data` (which may not match it).
pub fn segment(marker: u8, length: u16, data: &[u8]) -> Vec<u8> {
    [&[0xFF, marker][..], &length.to_be_bytes(), data].concat()
}

/// `jpeg` with `segment` right after its start marker, as editors add metadata.
pub fn with_segment(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
    [&jpeg[..2], segment, &jpeg[2..]].concat()
}

/// An EXIF APP1 segment (a TIFF header and one empty directory) whose length field says
/// `length`, whatever its 20 bytes of data.
pub fn exif_with_length(length: u16) -> Vec<u8> {
    let data = [&b"Exif\0\0MM\0\x2a\0\0\0\x08"[..], &[0, 0, 0, 0, 0, 0]].concat();
    segment(0xE1, length, &data)
}

/// An Adobe APP14 segment whose length says 14 bytes, cut after 7 of its 12 bytes of
/// data, the next segment following at once (a truncated APP14).
pub fn truncated_adobe() -> Vec<u8> {
    segment(0xEE, 14, b"Adobe\0\x64")
}

/// A multi-picture JPEG (MPO) as cameras write it: the primary image with an APP2 "MPF"
/// segment (a TIFF index of both images: sizes and offsets), then the second image.
pub fn mpo(primary: &[u8], second: &[u8]) -> Vec<u8> {
    // The index: version, number of images, the entries (16 bytes each) after the IFD.
    let ifd_entries = 3u16;
    let entries_at = 8 + 2 + 12 * u32::from(ifd_entries) + 4;
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(ifd_entries.to_be_bytes());
    tiff.extend([0xB0, 0x00, 0, 7, 0, 0, 0, 4]);
    tiff.extend(b"0100");
    tiff.extend([0xB0, 0x01, 0, 4, 0, 0, 0, 1, 0, 0, 0, 2]);
    tiff.extend([0xB0, 0x02, 0, 7, 0, 0, 0, 32]);
    tiff.extend(entries_at.to_be_bytes());
    tiff.extend([0, 0, 0, 0]);
    let segment_length = 2 + 4 + tiff.len() + 32;
    let primary_size = (primary.len() + 2 + segment_length) as u32;
    // Offsets count from the TIFF header, which starts after SOI, marker, length, "MPF\0".
    let second_offset = primary_size - (2 + 4 + 4);
    tiff.extend([0x20, 0x03, 0, 0]);
    tiff.extend(primary_size.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0, 0, 0]);
    tiff.extend([0x00, 0x02, 0, 2]);
    tiff.extend((second.len() as u32).to_be_bytes());
    tiff.extend(second_offset.to_be_bytes());
    tiff.extend([0, 0, 0, 0]);
    let mpf = segment(
        0xE2,
        segment_length as u16,
        &[&b"MPF\0"[..], &tiff].concat(),
    );
    [with_segment(primary, &mpf), second.to_vec()].concat()
}

/// A PNG chunk with its CRC.
pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let typed = [kind.as_slice(), data].concat();
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend(&typed);
    chunk.extend(crc32(&typed).to_be_bytes());
    chunk
}

/// The chunks of a PNG: (type, data), in order.
pub fn chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    let mut found = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
        found.push((kind, png[at + 8..at + 8 + length].to_vec()));
        at += 12 + length;
    }
    found
}

/// A PNG made of these chunks, each with its right CRC.
pub fn png_from(chunks: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks {
        png.extend(chunk(kind, data));
    }
    png
}

/// Writes `files` as `dir/frames/NAME`, returning the folder.
pub fn folder(dir: &Path, files: &[(String, Vec<u8>)]) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for (name, bytes) in files {
        fs::write(frames.join(name), bytes).unwrap();
    }
    frames
}
