//! The header of one whole image held in memory (a frame read from a stream, not a file):
//! read exactly as a file's is, its bytes standing in for the file.

use super::{header_from, Header, FIRST_READ};

pub fn header_of_image(bytes: &[u8]) -> Result<Header, String> {
    let prefix = &bytes[..bytes.len().min(FIRST_READ)];
    let mut rest = std::io::Cursor::new(bytes);
    header_from(prefix, Some(&mut rest), None)
}
