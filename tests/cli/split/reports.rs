//! What split reports: `--json`, with the video's own frame rate, and a progress bar on a
//! terminal.

use super::*;

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
