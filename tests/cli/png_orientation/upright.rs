//! Turned PNGs are encoded upright, validated and reported at their upright size.

use super::{assert_upright, oriented, stored_png, write, Source, ALL_SOURCES};
use crate::support::run::framekit_ok;
use crate::support::video::{count_frames, probe, rgb};

/// Orientations in an order that makes a run of its own of each, quarter turns among
/// the others.
const MIXED: [u16; 8] = [3, 1, 6, 8, 2, 5, 4, 7];

/// The stored size of a frame of `orientation` that is 64x32 upright.
fn stored_size(orientation: u16) -> (u32, u32) {
    match orientation {
        5..=8 => (32, 64),
        _ => (64, 32),
    }
}

#[test]
fn every_png_orientation_from_exif_or_xmp_comes_out_upright_in_a_mixed_folder() {
    let dir = tempfile::tempdir().unwrap();
    for source in ALL_SOURCES {
        let folder = dir
            .path()
            .join(format!("{source:?}").replace([' ', '{', '}', ':'], ""));
        for (index, orientation) in MIXED.into_iter().enumerate() {
            let (width, height) = stored_size(orientation);
            let png = oriented(&stored_png(width, height), source, orientation);
            write(&folder, &format!("f{index}.png"), &png);
        }
        let video = folder.with_extension("mp4");
        framekit_ok(
            dir.path(),
            &[
                "stitch",
                folder.to_str().unwrap(),
                "-o",
                video.to_str().unwrap(),
            ],
        );
        let pixels = rgb(&video);
        let frame_bytes = 64 * 32 * 3;
        assert_eq!(pixels.len(), MIXED.len() * frame_bytes, "{source:?}");
        for (index, orientation) in MIXED.into_iter().enumerate() {
            let frame = &pixels[index * frame_bytes..][..frame_bytes];
            let what = format!("{source:?}, frame {index}");
            assert_upright(frame, 64, orientation, stored_size(orientation), &what);
        }
    }
}

#[test]
fn portrait_pngs_are_reported_upright_and_exif_wins_over_xmp() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    let stored = stored_png(64, 32);
    // Shot in portrait: 32x64 upright. The last one's XMP says otherwise (8), but its eXIf
    // wins, as in Pillow's exif_transpose.
    write(
        &frames,
        "a.png",
        &oriented(&stored, Source::Exif { big_endian: true }, 6),
    );
    write(
        &frames,
        "b.png",
        &oriented(&stored, Source::Xmp { element: true }, 6),
    );
    let both = oriented(
        &oriented(&stored, Source::Xmp { element: false }, 8),
        Source::Exif { big_endian: false },
        6,
    );
    write(&frames, "c.png", &both);
    for output in ["up.mp4", "up.gif"] {
        let report = framekit_ok(dir.path(), &["stitch", "frames", "-o", output, "--json"]);
        let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
        assert_eq!(
            (report["width"].as_u64(), report["height"].as_u64()),
            (Some(32), Some(64)),
            "{output}"
        );
        let video = dir.path().join(output);
        let stream = probe(&video, "v:0", "width,height");
        assert_eq!(
            (stream["width"].as_str(), stream["height"].as_str()),
            ("32", "64"),
            "{output}"
        );
        assert_eq!(count_frames(&video), 3, "{output}");
        if output.ends_with(".mp4") {
            let pixels = rgb(&video);
            for index in 0..3 {
                let frame = &pixels[index * 32 * 64 * 3..][..32 * 64 * 3];
                assert_upright(frame, 32, 6, (64, 32), &format!("{output} frame {index}"));
            }
        }
    }
}
