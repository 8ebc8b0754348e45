//! JPEG frames with `--lossless`: FFV1 keeps the gray or YCbCr they decode to, exactly;
//! the RGB containers keep gray JPEGs and refuse colour ones (converting YCbCr to RGB
//! changes the pixels); CMYK and YCCK JPEGs are refused everywhere, by name.

use std::fs;
use std::path::Path;

use super::png_kinds::{write_png_kind, PngKind};
use super::stitch_lossless;
use crate::support::paths::native;
use crate::support::run::fails;
use crate::support::video::{ffmpeg, fps_mode};

/// Every frame of a JPEG or video as the decoder gives it, in its own pixel format (a
/// JPEG's yuvj420p and FFV1's yuv420p hold the same bytes for the same pixels): no
/// conversion in between to hide or make a difference.
fn native_pixels(path: &Path) -> Vec<u8> {
    let path = path.to_str().unwrap();
    ffmpeg(&["-i", path, fps_mode(), "passthrough", "-f", "rawvideo", "-"])
}

/// Every frame as RGBA, converted by ffmpeg.
fn rgba(path: &Path) -> Vec<u8> {
    let path = path.to_str().unwrap();
    let args = ["-i", path, fps_mode(), "passthrough", "-f", "rawvideo"];
    ffmpeg(&[&args[..], &["-pix_fmt", "rgba", "-"]].concat())
}

/// A JPEG of seeded noise in `layout`: `gray` by the `image` crate's encoder (ffmpeg's
/// writes no gray JPEG), the YCbCr ones by ffmpeg's.
fn write_jpeg(dir: &Path, name: &str, index: u32, (width, height): (u32, u32), layout: &str) {
    let jpeg = dir.join("frames").join(name);
    let png = dir.join("source.png");
    let noise = PngKind {
        color: png::ColorType::Rgb,
        depth: 8,
        trns: false,
    };
    write_png_kind(&png, noise, width, height, index);
    if layout == "gray" {
        let image = image::open(&png).unwrap().to_luma8();
        image.save(&jpeg).unwrap();
        return;
    }
    ffmpeg(&[
        "-i",
        png.to_str().unwrap(),
        "-pix_fmt",
        layout,
        "-y",
        jpeg.to_str().unwrap(),
    ]);
}

/// A fresh `dir/frames` of two JPEGs in `layout`, and what ffmpeg decodes them to.
fn jpeg_frames(dir: &Path, size: (u32, u32), layout: &str) -> (Vec<u8>, Vec<u8>) {
    let frames = dir.join("frames");
    let _ = fs::remove_dir_all(&frames);
    fs::create_dir(&frames).unwrap();
    let (mut native, mut rgba_want) = (Vec::new(), Vec::new());
    for index in 0..2 {
        let name = format!("f_{index}.jpg");
        write_jpeg(dir, &name, index + 3, size, layout);
        native.extend(native_pixels(&frames.join(&name)));
        rgba_want.extend(rgba(&frames.join(&name)));
    }
    (native, rgba_want)
}

#[test]
fn lossless_mkv_keeps_gray_and_ycbcr_jpegs_exactly_at_any_size() {
    let dir = tempfile::tempdir().unwrap();
    for size in [(23, 7), (2, 2), (3, 3), (1, 9)] {
        for layout in ["gray", "yuvj420p", "yuvj422p", "yuvj444p"] {
            let (want, _) = jpeg_frames(dir.path(), size, layout);
            let video = stitch_lossless(dir.path(), "a.mkv");
            let got = native_pixels(&video);
            assert!(got == want, "{layout} {size:?}: FFV1 gave other pixels");
        }
    }
}

#[test]
fn lossless_rgb_outputs_keep_gray_jpegs_and_refuse_colour_ones_by_name() {
    let dir = tempfile::tempdir().unwrap();
    for output in ["a.mp4", "a.mov", "a.apng"] {
        let (_, want) = jpeg_frames(dir.path(), (23, 7), "gray");
        let video = stitch_lossless(dir.path(), output);
        assert!(rgba(&video) == want, "{output}: gray JPEG frames changed");
    }
    for output in ["a.mp4", "a.mov", "a.apng", "a.webp"] {
        for (layout, name) in [("yuvj420p", "4:2:0"), ("yuvj444p", "4:4:4")] {
            jpeg_frames(dir.path(), (23, 7), layout);
            let _ = fs::remove_file(dir.path().join(output));
            let file = native("frames/f_0.jpg");
            let holds = format!("{file} is a {name} JPEG (YCbCr)");
            let args = ["stitch", "frames", "-o", output, "--lossless"];
            fails(dir.path(), &args, 1, &[&holds, "write .mkv instead"]);
        }
    }
}

/// A CMYK (Adobe `transform` 0, as Photoshop writes it) or YCCK (2) baseline JPEG of
/// `blocks` x `blocks` flat 8x8 blocks, byte by byte: one quantisation table of ones, a DC
/// and an AC Huffman table of one code each (DC difference 0, end of block), four
/// components sampled 1x1, one interleaved scan whose every block is those two codes.
fn four_component_jpeg(transform: u8, blocks: u16) -> Vec<u8> {
    let segment = |marker: u8, data: &[u8]| {
        let length = (data.len() + 2) as u16;
        [&[0xFF, marker][..], &length.to_be_bytes(), data].concat()
    };
    let side = (blocks * 8).to_be_bytes();
    let mut frame = vec![8, side[0], side[1], side[0], side[1], 4];
    for id in 1..=4 {
        frame.extend([id, 0x11, 0]);
    }
    let mut huffman_dc = vec![0x00, 1];
    huffman_dc.extend([0; 15]);
    huffman_dc.push(0);
    let mut huffman_ac = vec![0x10, 1];
    huffman_ac.extend([0; 15]);
    huffman_ac.push(0x00);
    let scan = [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0];
    // Two bits ("0" DC, "0" EOB) a block, four blocks an MCU: one zero byte an MCU.
    let data = vec![0u8; usize::from(blocks * blocks)];
    [
        vec![0xFF, 0xD8],
        segment(
            0xEE,
            &[b"Adobe".as_slice(), &[0, 100, 0, 0, 0, 0, transform]].concat(),
        ),
        segment(0xDB, &[[0u8].as_slice(), &[1; 64]].concat()),
        segment(0xC0, &frame),
        segment(0xC4, &huffman_dc),
        segment(0xC4, &huffman_ac),
        segment(0xDA, &scan),
        data,
        vec![0xFF, 0xD9],
    ]
    .concat()
}

#[test]
fn lossless_refuses_cmyk_and_ycck_jpegs_in_every_container_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for (transform, holds) in [(0, "a CMYK JPEG"), (2, "a YCCK (CMYK) JPEG")] {
        for index in 0..2 {
            let jpeg = frames.join(format!("f_{index}.jpg"));
            fs::write(&jpeg, four_component_jpeg(transform, 2)).unwrap();
            // A real JPEG: ffmpeg decodes it (to RGB, its own way).
            assert_eq!(rgba(&jpeg).len(), 16 * 16 * 4);
        }
        for output in ["a.mkv", "a.mp4", "a.mov", "a.apng", "a.webp"] {
            let args = ["stitch", "frames", "-o", output, "--lossless"];
            let file = native("frames/f_0.jpg");
            let words = [file.as_str(), holds, "drop --lossless", "RGB PNG"];
            fails(dir.path(), &args, 1, &words);
        }
    }
}
