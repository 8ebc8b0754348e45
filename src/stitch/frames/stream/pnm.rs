//! PNM headers (P5 gray, P6 RGB, P7 PAM with a depth of 1 to 4), as Pillow, numpy scripts
//! and netpbm write them: the size and layout of the raw pixels that follow. Samples of 8
//! bits (maxval 255) or 16 bits big-endian (maxval 65535), which PNG stores alike.

use std::io::{self, Read};

use super::png_file::PngLayout;
use super::source::Source;

/// A PNM frame's pixels: their layout, as a PNG will hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pnm {
    pub layout: PngLayout,
}

impl Pnm {
    pub fn pixel_bytes(&self) -> usize {
        self.layout.row_bytes() * self.layout.height as usize
    }
}

/// Why a header was not read.
pub enum Problem {
    Ended,
    Io(io::Error),
    /// A PNM framekit does not take, and why (a phrase).
    Unsupported(String),
}

/// The longest header read: real ones are a few dozen bytes.
const MAX_HEADER: usize = 4096;

/// Reads the header, leaving the source at the first byte of the pixels.
pub fn read_header<R: Read>(source: &mut Source<R>) -> Result<Pnm, Problem> {
    let mut header = Vec::new();
    source.take_exactly(2, &mut header).map_err(Problem::Io)?;
    let kind = header[1];
    let mut fields = Vec::new();
    let wanted = if kind == b'7' { usize::MAX } else { 3 };
    while fields.len() < wanted {
        let token = token(source, &mut header)?;
        if kind == b'7' && token == "ENDHDR" {
            break;
        }
        fields.push(token);
    }
    let (width, height, depth, maxval) = match kind {
        b'7' => pam_fields(&fields)?,
        _ => {
            let number = |at: usize| number(&fields[at]);
            let depth = if kind == b'5' { 1 } else { 3 };
            (number(0)?, number(1)?, depth, number(2)?)
        }
    };
    let depth_bytes = match maxval {
        255 => 1,
        65535 => 2,
        other => {
            return Err(Problem::Unsupported(format!(
                "is a PNM image with maxval {other}; framekit takes 255 (8 bits) or 65535 (16 bits)"
            )))
        }
    };
    if !(1..=4).contains(&depth) || width == 0 || height == 0 {
        return Err(Problem::Unsupported(format!(
            "is a PNM image of {width}x{height} with {depth} channels, which framekit does not take"
        )));
    }
    Ok(Pnm {
        layout: PngLayout {
            width,
            height,
            channels: depth as usize,
            depth_bytes,
        },
    })
}

/// PAM's WIDTH, HEIGHT, DEPTH and MAXVAL (TUPLTYPE is implied by DEPTH for the ones taken).
fn pam_fields(fields: &[String]) -> Result<(u32, u32, u32, u32), Problem> {
    let value = |name: &str| -> Result<u32, Problem> {
        let at = fields.iter().position(|f| f == name).ok_or_else(|| {
            Problem::Unsupported(format!("is a PAM image without {name} in its header"))
        })?;
        number(fields.get(at + 1).map_or("", String::as_str))
    };
    Ok((
        value("WIDTH")?,
        value("HEIGHT")?,
        value("DEPTH")?,
        value("MAXVAL")?,
    ))
}

fn number(text: &str) -> Result<u32, Problem> {
    text.parse()
        .map_err(|_| Problem::Unsupported(format!("has a PNM header with '{text}' for a number")))
}

/// The next whitespace-separated word of the header, comments (`#` to the line's end)
/// skipped; the one whitespace byte after it is taken too (P5/P6 pixels start right after).
fn token<R: Read>(source: &mut Source<R>, header: &mut Vec<u8>) -> Result<String, Problem> {
    let mut word = Vec::new();
    let mut comment = false;
    loop {
        if header.len() > MAX_HEADER {
            return Err(Problem::Unsupported(
                "has a PNM header that never ends".into(),
            ));
        }
        if !source.take_exactly(1, header).map_err(Problem::Io)? {
            return Err(Problem::Ended);
        }
        let byte = header[header.len() - 1];
        match byte {
            b'\n' | b'\r' if comment => comment = false,
            _ if comment => {}
            b'#' if word.is_empty() => comment = true,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c if word.is_empty() => {}
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                return Ok(String::from_utf8_lossy(&word).into_owned())
            }
            _ => word.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Pnm, u64) {
        let mut source = Source::new(bytes);
        let pnm = read_header(&mut source).ok().unwrap();
        (pnm, source.offset())
    }

    #[test]
    fn ppm_pgm_and_pam_headers_give_the_pixels_layout() {
        let (pnm, at) = read(b"P6\n# made by hand\n641 481\n255\nxyz");
        assert_eq!(
            (pnm.layout.width, pnm.layout.height, pnm.layout.channels),
            (641, 481, 3)
        );
        assert_eq!(at, 30);
        let (pnm, _) = read(b"P5 3 2 65535\n");
        assert_eq!((pnm.layout.channels, pnm.layout.depth_bytes), (1, 2));
        let pam = b"P7\nWIDTH 4\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n";
        let (pnm, at) = read(pam);
        assert_eq!(
            (pnm.layout.channels, pnm.pixel_bytes(), at),
            (4, 32, pam.len() as u64)
        );
    }

    #[test]
    fn other_maxvals_are_refused() {
        let mut source = Source::new(&b"P6 2 2 15\n"[..]);
        assert!(matches!(
            read_header(&mut source),
            Err(Problem::Unsupported(_))
        ));
    }
}
