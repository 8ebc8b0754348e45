//! 100,000 tiny frames through `stitch` and back through `split`: exact counts, names in
//! frame order past 99,999. (framekit's own memory for them: tests/memory.rs.)

use std::fs;
use std::path::Path;

use crate::support::run::framekit_ok;
use crate::support::video::{count_frames, gray};

const FRAMES: u32 = 100_000;
const SIDE: u32 = 16;

/// The gray level frame `index` is painted with.
fn level(index: u32) -> u8 {
    (index.wrapping_mul(37) % 200 + 28) as u8
}

fn write_tiny_frames(folder: &Path) {
    fs::create_dir(folder).unwrap();
    for index in 0..FRAMES {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, SIDE, SIDE);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&[level(index); (SIDE * SIDE) as usize])
            .unwrap();
        writer.finish().unwrap();
        fs::write(folder.join(format!("f_{index:06}.png")), bytes).unwrap();
    }
}

/// The mean gray of each frame of a 16x16 video.
fn levels(video: &Path) -> Vec<u8> {
    gray(video)
        .chunks((SIDE * SIDE) as usize)
        .map(|frame| (frame.iter().map(|&p| u32::from(p)).sum::<u32>() / frame.len() as u32) as u8)
        .collect()
}

#[test]
fn a_hundred_thousand_frames_there_and_back() {
    let dir = tempfile::tempdir().unwrap();
    write_tiny_frames(&dir.path().join("frames"));

    // (framekit's own memory for them: tests/memory.rs.)
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "big.mp4", "--quiet"],
    );
    let video = dir.path().join("big.mp4");
    assert_eq!(count_frames(&video), u64::from(FRAMES));
    let got = levels(&video);
    let off: Vec<usize> = (0..FRAMES as usize)
        .filter(|&i| got[i].abs_diff(level(i as u32)) > 3)
        .take(5)
        .collect();
    assert!(off.is_empty(), "frames out of place, e.g. {off:?}");

    framekit_ok(dir.path(), &["split", "big.mp4", "back", "--quiet"]);
    let mut names: Vec<String> = fs::read_dir(dir.path().join("back"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let expected: Vec<String> = (1..=FRAMES).map(|n| format!("img_{n:06}.png")).collect();
    assert!(
        names == expected,
        "six-digit names 1..=100000, in frame order when sorted"
    );
    // Sorted name order is frame order: spot-check frames across the 99,999 boundary.
    for number in [1u32, 99_999, 100_000] {
        let frame = dir.path().join("back").join(format!("img_{number:06}.png"));
        let value = levels(&frame)[0];
        assert!(value.abs_diff(level(number - 1)) <= 3, "frame {number}");
    }
}
