//! `framekit split` against the real ffmpeg, on videos the tests make with ffmpeg.

use std::fs;

use assert_cmd::prelude::*;

use crate::support::run::{fails, framekit};
use crate::support::tree::names;
use crate::support::video::{count_frames, probe, tool, video};

/// The names `split` gives `count` frames: `{prefix}00001.{ext}`...
fn expected_names(prefix: &str, digits: usize, count: u64, ext: &str) -> Vec<String> {
    (1..=count)
        .map(|n| format!("{prefix}{n:0digits$}.{ext}"))
        .collect()
}

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
fn json_reports_the_result() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "out", "--json"])
        .assert()
        .success();
    let stdout = &output.get_output().stdout;
    let report: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    assert_message!("json_report", String::from_utf8_lossy(stdout));
    assert_eq!(report["output"], "out");
    assert_eq!(report["frames"], 12);
    assert_eq!(report["width"], 64);
    assert_eq!(report["height"], 48);
    assert_eq!(report["first"], "img_00001.png");
    assert_eq!(report["last"], "img_00012.png");
    assert_eq!(report["mode"], "all");
    assert_eq!(report["strategy"], "decode");
    assert_eq!(report["fps"], 25.0);
}

#[test]
fn json_reports_the_video_s_own_frame_rate_in_every_mode() {
    let dir = tempfile::tempdir().unwrap();
    video(30).rate("30000/1001").write(dir.path(), "ntsc.mp4");
    video(80).variable_rate().write(dir.path(), "vfr.mp4");
    // A variable-rate video's is its average, as ffprobe (and ffmpeg's "fps") gives it.
    let average = probe(&dir.path().join("vfr.mp4"), "V:0", "avg_frame_rate");
    let (frames, seconds) = average["avg_frame_rate"].split_once('/').unwrap();
    let average = frames.parse::<f64>().unwrap() / seconds.parse::<f64>().unwrap();
    assert!((average - 80.0 / 3.24).abs() < 0.1, "{average}");
    for (name, fps) in [("ntsc.mp4", 30000.0 / 1001.0), ("vfr.mp4", average)] {
        for args in [
            vec![],
            vec!["--fps", "2"],
            vec!["--count", "3", "--manifest"],
        ] {
            let output = framekit(dir.path())
                .args(["split", name, "out", "--json", "--force"])
                .args(&args)
                .assert()
                .success();
            // Read from the text: serde_json's default parser of floats may be a unit in
            // the last place off, and the rate must be exactly ffprobe's.
            let text = String::from_utf8_lossy(&output.get_output().stdout);
            let written = text
                .split("\"fps\":")
                .nth(1)
                .and_then(|rest| rest.split([',', '}']).next())
                .and_then(|number| number.parse::<f64>().ok());
            assert_eq!(written, Some(fps), "{name} {args:?}: {text}");
        }
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

#[test]
fn existing_frames_are_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("img_00003.png"), b"precious").unwrap();
    fs::write(out.join("img_00500.png"), b"stale").unwrap();
    fs::write(out.join("notes.txt"), b"mine").unwrap();
    fs::write(out.join("other_00001.png"), b"other prefix").unwrap();

    let said = fails(dir.path(), &["split", "movie.mp4", "out"], 1, &["--force"]);
    assert_message!("earlier_frames_without_force", said);
    assert_eq!(fs::read(out.join("img_00003.png")).unwrap(), b"precious");
    assert_eq!(names(&out).len(), 4, "nothing added or removed");

    framekit(dir.path())
        .args(["split", "movie.mp4", "out", "--force"])
        .assert()
        .success();
    let mut expected = expected_names("img_", 5, 10, "png");
    expected.extend(["notes.txt".into(), "other_00001.png".into()]);
    expected.sort();
    assert_eq!(
        names(&out),
        expected,
        "this run's names replaced, nothing else touched"
    );
    assert_ne!(fs::read(out.join("img_00003.png")).unwrap(), b"precious");
    assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn creates_missing_parents() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    framekit(dir.path())
        .args(["split", "movie.mp4", "a/b/c"])
        .assert()
        .success();
    assert_eq!(names(&dir.path().join("a/b/c")).len(), 5);
}

// Windows forbids some of these characters in names, and has no sh.
#[cfg(unix)]
#[test]
fn hostile_input_names_are_opened_as_local_files() {
    let dir = tempfile::tempdir().unwrap();
    video(6).write(dir.path(), "movie.mp4");
    for name in ["-clip.mp4", "concat:x.mp4", "a b'c.mp4", "file:y.mp4"] {
        fs::copy(dir.path().join("movie.mp4"), dir.path().join(name)).unwrap();
        // `--` ends the options, as for any command, so `-clip.mp4` is a name.
        framekit(dir.path())
            .args(["split", "--force", "--", name, "out"])
            .assert()
            .success();
        assert_eq!(names(&dir.path().join("out")).len(), 6, "{name}");
    }
}

// Windows forbids some of these characters in names, and has no sh.
#[cfg(unix)]
#[test]
fn dry_run_prints_a_command_that_does_the_same() {
    let dir = tempfile::tempdir().unwrap();
    video(15).write(dir.path(), "my movie.mp4");
    // A % for ffmpeg's pattern, a colon that ffmpeg would read as a protocol, a dash that it
    // would read as an option.
    for out in ["out 1%", "a:b", "-out"] {
        let output = framekit(dir.path())
            .args([
                "split",
                "my movie.mp4",
                "--every",
                "2",
                "--dry-run",
                "--",
                out,
            ])
            .assert()
            .success();
        assert!(!dir.path().join(out).exists(), "a dry run writes nothing");
        let command = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        tool("sh", &["-c", &command], dir.path());
        assert_eq!(
            names(&dir.path().join(out)),
            expected_names("img_", 5, 8, "png"),
            "{out}"
        );
    }
}

#[cfg(unix)]
mod with_other_binaries {
    use super::*;
    use crate::support::stand_in::installed;
    use predicates::prelude::*;
    use predicates::str::{contains, starts_with};
    use std::os::unix::fs::{symlink, PermissionsExt};

    #[test]
    fn ffprobe_is_taken_from_beside_the_chosen_ffmpeg() {
        let dir = tempfile::tempdir().unwrap();
        video(7).write(dir.path(), "movie.mp4");
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
        let log = dir.path().join("ffprobe.log");
        let script = format!(
            "#!/bin/sh\necho called >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            installed("ffprobe").display()
        );
        fs::write(bin.join("ffprobe"), script).unwrap();
        fs::set_permissions(bin.join("ffprobe"), fs::Permissions::from_mode(0o755)).unwrap();
        // A dry run asks ffprobe for the frame count, to size the names it prints.
        let chosen = bin.join("ffmpeg").display().to_string();
        framekit(dir.path())
            .args(["split", "movie.mp4", "out", "--dry-run"])
            .env("FRAMEKIT_FFMPEG", bin.join("ffmpeg"))
            .assert()
            .success()
            .stdout(starts_with("mkdir -p -- out && ").and(contains(chosen)));
        assert!(log.exists(), "the ffprobe beside FRAMEKIT_FFMPEG was used");
    }

    #[test]
    fn without_ffprobe_every_frame_is_still_written() {
        let dir = tempfile::tempdir().unwrap();
        video(12).write(dir.path(), "movie.mkv");
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
        let output = framekit(dir.path())
            .args(["split", "movie.mkv", "out", "--json"])
            .env("PATH", &bin)
            .assert()
            .success();
        assert_eq!(
            names(&dir.path().join("out")),
            expected_names("img_", 5, 12, "png")
        );
        let report: serde_json::Value =
            serde_json::from_slice(&output.get_output().stdout).unwrap();
        assert_eq!(report["width"], 64);
        assert!(
            report["fps"].is_null(),
            "not known without ffprobe: {report}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_terminal_gets_a_progress_bar_with_the_total() {
    let dir = tempfile::tempdir().unwrap();
    video(300).write(dir.path(), "movie.mp4");
    let output = crate::support::run::in_terminal(dir.path(), "split movie.mp4 out", &[]);
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert!(
        screen.contains("/300 frames"),
        "a bar counting to the total: {screen}"
    );
    assert!(
        screen.contains("wrote 300 frames of 64x48 to out"),
        "{screen}"
    );
    let summary = screen
        .split(['\r', '\n'])
        .find(|line| line.contains("wrote 300 frames"))
        .unwrap();
    assert_message!("summary", crate::support::run::without_escapes(summary));
}
