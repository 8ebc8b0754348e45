//! Frames that are damaged: truncated, corrupt, or with headers that say too little, named
//! before anything is encoded or when ffmpeg fails on them, however much the pipe held; a
//! long list of them cut short.

use std::fs;

use crate::support::frames::{crc32, write_frames, write_kind_frame, Kind};
use crate::support::paths::native;
use crate::support::video::{ffmpeg, tool};

use super::fails;

#[test]
fn broken_frames_are_named_before_anything_is_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 96, 32);
    fs::write(frames.join("frame_003.png"), b"").unwrap();
    fails(
        "empty_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frames/frame_003.png is empty")],
    );

    // A JPEG named .png.
    let jpeg = dir.path().join("real.jpg");
    ffmpeg(&[
        "-i",
        frames.join("frame_000.png").to_str().unwrap(),
        jpeg.to_str().unwrap(),
    ]);
    fs::copy(&jpeg, frames.join("frame_003.png")).unwrap();
    fails(
        "jpeg_named_png",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is a JPEG image, but its name says PNG"],
    );

    // Not an image at all.
    fs::write(
        frames.join("frame_003.png"),
        b"hello, I am text and not a picture",
    )
    .unwrap();
    fails(
        "not_an_image",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is not a PNG or JPEG image"],
    );

    // A header that claims 100000x100000, more than ffmpeg decodes: garbage, refused as a
    // damaged header (never shown as a size) before ffmpeg could try to allocate it.
    let mut huge = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    huge.extend(100_000u32.to_be_bytes());
    huge.extend(100_000u32.to_be_bytes());
    huge.extend([8, 2, 0, 0, 0, 0x2c, 0x2a, 0x8e, 0x9b]);
    fs::write(frames.join("frame_003.png"), huge).unwrap();
    fails(
        "too_large",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png has a damaged PNG header"],
    );

    // A folder whose name matches the pattern.
    fs::remove_file(frames.join("frame_003.png")).unwrap();
    fs::create_dir(frames.join("frame_003.png")).unwrap();
    fails(
        "folder_as_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is a folder, not an image"],
    );
}

#[test]
fn a_truncated_png_fails_the_run_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 30, 96, 32);
    let whole = fs::read(frames.join("frame_017.png")).unwrap();
    fs::write(frames.join("frame_017.png"), &whole[..whole.len() / 2]).unwrap();
    fails(
        "truncated_png",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_017.png cannot be decoded", "nothing was written"],
    );
}

#[test]
fn a_damaged_tiny_frame_is_named_though_the_pipe_held_thousands_more() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Frames of about 100 bytes: when ffmpeg stops at the damaged one, framekit has already
    // pushed hundreds more into the pipe and ffmpeg's buffers.
    for index in 0..3000 {
        let path = frames.join(format!("f_{index:05}.png"));
        write_kind_frame(&path, index, 16, 16, Kind::Gray8);
    }
    let damaged = frames.join("f_01000.png");
    let whole = fs::read(&damaged).unwrap();
    fs::write(&damaged, &whole[..60]).unwrap();
    fails(
        "damaged_tiny_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frame frames/f_01000.png cannot be decoded")],
    );
}

#[test]
fn a_damaged_large_frame_is_named_though_ffmpeg_held_several_whole_frames() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Noise of 1400x1400, 5 MB a frame: the byte window alone would reach back two frames,
    // while ffmpeg's decoding threads hold several.
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "nullsrc=s=1400x1400,geq=lum='random(1)*255':cb='random(2)*255':cr=128",
            "-frames:v",
            "14",
            "-pix_fmt",
            "rgb24",
            "frames/f_%03d.png",
        ],
        dir.path(),
    );
    let damaged = frames.join("f_005.png");
    let mut bytes = fs::read(&damaged).unwrap();
    // Inside the compressed pixels of the IDAT chunk that holds the middle of the file,
    // its structure intact: the same damage (the zlib stream) whatever chunk sizes the
    // ffmpeg that wrote it chose.
    let middle = bytes.len() / 2;
    let idat = middle
        + bytes[middle..]
            .windows(4)
            .position(|w| w == b"IDAT")
            .unwrap();
    let length = u32::from_be_bytes(bytes[idat - 4..idat].try_into().unwrap()) as usize;
    let data = idat + 4;
    for byte in &mut bytes[data + 16..data + 16 + (length - 32).min(1000)] {
        *byte ^= 0x5a;
    }
    fs::write(&damaged, bytes).unwrap();
    fails(
        "damaged_large_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frame frames/f_005.png cannot be decoded")],
    );
}

#[test]
fn a_png_with_corrupt_data_fails_the_run_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 30, 96, 32);
    let mut bytes = fs::read(frames.join("frame_021.png")).unwrap();
    // Past the header, inside the compressed pixels: the structure stays intact.
    for byte in &mut bytes[60..120] {
        *byte ^= 0x5a;
    }
    fs::write(frames.join("frame_021.png"), bytes).unwrap();
    fails(
        "corrupt_png_data",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_021.png cannot be decoded"],
    );
}

#[test]
fn headers_that_say_too_little_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 64, 48);
    // The PNG signature and the start of IHDR, then the file ends.
    let mut cut = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    cut.extend([0, 0]);
    fs::write(frames.join("frame_002.png"), cut).unwrap();
    fails(
        "damaged_png_header",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native(
            "frames/frame_002.png has a damaged PNG header (no width and height)",
        )],
    );
    // An IHDR (with its right CRC) of width 0.
    let ihdr = [
        b"IHDR".as_slice(),
        &0u32.to_be_bytes(),
        &10u32.to_be_bytes(),
        &[8, 2, 0, 0, 0],
    ]
    .concat();
    let mut empty = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d".to_vec();
    empty.extend(&ihdr);
    empty.extend(crc32(&ihdr).to_be_bytes());
    fs::write(frames.join("frame_002.png"), empty).unwrap();
    fails(
        "png_without_pixels",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frames/frame_002.png has no pixels (0x10)")],
    );
    fs::remove_file(frames.join("frame_002.png")).unwrap();
    // A JPEG whose markers end before its frame header (SOF).
    let mut jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    jpeg.extend(b"\xff\xdb\x00\x43\x00");
    jpeg.extend([1; 64]);
    fs::write(frames.join("frame_002.jpg"), &jpeg).unwrap();
    fails(
        "damaged_jpeg_header",
        dir.path(),
        &["frames", "--glob", "*.jpg", "-o", "a.mp4"],
        1,
        &[&native(
            "frames/frame_002.jpg has a damaged JPEG header (no width and height)",
        )],
    );
}

#[test]
fn a_long_list_of_bad_frames_is_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 48, 16);
    for index in 0..25 {
        fs::write(frames.join(format!("empty_{index:02}.png")), b"").unwrap();
    }
    fails(
        "many_bad_frames",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["25 of 27 frame(s) cannot be used", "... and 5 more"],
    );
}
