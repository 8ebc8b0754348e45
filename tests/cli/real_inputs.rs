//! Right or refused on inputs as real tools make them: truncated and damaged camera JPEGs,
//! the harmless oddities of camera JPEGs, truncated videos, photos of mixed orientation.
//! Every output is decoded to check its frames; every refusal leaves the folder unchanged.

use std::fs;
use std::path::Path;

use crate::support::frames::{
    frame_pixels, truncate, write_frame, write_frames, write_jpeg_frames,
};
use crate::support::images::animation_frames;
use crate::support::paths::native;
use crate::support::run::{fails, framekit, framekit_ok, stderr};
use crate::support::tree::names;
use crate::support::video::{count_frames, ffmpeg, indices, probe, rgb, video};

/// Eight camera-like JPEGs (`IMG_0000.JPG` ...) of 192x64 carrying their index, with
/// noise below it so that they are as hard to compress as photos (a few KiB each).
fn photos(dir: &Path) -> std::path::PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..8 {
        let png = dir.join("p.png");
        write_frame(&png, index, 192, 64);
        let jpg = frames.join(format!("IMG_{index:04}.JPG"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-q:v",
            "2",
            jpg.to_str().unwrap(),
        ]);
        fs::remove_file(png).unwrap();
    }
    frames
}

#[test]
fn a_truncated_jpeg_fails_the_run_in_every_format_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = photos(dir.path());
    truncate(&frames.join("IMG_0003.JPG"), 0.6);
    for (output, extra) in [
        ("x.mp4", &[][..]),
        ("x.gif", &[]),
        ("x.webm", &[]),
        ("x.mkv", &["--lossless"][..]),
    ] {
        let args = [
            &["stitch", "frames", "-o", output, "--glob", "*.JPG"][..],
            extra,
        ]
        .concat();
        let message = fails(
            dir.path(),
            &args,
            1,
            &[
                &native("frames/IMG_0003.JPG cannot be decoded"),
                "damaged or truncated",
                "nothing was written",
            ],
        );
        if output == "x.mp4" {
            assert_message_quoting_ffmpeg!("truncated_jpeg", &message);
        }
    }
}

/// Whether the classic command would encode this JPEG without failing, though ffmpeg's
/// decoder complains about it: exit 0 with something on stderr.
fn raw_ffmpeg_lets_it_through(jpeg: &Path) -> bool {
    let output = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(jpeg)
        .args(["-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    output.status.success() && !output.stderr.is_empty()
}

#[test]
fn a_jpeg_with_damaged_image_data_fails_the_run_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = photos(dir.path());
    let path = frames.join("IMG_0005.JPG");
    let good = fs::read(&path).unwrap();
    let scan = good.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap() + 20;
    // Scramble 40 bytes of the image data, as a bad sector or a bad copy does, at the first
    // place where ffmpeg's decoder complains ("bad vlc", "error count") yet the classic
    // command still encodes the frame, with exit 0, from garbage.
    let damaged = (scan..good.len() - 60).step_by(7).find_map(|at| {
        let mut bytes = good.clone();
        for byte in &mut bytes[at..at + 40] {
            *byte = byte.wrapping_mul(7).wrapping_add(13);
        }
        fs::write(&path, &bytes).unwrap();
        raw_ffmpeg_lets_it_through(&path).then_some(bytes)
    });
    assert!(
        damaged.is_some(),
        "a damage that only makes ffmpeg complain"
    );
    fails(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--glob", "*.JPG"],
        1,
        &[
            &native("frames/IMG_0005.JPG cannot be decoded"),
            "nothing was written",
        ],
    );
}

/// `jpeg` with a segment of `marker` holding `data` inserted after its start marker.
fn with_segment(jpeg: &[u8], marker: u8, data: &[u8]) -> Vec<u8> {
    let length = u16::try_from(data.len() + 2).unwrap().to_be_bytes();
    [&jpeg[..2], &[0xFF, marker], &length, data, &jpeg[2..]].concat()
}

#[test]
fn the_harmless_oddities_of_camera_jpegs_pass_and_every_frame_is_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = photos(dir.path());
    let edit = |name: &str, change: &dyn Fn(Vec<u8>) -> Vec<u8>| {
        let path = frames.join(name);
        fs::write(&path, change(fs::read(&path).unwrap())).unwrap();
    };
    // A maker's note segment ffmpeg does not know (APP9).
    edit("IMG_0001.JPG", &|j| {
        with_segment(&j, 0xE9, b"MakerNote junk")
    });
    // An EXIF block ffmpeg cannot parse ("error decoding EXIF data").
    edit("IMG_0002.JPG", &|j| {
        with_segment(&j, 0xE1, b"Exif\0\0II*\0\xff\xff\xff\xff")
    });
    // Bytes after the end marker, as some cameras append.
    edit("IMG_0004.JPG", &|j| {
        [j, vec![0; 64], b"trailer".to_vec()].concat()
    });
    // A comment.
    edit("IMG_0006.JPG", &|j| {
        with_segment(&j, 0xFE, b"shot on a phone")
    });
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--glob", "*.JPG"],
    );
    assert_eq!(
        indices(&dir.path().join("x.mp4"), 192, 64),
        (0..8).collect::<Vec<_>>()
    );
}

/// A 250-frame video with its index first (`+faststart`, as web videos and framekit's own
/// have it), and a copy cut in half, as a download that stopped leaves it.
fn truncated_video(dir: &Path) -> std::path::PathBuf {
    let first = video(250).write(dir, "first.mp4");
    let whole = dir.join("whole.mp4");
    ffmpeg(&[
        "-i",
        first.to_str().unwrap(),
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        whole.to_str().unwrap(),
    ]);
    fs::remove_file(first).unwrap();
    let bytes = fs::read(&whole).unwrap();
    let cut = dir.join("cut.mp4");
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(whole).unwrap();
    cut
}

#[test]
fn a_truncated_video_fails_the_split_naming_where_it_broke() {
    let dir = tempfile::tempdir().unwrap();
    truncated_video(dir.path());
    let message = fails(
        dir.path(),
        &["split", "cut.mp4", "out", "-q"],
        1,
        &[
            "cut.mp4 is damaged or truncated: decoding stopped at ",
            " s, after ",
            "nothing was written",
            "--allow-damaged",
        ],
    );
    assert!(!dir.path().join("out").exists(), "{message}");
}

#[test]
fn allow_damaged_writes_what_decodes_and_says_so_on_any_stderr_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    truncated_video(dir.path());
    // Not a terminal, and -q: the warnings print all the same.
    let output = framekit(dir.path())
        .args(["split", "cut.mp4", "out", "--allow-damaged", "-q", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let written = names(&dir.path().join("out")).len();
    assert!((10..250).contains(&written), "{written} frames");
    let said = stderr(&output);
    assert!(said.contains("warning: cut.mp4 is damaged"), "{said}");
    assert!(
        said.contains("cut.mp4 declares 250 frames, but ffmpeg decoded"),
        "{said}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{report}");
    assert!(warnings[0].as_str().unwrap().contains("cut.mp4 is damaged"));
    assert_eq!(report["frames"], written);
}

#[test]
fn the_sort_order_warning_prints_with_quiet_and_is_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for index in [1u32, 2, 10] {
        let pixels = frame_pixels(index, 96, 32);
        let path = frames.join(format!("frame_{index}.png"));
        let file = fs::File::create(path).unwrap();
        let mut encoder = png::Encoder::new(file, 96, 32);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&pixels)
            .unwrap();
    }
    let output = framekit(dir.path())
        .args(["stitch", "frames", "-o", "x.mp4", "-q", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: frames are in byte order"));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["warnings"][0]
        .as_str()
        .unwrap()
        .contains("frame_10.png comes before frame_2.png"));
}

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
