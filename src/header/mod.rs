//! A frame's format and size, read from the first bytes of the file without decoding it,
//! by readers that mirror ffmpeg's own rules: PNG chunks, JPEG segments, EXIF orientation.

pub mod exif;
pub mod from_bytes;
pub mod jpeg;
pub mod one_image;
pub mod png;
mod png_orientation;
mod xmp;

use std::fs::{self, File};
use std::io::{self, Read, Seek};
use std::path::Path;

use crate::header::exif::swaps_sides;
use crate::header::jpeg::{read_jpeg, Chroma};
use crate::header::png::{chunk_verdict, png_pixels_or_safest, PngPixels};
use crate::header::png_orientation::png_orientation;

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

    /// ffmpeg's decoder for a stream of such frames.
    pub fn decoder(self) -> &'static str {
        match self {
            FrameFormat::Png => "png",
            FrameFormat::Jpeg => "mjpeg",
        }
    }

    /// The decoder options that make a damaged frame an error. ffmpeg's JPEG decoder only
    /// warns about a truncated frame ("EOI missing, emulating") or damaged image data
    /// ("error count", "overread") and fills the gap with other frames' pixels; with
    /// `-err_detect explode` it fails instead, which `-xerror` makes fatal. Harmless notices
    /// (unknown APPn segments, EXIF it cannot parse, bytes after the end marker) still pass.
    /// PNG damage is an error already (its CRCs and zlib stream).
    pub fn strict_decoding(self) -> &'static [&'static str] {
        match self {
            FrameFormat::Png => &[],
            FrameFormat::Jpeg => &["-err_detect", "explode"],
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
    /// Width and height upright, after its orientation (JPEG: EXIF; PNG: eXIf, else XMP).
    pub width: u32,
    pub height: u32,
    /// Its EXIF orientation turns it a quarter: width and height are the stored ones swapped.
    pub turned: bool,
    /// Its orientation: 1 as stored; 2 to 8 turn or flip it, a quarter or not (a JPEG by
    /// ffmpeg 5.0 and later, else by framekit: `stitch::orientation`).
    pub orientation: u8,
    /// What a PNG's pixels hold (None for JPEG).
    pub png: Option<PngPixels>,
    /// How a JPEG stores colour (None for PNG).
    pub jpeg: Option<Chroma>,
    /// Whether it may carry an ICC profile: false when its first bytes show its image data
    /// with none before it (`colour_profile::may_carry_profile`).
    pub may_carry_profile: bool,
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

/// How much of a frame is read first: a PNG's header is in its first 33 bytes (its layout
/// within the first chunks), and a JPEG made by a program rather than a camera has its
/// frame header within this too.
const FIRST_READ: usize = 1024;

/// Reads a frame's header with as few system calls as possible: no stat when readdir
/// already showed a regular file, then one read. A JPEG whose frame header lies further in
/// (a camera's, after its EXIF block) is walked on by its segments.
pub fn read_frame_header(path: &Path, known_regular: bool) -> std::result::Result<Header, String> {
    let mut file = if known_regular {
        File::open(path).map_err(|e| read_error(&e))?
    } else {
        open_regular(path)?
    };
    let mut start = [0u8; FIRST_READ];
    let filled = file.read(&mut start).map_err(|e| read_error(&e))?;
    // A short read of a regular file means its end: these bytes are all there is.
    let rest = (filled == FIRST_READ).then_some(&mut file);
    header_from(&start[..filled], rest, FrameFormat::declared_by(path))
}

/// The header of a frame whose first bytes are `prefix`; `rest` reads the file from its
/// start when `prefix` is not all of it. `declared` is the format its name claims, if any.
fn header_from<R: Read + Seek>(
    prefix: &[u8],
    rest: Option<&mut R>,
    declared: Option<FrameFormat>,
) -> std::result::Result<Header, String> {
    if prefix.is_empty() {
        return Err("is empty (0 bytes)".to_string());
    }
    let format = match imagesize::image_type(prefix) {
        Ok(imagesize::ImageType::Png) => FrameFormat::Png,
        Ok(imagesize::ImageType::Jpeg) => FrameFormat::Jpeg,
        // Junk before a JPEG's start marker: ffmpeg's decoder skips it (`find_marker`).
        _ if declared != Some(FrameFormat::Png) && jpeg::extent::image_start(prefix).is_some() => {
            FrameFormat::Jpeg
        }
        _ => return Err("is not a PNG or JPEG image".to_string()),
    };
    if let Some(declared) = declared.filter(|d| *d != format) {
        return Err(format!(
            "is a {} image, but its name says {}",
            format.name(),
            declared.name()
        ));
    }
    let may_carry_profile = crate::colour_profile::may_carry_profile(prefix, format);
    let header = header_from_known(prefix, rest, format)?;
    Ok(Header {
        may_carry_profile,
        ..header
    })
}

/// The header of a frame known to be a `format` file (see `header_from`).
fn header_from_known<R: Read + Seek>(
    prefix: &[u8],
    mut rest: Option<&mut R>,
    format: FrameFormat,
) -> std::result::Result<Header, String> {
    match format {
        FrameFormat::Png => {
            // The size is in IHDR, the first chunk: within the first read of any real PNG.
            let size = imagesize::blob_size(prefix)
                .map_err(|_| "has a damaged PNG header (no width and height)".to_string())?;
            let header = header_with_size(format, size.width, size.height)?;
            // No ffmpeg turns a PNG by its orientation as framekit needs (9.0 reads eXIf
            // only, and carries its turn over to later frames): framekit turns it itself.
            let orientation = png_orientation(prefix, rest.as_deref_mut());
            let header = Header {
                orientation: orientation.map_or(1, |o| o as u8),
                ..header
            };
            Ok(upright(
                Header {
                    png: Some(png_pixels_or_safest(prefix, |at| {
                        rest.and_then(|file| transparency_further(file, at))
                    })),
                    ..header
                },
                orientation,
            ))
        }
        FrameFormat::Jpeg => {
            let facts = read_jpeg(prefix, rest)?;
            let header =
                header_with_size(format, usize::from(facts.width), usize::from(facts.height))?;
            let turned = facts.orientation.is_some_and(swaps_sides);
            // Turned a quarter, 4:2:2 becomes 4:4:0, which no plain YUV format holds.
            let chroma = match facts.chroma {
                Chroma::Yuv422 if turned => Chroma::Other,
                chroma => chroma,
            };
            Ok(upright(
                Header {
                    jpeg: Some(chroma),
                    orientation: facts
                        .orientation
                        .filter(|o| (2..=8).contains(o))
                        .map_or(1, |o| o as u8),
                    ..header
                },
                facts.orientation,
            ))
        }
    }
}

/// Whether a tRNS chunk comes before a PNG's image data, walking its chunk headers from
/// `at` (past the first read, after large metadata chunks); None when the file ends first.
fn transparency_further<R: Read + Seek>(file: &mut R, mut at: u64) -> Option<bool> {
    // A real PNG has a few dozen chunks before its image data.
    for _ in 0..10_000 {
        let mut head = [0u8; 8];
        file.seek(io::SeekFrom::Start(at)).ok()?;
        file.read_exact(&mut head).ok()?;
        match chunk_verdict(&head) {
            Ok(found) => return Some(found),
            Err(length) => at = at.checked_add(12)?.checked_add(length as u64)?,
        }
    }
    None
}

/// The header of the frame upright: turned by its orientation (EXIF, or a PNG's eXIf or XMP).
fn upright(header: Header, orientation: Option<u16>) -> Header {
    if orientation.is_some_and(swaps_sides) {
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

fn header_with_size(
    format: FrameFormat,
    width: usize,
    height: usize,
) -> std::result::Result<Header, String> {
    if width == 0 || height == 0 {
        return Err(format!("has no pixels ({width}x{height})"));
    }
    // ffmpeg decodes no image this large (`av_image_check_size`): the numbers are garbage
    // from a damaged header, not a size to show as if it were true.
    if (width as u64 + 128) * (height as u64 + 128) >= (i32::MAX / 8) as u64 {
        return Err(format!(
            "has a damaged {} header (its width and height are not those of any image \
             ffmpeg decodes)",
            format.name()
        ));
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
        orientation: 1,
        png: None,
        jpeg: None,
        may_carry_profile: true,
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
            (false, io::ErrorKind::NotFound) => "does not exist".to_string(),
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
mod tests;
