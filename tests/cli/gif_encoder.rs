//! framekit's own GIF encoder (src/gif/), proved by decoding what it wrote: the `gif` crate
//! reads each frame as stored (its own palette, its rectangle, its disposal), the `image`
//! crate composes them as browsers do, ffmpeg counts them. Inputs as tools write them: RGB
//! PNGs of flat colours (plots), photo-like frames of thousands of colours, PIL's RGBA.

use std::fs;
use std::path::Path;

use crate::support::images::{animation_frames, plays};
use crate::support::run::{framekit, framekit_ok, stderr};
use crate::support::video::count_frames;
use crate::support::video::tool;

const W: u32 = 120;
const H: u32 = 80;

/// Frame `index` of a flat drawing: white, a red band along the bottom and a square of a
/// colour of its own that moves right 10 pixels a frame (so its place tells the frame).
fn drawing(index: u32) -> Vec<[u8; 3]> {
    let colour = [(index * 40 % 256) as u8, 90, 200];
    (0..W * H)
        .map(|at| {
            let (x, y) = (at % W, at / W);
            if y >= H - 10 {
                [200, 30, 30]
            } else if (10 * index..10 * index + 20).contains(&x) && (20..40).contains(&y) {
                colour
            } else {
                [255, 255, 255]
            }
        })
        .collect()
}

fn write_png(path: &Path, width: u32, height: u32, rgba: bool, bytes: &[u8]) {
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(match rgba {
        true => png::ColorType::Rgba,
        false => png::ColorType::Rgb,
    });
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(bytes).unwrap();
}

fn drawings(dir: &Path, count: u32) {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..count {
        let bytes: Vec<u8> = drawing(index).into_iter().flatten().collect();
        write_png(
            &frames.join(format!("plot_{index:03}.png")),
            W,
            H,
            false,
            &bytes,
        );
    }
}

/// Each frame as stored: (palette colours, left, top, width, height, disposal).
fn stored(gif: &Path) -> Vec<(Option<usize>, u16, u16, u16, u16, gif::DisposalMethod)> {
    let file = fs::File::open(gif).unwrap();
    let mut decoder = gif::DecodeOptions::new().read_info(file).unwrap();
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        frames.push((
            frame.palette.as_ref().map(|p| p.len() / 3),
            frame.left,
            frame.top,
            frame.width,
            frame.height,
            frame.dispose,
        ));
    }
    frames
}

#[test]
fn a_gif_of_flat_frames_keeps_every_colour_exactly_each_frame_its_own_palette_and_only_what_changed(
) {
    let dir = tempfile::tempdir().unwrap();
    drawings(dir.path(), 8);
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "out.gif", "--fps", "30"],
    );
    let gif = dir.path().join("out.gif");
    // As a browser shows them: every pixel exact, in order, delays adding up to 8/30 s.
    let shown = animation_frames(&gif);
    assert_eq!(shown.len(), 8);
    for (index, frame) in shown.iter().enumerate() {
        let want = drawing(index as u32);
        let got: Vec<[u8; 3]> = (frame.image.pixels())
            .map(|p| [p.0[0], p.0[1], p.0[2]])
            .collect();
        assert_eq!(got, want, "frame {index}");
        assert!(frame.image.pixels().all(|p| p.0[3] == 255));
    }
    let delays: Vec<u128> = shown.iter().map(|f| f.delay.as_millis()).collect();
    assert_eq!(delays, [30, 40, 30, 30, 40, 30, 30, 40]);
    // As stored: a local palette each (ffmpeg's palettegen writes one for all), the first
    // frame whole, the others the square's old and new places only.
    let frames = stored(&gif);
    assert!(frames.iter().all(|f| f.0.is_some()), "{frames:?}");
    assert_eq!((frames[0].3, frames[0].4), (W as u16, H as u16));
    for frame in &frames[1..] {
        assert_eq!((frame.1, frame.2, frame.4), (frame.1, 20, 20), "{frames:?}");
        assert!(frame.3 <= 30, "{frames:?}");
    }
    // And ffmpeg reads the same number of frames.
    assert_eq!(count_frames(&gif), 8);
}

#[test]
fn a_photo_like_gif_stays_close_to_its_frames_and_is_smaller_than_ffmpegs_palette() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir_all(&frames).unwrap();
    // Thousands of colours a frame, in smooth gradients, every frame different.
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "mandelbrot=s=160x120:rate=10",
            "-frames:v",
            "12",
            "frames/f_%03d.png",
        ],
        dir.path(),
    );
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "ours.gif"]);
    let output = framekit(dir.path())
        .args(["stitch", "frames", "-o", "ffmpegs.gif"])
        .env("FRAMEKIT_GIF_ENCODER", "ffmpeg")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let size = |name: &str| fs::metadata(dir.path().join(name)).unwrap().len();
    assert!(
        size("ours.gif") < size("ffmpegs.gif"),
        "{} against {} bytes",
        size("ours.gif"),
        size("ffmpegs.gif")
    );
    let shown = animation_frames(&dir.path().join("ours.gif"));
    assert_eq!(shown.len(), 12);
    for (index, frame) in shown.iter().enumerate() {
        let source = image::open(frames.join(format!("f_{:03}.png", index + 1)))
            .unwrap()
            .to_rgb8();
        let mse = (frame.image.pixels().zip(source.pixels()))
            .flat_map(|(a, b)| (0..3).map(move |c| (f64::from(a.0[c]) - f64::from(b.0[c])).powi(2)))
            .sum::<f64>()
            / f64::from(3 * 160 * 120);
        let psnr = 10.0 * (255.0f64.powi(2) / mse).log10();
        assert!(psnr > 32.0, "frame {index}: PSNR {psnr:.1} dB");
    }
}

#[test]
fn plays_are_written_as_every_decoder_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    drawings(dir.path(), 3);
    for (name, args, want) in [
        ("forever.gif", &[][..], None),
        ("once.gif", &["--plays", "1"][..], Some(1)),
        ("thrice.gif", &["--plays", "3"][..], Some(3)),
    ] {
        let mut all = vec!["stitch", "frames", "-o", name];
        all.extend_from_slice(args);
        framekit_ok(dir.path(), &all);
        let gif = dir.path().join(name);
        assert_eq!(plays(&gif), want, "{name}");
        assert_eq!(animation_frames(&gif).len(), 3);
        // Written by framekit's encoder: a palette of each frame's own.
        assert!(stored(&gif).iter().all(|f| f.0.is_some()), "{name}");
    }
}

#[test]
fn a_transparent_frame_among_opaque_ones_shows_its_holes_there_only() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir_all(&frames).unwrap();
    // PIL's RGBA: frame 2 transparent, (0, 0, 0, 0), but for a square; the others opaque.
    let rgba = |index: u32| -> Vec<u8> {
        (drawing(index).into_iter().enumerate())
            .flat_map(|(at, [r, g, b])| {
                let (x, y) = (at as u32 % W, at as u32 / W);
                let hole = index == 2 && !((40..60).contains(&x) && (40..60).contains(&y));
                match hole {
                    true => [0, 0, 0, 0],
                    false => [r, g, b, 255],
                }
            })
            .collect()
    };
    for index in 0..5 {
        write_png(
            &frames.join(format!("p_{index}.png")),
            W,
            H,
            true,
            &rgba(index),
        );
    }
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "out.gif"]);
    let shown = animation_frames(&dir.path().join("out.gif"));
    assert_eq!(shown.len(), 5);
    for (index, frame) in shown.iter().enumerate() {
        let want = rgba(index as u32);
        let got: Vec<u8> = frame.image.as_raw().clone();
        assert_eq!(got, want, "frame {index}");
    }
    // The frame before the holes covers the canvas and is cleared once shown.
    let stored = stored(&dir.path().join("out.gif"));
    assert_eq!(stored[1].5, gif::DisposalMethod::Background, "{stored:?}");
    assert_eq!((stored[1].3, stored[1].4), (W as u16, H as u16));
}
