//! The first run just works (issue 22): a camera's folder of JPEGs without `--glob`, a
//! `--glob` whatever the case of the names, and a video named after its folder without `-o`;
//! each proved by decoding the frames' indices back out of the video.

use std::fs;
use std::path::Path;

use crate::support::frames::{write_frames, write_jpeg_frames, write_kind_frame, Kind};
use crate::support::run::{framekit_ok, stderr};
use crate::support::video::{ffmpeg, indices};

const NOTE: &str = "no *.png in frames: taking its 8 JPEG files (*.jpg, *.jpeg)";

/// A JPEG at `path` carrying `index` as bars, written by ffmpeg under a name of its own
/// choosing and renamed into place (ffmpeg picks its muxer by the extension).
fn write_jpeg(path: &Path, index: u32) {
    let scratch = tempfile::tempdir().unwrap();
    let png = scratch.path().join("frame.png");
    let jpg = scratch.path().join("frame.jpg");
    write_kind_frame(&png, index, 96, 32, Kind::Rgb8);
    ffmpeg(&[
        "-i",
        png.to_str().unwrap(),
        "-q:v",
        "2",
        jpg.to_str().unwrap(),
    ]);
    fs::rename(&jpg, path).unwrap();
}

/// `dir/frames` with 8 JPEGs, every extension a camera or an editor writes, in turn:
/// IMG_0000.jpg, IMG_0001.JPG, IMG_0002.jpeg, IMG_0003.JPEG, IMG_0004.jpg, ...; and a file
/// that is no frame.
fn camera_folder(dir: &Path) {
    let frames = dir.join("frames");
    fs::create_dir(&frames).unwrap();
    for index in 0..8u32 {
        let extension = ["jpg", "JPG", "jpeg", "JPEG"][index as usize % 4];
        write_jpeg(&frames.join(format!("IMG_{index:04}.{extension}")), index);
    }
    fs::write(frames.join("notes.txt"), "not a frame").unwrap();
}

#[test]
fn a_folder_of_jpegs_is_taken_without_a_glob_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    camera_folder(dir.path());
    let run = framekit_ok(dir.path(), &["stitch", "frames", "-o", "lapse.mp4"]);
    assert_eq!(
        indices(&dir.path().join("lapse.mp4"), 96, 32),
        (0..8).collect::<Vec<_>>()
    );
    let said = stderr(&run);
    assert_eq!(said.matches(NOTE).count(), 1, "{said}");
    assert_message!("jpegs_without_glob", &said);

    // --json: still one object on stdout, the note on stderr and in its warnings.
    let run = framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "lapse.webm", "--json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["frames"], 8);
    assert_eq!(report["warnings"], serde_json::json!([NOTE]));
    assert_eq!(stderr(&run).matches(NOTE).count(), 1);
    assert_eq!(
        indices(&dir.path().join("lapse.webm"), 96, 32),
        (0..8).collect::<Vec<_>>()
    );
}

#[test]
fn a_folder_of_pngs_and_jpegs_gives_its_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 96, 32);
    write_jpeg(&frames.join("frame_001a.jpg"), 7);
    write_jpeg(&frames.join("photo.JPG"), 8);
    let run = framekit_ok(dir.path(), &["stitch", "frames", "-o", "pngs.mp4"]);
    assert_eq!(indices(&dir.path().join("pngs.mp4"), 96, 32), [0, 1, 2]);
    assert_eq!(stderr(&run), "");
}

#[test]
fn a_glob_takes_names_in_either_case() {
    let dir = tempfile::tempdir().unwrap();
    // IMG_0000.JPG ... as a camera names them.
    write_jpeg_frames(dir.path(), 4, 96, 32, |_| None);
    let run = framekit_ok(
        dir.path(),
        &["stitch", "frames", "--glob", "*.jpg", "-o", "lower.mp4"],
    );
    assert_eq!(indices(&dir.path().join("lower.mp4"), 96, 32), [0, 1, 2, 3]);
    assert_eq!(stderr(&run), "");
    // The whole pattern, not just the extension.
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "--glob",
            "img_000[1-2].jpg",
            "-o",
            "two.mp4",
        ],
    );
    assert_eq!(indices(&dir.path().join("two.mp4"), 96, 32), [1, 2]);
}
