//! `--sharpest`: from each stretch of `--count`, `--every` and `--fps`, the one sharp frame,
//! wherever it sits in the stretch, decoding or seeking, on constant- and variable-rate
//! video, over a range, and on standard output.

use super::*;

/// The sharp frames of the 60-frame test video: one in each stretch of 15 frames, at
/// offsets 3, 11, 0 and 14 (the first and the last place of a stretch included).
const SHARP: [usize; 4] = [3, 26, 30, 59];

/// 0.6 s to 2.4 s: frames 15 to 59, stretches of 15 from frame 15.
const RANGE: [&str; 7] = [
    "--every",
    "15",
    "--sharpest",
    "--start",
    "0.6",
    "--end",
    "2.4",
];

#[test]
fn each_stretch_gives_its_one_sharp_frame() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let source = source(dir.path(), "movie.mp4");
    assert_eq!(source.len(), 60);
    for args in [
        &["--count", "4", "--sharpest"][..],
        &["--every", "15", "--sharpest"],
        &["--fps", "5/3", "--sharpest"],
    ] {
        for cost in [DECODE, SEEK, OWN_CHOICE] {
            let (written, rows, report) = split(dir.path(), "movie.mp4", args, cost, &source);
            assert_eq!(written, SHARP, "{args:?} (cost {cost})");
            assert!(rows.iter().all(|row| row.sharpness.unwrap() > 0.0));
            assert!(report.get("skipped").is_none(), "{report}");
        }
    }
    // Without --sharpest the mode's own frames: the first of each stretch.
    let (written, rows, _) = split(dir.path(), "movie.mp4", &["--every", "15"], DECODE, &source);
    assert_eq!(written, [0, 15, 30, 45]);
    assert!(rows.iter().all(|row| row.sharpness.is_none()));
}

#[test]
fn the_same_files_every_run_and_the_sharpness_says_why() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let source = source(dir.path(), "movie.mp4");
    let args = ["--count", "4", "--sharpest"];
    let (first, rows, _) = split(dir.path(), "movie.mp4", &args, SEEK, &source);
    let (again, rows_again, _) = split(dir.path(), "movie.mp4", &args, SEEK, &source);
    assert_eq!(first, again);
    let sharpness = |rows: &[Row]| rows.iter().map(|r| r.sharpness).collect::<Vec<_>>();
    assert_eq!(sharpness(&rows), sharpness(&rows_again));
    // A blurred frame measures far below the sharp one beside it: --every 1 is every frame.
    let (_, every, _) = split(
        dir.path(),
        "movie.mp4",
        &[
            "--every",
            "15",
            "--sharpest",
            "--start",
            "0.12",
            "--end",
            "0.16",
        ],
        DECODE,
        &source,
    );
    assert_eq!(every.len(), 1);
    assert_eq!(every[0].source_frame, 3);
}

/// The measuring decode cut at key frames into 2 to 4 segments side by side (as long videos
/// are on machines with cores to spare): the same frames, stretches across a cut included
/// (key frames every 10 frames: cuts at 30; 20 and 40; 20, 30 and 50 or so; the stretch
/// 15..30 holds a cut for 3 segments). And over a range, whose first segment seeks.
#[test]
fn a_decode_cut_into_segments_gives_the_same_frames() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let source = source(dir.path(), "movie.mp4");
    for args in [
        &["--count", "4", "--sharpest"][..],
        &["--every", "15", "--sharpest"],
        &["--fps", "5/3", "--sharpest"],
    ] {
        let (_, alone, _) = split(dir.path(), "movie.mp4", args, DECODE, &source);
        for (segments, cost) in [(2, DECODE), (3, SEEK), (4, DECODE)] {
            let (written, rows, _) =
                split_in_segments(dir.path(), "movie.mp4", args, cost, &source, Some(segments));
            assert_eq!(
                written, SHARP,
                "{args:?} (cost {cost}, {segments} segments)"
            );
            // The sharpness of each, as one run measures it.
            assert_eq!(rows, alone, "{args:?} ({segments} segments)");
        }
    }
    for segments in [2, 3] {
        let (written, _, _) = split_in_segments(
            dir.path(),
            "movie.mp4",
            &RANGE,
            SEEK,
            &source,
            Some(segments),
        );
        assert_eq!(written, [26, 30, 59], "{segments} segments over a range");
        // A range whose start falls between two frames (0.61 s: the first frame is 0.64 s),
        // and so is not where ffmpeg's seek lands: the same frames and sharpness as one run.
        let between = [
            "--every",
            "15",
            "--sharpest",
            "--start",
            "0.61",
            "--end",
            "2.3",
        ];
        let (_, alone, _) = split(dir.path(), "movie.mp4", &between, SEEK, &source);
        let (_, rows, _) = split_in_segments(
            dir.path(),
            "movie.mp4",
            &between,
            SEEK,
            &source,
            Some(segments),
        );
        assert_eq!(rows, alone, "{segments} segments from between two frames");
    }
}

/// Proof that the runs above were cut (each segment's ffmpeg decodes on one thread), and
/// that a segment whose ffmpeg fails is measured again by one decoding from the start:
/// the same frames. A stand-in ffmpeg logs each measuring run and fails those that seek
/// on one thread (the later segments).
#[cfg(unix)]
#[test]
fn a_segment_that_fails_is_measured_again_from_the_start() {
    use crate::support::stand_in::{fake_ffmpeg, installed};
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let log = dir.path().join("measuring.log");
    for fail in [false, true] {
        let _ = fs::remove_file(&log);
        let failing = if fail { "exit 1" } else { ":" };
        let script = format!(
            "#!/bin/sh\ncase \"$*\" in *'-f rawvideo -pix_fmt gray pipe:1'*)\n  \
             echo \"$*\" >> '{}'\n  case \"$*\" in *'-ss '*'-threads 1 '*) {failing} ;; esac ;;\n\
             esac\nexec '{}' \"$@\"\n",
            log.display(),
            installed("ffmpeg").display()
        );
        let ffmpeg = fake_ffmpeg(dir.path(), "logging", &script);
        let mut command = framekit(dir.path());
        command
            .env("FRAMEKIT_FFMPEG", &ffmpeg)
            .env("FRAMEKIT_MEASURE_SEGMENTS", "3")
            .args(["split", "movie.mp4", "out", "--count", "4", "--sharpest"])
            .args(["--manifest", "--force", "--quiet"]);
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let rows = manifest(&dir.path().join("out"));
        let written: Vec<usize> = rows.iter().map(|row| row.source_frame).collect();
        assert_eq!(written, SHARP, "fail: {fail}");
        let runs = fs::read_to_string(&log).unwrap();
        let runs: Vec<&str> = runs.lines().collect();
        let alone: Vec<&str> = runs
            .iter()
            .copied()
            .filter(|run| run.contains("-threads 1 "))
            .collect();
        assert_eq!(alone.len(), 3, "{runs:#?}");
        // The first segment from the start, the others just before their key frames.
        let seeking = alone.iter().filter(|run| run.contains("-ss ")).count();
        assert_eq!(seeking, 2, "{runs:#?}");
        // Each failed segment measured again, on more threads, from the start.
        let again = runs.len() - alone.len();
        assert_eq!(again, if fail { 2 } else { 0 }, "{runs:#?}");
    }
}

#[test]
fn a_range_is_divided_from_its_own_start() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let source = source(dir.path(), "movie.mp4");
    // 0.6 s to 2.4 s: frames 15 to 59, stretches of 15 from frame 15.
    for cost in [DECODE, SEEK] {
        let (written, _, _) = split(dir.path(), "movie.mp4", &RANGE, cost, &source);
        assert_eq!(written, [26, 30, 59], "cost {cost}");
    }
}

#[test]
fn a_variable_rate_video_gives_the_sharp_frame_of_each_stretch() {
    let dir = tempfile::tempdir().unwrap();
    // Stretches of --every 5 over about 48 frames; the sharp one at offset k mod 5 in the
    // k-th.
    let sharp: Vec<usize> = (0..9).map(|k| 5 * k + k % 5).collect();
    blurred_but(dir.path(), "vfr.mp4", 45, &sharp, true);
    let source = source(dir.path(), "vfr.mp4");
    assert_eq!(source.len(), 45);
    let gaps: Vec<f64> = source
        .windows(2)
        .map(|w| w[1].seconds - w[0].seconds)
        .collect();
    assert!(
        gaps.iter().any(|g| (g - gaps[0]).abs() > 1e-3),
        "variable rate: {gaps:?}"
    );
    for cost in [DECODE, SEEK] {
        for segments in [None, Some(2), Some(3)] {
            let (written, _, _) = split_in_segments(
                dir.path(),
                "vfr.mp4",
                &["--every", "5", "--sharpest"],
                cost,
                &source,
                segments,
            );
            assert_eq!(written, sharp, "cost {cost}, segments {segments:?}");
        }
    }
}

#[test]
fn standard_output_gives_the_same_frames() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let source = source(dir.path(), "movie.mp4");
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "-", "--count", "4", "--sharpest"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // Each PAM image of the stream, as RGB: the source frame with its time.
    let mut bytes = &output.stdout[..];
    let mut times = Vec::new();
    let mut images = Vec::new();
    while !bytes.is_empty() {
        let end = bytes.windows(8).position(|w| w == b"\nENDHDR\n").unwrap() + 8;
        let header = std::str::from_utf8(&bytes[..end]).unwrap();
        let field = |key: &str| {
            header
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap()
                .to_string()
        };
        let size = field("WIDTH ").parse::<usize>().unwrap()
            * field("HEIGHT ").parse::<usize>().unwrap()
            * 3;
        times.push(field("#pts_seconds ").parse::<f64>().unwrap());
        images.push(bytes[end..end + size].to_vec());
        bytes = &bytes[end + size..];
    }
    let (written, _, _) = split(
        dir.path(),
        "movie.mp4",
        &["--count", "4", "--sharpest"],
        OWN_CHOICE,
        &source,
    );
    assert_eq!(written, SHARP);
    assert_eq!(times.len(), SHARP.len());
    for (time, frame) in times.iter().zip(SHARP) {
        assert!(
            (time - source[frame].seconds).abs() < 2e-6,
            "{time} for frame {frame}"
        );
    }
    // The pixels: those of framekit's own PNGs of the sharp frames.
    framekit(dir.path())
        .args(["split", "movie.mp4", "png", "--count", "4", "--sharpest"])
        .output()
        .unwrap();
    for (at, image) in images.iter().enumerate() {
        let png = image::open(
            dir.path()
                .join("png")
                .join(format!("img_{:05}.png", at + 1)),
        )
        .unwrap();
        assert!(png.to_rgb8().into_raw() == *image, "frame {at}");
    }
}
