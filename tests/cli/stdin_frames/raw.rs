//! `--raw WxH[:PIXFMT]`: numpy arrays as `tobytes()` gives them, at an odd size, in 8 and 16
//! bits, gray, RGB, BGR and RGBA; colours checked on a BT.709 reader.

use super::*;
use crate::support::video::{count_frames, indices, rgb_as_players_show};

const W: u32 = 161;
const H: u32 = 81;

/// One RGB pixel in a raw layout.
type Layout = fn(&[u8]) -> Vec<u8>;

/// Frames carrying their index, in a raw layout made from their RGB pixels.
fn raw_stream(count: u32, layout: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    stream(count, |i| {
        frame_pixels(i, W, H).chunks(3).flat_map(&layout).collect()
    })
}

#[test]
fn every_raw_layout_gives_the_frames_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let layouts: [(&str, Layout); 6] = [
        ("rgb24", |p| p.to_vec()),
        ("bgr24", |p| vec![p[2], p[1], p[0]]),
        ("rgba", |p| vec![p[0], p[1], p[2], 255]),
        ("gray", |p| vec![p[0]]),
        ("rgb48le", |p| {
            p.iter()
                .flat_map(|&v| (u16::from(v) * 257).to_le_bytes())
                .collect()
        }),
        ("gray16le", |p| {
            (u16::from(p[0]) * 257).to_le_bytes().to_vec()
        }),
    ];
    for (pixfmt, layout) in layouts {
        let raw = format!("{W}x{H}:{pixfmt}");
        let name = format!("{pixfmt}.mp4");
        let input = raw_stream(5, layout);
        ok_with_stdin(dir.path(), &["stitch", "--raw", &raw, "-o", &name], &input);
        let video = dir.path().join(&name);
        assert_eq!(count_frames(&video), 5, "{pixfmt}");
        assert_eq!(indices(&video, W + 1, H + 1), [0, 1, 2, 3, 4], "{pixfmt}");
    }
}

#[test]
fn raw_rgb_is_srgb_shown_right_on_a_bt709_reader() {
    let dir = tempfile::tempdir().unwrap();
    // matplotlib's tab10 green, orange and blue, in thirds of the frame.
    let colours = [[44u8, 160, 44], [255, 127, 14], [31, 119, 180]];
    let frame: Vec<u8> = (0..64 * 48).flat_map(|n| colours[(n % 64) / 22]).collect();
    let input = [frame.clone(), frame].concat();
    // --raw alone implies --stdin-frames, rgb24 by default.
    ok_with_stdin(
        dir.path(),
        &["stitch", "--raw", "64x48", "-o", "c.mp4"],
        &input,
    );
    let [_, bt709] = rgb_as_players_show(&dir.path().join("c.mp4"));
    for (third, want) in colours.iter().enumerate() {
        let x = third * 22 + 10;
        let at = (24 * 64 + x) * 3;
        let got = &bt709[at..at + 3];
        let near = got.iter().zip(want).all(|(g, w)| g.abs_diff(*w) <= 5);
        assert!(near, "{want:?} shown as {got:?}");
    }
}
