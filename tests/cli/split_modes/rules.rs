//! Every mode against its rule on every decoded frame, decoding or seeking, on constant- and
//! variable-rate video, sparse frames, `--width`, and `--scene`.

use super::*;

/// Each mode on `video`, decoding and seeking, against its rule.
fn every_mode_against_its_rule(dir: &Path, video: &str) {
    let source = decoded_frames(&dir.join(video), None);
    // --count spreads its frames over the video's duration as ffprobe gives it.
    let duration: f64 = probe(&dir.join(video), "V:0", "duration")["duration"]
        .parse()
        .unwrap();
    let all = rule::range(&source, 0.0, f64::MAX);
    let range = rule::range(&source, 0.5, 2.5);
    let from_one = rule::range(&source, 1.0, f64::MAX);
    let keys: Vec<usize> = all.iter().copied().filter(|&i| source[i].key).collect();
    assert!(keys.len() > 2, "a test video with several key frames");
    let cases: Vec<(Vec<&str>, Vec<usize>, &str)> = vec![
        (vec![], all.clone(), "all"),
        (
            vec!["--every", "3"],
            all.iter().copied().step_by(3).collect(),
            "every",
        ),
        (
            vec!["--fps", "7"],
            rule::steps(&source, &all, 0.0, 7.0, None),
            "fps",
        ),
        (vec!["--start", "0.5", "--end", "2.5"], range.clone(), "all"),
        (
            vec!["--fps", "3", "--start", "0.5", "--end", "2.5"],
            rule::steps(&source, &range, 0.5, 3.0, None),
            "fps",
        ),
        (
            vec!["--every", "4", "--start", "0.5", "--end", "2.5"],
            range.iter().copied().step_by(4).collect(),
            "every",
        ),
        (
            vec!["--count", "9"],
            rule::steps(&source, &all, 0.0, 9.0 / duration, Some(9)),
            "count",
        ),
        (
            vec!["--count", "5", "--start", "0.5", "--end", "2.5"],
            rule::steps(&source, &range, 0.5, 5.0 / 2.0, Some(5)),
            "count",
        ),
        // Without --end, the range ends where the video does.
        (
            vec!["--count", "4", "--start", "1"],
            rule::steps(&source, &from_one, 1.0, 4.0 / (duration - 1.0), Some(4)),
            "count",
        ),
        // Times as --start takes them: seconds, MM:SS and HH:MM:SS.
        (
            vec!["--at", "2.5,0:00.3,1.234,00:00:00.300,0"],
            [2.5, 0.3, 1.234, 0.3, 0.0]
                .iter()
                .map(|&t| rule::at(&source, t))
                .collect(),
            "at",
        ),
        (vec!["--keyframes"], keys.clone(), "keyframes"),
        (
            vec!["--keyframes", "--start", "0.5", "--end", "2.5"],
            range.iter().copied().filter(|&i| source[i].key).collect(),
            "keyframes",
        ),
    ];
    for (args, expected, mode) in cases {
        for cost in [DECODE, SEEK] {
            let (written, report) = split(dir, video, "out", &args, cost, &source);
            assert_eq!(written, expected, "{video} {args:?} (seek cost {cost})");
            assert_eq!(report["mode"], mode, "{args:?}");
            let strategy = report["strategy"].as_str().unwrap();
            match mode {
                "keyframes" => assert_eq!(strategy, "keyframes"),
                // Consecutive frames: decoding on is always cheaper.
                "all" => assert_eq!(strategy, "decode", "{args:?}"),
                _ if cost == DECODE => assert_eq!(strategy, "decode", "{args:?}"),
                _ => assert_eq!(strategy, "seek", "{video} {args:?}"),
            }
        }
    }
}

#[test]
fn every_mode_picks_by_its_rule_and_seeking_changes_no_pixel() {
    let dir = tempfile::tempdir().unwrap();
    video(100).keyint(10).write(dir.path(), "movie.mp4");
    every_mode_against_its_rule(dir.path(), "movie.mp4");
}

#[test]
fn on_a_variable_rate_video_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = video(80)
        .variable_rate()
        .keyint(8)
        .write(dir.path(), "vfr.mp4");
    let source = decoded_frames(&path, None);
    let gaps: Vec<f64> = source
        .windows(2)
        .map(|pair| pair[1].seconds - pair[0].seconds)
        .collect();
    assert!(
        gaps.iter().any(|g| (g - 0.02).abs() < 1e-6) && gaps.iter().any(|g| *g > 0.05),
        "frames at irregular times: {gaps:?}"
    );
    every_mode_against_its_rule(dir.path(), "vfr.mp4");
}

#[test]
fn sparse_frames_are_sought_by_framekit_s_own_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = video(300)
        .size("1280x720")
        .quick()
        .keyint(25)
        .write(dir.path(), "hd.mp4");
    let source = decoded_frames(&path, None);
    // Frames 100 apart with a key frame every 25: seeking pays, in every mode that can
    // seek. --every 2 is denser than the key frames: one pass.
    for (args, expected, strategy) in [
        (vec!["--count", "3"], vec![0, 100, 200], "seek"),
        (vec!["--every", "100"], vec![0, 100, 200], "seek"),
        (vec!["--fps", "0.25"], vec![0, 100, 200], "seek"),
        (vec!["--at", "8,2.01"], vec![200, 51], "seek"),
        (
            vec!["--every", "2", "--end", "1"],
            (0..25).step_by(2).collect(),
            "decode",
        ),
    ] {
        let (written, report) = split(dir.path(), "hd.mp4", "out", &args, OWN_CHOICE, &source);
        assert_eq!(written, expected, "{args:?}");
        assert_eq!(report["strategy"], strategy, "{args:?}");
    }
}

#[test]
fn width_scales_frames_in_every_mode_keeping_their_shape() {
    let dir = tempfile::tempdir().unwrap();
    video(50).keyint(10).write(dir.path(), "movie.mp4");
    let source = decoded_frames(&dir.path().join("movie.mp4"), Some("scale=32:-1"));
    for (args, cost) in [
        (vec![], DECODE),
        (vec!["--count", "4"], SEEK),
        (vec!["--at", "1.5,0.2"], SEEK),
        (vec!["--keyframes"], DECODE),
        (vec!["--every", "7"], DECODE),
        (vec!["--fps", "3"], SEEK),
        (vec!["--scene", "0.3"], DECODE),
    ] {
        let args = [&["--width", "32"], &args[..]].concat();
        if args.contains(&"--scene") && crate::support::video::ffmpeg_version() < (4, 3) {
            // ffmpeg 4.2 detects scenes in RGB only and would scale RGB frames: refused.
            let mut command = vec!["split", "movie.mp4", "out"];
            command.extend(&args);
            crate::support::run::fails(
                dir.path(),
                &command,
                2,
                &["--scene with --width needs ffmpeg 4.3", "ffmpeg 4.2"],
            );
            assert!(!dir.path().join("out").exists());
            continue;
        }
        let (_, report) = split(dir.path(), "movie.mp4", "out", &args, cost, &source);
        assert_eq!(
            (report["width"].as_u64(), report["height"].as_u64()),
            (Some(32), Some(24)),
            "{args:?}"
        );
    }
}

#[test]
fn scene_keeps_the_first_frame_of_each_scene() {
    let dir = tempfile::tempdir().unwrap();
    // Four scenes of a second each: a moving test pattern, colour bars, a colour test, grey.
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=64x48:r=25:d=1",
            "-f",
            "lavfi",
            "-i",
            "smptebars=s=64x48:r=25:d=1",
            "-f",
            "lavfi",
            "-i",
            "rgbtestsrc=s=64x48:r=25:d=1",
            "-f",
            "lavfi",
            "-i",
            "color=c=gray:s=64x48:r=25:d=1",
            "-filter_complex",
            "[0][1][2][3]concat=n=4",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "scenes.mp4",
        ],
        dir.path(),
    );
    let source = decoded_frames(&dir.path().join("scenes.mp4"), None);
    let (written, report) = split(
        dir.path(),
        "scenes.mp4",
        "out",
        &["--scene", "0.3"],
        DECODE,
        &source,
    );
    assert_eq!(written, [0, 25, 50, 75]);
    assert_eq!(report["mode"], "scene");
    // Within a range, the range's first frame starts it.
    let (written, _) = split(
        dir.path(),
        "scenes.mp4",
        "out",
        &["--scene", "0.3", "--start", "0.5"],
        DECODE,
        &source,
    );
    assert_eq!(written, [13, 25, 50, 75]);
}
