//! `--lossless` means exact: every frame framekit accepts decodes back to the same pixels,
//! alpha included, in every container `--lossless` offers; what cannot be exact is refused
//! before any work, naming the file, what it holds and what would work.
//!
//! The truth is an independent decoder's view of each input (the `image` crate for PNG;
//! ffmpeg's own YUV planes for JPEG, which is what the JPEG stores), compared with the
//! output decoded by ffmpeg (and for APNG and WebP by the `image` crate too).

mod jpegs;
mod png_kinds;
mod pngs;
mod tiny;
mod webp_frames;

use std::path::{Path, PathBuf};

use crate::support::run::framekit_ok;
use crate::support::video::{ffmpeg, fps_mode};

/// Every sample of a PNG (or an APNG's first frame) as RGBA, as the `image` crate decodes it (tRNS made alpha, low
/// depths scaled to the full range): at 16 bits when `deep`, else at 8.
pub fn png_rgba(path: &Path, deep: bool) -> Vec<u16> {
    let image = image::load_from_memory(&std::fs::read(path).unwrap()).unwrap();
    if deep {
        image.to_rgba16().into_raw()
    } else {
        image.to_rgba8().iter().map(|v| u16::from(*v)).collect()
    }
}

/// Every frame of `video` as RGBA, decoded by ffmpeg: at 16 bits when `deep`, else at 8
/// (ffmpeg's scaler widens 8 bits to 16 inexactly, 221 to 56576, not 221 x 257).
pub fn decoded_rgba(video: &Path, deep: bool) -> Vec<u16> {
    let format = if deep { "rgba64le" } else { "rgba" };
    let bytes = ffmpeg(&[
        "-i",
        video.to_str().unwrap(),
        fps_mode(),
        "passthrough",
        "-f",
        "rawvideo",
        "-pix_fmt",
        format,
        "-",
    ]);
    if deep {
        bytes
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect()
    } else {
        bytes.iter().map(|v| u16::from(*v)).collect()
    }
}

/// Stitches `dir/frames` with `--lossless` into `output` and returns its path.
pub fn stitch_lossless(dir: &Path, output: &str) -> PathBuf {
    framekit_ok(
        dir,
        &["stitch", "frames", "-o", output, "--lossless", "--force"],
    );
    dir.join(output)
}

/// The first place two pixel lists differ, as "pixel N: got .. want ..", or None.
pub fn first_difference(got: &[u16], want: &[u16]) -> Option<String> {
    if got.len() != want.len() {
        return Some(format!("{} samples, want {}", got.len(), want.len()));
    }
    let at = got
        .chunks(4)
        .zip(want.chunks(4))
        .position(|(g, w)| g != w)?;
    Some(format!(
        "pixel {at}: got {:?}, want {:?}",
        &got[at * 4..at * 4 + 4],
        &want[at * 4..at * 4 + 4]
    ))
}
