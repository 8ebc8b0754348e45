//! Helpers shared by the integration tests: frames that carry their own index, and
//! decoding it back out of a video with the real ffmpeg.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

/// Bits of index a frame carries, as black and white bars.
pub const BITS: u32 = 10;

/// framekit, run in `dir`, not told where ffmpeg is.
pub fn framekit(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("framekit").expect("the framekit binary is built");
    command.current_dir(dir).env_remove("FRAMEKIT_FFMPEG");
    command
}

/// Runs framekit in `dir` and insists it succeeds.
pub fn framekit_ok(dir: &Path, args: &[&str]) -> Output {
    let output = framekit(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "framekit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs ffmpeg quietly and returns its stdout. A missing ffmpeg fails the test.
pub fn ffmpeg(args: &[&str]) -> Vec<u8> {
    let output = Command::new("ffmpeg")
        .args(["-v", "error"])
        .args(args)
        .output()
        .expect("ffmpeg must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// An RGB frame whose top half shows `index` as bars (one per bit) and whose bottom half is
/// seeded noise, so that any change to any pixel shows.
pub fn frame_pixels(index: u32, width: u32, height: u32) -> Vec<u8> {
    let bar = width / (BITS + 2);
    let mut seed = index.wrapping_mul(2_654_435_761).wrapping_add(12345);
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            if y < height / 2 {
                let bit = (x / bar).checked_sub(1).filter(|b| *b < BITS);
                let on = bit.is_some_and(|b| index >> (BITS - 1 - b) & 1 == 1);
                let value = if on { 255 } else { 0 };
                pixels.extend([value, value, value]);
            } else {
                for _ in 0..3 {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    pixels.push((seed >> 16) as u8);
                }
            }
        }
    }
    pixels
}

/// Writes an RGB PNG frame carrying `index`.
pub fn write_frame(path: &Path, index: u32, width: u32, height: u32) {
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&frame_pixels(index, width, height))
        .unwrap();
}

/// `count` frames named frame_000.png ... in `dir/frames`.
pub fn write_frames(dir: &Path, count: u32, width: u32, height: u32) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        write_frame(
            &frames.join(format!("frame_{index:03}.png")),
            index,
            width,
            height,
        );
    }
    frames
}

/// The bar-encoded index of each frame of a video of `width` x `height`.
pub fn indices(video: &Path, width: u32, height: u32) -> Vec<u32> {
    let gray = ffmpeg(&[
        "-i",
        video.to_str().unwrap(),
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
        "-",
    ]);
    let size = (width * height) as usize;
    assert_eq!(gray.len() % size, 0, "whole frames of {width}x{height}");
    let bar = width / (BITS + 2);
    gray.chunks(size)
        .map(|frame| {
            (0..BITS).fold(0, |value, b| {
                let x = (b + 1) * bar + bar / 2;
                let pixel = frame[(height / 4 * width + x) as usize];
                value << 1 | u32::from(pixel > 128)
            })
        })
        .collect()
}

/// The RGB pixels of an image or video, decoded by ffmpeg.
pub fn rgb(image: &Path) -> Vec<u8> {
    ffmpeg(&[
        "-i",
        image.to_str().unwrap(),
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
    ])
}

/// Entries of `dir`, sorted by path bytes.
pub fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
