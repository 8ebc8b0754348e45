//! Really broken files are refused, naming the file (and its place when the frames come as
//! a list) and what is wrong in words, whether framekit's header check or ffmpeg's decoder
//! finds it; nothing is written. A folder of copies of one broken file counts: every frame
//! fails alike, and the file is still named.

use std::io::Write;
use std::process::Stdio;

use super::*;
use crate::support::tree::names;

/// A PNG of `picture(index)` whose zlib stream is damaged (its CRCs right, as a bad copy
/// that rewrote the chunk would leave it).
fn bad_zlib_png(index: u32) -> Vec<u8> {
    let mut chunks = chunks(&png_of(index));
    let idat = chunks.iter_mut().find(|(kind, _)| kind == b"IDAT").unwrap();
    for byte in &mut idat.1[4..24] {
        *byte ^= 0x5a;
    }
    png_from(&chunks)
}

#[test]
fn a_folder_of_copies_of_a_png_with_a_bad_zlib_stream_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = bad_zlib_png(0);
    folder(
        dir.path(),
        &[("a.png".into(), broken.clone()), ("b.png".into(), broken)],
    );
    let message = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4"],
        1,
        &[
            "a.png cannot be decoded",
            "image data is damaged",
            "nothing was written",
        ],
    );
    assert!(!message.contains("b.png"), "{message}");
}

#[test]
fn a_folder_of_copies_of_a_png_cut_before_its_image_ends_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let whole = png_of(0);
    let cut = whole[..whole.len() * 2 / 3].to_vec();
    folder(
        dir.path(),
        &[("a.png".into(), cut.clone()), ("b.png".into(), cut)],
    );
    fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4"],
        1,
        &["a.png cannot be decoded", "nothing was written"],
    );
}

#[test]
fn a_broken_frame_in_a_list_is_named_with_its_place_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    folder(
        dir.path(),
        &[
            ("good.png".into(), png_of(0)),
            ("bad.png".into(), bad_zlib_png(1)),
        ],
    );
    let before = names(dir.path());
    let mut child = framekit(dir.path())
        .args(["stitch", "-", "-o", "out.mp4"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let list = "frames/good.png\nframes/good.png\nframes/bad.png\nframes/good.png\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    // A listed path is shown as the list gives it (forward slashes on Windows too).
    assert!(
        message.contains("frames/bad.png (frame 3 of the list) cannot be decoded"),
        "{message}"
    );
    assert!(message.contains("image data is damaged"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(names(dir.path()), before, "nothing written");
}

#[test]
fn a_header_whose_size_is_garbage_is_named_as_damaged_without_the_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let mut chunks = chunks(&png_of(0));
    chunks[0].1[..8].copy_from_slice(&[5, 204, 142, 239, 62, 131, 89, 21]);
    folder(
        dir.path(),
        &[
            ("a.png".into(), png_of(1)),
            ("b.png".into(), png_from(&chunks)),
        ],
    );
    let message = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4"],
        1,
        &["b.png has a damaged PNG header", "nothing was written"],
    );
    assert!(!message.contains("97293039"), "{message}");
}
