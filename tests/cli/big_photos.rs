//! Big camera photos made small: framekit decodes them at a fraction of their size
//! (`-lowres`), which must look the same as decoding every pixel and scaling down.

use std::path::Path;
use std::process::Command;

use crate::support::frames::with_exif_orientation;
use crate::support::run::framekit_ok;
use crate::support::video::{count_frames, ffmpeg};

/// `count` camera-sized JPEGs (ffmpeg's testsrc2: fine text, edges, colour bars), one
/// second apart so each differs, as `IMG_0001.JPG`...
fn write_photos(dir: &Path, count: u32, size: &str) -> std::path::PathBuf {
    let frames = dir.join("frames");
    std::fs::create_dir_all(&frames).unwrap();
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("testsrc2=s={size}:r=1"),
        "-frames:v",
        &count.to_string(),
        "-q:v",
        "2",
        frames.join("IMG_%04d.JPG").to_str().unwrap(),
    ]);
    frames
}

/// The structural similarity of each frame of `video` to the frame of `reference` `skip`
/// frames later, as ffmpeg's ssim filter measures it in `pixels` (1 is identical).
fn ssim_to(video: &Path, reference: &Path, pixels: &str, skip: u32) -> Vec<f64> {
    let output = Command::new("ffmpeg")
        .args(["-hide_banner", "-i"])
        .arg(video)
        .arg("-i")
        .arg(reference)
        .arg("-lavfi")
        .arg(format!(
            "[0:v]format={pixels}[a];\
             [1:v]trim=start_frame={skip},setpts=PTS-STARTPTS,format={pixels}[b];\
             [a][b]ssim=stats_file=-"
        ))
        .args(["-f", "null", "-"])
        .output()
        .expect("ffmpeg must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let all = line
                .split_whitespace()
                .find_map(|field| field.strip_prefix("All:"));
            all.unwrap_or_else(|| panic!("no SSIM in {line:?}"))
                .parse()
                .unwrap()
        })
        .collect()
}

/// What decoding every pixel and scaling as framekit scales gives: the reference, as
/// one raw video (`then` is what follows the scaling: the video's conversion).
fn full_decodes(frames: &Path, scale: &str, then: &str, dir: &Path) -> std::path::PathBuf {
    let reference = dir.join("reference.nut");
    ffmpeg(&[
        "-i",
        frames.join("IMG_%04d.JPG").to_str().unwrap(),
        "-vf",
        // framekit's own steps: to RGB at full size, then scaled.
        &format!("scale,format=rgb24,{scale}{then}"),
        "-sws_flags",
        "bicubic+accurate_rnd+full_chroma_int",
        "-c:v",
        "rawvideo",
        reference.to_str().unwrap(),
    ]);
    reference
}

fn assert_alike(similarity: &[f64], frames: usize) {
    assert_eq!(similarity.len(), frames, "{similarity:?}");
    let mean = similarity.iter().sum::<f64>() / similarity.len() as f64;
    assert!(
        mean >= 0.995,
        "mean SSIM {mean} to a full decode: {similarity:?}"
    );
}

/// BT.709 4:2:0, as framekit's videos carry it.
const TO_VIDEO: &str = ",scale=out_color_matrix=bt709:out_range=tv,format=yuv420p";

#[test]
fn photos_in_a_video_a_third_as_wide_look_as_when_every_pixel_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_photos(dir.path(), 4, "2400x1800");
    // --crf 0: lossless H.264, so only the decoding can differ.
    let args = [
        "stitch",
        "frames",
        "-o",
        "small.mp4",
        "--glob",
        "*.JPG",
        "--width",
        "800",
    ];
    framekit_ok(dir.path(), &[&args[..], &["--crf", "0"]].concat());
    let output = dir.path().join("small.mp4");
    assert_eq!(count_frames(&output), 4);
    let reference = full_decodes(&frames, "scale=800:-2", TO_VIDEO, dir.path());
    assert_alike(&ssim_to(&output, &reference, "yuv420p", 0), 4);
    // Each frame in its place: the next photo is far less like it.
    assert!(ssim_to(&output, &reference, "yuv420p", 1)[0] < 0.98);
}

#[test]
fn photos_in_an_animation_a_sixth_as_wide_look_as_when_every_pixel_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_photos(dir.path(), 3, "2400x1800");
    // APNG keeps every pixel in full colour, the harder case for a reduced decode.
    let args = [
        "stitch",
        "frames",
        "-o",
        "small.apng",
        "--glob",
        "*.JPG",
        "--width",
        "400",
    ];
    framekit_ok(dir.path(), &args);
    let output = dir.path().join("small.apng");
    let reference = full_decodes(&frames, "scale=400:-2", "", dir.path());
    assert_alike(&ssim_to(&output, &reference, "rgb24", 0), 3);
}

#[test]
fn turned_photos_fitted_into_a_box_keep_their_turn_and_their_detail() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_photos(dir.path(), 2, "2400x1800");
    // The second photo was taken upright: EXIF orientation 6 (turn 90° clockwise).
    let upright = frames.join("IMG_0002.JPG");
    let tagged = with_exif_orientation(&std::fs::read(&upright).unwrap(), 6);
    std::fs::write(&upright, tagged).unwrap();
    let args = [
        "stitch",
        "frames",
        "-o",
        "fitted.mp4",
        "--glob",
        "*.JPG",
        "--fit",
        "640x640",
    ];
    framekit_ok(dir.path(), &[&args[..], &["--crf", "0"]].concat());
    let output = dir.path().join("fitted.mp4");
    let box_ = "scale=640:640:force_original_aspect_ratio=decrease,\
                pad=640:640:(ow-iw)/2:(oh-ih)/2:color=black";
    let reference = full_decodes(&frames, box_, TO_VIDEO, dir.path());
    assert_alike(&ssim_to(&output, &reference, "yuv420p", 0), 2);
}
