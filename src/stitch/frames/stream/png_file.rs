//! Raw pixels (from `--raw`, or a PNM/PAM frame) written as a PNG, the format the frames of
//! a folder come in: its header then tells size, alpha and depth as for any PNG, and
//! ffmpeg's PNG decoder turns it into the same pixels. Deflated at the fastest level: the
//! spool is read once or a few times, and is on disk only for the run.

/// The pixel layout of a PNG written here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PngLayout {
    pub width: u32,
    pub height: u32,
    /// 1 gray, 2 gray and alpha, 3 RGB, 4 RGBA.
    pub channels: usize,
    /// 1 (8 bits) or 2 (16 bits, big-endian as PNG stores them).
    pub depth_bytes: usize,
}

impl PngLayout {
    pub fn row_bytes(&self) -> usize {
        self.width as usize * self.channels * self.depth_bytes
    }

    fn colour_type(&self) -> u8 {
        match self.channels {
            1 => 0,
            2 => 4,
            3 => 2,
            _ => 6,
        }
    }
}

/// A PNG of these `pixels` (rows top to bottom, already in PNG's order).
pub fn encode(layout: PngLayout, pixels: &[u8]) -> Vec<u8> {
    let row = layout.row_bytes();
    let mut filtered = Vec::with_capacity(pixels.len() + layout.height as usize);
    for line in pixels.chunks_exact(row) {
        // Filter type 0 (none) on every row.
        filtered.push(0);
        filtered.extend_from_slice(line);
    }
    let data = miniz_oxide::deflate::compress_to_vec_zlib(&filtered, 1);
    let mut header = Vec::with_capacity(13);
    header.extend(layout.width.to_be_bytes());
    header.extend(layout.height.to_be_bytes());
    header.extend([8 * layout.depth_bytes as u8, layout.colour_type(), 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &data);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

/// The CRC-32 PNG's chunks end with (ISO 3309, as zlib's).
fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::LazyLock<[u32; 256]> = std::sync::LazyLock::new(|| {
        let mut table = [0u32; 256];
        for (n, entry) in table.iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *entry = c;
        }
        table
    });
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc = TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc ^ 0xFFFF_FFFF
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_is_png_s() {
        // The CRC of an IEND chunk, as every PNG ends.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn the_png_decodes_to_the_same_pixels() {
        let layout = PngLayout {
            width: 3,
            height: 2,
            channels: 4,
            depth_bytes: 2,
        };
        let pixels: Vec<u8> = (0..48).collect();
        let png = encode(layout, &pixels);
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut out = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut out).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        assert_eq!(info.color_type, png::ColorType::Rgba);
        assert_eq!(out, pixels);
    }
}
