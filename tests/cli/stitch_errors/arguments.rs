//! Arguments, options and paths that cannot work: the output, the frames' folder or
//! pattern, --pad, --width, --codec, the soundtrack, extra ffmpeg options.

use std::fs;

use crate::support::frames::write_frames;
use crate::support::paths::quoted_glob;
use crate::support::video::video;

use super::fails;

#[test]
fn an_existing_output_is_left_alone_without_force() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    fs::write(dir.path().join("movie.mp4"), b"precious").unwrap();
    fails(
        "existing_output",
        dir.path(),
        &["frames", "-o", "movie.mp4"],
        1,
        &["movie.mp4 already exists", "--force"],
    );
}

#[test]
fn missing_folders_and_empty_matches_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    fails(
        "missing_folder",
        dir.path(),
        &["nowhere", "-o", "a.mp4"],
        1,
        &["nowhere", "does not exist"],
    );
    fails(
        "no_match",
        dir.path(),
        &["frames", "--glob", "*.JPG", "-o", "a.mp4"],
        1,
        &[
            "no file in frames matches the pattern '*.JPG'",
            &format!("try --glob {}", quoted_glob("*.png")),
        ],
    );
    fails(
        "missing_output_folder",
        dir.path(),
        &["frames", "-o", "out/a.mp4"],
        1,
        &["output folder out does not exist", "mkdir"],
    );
    fs::create_dir(dir.path().join("my dir")).unwrap();
    fails(
        "missing_output_folder_quoted",
        dir.path(),
        &["frames", "-o", "my dir/no such/a.mp4"],
        1,
        &[
            "output folder my dir/no such does not exist",
            if cfg!(windows) {
                r#"mkdir "my dir\no such""#
            } else {
                "mkdir -p -- 'my dir/no such'"
            },
        ],
    );
    fs::write(dir.path().join("afile"), b"a file").unwrap();
    fails(
        "output_folder_is_a_file",
        dir.path(),
        &["frames", "-o", "afile/a.mp4"],
        1,
        &["cannot write afile/a.mp4: afile is a file, not a folder"],
    );
    fs::create_dir(dir.path().join("dir.mp4")).unwrap();
    fails(
        "output_is_a_folder",
        dir.path(),
        &["frames", "-o", "dir.mp4"],
        1,
        &["dir.mp4 is a folder"],
    );
}

#[test]
fn extra_options_that_change_the_frame_count_are_named_as_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 20, 48, 16);
    fails(
        "extra_options_change_the_count",
        dir.path(),
        &["frames", "-o", "a.mp4", "--", "-r", "5"],
        1,
        &[
            "but 20 were given",
            "the ffmpeg options after -- (-r 5) change the number of frames",
        ],
    );
}

#[test]
fn pad_needs_a_colour_and_makes_gifs_too() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 48, 16);
    fails(
        "pad_not_a_colour_injection",
        dir.path(),
        &["frames", "-o", "a.mp4", "--pad", "white;rm"],
        2,
        &["is not a colour", "#RRGGBB"],
    );
    // GIF's palette is made in a process of its own, which sees frames of one size.
    crate::support::run::framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "a.gif", "--pad", "white"],
    );
    assert_eq!(
        crate::support::video::count_frames(&dir.path().join("a.gif")),
        2
    );
    // Names ffmpeg does not know fail here, not inside ffmpeg.
    fails(
        "pad_unknown_colour",
        dir.path(),
        &["frames", "-o", "a.mp4", "--pad", "notacolour"],
        2,
        &["is not a colour"],
    );
    fails(
        "pad_lossless",
        dir.path(),
        &["frames", "-o", "a.mkv", "--pad", "white", "--lossless"],
        2,
        &["cannot pad them"],
    );
}

#[test]
fn a_filter_graph_that_cannot_join_framekits_filter_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 33, 17);
    fails(
        "filter_complex",
        dir.path(),
        &["frames", "-o", "a.mp4", "--", "-filter_complex", "hflip"],
        2,
        &["-filter_complex after -- cannot be combined", "-vf"],
    );
    // A filter that drops frames is refused before the encode, not after it.
    fails(
        "filter_changes_the_count",
        dir.path(),
        &["frames", "-o", "a.mp4", "--", "-vf", "hflip,fps=5"],
        2,
        &[
            "the filter fps after -- changes the number of frames",
            "--fps",
        ],
    );
}

#[test]
fn a_width_that_would_squash_a_side_to_nothing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 1000, 3);
    fails(
        "width_squashes_a_side",
        dir.path(),
        &["frames", "-o", "a.gif", "--width", "10"],
        1,
        &["--width 10 would make the 1000x3 frames 10x0"],
    );
}

#[test]
fn files_or_patterns_where_a_folder_belongs_get_the_command_to_type() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    // Quoted for the platform's shell: a POSIX shell, or cmd.exe.
    let (fix, folder_fix) = if cfg!(windows) {
        (
            r#"framekit stitch frames --glob "*.png""#,
            r#"framekit stitch .\frames --glob "*.png""#,
        )
    } else {
        (
            "framekit stitch frames --glob '*.png'",
            "framekit stitch ./frames --glob '*.png'",
        )
    };
    // What the shell makes of `stitch frames/*.png`.
    let expanded = [
        "frames/frame_000.png",
        "frames/frame_001.png",
        "frames/frame_002.png",
    ];
    let mut args = expanded.to_vec();
    args.extend(["-o", "a.mp4"]);
    fails(
        "shell_expanded_pattern",
        dir.path(),
        &args,
        2,
        &[
            "stitch takes folders, but got 3 paths, not all folders",
            fix,
        ],
    );
    fails(
        "file_as_dir",
        dir.path(),
        &["frames/frame_000.png", "-o", "a.mp4"],
        2,
        // DIR as given, with its `/`.
        &["frames/frame_000.png is a file", fix],
    );
    fails(
        "pattern_as_dir",
        dir.path(),
        &["frames/*.png", "-o", "a.mp4"],
        2,
        &["it looks like a pattern", fix],
    );
    fails(
        "glob_with_a_folder",
        dir.path(),
        &[".", "--glob", "frames/*.png", "-o", "a.mp4"],
        2,
        &["holds a folder", folder_fix],
    );
}

#[test]
fn the_did_you_mean_hint_suggests_only_images() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 48, 16);
    for name in ["a.mp4", "b.mp4", "c.mp4"] {
        fs::write(frames.join(name), b"not a frame").unwrap();
    }
    let message = fails(
        "did_you_mean_images_only",
        dir.path(),
        &["frames", "--glob", "*.JPG", "-o", "a.mp4"],
        1,
        &[&format!("try --glob {}", quoted_glob("*.png"))],
    );
    assert!(!message.contains("mp4'"), "{message}");
}

#[test]
fn impossible_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    for (name, args, words) in [
        (
            "fps_zero",
            vec!["frames", "-o", "a.mp4", "--fps", "0"],
            "frame rate",
        ),
        (
            "fps_not_a_rate",
            vec!["frames", "-o", "a.mp4", "--fps", "fast"],
            "not a frame rate",
        ),
        (
            "glob_invalid",
            vec!["frames", "-o", "a.mp4", "--glob", "[z-a"],
            "--glob",
        ),
        (
            "unknown_extension",
            vec!["frames", "-o", "a.avi"],
            "extension",
        ),
        (
            "gif_crf",
            vec!["frames", "-o", "a.gif", "--crf", "20"],
            "GIF",
        ),
        (
            "gif_soundtrack",
            vec!["frames", "-o", "a.gif", "--audio", "x.mp3"],
            "GIF",
        ),
        (
            "crf_out_of_range",
            vec!["frames", "-o", "a.mp4", "--crf", "60"],
            "out of range",
        ),
        (
            "lossless_webm",
            vec!["frames", "-o", "a.webm", "--lossless"],
            ".mkv",
        ),
        ("no_output", vec!["-"], "stitch - needs -o OUTPUT"),
        // Added with the snapshots: one case for each of the other usage errors.
        (
            "fps_above_maximum",
            vec!["frames", "-o", "a.mp4", "--fps", "5000"],
            "above the maximum of 1000",
        ),
        (
            "gif_fps_above_50",
            vec!["frames", "-o", "a.gif", "--fps", "60"],
            "a GIF cannot play 60 frames a second",
        ),
        (
            "preset_vp9",
            vec!["frames", "-o", "a.webm", "--preset", "fast"],
            "--preset does not apply to libvpx-vp9",
        ),
        (
            "crf_not_a_number",
            vec!["frames", "-o", "a.mp4", "--crf", "high"],
            "--crf",
        ),
        (
            "width_out_of_range",
            vec!["frames", "-o", "a.mp4", "--width", "1"],
            "--width",
        ),
        (
            "lossless_width",
            vec!["frames", "-o", "a.mkv", "--lossless", "--width", "64"],
            "cannot scale (--width)",
        ),
        (
            "lossless_codec",
            vec!["frames", "-o", "a.mkv", "--lossless", "--codec", "libx265"],
            "--lossless picks its own codec and quality",
        ),
        (
            "lossless_preset_ffv1",
            vec!["frames", "-o", "a.mkv", "--lossless", "--preset", "slow"],
            "--preset does not apply to FFV1",
        ),
        (
            "unknown_sort",
            vec!["frames", "-o", "a.mp4", "--sort", "time"],
            "--sort",
        ),
    ] {
        fails(name, dir.path(), &args, 2, &[words]);
    }
}

#[test]
fn a_missing_soundtrack_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    fails(
        "soundtrack_missing",
        dir.path(),
        &["frames", "-o", "a.mp4", "--audio", "gone.mp3"],
        1,
        &["soundtrack gone.mp3 does not exist"],
    );
    // A video without sound given as the soundtrack.
    video(5).write(dir.path(), "silent.mp4");
    fails(
        "soundtrack_without_audio",
        dir.path(),
        &["frames", "-o", "a.mp4", "--audio", "silent.mp4"],
        1,
        &["the soundtrack silent.mp4 has no audio stream"],
    );
}

#[test]
fn a_soundtrack_that_is_a_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    fs::create_dir(dir.path().join("music")).unwrap();
    fails(
        "soundtrack_folder",
        dir.path(),
        &["frames", "-o", "a.mp4", "--audio", "music"],
        1,
        &["the soundtrack music is not a file"],
    );
}

#[test]
fn a_folder_without_images_gets_no_glob_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("notes")).unwrap();
    fs::write(dir.path().join("notes/a.txt"), b"text").unwrap();
    let message = fails(
        "no_match_without_images",
        dir.path(),
        &["notes", "-o", "a.mp4"],
        1,
        &["no file in notes matches *.png, *.jpg or *.jpeg"],
    );
    assert!(!message.contains("hint:"), "{message}");
}
