//! Frames a few pixels on a side: FFV1 level 3 breaks them (ffmpeg 5.1: a side of 2 or
//! less, a grey of 128 back as 0; 4.2.2: 3 or less), so framekit stores them at level 1.
//! Every lossless container gives them back exactly.

use std::fs;

use super::png_kinds::{kind_name, write_png_kind, PngKind};
use super::{decoded_rgba, first_difference, png_rgba, stitch_lossless};

const SIZES: [(u32, u32); 9] = [
    (1, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (3, 3),
    (2, 9),
    (9, 2),
    (1, 40),
    (40, 3),
];

/// Two frames of each size and kind into `output`: every pixel back.
fn tiny_frames_back_exactly(output: &str, kinds: &[PngKind]) {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    let mut wrong = Vec::new();
    for &(width, height) in &SIZES {
        for &kind in kinds {
            let _ = fs::remove_dir_all(&frames);
            fs::create_dir(&frames).unwrap();
            let mut want = Vec::new();
            for index in 0..2 {
                let path = frames.join(format!("f_{index}.png"));
                write_png_kind(&path, kind, width, height, index + 7);
                want.extend(png_rgba(&path, kind.deep()));
            }
            let video = stitch_lossless(dir.path(), output);
            if let Some(difference) = first_difference(&decoded_rgba(&video, kind.deep()), &want) {
                wrong.push(format!(
                    "{width}x{height} {}: {difference}",
                    kind_name(kind)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{output}:\n{}", wrong.join("\n"));
}

fn kind(color: png::ColorType, depth: u8, trns: bool) -> PngKind {
    PngKind { color, depth, trns }
}

#[test]
fn lossless_mkv_keeps_frames_of_one_to_three_pixels_a_side_exactly() {
    use png::ColorType::*;
    tiny_frames_back_exactly(
        "tiny.mkv",
        &[
            kind(Grayscale, 8, false),
            kind(Rgb, 8, false),
            kind(Indexed, 8, true),
            kind(Rgba, 16, false),
        ],
    );
}

#[test]
fn lossless_mp4_and_apng_keep_tiny_frames_exactly() {
    use png::ColorType::*;
    tiny_frames_back_exactly("tiny.mp4", &[kind(Rgb, 8, false)]);
    tiny_frames_back_exactly("tiny.apng", &[kind(Rgba, 16, false)]);
}
