//! Whole frames that cannot make one video: of other sizes or turns, PNG mixed with JPEG,
//! layouts --lossless cannot keep, and frames or folders that are no files.

use std::fs;

use crate::support::frames::{
    with_exif_orientation, write_frame, write_frames, write_jpeg_frames, write_kind_frame, Kind,
};
use crate::support::paths::native;
use crate::support::video::ffmpeg;

use super::fails;

#[test]
fn frames_of_another_size_are_each_listed_with_both_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 4, 80, 48);
    write_frame(&frames.join("frame_003.png"), 3, 96, 48);
    write_frame(&frames.join("frame_001.png"), 1, 80, 40);
    fails(
        "frames_of_another_size",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[
            "2 of 4 frame(s) cannot be used",
            &native("frames/frame_001.png is 80x40, expected 80x48 (as frames/frame_000.png)"),
            &native("frames/frame_003.png is 96x48, expected 80x48 (as frames/frame_000.png)"),
        ],
    );
}

#[test]
fn a_stray_frame_is_named_against_the_size_most_frames_share() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 4, 80, 48);
    // Sorts first: held to its size, every good frame would be blamed instead.
    write_frame(&frames.join("a_thumb.png"), 9, 40, 24);
    let message = fails(
        "stray_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[
            "1 of 5 frame(s) cannot be used",
            &native("frames/a_thumb.png is 40x24, expected 80x48 (as frames/frame_000.png)"),
        ],
    );
    assert!(!message.contains("frame_001.png"), "{message}");
}

#[test]
fn portrait_and_landscape_photos_are_refused_as_ffmpeg_would_turn_them() {
    let dir = tempfile::tempdir().unwrap();
    // Three landscape shots, then two in portrait: stored alike, but ffmpeg turns the last
    // two upright by their EXIF orientation and would squash them into 96x32.
    write_jpeg_frames(dir.path(), 5, 96, 32, |index| (index >= 3).then_some(6));
    fails(
        "portrait_and_landscape",
        dir.path(),
        &["frames", "--glob", "*.JPG", "-o", "a.mp4"],
        1,
        &[
            "2 of 5 frame(s) cannot be used",
            &native(
                "frames/IMG_0003.JPG is 32x96 (turned upright by its EXIF orientation), \
             expected 96x32 (as frames/IMG_0000.JPG)",
            ),
            &native("frames/IMG_0004.JPG is 32x96"),
            "hint: ffmpeg turns each photo upright by its EXIF orientation",
        ],
    );
}

#[test]
fn mixed_png_and_jpeg_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 96, 32);
    let png = dir.path().join("p.png");
    write_kind_frame(&png, 1, 96, 32, Kind::Rgb8);
    ffmpeg(&[
        "-i",
        png.to_str().unwrap(),
        frames.join("frame_009.jpg").to_str().unwrap(),
    ]);
    fails(
        "mixed_png_and_jpeg",
        dir.path(),
        &["frames", "--glob", "*", "-o", "a.mp4"],
        1,
        &[&native(
            "frames/frame_009.jpg is a JPEG image, expected PNG (as frames/frame_000.png)",
        )],
    );
}

#[test]
fn lossless_refuses_jpeg_layouts_and_depths_it_cannot_keep() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // 4:2:2 turned a quarter by EXIF orientation is 4:4:0, which FFV1 cannot hold exactly.
    for index in 0..2 {
        let png = dir.path().join("source.png");
        write_frame(&png, index, 64, 32);
        let jpg = frames.join(format!("f_{index}.jpg"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            "yuvj422p",
            jpg.to_str().unwrap(),
        ]);
        fs::remove_file(&png).unwrap();
        let tagged = with_exif_orientation(&fs::read(&jpg).unwrap(), 6);
        fs::write(&jpg, tagged).unwrap();
    }
    fails(
        "lossless_jpeg_layout_without_ffv1_counterpart",
        dir.path(),
        &["frames", "--glob", "*.jpg", "-o", "a.mkv", "--lossless"],
        1,
        &[&native("--lossless cannot keep frames/f_0.jpg exactly")],
    );
    // 16 bits a channel: more than H.264 RGB keeps.
    write_frames(dir.path(), 2, 64, 32);
    write_kind_frame(&frames.join("frame_009.png"), 9, 64, 32, Kind::Rgb16);
    fails(
        "lossless_mp4_16_bit",
        dir.path(),
        &["frames", "-o", "a.mp4", "--lossless"],
        1,
        &[&native("frames/frame_009.png is a 16-bit RGB PNG")],
    );
}

#[cfg(unix)]
#[test]
fn frames_folders_and_frames_that_are_no_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 48, 16);
    fails(
        "frames_folder_is_a_device",
        dir.path(),
        &["/dev/null", "-o", "a.mp4"],
        1,
        &["/dev/null is not a folder"],
    );
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    fails(
        "frames_folder_unreadable",
        dir.path(),
        &["loop", "-o", "a.mp4"],
        1,
        &["cannot read the frames folder loop: "],
    );
    fs::remove_file(dir.path().join("loop")).unwrap();
    // A FIFO would block a reader forever.
    let fifo = std::ffi::CString::new(frames.join("frame_005.png").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    fails(
        "frame_is_a_fifo",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frames/frame_005.png is not a regular file")],
    );
}
