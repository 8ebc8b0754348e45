//! `split --sharpest` and `--dedupe` (issue 25), proven by decoding: videos made with every
//! frame blurred but one sharp frame in each stretch (at a different offset in each), and
//! with a held still segment in noise, split by framekit; each written image is compared
//! with every frame of the source decoded by ffmpeg (framemd5), so the test knows which
//! source frame each file is, whatever framekit's manifest says.
//!
//! One module a topic: `sharpest`, `dedupe`, `refusals` (usage errors, the dry run).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::run::{fails, framekit, stderr};
use crate::support::split_truth::{DECODE, OWN_CHOICE, SEEK};
use crate::support::tree::names;
use crate::support::video::{decoded_frames, fps_mode, image_hashes, tool, DecodedFrame};

mod dedupe;
mod luma;
mod refusals;
mod sharpest;

/// `frames` frames of testsrc2 at 160x120 (25 fps; with `variable_rate`, frames picked
/// irregularly from a 50 fps source, each with its own time), all blurred
/// (`boxblur=4`) but those numbered in `sharp` (counted in the video as written), with a
/// key frame every 10 frames.
fn blurred_but(
    dir: &Path,
    name: &str,
    frames: u32,
    sharp: &[usize],
    variable_rate: bool,
) -> PathBuf {
    let keep: Vec<String> = sharp.iter().map(|n| format!("eq(n\\,{n})")).collect();
    let blur = format!("boxblur=4:enable='not({})'", keep.join("+"));
    let (source, filter) = match variable_rate {
        true => (
            "testsrc2=s=160x120:r=50",
            format!("select='lt(mod(n\\,5)\\,2)+eq(mod(n\\,7)\\,0)',{blur}"),
        ),
        false => ("testsrc2=s=160x120:r=25", blur),
    };
    let frames = frames.to_string();
    let mut args = vec!["-v", "error", "-f", "lavfi", "-i", source, "-vf", &filter];
    if variable_rate {
        args.extend([fps_mode(), "vfr"]);
    }
    args.extend(["-frames:v", &frames, "-c:v", "libx264", "-crf", "10"]);
    args.extend([
        "-pix_fmt",
        "yuv420p",
        "-g",
        "10",
        "-sc_threshold",
        "0",
        "-y",
        name,
    ]);
    tool("ffmpeg", &args, dir);
    dir.join(name)
}

/// 60 frames of noise, each unlike the one before, but frames 20 to 39, which are frame 20
/// held still; losslessly encoded, so that the held frames decode the same.
fn noise_held_still(dir: &Path, name: &str) -> PathBuf {
    let source = "nullsrc=s=64x48:r=25,format=gray,geq=lum='random(1)*255'";
    let args = [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        source,
        "-vf",
        "loop=loop=19:size=1:start=20",
        "-frames:v",
        "60",
        "-c:v",
        "libx264",
        "-qp",
        "0",
        "-pix_fmt",
        "yuv420p",
        "-g",
        "10",
        "-y",
        name,
    ];
    tool("ffmpeg", &args, dir);
    dir.join(name)
}

/// One row of a frames.csv with or without its sharpness column.
#[derive(Debug, PartialEq)]
struct Row {
    file: String,
    seconds: f64,
    source_frame: usize,
    sharpness: Option<f64>,
}

/// `framekit split VIDEO OUT ARGS --manifest --json --force` with the seek cost `cost`;
/// checks each image against the decoded source (pixels, and the manifest's time and frame
/// number), and returns the source frames written, in order, the rows, and the report.
fn split(
    dir: &Path,
    video: &str,
    args: &[&str],
    cost: &str,
    source: &[DecodedFrame],
) -> (Vec<usize>, Vec<Row>, serde_json::Value) {
    split_in_segments(dir, video, args, cost, source, None)
}

/// [`split`], with the measuring decode cut into `segments` run side by side
/// (`FRAMEKIT_MEASURE_SEGMENTS`; framekit's own choice when None: one for short videos).
fn split_in_segments(
    dir: &Path,
    video: &str,
    args: &[&str],
    cost: &str,
    source: &[DecodedFrame],
    segments: Option<usize>,
) -> (Vec<usize>, Vec<Row>, serde_json::Value) {
    let mut command = framekit(dir);
    command
        .args(["split", video, "out", "--manifest", "--json", "--force"])
        .args(args);
    if let Some(segments) = segments {
        command.env("FRAMEKIT_MEASURE_SEGMENTS", segments.to_string());
    }
    match cost {
        OWN_CHOICE => command.env_remove("FRAMEKIT_SEEK_COST"),
        cost => command.env("FRAMEKIT_SEEK_COST", cost),
    };
    let output = command.output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let out = dir.join("out");
    let rows = manifest(&out);
    assert_eq!(report["frames"], rows.len(), "{args:?}");
    let hashes = image_hashes(&out.join("img_%05d.png"));
    assert_eq!(hashes.len(), rows.len(), "{args:?}");
    let mut written = Vec::new();
    for (row, hash) in rows.iter().zip(&hashes) {
        assert!(
            source[row.source_frame].hash == *hash,
            "{args:?}: {} is not source frame {}",
            row.file,
            row.source_frame
        );
        assert!(
            (row.seconds - source[row.source_frame].seconds).abs() < 2e-6,
            "{args:?}: {} says {} s",
            row.file,
            row.seconds
        );
        written.push(row.source_frame);
    }
    let mut files = names(&out);
    files.retain(|name| name != "frames.csv");
    assert_eq!(files.len(), rows.len(), "{args:?}: {files:?}");
    fs::remove_dir_all(&out).unwrap();
    (written, rows, report)
}

fn manifest(out: &Path) -> Vec<Row> {
    let text = fs::read_to_string(out.join("frames.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let sharp = match header {
        "index,file,pts_seconds,source_frame" => false,
        "index,file,pts_seconds,source_frame,sharpness" => true,
        other => panic!("frames.csv begins {other}"),
    };
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), if sharp { 5 } else { 4 }, "{line}");
            Row {
                file: fields[1].to_string(),
                seconds: fields[2].parse().unwrap(),
                source_frame: fields[3].parse().unwrap(),
                sharpness: sharp.then(|| fields[4].parse().unwrap()),
            }
        })
        .collect()
}

/// The decoded frames of `video` in `dir`.
fn source(dir: &Path, video: &str) -> Vec<DecodedFrame> {
    decoded_frames(&dir.join(video), None)
}
