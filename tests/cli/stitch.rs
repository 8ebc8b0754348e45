//! `framekit stitch` against the real ffmpeg: these frames, in this order, nothing else,
//! proved by decoding each frame's index back out of the video.

use std::fs;
use std::path::Path;

use assert_cmd::prelude::*;
use predicates::prelude::*;
use predicates::str::contains;

use crate::support::frames::{
    with_exif_orientation, write_frame, write_frames, write_jpeg_frames, write_kind_frame, Kind,
    ALL_KINDS,
};
use crate::support::paths::native;
use crate::support::run::{framekit, framekit_ok, stderr};
use crate::support::tree::names;
use crate::support::video::{
    container_duration, count_frames, ffmpeg, gray_frame, indices, probe, tone,
    x264_options_missing, x264_settings,
};

/// Asserts that `video` is `size` and `frames` frames long, as ffprobe decodes it, and that
/// framekit's `--json` report (when given) says the same size.
fn assert_video(video: &Path, report: Option<&[u8]>, size: (u32, u32), frames: u64) {
    let stream = probe(video, "v:0", "width,height");
    let probed: (u32, u32) = (
        stream["width"].parse().unwrap(),
        stream["height"].parse().unwrap(),
    );
    assert_eq!(probed, size, "{}", video.display());
    if let Some(report) = report {
        let report: serde_json::Value = serde_json::from_slice(report).unwrap();
        let reported = (report["width"].as_u64(), report["height"].as_u64());
        let expected = (Some(u64::from(size.0)), Some(u64::from(size.1)));
        assert_eq!(reported, expected, "the report of {}", video.display());
    }
    assert_eq!(count_frames(video), frames, "{}", video.display());
}

/// Frames named `frame_N.png` (no padding) carrying index N.
fn unpadded_frames(dir: &Path, count: u32) {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for n in 1..=count {
        write_frame(&frames.join(format!("frame_{n}.png")), n, 96, 32);
    }
}

#[test]
fn default_order_is_byte_order_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    unpadded_frames(dir.path(), 12);
    // stdout is for --json and --dry-run only.
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "bytes.mp4"])
        .assert()
        .success()
        .stdout("")
        .stderr(contains("warning:").and(contains("--sort natural")));
    assert_eq!(
        indices(&dir.path().join("bytes.mp4"), 96, 32),
        [1, 10, 11, 12, 2, 3, 4, 5, 6, 7, 8, 9]
    );
    assert_message!("byte_order_warning", stderr(run.get_output()));
}

#[test]
fn natural_order_on_request_and_no_warning_once_chosen() {
    let dir = tempfile::tempdir().unwrap();
    unpadded_frames(dir.path(), 12);
    framekit(dir.path())
        .args(["stitch", "frames", "-o", "n.mp4", "--sort", "natural"])
        .assert()
        .success()
        .stderr("");
    assert_eq!(
        indices(&dir.path().join("n.mp4"), 96, 32),
        (1..=12).collect::<Vec<_>>()
    );
    framekit(dir.path())
        .args(["stitch", "frames", "-o", "b.mp4", "--sort", "bytes"])
        .assert()
        .success()
        .stderr("");
}

// Windows forbids some of these characters in names, and has no sh.
#[cfg(unix)]
#[test]
fn hostile_names_in_a_hostile_folder_are_just_names() {
    let dir = tempfile::tempdir().unwrap();
    let folder = "we ird [dir] $(touch pwned); 'q' %d";
    let frames = dir.path().join(folder);
    fs::create_dir(&frames).unwrap();
    let mut names = vec![
        "a space.png",
        "b'quote.png",
        "c\"dq.png",
        "d[1].png",
        "e*.png",
        "f?.png",
        "g%05d.png",
        "h$(touch pwned).png",
        "i;rm -rf x.png",
        "j\nnewline.png",
        "k-é-中.png",
        "-leading.png",
        "concat:l.png",
        "file:m.png",
        "n`id`.png",
    ];
    names.sort();
    for (index, name) in names.iter().enumerate() {
        write_frame(&frames.join(name), index as u32, 96, 32);
    }
    framekit_ok(dir.path(), &["stitch", folder, "-o", "hostile.mp4"]);
    let expected: Vec<u32> = (0..names.len() as u32).collect();
    assert_eq!(indices(&dir.path().join("hostile.mp4"), 96, 32), expected);
    assert!(
        !dir.path().join("pwned").exists(),
        "no shell ever ran a name"
    );

    // The dry run's command, run under sh from the same folder, makes the same video.
    let output = framekit_ok(
        dir.path(),
        &["stitch", folder, "--output=-dry 'run'.mp4", "--dry-run"],
    );
    assert!(
        !dir.path().join("-dry 'run'.mp4").exists(),
        "a dry run writes nothing"
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(String::from_utf8(output.stdout).unwrap())
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        indices(&dir.path().join("-dry 'run'.mp4"), 96, 32),
        expected
    );
    assert!(!dir.path().join("pwned").exists());
}

#[test]
fn odd_sizes_are_padded_and_every_pixel_kept() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // A one-pixel checkerboard: any scaling or cropping would destroy it.
    let (width, height) = (65u32, 33u32);
    let pixels: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).map(move |x| if (x + y) % 2 == 0 { 255 } else { 0 }))
        .collect();
    for i in 0..3 {
        let file = fs::File::create(frames.join(format!("f{i}.png"))).unwrap();
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&pixels).unwrap();
    }
    // crf 0 keeps gray (luma) exactly, so the comparison can be exact.
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "odd.mp4", "--crf", "0"],
    );
    let facts = probe(&dir.path().join("odd.mp4"), "v:0", "width,height,pix_fmt");
    assert_eq!(
        (facts["width"].as_str(), facts["height"].as_str()),
        ("66", "34")
    );
    assert_eq!(facts["pix_fmt"], "yuv420p");
    let gray = gray_frame(&dir.path().join("odd.mp4"), 0);
    for y in 0..height {
        for x in 0..width {
            let got = gray[(y * 66 + x) as usize];
            let want = pixels[(y * width + x) as usize];
            assert!(
                got.abs_diff(want) <= 2,
                "pixel ({x},{y}) is {got}, was {want}"
            );
        }
    }
    // The added column and row repeat their neighbours: no black line along the edges.
    let at = |x: u32, y: u32| gray[(y * 66 + x) as usize];
    for y in 0..34 {
        assert!(at(65, y).abs_diff(at(64, y)) <= 2, "added column, row {y}");
    }
    for x in 0..66 {
        assert!(at(x, 33).abs_diff(at(x, 32)) <= 2, "added row, column {x}");
    }
}

#[test]
fn mixed_colour_types_and_depths_encode_in_order_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for index in 0..18u32 {
        let kind = ALL_KINDS[index as usize % ALL_KINDS.len()];
        write_kind_frame(
            &frames.join(format!("f_{index:02}.png")),
            index,
            96,
            32,
            kind,
        );
    }
    let expected: Vec<u32> = (0..18).collect();
    for output in [
        "mixed.mp4",
        "mixed.gif",
        "mixed.webm",
        "mixed.mov",
        "mixed.mkv",
    ] {
        framekit_ok(dir.path(), &["stitch", "frames", "-o", output]);
        assert_eq!(
            indices(&dir.path().join(output), 96, 32),
            expected,
            "{output}"
        );
    }
    let playable = probe(&dir.path().join("mixed.mp4"), "v:0", "codec_name,pix_fmt");
    assert_eq!(
        (
            playable["codec_name"].as_str(),
            playable["pix_fmt"].as_str()
        ),
        ("h264", "yuv420p")
    );
    assert_eq!(
        probe(&dir.path().join("mixed.webm"), "v:0", "codec_name")["codec_name"],
        "vp9"
    );
    assert_eq!(
        probe(&dir.path().join("mixed.gif"), "v:0", "codec_name")["codec_name"],
        "gif"
    );
}

#[test]
fn jpeg_timelapse_with_a_glob() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for index in 0..8u32 {
        let png = dir.path().join(format!("p{index}.png"));
        write_kind_frame(&png, index, 96, 32, Kind::Rgb8);
        let jpg = frames.join(format!("IMG_{index:04}.JPG"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-q:v",
            "2",
            jpg.to_str().unwrap(),
        ]);
    }
    fs::write(frames.join("notes.txt"), "not a frame").unwrap();
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "--glob",
            "*.JPG",
            "-o",
            "lapse.mp4",
            "--fps",
            "30",
        ],
    );
    assert_eq!(
        indices(&dir.path().join("lapse.mp4"), 96, 32),
        (0..8).collect::<Vec<_>>()
    );
}

#[test]
fn portrait_photos_come_out_upright_and_are_reported_so() {
    let dir = tempfile::tempdir().unwrap();
    // Stored as 96x32, shot in portrait: ffmpeg turns each a quarter, to 32x96.
    write_jpeg_frames(dir.path(), 4, 96, 32, |_| Some(6));
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "*.JPG", "-o", "up.mp4", "--json",
        ],
    );
    assert_video(
        &dir.path().join("up.mp4"),
        Some(&output.stdout),
        (32, 96),
        4,
    );
}

#[test]
fn width_scales_every_frame_and_the_report_says_the_real_size() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 5, 96, 32);
    // 33 wide: the height is 11 rounded to even, 12; the width is padded to 34.
    for (output, expected) in [("small.mp4", (34, 12)), ("small.gif", (33, 11))] {
        let report = framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--width", "33", "--json"],
        );
        assert_video(&dir.path().join(output), Some(&report.stdout), expected, 5);
    }
}

#[test]
fn a_filter_after_dashes_keeps_framekits_padding_and_palette() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 65, 33);
    // Alone, the user's -vf would replace framekit's padding: odd sides, and libx264 fails.
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "flipped.mp4",
            "--",
            "-vf",
            "hflip",
        ],
    );
    assert_video(&dir.path().join("flipped.mp4"), None, (66, 34), 4);
    // A size-changing filter: the report gives the video's real size.
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "half.gif",
            "--json",
            "--",
            "-vf",
            "scale=32:-1",
        ],
    );
    // 65x33 scaled to 32 wide: 16 high (32 * 33 / 65 = 16.2).
    assert_video(
        &dir.path().join("half.gif"),
        Some(&output.stdout),
        (32, 16),
        4,
    );
}

#[test]
fn pad_centres_frames_of_different_sizes_on_the_largest() {
    let dir = tempfile::tempdir().unwrap();
    // What matplotlib's bbox_inches="tight" makes: sizes a few pixels apart.
    let frames = write_frames(dir.path(), 3, 64, 32);
    write_kind_frame(&frames.join("frame_003.png"), 3, 58, 27, Kind::Gray8);
    write_kind_frame(&frames.join("frame_004.png"), 4, 63, 31, Kind::Rgb8);
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "padded.mp4",
            "--pad",
            "white",
            "--json",
        ],
    );
    let video = dir.path().join("padded.mp4");
    assert_video(&video, Some(&output.stdout), (64, 32), 5);
    assert!(
        stderr(&output).is_empty(),
        "sizes near each other: no warning"
    );
    // Frame 3 (58x27, its own pixels black or white bars) sits in the middle of white.
    let gray = gray_frame(&video, 3);
    assert!(gray[0] > 200, "the corner is the pad's white: {}", gray[0]);
}

#[test]
fn pad_warns_of_a_frame_far_larger_than_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 40, 24);
    write_frame(&frames.join("zz_photo.png"), 9, 200, 120);
    let warned = native("frames/zz_photo.png is 200x120, far larger than most frames (40x24)");
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "p.mp4", "--pad", "white"])
        .assert()
        .success()
        .stderr(contains(warned));
    assert_message!("outsized_frame_warning", stderr(run.get_output()));
    assert_video(&dir.path().join("p.mp4"), None, (200, 120), 4);
}

#[test]
fn pad_takes_portrait_and_landscape_photos_of_odd_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // 4:2:0 JPEGs of odd size, one shot in portrait: ffmpeg's pad rounds odd sizes down for
    // 4:2:0, so the canvas must be even or the portrait one would not fit.
    // The portrait one last: after it, ffmpeg 6+ would turn the rest too (see
    // real_inputs::fit_puts_portrait_and_landscape_photos_in_one_box_with_every_frame).
    for (name, orientation) in [("a.jpg", None), ("b.jpg", None), ("c.jpg", Some(6))] {
        let path = frames.join(name);
        let png = dir.path().join("source.png");
        write_kind_frame(&png, 1, 95, 33, Kind::Rgb8);
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            "yuvj420p",
            path.to_str().unwrap(),
        ]);
        if let Some(value) = orientation {
            let tagged = with_exif_orientation(&fs::read(&path).unwrap(), value);
            fs::write(&path, tagged).unwrap();
        }
    }
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "--glob",
            "*.jpg",
            "-o",
            "mixed.mp4",
            "--pad",
            "black",
        ],
    );
    assert_video(&dir.path().join("mixed.mp4"), None, (96, 96), 3);
}

#[test]
fn padding_keeps_the_last_column_of_odd_jpegs_and_a_users_crop() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // A white JPEG (4:2:0) of odd width with a black last column: ffmpeg's pad filter, in
    // whole chroma blocks, would drop that column and pad black.
    let png = dir.path().join("source.png");
    let (width, height) = (33u32, 17u32);
    let pixels: Vec<u8> = (0..height)
        .flat_map(|_| (0..width).map(move |x| if x == width - 1 { 0 } else { 255 }))
        .collect();
    let file = fs::File::create(&png).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    for name in ["a.jpg", "b.jpg"] {
        let jpg = frames.join(name);
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            "yuvj420p",
            "-q:v",
            "1",
            jpg.to_str().unwrap(),
        ]);
    }
    framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "*.jpg", "-o", "j.mp4", "--crf", "0",
        ],
    );
    let video = dir.path().join("j.mp4");
    assert_video(&video, None, (34, 18), 2);
    let gray = gray_frame(&video, 0);
    for y in 0..16 {
        let row = &gray[y * 34..(y + 1) * 34];
        assert!(
            row[10] > 200 && row[32] < 60,
            "row {y}: the last column is still black: {row:?}"
        );
        assert!(
            row[33] < 60,
            "row {y}: the added column repeats it: {row:?}"
        );
    }
    // A crop to an odd width on even frames still makes an even video, from real pixels.
    write_frames(dir.path(), 3, 64, 48);
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "c.mp4",
            "--",
            "-vf",
            "crop=31:24:0:0",
        ],
    );
    assert_video(&dir.path().join("c.mp4"), None, (32, 24), 3);
}

#[test]
fn pad_white_is_white_on_gray_plots_and_size_options_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    write_kind_frame(&frames.join("a.png"), 1, 64, 32, Kind::Gray8);
    write_kind_frame(&frames.join("b.png"), 2, 48, 24, Kind::Gray8);
    framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "-o", "g.mp4", "--pad", "white", "--crf", "0",
        ],
    );
    let gray = gray_frame(&dir.path().join("g.mp4"), 1);
    assert!(
        gray[0] >= 250,
        "the pad around the smaller frame is white: {}",
        gray[0]
    );
    // `-s` after -- sets the size: the report reads it from the video.
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch", "frames", "--glob", "a.png", "-o", "s.mp4", "--json", "--", "-s", "320x240",
        ],
    );
    assert_video(
        &dir.path().join("s.mp4"),
        Some(&output.stdout),
        (320, 240),
        1,
    );
}

#[test]
fn frame_rates_codecs_and_extra_options() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 10, 96, 32);
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "ntsc.mp4", "--fps", "30000/1001"],
    );
    let facts = probe(
        &dir.path().join("ntsc.mp4"),
        "v:0",
        "r_frame_rate,nb_read_frames",
    );
    assert_eq!(facts["r_frame_rate"], "30000/1001");
    assert_eq!(facts["nb_read_frames"], "10");

    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "tuned.mkv",
            "--crf",
            "30",
            "--preset",
            "ultrafast",
            "--",
            "-tune",
            "animation",
        ],
    );
    let tuned = dir.path().join("tuned.mkv");
    assert_eq!(indices(&tuned, 96, 32), (0..10).collect::<Vec<_>>());
    // x264 wrote the settings it ran with into the stream. Each option below differs from
    // what x264 would otherwise choose: crf=23.0 by default; subme=7, me=hex and cabac=1 with
    // the default preset (medium); psy_rd=1.00:0.00, bframes=0 and deblock=0:0:0 with
    // ultrafast and no -tune.
    let settings = x264_settings(&tuned);
    let crf = ["crf=30.0"];
    let ultrafast = ["subme=0", "me=dia", "cabac=0"];
    let animation = ["psy_rd=0.40:0.00", "bframes=2", "deblock=0:1:1"];
    let missing = x264_options_missing(&settings, &[&crf[..], &ultrafast, &animation].concat());
    assert!(missing.is_empty(), "{missing:?} missing from: {settings}");

    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "hevc.mp4", "--codec", "libx265"],
    );
    let hevc = probe(
        &dir.path().join("hevc.mp4"),
        "v:0",
        "codec_name,codec_tag_string",
    );
    assert_eq!(hevc["codec_name"], "hevc");
    // hvc1, not ffmpeg's default hev1: Apple's players open only the former.
    assert_eq!(hevc["codec_tag_string"], "hvc1");
    assert_eq!(
        indices(&dir.path().join("hevc.mp4"), 96, 32),
        (0..10).collect::<Vec<_>>()
    );
}

#[test]
fn the_video_governs_the_soundtrack_length() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 25, 96, 32);
    tone(dir.path(), "short.wav", "0.3");
    tone(dir.path(), "long.mp3", "5");
    for (audio, output) in [
        ("short.wav", "short.mp4"),
        ("long.mp3", "long.mp4"),
        ("long.mp3", "long.webm"),
    ] {
        framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--audio", audio],
        );
        let video = dir.path().join(output);
        assert_eq!(
            indices(&video, 96, 32),
            (0..25).collect::<Vec<_>>(),
            "{output}"
        );
        assert_eq!(count_frames(&video), 25, "{output}");
        let audio_facts = probe(&video, "a:0", "duration,codec_type");
        assert_eq!(audio_facts["codec_type"], "audio", "{output}");
        // webm keeps no per-stream duration; the container's then.
        let duration: f64 = audio_facts
            .get("duration")
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| container_duration(&video));
        assert!(
            (duration - 1.0).abs() < 0.1,
            "{output}: audio lasts {duration} s, video 1 s"
        );
    }
}

#[test]
fn json_describes_the_video() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 10, 95, 31);
    // --json is quiet on stderr.
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "j.mp4", "--json", "--fps", "20"])
        .assert()
        .success()
        .stderr("");
    let stdout = &run.get_output().stdout;
    let report: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    assert_message!("json_report", String::from_utf8_lossy(stdout));
    assert_eq!(report["output"], "j.mp4");
    assert_eq!(report["frames"], 10);
    assert_eq!(report["width"], 96);
    assert_eq!(report["height"], 32);
    assert_eq!(report["fps"], 20.0);
    assert_eq!(report["codec"], "libx264");
    assert_eq!(report["seconds"], 0.5);
}

#[test]
fn quiet_and_non_terminal_runs_print_nothing_on_success() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 96, 32);
    for args in [
        vec!["stitch", "frames", "-o", "a.mp4"],
        vec!["stitch", "frames", "-o", "b.mp4", "-q"],
    ] {
        framekit(dir.path())
            .args(&args)
            .assert()
            .success()
            .stdout("")
            .stderr("");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_terminal_gets_a_progress_bar_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 150, 192, 96);
    let output = crate::support::run::in_terminal(
        dir.path(),
        "stitch frames -o bar.mp4 --preset veryslow",
        &[],
    );
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert!(
        screen.contains("/150 frames"),
        "a bar counting to the total: {screen}"
    );
    assert!(screen.contains("ETA"), "{screen}");
    // The rate with one decimal ("58.2 fps"), not indicatif's "58.2163/s".
    let rate = screen
        .split(" fps")
        .next()
        .and_then(|before| before.rsplit(' ').next())
        .unwrap_or_default();
    assert!(
        rate.split_once('.')
            .is_some_and(|(_, decimals)| decimals.len() == 1),
        "{rate:?} in {screen}"
    );
    assert!(!screen.contains("/s "), "{screen}");
    assert!(
        screen.contains("wrote bar.mp4: 150 frames, 192x96"),
        "{screen}"
    );
    let summary = screen
        .split(['\r', '\n'])
        .find(|line| line.contains("wrote bar.mp4"))
        .unwrap();
    assert_message!("summary", crate::support::run::without_escapes(summary));
    // On a terminal warnings and errors are coloured, unless NO_COLOR is set.
    fs::create_dir(dir.path().join("empty")).unwrap();
    let coloured = crate::support::run::in_terminal(dir.path(), "stitch empty -o x.mp4", &[]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[1;31merror:"));
    let plain =
        crate::support::run::in_terminal(dir.path(), "stitch empty -o x.mp4", &[("NO_COLOR", "1")]);
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(
        plain.contains("error:") && !plain.contains('\x1b'),
        "{plain}"
    );
}

#[test]
fn force_replaces_an_existing_video() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 5, 96, 32);
    fs::write(dir.path().join("movie.mp4"), b"old").unwrap();
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "movie.mp4", "--force"],
    );
    assert_eq!(
        indices(&dir.path().join("movie.mp4"), 96, 32),
        (0..5).collect::<Vec<_>>()
    );
    assert_eq!(
        names(dir.path()),
        ["frames", "movie.mp4"],
        "no temporary file left"
    );
}

/// imageio-ffmpeg ships no ffprobe: a filter after `--` that changes the size is still
/// reported with the video's own size, which ffmpeg itself then reads from the file.
#[cfg(unix)]
#[test]
fn without_ffprobe_the_size_a_filter_gave_is_still_reported() {
    use crate::support::stand_in::installed;
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 48, 16);
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "big.mp4", "--json"])
        .args(["--", "-vf", "scale=iw*3:ih*3"])
        .env("PATH", &bin)
        .assert()
        .success()
        .stderr("");
    let report: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let facts = probe(&dir.path().join("big.mp4"), "v:0", "width,height");
    assert_eq!(
        (facts["width"].as_str(), facts["height"].as_str()),
        ("144", "48")
    );
    assert_eq!(
        (report["width"].as_u64(), report["height"].as_u64()),
        (Some(144), Some(48))
    );
}
