//! A frame's format and size, read from the first bytes of the file without decoding it.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;

use crate::exif_orientation::{jpeg_orientation, Orientation};
use crate::png_layout::{png_pixels_or_safest, PngPixels};

/// The largest width or height framekit accepts. H.264 levels stop at 8192 and most encoders
/// at 16384; a header that claims more is corrupt or hostile, and would make ffmpeg try to
/// allocate gigabytes before failing.
pub const MAX_SIDE: u32 = 16384;

/// The image formats framekit stitches (ffmpeg decodes them from one stream on stdin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameFormat {
    Png,
    Jpeg,
}

impl FrameFormat {
    pub fn name(self) -> &'static str {
        match self {
            FrameFormat::Png => "PNG",
            FrameFormat::Jpeg => "JPEG",
        }
    }

    /// The format a file name declares by its extension, if any.
    fn declared_by(path: &Path) -> Option<FrameFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "png" => Some(FrameFormat::Png),
            "jpg" | "jpeg" => Some(FrameFormat::Jpeg),
            _ => None,
        }
    }
}

/// What a frame's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub format: FrameFormat,
    /// Width and height as ffmpeg decodes the frame: upright, after its EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// Its EXIF orientation turns it a quarter: width and height are the stored ones swapped.
    pub turned: bool,
    /// What a PNG's pixels hold (None for JPEG).
    pub png: Option<PngPixels>,
}

impl Header {
    /// Same format, same width and height: frames that can share one video.
    pub fn matches(&self, other: &Header) -> bool {
        (self.format, self.width, self.height) == (other.format, other.width, other.height)
    }
}

/// Reads just enough of `path` to know its format and size. The error is a phrase that
/// follows the file's name ("is empty", ...).
pub fn read_header(path: &Path) -> std::result::Result<Header, String> {
    read_frame_header(path, false)
}

/// How much of a frame is read first: a PNG's header is in its first 33 bytes, and most
/// JPEGs give their size and EXIF orientation within this too.
const FIRST_READ: usize = 1024;

/// How much is read when the first read was not enough: JPEG metadata segments are at most
/// 64 KiB each, and an EXIF block with its thumbnail comes close.
const SECOND_READ: u64 = 256 * 1024;

/// Reads a frame's header with as few system calls as possible: no stat when readdir
/// already showed a regular file, then one read. Only a header that lies further in (a
/// JPEG with large metadata) takes a second, larger read.
pub fn read_frame_header(path: &Path, known_regular: bool) -> std::result::Result<Header, String> {
    let mut file = if known_regular {
        File::open(path).map_err(|e| read_error(&e))?
    } else {
        open_regular(path)?
    };
    let declared = FrameFormat::declared_by(path);
    let mut start = [0u8; FIRST_READ];
    let filled = file.read(&mut start).map_err(|e| read_error(&e))?;
    // A short read of a regular file means its end: these bytes are all there is.
    let whole_file = filled < FIRST_READ;
    match header_in(&start[..filled], declared, whole_file) {
        Some(result) => result,
        None => {
            file.seek(io::SeekFrom::Start(0))
                .map_err(|e| read_error(&e))?;
            let mut more = Vec::new();
            (&mut file)
                .take(SECOND_READ)
                .read_to_end(&mut more)
                .map_err(|e| read_error(&e))?;
            let whole_file = (more.len() as u64) < SECOND_READ;
            match header_in(&more, declared, whole_file) {
                Some(result) => result,
                // Size or orientation still further in: read on as far as the size is;
                // an orientation past 256 KiB is not looked for.
                None => {
                    file.seek(io::SeekFrom::Start(0))
                        .map_err(|e| read_error(&e))?;
                    let header = header_of(BufReader::with_capacity(8192, file), declared)?;
                    Ok(match header.format {
                        FrameFormat::Png => Header {
                            png: Some(png_pixels_or_safest(&more)),
                            ..header
                        },
                        FrameFormat::Jpeg => upright(header, jpeg_orientation(&more)),
                    })
                }
            }
        }
    }
}

/// The header in the first `bytes` of a frame, or None when they end too soon to tell and
/// `whole_file` says there is more.
fn header_in(
    bytes: &[u8],
    declared: Option<FrameFormat>,
    whole_file: bool,
) -> Option<std::result::Result<Header, String>> {
    let header = match header_of(io::Cursor::new(bytes), declared) {
        Ok(header) => header,
        Err(_) if !whole_file => return None,
        Err(problem) => return Some(Err(problem)),
    };
    match header.format {
        FrameFormat::Png => Some(Ok(Header {
            png: Some(png_pixels_or_safest(bytes)),
            ..header
        })),
        FrameFormat::Jpeg => match jpeg_orientation(bytes) {
            Orientation::Unknown if !whole_file => None,
            orientation => Some(Ok(upright(header, orientation))),
        },
    }
}

/// The header as ffmpeg decodes the frame: turned by its EXIF orientation.
fn upright(header: Header, orientation: Orientation) -> Header {
    if orientation.swaps_sides() {
        Header {
            width: header.height,
            height: header.width,
            turned: true,
            ..header
        }
    } else {
        header
    }
}

/// Reads a frame's format and size from the start of its bytes; `declared` is the format
/// its name claims, if any.
fn header_of<R: BufRead + Seek>(
    mut reader: R,
    declared: Option<FrameFormat>,
) -> std::result::Result<Header, String> {
    let start = reader.fill_buf().map_err(|e| read_error(&e))?;
    if start.is_empty() {
        return Err("is empty (0 bytes)".to_string());
    }
    let format = match imagesize::image_type(start) {
        Ok(imagesize::ImageType::Png) => FrameFormat::Png,
        Ok(imagesize::ImageType::Jpeg) => FrameFormat::Jpeg,
        _ => return Err("is not a PNG or JPEG image".to_string()),
    };
    if let Some(declared) = declared.filter(|d| *d != format) {
        return Err(format!(
            "is a {} image, but its name says {}",
            format.name(),
            declared.name()
        ));
    }
    let size = imagesize::reader_size(&mut reader).map_err(|_| {
        format!(
            "has a damaged {} header (no width and height)",
            format.name()
        )
    })?;
    header_with_size(format, size.width, size.height)
}

fn header_with_size(
    format: FrameFormat,
    width: usize,
    height: usize,
) -> std::result::Result<Header, String> {
    if width == 0 || height == 0 {
        return Err(format!("has no pixels ({width}x{height})"));
    }
    let limit = MAX_SIDE as usize;
    if width > limit || height > limit {
        return Err(format!(
            "is {width}x{height}, larger than framekit's limit of {MAX_SIDE} pixels a side"
        ));
    }
    Ok(Header {
        format,
        width: width as u32,
        height: height as u32,
        turned: false,
        png: None,
    })
}

/// Opens a frame, following symlinks, refusing anything that is not a regular file
/// (a folder, a FIFO that would block forever, a device).
fn open_regular(path: &Path) -> std::result::Result<File, String> {
    let metadata = fs::metadata(path).map_err(|e| {
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        match (is_link, e.kind()) {
            (true, io::ErrorKind::NotFound) => {
                "is a symlink to a file that does not exist".to_string()
            }
            (true, _) => format!("is a symlink that cannot be followed ({e})"),
            _ => read_error(&e),
        }
    })?;
    if metadata.is_dir() {
        return Err("is a folder, not an image".to_string());
    }
    if !metadata.is_file() {
        return Err("is not a regular file".to_string());
    }
    File::open(path).map_err(|e| read_error(&e))
}

fn read_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".to_string(),
        io::ErrorKind::NotFound => "disappeared while being read".to_string(),
        _ => format!("cannot be read ({error})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_outside_the_limits_are_rejected() {
        assert!(header_with_size(FrameFormat::Png, 0, 10).is_err());
        assert!(header_with_size(FrameFormat::Png, 100_000, 100_000).is_err());
        assert!(header_with_size(FrameFormat::Png, 16385, 2).is_err());
        assert_eq!(
            header_with_size(FrameFormat::Png, 16384, 1),
            Ok(Header {
                format: FrameFormat::Png,
                width: 16384,
                height: 1,
                turned: false,
                png: None,
            })
        );
    }

    proptest::proptest! {
        // Fuzzing the header reader: any bytes give a header or a clean error, never a
        // panic or a hang (proptest's default 256 cases, each shrunk on failure).
        #[test]
        fn any_bytes_give_a_header_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = header_of(std::io::Cursor::new(&bytes), None);
            let _ = header_of(std::io::Cursor::new(&bytes), Some(FrameFormat::Png));
        }

        #[test]
        fn png_and_jpeg_prefixes_with_any_tail_never_panic(
            png in proptest::bool::ANY,
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..4096),
        ) {
            let magic: &[u8] = if png { b"\x89PNG\r\n\x1a\n" } else { &[0xFF, 0xD8, 0xFF] };
            let bytes = [magic, &tail].concat();
            if let Ok(header) = header_of(std::io::Cursor::new(&bytes), None) {
                proptest::prop_assert!(header.width >= 1 && header.width <= MAX_SIDE);
                proptest::prop_assert!(header.height >= 1 && header.height <= MAX_SIDE);
            }
        }
    }

    #[test]
    fn a_png_header_claiming_100000_square_is_refused() {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(100_000u32.to_be_bytes());
        bytes.extend(100_000u32.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        let error = header_of(std::io::Cursor::new(&bytes), None).unwrap_err();
        assert!(error.contains("larger than framekit's limit"), "{error}");
    }

    #[test]
    fn declared_format_follows_the_extension_case_insensitively() {
        assert_eq!(
            FrameFormat::declared_by(Path::new("a/IMG_1.JPG")),
            Some(FrameFormat::Jpeg)
        );
        assert_eq!(
            FrameFormat::declared_by(Path::new("x.Png")),
            Some(FrameFormat::Png)
        );
        assert_eq!(FrameFormat::declared_by(Path::new("x.frame")), None);
    }
}
