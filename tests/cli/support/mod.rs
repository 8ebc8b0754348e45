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

/// PNG colour types and bit depths a frame can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Gray8,
    Gray16,
    Rgb8,
    Rgba8,
    Palette,
    Rgb16,
}

pub const ALL_KINDS: [Kind; 6] = [
    Kind::Gray8,
    Kind::Gray16,
    Kind::Rgb8,
    Kind::Rgba8,
    Kind::Palette,
    Kind::Rgb16,
];

/// A frame showing only `index` as bars (black and white), in the given PNG colour type.
pub fn write_kind_frame(path: &Path, index: u32, width: u32, height: u32, kind: Kind) {
    let bar = width / (BITS + 2);
    let white = |x: u32| {
        (x / bar)
            .checked_sub(1)
            .filter(|b| *b < BITS)
            .is_some_and(|b| index >> (BITS - 1 - b) & 1 == 1)
    };
    let (color, depth, per_pixel): (png::ColorType, png::BitDepth, fn(bool) -> Vec<u8>) = match kind
    {
        Kind::Gray8 => (png::ColorType::Grayscale, png::BitDepth::Eight, |w| {
            vec![if w { 255 } else { 0 }]
        }),
        Kind::Gray16 => (png::ColorType::Grayscale, png::BitDepth::Sixteen, |w| {
            vec![if w { 255 } else { 0 }; 2]
        }),
        Kind::Rgb8 => (png::ColorType::Rgb, png::BitDepth::Eight, |w| {
            vec![if w { 255 } else { 0 }; 3]
        }),
        Kind::Rgba8 => (png::ColorType::Rgba, png::BitDepth::Eight, |w| {
            let v = if w { 255 } else { 0 };
            vec![v, v, v, 255]
        }),
        Kind::Palette => (png::ColorType::Indexed, png::BitDepth::Eight, |w| {
            vec![u8::from(w)]
        }),
        Kind::Rgb16 => (png::ColorType::Rgb, png::BitDepth::Sixteen, |w| {
            vec![if w { 255 } else { 0 }; 6]
        }),
    };
    let mut data = Vec::new();
    for _ in 0..height {
        for x in 0..width {
            data.extend(per_pixel(white(x)));
        }
    }
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    if kind == Kind::Palette {
        encoder.set_palette(vec![0, 0, 0, 255, 255, 255]);
    }
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&data).unwrap();
}

/// ffprobe's `KEY=VALUE` facts about the first video stream (or `stream` selector).
pub fn probe(
    video: &Path,
    stream: &str,
    entries: &str,
) -> std::collections::HashMap<String, String> {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", stream, "-count_frames"])
        .args([
            "-show_entries",
            &format!("stream={entries}"),
            "-of",
            "default=nw=1",
        ])
        .arg(video)
        .output()
        .expect("ffprobe must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The frames ffprobe decodes from the first video stream.
pub fn count_frames(video: &Path) -> u64 {
    probe(video, "v:0", "nb_read_frames")["nb_read_frames"]
        .parse()
        .unwrap()
}

/// Every file under `dir` with its bytes, to show that a failed run changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                all.push((path, Vec::new()));
            } else if meta.is_file() {
                all.push((path.clone(), fs::read(&path).unwrap_or_default()));
            } else {
                all.push((path, Vec::new()));
            }
        }
    }
    all.sort();
    all
}

/// Runs a program the tests rely on and insists it succeeds; a missing ffmpeg fails the test,
/// never skips it.
pub fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed to run the tests: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The pids whose parent is `pid`, from /proc.
#[cfg(target_os = "linux")]
pub fn children(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // Fields after the parenthesised command name: state, ppid, ...
        let after = &stat[stat.rfind(')').unwrap_or(0) + 1..];
        if after.split_whitespace().nth(1) == Some(pid.to_string().as_str()) {
            found.push(child);
        }
    }
    found
}

/// Whether a process is alive (a zombie is not).
#[cfg(target_os = "linux")]
pub fn running(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        let after = &stat[stat.rfind(')').unwrap_or(0) + 1..];
        after.split_whitespace().next() != Some("Z")
    })
}

/// Runs framekit with `args` on a pseudo-terminal (util-linux `script`), as an interactive
/// shell would; returns what the terminal showed.
#[cfg(target_os = "linux")]
pub fn in_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> Output {
    let framekit = assert_cmd::cargo::cargo_bin("framekit");
    let command = format!("'{}' {args}", framekit.display());
    Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .envs(env.iter().copied())
        .output()
        .expect("script (util-linux) runs")
}

/// `jpeg` with an EXIF block (APP1) right after its start marker that gives it orientation
/// `value` (6: shot in portrait, to be turned a quarter clockwise), as a camera writes it.
pub fn with_exif_orientation(jpeg: &[u8], value: u16) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    let mut tiff = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes()); // Orientation
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes());
    tiff.extend(value.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]); // padding, no next directory
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    let mut file = vec![0xFF, 0xD8, 0xFF, 0xE1];
    file.extend(length.to_be_bytes());
    file.extend(b"Exif\0\0");
    file.extend(tiff);
    file.extend(&jpeg[2..]);
    file
}

/// JPEG frames `IMG_0000.JPG`... of `width` x `height` in `dir/frames`, each carrying its
/// index, and with the EXIF orientation `orientation(index)` when that is Some.
pub fn write_jpeg_frames(
    dir: &Path,
    count: u32,
    width: u32,
    height: u32,
    orientation: impl Fn(u32) -> Option<u16>,
) -> PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        let png = dir.join(format!("p{index}.png"));
        write_kind_frame(&png, index, width, height, Kind::Rgb8);
        let jpg = frames.join(format!("IMG_{index:04}.JPG"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-q:v",
            "2",
            jpg.to_str().unwrap(),
        ]);
        fs::remove_file(&png).unwrap();
        if let Some(value) = orientation(index) {
            let tagged = with_exif_orientation(&fs::read(&jpg).unwrap(), value);
            fs::write(&jpg, tagged).unwrap();
        }
    }
    frames
}

/// Adds a tEXt chunk of `size` bytes right after a PNG's IHDR, as image editors add
/// metadata (ICC profiles, XMP): the chunks before the image data then outgrow a first read.
pub fn with_text_chunk(png: &[u8], size: usize) -> Vec<u8> {
    let mut data = b"Comment\0".to_vec();
    data.resize(size, b'x');
    with_chunk(png, b"tEXt", &data)
}

/// Adds a chunk of `kind` right after a PNG's IHDR.
pub fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    let typed = [kind.as_slice(), data].concat();
    chunk.extend(&typed);
    chunk.extend(crc32(&typed).to_be_bytes());
    [&png[..33], &chunk, &png[33..]].concat()
}

/// CRC-32 as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
