//! Each frame's own time in every format: `--hold-last`, `--durations`, photos of two sizes
//! fitted, and GIF delays in hundredths.

use super::*;

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
