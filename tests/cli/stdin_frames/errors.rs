//! Streams framekit must refuse: one that ends inside a frame, bytes that are no image, a
//! frame of another size, raw bytes that are not a whole number of frames, a DIR given too.
//! Each exits as a folder's would, names the frame (from 1) and where it is in the stream,
//! and leaves nothing behind.

use super::*;

#[test]
fn a_stream_that_ends_inside_frame_3_names_it_and_its_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let whole = stream(2, |i| png(i, 96, 32));
    let third = png(2, 96, 32);
    let input = [&whole[..], &third[..third.len() / 2]].concat();
    let end = input.len().to_string();
    let start = format!("began at byte {}", whole.len());
    let args = ["stitch", "--stdin-frames", "-o", "cut.mp4"];
    fails_with_stdin(
        dir.path(),
        &args,
        &input,
        1,
        &["inside frame 3", &end, &start, "nothing was written"],
    );
    // A JPEG cut short too (ffmpeg alone would only warn, and encode it).
    let whole = stream(2, |i| jpeg(i, 64, 48));
    let third = jpeg(2, 64, 48);
    let input = [&whole[..], &third[..third.len() - 10]].concat();
    fails_with_stdin(dir.path(), &args, &input, 1, &["inside frame 3"]);
}

#[test]
fn garbage_as_frame_2_is_named_with_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let first = png(0, 96, 32);
    let input = [&first[..], b"Traceback (most recent call last):\n"].concat();
    let at = format!("frame 2 at byte {} of standard input", first.len());
    let args = ["stitch", "--stdin-frames", "-o", "g.mp4"];
    fails_with_stdin(
        dir.path(),
        &args,
        &input,
        1,
        &[&at, "is not a PNG, JPEG or PNM image"],
    );
}

#[test]
fn a_frame_of_another_size_is_named_with_both_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let input = [png(0, 96, 32), png(1, 96, 32), png(2, 97, 32)].concat();
    let args = ["stitch", "--stdin-frames", "-o", "s.mp4"];
    let words = [
        "frame 3 at byte",
        "97x32, expected 96x32 (as frame 1)",
        "--pad",
    ];
    fails_with_stdin(dir.path(), &args, &input, 1, &words);
    // A JPEG among PNGs.
    let input = [png(0, 96, 32), jpeg(1, 96, 32)].concat();
    fails_with_stdin(
        dir.path(),
        &args,
        &input,
        1,
        &["frame 2 at byte", "JPEG image"],
    );
}

#[test]
fn raw_bytes_that_are_not_whole_frames_name_the_partial_one() {
    let dir = tempfile::tempdir().unwrap();
    // Two frames of 5x3 rgb24 (45 bytes each), and 20 bytes of a third.
    let input = vec![7u8; 45 * 2 + 20];
    let args = ["stitch", "--raw", "5x3", "-o", "r.mp4"];
    let words = [
        "inside frame 3, at byte 110",
        "45 bytes each",
        "began at byte 90",
    ];
    fails_with_stdin(dir.path(), &args, &input, 1, &words);
}

#[test]
fn stdin_frames_with_a_folder_or_without_output_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("frames")).unwrap();
    let input = png(0, 24, 8);
    let args = ["stitch", "--stdin-frames", "frames", "-o", "a.mp4"];
    fails_with_stdin(dir.path(), &args, &input, 2, &["--stdin-frames"]);
    let args = ["stitch", "--raw", "8x8", "--glob", "*.png", "-o", "a.mp4"];
    fails_with_stdin(dir.path(), &args, &input, 2, &["--glob"]);
    fails_with_stdin(
        dir.path(),
        &["stitch", "--stdin-frames"],
        &input,
        2,
        &["needs -o"],
    );
    fails_with_stdin(
        dir.path(),
        &["stitch", "--raw", "8x8:yuv", "-o", "a.mp4"],
        &input,
        2,
        &["rgb24"],
    );
    fails_with_stdin(
        dir.path(),
        &["stitch", "--stdin-frames", "-o", "a.mp4"],
        b"",
        1,
        &["no frames"],
    );
}
