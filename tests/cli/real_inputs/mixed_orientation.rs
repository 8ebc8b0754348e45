//! Photos of mixed orientation: `--fit` puts them in one box with every frame, `--pad`
//! names the photo that makes the canvas large, and what cannot be done is refused.

use super::*;

/// The photos of `write_jpeg_frames` fitted into one 192x64 box.
const FIT_TEN_PHOTOS: [&str; 6] = ["stitch", "frames", "--glob", "*.JPG", "--fit", "192x64"];

#[test]
fn fit_puts_portrait_and_landscape_photos_in_one_box_with_every_frame() {
    let dir = tempfile::tempdir().unwrap();
    // Nine landscape photos and one portrait one (turned by its EXIF orientation).
    // Index 7 lights three bars: the portrait frame shows as stripes the columns can see.
    let frames = write_jpeg_frames(dir.path(), 10, 96, 32, |i| (i == 7).then_some(6));
    // ffmpeg 6 and later would turn the two frames after the portrait one too (seen with
    // 7.0.2 and 9.0.2): there framekit decodes them in a process of their own. One process
    // or two at a time (-j), the frames come out upright, in order.
    for (output, jobs) in [
        ("fit.mp4", "1"),
        ("fit.mp4", "2"),
        ("fit.gif", "1"),
        ("fit.gif", "2"),
    ] {
        let args = ["-o", output, "--json", "--force", "-j", jobs];
        let said = framekit_ok(dir.path(), &[&FIT_TEN_PHOTOS[..], &args].concat());
        a_portrait_photo_fits_among_landscape_ones(&dir.path().join(output), &said);
    }
    // The dry run's one command would turn them there, and says so.
    let args = ["-o", "fit.mp4", "--force", "--dry-run"];
    let said = framekit_ok(dir.path(), &[&FIT_TEN_PHOTOS[..], &args].concat());
    assert_eq!(
        stderr(&said).contains("the one command printed would turn them"),
        crate::support::video::ffmpeg_version() >= (6, 0),
        "{}",
        stderr(&said)
    );
    drop(frames);
}

/// The frames of `video` (MP4 or GIF): nine landscape photos filling the 192x64 box, and the eighth a
/// portrait one pillarboxed in its middle.
fn a_portrait_photo_fits_among_landscape_ones(video: &Path, output: &std::process::Output) {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (report["width"].clone(), report["height"].clone()),
        (192.into(), 64.into())
    );
    let facts = probe(video, "v:0", "width,height");
    assert_eq!(
        (facts["width"].as_str(), facts["height"].as_str()),
        ("192", "64")
    );
    assert_eq!(count_frames(video), 10);
    if video.extension().is_some_and(|e| e == "gif") {
        // And as a browser's decoder reads the file.
        assert_eq!(animation_frames(video).len(), 10);
    }
    // Landscape frames fill the box: their bars read back at twice the size.
    let read = indices(video, 192, 64);
    let landscape: Vec<u32> = read
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| *i != 7)
        .map(|(_, v)| v)
        .collect();
    assert_eq!(landscape, [0, 1, 2, 3, 4, 5, 6, 8, 9]);
    // The portrait photo (32x96 upright) is scaled to 21x64 and centred on black.
    let frame = ffmpeg(&[
        "-i",
        video.to_str().unwrap(),
        "-vf",
        "select=eq(n\\,7)",
        "-frames:v",
        "1",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
        "-",
    ]);
    let column_mean = |x: usize| (0..64).map(|y| u32::from(frame[y * 192 + x])).sum::<u32>() / 64;
    assert!(
        column_mean(10) < 24 && column_mean(181) < 24,
        "pillars are black"
    );
    let lit = (86..106).filter(|&x| column_mean(x) > 40).count();
    assert!(lit > 5, "the photo is in the middle");
}

#[test]
fn a_turned_photo_before_upright_ones_with_times_of_their_own_is_refused_where_ffmpeg_would_turn_them_all(
) {
    let dir = tempfile::tempdir().unwrap();
    write_jpeg_frames(dir.path(), 10, 96, 32, |i| (i == 7).then_some(6));
    let args = [&FIT_TEN_PHOTOS[..], &["-o", "fit.mp4", "--hold-last", "1"]].concat();
    // Frames with their own times go through one ffmpeg process: on ffmpeg 6 and later it
    // would turn IMG_0008 and IMG_0009 too.
    if crate::support::video::ffmpeg_version() >= (6, 0) {
        let said = fails(
            dir.path(),
            &args,
            1,
            &[
                &native("frames/IMG_0007.JPG is turned by its EXIF orientation"),
                &native("frames/IMG_0008.JPG among them"),
                "exiftran -ai",
                "--hold-last",
            ],
        );
        let mut settings = crate::support::messages::settings();
        settings.add_filter(r"ffmpeg \d+\.\d+ would", "ffmpeg [VERSION] would");
        settings.bind(|| insta::assert_snapshot!("fit_on_an_ffmpeg_that_keeps_turning", said));
    } else if crate::support::video::ffmpeg_version() < (5, 0) {
        // ffmpeg 4.x turns no photo: framekit turns them in decoders of their own, which
        // frames with their own times cannot take; refused before any work.
        let said = fails(
            dir.path(),
            &args,
            2,
            &[
                &native("frames/IMG_0007.JPG is turned by its EXIF orientation"),
                "does not apply (ffmpeg 5.0 and later do)",
                "exiftran -ai",
            ],
        );
        assert!(!dir.path().join("fit.mp4").exists(), "{said}");
    } else {
        framekit_ok(dir.path(), &args);
        assert_eq!(count_frames(&dir.path().join("fit.mp4")), 10);
    }
}

#[test]
fn pad_alone_names_a_portrait_photo_that_makes_the_canvas_square() {
    let dir = tempfile::tempdir().unwrap();
    // The portrait photo last: after it, ffmpeg 6+ would turn the rest too (see
    // fit_puts_portrait_and_landscape_photos_in_one_box_with_every_frame).
    write_jpeg_frames(dir.path(), 4, 96, 32, |i| (i == 3).then_some(6));
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "-o", "pad.mp4", "--glob", "*.JPG", "--pad", "black",
        ],
    );
    let said = stderr(&output);
    assert!(
        said.contains(&native(
            "frames/IMG_0003.JPG is 32x96, far larger than most frames (96x32)"
        )),
        "{said}"
    );
    assert!(said.contains("pass --fit 96x32"), "{said}");
    assert_message!("pad_canvas_warning", &said);
}

#[test]
fn fit_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    for (args, words) in [
        (
            &["--fit", "0x10"][..],
            &["'0x10': each side must be 1 to 16384 pixels"][..],
        ),
        (
            &["--fit", "wide"],
            &["'wide' is not a size; use WIDTHxHEIGHT"],
        ),
        (
            &["--fit", "64x64", "--width", "32"],
            &["cannot be used with"],
        ),
        (
            &["--fit", "64x64", "--lossless"],
            &["--lossless keeps every pixel, so it cannot scale (--fit)"],
        ),
    ] {
        let output = if args.contains(&"--lossless") {
            "x.mkv"
        } else {
            "x.mp4"
        };
        let all = [&["stitch", "frames", "-o", output][..], args].concat();
        let message = fails(dir.path(), &all, 2, words);
        if args[1] == "0x10" {
            assert_message!("fit_zero_side", &message);
        }
    }
}

#[test]
fn fit_to_the_frames_own_size_keeps_every_frame_in_order() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 96, 32);
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "same.mp4", "--fit", "96x32"],
    );
    let video = dir.path().join("same.mp4");
    assert_eq!(indices(&video, 96, 32), (0..6).collect::<Vec<_>>());
    assert_eq!(rgb(&video).len(), 6 * 96 * 32 * 3);
}
