//! `stitch --stdin-frames` and `--raw`: frames written on framekit's standard input, as a
//! Python script, PIL or numpy write them, encoded with every guarantee of a folder. Each
//! output decoded back (the frames' own indices, colours, alpha); every failure leaves
//! nothing behind.
//!
//! One module a topic: `images` (PNG, JPEG, PPM, PAM streams), `raw` (`--raw` layouts),
//! `options` (--hold-last, --pad, --fit, --max-size, GIF and WebP), `direct` (frames piped
//! into ffmpeg as they come, against the spool route), `errors` (streams that
//! end inside a frame or hold something else), `signals` (SIGTERM mid-stream, Linux).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::frames::{frame_pixels, write_transparent_frame};
use crate::support::run::{framekit, stderr};
use crate::support::tree::names;

// They look for ffmpeg processes in /proc.
#[cfg(target_os = "linux")]
mod direct;
mod errors;
mod images;
mod options;
mod raw;
#[cfg(target_os = "linux")]
mod signals;

/// Runs `framekit ARGS` in `dir` with `input` on its standard input.
fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    run_with_stdin(framekit(dir).args(args), input)
}

fn run_with_stdin(command: &mut Command, input: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("framekit starts");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // framekit may stop reading early (a bad frame): a broken pipe is then expected.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// [`with_stdin`], insisting that it succeeds.
fn ok_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let output = with_stdin(dir, args, input);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    output
}

/// [`with_stdin`], expecting exit `code`, each of `words` said, and `dir` left as it was.
fn fails_with_stdin(dir: &Path, args: &[&str], input: &[u8], code: i32, words: &[&str]) -> String {
    let before = names(dir);
    let output = with_stdin(dir, args, input);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {said}");
    for word in words {
        assert!(said.contains(word), "{word:?} missing from: {said}");
    }
    assert_eq!(
        names(dir),
        before,
        "{args:?}: nothing written, no spool left"
    );
    said
}

/// An RGB PNG carrying `index`, as PIL's `save(stdout, "PNG")` writes one.
fn png(index: u32, width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&frame_pixels(index, width, height))
        .unwrap();
    writer.finish().unwrap();
    bytes
}

/// A PIL-style RGBA PNG, (0,0,0,0) background, carrying `index` (see `write_transparent_frame`).
fn transparent_png(index: u32, width: u32, height: u32) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.png");
    write_transparent_frame(&path, index, width, height);
    fs::read(path).unwrap()
}

/// A JPEG carrying `index`, at quality 95.
fn jpeg(index: u32, width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 95);
    let pixels = frame_pixels(index, width, height);
    encoder
        .encode(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

/// A binary PPM (P6) carrying `index`, as PIL's `save(stdout, "PPM")` writes one.
fn ppm(index: u32, width: u32, height: u32) -> Vec<u8> {
    let mut bytes = format!("P6\n{width} {height}\n255\n").into_bytes();
    bytes.extend(frame_pixels(index, width, height));
    bytes
}

/// Frames `0..count` made by `frame`, back to back.
fn stream(count: u32, frame: impl Fn(u32) -> Vec<u8>) -> Vec<u8> {
    (0..count).flat_map(frame).collect()
}
