//! Each frame its own label: `{index}` drawn differently on each frame, in every format
//! (GIF and WebP also decoded by the `image` crate), with frames' own times, on the route
//! that decodes big photos on several processes, and for frames from standard input.

use super::*;

/// The label's rectangle at the default place (bottom-left), wide enough for "{index}".
const INDEX_BOX: (u32, u32, u32, u32) = (
    MARGIN,
    HEIGHT - MARGIN - LABEL,
    MARGIN + 30,
    HEIGHT - MARGIN,
);

/// Each frame's label, cropped: all different from each other, each with the box's corner.
fn assert_own_labels(frames: &[Vec<u8>], what: &str, tolerance: u8) {
    let crops: Vec<Vec<u8>> = frames.iter().map(|f| crop(f, WIDTH, INDEX_BOX)).collect();
    for (i, frame) in frames.iter().enumerate() {
        assert!(
            is_box(pixel(frame, WIDTH, INDEX_BOX.0, INDEX_BOX.1), tolerance),
            "{what}: frame {i} has no box at its corner: {:?}",
            pixel(frame, WIDTH, INDEX_BOX.0, INDEX_BOX.1)
        );
        // Far from the label: the frame's own colour.
        let centre = pixel(frame, WIDTH, WIDTH / 2, HEIGHT / 2);
        assert!(
            centre
                .iter()
                .zip(FLAT)
                .all(|(a, b)| a.abs_diff(b) <= tolerance),
            "{what}: frame {i} changed at its centre: {centre:?}"
        );
        for j in 0..i {
            let differing = crops[i]
                .iter()
                .zip(&crops[j])
                .filter(|(a, b)| a.abs_diff(**b) > 60)
                .count();
            assert!(
                differing > 10,
                "{what}: frames {j} and {i} have the same label"
            );
        }
    }
}

#[test]
fn index_draws_each_frame_its_own_label_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 3);
    for (output, extra, tolerance) in [
        // 4:2:0 and lossy: the box's colour a few levels off at its edges.
        ("l.mp4", None, 24),
        ("l.webm", None, 24),
        ("l.mkv", None, 24),
        ("l.mov", Some("prores"), 6),
        ("l.gif", None, 12),
        ("l.apng", None, 2),
    ] {
        let mut args = vec!["stitch", "frames", "-o", output, "--label", "{index}"];
        if let Some(codec) = extra {
            args.extend(["--codec", codec]);
        }
        framekit_ok(dir.path(), &args);
        let frames = decoded_frames(&dir.path().join(output), WIDTH, HEIGHT);
        assert_eq!(frames.len(), 3, "{output}");
        assert_own_labels(&frames, output, tolerance);
    }
}

#[test]
fn gif_and_webp_labels_read_the_same_in_an_independent_decoder() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 3);
    for (output, tolerance) in [("l.gif", 12), ("l.webp", 24)] {
        framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--label", "{index}"],
        );
        let frames: Vec<Vec<u8>> = animation_frames(&dir.path().join(output))
            .into_iter()
            .map(|shown| {
                assert_eq!(shown.image.dimensions(), (WIDTH, HEIGHT), "{output}");
                shown
                    .image
                    .pixels()
                    .flat_map(|p| {
                        assert_eq!(p.0[3], 255, "{output}: a see-through pixel");
                        [p.0[0], p.0[1], p.0[2]]
                    })
                    .collect()
            })
            .collect();
        assert_eq!(frames.len(), 3, "{output}");
        assert_own_labels(&frames, output, tolerance);
    }
}

#[test]
fn labels_stay_on_their_own_frames_with_times_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 4);
    fs::write(
        dir.path().join("times.csv"),
        "file,seconds\nf_001.png,1.5\n",
    )
    .unwrap();
    // The same frames evenly spaced: each frame's label as it must be.
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "even.apng", "--label", "{index}"],
    );
    let even = decoded_frames(&dir.path().join("even.apng"), WIDTH, HEIGHT);
    for output in ["timed.apng", "timed.mp4", "timed.gif"] {
        framekit_ok(
            dir.path(),
            &[
                "stitch",
                "frames",
                "-o",
                output,
                "--label",
                "{index}",
                "--durations",
                "times.csv",
                "--hold-last",
                "2",
            ],
        );
        let timed = decoded_frames(&dir.path().join(output), WIDTH, HEIGHT);
        assert_eq!(timed.len(), 4, "{output}");
        assert_own_labels(&timed, output, 24);
        for (i, (got, want)) in timed.iter().zip(&even).enumerate() {
            let off = crop(got, WIDTH, INDEX_BOX)
                .iter()
                .zip(crop(want, WIDTH, INDEX_BOX))
                .filter(|(a, b)| a.abs_diff(*b) > 60)
                .count();
            assert!(
                off < 5,
                "{output}: frame {i} has another frame's label ({off} pixels)"
            );
        }
    }
}

#[test]
fn time_counts_the_frames_own_times() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 2);
    fs::write(
        dir.path().join("times.csv"),
        "file,seconds\nf_000.png,1.5\n",
    )
    .unwrap();
    let label = ["--label", "{time}"];
    let run = |output: &str, more: &[&str]| {
        let mut args = vec!["stitch", "frames", "-o", output];
        args.extend(label);
        args.extend(more);
        framekit_ok(dir.path(), &args);
        decoded_frames(&dir.path().join(output), WIDTH, HEIGHT)
    };
    let timed = run("timed.apng", &["--durations", "times.csv"]);
    // The second frame starts at 1.5 s; at --fps 2/3 the second frame starts there too.
    let slow = run("slow.apng", &["--fps", "2/3"]);
    assert_eq!(timed[1], slow[1], "{{time}} of a frame starting at 1.5 s");
    assert_ne!(timed[1], timed[0]);
}

#[test]
fn big_photos_decoded_on_several_processes_keep_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::frames::camera_photos(dir.path(), 8, "2400x1700");
    let args = [
        "stitch", "frames", "-o", "p.apng", "--width", "320", "-j", "2", "--label", "{index}",
    ];
    let dry = framekit(dir.path())
        .args(args)
        .arg("--dry-run")
        .output()
        .unwrap();
    assert!(
        stderr(&dry).contains("ffmpeg processes decode the frames"),
        "not the parallel route: {}",
        stderr(&dry)
    );
    framekit_ok(dir.path(), &args);
    let (width, height) = (320, 227);
    let plain_args = [
        "stitch", "frames", "-o", "q.apng", "--width", "320", "-j", "1", "--label", "{index}",
    ];
    framekit_ok(dir.path(), &plain_args);
    let apart = decoded_frames(&dir.path().join("p.apng"), width, height);
    let together = decoded_frames(&dir.path().join("q.apng"), width, height);
    assert_eq!(apart.len(), 8);
    // One process or several: the same frames, labels and all.
    assert_eq!(apart, together);
    let label_row = height - 7;
    let labels: Vec<Vec<u8>> = apart
        .iter()
        .map(|f| crop(f, width, (6, label_row - 10, 36, label_row)))
        .collect();
    for i in 1..labels.len() {
        assert_ne!(labels[i], labels[i - 1], "frames {} and {i}", i - 1);
    }
}

#[test]
fn frames_from_standard_input_get_index_and_time() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 3);
    let mut stream = Vec::new();
    for index in 0..3 {
        stream.extend(fs::read(dir.path().join(format!("frames/f_{index:03}.png"))).unwrap());
    }
    let label = "{index} {time}";
    let output = framekit(dir.path())
        .args(["stitch", "--stdin-frames", "-o", "s.apng", "--label", label])
        .write_stdin_bytes(stream);
    assert!(output.status.success(), "{}", stderr(&output));
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "d.apng", "--label", label],
    );
    let piped = decoded_frames(&dir.path().join("s.apng"), WIDTH, HEIGHT);
    assert_eq!(
        piped,
        decoded_frames(&dir.path().join("d.apng"), WIDTH, HEIGHT)
    );
    assert_own_labels(&piped, "stdin", 2);
}

/// Feeding bytes to a command's stdin and waiting for it.
trait WriteStdin {
    fn write_stdin_bytes(&mut self, bytes: Vec<u8>) -> std::process::Output;
}

impl WriteStdin for std::process::Command {
    fn write_stdin_bytes(&mut self, bytes: Vec<u8>) -> std::process::Output {
        use std::io::Write;
        let mut child = self
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        output
    }
}

#[test]
fn max_size_tries_that_drop_frames_label_the_frames_they_keep() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Noise: a GIF of it is large, so --max-size must drop frames and narrow it.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=320x240:r=25,noise=alls=40:allf=t",
        "-frames:v",
        "40",
        frames.join("n_%03d.png").to_str().unwrap(),
    ]);
    let said = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "small.gif",
            "--label",
            "{name}",
            "--max-size",
            "300KB",
            "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
    let every = report["max_size"]["every_nth_frame"].as_u64().unwrap();
    assert!(every >= 2, "no frame dropped, so nothing tested: {report}");
    // Labels drawn for the unshrunk video would give overlay frames the try does not have
    // (ffmpeg 5.1 made 21 of 20): the count framekit checks, and the file's.
    let kept = animation_frames(&dir.path().join("small.gif"));
    assert_eq!(kept.len() as u64, report["frames"].as_u64().unwrap());
    assert_eq!(kept.len(), 40 / every as usize);
}
