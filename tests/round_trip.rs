//! stitch -> split -> stitch keeps frame order, and `--lossless` gives back identical pixels.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

const BITS: u32 = 10;

fn framekit(dir: &Path, args: &[&str]) -> Output {
    let output = Command::cargo_bin("framekit")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "framekit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn ffmpeg(args: &[&str]) -> Vec<u8> {
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

/// An RGB frame whose top half shows `index` as black and white bars (one per bit) and
/// whose bottom half is seeded noise, so that any change to any pixel shows.
fn frame_pixels(index: u32, width: u32, height: u32) -> Vec<u8> {
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

fn write_frames(dir: &Path, count: u32, width: u32, height: u32) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        let file = fs::File::create(frames.join(format!("frame_{index:03}.png"))).unwrap();
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&frame_pixels(index, width, height))
            .unwrap();
    }
    frames
}

/// The bar-encoded index of each frame of a video, decoded to gray by ffmpeg.
fn indices(video: &Path, width: u32, height: u32) -> Vec<u32> {
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

/// The RGB pixels of an image file, decoded by ffmpeg.
fn rgb(image: &Path) -> Vec<u8> {
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

fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn stitch_split_stitch_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 30, 96, 48);
    framekit(dir.path(), &["stitch", "frames", "-o", "first.mp4"]);
    let expected: Vec<u32> = (0..30).collect();
    assert_eq!(indices(&dir.path().join("first.mp4"), 96, 48), expected);

    framekit(dir.path(), &["split", "first.mp4", "split"]);
    let split = sorted_files(&dir.path().join("split"));
    assert_eq!(split.len(), 30);
    framekit(dir.path(), &["stitch", "split", "-o", "second.mp4"]);
    assert_eq!(indices(&dir.path().join("second.mp4"), 96, 48), expected);
}

#[test]
fn lossless_round_trips_give_back_identical_pixels() {
    let dir = tempfile::tempdir().unwrap();
    // Odd sides too: lossless output is never padded.
    let frames = write_frames(dir.path(), 12, 65, 33);
    let originals: Vec<Vec<u8>> = sorted_files(&frames).iter().map(|f| rgb(f)).collect();
    for output in ["exact.mkv", "exact.mp4", "exact.mov"] {
        framekit(
            dir.path(),
            &["stitch", "frames", "-o", output, "--lossless"],
        );
        let out_dir = format!("{output}.frames");
        framekit(dir.path(), &["split", output, &out_dir]);
        let split: Vec<Vec<u8>> = sorted_files(&dir.path().join(&out_dir))
            .iter()
            .map(|f| rgb(f))
            .collect();
        assert_eq!(split.len(), originals.len(), "{output}");
        for (i, (got, want)) in split.iter().zip(&originals).enumerate() {
            assert!(got == want, "{output}: frame {i} differs");
        }
    }
}

#[test]
fn lossy_h264_is_not_identical_which_the_lossless_test_relies_on() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 64, 32);
    let original = rgb(&sorted_files(&frames)[0]);
    framekit(dir.path(), &["stitch", "frames", "-o", "lossy.mp4"]);
    framekit(dir.path(), &["split", "lossy.mp4", "out"]);
    assert_ne!(rgb(&sorted_files(&dir.path().join("out"))[0]), original);
}

#[test]
fn lossless_refuses_formats_that_cannot_be_exact() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 64, 32);
    for output in ["a.webm", "a.gif"] {
        let result = Command::cargo_bin("framekit")
            .unwrap()
            .args(["stitch", "frames", "-o", output, "--lossless"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(2), "{output}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.contains(".mkv"),
            "{output}: the message names what works: {stderr}"
        );
        assert!(!dir.path().join(output).exists());
    }
}
