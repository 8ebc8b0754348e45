//! The first run just works (issue 22): a camera's folder of JPEGs without `--glob`, a
//! `--glob` whatever the case of the names, and a video named after its folder without `-o`;
//! each proved by decoding the frames' indices back out of the video.

use std::fs;
use std::path::Path;

use crate::support::frames::{write_frames, write_jpeg_frames, write_kind_frame, Kind};
use crate::support::run::{command_fails, fails, framekit, framekit_ok, stderr};
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

#[test]
fn without_an_output_the_video_is_named_after_its_folder_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 6, 96, 32);
    let run = framekit_ok(dir.path(), &["stitch", "frames", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["output"], "frames.mp4");
    let video = dir.path().join("frames.mp4");
    assert_eq!(indices(&video, 96, 32), (0..6).collect::<Vec<_>>());
    fs::remove_file(&video).unwrap();

    // `.`: the folder's real name, in its real parent, which the report gives in full.
    let run = framekit_ok(&frames, &["stitch", ".", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let output = Path::new(report["output"].as_str().unwrap());
    assert!(output.is_absolute(), "{output:?}");
    assert_eq!(output.file_name().unwrap(), "frames.mp4");
    assert_eq!(indices(&video, 96, 32), (0..6).collect::<Vec<_>>());
    assert!(!frames.join("frames.mp4").exists());
}

/// The success line on a terminal says where the video went.
#[test]
#[cfg(target_os = "linux")]
fn the_success_line_names_the_video_made_beside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let run = crate::support::run::in_terminal(dir.path(), "stitch frames/", &[]);
    let screen = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{screen}");
    assert!(screen.contains("wrote frames.mp4: 3 frames"), "{screen}");
    assert_eq!(indices(&dir.path().join("frames.mp4"), 96, 32), [0, 1, 2]);
}

#[test]
fn a_video_beside_the_folder_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let video = dir.path().join("frames.mp4");
    fs::write(&video, b"precious").unwrap();
    // Exit 1, and every file as it was (`fails` compares the whole folder).
    let said = fails(
        dir.path(),
        &["stitch", "frames"],
        1,
        &[
            "frames.mp4 already exists, and this run would replace it",
            "--force",
        ],
    );
    assert_message!("existing_video_beside", &said);
    assert_eq!(fs::read(&video).unwrap(), b"precious");
    framekit_ok(dir.path(), &["stitch", "frames", "--force"]);
    assert_eq!(indices(&video, 96, 32), [0, 1, 2]);
}

#[test]
fn frames_listed_on_stdin_need_an_output() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let list = dir.path().join("list.txt");
    fs::write(&list, "frames/frame_000.png\nframes/frame_001.png\n").unwrap();
    let said = command_fails(
        framekit(dir.path())
            .args(["stitch", "-"])
            .stdin(fs::File::open(&list).unwrap()),
        dir.path(),
        2,
        &["stitch - needs -o OUTPUT", "standard input have no folder"],
    );
    assert!(
        said.contains("hint: name the video: framekit stitch - -o out.mp4"),
        "{said}"
    );
}
