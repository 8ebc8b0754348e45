//! `--sharpest`: from each stretch of `--count`, `--every` and `--fps`, the one sharp frame,
//! wherever it sits in the stretch, decoding or seeking, on constant- and variable-rate
//! video, over a range, and on standard output.

use super::*;

/// The sharp frames of the 60-frame test video: one in each stretch of 15 frames, at
/// offsets 3, 11, 0 and 14 (the first and the last place of a stretch included).
const SHARP: [usize; 4] = [3, 26, 30, 59];

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

#[test]
fn a_range_is_divided_from_its_own_start() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &SHARP, false);
    let source = source(dir.path(), "movie.mp4");
    // 0.6 s to 2.4 s: frames 15 to 59, stretches of 15 from frame 15.
    let args = [
        "--every",
        "15",
        "--sharpest",
        "--start",
        "0.6",
        "--end",
        "2.4",
    ];
    for cost in [DECODE, SEEK] {
        let (written, _, _) = split(dir.path(), "movie.mp4", &args, cost, &source);
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
        let (written, _, _) = split(
            dir.path(),
            "vfr.mp4",
            &["--every", "5", "--sharpest"],
            cost,
            &source,
        );
        assert_eq!(written, sharp, "cost {cost}");
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
