//! Time: `--hold-last`, `--durations`, `--timestamps` (a variable-rate round trip),
//! `--fps-from`, `--plays`, and files that come out byte-identical run after run. Each
//! output's timestamps, delays and loop counts are read back from the file.

use std::fs;
use std::path::Path;

use crate::support::frames::{frame_pixels, write_frames, write_jpeg_frames};
use crate::support::images::{animation_frames, index_of, plays, Shown};
use crate::support::run::{fails, framekit_ok, stderr};
use crate::support::video::{count_frames, ffmpeg, indices, probe, rgb, video};

/// Each frame's presentation time in `video`, in seconds, as ffprobe decodes them.
fn frame_times(video: &Path) -> Vec<f64> {
    let output = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            // ffprobe 4.x calls a frame's time pkt_pts_time (its pts_time is empty), 5.0
            // and later pts_time: each prints the one it knows.
            "frame=pts_time,pkt_pts_time",
        ])
        .args(["-of", "csv=p=0"])
        .arg(video)
        .output()
        .expect("ffprobe runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.trim().trim_end_matches(',').parse().ok())
        .collect()
}

/// The container's duration of `video`, in seconds. In MP4 and MOV the video track's own
/// (its samples' durations added up in decode order, which libavformat 6 and later report as
/// the file's duration where ffprobe 5.1 reads the movie header) must say the same.
fn duration(video: &Path) -> f64 {
    let seconds = crate::support::video::container_duration(video);
    let name = video.to_string_lossy();
    if name.ends_with(".mp4") || name.ends_with(".mov") {
        let track = track_duration(video);
        assert!(
            (track - seconds).abs() < 0.002,
            "{name}: the track lasts {track} s, the file {seconds} s"
        );
    }
    seconds
}

/// The video track's duration as ffprobe reads it from the track itself.
fn track_duration(video: &Path) -> f64 {
    let said = &probe(video, "v:0", "duration")["duration"];
    said.parse()
        .unwrap_or_else(|_| panic!("a track duration, not {said:?}"))
}

#[test]
fn hold_last_lengthens_only_the_last_frame_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 10, 96, 32);
    for output in [
        "h.mp4", "h.mov", "h.mkv", "h.webm", "h.gif", "h.webp", "h.apng",
    ] {
        let said = framekit_ok(
            dir.path(),
            &[
                "stitch",
                "frames",
                "-o",
                output,
                "--fps",
                "10",
                "--hold-last",
                "2",
                "--json",
            ],
        );
        let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
        assert_eq!(report["frames"], 10, "{output}");
        assert_eq!(report["seconds"], 2.9, "{output}");
        let path = dir.path().join(output);
        if output.ends_with(".gif") || output.ends_with(".webp") || output.ends_with(".apng") {
            let delays: Vec<u128> = animation_frames(&path)
                .iter()
                .map(|f| f.delay.as_millis())
                .collect();
            assert_eq!(
                delays,
                [100, 100, 100, 100, 100, 100, 100, 100, 100, 2000],
                "{output}"
            );
        } else {
            assert_eq!(count_frames(&path), 10, "{output}");
            assert!(
                (duration(&path) - 2.9).abs() < 0.002,
                "{output}: {}",
                duration(&path)
            );
            let times = frame_times(&path);
            assert!((times[9] - 0.9).abs() < 0.001, "{output}: {times:?}");
            assert_eq!(
                indices(&path, 96, 32),
                (0..10).collect::<Vec<_>>(),
                "{output}"
            );
        }
    }
}

#[test]
fn photos_of_two_sizes_fitted_keep_every_frame_at_its_time() {
    let dir = tempfile::tempdir().unwrap();
    // Landscape photos, then a portrait one stored upright: frames of two sizes, the first
    // less than 3/4 as tall as the largest (which ffmpeg's JPEG decoder once took for half
    // of an interlaced picture, failing the run).
    let frames = write_jpeg_frames(dir.path(), 4, 96, 32, |_| None);
    let portrait = frames.join("IMG_0004.JPG");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=32x96",
        "-frames:v",
        "1",
        "-q:v",
        "2",
        portrait.to_str().unwrap(),
    ]);
    for output in ["f.mp4", "f.mkv"] {
        let args = [
            "stitch",
            "frames",
            "--glob",
            "*.JPG",
            "--fit",
            "96x96",
            "--hold-last",
            "1",
            "-o",
            output,
        ];
        framekit_ok(dir.path(), &args);
        let path = dir.path().join(output);
        let times = frame_times(&path);
        let expected = [0.0, 0.04, 0.08, 0.12, 0.16];
        assert_eq!(times.len(), 5, "{output}: {times:?}");
        for (got, want) in times.iter().zip(expected) {
            assert!((got - want).abs() < 0.001, "{output}: {times:?}");
        }
        assert!((duration(&path) - 1.16).abs() < 0.002, "{output}");
    }
}

#[test]
fn durations_give_frames_their_own_time_and_the_rest_keep_the_rate() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 96, 32);
    fs::write(
        dir.path().join("durations.csv"),
        "file,seconds\nframe_000.png,0.5\nframe_003.png, 1.25\n",
    )
    .unwrap();
    // Also lossless H.264 (libx264rgb) and ProRes: the same times, the same length everywhere.
    let outputs: [(&str, &[&str]); 7] = [
        ("d.mp4", &[]),
        ("d.webm", &[]),
        ("d.gif", &[]),
        ("d.apng", &[]),
        ("d.webp", &[]),
        ("l.mp4", &["--lossless"]),
        ("p.mov", &["--codec", "prores"]),
    ];
    for (output, extra) in outputs {
        let args = [
            "stitch",
            "frames",
            "-o",
            output,
            "--fps",
            "10",
            "--durations",
            "durations.csv",
        ];
        framekit_ok(dir.path(), &[&args[..], extra].concat());
        let path = dir.path().join(output);
        let expected_starts = [0.0, 0.5, 0.6, 0.7, 1.95, 2.05];
        if [".mp4", ".webm", ".mov"]
            .iter()
            .any(|e| output.ends_with(e))
        {
            let times = frame_times(&path);
            assert_eq!(times.len(), 6, "{output}: each frame encoded once");
            for (got, want) in times.iter().zip(expected_starts) {
                assert!((got - want).abs() < 0.001, "{output}: {times:?}");
            }
            let seconds = duration(&path);
            assert!((seconds - 2.15).abs() < 0.002, "{output}: {seconds} s");
        } else {
            let delays: Vec<u128> = animation_frames(&path)
                .iter()
                .map(|f| f.delay.as_millis())
                .collect();
            assert_eq!(delays, [500, 100, 100, 1250, 100, 100], "{output}");
        }
    }
}

#[test]
fn gif_delays_round_to_hundredths_keeping_the_total() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 4, 96, 32);
    // 33 ms each: hundredths of 3.3 would drift to 120 ms; rounding each start keeps 133.
    let rows: String = (0..4)
        .map(|i| format!("frame_{i:03}.png,0.0333333\n"))
        .collect();
    fs::write(dir.path().join("d.csv"), format!("file,seconds\n{rows}")).unwrap();
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "d.gif", "--durations", "d.csv"],
    );
    let delays: Vec<u128> = animation_frames(&dir.path().join("d.gif"))
        .iter()
        .map(|f| f.delay.as_millis())
        .collect();
    let total: u128 = delays.iter().sum();
    assert!((130..=140).contains(&total), "{delays:?}");
    assert!(delays.iter().all(|d| (30..=40).contains(d)), "{delays:?}");
}

#[test]
fn a_variable_rate_video_split_and_stitched_back_keeps_every_frame_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let source = video(40).variable_rate().write(dir.path(), "vfr.mp4");
    framekit_ok(dir.path(), &["split", "vfr.mp4", "frames", "--manifest"]);
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "back.mp4",
            "--timestamps",
            "frames/frames.csv",
        ],
    );
    let before = frame_times(&source);
    let after = frame_times(&dir.path().join("back.mp4"));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert!(
            (a - b).abs() < 0.001,
            "{a} became {b}: {before:?} {after:?}"
        );
    }
}

#[test]
fn fps_from_keeps_a_ntsc_rate_through_a_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    video(30).rate("30000/1001").write(dir.path(), "ntsc.mp4");
    framekit_ok(dir.path(), &["split", "ntsc.mp4", "frames"]);
    let said = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "back.mp4",
            "--fps-from",
            "ntsc.mp4",
            "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
    assert!(
        (report["fps"].as_f64().unwrap() - 30000.0 / 1001.0).abs() < 1e-9,
        "{report}"
    );
    let rate = crate::support::video::probe(&dir.path().join("back.mp4"), "v:0", "r_frame_rate");
    assert_eq!(rate["r_frame_rate"], "30000/1001");
}

#[test]
fn plays_counts_plays_in_every_animation_format() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    for output in ["p.gif", "p.webp", "p.apng"] {
        for count in [1u32, 3] {
            let name = format!("{count}{output}");
            let args = [
                "stitch",
                "frames",
                "-o",
                &name,
                "--plays",
                &count.to_string(),
            ];
            framekit_ok(dir.path(), &args);
            assert_eq!(plays(&dir.path().join(&name)), Some(count), "{name}");
        }
        framekit_ok(dir.path(), &["stitch", "frames", "-o", output]);
        assert_eq!(
            plays(&dir.path().join(output)),
            None,
            "{output} loops forever"
        );
    }
}

#[test]
fn the_same_frames_give_the_same_file_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 96, 32);
    for output in [
        "r.mp4", "r.mov", "r.mkv", "r.webm", "r.gif", "r.webp", "r.apng",
    ] {
        let first = format!("1{output}");
        let second = format!("2{output}");
        framekit_ok(dir.path(), &["stitch", "frames", "-o", &first]);
        framekit_ok(dir.path(), &["stitch", "frames", "-o", &second]);
        let a = fs::read(dir.path().join(&first)).unwrap();
        let b = fs::read(dir.path().join(&second)).unwrap();
        assert!(a == b, "{output} differs between two runs");
        // The same right frames: these six, in order, each nearer in colour to its own
        // source frame (whose bottom half is noise of its own) than to any other, which is
        // 48 levels or more away on average. Lossy formats blur the noise (about 24 levels
        // off), GIF's palette less (about 6); APNG keeps every pixel.
        let (order, shown) = decoded(&dir.path().join(&first));
        let most = if output.ends_with("apng") { 0.0 } else { 30.0 };
        assert_eq!(order, (0..6).collect::<Vec<_>>(), "{output}");
        for (index, pixels) in shown.iter().enumerate() {
            let off: Vec<f64> = (0..6)
                .map(|source| mean_difference(pixels, &frame_pixels(source, 96, 32)))
                .collect();
            let nearest = (0..6).min_by(|&x, &y| off[x].total_cmp(&off[y]));
            assert_eq!(nearest, Some(index), "{output}: frame {index}: {off:?}");
            assert!(off[index] <= most, "{output}: frame {index}: {off:?}");
        }
    }
}

/// The index each frame of a 96x32 `path` carries, and its RGB pixels: an animation as the
/// `image` crate shows it, a video as ffmpeg decodes it.
fn decoded(path: &Path) -> (Vec<u32>, Vec<Vec<u8>>) {
    let extension = path.extension().unwrap().to_str().unwrap();
    if ["gif", "webp", "apng"].contains(&extension) {
        let shown = animation_frames(path);
        let rgb = |frame: &Shown| {
            let pixels = frame.image.pixels();
            pixels
                .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
                .collect()
        };
        (
            shown.iter().map(index_of).collect(),
            shown.iter().map(rgb).collect(),
        )
    } else {
        let frames = rgb(path).chunks(96 * 32 * 3).map(<[u8]>::to_vec).collect();
        (indices(path, 96, 32), frames)
    }
}

/// The mean difference between two images' bytes, in levels.
fn mean_difference(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let sum: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.len() as f64
}

#[test]
fn bad_timing_files_and_options_are_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write("negative.csv", "file,seconds\nframe_001.png,-2\n");
    write("zero.csv", "file,seconds\nframe_001.png,0\n");
    write("word.csv", "file,seconds\nframe_001.png,long\n");
    write("nohead.csv", "frame_001.png,2\n");
    write("stranger.csv", "file,seconds\nzzz.png,1\n");
    write(
        "twice.csv",
        "file,seconds\nframe_001.png,1\nframe_001.png,2\n",
    );
    write(
        "backwards.csv",
        "index,file,pts_seconds\n1,frame_000.png,0\n2,frame_001.png,0.5\n3,frame_002.png,0.4\n",
    );
    write("missing.csv", "index,file,pts_seconds\n1,frame_000.png,0\n");
    for (name, args, code, words) in [
        (
            "durations_missing",
            &["--durations", "nope.csv"][..],
            1,
            &["nope.csv", "does not exist"][..],
        ),
        (
            "durations_negative",
            &["--durations", "negative.csv"],
            1,
            &["negative.csv line 2", "\"-2\""],
        ),
        (
            "durations_zero",
            &["--durations", "zero.csv"],
            1,
            &["zero.csv line 2", "above 0"],
        ),
        (
            "durations_word",
            &["--durations", "word.csv"],
            1,
            &["word.csv line 2", "\"long\""],
        ),
        (
            "durations_no_header",
            &["--durations", "nohead.csv"],
            1,
            &["nohead.csv line 1 is not a header"],
        ),
        (
            "durations_stranger",
            &["--durations", "stranger.csv"],
            1,
            &["stranger.csv line 2: zzz.png is not one of the frames"],
        ),
        (
            "durations_twice",
            &["--durations", "twice.csv"],
            1,
            &["twice.csv line 3", "twice (first on line 2)"],
        ),
        (
            "timestamps_backwards",
            &["--timestamps", "backwards.csv"],
            1,
            &["backwards.csv line 4", "is not after line 3"],
        ),
        (
            "timestamps_missing_frame",
            &["--timestamps", "missing.csv"],
            1,
            &["frame_001.png has no time in missing.csv"],
        ),
        (
            "timestamps_with_fps",
            &["--timestamps", "backwards.csv", "--fps", "5"],
            2,
            &["cannot be used with"],
        ),
        (
            "timestamps_with_durations",
            &["--timestamps", "backwards.csv", "--durations", "zero.csv"],
            2,
            &["cannot be used with"],
        ),
        (
            "plays_zero",
            &["--plays", "0"],
            2,
            &["0 plays would show nothing"],
        ),
        (
            "hold_last_zero",
            &["--hold-last", "0"],
            2,
            &["--hold-last 0"],
        ),
    ] {
        let all = [&["stitch", "frames", "-o", "x.gif"][..], args].concat();
        let message = fails(dir.path(), &all, code, words);
        assert_message!(name, &message);
    }
    let plays_video = fails(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--plays", "2"],
        2,
        &["--plays applies to GIF, WebP and APNG, not an MP4"],
    );
    assert_message!("plays_video", &plays_video);
}

#[test]
fn very_short_gif_delays_are_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    fs::write(
        dir.path().join("d.csv"),
        "file,seconds\nframe_001.png,0.01\n",
    )
    .unwrap();
    let said = framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "d.gif", "--durations", "d.csv"],
    );
    assert!(
        stderr(&said).contains(&crate::support::paths::native(
            "1 frame(s), such as frames/frame_001.png, last less than 20 ms"
        )),
        "{}",
        stderr(&said)
    );
}

#[test]
fn max_size_keeps_a_video_under_the_limit_on_the_first_try() {
    let dir = tempfile::tempdir().unwrap();
    // Noise: frames that compress badly, so that the limit bites.
    crate::support::video::tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x180:r=25,noise=alls=40:allf=t",
            "-frames:v",
            "50",
            "frame_%03d.png",
        ],
        dir.path(),
    );
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for entry in fs::read_dir(dir.path()).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "png") {
            fs::rename(entry.path(), frames.join(entry.file_name())).unwrap();
        }
    }
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "free.mp4"]);
    let free = fs::metadata(dir.path().join("free.mp4")).unwrap().len();
    for output in ["small.mp4", "small.webm"] {
        let limit = free / 3;
        let said = framekit_ok(
            dir.path(),
            &[
                "stitch",
                "frames",
                "-o",
                output,
                "--max-size",
                &format!("{limit}B"),
                "--json",
            ],
        );
        let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
        let bytes = fs::metadata(dir.path().join(output)).unwrap().len();
        assert!(bytes <= limit, "{output}: {bytes} > {limit}");
        assert!(
            bytes > limit / 2,
            "{output}: {bytes} wastes the budget of {limit}"
        );
        assert_eq!(report["max_size"]["bytes"], bytes);
        assert_eq!(report["max_size"]["passes"], 2);
        // x264's two passes land on the first try; libvpx's rate control may need one more.
        let most = if output.ends_with(".mp4") { 2 } else { 3 };
        assert!(
            report["max_size"]["encodes"].as_u64().unwrap() <= most,
            "{report}"
        );
        assert_eq!(count_frames(&dir.path().join(output)), 50);
    }
    let names: Vec<String> = crate::support::tree::names(dir.path());
    assert!(
        !names
            .iter()
            .any(|n| n.contains("passlog") || n.contains(".part")),
        "{names:?}"
    );
}

#[test]
fn max_size_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 50, 96, 32);
    for (name, args, code, words) in [
        (
            "max_size_impossible",
            &["-o", "x.mp4", "--max-size", "2KB"][..],
            1,
            &["cannot fit in 2000 bytes", "at least about"][..],
        ),
        (
            "max_size_spaced",
            &["-o", "x.mp4", "--max-size", "10 MB"],
            2,
            &["'10 MB' is not a size"],
        ),
        (
            "max_size_lossless",
            &["-o", "x.mkv", "--max-size", "1MB", "--lossless"],
            2,
            &["--max-size cannot make --lossless output smaller"],
        ),
        (
            "max_size_with_crf",
            &["-o", "x.mp4", "--max-size", "1MB", "--crf", "20"],
            2,
            &["cannot be used with"],
        ),
    ] {
        let all = [&["stitch", "frames"][..], args].concat();
        let message = fails(dir.path(), &all, code, words);
        assert_message!(name, &message);
    }
}
