//! `framekit sheet` against the real ffmpeg: every sheet decoded (by the `image` crate, not
//! by ffmpeg) and its tiles compared with the frames `framekit split --count` writes, each
//! tile's frame also read from the bars it carries (`support::frames`).
//!
//! One module a topic: `video` (a video's tiles, times, header, captions; JPEG and WebP),
//! `folder` (`sheet DIR`: which files, captions), `refusals` (usage errors, no-clobber,
//! `--force`, failures that leave nothing behind, the dry run).
//!
//! The sheet's geometry is the documented one (docs/sheet.md, "Layout"): tiles `GAP`
//! pixels apart and from the edges, the header band `width/45` (18 to 40) pixels tall,
//! each caption band `tile/9` (12 to 22) under its tile.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::frames::{write_frames, BITS};
use crate::support::run::{fails, framekit, framekit_ok, stderr};
use crate::support::tree::tree;
use crate::support::video::tool;

mod folder;
mod refusals;
mod video;

const GAP: u32 = 6;
const BACKGROUND: [u8; 3] = [28, 28, 28];

/// The frames' size: 240 wide, so that a tile of 240 shows them unscaled.
const FRAME_W: u32 = 240;
const FRAME_H: u32 = 120;

/// The sheet width that makes `columns` tiles exactly `FRAME_W` wide.
fn sheet_width(columns: u32) -> u32 {
    FRAME_W * columns + GAP * (columns + 1)
}

/// A 25 fps H.264 video of `count` frames, each carrying its index as bars, a key frame
/// every 10 (so that split --count seeks), as `dir/movie.mp4`.
fn index_video(dir: &Path, count: u32) -> PathBuf {
    write_frames(dir, count, FRAME_W, FRAME_H);
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-framerate",
            "25",
            "-i",
            "frames/frame_%03d.png",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-crf",
            "12",
            "-g",
            "10",
            "-y",
            "movie.mp4",
        ],
        dir,
    );
    fs::remove_dir_all(dir.join("frames")).unwrap();
    dir.join("movie.mp4")
}

/// A decoded sheet and where its parts are.
struct Sheet {
    image: image::RgbImage,
    columns: u32,
    tile_w: u32,
    tile_h: u32,
}

impl Sheet {
    fn open(path: &Path, columns: u32, tile_h: u32) -> Sheet {
        let image = image::open(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .to_rgb8();
        let tile_w = (image.width() - GAP * (columns + 1)) / columns;
        Sheet {
            image,
            columns,
            tile_w,
            tile_h,
        }
    }

    fn header_h(&self) -> u32 {
        (self.image.width() / 45).clamp(18, 40)
    }

    fn caption_h(&self) -> u32 {
        (self.tile_w / 9).clamp(12, 22)
    }

    /// The top left corner of tile `k` (from 0, row by row).
    fn tile_origin(&self, k: u32) -> (u32, u32) {
        let (column, row) = (k % self.columns, k / self.columns);
        let step = self.tile_h + self.caption_h() + GAP;
        (
            GAP + column * (self.tile_w + GAP),
            2 * GAP + self.header_h() + row * step,
        )
    }

    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        self.image.get_pixel(x, y).0
    }

    /// Tile `k`'s pixels, `w` x `h` from its corner.
    fn tile(&self, k: u32, w: u32, h: u32) -> Vec<u8> {
        let (x0, y0) = self.tile_origin(k);
        let mut pixels = Vec::new();
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                pixels.extend(self.pixel(x, y));
            }
        }
        pixels
    }

    /// The frame index tile `k` shows, read from its bars (frames `FRAME_W` wide, unscaled).
    fn index_of(&self, k: u32) -> u32 {
        let (x0, y0) = self.tile_origin(k);
        let bar = FRAME_W / (BITS + 2);
        (0..BITS).fold(0, |value, b| {
            let [r, g, b_] = self.pixel(x0 + (b + 1) * bar + bar / 2, y0 + FRAME_H / 4);
            let level = (u32::from(r) + u32::from(g) + u32::from(b_)) / 3;
            value << 1 | u32::from(level > 128)
        })
    }

    /// Whether some pixel in the band is near white: text drawn there.
    fn has_text(&self, x0: u32, y0: u32, w: u32, h: u32) -> bool {
        (y0..y0 + h).any(|y| (x0..x0 + w).any(|x| self.pixel(x, y).iter().all(|&c| c > 200)))
    }

    /// Whether every pixel of the band is the background.
    fn is_background(&self, x0: u32, y0: u32, w: u32, h: u32) -> bool {
        (y0..y0 + h).all(|y| (x0..x0 + w).all(|x| self.pixel(x, y) == BACKGROUND))
    }

    /// The pixels of the caption band under tile `k`.
    fn caption_pixels(&self, k: u32) -> Vec<u8> {
        let (x0, y0, w, h) = self.caption_band(k);
        let mut pixels = Vec::new();
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                pixels.extend(self.pixel(x, y));
            }
        }
        pixels
    }

    /// The caption band under tile `k`: (x, y, w, h).
    fn caption_band(&self, k: u32) -> (u32, u32, u32, u32) {
        let (x, y) = self.tile_origin(k);
        (x, y + self.tile_h, self.tile_w, self.caption_h())
    }
}

/// The RGB pixels of a PNG, by the `image` crate.
fn png_rgb(path: &Path) -> (u32, u32, Vec<u8>) {
    let image = image::open(path).unwrap().to_rgb8();
    (image.width(), image.height(), image.into_raw())
}

/// Mean absolute difference of two pixel buffers of one size.
fn mean_difference(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let total: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    total as f64 / a.len() as f64
}

/// The JSON report on stdout.
fn report(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Names in `dir` that start with a dot: framekit's temporary files and folders.
fn hidden_entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect()
}
