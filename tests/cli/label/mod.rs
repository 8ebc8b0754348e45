//! `stitch --label`: the text framekit draws, found by decoding the output. The label's box
//! where `--label-at` puts it and nothing else changed (`placement`), each frame its own
//! label in every format and on every route, with times of their own too (`frames`), and
//! bad templates refused before any work, the labels' folder gone after every run
//! (`refusals`).

use std::fs;
use std::path::Path;

use crate::support::images::animation_frames;
use crate::support::run::{fails, framekit, framekit_ok, stderr};
use crate::support::video::{ffmpeg, fps_mode};

mod frames;
mod placement;
mod refusals;

/// The frames' size in most tests, and where a label goes on it: 1/20 of the height, at
/// least 12 px (12 here), half its height in from the edges.
const WIDTH: u32 = 320;
const HEIGHT: u32 = 240;
const LABEL: u32 = 12;
const MARGIN: u32 = 6;

/// A flat colour, so that the label is the only detail.
const FLAT: [u8; 3] = [200, 180, 160];

/// `count` identical flat frames `f_000.png`... of WIDTH x HEIGHT in `dir/frames`.
fn flat_frames(dir: &Path, count: u32) {
    flat_frames_sized(dir, count, WIDTH, HEIGHT);
}

/// [`flat_frames`] of `width` x `height`.
fn flat_frames_sized(dir: &Path, count: u32, width: u32, height: u32) {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        let file = fs::File::create(frames.join(format!("f_{index:03}.png"))).unwrap();
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let pixels: Vec<u8> = FLAT.repeat((width * height) as usize);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&pixels)
            .unwrap();
    }
}

/// Every frame of a video or image, as RGB decoded by ffmpeg, one Vec a frame.
fn decoded_frames(path: &Path, width: u32, height: u32) -> Vec<Vec<u8>> {
    let bytes = ffmpeg(&[
        "-i",
        path.to_str().unwrap(),
        fps_mode(),
        "passthrough",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
    ]);
    let size = (width * height * 3) as usize;
    assert_eq!(bytes.len() % size, 0, "whole frames of {width}x{height}");
    bytes.chunks(size).map(<[u8]>::to_vec).collect()
}

/// An RGB pixel of a frame `width` wide.
fn pixel(frame: &[u8], width: u32, x: u32, y: u32) -> [u8; 3] {
    let at = ((y * width + x) * 3) as usize;
    [frame[at], frame[at + 1], frame[at + 2]]
}

/// The smallest rectangle (x0, y0, x1, y1; ends excluded) holding every pixel that differs
/// by more than `tolerance` between two frames; None when none does.
fn changed(a: &[u8], b: &[u8], width: u32, tolerance: u8) -> Option<(u32, u32, u32, u32)> {
    let mut found: Option<(u32, u32, u32, u32)> = None;
    for (i, (pa, pb)) in a.chunks(3).zip(b.chunks(3)).enumerate() {
        if pa.iter().zip(pb).any(|(x, y)| x.abs_diff(*y) > tolerance) {
            let (x, y) = (i as u32 % width, i as u32 / width);
            found = Some(match found {
                None => (x, y, x + 1, y + 1),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1)),
            });
        }
    }
    found
}

/// The pixels of a rectangle of a frame, row by row.
fn crop(frame: &[u8], width: u32, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> Vec<u8> {
    (y0..y1)
        .flat_map(|y| (x0..x1).flat_map(move |x| pixel(frame, width, x, y)))
        .collect()
}

/// The box's colour over FLAT: black at alpha 160/255.
fn boxed(level: u8) -> u8 {
    (f64::from(level) * (1.0 - 160.0 / 255.0)).round() as u8
}

/// Whether a pixel is the label's box over FLAT (within `tolerance` levels).
fn is_box(rgb: [u8; 3], tolerance: u8) -> bool {
    rgb.iter()
        .zip(FLAT)
        .all(|(got, flat)| got.abs_diff(boxed(flat)) <= tolerance)
}
