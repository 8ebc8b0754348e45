//! What `sheet` refuses, and what it leaves behind: usage errors (exit 2) before any work,
//! an existing sheet kept without `--force`, failures that leave no scratch folder, and a
//! dry run that prints the commands and writes nothing.

use super::*;

#[test]
fn usage_errors_exit_2_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 5);
    for (args, words) in [
        (&["-o", "s.gif"][..], &[".png, .jpg, .jpeg or .webp"][..]),
        (&["-o", "s"], &["such as sheet.jpg"]),
        (&["-o", "s.png", "--grid", "0x0"], &["--grid"]),
        (&["-o", "s.png", "--grid", "4"], &["COLUMNSxROWS"]),
        (
            &["-o", "s.png", "--grid", "64x1"],
            &["--width 2438", "fewer columns"],
        ),
        (&["-o", "s.png", "--width", "0"], &["--width"]),
        (
            &["-o", "s.png", "--glob", "*.png"],
            &["--glob", "not a folder"],
        ),
        (&["-o", "s.png", "--sort", "natural"], &["--sort"]),
    ] {
        let mut all = vec!["sheet", "movie.mp4"];
        all.extend(args);
        fails(dir.path(), &all, 2, words);
    }
    fails(dir.path(), &["sheet", "movie.mp4"], 2, &["--output"]);
    // The whole messages, reviewed.
    let said = fails(dir.path(), &["sheet", "movie.mp4", "-o", "s.gif"], 2, &[]);
    assert_message!("unknown_extension", said);
    let said = fails(
        dir.path(),
        &[
            "sheet",
            "movie.mp4",
            "-o",
            "s.png",
            "--grid",
            "20x1",
            "--width",
            "600",
        ],
        2,
        &[],
    );
    assert_message!("grid_too_wide", said);
}

#[test]
fn an_existing_sheet_is_kept_unless_force() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 5);
    fs::write(dir.path().join("sheet.png"), b"precious").unwrap();
    let said = fails(
        dir.path(),
        &["sheet", "movie.mp4", "-o", "sheet.png"],
        1,
        &["sheet.png already exists", "--force"],
    );
    assert_message!("existing_sheet", said);
    framekit_ok(
        dir.path(),
        &[
            "sheet",
            "movie.mp4",
            "-o",
            "sheet.png",
            "--grid",
            "2x1",
            "--force",
        ],
    );
    let bytes = fs::read(dir.path().join("sheet.png")).unwrap();
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Png
    );
    assert!(hidden_entries(dir.path()).is_empty());
}

#[test]
fn failures_name_the_input_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.mp4"), b"not a video at all").unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    // `fails` checks that every file and folder is as it was: no sheet, no scratch folder.
    fails(
        dir.path(),
        &["sheet", "notes.mp4", "-o", "s.png"],
        1,
        &["notes.mp4"],
    );
    let said = fails(
        dir.path(),
        &["sheet", "missing.mp4", "-o", "s.jpg"],
        1,
        &["missing.mp4", "does not exist"],
    );
    assert_message!("missing_input", said);
    // A truncated frame among good ones: named, no sheet, no scratch folder.
    write_frames(dir.path(), 4, FRAME_W, FRAME_H);
    crate::support::frames::truncate(&dir.path().join("frames").join("frame_002.png"), 0.5);
    fails(
        dir.path(),
        &["sheet", "frames", "-o", "s.png", "--grid", "2x2"],
        1,
        &["frame_002.png"],
    );
    fails(
        dir.path(),
        &["sheet", "empty", "-o", "s.png"],
        1,
        &["empty", "*.png"],
    );
    fails(
        dir.path(),
        &["sheet", "notes.mp4", "-o", "nowhere/s.png"],
        1,
        &["nowhere", "does not exist"],
    );
}

#[test]
fn a_dry_run_prints_the_commands_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 20);
    write_frames(dir.path(), 6, FRAME_W, FRAME_H);
    let before = tree(dir.path());
    for (input, output) in [
        ("movie.mp4", "s.jpg"),
        ("frames", "s.webp"),
        ("movie.mp4", "s.png"),
    ] {
        let run = framekit(dir.path())
            .args(["sheet", input, "-o", output, "--grid", "2x2", "--dry-run"])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        let printed = String::from_utf8(run.stdout).unwrap();
        assert!(printed.contains("ffmpeg "), "{printed}");
        assert!(
            printed.contains("framekit itself then draws the sheet"),
            "{printed}"
        );
        match output {
            "s.jpg" => assert!(printed.contains("-c:v mjpeg -q:v 2"), "{printed}"),
            "s.webp" => assert!(printed.contains("-c:v libwebp"), "{printed}"),
            _ => assert!(!printed.contains("mjpeg") && !printed.contains("libwebp")),
        }
        if input == "movie.mp4" {
            // split --count's own command: its pick, scaled to the tile's width.
            assert!(
                printed.contains("--count") || printed.contains("select="),
                "{printed}"
            );
            assert!(printed.contains("scale=791:-1"), "{printed}");
        } else {
            assert!(printed.contains("frame_000.png") && printed.contains("frame_005.png"));
        }
    }
    assert!(tree(dir.path()) == before, "a dry run writes nothing");
}

#[test]
fn a_damaged_video_is_refused_naming_allow_damaged_which_shows_what_decodes() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 100);
    // The index first (+faststart), then cut in half, as a download that stopped leaves it.
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-i",
            "movie.mp4",
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            "-y",
            "whole.mp4",
        ],
        dir.path(),
    );
    let bytes = fs::read(dir.path().join("whole.mp4")).unwrap();
    fs::write(dir.path().join("cut.mp4"), &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(dir.path().join("whole.mp4")).unwrap();
    fails(
        dir.path(),
        &["sheet", "cut.mp4", "-o", "s.png", "--grid", "2x2"],
        1,
        &["cut.mp4 is damaged or truncated", "--allow-damaged"],
    );
    let output = framekit(dir.path())
        .args(["sheet", "cut.mp4", "-o", "s.png", "--grid", "2x2"])
        .args(["--allow-damaged", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let json = report(&output);
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("cut.mp4 is damaged")),
        "{json}"
    );
    assert!(json["frames"].as_u64().unwrap() >= 1, "{json}");
    assert!(hidden_entries(dir.path()).is_empty());
    // A folder has no damaged stretch to skip: a usage error.
    write_frames(dir.path(), 2, FRAME_W, FRAME_H);
    fails(
        dir.path(),
        &["sheet", "frames", "-o", "f.png", "--allow-damaged"],
        2,
        &["--allow-damaged", "folder"],
    );
}

#[test]
fn a_sheet_taller_than_webp_holds_is_refused_naming_png_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 30);
    // 30 rows of 1588x794 tiles: about 24,700 pixels tall; WebP holds 16,383.
    fails(
        dir.path(),
        &["sheet", "movie.mp4", "-o", "tall.webp", "--grid", "1x30"],
        1,
        &["tall.webp", "16383", ".png"],
    );
}

#[cfg(unix)]
#[test]
fn a_link_that_points_nowhere_is_an_existing_output_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 5);
    std::os::unix::fs::symlink("/nonexistent/target.png", dir.path().join("s.png")).unwrap();
    fails(
        dir.path(),
        &["sheet", "movie.mp4", "-o", "s.png", "--grid", "2x1"],
        1,
        &["s.png already exists", "--force"],
    );
}
