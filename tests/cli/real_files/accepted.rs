//! Files ffmpeg decodes correctly are stitched: one frame each, in order, their pixels
//! those an independent decoder (the `image` crate) gives for the picture, within what
//! H.264 loses of a smooth picture.

use super::*;

/// Stitches `frames` (a folder of files named in order) to an .mp4 and checks it: one frame
/// a file, in order (their indices `expected`), each within a few levels of `pictures`.
fn stitches_as(dir: &Path, expected: &[u32], pictures: &[Vec<u8>]) {
    framekit_ok(dir, &["stitch", "frames", "-o", "out.mp4"]);
    let video = dir.join("out.mp4");
    assert_eq!(
        count_frames(&video),
        expected.len() as u64,
        "one frame a file"
    );
    assert_eq!(
        indices(&video, WIDTH, HEIGHT),
        expected,
        "the files, in order"
    );
    let decoded = rgb(&video);
    let size = (WIDTH * HEIGHT * 3) as usize;
    for (frame, picture) in decoded.chunks(size).zip(pictures) {
        let total: u64 = (frame.iter().zip(picture))
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = total as f64 / size as f64;
        assert!(mean < 4.0, "{mean} levels off on average");
    }
}

/// The picture an independent decoder sees in a JPEG.
fn independent_view(jpeg: &[u8]) -> Vec<u8> {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8()
        .into_raw()
}

/// Three JPEG frames, each made odd by `odd`, stitched as the pictures they hold.
fn odd_jpegs_stitch(odd: impl Fn(&[u8], u32) -> Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut pictures = Vec::new();
    for index in 0..3 {
        let jpeg = jpeg_of(dir.path(), index);
        pictures.push(independent_view(&jpeg));
        files.push((format!("IMG_{index}.jpg"), odd(&jpeg, index)));
    }
    folder(dir.path(), &files);
    stitches_as(dir.path(), &[0, 1, 2], &pictures);
}

#[test]
fn jpegs_with_junk_before_their_start_marker_are_stitched() {
    odd_jpegs_stitch(|jpeg, _| [&b"\0\0\0\0garbage\r\n"[..], jpeg].concat());
}

#[test]
fn jpegs_whose_app1_length_is_too_short_are_stitched() {
    // The length claims 8 bytes of the 22 there are: ffmpeg reads on from there.
    odd_jpegs_stitch(|jpeg, _| with_segment(jpeg, &exif_with_length(8)));
}

#[test]
fn jpegs_whose_app1_length_runs_past_the_file_are_stitched_one_frame_each() {
    // ffmpeg's decoder reads on after the length; its stream parser would step over the
    // next file's start, making two files one frame.
    odd_jpegs_stitch(|jpeg, _| with_segment(jpeg, &exif_with_length(0xFFF0)));
}

#[test]
fn jpegs_with_a_truncated_app14_are_stitched() {
    odd_jpegs_stitch(|jpeg, _| with_segment(jpeg, &truncated_adobe()));
}

#[test]
fn a_multi_picture_jpeg_gives_its_primary_image_one_frame() {
    let dir = tempfile::tempdir().unwrap();
    // The second picture carries another index (and another look): seen, it would show.
    let depth = jpeg_of(dir.path(), 1000);
    odd_jpegs_stitch(|jpeg, _| mpo(jpeg, &depth));
}

#[test]
fn pngs_with_bytes_after_iend_are_stitched() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut pictures = Vec::new();
    for index in 0..3 {
        pictures.push(picture(index));
        let tail: &[u8] = if index == 1 { b"\0\0junk" } else { b"\0" };
        files.push((
            format!("f_{index}.png"),
            [&png_of(index)[..], tail].concat(),
        ));
    }
    folder(dir.path(), &files);
    stitches_as(dir.path(), &[0, 1, 2], &pictures);
}
