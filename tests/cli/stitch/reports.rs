//! What a run says: the `--json` report, nothing on success when quiet or not on a terminal,
//! and a progress bar and summary on a terminal.

use super::*;

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
