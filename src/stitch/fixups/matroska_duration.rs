//! The duration of a finished Matroska (MKV, WebM) video of frames with their own times
//! (`--durations`, `--hold-last`, `--timestamps`). ffmpeg before 7 (5.1 measured) loses the
//! frames' durations on the way to the encoder, so it ends the video one frame-rate tick
//! after the last frame starts; framekit then sets the Segment's Duration (in Info) to the
//! timeline's end, in place: the last frame is shown until then. ffmpeg 7 and later keep
//! the durations themselves; the Duration is set on every version all the same, to the
//! same end.

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;

const SEGMENT: u32 = 0x1853_8067;
const INFO: u32 = 0x1549_a966;
const DURATION: u32 = 0x4489;
const TIMESTAMP_SCALE: u32 = 0x2a_d7b1;
/// Matroska's default: timestamps in milliseconds.
const DEFAULT_SCALE_NS: u64 = 1_000_000;

/// Sets the video at `path` to last `micros`.
pub fn set(path: &Path, micros: u64) -> Result<()> {
    let mut bytes = fs::read(path)?;
    let patched = (|| {
        let (duration_at, size, scale) = find_duration(&bytes)?;
        let ticks = micros as f64 * 1000.0 / scale as f64;
        match size {
            4 => bytes[duration_at..duration_at + 4].copy_from_slice(&(ticks as f32).to_be_bytes()),
            8 => bytes[duration_at..duration_at + 8].copy_from_slice(&ticks.to_be_bytes()),
            _ => return None,
        }
        Some(())
    })();
    if patched.is_none() {
        return Err(Failure::failed(
            "ffmpeg wrote a Matroska file without a duration framekit can set; nothing was \
             written",
        )
        .into());
    }
    fs::write(path, bytes)?;
    Ok(())
}

/// Where Info's Duration payload is, its size, and the TimestampScale in nanoseconds.
fn find_duration(bytes: &[u8]) -> Option<(usize, usize, u64)> {
    let mut at = 0;
    // Top level: the EBML header, then the Segment.
    while at < bytes.len() {
        let (id, size, payload) = element(bytes, at)?;
        if id == SEGMENT {
            return in_segment(bytes, payload, size.map_or(bytes.len(), |s| payload + s));
        }
        at = payload.checked_add(size?)?;
    }
    None
}

fn in_segment(bytes: &[u8], mut at: usize, end: usize) -> Option<(usize, usize, u64)> {
    while at < end.min(bytes.len()) {
        let (id, size, payload) = element(bytes, at)?;
        let size = size?;
        if id == INFO {
            return in_info(bytes, payload, payload.checked_add(size)?);
        }
        at = payload.checked_add(size)?;
    }
    None
}

fn in_info(bytes: &[u8], mut at: usize, end: usize) -> Option<(usize, usize, u64)> {
    let mut scale = DEFAULT_SCALE_NS;
    let mut duration = None;
    while at < end.min(bytes.len()) {
        let (id, size, payload) = element(bytes, at)?;
        let size = size?;
        let data = bytes.get(payload..payload.checked_add(size)?)?;
        match id {
            TIMESTAMP_SCALE => {
                scale = data.iter().fold(0u64, |v, &b| v << 8 | u64::from(b)).max(1);
            }
            DURATION => duration = Some((payload, size)),
            _ => {}
        }
        at = payload + size;
    }
    duration.map(|(at, size)| (at, size, scale))
}

/// An element at `at`: its id, its size (None when unknown), and where its payload starts.
fn element(bytes: &[u8], at: usize) -> Option<(u32, Option<usize>, usize)> {
    let first = *bytes.get(at)?;
    let id_length = first.leading_zeros() as usize + 1;
    if id_length > 4 {
        return None;
    }
    let id = bytes
        .get(at..at + id_length)?
        .iter()
        .fold(0u32, |v, &b| v << 8 | u32::from(b));
    let size_at = at + id_length;
    let first = *bytes.get(size_at)?;
    let size_length = first.leading_zeros() as usize + 1;
    if size_length > 8 {
        return None;
    }
    let mut size = u64::from(first) & (0xff >> size_length);
    let mut unknown = size == (0xff >> size_length);
    for &byte in bytes.get(size_at + 1..size_at + size_length)? {
        size = size << 8 | u64::from(byte);
        unknown &= byte == 0xff;
    }
    let size = (!unknown).then_some(usize::try_from(size).ok()?);
    Some((id, size, size_at + size_length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_duration_is_found_behind_other_elements_and_set() {
        // EBML header (empty), Segment (unknown size) holding a Void and Info.
        let info = [
            vec![0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40], // TimestampScale 1,000,000
            vec![0x44, 0x89, 0x88],
            1000.0f64.to_be_bytes().to_vec(),
        ]
        .concat();
        let bytes = [
            vec![0x1a, 0x45, 0xdf, 0xa3, 0x80],
            vec![
                0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            ],
            vec![0xec, 0x82, 0x00, 0x00],
            vec![0x15, 0x49, 0xa9, 0x66, 0x80 | info.len() as u8],
            info,
        ]
        .concat();
        let (at, size, scale) = find_duration(&bytes).unwrap();
        assert_eq!((size, scale), (8, 1_000_000));
        assert_eq!(
            f64::from_be_bytes(bytes[at..at + 8].try_into().unwrap()),
            1000.0
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mkv");
        fs::write(&path, &bytes).unwrap();
        set(&path, 2_900_000).unwrap();
        let patched = fs::read(&path).unwrap();
        assert_eq!(
            f64::from_be_bytes(patched[at..at + 8].try_into().unwrap()),
            2900.0
        );
        assert!(find_duration(b"not matroska").is_none());
    }
}
