//! The frames split writes: every frame of constant- and variable-rate videos, with audio or
//! an NTSC rate, named by prefix and digits, sampled, cut to a range, and as fast PNG.

use super::*;

#[test]
fn writes_every_frame_of_a_constant_rate_video_with_sorted_names() {
    let dir = tempfile::tempdir().unwrap();
    let video = video(100).write(dir.path(), "movie.mp4");
    // stdout is for --json and --dry-run only.
    framekit(dir.path())
        .args(["split", "movie.mp4", "out"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(count_frames(&video), 100);
    assert_eq!(
        names(&dir.path().join("out")),
        expected_names("img_", 5, 100, "png")
    );
}

#[test]
fn writes_each_frame_of_a_variable_rate_video_once() {
    let dir = tempfile::tempdir().unwrap();
    let video = video(80).variable_rate().write(dir.path(), "vfr.mp4");
    assert_eq!(count_frames(&video), 80);
    // The classic recipe duplicates frames of this video: proof that it is variable-rate.
    fs::create_dir(dir.path().join("classic")).unwrap();
    tool(
        "ffmpeg",
        &["-v", "error", "-i", "vfr.mp4", "classic/img_%05d.png"],
        dir.path(),
    );
    assert!(names(&dir.path().join("classic")).len() > 80);

    framekit(dir.path())
        .args(["split", "vfr.mp4", "out"])
        .assert()
        .success();
    assert_eq!(
        names(&dir.path().join("out")),
        expected_names("img_", 5, 80, "png")
    );
}

#[test]
fn audio_streams_and_ntsc_rates_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let with_audio = video(40).with_audio().write(dir.path(), "talk.mp4");
    let ntsc = video(60).rate("30000/1001").write(dir.path(), "ntsc.mkv");
    for (video, out) in [(&with_audio, "a"), (&ntsc, "b")] {
        framekit(dir.path())
            .arg("split")
            .arg(video)
            .arg(out)
            .assert()
            .success();
        let count = count_frames(video);
        assert_eq!(
            names(&dir.path().join(out)),
            expected_names("img_", 5, count, "png")
        );
    }
}

#[test]
fn prefix_digits_and_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    framekit(dir.path())
        .args([
            "split",
            "movie.mp4",
            "out",
            "--prefix",
            "shot 100%-",
            "--digits",
            "3",
            "--format",
            "jpg",
        ])
        .assert()
        .success();
    let out = dir.path().join("out");
    assert_eq!(names(&out), expected_names("shot 100%-", 3, 10, "jpg"));
    let bytes = fs::read(out.join("shot 100%-001.jpg")).unwrap();
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "a JPEG file");
}

#[test]
fn fps_and_every_sample_frames() {
    let dir = tempfile::tempdir().unwrap();
    video(100).write(dir.path(), "movie.mp4");
    framekit(dir.path())
        .args(["split", "movie.mp4", "fps", "--fps", "5"])
        .assert()
        .success();
    assert_eq!(
        names(&dir.path().join("fps")),
        expected_names("img_", 5, 20, "png")
    );
    framekit(dir.path())
        .args(["split", "movie.mp4", "every", "--every", "3"])
        .assert()
        .success();
    // Frames 0, 3, ..., 99 of 100.
    assert_eq!(
        names(&dir.path().join("every")),
        expected_names("img_", 5, 34, "png")
    );
}

#[test]
fn start_and_end_cut_a_time_range_and_the_manifest_maps_times() {
    let dir = tempfile::tempdir().unwrap();
    video(100).write(dir.path(), "movie.mp4");
    framekit(dir.path())
        .args([
            "split",
            "movie.mp4",
            "out",
            "--start",
            "0:01",
            "--end",
            "2.0",
            "--manifest",
        ])
        .assert()
        .success();
    let out = dir.path().join("out");
    let mut expected = expected_names("img_", 5, 25, "png");
    expected.insert(0, "frames.csv".into());
    assert_eq!(names(&out), expected);
    let csv = fs::read_to_string(out.join("frames.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("index,file,pts_seconds,source_frame"));
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 25);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
        assert_eq!(row[1], format!("img_{:05}.png", i + 1));
        let seconds: f64 = row[2].parse().unwrap();
        let expected = 1.0 + i as f64 / 25.0;
        assert!(
            (seconds - expected).abs() < 0.002,
            "row {i}: {seconds} != {expected}"
        );
        assert_eq!(row[3], (25 + i).to_string(), "row {i}: the frame's number");
    }
}

#[test]
fn fast_png_is_still_every_frame() {
    let dir = tempfile::tempdir().unwrap();
    video(20).write(dir.path(), "movie.mp4");
    framekit(dir.path())
        .args(["split", "movie.mp4", "out", "--fast"])
        .assert()
        .success();
    assert_eq!(
        names(&dir.path().join("out")),
        expected_names("img_", 5, 20, "png")
    );
}
