//! Photos decoded apart, on several processes: the same frames in the same order, a damaged
//! photo named, one ffmpeg a batch, and a dry run that says the same.

use super::*;

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
        // One process: a GIF by framekit's own encoder, unless told ffmpeg's, which decoders
        // apart feed (the same frames either way; here the same encoder too).
        let output_together = crate::support::run::framekit(dir.path())
            .args([&args[..], codec, &["-o", &together, "-j", "1"]].concat())
            .env("FRAMEKIT_GIF_ENCODER", "ffmpeg")
            .output()
            .unwrap();
        assert!(output_together.status.success(), "{output}");
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
