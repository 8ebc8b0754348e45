//! Each GIF frame's disposal, set right after ffmpeg wrote the file.
//!
//! ffmpeg's GIF encoder chooses a frame's disposal (what happens after it is shown) from the
//! frame itself: "restore to background" for a frame with transparent pixels, "leave in
//! place" for the others, which it stores as what changed since the frame before, the rest
//! transparent ("keep what is there"). But a disposal decides what the *next* frame is drawn
//! on: after a transparent frame, an opaque one stored as changes shows holes where the
//! canvas was cleared (a matplotlib `transparent=True` plot among opaque ones: every later
//! frame had holes in browsers, Pillow and ImageMagick). The right disposal of frame k is
//! the one ffmpeg gave frame k+1. A frame cleared to background must cover the canvas, so a
//! file with frames cut to what changed is made again without that (`-gifflags
//! -offsetting`) before the disposals are set.
//!
//! The bug is ffmpeg's GIF encoder's, measured on ffmpeg 5.1 and 7.0 (the research behind
//! the GIF work). framekit checks every GIF that keeps transparency, whatever the version,
//! and leaves one whose disposals all agree as ffmpeg wrote it (`Verdict::Right`).

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;

/// Disposal 1: leave the frame in place. 2: restore its area to the background.
const LEAVE: u8 = 1;
const RESTORE: u8 = 2;

/// What a GIF's frames need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every frame has the same disposal: nothing to do.
    Right,
    /// Mixed disposals, every frame covering the canvas: set them (`shift`).
    Shift,
    /// Mixed disposals and frames cut smaller than the canvas: encode again with
    /// `-gifflags -offsetting`, then shift.
    EncodeWhole,
}

/// One frame: where its Graphic Control Extension's packed byte is, and its rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Frame {
    control: Option<usize>,
    covers_canvas: bool,
}

/// What the GIF at `path` needs.
pub fn verdict(path: &Path) -> Result<Verdict> {
    let bytes = fs::read(path)?;
    let frames = frames(&bytes).ok_or_else(unreadable)?;
    let disposals: Vec<u8> = frames
        .iter()
        .filter_map(|f| f.control.map(|at| disposal(bytes[at])))
        .collect();
    if disposals.windows(2).all(|pair| pair[0] == pair[1]) {
        return Ok(Verdict::Right);
    }
    Ok(if frames.iter().all(|f| f.covers_canvas) {
        Verdict::Shift
    } else {
        Verdict::EncodeWhole
    })
}

/// Gives each frame of the GIF at `path` the disposal ffmpeg gave the next one (the last
/// frame takes the first's, for the next loop).
pub fn shift(path: &Path) -> Result<()> {
    let mut bytes = fs::read(path)?;
    let frames = frames(&bytes).ok_or_else(unreadable)?;
    let wanted: Vec<u8> = frames
        .iter()
        .map(|f| f.control.map_or(LEAVE, |at| disposal(bytes[at])))
        .collect();
    for (k, frame) in frames.iter().enumerate() {
        if let Some(at) = frame.control {
            let next = wanted[(k + 1) % wanted.len()];
            let next = if next == RESTORE { RESTORE } else { LEAVE };
            bytes[at] = (bytes[at] & !(7 << 2)) | (next << 2);
        }
    }
    fs::write(path, bytes)?;
    Ok(())
}

fn disposal(packed: u8) -> u8 {
    (packed >> 2) & 7
}

fn unreadable() -> anyhow::Error {
    Failure::failed("ffmpeg wrote a GIF framekit cannot read back; nothing was written").into()
}

/// The frames of a GIF, walking its blocks; None for a file that is not one.
fn frames(bytes: &[u8]) -> Option<Vec<Frame>> {
    if !matches!(bytes.get(..6)?, b"GIF89a" | b"GIF87a") {
        return None;
    }
    let width = u16::from_le_bytes([*bytes.get(6)?, *bytes.get(7)?]);
    let height = u16::from_le_bytes([*bytes.get(8)?, *bytes.get(9)?]);
    let flags = *bytes.get(10)?;
    let mut at = 13 + colour_table(flags);
    let mut control = None;
    let mut frames = Vec::new();
    loop {
        match *bytes.get(at)? {
            0x3B => return Some(frames),
            0x21 => {
                if *bytes.get(at + 1)? == 0xF9 {
                    // Block size (4), then the packed byte.
                    control = Some(at + 3);
                    bytes.get(at + 3)?;
                }
                at = skip_sub_blocks(bytes, at + 2)?;
            }
            0x2C => {
                let field = |i: usize| {
                    Some(u16::from_le_bytes([
                        *bytes.get(at + i)?,
                        *bytes.get(at + i + 1)?,
                    ]))
                };
                let rect = (field(1)?, field(3)?, field(5)?, field(7)?);
                let local = *bytes.get(at + 9)?;
                // The descriptor (10), the local colour table, the LZW minimum code size (1).
                let data = at + 10 + colour_table(local) + 1;
                at = skip_sub_blocks(bytes, data)?;
                frames.push(Frame {
                    control: control.take(),
                    covers_canvas: rect == (0, 0, width, height),
                });
            }
            _ => return None,
        }
    }
}

fn colour_table(flags: u8) -> usize {
    if flags & 0x80 != 0 {
        3 * (2 << (flags & 7))
    } else {
        0
    }
}

/// The position after the sub-blocks that start at `at` (each a length, then that many
/// bytes, ending with a length of 0).
fn skip_sub_blocks(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let length = *bytes.get(at)? as usize;
        at += 1 + length;
        if length == 0 {
            return Some(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GIF of 2x2 with frames of (disposal, covers the canvas).
    fn gif(frames: &[(u8, bool)]) -> Vec<u8> {
        let mut bytes = b"GIF89a\x02\x00\x02\x00\x80\x00\x00".to_vec();
        bytes.extend([0u8; 6]); // a global colour table of 2
        for &(disposal, whole) in frames {
            bytes.extend([0x21, 0xF9, 0x04, disposal << 2, 0x0A, 0x00, 0x00, 0x00]);
            let size = if whole { 2 } else { 1 };
            bytes.extend([0x2C, 0, 0, 0, 0, size, 0, size, 0, 0x00]);
            bytes.extend([0x02, 0x02, 0x44, 0x01, 0x00]); // code size 2, one sub-block
        }
        bytes.push(0x3B);
        bytes
    }

    #[test]
    fn disposals_move_to_the_frame_before_and_crops_need_whole_frames() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.gif");
        fs::write(&path, gif(&[(1, true), (2, true), (1, true)])).unwrap();
        assert_eq!(verdict(&path).unwrap(), Verdict::Shift);
        shift(&path).unwrap();
        let read: Vec<u8> = frames(&fs::read(&path).unwrap())
            .unwrap()
            .iter()
            .map(|f| disposal(fs::read(&path).unwrap()[f.control.unwrap()]))
            .collect();
        assert_eq!(read, [2, 1, 1]);
        fs::write(&path, gif(&[(1, true), (2, true), (1, false)])).unwrap();
        assert_eq!(verdict(&path).unwrap(), Verdict::EncodeWhole);
        fs::write(&path, gif(&[(1, true), (1, false)])).unwrap();
        assert_eq!(verdict(&path).unwrap(), Verdict::Right);
        assert!(frames(b"GIF89a").is_none());
        assert!(frames(b"PNG").is_none());
    }
}
