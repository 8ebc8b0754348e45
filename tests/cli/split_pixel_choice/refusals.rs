//! What `--sharpest` and `--dedupe` refuse, before any work (exit 2, nothing written), and
//! what `--dry-run` prints.

use super::*;

#[test]
fn bad_combinations_are_usage_errors_that_say_why() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::video::video(10).write(dir.path(), "movie.mp4");
    let cases: [(&[&str], &[&str]); 7] = [
        (
            &["--sharpest", "--at", "0.1"],
            &["--sharpest cannot be used with --at", "no stretch"],
        ),
        (
            &["--sharpest", "--keyframes"],
            &["--sharpest cannot be used with --keyframes", "key frames"],
        ),
        (
            &["--sharpest", "--scene", "0.3"],
            &["--sharpest cannot be used with --scene"],
        ),
        (
            &["--sharpest"],
            &[
                "--sharpest needs --count, --every or --fps",
                "--count 100 --sharpest",
            ],
        ),
        (
            &["--sharpest", "--every", "1"],
            &["--sharpest needs --count", "--every 1 keeps every frame"],
        ),
        (
            &["--dedupe", "--at", "0.1"],
            &["--dedupe cannot be used with --at"],
        ),
        (
            &["--dedupe=300"],
            &["'300' is not a --dedupe threshold", "0 to 255"],
        ),
    ];
    for (args, words) in cases {
        let mut all = vec!["split", "movie.mp4", "out"];
        all.extend(args);
        fails(dir.path(), &all, 2, words);
    }
}

#[test]
fn the_dry_run_prints_the_measuring_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::video::video(10).write(dir.path(), "movie.mp4");
    let output = framekit(dir.path())
        .args([
            "split",
            "movie.mp4",
            "out",
            "--count",
            "3",
            "--sharpest",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let line = String::from_utf8(output.stdout).unwrap();
    assert!(
        line.contains("scale=64:48:flags=neighbor:in_range=pc:out_range=pc,format=gray")
            && line.contains("-f rawvideo -pix_fmt gray pipe:1"),
        "{line}"
    );
    assert!(!dir.path().join("out").exists());
}
