//! Big camera photos made small: framekit decodes them at a fraction of their size
//! (`-lowres`), which must look the same as decoding every pixel and scaling down, and on
//! several processes at once, which must give the same frames in the same order.

use std::path::Path;
use std::process::Command;

use crate::support::frames::{camera_photos, truncate, with_exif_orientation};
use crate::support::reports::{ffmpeg_reports, reporting};
use crate::support::run::{fails, framekit, framekit_ok, stderr};
use crate::support::tree::names;
use crate::support::video::{count_frames, ffmpeg, tool};

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

/// Each frame's MD5, as ffmpeg decodes the video.
fn frame_hashes(video: &Path) -> Vec<String> {
    let lines = String::from_utf8(ffmpeg(&[
        "-i",
        video.to_str().unwrap(),
        "-f",
        "framemd5",
        "-",
    ]))
    .unwrap();
    lines
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.rsplit(',').next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn photos_decoded_on_several_processes_make_the_same_frames_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    // Big enough (4.3 megapixels) to be decoded apart; 13 frames: batches end unevenly.
    camera_photos(dir.path(), 13, "2400x1800");
    for output in ["a.mp4", "a.apng", "a.mov", "a.gif"] {
        let stem = output.replace('.', "_");
        let args = ["stitch", "frames", "--glob", "*.JPG", "--width", "480"];
        let apart = format!("{stem}_apart.{}", &output[2..]);
        let together = format!("{stem}_together.{}", &output[2..]);
        let codec: &[&str] = if output.ends_with("mov") {
            &["--codec", "prores"]
        } else {
            &[]
        };
        framekit_ok(
            dir.path(),
            &[&args[..], codec, &["-o", &apart, "-j", "3"]].concat(),
        );
        framekit_ok(
            dir.path(),
            &[&args[..], codec, &["-o", &together, "-j", "1"]].concat(),
        );
        let apart = frame_hashes(&dir.path().join(apart));
        assert_eq!(apart.len(), 13, "{output}");
        let distinct: std::collections::HashSet<_> = apart.iter().collect();
        assert_eq!(distinct.len(), 13, "{output}: every photo differs");
        assert_eq!(apart, frame_hashes(&dir.path().join(together)), "{output}");
    }
}

#[test]
fn a_truncated_photo_decoded_apart_fails_the_run_and_is_named() {
    // Two batches of 6 photos, decoded at once: the damaged one starts the first or the
    // second batch, or ends the last; the other batch is stopped because of it, and must
    // not be blamed.
    for damaged in ["IMG_0001.JPG", "IMG_0007.JPG", "IMG_0012.JPG"] {
        let dir = tempfile::tempdir().unwrap();
        let frames = camera_photos(dir.path(), 12, "2400x1800");
        truncate(&frames.join(damaged), 0.6);
        fails(
            dir.path(),
            &[
                "stitch", "frames", "--glob", "*.JPG", "-o", "x.mp4", "--width", "480", "-j", "2",
            ],
            1,
            &[
                &crate::support::paths::native(&format!("frames/{damaged} cannot be decoded")),
                "damaged or truncated",
                "nothing was written",
            ],
        );
        assert_eq!(names(dir.path()), ["frames"], "{damaged}");
    }
}

#[test]
fn a_damaged_photo_is_named_while_the_batch_before_it_still_decodes() {
    let dir = tempfile::tempdir().unwrap();
    let frames = camera_photos(dir.path(), 12, "2400x1800");
    // Two batches of 6, decoded at once: IMG_0001-06, slow (its last two big and noisy),
    // beside IMG_0007-12, whose first photo fails at once. The slow batch is then stopped,
    // and must not be the one blamed.
    for name in ["IMG_0005.JPG", "IMG_0006.JPG"] {
        tool(
            "ffmpeg",
            &[
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=8000x6000:r=1,noise=alls=30:allf=t",
                "-frames:v",
                "1",
                "-q:v",
                "1",
                frames.join(name).to_str().unwrap(),
            ],
            dir.path(),
        );
    }
    truncate(&frames.join("IMG_0007.JPG"), 0.05);
    fails(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "*.JPG", "-o", "x.mp4", "--fit", "480x360", "-j", "2",
        ],
        1,
        &[
            &crate::support::paths::native("frames/IMG_0007.JPG cannot be decoded"),
            "nothing was written",
        ],
    );
    assert_eq!(names(dir.path()), ["frames"]);
}

#[test]
// The line is for a POSIX shell; on Windows it is for cmd.exe (tests/cli/windows.rs).
#[cfg(unix)]
fn the_dry_run_of_photos_decoded_apart_says_its_one_command_makes_the_same_video() {
    let dir = tempfile::tempdir().unwrap();
    camera_photos(dir.path(), 6, "2400x1800");
    let args = [
        "stitch", "frames", "--glob", "*.JPG", "--width", "480", "-j", "2",
    ];
    let output = framekit_ok(
        dir.path(),
        &[&args[..], &["-o", "x.mp4", "--dry-run"]].concat(),
    );
    let said = crate::support::run::stderr(&output);
    assert!(said.contains("2 ffmpeg processes decode"), "{said}");
    let line = String::from_utf8(output.stdout).unwrap();
    tool("sh", &["-c", &line], dir.path());
    // What it said is what runs: two ffmpeg processes decode (one a batch), one encodes.
    let pipe = crate::support::reports::ReportPipe::new(dir.path());
    framekit_reporting(dir.path(), &[&args[..], &["-o", "y.mp4"]].concat());
    let reports = pipe.reports();
    let decoders = reports.iter().filter(|r| r.decodes_for_another()).count();
    assert_eq!((decoders, reports.len()), (2, 3), "{reports:?}");
    assert_eq!(
        frame_hashes(&dir.path().join("x.mp4")),
        frame_hashes(&dir.path().join("y.mp4"))
    );
}

/// Runs framekit in `dir` with `args`, every ffmpeg it starts writing a report, and insists
/// it succeeds.
fn framekit_reporting(dir: &Path, args: &[&str]) {
    let output = reporting(&mut framekit(dir)).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
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

#[test]
// A FIFO (support::reports): ffmpeg processes that run at once write one report file over
// each other, and Windows has no FIFO.
#[cfg(unix)]
fn photos_decoded_apart_take_an_ffmpeg_a_batch_and_one_encoder_and_together_one_ffmpeg() {
    use crate::support::reports::{Report, ReportPipe};

    let dir = tempfile::tempdir().unwrap();
    // 13 photos: batches end unevenly. Five times smaller: -lowres 1 in 4:2:0 video, none
    // in full colour (APNG).
    camera_photos(dir.path(), 13, "2400x1800");
    for (format, lowres) in [("mp4", true), ("apng", false)] {
        let args = ["stitch", "frames", "--glob", "*.JPG", "--width", "480"];
        let decodes =
            |ran: &Report| ran.input_has("-c:v mjpeg") && ran.input_has("-lowres 1") == lowres;

        let apart = format!("apart.{format}");
        let pipe = ReportPipe::new(dir.path());
        framekit_reporting(
            dir.path(),
            &[&args[..], &["-o", &apart, "-j", "3"]].concat(),
        );
        let (decoders, encoders): (Vec<Report>, Vec<Report>) = pipe
            .reports()
            .into_iter()
            .partition(Report::decodes_for_another);
        assert!(decoders.len() > 1, "{apart}: {decoders:?}");
        for ran in &decoders {
            assert!(decodes(ran), "{apart}: {ran:?}");
        }
        // One more ffmpeg takes their raw frames, decodes no photo, and writes the file.
        assert_eq!(encoders.len(), 1, "{apart}: {encoders:?}");
        let encoder = &encoders[0];
        assert!(encoder.input_has("-f rawvideo"), "{apart}: {encoder:?}");
        assert!(!encoder.args.contains("mjpeg"), "{apart}: {encoder:?}");
        assert!(encoder.args.contains(&apart), "{apart}: {encoder:?}");

        let together = format!("together.{format}");
        let pipe = ReportPipe::new(dir.path());
        framekit_reporting(
            dir.path(),
            &[&args[..], &["-o", &together, "-j", "1"]].concat(),
        );
        let reports = pipe.reports();
        assert_eq!(reports.len(), 1, "{together}: {reports:?}");
        assert!(decodes(&reports[0]), "{together}: {reports:?}");
        assert!(
            reports[0].args.contains(&together),
            "{together}: {reports:?}"
        );
    }
}
