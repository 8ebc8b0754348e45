//! The PAM (netpbm P7) images of the stream: the header ffmpeg's `pam` encoder writes before
//! each frame, read; and the header framekit writes, with the frame's time as a comment
//! line (`#pts_seconds 1.234567`) that PAM readers skip.

use std::io::{self, BufRead, Read};

/// The longest header framekit writes: room kept in front of each frame's pixels.
pub const MAX_HEADER: usize = 160;

/// What a PAM header says of the image after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub depth: u32,
    pub maxval: u32,
}

impl Header {
    /// The size of the pixels after the header, in bytes.
    pub fn pixel_bytes(&self) -> usize {
        let sample = if self.maxval > 255 { 2 } else { 1 };
        self.width as usize * self.height as usize * self.depth as usize * sample
    }

    /// Whether the pixels are 8-bit RGB, the stream's one kind.
    pub fn is_rgb8(&self) -> bool {
        self.depth == 3 && self.maxval == 255
    }
}

/// Reads one header, up to and including `ENDHDR\n`; `None` at the end of the stream
/// before any byte of another image. A header that is cut short or malformed is an
/// `InvalidData` error (`UnexpectedEof` when cut short).
pub fn read_header<R: BufRead>(reader: &mut R) -> io::Result<Option<Header>> {
    let mut line = Vec::with_capacity(32);
    let mut fields = [None; 4];
    for number in 0.. {
        line.clear();
        // A header line is short; a longer one is not a header.
        let read = <&mut R as io::Read>::take(reader, 256).read_until(b'\n', &mut line)?;
        if read == 0 && number == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            let kind = match read < 256 {
                true => io::ErrorKind::UnexpectedEof,
                false => io::ErrorKind::InvalidData,
            };
            return Err(io::Error::new(kind, "a PAM header cut short"));
        }
        let text = std::str::from_utf8(&line[..line.len() - 1])
            .map_err(|_| invalid("a PAM header line that is not text"))?;
        if number == 0 {
            if text != "P7" {
                return Err(invalid("not a PAM image (no P7)"));
            }
            continue;
        }
        if text == "ENDHDR" {
            break;
        }
        let mut words = text.split_ascii_whitespace();
        let slot = match words.next() {
            Some("WIDTH") => 0,
            Some("HEIGHT") => 1,
            Some("DEPTH") => 2,
            Some("MAXVAL") => 3,
            _ => continue,
        };
        let value = words.next().and_then(|word| word.parse::<u32>().ok());
        fields[slot] = Some(value.ok_or_else(|| invalid("a PAM header field without a number"))?);
    }
    match fields {
        [Some(width), Some(height), Some(depth), Some(maxval)] => Ok(Some(Header {
            width,
            height,
            depth,
            maxval,
        })),
        _ => Err(invalid("a PAM header without its size")),
    }
}

/// The most bytes a header may take: longer is not a header.
const MAX_READ_HEADER: usize = 1024;

/// Reads one header from `source` without reading a byte past it (the pixels are then
/// still in `source`, for splice), in reads no longer than what the header must still
/// hold: none ends before `\nENDHDR\n`. As [`read_header`] otherwise.
pub fn read_header_exactly(source: &mut impl Read) -> io::Result<Option<Header>> {
    const END: &[u8] = b"\nENDHDR\n";
    let mut bytes = Vec::with_capacity(96);
    loop {
        // The longest start of END the bytes end with: the header needs the rest at least.
        let begun = (1..=END.len().min(bytes.len()))
            .rev()
            .find(|&n| bytes.ends_with(&END[..n]))
            .unwrap_or(0);
        if begun == END.len() {
            return read_header(&mut bytes.as_slice());
        }
        if bytes.len() > MAX_READ_HEADER {
            return Err(invalid("a PAM header that never ends"));
        }
        let have = bytes.len();
        bytes.resize(have + END.len() - begun, 0);
        let got = loop {
            match source.read(&mut bytes[have..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                got => break got?,
            }
        };
        bytes.truncate(have + got);
        if got == 0 {
            return match have {
                0 => Ok(None),
                _ => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "a PAM header cut short",
                )),
            };
        }
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// framekit's header for an 8-bit RGB frame of `width` x `height` shown at `seconds` (the
/// text of `pts_seconds`, as frames.csv gives it).
pub fn header(width: u32, height: u32, seconds: &str) -> String {
    format!(
        "P7\nWIDTH {width}\nHEIGHT {height}\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\n\
         #pts_seconds {seconds}\nENDHDR\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffmpegs_header_is_read_and_the_pixels_left_in_place() {
        let bytes = b"P7\nWIDTH 4\nHEIGHT 2\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\nPIXELS";
        let mut reader = &bytes[..];
        let header = read_header(&mut reader).unwrap().unwrap();
        assert_eq!(header.pixel_bytes(), 24);
        assert!(header.is_rgb8());
        assert_eq!(reader, b"PIXELS");
        assert!(read_header(&mut &b""[..]).unwrap().is_none());
    }

    #[test]
    fn damaged_headers_are_errors() {
        for bytes in [
            &b"P7\nWIDTH 4\nHEI"[..],
            b"P6\n4 2\n255\n",
            b"P7\nWIDTH x\nENDHDR\n",
            b"P7\nWIDTH 4\nENDHDR\n",
            &[b'P'; 300],
        ] {
            assert!(read_header(&mut &bytes[..]).is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn framekits_header_carries_the_time_and_fits_its_room() {
        let text = header(640, 360, "1.234567");
        assert_eq!(
            text,
            "P7\nWIDTH 640\nHEIGHT 360\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\n\
             #pts_seconds 1.234567\nENDHDR\n"
        );
        let widest = header(u32::MAX, u32::MAX, &format!("{:.6}", i64::MIN as f64 / 1e6));
        assert!(widest.len() <= MAX_HEADER, "{}", widest.len());
        let read = read_header(&mut text.as_bytes()).unwrap().unwrap();
        assert_eq!((read.width, read.height), (640, 360));
    }

    /// Gives at most `step` bytes a read, as a pipe may.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.step).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn an_exact_read_stops_at_endhdr_however_the_bytes_come() {
        let bytes = b"P7\nWIDTH 4\nHEIGHT 2\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\nPIXELS";
        for step in [1, 3, 7, 8, 4096] {
            let mut source = Trickle { bytes, step };
            let header = read_header_exactly(&mut source).unwrap().unwrap();
            assert_eq!((header.width, header.height), (4, 2), "{step}");
            assert_eq!(source.bytes, b"PIXELS", "{step}");
        }
        let mut empty = Trickle {
            bytes: b"",
            step: 8,
        };
        assert!(read_header_exactly(&mut empty).unwrap().is_none());
        let mut cut = Trickle {
            bytes: b"P7\nWIDTH 4\nHEI",
            step: 8,
        };
        let error = read_header_exactly(&mut cut).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        let mut endless = Trickle {
            bytes: &[b'P'; 3000],
            step: 4096,
        };
        assert!(read_header_exactly(&mut endless).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = read_header(&mut bytes.as_slice());
            let _ = read_header_exactly(&mut Trickle { bytes: &bytes, step: 5 });
        }
    }
}
