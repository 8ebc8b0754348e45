//! A JPEG file's bytes as the walk reads them: the first read, then reads further in, a
//! few bytes at a time.

use std::borrow::Cow;
use std::io::{self, Read, Seek, SeekFrom};

use super::markers;
use crate::header::exif::exif_orientation;

/// How much of an EXIF segment is read first: its first directories, where the orientation
/// is, without the thumbnail or maker notes that can fill the rest of its 64 KiB.
const EXIF_FIRST_READ: usize = 4096;

/// The file's bytes: the first read, then reads further in.
pub(super) struct Source<'a, R> {
    pub(super) prefix: &'a [u8],
    pub(super) rest: Option<&'a mut R>,
}

impl<R: Read + Seek> Source<'_, R> {
    /// The last orientation value (in range or not) in the APP1 segment whose data (`length`
    /// bytes) starts at `at`, if it is an EXIF one. The whole segment is read only when its directories reach further
    /// than its first few KiB.
    pub(super) fn exif_orientation(
        &mut self,
        at: u64,
        length: usize,
    ) -> Result<Option<i64>, String> {
        let first = length.min(EXIF_FIRST_READ);
        let Some(start) = self.bytes(at, first)? else {
            return Ok(None);
        };
        // "Exif" and two bytes, which ffmpeg does not check.
        let Some(tiff) = start.strip_prefix(b"Exif").and_then(|rest| rest.get(2..)) else {
            return Ok(None);
        };
        let (found, reached_end) = exif_orientation(tiff);
        if !reached_end || first == length {
            return Ok(found);
        }
        Ok(match self.bytes(at + 6, length - 6)? {
            Some(whole) => exif_orientation(&whole).0,
            None => found,
        })
    }

    /// The next marker at or after `at`, found as ffmpeg finds it (`markers::next_marker`),
    /// reading on in windows of a few KiB; None when the file ends first.
    pub(super) fn next_marker(&mut self, mut at: u64) -> Result<Option<(u64, u8)>, String> {
        const WINDOW: usize = 4096;
        loop {
            let window = self.bytes_up_to(at, WINDOW)?;
            if window.len() < 2 {
                return Ok(None);
            }
            if let Some((found, marker)) = markers::next_marker(&window, 0) {
                return Ok(Some((at + found as u64, marker)));
            }
            // The last byte may be the 0xFF of a marker the next window completes.
            at += (window.len() - 1) as u64;
        }
    }

    /// Up to `length` bytes at `at`: fewer where the file ends.
    fn bytes_up_to(&mut self, at: u64, length: usize) -> Result<Vec<u8>, String> {
        let end = at.saturating_add(length as u64);
        let prefix_length = self.prefix.len() as u64;
        if end <= prefix_length || (self.rest.is_none() && at <= prefix_length) {
            let end = end.min(prefix_length) as usize;
            return Ok(self.prefix[at as usize..end].to_vec());
        }
        let Some(file) = self.rest.as_deref_mut() else {
            return Ok(Vec::new());
        };
        let mut buffer = Vec::with_capacity(length);
        file.seek(SeekFrom::Start(at))
            .and_then(|_| {
                Read::by_ref(file)
                    .take(length as u64)
                    .read_to_end(&mut buffer)
            })
            .map_err(|e| format!("cannot be read ({e})"))?;
        Ok(buffer)
    }

    /// `length` bytes at `at`; None when the file ends first.
    pub(super) fn bytes(
        &mut self,
        at: u64,
        length: usize,
    ) -> Result<Option<Cow<'_, [u8]>>, String> {
        let end = at.saturating_add(length as u64);
        if end <= self.prefix.len() as u64 {
            return Ok(Some(Cow::Borrowed(&self.prefix[at as usize..end as usize])));
        }
        let Some(file) = self.rest.as_deref_mut() else {
            return Ok(None);
        };
        let mut buffer = vec![0; length];
        let read = file
            .seek(SeekFrom::Start(at))
            .and_then(|_| file.read_exact(&mut buffer));
        match read {
            Ok(()) => Ok(Some(Cow::Owned(buffer))),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(format!("cannot be read ({e})")),
        }
    }
}
