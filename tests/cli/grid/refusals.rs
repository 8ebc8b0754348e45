//! Usage errors of side-by-side folders: exit 2, the option and the fix named, nothing
//! written.

use super::*;

#[test]
fn a_grid_too_small_for_the_folders_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c"] {
        folder(dir.path(), name, 2, 0, (96, 32));
    }
    let args = ["stitch", "a", "b", "c", "--grid", "2x1", "-o", "g.mp4"];
    fails(
        dir.path(),
        &args,
        2,
        &[
            "--grid 2x1 holds 2 panels, but 3 folders were given",
            "--grid 2x2",
        ],
    );
    let one = ["stitch", "a", "--grid", "2x1", "-o", "g.mp4"];
    fails(
        dir.path(),
        &one,
        2,
        &["--grid 2x1 lays out several folders"],
    );
    for option in [&["--uneven", "hold"][..], &["--no-titles"]] {
        let alone = [&["stitch", "a", "-o", "g.mp4"][..], option].concat();
        fails(
            dir.path(),
            &alone,
            2,
            &[option[0], "is for several folders"],
        );
    }
    let bad = ["stitch", "a", "b", "--grid", "2by1", "-o", "g.mp4"];
    fails(dir.path(), &bad, 2, &["'2by1' is not a grid"]);
}

#[test]
fn several_folders_need_an_output_and_take_no_timing_file() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), "a", 2, 0, (96, 32));
    folder(dir.path(), "b", 2, 0, (96, 32));
    fails(dir.path(), &["stitch", "a", "b"], 2, &["need -o OUTPUT"]);
    fs::write(dir.path().join("d.csv"), "file,seconds\nf_000.png,1\n").unwrap();
    let timed = ["stitch", "a", "b", "--durations", "d.csv", "-o", "t.mp4"];
    fails(
        dir.path(),
        &timed,
        2,
        &["--durations names frames of one folder"],
    );
    let listed = ["stitch", "a", "-", "-o", "t.mp4"];
    fails(dir.path(), &listed, 2, &["cannot be a panel"]);
}

#[test]
fn a_damaged_frame_in_a_panel_fails_the_run_leaving_nothing() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), "a", 3, 0, (96, 32));
    let b = folder(dir.path(), "b", 3, 0, (96, 32));
    crate::support::frames::truncate(&b.join("f_001.png"), 0.5);
    // `fails` checks that the tree is as it was: no output, no hidden folder left.
    fails(
        dir.path(),
        &["stitch", "a", "b", "-o", "d.mp4"],
        1,
        &[
            "f_001.png cannot be decoded",
            "replace or remove that frame",
        ],
    );
}

#[test]
fn the_dry_run_prints_both_commands_and_says_what_framekit_draws() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), "truth", 2, 0, (96, 32));
    folder(dir.path(), "pred", 2, 0, (64, 32));
    let said = framekit_ok(
        dir.path(),
        &["stitch", "truth", "pred", "-o", "c.gif", "--dry-run"],
    );
    let line = String::from_utf8_lossy(&said.stdout);
    for words in [
        "-f concat -safe 0",
        "hstack=inputs=2",
        "overlay=",
        "&&",
        "paletteuse",
    ] {
        assert!(line.contains(words), "{words} missing from {line}");
    }
    let warned = crate::support::run::stderr(&said);
    assert!(warned.contains("titles itself (truth, pred)"), "{warned}");
    assert_eq!(crate::support::tree::names(dir.path()), ["pred", "truth"]);
}
