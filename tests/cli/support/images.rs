//! Decoding animated images (WebP, APNG, GIF) with the `image` crate: a decoder that follows
//! each format's own rules (disposal, blending, transparency), independent of ffmpeg, whose
//! GIF decoder hides holes that browsers show and which cannot decode animated WebP at all.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::time::Duration;

use image::codecs::gif::GifDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::{AnimationDecoder, Frames, RgbaImage};

use super::frames::BITS;

/// One frame as a viewer shows it (composited onto the canvas), and how long.
pub struct Shown {
    pub image: RgbaImage,
    pub delay: Duration,
}

/// Every frame of an animated WebP, APNG or GIF (by its extension), as a viewer shows them.
pub fn animation_frames(path: &Path) -> Vec<Shown> {
    let reader = || BufReader::new(File::open(path).unwrap());
    let extension = path.extension().unwrap().to_str().unwrap();
    let frames: Frames = match extension {
        "webp" => WebPDecoder::new(reader()).unwrap().into_frames(),
        "apng" | "png" => PngDecoder::new(reader())
            .unwrap()
            .apng()
            .unwrap()
            .into_frames(),
        "gif" => GifDecoder::new(reader()).unwrap().into_frames(),
        other => panic!("not an animation: .{other}"),
    };
    frames
        .map(|frame| {
            let frame = frame.unwrap();
            let (numerator, denominator) = frame.delay().numer_denom_ms();
            Shown {
                delay: Duration::from_secs_f64(f64::from(numerator) / f64::from(denominator) / 1e3),
                image: frame.into_buffer(),
            }
        })
        .collect()
}

/// The index a frame carries in its top half, read at its bars' places whatever its width.
pub fn index_of(frame: &Shown) -> u32 {
    let width = frame.image.width() as f64;
    let bar = width / f64::from(BITS + 2);
    let y = frame.image.height() / 4;
    (0..BITS).fold(0, |value, b| {
        let x = (f64::from(b + 1) * bar + bar / 2.0) as u32;
        let [r, g, b, _] = frame.image.get_pixel(x, y).0;
        let light = u32::from(r) + u32::from(g) + u32::from(b) > 3 * 128;
        value << 1 | u32::from(light)
    })
}

/// How many times an animation plays, as its file says: None for forever. WebP and APNG
/// store plays; GIF's NETSCAPE block stores repeats (no block: one play).
pub fn plays(path: &Path) -> Option<u32> {
    let bytes = std::fs::read(path).unwrap();
    match path.extension().unwrap().to_str().unwrap() {
        "webp" => {
            let at = find(&bytes, b"ANIM").expect("an ANIM chunk");
            // ANIM: size (4), background colour (4), loop count (2).
            let count = u16::from_le_bytes([bytes[at + 12], bytes[at + 13]]);
            (count != 0).then_some(u32::from(count))
        }
        "apng" | "png" => {
            let at = find(&bytes, b"acTL").expect("an acTL chunk");
            // acTL: num_frames (4), num_plays (4).
            let count = u32::from_be_bytes(bytes[at + 8..at + 12].try_into().unwrap());
            (count != 0).then_some(count)
        }
        "gif" => match find(&bytes, b"NETSCAPE2.0") {
            None => Some(1),
            Some(at) => {
                // The sub-block: size 3, id 1, repeats (2, little-endian).
                let repeats = u16::from_le_bytes([bytes[at + 13], bytes[at + 14]]);
                (repeats != 0).then_some(u32::from(repeats) + 1)
            }
        },
        other => panic!("not an animation: .{other}"),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
