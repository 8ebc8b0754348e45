//! An animated WebP's frames, each decoded by the `image` crate as a still image and drawn
//! on the canvas here, exactly: the `image` crate's own animation decoder (image-webp 0.2,
//! `alpha_blending.rs`) blends an opaque pixel one level dark (x 255 x floor(2^24 / 255)
//! >> 24), which would hide whether the encoder kept the pixel.

use std::path::Path;

/// Every frame of the animated WebP at `path` as the canvas shows it, RGBA, one after
/// another. A lossless encoder blends only to keep the pixel below (alpha 0) or to draw an
/// opaque one; any other blend is reported as an error.
pub fn webp_canvas_frames(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).unwrap();
    let (width, height) = canvas_size(&bytes);
    let mut canvas = vec![0u8; width * height * 4];
    let mut shown = Vec::new();
    let mut dispose: Option<(usize, usize, usize, usize)> = None;
    for (_, payload) in chunks(&bytes[12..]).filter(|(name, _)| name == b"ANMF") {
        if let Some((x0, y0, w, h)) = dispose.take() {
            for y in y0..y0 + h {
                canvas[(y * width + x0) * 4..(y * width + x0 + w) * 4].fill(0);
            }
        }
        let number = |at: usize| {
            usize::from(payload[at])
                | usize::from(payload[at + 1]) << 8
                | usize::from(payload[at + 2]) << 16
        };
        let (x0, y0) = (number(0) * 2, number(3) * 2);
        let (w, h) = (number(6) + 1, number(9) + 1);
        let flags = payload[15];
        let blend = flags & 2 == 0;
        // The frame's own chunks (VP8L, or ALPH and VP8) make a still WebP.
        let data = &payload[16..];
        let riff_size = (data.len() + 4) as u32;
        let still = [b"RIFF", &riff_size.to_le_bytes()[..], b"WEBP", data].concat();
        let frame = image::load_from_memory(&still)
            .map_err(|e| format!("frame: {e}"))?
            .to_rgba8();
        for y in 0..h {
            for x in 0..w {
                let src = frame.get_pixel(x as u32, y as u32).0;
                let at = ((y0 + y) * width + x0 + x) * 4;
                match (blend, src[3]) {
                    (true, 0) => {}
                    (true, 255) | (false, _) => canvas[at..at + 4].copy_from_slice(&src),
                    (true, alpha) => return Err(format!("a blend at alpha {alpha}")),
                }
            }
        }
        if flags & 1 == 1 {
            dispose = Some((x0, y0, w, h));
        }
        shown.extend(&canvas);
    }
    Ok(shown)
}

/// The canvas's width and height, from the VP8X chunk.
fn canvas_size(bytes: &[u8]) -> (usize, usize) {
    let (_, vp8x) = chunks(&bytes[12..])
        .find(|(name, _)| name == b"VP8X")
        .expect("an animated WebP has a VP8X chunk");
    let number = |at: usize| {
        usize::from(vp8x[at]) | usize::from(vp8x[at + 1]) << 8 | usize::from(vp8x[at + 2]) << 16
    };
    (number(4) + 1, number(7) + 1)
}

/// The chunks of a RIFF body: each one's name and payload.
fn chunks(mut body: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    std::iter::from_fn(move || {
        let name: [u8; 4] = body.get(..4)?.try_into().ok()?;
        let size = u32::from_le_bytes(body.get(4..8)?.try_into().ok()?) as usize;
        let payload = body.get(8..8 + size)?;
        body = body.get(8 + size + size % 2..).unwrap_or(&[]);
        Some((name, payload))
    })
}
