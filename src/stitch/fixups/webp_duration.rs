//! The last frame's duration in an animated WebP of frames with their own times
//! (`--durations`, `--hold-last`, `--timestamps`). ffmpeg's libwebp_anim encoder writes its
//! own guess there (the mean of the others; seen with ffmpeg 5.1, whose frames also lose
//! their durations before the encoder), so framekit sets it in the finished file, whatever
//! the version: the 24-bit duration of the last ANMF chunk (its payload's bytes 12 to 14,
//! in milliseconds). Also the frame count `verify` checks: ffmpeg 7 and later report
//! libwebp_anim's output as one frame (one packet at the end), so the file's ANMF chunks
//! are counted instead.

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;

/// Sets the last frame of the WebP at `path` to last `micros`.
pub fn set_last(path: &Path, micros: u64) -> Result<()> {
    let mut bytes = fs::read(path)?;
    let Some(at) = last_anmf(&bytes) else {
        return Err(Failure::failed(
            "ffmpeg wrote a WebP without animation frames; nothing was written",
        )
        .into());
    };
    let millis = ((micros + 500) / 1000).min(0xFF_FFFF) as u32;
    bytes[at + 12..at + 15].copy_from_slice(&millis.to_le_bytes()[..3]);
    fs::write(path, bytes)?;
    Ok(())
}

/// Where the payload of the last ANMF chunk starts.
fn last_anmf(bytes: &[u8]) -> Option<usize> {
    anmf_payloads(bytes)?.last().copied()
}

/// How many of the `expected` frames an animated WebP shows, for ffmpeg 7 and later, which
/// count libwebp_anim's output as one frame: libwebp stores consecutive equal frames once,
/// their durations added, and an animation of one picture as a still image. So the file
/// shows every frame when it holds no more frames than expected and its durations add up
/// to the animation's (`total_millis`; each frame's rounded to a millisecond), or when it is
/// a still (every frame was the same picture); else its ANMF chunks are the count. None
/// when it is no WebP.
pub fn shown_frames(path: &Path, expected: u64, total_millis: f64) -> Option<u64> {
    let bytes = fs::read(path).ok()?;
    let frames = anmf_payloads(&bytes)?;
    if frames.is_empty() {
        return Some(expected);
    }
    let millis: u64 = frames
        .iter()
        .map(|&at| {
            u64::from(u32::from_le_bytes([
                bytes[at + 12],
                bytes[at + 13],
                bytes[at + 14],
                0,
            ]))
        })
        .sum();
    let rounding = expected as f64 + 1.0;
    let whole = frames.len() as u64 <= expected && (millis as f64 - total_millis).abs() <= rounding;
    Some(if whole { expected } else { frames.len() as u64 })
}

/// Where each ANMF chunk's payload starts.
fn anmf_payloads(bytes: &[u8]) -> Option<Vec<usize>> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let mut at = 12;
    let mut found = Vec::new();
    while at + 8 <= bytes.len() {
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        if &bytes[at..at + 4] == b"ANMF" && at + 8 + 15 <= bytes.len() {
            found.push(at + 8);
        }
        at = at.checked_add(8 + size + (size & 1))?;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(fourcc: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let size = (payload.len() as u32).to_le_bytes();
        let pad = if payload.len() % 2 == 1 {
            vec![0]
        } else {
            vec![]
        };
        [fourcc.as_slice(), &size, payload, &pad].concat()
    }

    #[test]
    fn the_last_frame_is_found_across_chunks_of_any_size() {
        let frame = vec![0u8; 16];
        let body = [
            b"WEBP".to_vec(),
            chunk(b"VP8X", &[0; 10]),
            chunk(b"ANIM", &[0; 6]),
            chunk(b"ANMF", &frame),
            chunk(b"ANMF", &[frame.clone(), vec![7]].concat()),
        ]
        .concat();
        let bytes = [
            b"RIFF".as_slice(),
            &(body.len() as u32).to_le_bytes(),
            &body,
        ]
        .concat();
        let at = last_anmf(&bytes).unwrap();
        assert_eq!(anmf_payloads(&bytes).unwrap().len(), 2);
        assert_eq!(bytes.len() - at, 17 + 1);
        assert_eq!(last_anmf(b"RIFF\0\0\0\0WEBX"), None);
        assert_eq!(last_anmf(b""), None);
    }

    #[test]
    fn merged_equal_frames_count_as_shown_and_a_lost_one_does_not() {
        let frame = |millis: u32| {
            let mut payload = vec![0u8; 16];
            payload[12..15].copy_from_slice(&millis.to_le_bytes()[..3]);
            chunk(b"ANMF", &payload)
        };
        let webp = |frames: &[u32]| {
            let mut body = [b"WEBP".to_vec(), chunk(b"ANIM", &[0; 6])].concat();
            for &millis in frames {
                body.extend(frame(millis));
            }
            [
                b"RIFF".as_slice(),
                &(body.len() as u32).to_le_bytes(),
                &body,
            ]
            .concat()
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.webp");
        // Three frames of 40 ms, the last two equal: stored as 40 + 80 ms.
        std::fs::write(&path, webp(&[40, 80])).unwrap();
        assert_eq!(shown_frames(&path, 3, 120.0), Some(3));
        // One of three lost: 80 ms of 120.
        std::fs::write(&path, webp(&[40, 40])).unwrap();
        assert_eq!(shown_frames(&path, 3, 120.0), Some(2));
        // A still: every frame was the same picture.
        let still = [
            b"RIFF".as_slice(),
            &12u32.to_le_bytes(),
            b"WEBP",
            &chunk(b"VP8L", &[0; 4]),
        ]
        .concat();
        std::fs::write(&path, still).unwrap();
        assert_eq!(shown_frames(&path, 3, 120.0), Some(3));
        std::fs::write(&path, b"not a webp").unwrap();
        assert_eq!(shown_frames(&path, 3, 120.0), None);
    }
}
