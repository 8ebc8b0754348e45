//! Photos decoded at a fraction of their size (`-lowres`) look as when every pixel is decoded
//! and scaled down, turned and fitted ones too, and only where that looks the same.

use super::*;

/// The structural similarity of each frame of `video` to the frame of `reference` `skip`
/// frames later, as ffmpeg's ssim filter measures it in `pixels` (1 is identical).
fn ssim_to(video: &Path, reference: &Path, pixels: &str, skip: u32) -> Vec<f64> {
    // Both sides tagged alike (a raw reference carries no tags): ffmpeg 7 and later would
    // otherwise convert one of them before comparing, which costs 0.005 of SSIM.
    let tags = match pixels.starts_with("yuv") {
        true => "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv,",
        false => "",
    };
    let output = Command::new("ffmpeg")
        .args(["-hide_banner", "-i"])
        .arg(video)
        .arg("-i")
        .arg(reference)
        .arg("-lavfi")
        .arg(format!(
            "[0:v]{tags}format={pixels}[a];\
             [1:v]trim=start_frame={skip},setpts=PTS-STARTPTS,{tags}format={pixels}[b];\
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

/// What decoding every pixel then framekit's `steps` give: the reference, as
/// one raw video (`then` is what follows the scaling: the video's conversion).
fn full_decodes(frames: &Path, steps: &str, then: &str, dir: &Path) -> std::path::PathBuf {
    let reference = dir.join("reference.nut");
    // Photos, or PNGs decoded from them.
    let extension = match frames.join("IMG_0001.png").exists() {
        true => "png",
        false => "JPG",
    };
    ffmpeg(&[
        "-i",
        frames
            .join(format!("IMG_%04d.{extension}"))
            .to_str()
            .unwrap(),
        "-vf",
        &format!("{steps}{then}"),
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
    let frames = camera_photos(dir.path(), 4, "2400x1800");
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
    let reference = full_decodes(&frames, "scale=800:-2,format=rgb24", TO_VIDEO, dir.path());
    assert_alike(&ssim_to(&output, &reference, "yuv420p", 0), 4);
    // Each frame in its place: the next photo is far less like it.
    assert!(ssim_to(&output, &reference, "yuv420p", 1)[0] < 0.98);
}

#[test]
fn photos_in_an_animation_a_sixth_as_wide_look_as_when_every_pixel_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = camera_photos(dir.path(), 3, "2400x1800");
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
    let reference = full_decodes(&frames, "scale=400:-2,format=rgb24", "", dir.path());
    assert_alike(&ssim_to(&output, &reference, "rgb24", 0), 3);
}

#[test]
fn turned_photos_fitted_into_a_box_keep_their_turn_and_their_detail() {
    let dir = tempfile::tempdir().unwrap();
    let frames = camera_photos(dir.path(), 2, "2400x1800");
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
    // With --fit, frames go to RGB first, as the box's padding needs.
    let box_ = "scale,format=rgb24,scale=640:640:force_original_aspect_ratio=decrease,\
                pad=640:640:(ow-iw)/2:(oh-ih)/2:color=black";
    // ffmpeg before 5.0 turns no photo (framekit does, for them): the reference is made from
    // the photos decoded to RGB PNGs, the second turned.
    let frames = if crate::support::video::ffmpeg_version() < (5, 0) {
        let turned = dir.path().join("turned");
        std::fs::create_dir_all(&turned).unwrap();
        for (name, turn) in [("IMG_0001", ""), ("IMG_0002", ",transpose=clock")] {
            let photo = frames.join(format!("{name}.JPG"));
            let png = turned.join(format!("{name}.png"));
            ffmpeg(&[
                "-i",
                photo.to_str().unwrap(),
                "-vf",
                &format!("scale,format=rgb24{turn}"),
                "-sws_flags",
                "bicubic+accurate_rnd+full_chroma_int",
                "-f",
                "image2",
                "-c:v",
                "png",
                png.to_str().unwrap(),
            ]);
        }
        turned
    } else {
        frames
    };
    let reference = full_decodes(&frames, box_, TO_VIDEO, dir.path());
    assert_alike(&ssim_to(&output, &reference, "yuv420p", 0), 2);
}

#[test]
fn photos_made_much_smaller_are_decoded_at_a_reduced_size_where_that_looks_the_same() {
    let dir = tempfile::tempdir().unwrap();
    camera_photos(dir.path(), 2, "2400x1800");
    // The -lowres that the ffmpeg decoding the photos must be given: in 4:2:0 video 1 (half
    // size) from 2.5 times smaller and 2 from 8 times; in full colour (APNG) 1 from 6 times.
    // (The SSIM tests above measure how it looks.)
    for (output, width, lowres) in [
        ("half.mp4", "1200", None),
        ("fifth.mp4", "480", Some(1)),
        ("tenth.mp4", "240", Some(2)),
        ("fifth.apng", "480", None),
        ("sixth.apng", "400", Some(1)),
    ] {
        let args = ["stitch", "frames", "--glob", "*.JPG", "-o", output];
        framekit_reporting(
            dir.path(),
            &[&args[..], &["--width", width, "-j", "1"]].concat(),
        );
        assert_eq!(count_frames(&dir.path().join(output)), 2, "{output}");
        // With -j 1, one ffmpeg decodes the photos and writes the file.
        let reports = ffmpeg_reports(dir.path());
        assert_eq!(reports.len(), 1, "{output}: {reports:?}");
        let ran = &reports[0];
        assert!(ran.args.contains(output), "{output}: {ran:?}");
        assert!(!ran.decodes_for_another(), "{output}: {ran:?}");
        assert!(ran.input_has("-c:v mjpeg"), "{output}: {ran:?}");
        match lowres {
            Some(shift) => assert!(
                ran.input_has(&format!("-lowres {shift}")),
                "{output}: {ran:?}"
            ),
            None => assert!(!ran.args.contains("-lowres"), "{output}: {ran:?}"),
        }
    }
}
