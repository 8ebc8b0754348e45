//! `framekit stitch DIR1 DIR2 ...`: folders side by side. Each output is decoded (ffmpeg,
//! and the `image` crate for GIF), each cell cropped, and the index its frame carries read
//! there: frame i of every folder in its own cell, fitted without distortion.
//!
//! `cells` (where each panel's frames land, in every layout), `counts` (folders of
//! different lengths), `refusals` (usage errors, nothing written), `titles` (the folder's
//! name above each panel).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::frames::{write_frame, BITS};
use crate::support::images::animation_frames;
use crate::support::run::{fails, framekit_ok};
use crate::support::video::gray;

mod cells;
mod counts;
mod refusals;
mod titles;

/// A folder `name` of frames `width` x `height` carrying the indices `first`, `first + 1`...
fn folder(dir: &Path, name: &str, count: u32, first: u32, size: (u32, u32)) -> PathBuf {
    let folder = dir.join(name);
    fs::create_dir_all(&folder).unwrap();
    for i in 0..count {
        write_frame(
            &folder.join(format!("f_{i:03}.png")),
            first + i,
            size.0,
            size.1,
        );
    }
    folder
}

/// A rectangle of a decoded frame: where a panel's frame must be.
#[derive(Debug, Clone, Copy)]
struct Place {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

/// The index a frame carries, read at its bars' places inside `place` of a gray frame
/// `frame_width` wide (as `support::video::indices` reads a whole frame).
fn index_at(gray: &[u8], frame_width: u32, place: Place) -> u32 {
    let bar = place.width / (BITS + 2);
    let y = place.y + place.height / 4;
    (0..BITS).fold(0, |value, b| {
        let x = place.x + (b + 1) * bar + bar / 2;
        value << 1 | u32::from(gray[(y * frame_width + x) as usize] > 128)
    })
}

/// The brightest gray level inside `place`.
fn brightest(gray: &[u8], frame_width: u32, place: Place) -> u8 {
    (place.y..place.y + place.height)
        .flat_map(|y| (place.x..place.x + place.width).map(move |x| (x, y)))
        .map(|(x, y)| gray[(y * frame_width + x) as usize])
        .max()
        .unwrap()
}

/// Every frame of `video` (decoded by ffmpeg to gray, `size` each): the index in each place.
fn indices_in(video: &Path, size: (u32, u32), places: &[Place]) -> Vec<Vec<u32>> {
    let gray = gray(video);
    let frame = (size.0 * size.1) as usize;
    assert_eq!(gray.len() % frame, 0, "whole frames of {size:?}");
    gray.chunks(frame)
        .map(|f| places.iter().map(|&p| index_at(f, size.0, p)).collect())
        .collect()
}

/// An animation's frames as the `image` crate shows them (gray as the bars' mean), the
/// index in each place.
fn animation_indices_in(path: &Path, places: &[Place]) -> Vec<Vec<u32>> {
    animation_frames(path)
        .iter()
        .map(|shown| {
            let width = shown.image.width();
            let gray: Vec<u8> = (shown.image.pixels())
                .map(|p| ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8)
                .collect();
            places.iter().map(|&p| index_at(&gray, width, p)).collect()
        })
        .collect()
}
