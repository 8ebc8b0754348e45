//! PNGs come out upright by their orientation, from an eXIf chunk (both byte orders) or from
//! XMP (`tiff:Orientation`, attribute and element forms), each of the eight, mixed in one
//! folder, on every ffmpeg (none turns them as it should: framekit does). The frames are
//! made as Pillow and exiftool write them: the metadata chunk right after IHDR.

mod refusals;
mod upright;

use std::path::Path;

use crate::support::frames::with_chunk;

/// Where the metadata says the orientation.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// An eXIf chunk, TIFF header "MM" (Pillow's) or "II", IFD0 with tag 0x0112.
    Exif { big_endian: bool },
    /// XMP in an iTXt chunk keyed `XML:com.adobe.xmp`: `tiff:Orientation="6"` on
    /// `rdf:Description` (Adobe's tools), or `<tiff:Orientation>6</tiff:Orientation>`
    /// (exiftool's).
    Xmp { element: bool },
}

pub const ALL_SOURCES: [Source; 4] = [
    Source::Exif { big_endian: true },
    Source::Exif { big_endian: false },
    Source::Xmp { element: false },
    Source::Xmp { element: true },
];

pub const RED: [u8; 3] = [255, 0, 0];
pub const BLUE: [u8; 3] = [0, 0, 255];
pub const GREY: [u8; 3] = [128, 128, 128];

/// A stored `width` x `height` RGB PNG: grey, a red 16x8 block in its top-left corner and
/// a blue 8x8 one in its top-right corner, so that every turn and mirror shows.
pub fn stored_png(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            pixels.extend(stored_colour(x, y, width));
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    bytes
}

/// The colour of the stored picture at (x, y).
pub fn stored_colour(x: u32, y: u32, width: u32) -> [u8; 3] {
    match (x, y) {
        (0..=15, 0..=7) => RED,
        (x, 0..=7) if x >= width - 8 => BLUE,
        _ => GREY,
    }
}

/// `png` with its orientation said by `source`, in a chunk right after IHDR.
pub fn oriented(png: &[u8], source: Source, orientation: u16) -> Vec<u8> {
    match source {
        Source::Exif { big_endian } => with_chunk(png, b"eXIf", &exif(big_endian, orientation)),
        Source::Xmp { element } => with_chunk(png, b"iTXt", &xmp(element, orientation)),
    }
}

/// A TIFF header and IFD0 with one entry, Orientation (SHORT), as Pillow writes it.
pub fn exif(big_endian: bool, orientation: u16) -> Vec<u8> {
    let u16b = |v: u16| match big_endian {
        true => v.to_be_bytes(),
        false => v.to_le_bytes(),
    };
    let u32b = |v: u32| match big_endian {
        true => v.to_be_bytes(),
        false => v.to_le_bytes(),
    };
    let mut tiff: Vec<u8> = if big_endian { b"MM" } else { b"II" }.to_vec();
    tiff.extend(u16b(42));
    tiff.extend(u32b(8));
    tiff.extend(u16b(1));
    tiff.extend(u16b(0x0112));
    tiff.extend(u16b(3));
    tiff.extend(u32b(1));
    tiff.extend(u16b(orientation));
    tiff.extend([0, 0]);
    tiff.extend(u32b(0)); // no next directory
    tiff
}

/// An iTXt chunk's data holding an XMP packet, uncompressed, as exiftool writes it.
pub fn xmp(element: bool, orientation: u16) -> Vec<u8> {
    let description = match element {
        true => format!(
            " <rdf:Description rdf:about=''\n  xmlns:tiff='http://ns.adobe.com/tiff/1.0/'>\n  \
             <tiff:Orientation>{orientation}</tiff:Orientation>\n </rdf:Description>\n"
        ),
        false => format!(
            " <rdf:Description rdf:about=\"\" xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" \
             tiff:Orientation=\"{orientation}\"/>\n"
        ),
    };
    let packet = format!(
        "<?xpacket begin='\u{feff}' id='W5M0MpCehiHzreSzNTczkc9d'?>\n\
         <x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.57'>\n\
         <rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n\n\
         {description}</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='r'?>"
    );
    // Keyword, compression flag and method, empty language tag and translated keyword.
    [b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), packet.as_bytes()].concat()
}

/// Where a viewer shows the stored pixel (x, y) of a `width` x `height` picture of EXIF
/// `orientation` (TIFF 6.0's Orientation tag).
pub fn shown_at(orientation: u16, (x, y): (u32, u32), (width, height): (u32, u32)) -> (u32, u32) {
    let (right, bottom) = (width - 1 - x, height - 1 - y);
    match orientation {
        2 => (right, y),      // mirrored left to right
        3 => (right, bottom), // turned half a turn
        4 => (x, bottom),     // mirrored top to bottom
        5 => (y, x),          // mirrored along the main diagonal
        6 => (bottom, x),     // turned a quarter clockwise
        7 => (bottom, right), // mirrored along the other diagonal
        8 => (y, right),      // turned a quarter counter-clockwise
        _ => (x, y),
    }
}

/// Checks one decoded RGB frame (`shown_width` wide) against the stored picture of
/// `stored` size turned by `orientation`: points inside each block and the background,
/// away from the edges where H.264's colour blurs.
pub fn assert_upright(
    frame: &[u8],
    shown_width: u32,
    orientation: u16,
    stored: (u32, u32),
    what: &str,
) {
    let (width, height) = stored;
    let points = [
        (4, 3),
        (11, 3),
        (4, 5),
        (width - 4, 4),
        (3, height - 4),
        (width - 4, height - 4),
    ];
    for point in points {
        let expected = stored_colour(point.0, point.1, width);
        let (x, y) = shown_at(orientation, point, stored);
        let at = ((y * shown_width + x) * 3) as usize;
        let got = &frame[at..at + 3];
        let near = got
            .iter()
            .zip(expected)
            .all(|(&g, e)| (i32::from(g) - i32::from(e)).abs() < 60);
        assert!(
            near,
            "{what}, orientation {orientation}: stored {point:?} shown at ({x}, {y}) is \
             {got:?}, expected {expected:?}"
        );
    }
}

/// Writes `bytes` as `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}
