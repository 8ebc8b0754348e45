//! `stitch --hw` against the real ffmpeg, on a machine without a GPU (this one, CI's): each
//! hardware encoder the build lists cannot be opened, so framekit says so once and encodes
//! in software, and the video is the same one (every frame's index, BT.709 tags); an
//! encoder the build lacks entirely is a usage error. Written against what the ffmpeg on
//! PATH lists (`ffmpeg -encoders`), so that Debian's 5.1 (nvenc, qsv and vaapi listed) and
//! the static 9.0.2, 7.0.2 and 4.2.2 (none) each prove their side. On a machine whose GPU
//! opens, the same tests accept the hardware encoder instead of the warning.

use std::path::Path;
use std::process::Output;

use crate::support::frames::write_frames;
use crate::support::run::{fails, framekit, stderr};
use crate::support::video::{indices, probe, tool};

/// The encoders the ffmpeg on PATH lists.
fn listed_encoders() -> Vec<String> {
    let output = tool("ffmpeg", &["-hide_banner", "-encoders"], Path::new("."));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let table = text
        .lines()
        .skip_while(|line| line.trim() != "------")
        .skip(1);
    table
        .filter_map(|line| line.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

/// The `warning:` lines of a run.
fn warnings(output: &Output) -> Vec<String> {
    let text = stderr(output);
    text.lines()
        .filter(|line| line.starts_with("warning:"))
        .map(str::to_string)
        .collect()
}

/// Asserts that `video` holds frames 0..count, 64x48, tagged BT.709 TV range.
fn assert_same_video(video: &Path, count: u32) {
    assert_eq!(indices(video, 64, 48), (0..count).collect::<Vec<_>>());
    let tags = probe(
        video,
        "v:0",
        "color_space,color_primaries,color_transfer,color_range",
    );
    for (key, value) in [
        ("color_space", "bt709"),
        ("color_primaries", "bt709"),
        ("color_transfer", "bt709"),
        ("color_range", "tv"),
    ] {
        assert_eq!(tags[key], value, "{key} of {}", video.display());
    }
}

/// Runs `stitch --hw hw --json` and returns the codec it reports and its warnings; the
/// video must be right either way.
fn stitched_with(dir: &Path, hw: &str) -> (String, Vec<String>) {
    let name = format!("{hw}.mp4");
    let output = framekit(dir)
        .args(["stitch", "frames", "-o", &name, "--hw", hw, "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "--hw {hw}: {}", stderr(&output));
    assert_same_video(&dir.join(&name), 12);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codec = report["codec"].as_str().unwrap().to_string();
    (codec, warnings(&output))
}

#[test]
fn hw_each_encoder_the_build_lists_but_cannot_open_falls_back_once() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 12, 64, 48);
    let listed = listed_encoders();
    for (hw, encoder) in [
        ("nvenc", "h264_nvenc"),
        ("vaapi", "h264_vaapi"),
        ("qsv", "h264_qsv"),
    ] {
        if !listed.iter().any(|e| e == encoder) {
            let said = fails(
                dir.path(),
                &["stitch", "frames", "-o", "lacking.mp4", "--hw", hw],
                2,
                &[&format!("this ffmpeg has no {encoder} encoder")],
            );
            assert!(said.contains("--hw auto"), "{said}");
            continue;
        }
        let (codec, warnings) = stitched_with(dir.path(), hw);
        if codec == encoder {
            // A GPU that opens it: no fallback, nothing to say.
            assert_eq!(warnings, Vec::<String>::new());
            continue;
        }
        assert_eq!(codec, "libx264");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let expected = format!("warning: {encoder} cannot be opened here (");
        assert!(warnings[0].starts_with(&expected), "{}", warnings[0]);
        assert!(
            warnings[0].ends_with("): encoding with libx264"),
            "{}",
            warnings[0]
        );
    }
}

#[test]
fn hw_auto_tries_every_encoder_the_build_lists_and_warns_once() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 12, 64, 48);
    let listed = listed_encoders();
    let order: &[&str] = match cfg!(target_os = "macos") {
        true => &["h264_videotoolbox"],
        false => &["h264_nvenc", "h264_qsv", "h264_vaapi"],
    };
    let candidates: Vec<&str> = (order.iter().copied())
        .filter(|encoder| listed.iter().any(|e| e == encoder))
        .collect();
    let (codec, warnings) = stitched_with(dir.path(), "auto");
    if candidates.contains(&codec.as_str()) {
        assert_eq!(warnings, Vec::<String>::new());
        return;
    }
    assert_eq!(codec, "libx264");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert!(warning.ends_with(": encoding with libx264"), "{warning}");
    match candidates.as_slice() {
        [] => assert!(
            warning.contains("this ffmpeg has no hardware H.264 encoder"),
            "{warning}"
        ),
        [one] => assert!(
            warning.starts_with(&format!("warning: {one} cannot be opened here")),
            "{warning}"
        ),
        several => {
            assert!(warning.contains("no hardware H.264 encoder can be opened here"));
            // Each named with its reason, in the order tried.
            let at: Vec<_> = (several.iter())
                .map(|e| warning.find(&format!("{e}: ")).expect(e))
                .collect();
            assert!(at.windows(2).all(|pair| pair[0] < pair[1]), "{warning}");
        }
    }
}

#[cfg(not(target_os = "macos"))]
#[test]
fn hw_videotoolbox_off_a_mac_is_a_usage_error_naming_what_the_build_has() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 64, 48);
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4", "--hw", "videotoolbox"],
        2,
        &[
            "--hw videotoolbox: this ffmpeg has no h264_videotoolbox encoder",
            "hint: drop --hw",
        ],
    );
    let listed = listed_encoders();
    for encoder in ["h264_nvenc", "h264_qsv", "h264_vaapi"] {
        let has = listed.iter().any(|e| e == encoder);
        assert_eq!(said.contains(encoder), has, "{encoder}: {said}");
    }
}

#[test]
fn hw_is_refused_where_no_hardware_path_exists() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 64, 48);
    for (args, words) in [
        (
            &["-o", "a.gif"][..],
            "--hw encodes H.264 and HEVC video, not a GIF",
        ),
        (
            &["-o", "a.webm"][..],
            "--hw encodes H.264 and HEVC, not libvpx-vp9",
        ),
        (&["-o", "a.mov", "--codec", "prores"][..], "not prores"),
        (
            &["-o", "a.mkv", "--lossless"][..],
            "--hw cannot encode --lossless",
        ),
        (
            &["-o", "a.mp4", "--max-size", "1MB"][..],
            "--hw cannot aim at --max-size",
        ),
        (
            &["-o", "a.mp4", "--preset", "slow"][..],
            "--preset names libx264's speeds",
        ),
    ] {
        let mut all = vec!["stitch", "frames", "--hw", "auto"];
        all.extend(args);
        fails(dir.path(), &all, 2, &[words]);
    }
}
