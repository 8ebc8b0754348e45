//! Every PNG colour type and depth, with and without `tRNS`, in every `--lossless`
//! container: back exactly, or refused naming the file, what it holds and what would work.

use std::fs;
use std::path::Path;

use super::png_kinds::{all_png_kinds, kind_name, write_png_kind, PngKind};
use super::webp_frames::webp_canvas_frames;
use super::{decoded_rgba, first_difference, png_rgba, stitch_lossless};
use crate::support::images::animation_frames;
use crate::support::paths::native;
use crate::support::run::fails;

/// `count` frames of `kind` (different pixels), odd-sized, in a fresh `dir/frames`, and
/// their pixels as the `image` crate decodes them.
fn frames_of(dir: &Path, kind: PngKind, count: u32) -> Vec<u16> {
    let frames = dir.join("frames");
    let _ = fs::remove_dir_all(&frames);
    fs::create_dir(&frames).unwrap();
    let mut want = Vec::new();
    for index in 0..count {
        let path = frames.join(format!("f_{index}.png"));
        write_png_kind(&path, kind, 23, 7, index + 1);
        want.extend(png_rgba(&path, kind.deep()));
    }
    want
}

/// What is wrong with `output` made from frames of `kind`, or None when it is exact:
/// decoded by ffmpeg, and APNG and WebP by the `image` crate too.
fn inexact(dir: &Path, kind: PngKind, output: &str) -> Option<String> {
    // ffmpeg cannot decode animated WebP: the image crate alone reads it, frame by frame.
    let webp = output.ends_with(".webp");
    let mut want = frames_of(dir, kind, 2);
    let video = stitch_lossless(dir, output);
    if webp {
        // libwebp keeps no colour under a fully transparent pixel (ffmpeg has no option
        // for its `exact`): transparent is transparent black.
        for pixel in want.chunks_mut(4).filter(|p| p[3] == 0) {
            pixel.fill(0);
        }
    }
    if !webp {
        if let Some(difference) = first_difference(&decoded_rgba(&video, kind.deep()), &want) {
            return Some(format!("{}: ffmpeg reads {difference}", kind_name(kind)));
        }
    }
    if !webp && !output.ends_with(".apng") {
        return None;
    }
    // The image crate shows each frame at 8 bits (16-bit APNG: only the first frame, below).
    if kind.deep() {
        return first_frame_at_16_bits(&video, &want, kind);
    }
    let shown: Vec<u16> = match webp {
        true => match webp_canvas_frames(&video) {
            Ok(frames) => frames.into_iter().map(u16::from).collect(),
            Err(e) => return Some(format!("{}: {e}", kind_name(kind))),
        },
        false => animation_frames(&video)
            .iter()
            .flat_map(|frame| frame.image.as_raw().iter().map(|v| u16::from(*v)))
            .collect(),
    };
    let want_8: Vec<u16> = match kind.deep() {
        true => want.iter().map(|v| v >> 8).collect(),
        false => want.clone(),
    };
    if let Some(difference) = first_difference(&shown, &want_8) {
        return Some(format!(
            "{}: the image crate shows {difference}",
            kind_name(kind)
        ));
    }
    None
}

/// A 16-bit APNG's first frame as the `image` crate reads it (its default image).
fn first_frame_at_16_bits(video: &Path, want: &[u16], kind: PngKind) -> Option<String> {
    let first = png_rgba(video, true);
    let difference = first_difference(&first, &want[..first.len()])?;
    Some(format!(
        "{}: 16-bit first frame {difference}",
        kind_name(kind)
    ))
}

/// Gray below 8 bits with tRNS, whose transparency ffmpeg's PNG decoder does not read:
/// refused in every container.
fn unread(kind: PngKind) -> bool {
    kind.color == png::ColorType::Grayscale && kind.depth < 8 && kind.trns
}

/// Stitches every PNG kind into `output`: the kinds `refused` names must be refused (exit
/// 1, nothing written) with the file's name and the words it gives (what the frame holds,
/// what would work); the others must come back exactly.
fn every_kind(output: &str, refused: fn(PngKind) -> Option<[&'static str; 2]>) {
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for kind in all_png_kinds() {
        let words = match unread(kind) {
            true => Some(["with transparency (tRNS)", "8-bit gray with alpha"]),
            false => refused(kind),
        };
        match words {
            Some([holds, instead]) => {
                frames_of(dir.path(), kind, 2);
                let _ = fs::remove_file(dir.path().join(output));
                let args = ["stitch", "frames", "-o", output, "--lossless"];
                let file = native("frames/f_0.png");
                fails(dir.path(), &args, 1, &[&file, holds, instead]);
            }
            None => wrong.extend(inexact(dir.path(), kind, output)),
        }
    }
    assert!(wrong.is_empty(), "{output}:\n{}", wrong.join("\n"));
}

#[test]
fn lossless_mkv_keeps_every_png_kind_exactly() {
    every_kind("a.mkv", |_| None);
}

/// H.264 RGB keeps 8-bit RGB: alpha (a channel or tRNS) and 16 bits are refused.
fn beyond_8_bit_rgb(kind: PngKind) -> Option<[&'static str; 2]> {
    let holds = match (kind.alpha(), kind.deep(), kind.color) {
        (true, _, _) if kind.trns => "with transparency (tRNS)",
        (true, _, png::ColorType::Rgba) => "RGBA PNG",
        (true, _, _) => "gray+alpha PNG",
        (false, true, _) => "16-bit",
        (false, false, _) => return None,
    };
    Some([holds, "write .mkv instead"])
}

#[test]
fn lossless_mp4_and_mov_keep_every_opaque_8_bit_png_kind_and_refuse_the_rest() {
    every_kind("a.mp4", beyond_8_bit_rgb);
    every_kind("a.mov", beyond_8_bit_rgb);
}

#[test]
fn lossless_apng_keeps_every_png_kind_exactly_16_bits_included() {
    every_kind("a.apng", |_| None);
}

#[test]
fn lossless_webp_keeps_every_8_bit_png_kind_and_refuses_16_bits() {
    every_kind("a.webp", |kind| {
        kind.deep()
            .then_some(["16-bit", "write .apng or .mkv instead"])
    });
}
