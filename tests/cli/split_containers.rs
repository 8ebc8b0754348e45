//! `framekit split` on every kind of container and codec it may seek in: MPEG-TS (no index
//! of key frames, timestamps that do not start at 0), Matroska, AVI without presentation
//! times, VP9, and open groups of pictures in H.264 and HEVC; each checked against every
//! frame ffmpeg decodes (see [`crate::support::split_truth`]).

use crate::support::split_truth::{rule, split, DECODE, SEEK};
use crate::support::video::{decoded_frames, tool, video};

#[test]
fn a_transport_stream_range_starts_at_its_first_frame() {
    let dir = tempfile::tempdir().unwrap();
    video(100).keyint(50).write(dir.path(), "movie.mp4");
    // MPEG-TS keeps no index of key frames: ffmpeg's -ss lands past the key frame before
    // the time, and 0.52-2.0 s went missing. Its timestamps start at 1.4 s, not 0.
    tool(
        "ffmpeg",
        &["-v", "error", "-i", "movie.mp4", "-c", "copy", "movie.ts"],
        dir.path(),
    );
    if crate::support::video::decoding_crashes(&dir.path().join("movie.ts")) {
        // imageio-ffmpeg's static 4.2.2 and 7.0.2 crash (SIGSEGV) opening any MPEG-TS (an
        // mpeg2video one as well): the ground truth cannot be had, and framekit must say so
        // cleanly.
        let message = crate::support::run::fails(
            dir.path(),
            &["split", "movie.ts", "out", "--start", "0.5", "--end", "2.5"],
            1,
            &[
                "ffmpeg failed to split movie.ts",
                "SIGSEGV",
                "nothing was written",
            ],
        );
        assert!(!dir.path().join("out").exists(), "{message}");
        return;
    }
    let source = decoded_frames(&dir.path().join("movie.ts"), None);
    let range = rule::range(&source, 0.5, 2.5);
    // --at's times count from the start of the video too, as the manifest's do.
    for (args, expected) in [
        (vec!["--start", "0.5", "--end", "2.5"], range.clone()),
        (
            vec!["--start", "0.5", "--end", "2.5", "--count", "4"],
            rule::steps(&source, &range, 0.5, 2.0, Some(4)),
        ),
        (
            vec!["--at", "2.5,0.5"],
            vec![rule::at(&source, 2.5), rule::at(&source, 0.5)],
        ),
    ] {
        for cost in [SEEK, DECODE] {
            let (written, _) = split(dir.path(), "movie.ts", "out", &args, cost, &source);
            assert_eq!(written, expected, "{args:?}");
        }
    }
}

#[test]
fn every_container_is_split_exactly_indexed_or_not() {
    let dir = tempfile::tempdir().unwrap();
    video(60).keyint(10).write(dir.path(), "movie.mp4");
    let remux = |name: &str, codec: &[&str]| {
        let mut args = vec!["-v", "error", "-i", "movie.mp4"];
        args.extend(codec);
        args.push(name);
        tool("ffmpeg", &args, dir.path());
    };
    // Matroska (an index of key frames); AVI, whose packets carry no presentation times
    // with B-frames, so that only decoding tells the frames' times; WebM with VP9, whose
    // decoder decodes every frame even when told to skip all but the key frames.
    remux("movie.mkv", &["-c", "copy"]);
    remux("movie.avi", &["-c", "copy"]);
    remux(
        "movie.webm",
        &[
            "-c:v",
            "libvpx-vp9",
            "-g",
            "10",
            "-b:v",
            "200k",
            "-deadline",
            "realtime",
        ],
    );
    for name in ["movie.mkv", "movie.avi", "movie.webm"] {
        let source = decoded_frames(&dir.path().join(name), None);
        let all = rule::range(&source, 0.0, f64::MAX);
        let keys: Vec<usize> = all.iter().copied().filter(|&i| source[i].key).collect();
        assert!(keys.len() >= 6 && keys.len() < 60, "{name}: {keys:?}");
        for (args, expected) in [
            (vec!["--keyframes"], keys.clone()),
            (
                vec!["--count", "7"],
                rule::steps(&source, &all, 0.0, 7.0 / 2.4, Some(7)),
            ),
            (
                vec!["--at", "1.5,0.3"],
                vec![rule::at(&source, 1.5), rule::at(&source, 0.3)],
            ),
            (
                vec!["--every", "5"],
                all.iter().copied().step_by(5).collect(),
            ),
        ] {
            for cost in [SEEK, DECODE] {
                let (written, _) = split(dir.path(), name, "out", &args, cost, &source);
                assert_eq!(written, expected, "{name} {args:?} (seek cost {cost})");
            }
        }
    }
}

#[test]
fn open_groups_of_pictures_are_split_exactly() {
    let dir = tempfile::tempdir().unwrap();
    // H.264 with open groups: after a key frame come, in decoding order, B-frames shown
    // before it, which reference the group before. Seeking there makes the decoder complain
    // about those (dropped) frames, and -skip_frame nokey gives the wrong frames at wrong
    // times (with groups of 20 frames; groups of 10 came out right on ffmpeg 5.1).
    // HEVC (x265's default) has open groups too, which its decoder handles.
    for (name, codec) in [
        (
            "open.mp4",
            &[
                "-c:v",
                "libx264",
                "-x264-params",
                "open_gop=1:keyint=20:bframes=3",
            ][..],
        ),
        (
            "open.mkv",
            &[
                "-c:v",
                "libx265",
                "-x265-params",
                "log-level=error:keyint=20",
            ][..],
        ),
    ] {
        let mut args = vec![
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=64x48:r=25",
            "-frames:v",
            "100",
        ];
        args.extend(codec);
        args.extend(["-pix_fmt", "yuv420p", name]);
        tool("ffmpeg", &args, dir.path());
        let source = decoded_frames(&dir.path().join(name), None);
        let all = rule::range(&source, 0.0, f64::MAX);
        let keys: Vec<usize> = all.iter().copied().filter(|&i| source[i].key).collect();
        assert!(keys.len() >= 4, "{name}: {keys:?}");
        for (args, expected) in [
            (vec!["--keyframes"], keys.clone()),
            (
                vec!["--at", "3.5,0.3,2.0"],
                [3.5, 0.3, 2.0]
                    .iter()
                    .map(|&t| rule::at(&source, t))
                    .collect(),
            ),
            (
                vec!["--every", "7"],
                all.iter().copied().step_by(7).collect(),
            ),
        ] {
            for cost in [SEEK, DECODE] {
                let (written, report) = split(dir.path(), name, "out", &args, cost, &source);
                assert_eq!(written, expected, "{name} {args:?} (seek cost {cost})");
                if cost == SEEK && args[0] == "--every" {
                    // H.264's complaints after a seek make framekit decode from the start,
                    // and say why.
                    let h264 = name == "open.mp4";
                    let strategy = if h264 { "decode" } else { "seek" };
                    assert_eq!(report["strategy"], strategy, "{name}");
                    let warnings = report["warnings"].as_array().unwrap();
                    let said = warnings.iter().any(|w| {
                        w.as_str()
                            .unwrap()
                            .starts_with(&format!("seeking in {name} made ffmpeg report errors ("))
                    });
                    assert_eq!(said, h264, "{name}: {warnings:?}");
                }
            }
        }
    }
}
