//! The ICC profile a frame carries, as bytes: from a PNG's `iCCP` chunk or a JPEG's
//! `APP2 ICC_PROFILE` segments. Its own short walk over the file, apart from the header
//! readers (`crate::header`), which stop as soon as they know the size.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use crate::header::FrameFormat;

use super::jpeg_app2::jpeg_profile;
use super::png_iccp::png_profile;

/// The largest profile framekit reads: real ones are a few KiB (matrix/TRC) to a few MiB
/// (printers' LUT profiles); moxcms itself refuses more than 10 MiB.
pub const MAX_PROFILE_BYTES: usize = 16 << 20;

/// What a frame carries: no profile, a profile's bytes, or a profile that cannot be read
/// (why, as a phrase after the file's name).
pub type Embedded = Result<Option<Vec<u8>>, String>;

/// The profile embedded in the frame at `path` (a `format` file).
pub fn embedded_profile(path: &Path, format: FrameFormat) -> Embedded {
    let file = File::open(path).map_err(|e| format!("cannot be read again ({e})"))?;
    let mut file = BufReader::with_capacity(4096, file);
    profile_in(&mut file, format)
}

/// The profile embedded in a `format` file read from `file`.
pub fn profile_in<R: Read + Seek>(file: &mut R, format: FrameFormat) -> Embedded {
    match format {
        FrameFormat::Png => png_profile(file),
        FrameFormat::Jpeg => jpeg_profile(file),
    }
}

/// `length` bytes from where `file` stands; None when it ends first.
pub(super) fn read_exactly<R: Read>(
    file: &mut R,
    length: usize,
) -> Result<Option<Vec<u8>>, String> {
    let mut bytes = Vec::new();
    let read = file
        .take(length as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read again ({e})"))?;
    Ok((read == length).then_some(bytes))
}
