//! GIFs that look the same in every decoder: each frame decoded by the `image` crate, which
//! follows GIF's disposal and transparency rules as browsers do (ffmpeg's own decoder, read
//! to RGB, hid the holes), compared with the source frame as it should look: pixels less
//! than half opaque transparent, the others blended onto white. And every frame kept, with
//! frames turned by EXIF, of different sizes (`--pad`) or fitted (`--fit`).

use std::fs;
use std::path::Path;

use crate::support::frames::{
    frame_pixels, write_frame, write_jpeg_frames, write_transparent_frame,
};
use crate::support::images::animation_frames;
use crate::support::run::framekit_ok;

const W: u32 = 96;
const H: u32 = 32;

/// How a frame should look in the GIF: (r, g, b, a) for each pixel, a 0 or 255.
type Look = Vec<[u8; 4]>;

/// The look of an RGBA source pixel: transparent below alpha 128, else blended onto white.
fn matte(rgba: [u8; 4]) -> [u8; 4] {
    if rgba[3] < 128 {
        return [0, 0, 0, 0];
    }
    let a = u32::from(rgba[3]);
    let blend = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
    [blend(rgba[0]), blend(rgba[1]), blend(rgba[2]), 255]
}

/// The look of `write_transparent_frame(index)` and of `write_frame(index)`.
fn transparent_look(index: u32) -> Look {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.png");
    write_transparent_frame(&path, index, W, H);
    let image = image::open(&path).unwrap().to_rgba8();
    image.pixels().map(|p| matte(p.0)).collect()
}

fn opaque_look(index: u32) -> Look {
    frame_pixels(index, W, H)
        .chunks(3)
        .map(|c| [c[0], c[1], c[2], 255])
        .collect()
}

/// Frames `kinds[i]` (true: transparent) in `dir/frames`, and how each should look.
fn frames(dir: &Path, transparent: &[bool]) -> Vec<Look> {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    transparent
        .iter()
        .enumerate()
        .map(|(index, &clear)| {
            let path = frames.join(format!("plot_{index:03}.png"));
            let index = index as u32;
            if clear {
                write_transparent_frame(&path, index, W, H);
                transparent_look(index)
            } else {
                write_frame(&path, index, W, H);
                opaque_look(index)
            }
        })
        .collect()
}

/// Asserts that every frame of `gif`, as the `image` crate shows it, looks as `looks` say:
/// transparency exactly where it should be (no holes, none missing), colours within the
/// palette's reach.
fn assert_looks(gif: &Path, looks: &[Look]) {
    let shown = animation_frames(gif);
    assert_eq!(shown.len(), looks.len(), "every frame");
    for (index, (frame, look)) in shown.iter().zip(looks).enumerate() {
        let mut holes = 0;
        let mut spurious = 0;
        let mut off = 0u64;
        for (got, want) in frame.image.pixels().zip(look) {
            let got = got.0;
            match (got[3] >= 128, want[3] == 255) {
                (false, true) => holes += 1,
                (true, false) => spurious += 1,
                (true, true) => {
                    off += (0..3)
                        .map(|c| u64::from(got[c].abs_diff(want[c])))
                        .sum::<u64>()
                }
                (false, false) => {}
            }
        }
        assert_eq!(
            (holes, spurious),
            (0, 0),
            "frame {index}: holes, spurious transparency"
        );
        let mean = off as f64 / (3 * W * H) as f64;
        assert!(
            mean < 12.0,
            "frame {index}: colours {mean:.1} levels off on average"
        );
    }
}

#[test]
fn a_transparent_plot_among_opaque_ones_leaves_no_holes() {
    let dir = tempfile::tempdir().unwrap();
    let mut kinds = vec![false; 12];
    kinds[4] = true;
    let looks = frames(dir.path(), &kinds);
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "mixed.gif"]);
    assert_looks(&dir.path().join("mixed.gif"), &looks);
}

#[test]
fn all_transparent_and_all_opaque_folders_look_as_their_frames() {
    for (name, kinds) in [
        ("clear.gif", vec![true; 6]),
        ("opaque.gif", vec![false; 6]),
        (
            "alternating.gif",
            vec![true, false, true, false, true, false],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let looks = frames(dir.path(), &kinds);
        framekit_ok(dir.path(), &["stitch", "frames", "-o", name]);
        assert_looks(&dir.path().join(name), &looks);
    }
}

#[test]
fn background_flattens_a_gif_onto_its_colour() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), &[true, true]);
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "flat.gif",
            "--background",
            "black",
        ],
    );
    for frame in animation_frames(&dir.path().join("flat.gif")) {
        assert!(frame.image.pixels().all(|p| p.0[3] == 255), "opaque");
        // The transparent background is now black.
        assert!(frame.image.get_pixel(W / 24, H / 4).0[..3]
            .iter()
            .all(|&c| c < 8));
    }
}

#[test]
fn a_photo_turned_by_exif_keeps_every_frame_of_the_gif() {
    let dir = tempfile::tempdir().unwrap();
    // Orientation 3 (turned half a turn): the same size, ffmpeg still rebuilds its graph.
    // The last frame: ffmpeg 6 and later would turn every frame after it too, which
    // framekit refuses (tests/cli/real_inputs/mixed_orientation.rs).
    write_jpeg_frames(dir.path(), 8, W, H, |i| (i == 7).then_some(3));
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "photos.gif", "--glob", "*.JPG"],
    );
    let shown = animation_frames(&dir.path().join("photos.gif"));
    assert_eq!(shown.len(), 8);
    // Frame 7 is upside down as ffmpeg turns it: its bars read in mirror order.
    let bars = |frame: &image::RgbaImage, flipped: bool| -> u32 {
        let bar = W / 12;
        (0..10).fold(0, |value, b| {
            let x = (b + 1) * bar + bar / 2;
            let x = if flipped { W - 1 - x } else { x };
            value << 1 | u32::from(frame.get_pixel(x, H / 2).0[0] > 128)
        })
    };
    for (index, frame) in shown.iter().enumerate() {
        assert_eq!(
            bars(&frame.image, index == 7),
            index as u32,
            "frame {index}"
        );
    }
}

#[test]
fn pad_and_fit_make_complete_gifs_of_frames_of_different_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Tight-bbox plots: a few pixels apart in size.
    let sizes = [(96, 32), (98, 33), (95, 31), (96, 34), (97, 32)];
    for (index, (w, h)) in sizes.iter().enumerate() {
        write_frame(
            &frames.join(format!("plot_{index}.png")),
            index as u32,
            *w,
            *h,
        );
    }
    for (output, extra, size) in [
        ("pad.gif", &["--pad", "white"][..], (98, 34)),
        ("fit.gif", &["--fit", "120x40"][..], (120, 40)),
    ] {
        let args = [&["stitch", "frames", "-o", output][..], extra].concat();
        framekit_ok(dir.path(), &args);
        let shown = animation_frames(&dir.path().join(output));
        assert_eq!(shown.len(), 5, "{output}: every frame");
        for frame in &shown {
            assert_eq!(frame.image.dimensions(), size, "{output}");
        }
    }
}

#[test]
// The line is for a POSIX shell; on Windows it is for cmd.exe (tests/cli/windows.rs).
#[cfg(unix)]
fn the_dry_run_command_makes_the_same_gif() {
    let dir = tempfile::tempdir().unwrap();
    write_jpeg_frames(dir.path(), 6, W, H, |i| (i == 5).then_some(3));
    let printed = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "dry.gif",
            "--glob",
            "*.JPG",
            "--dry-run",
        ],
    );
    let script = dir.path().join("make.sh");
    fs::write(&script, &printed.stdout).unwrap();
    crate::support::video::tool("sh", &["make.sh"], dir.path());
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "real.gif", "--glob", "*.JPG"],
    );
    let decoded = |name: &str| -> Vec<Vec<u8>> {
        animation_frames(&dir.path().join(name))
            .into_iter()
            .map(|f| f.image.into_raw())
            .collect()
    };
    assert_eq!(decoded("dry.gif"), decoded("real.gif"));
}
