//! Every error of `framekit stitch`: the exit code, a message that names the file and the
//! fix, and nothing written or changed.

use std::fs;
use std::path::Path;

use crate::support::frames::{
    crc32, with_exif_orientation, write_frame, write_frames, write_jpeg_frames, write_kind_frame,
    Kind,
};
use crate::support::paths::{native, quoted_glob};
use crate::support::run::{command_fails, framekit};
use crate::support::video::{ffmpeg, tool, video};

/// `framekit stitch ARGS` in `dir`, through the one failure helper ([`crate::support::run::fails`]):
/// exit `code`, each of `words` on stderr, nothing on stdout, `dir` unchanged; and stderr is
/// the snapshot `name` (the real ffmpeg's own words redacted).
fn fails(name: &str, dir: &Path, args: &[&str], code: i32, words: &[&str]) -> String {
    let message = crate::support::run::fails(dir, &[&["stitch"], args].concat(), code, words);
    assert_message_quoting_ffmpeg!(name, &message);
    message
}

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
fn a_closed_stderr_is_no_reason_to_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = framekit(dir.path())
        .args(["stitch", "nowhere", "-o", "a.mp4"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before framekit reports its error.
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1), "not 101, a panic");
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
        &["stitch takes one folder, but got 3 paths", fix],
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
fn frames_of_another_size_are_each_listed_with_both_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 4, 80, 48);
    write_frame(&frames.join("frame_003.png"), 3, 96, 48);
    write_frame(&frames.join("frame_001.png"), 1, 80, 40);
    fails(
        "frames_of_another_size",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[
            "2 of 4 frame(s) cannot be used",
            &native("frames/frame_001.png is 80x40, expected 80x48 (as frames/frame_000.png)"),
            &native("frames/frame_003.png is 96x48, expected 80x48 (as frames/frame_000.png)"),
        ],
    );
}

#[test]
fn a_stray_frame_is_named_against_the_size_most_frames_share() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 4, 80, 48);
    // Sorts first: held to its size, every good frame would be blamed instead.
    write_frame(&frames.join("a_thumb.png"), 9, 40, 24);
    let message = fails(
        "stray_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[
            "1 of 5 frame(s) cannot be used",
            &native("frames/a_thumb.png is 40x24, expected 80x48 (as frames/frame_000.png)"),
        ],
    );
    assert!(!message.contains("frame_001.png"), "{message}");
}

#[test]
fn portrait_and_landscape_photos_are_refused_as_ffmpeg_would_turn_them() {
    let dir = tempfile::tempdir().unwrap();
    // Three landscape shots, then two in portrait: stored alike, but ffmpeg turns the last
    // two upright by their EXIF orientation and would squash them into 96x32.
    write_jpeg_frames(dir.path(), 5, 96, 32, |index| (index >= 3).then_some(6));
    fails(
        "portrait_and_landscape",
        dir.path(),
        &["frames", "--glob", "*.JPG", "-o", "a.mp4"],
        1,
        &[
            "2 of 5 frame(s) cannot be used",
            &native(
                "frames/IMG_0003.JPG is 32x96 (turned upright by its EXIF orientation), \
             expected 96x32 (as frames/IMG_0000.JPG)",
            ),
            &native("frames/IMG_0004.JPG is 32x96"),
            "hint: ffmpeg turns each photo upright by its EXIF orientation",
        ],
    );
}

#[test]
fn broken_frames_are_named_before_anything_is_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 96, 32);
    fs::write(frames.join("frame_003.png"), b"").unwrap();
    fails(
        "empty_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frames/frame_003.png is empty")],
    );

    // A JPEG named .png.
    let jpeg = dir.path().join("real.jpg");
    ffmpeg(&[
        "-i",
        frames.join("frame_000.png").to_str().unwrap(),
        jpeg.to_str().unwrap(),
    ]);
    fs::copy(&jpeg, frames.join("frame_003.png")).unwrap();
    fails(
        "jpeg_named_png",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is a JPEG image, but its name says PNG"],
    );

    // Not an image at all.
    fs::write(
        frames.join("frame_003.png"),
        b"hello, I am text and not a picture",
    )
    .unwrap();
    fails(
        "not_an_image",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is not a PNG or JPEG image"],
    );

    // A header that claims 100000x100000: refused before ffmpeg could try to allocate it.
    let mut huge = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    huge.extend(100_000u32.to_be_bytes());
    huge.extend(100_000u32.to_be_bytes());
    huge.extend([8, 2, 0, 0, 0, 0x2c, 0x2a, 0x8e, 0x9b]);
    fs::write(frames.join("frame_003.png"), huge).unwrap();
    fails(
        "too_large",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is 100000x100000, larger than framekit's limit of 16384"],
    );

    // A folder whose name matches the pattern.
    fs::remove_file(frames.join("frame_003.png")).unwrap();
    fs::create_dir(frames.join("frame_003.png")).unwrap();
    fails(
        "folder_as_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_003.png is a folder, not an image"],
    );
}

#[test]
fn a_truncated_png_fails_the_run_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 30, 96, 32);
    let whole = fs::read(frames.join("frame_017.png")).unwrap();
    fs::write(frames.join("frame_017.png"), &whole[..whole.len() / 2]).unwrap();
    fails(
        "truncated_png",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_017.png cannot be decoded", "nothing was written"],
    );
}

#[test]
fn a_damaged_tiny_frame_is_named_though_the_pipe_held_thousands_more() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Frames of about 100 bytes: when ffmpeg stops at the damaged one, framekit has already
    // pushed hundreds more into the pipe and ffmpeg's buffers.
    for index in 0..3000 {
        let path = frames.join(format!("f_{index:05}.png"));
        write_kind_frame(&path, index, 16, 16, Kind::Gray8);
    }
    let damaged = frames.join("f_01000.png");
    let whole = fs::read(&damaged).unwrap();
    fs::write(&damaged, &whole[..60]).unwrap();
    fails(
        "damaged_tiny_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frame frames/f_01000.png cannot be decoded")],
    );
}

#[test]
fn a_damaged_large_frame_is_named_though_ffmpeg_held_several_whole_frames() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Noise of 1400x1400, 5 MB a frame: the byte window alone would reach back two frames,
    // while ffmpeg's decoding threads hold several.
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "nullsrc=s=1400x1400,geq=lum='random(1)*255':cb='random(2)*255':cr=128",
            "-frames:v",
            "14",
            "-pix_fmt",
            "rgb24",
            "frames/f_%03d.png",
        ],
        dir.path(),
    );
    let damaged = frames.join("f_005.png");
    let mut bytes = fs::read(&damaged).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 2000] {
        *byte ^= 0x5a;
    }
    fs::write(&damaged, bytes).unwrap();
    fails(
        "damaged_large_frame",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frame frames/f_005.png cannot be decoded")],
    );
}

#[test]
fn a_png_with_corrupt_data_fails_the_run_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 30, 96, 32);
    let mut bytes = fs::read(frames.join("frame_021.png")).unwrap();
    // Past the header, inside the compressed pixels: the structure stays intact.
    for byte in &mut bytes[60..120] {
        *byte ^= 0x5a;
    }
    fs::write(frames.join("frame_021.png"), bytes).unwrap();
    fails(
        "corrupt_png_data",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["frame_021.png cannot be decoded"],
    );
}

#[test]
fn a_failed_run_keeps_the_previous_video_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 10, 96, 32);
    fs::write(dir.path().join("movie.mp4"), b"the good one").unwrap();
    let whole = fs::read(frames.join("frame_005.png")).unwrap();
    fs::write(frames.join("frame_005.png"), &whole[..40]).unwrap();
    fails(
        "failed_run_keeps_previous",
        dir.path(),
        &["frames", "-o", "movie.mp4", "--force"],
        1,
        &["frame_005.png"],
    );
    assert_eq!(
        fs::read(dir.path().join("movie.mp4")).unwrap(),
        b"the good one"
    );
}

#[test]
fn a_failing_ffmpeg_is_quoted() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    fails(
        "failing_ffmpeg",
        dir.path(),
        &["frames", "-o", "a.mp4", "--codec", "no_such_codec_xyz"],
        1,
        &[
            "ffmpeg failed to encode a.mp4",
            "Unknown encoder 'no_such_codec_xyz'",
            "--dry-run",
        ],
    );
}

#[test]
fn a_missing_ffmpeg_exits_127_with_install_help() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 2, 96, 32);
    let help = [
        "apt install ffmpeg",
        "brew install ffmpeg",
        "winget install ffmpeg",
        "--ffmpeg",
    ];
    let message = fails(
        "missing_ffmpeg_flag",
        dir.path(),
        &["frames", "-o", "a.mp4", "--ffmpeg", "/nonexistent/ffmpeg"],
        127,
        &help,
    );
    assert!(message.contains("/nonexistent/ffmpeg"));

    for (key, value) in [
        ("FRAMEKIT_FFMPEG", "/nonexistent/ff"),
        ("PATH", "/nonexistent"),
    ] {
        let mut command = framekit(dir.path());
        command
            .args(["stitch", "frames", "-o", "a.mp4"])
            .env(key, value);
        let message = command_fails(&mut command, dir.path(), 127, &["apt install ffmpeg"]);
        assert_message!(format!("missing_ffmpeg_{key}"), message);
    }
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
        ("no_output", vec!["frames"], "--output"),
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
fn mixed_png_and_jpeg_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 96, 32);
    let png = dir.path().join("p.png");
    write_kind_frame(&png, 1, 96, 32, Kind::Rgb8);
    ffmpeg(&[
        "-i",
        png.to_str().unwrap(),
        frames.join("frame_009.jpg").to_str().unwrap(),
    ]);
    fails(
        "mixed_png_and_jpeg",
        dir.path(),
        &["frames", "--glob", "*", "-o", "a.mp4"],
        1,
        &[&native(
            "frames/frame_009.jpg is a JPEG image, expected PNG (as frames/frame_000.png)",
        )],
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
        &["no file in notes matches the pattern '*.png'"],
    );
    assert!(!message.contains("hint:"), "{message}");
}

#[test]
fn headers_that_say_too_little_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 64, 48);
    // The PNG signature and the start of IHDR, then the file ends.
    let mut cut = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    cut.extend([0, 0]);
    fs::write(frames.join("frame_002.png"), cut).unwrap();
    fails(
        "damaged_png_header",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native(
            "frames/frame_002.png has a damaged PNG header (no width and height)",
        )],
    );
    // An IHDR (with its right CRC) of width 0.
    let ihdr = [
        b"IHDR".as_slice(),
        &0u32.to_be_bytes(),
        &10u32.to_be_bytes(),
        &[8, 2, 0, 0, 0],
    ]
    .concat();
    let mut empty = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d".to_vec();
    empty.extend(&ihdr);
    empty.extend(crc32(&ihdr).to_be_bytes());
    fs::write(frames.join("frame_002.png"), empty).unwrap();
    fails(
        "png_without_pixels",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frames/frame_002.png has no pixels (0x10)")],
    );
    fs::remove_file(frames.join("frame_002.png")).unwrap();
    // A JPEG whose markers end before its frame header (SOF).
    let mut jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    jpeg.extend(b"\xff\xdb\x00\x43\x00");
    jpeg.extend([1; 64]);
    fs::write(frames.join("frame_002.jpg"), &jpeg).unwrap();
    fails(
        "damaged_jpeg_header",
        dir.path(),
        &["frames", "--glob", "*.jpg", "-o", "a.mp4"],
        1,
        &[&native(
            "frames/frame_002.jpg has a damaged JPEG header (no width and height)",
        )],
    );
}

#[test]
fn a_long_list_of_bad_frames_is_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 48, 16);
    for index in 0..25 {
        fs::write(frames.join(format!("empty_{index:02}.png")), b"").unwrap();
    }
    fails(
        "many_bad_frames",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &["25 of 27 frame(s) cannot be used", "... and 5 more"],
    );
}

#[test]
fn lossless_refuses_jpeg_layouts_and_depths_it_cannot_keep() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // 4:2:2 turned a quarter by EXIF orientation is 4:4:0, which FFV1 cannot hold exactly.
    for index in 0..2 {
        let png = dir.path().join("source.png");
        write_frame(&png, index, 64, 32);
        let jpg = frames.join(format!("f_{index}.jpg"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-pix_fmt",
            "yuvj422p",
            jpg.to_str().unwrap(),
        ]);
        fs::remove_file(&png).unwrap();
        let tagged = with_exif_orientation(&fs::read(&jpg).unwrap(), 6);
        fs::write(&jpg, tagged).unwrap();
    }
    fails(
        "lossless_jpeg_layout_without_ffv1_counterpart",
        dir.path(),
        &["frames", "--glob", "*.jpg", "-o", "a.mkv", "--lossless"],
        1,
        &["--lossless cannot keep these JPEG frames exactly"],
    );
    // 16 bits a channel: more than H.264 RGB keeps.
    write_frames(dir.path(), 2, 64, 32);
    write_kind_frame(&frames.join("frame_009.png"), 9, 64, 32, Kind::Rgb16);
    fails(
        "lossless_mp4_16_bit",
        dir.path(),
        &["frames", "-o", "a.mp4", "--lossless"],
        1,
        &[&native("frames/frame_009.png has 16 bits a channel")],
    );
}

#[cfg(unix)]
#[test]
fn frames_folders_and_frames_that_are_no_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 2, 48, 16);
    fails(
        "frames_folder_is_a_device",
        dir.path(),
        &["/dev/null", "-o", "a.mp4"],
        1,
        &["/dev/null is not a folder"],
    );
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    fails(
        "frames_folder_unreadable",
        dir.path(),
        &["loop", "-o", "a.mp4"],
        1,
        &["cannot read the frames folder loop: "],
    );
    fs::remove_file(dir.path().join("loop")).unwrap();
    // A FIFO would block a reader forever.
    let fifo = std::ffi::CString::new(frames.join("frame_005.png").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    fails(
        "frame_is_a_fifo",
        dir.path(),
        &["frames", "-o", "a.mp4"],
        1,
        &[&native("frames/frame_005.png is not a regular file")],
    );
}
