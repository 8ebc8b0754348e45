//! Every mode streams exactly the frames split writes into a folder, in its order, pixel
//! for pixel, each with frames.csv's `pts_seconds`: decoding, seeking, and by framekit's
//! own choice.

use super::*;

/// The options of every mode, with a range and a width.
const CASES: [&[&str]; 11] = [
    &[],
    &["--count", "4"],
    &["--at", "1.5,0.2"],
    &["--at", "0.2,0.2,2.9"],
    &["--every", "7"],
    &["--fps", "3"],
    &["--keyframes"],
    &["--scene", "0.3"],
    &["--width", "32"],
    &["--start", "0.5", "--end", "2.5"],
    &[
        "--count", "5", "--start", "0.5", "--end", "2.5", "--width", "32",
    ],
];

fn same_as_folder(dir: &Path, video: &str) {
    for args in CASES {
        for cost in [DECODE, SEEK] {
            let expected = folder_frames(dir, video, args, cost);
            let output = stream(dir, video, args, cost);
            let streamed = parse_stream(&output.stdout);
            assert!(!streamed.is_empty(), "{video} {args:?}");
            assert_eq!(
                streamed.len(),
                expected.len(),
                "{video} {args:?} (cost {cost})"
            );
            for (at, (got, want)) in streamed.iter().zip(&expected).enumerate() {
                assert_eq!(
                    (&got.seconds, got.width, got.height),
                    (&want.seconds, want.width, want.height),
                    "{video} {args:?} (cost {cost}): frame {at}"
                );
                assert!(
                    got.pixels == want.pixels,
                    "{video} {args:?} (cost {cost}): frame {at}'s pixels differ from its PNG"
                );
            }
        }
    }
}

#[test]
fn every_mode_streams_the_frames_and_times_split_writes() {
    let dir = tempfile::tempdir().unwrap();
    video(75).keyint(10).write(dir.path(), "movie.mp4");
    same_as_folder(dir.path(), "movie.mp4");
}

#[test]
fn a_variable_rate_video_streams_the_frames_and_times_split_writes() {
    let dir = tempfile::tempdir().unwrap();
    video(80)
        .variable_rate()
        .keyint(12)
        .write(dir.path(), "vfr.mkv");
    same_as_folder(dir.path(), "vfr.mkv");
}

#[test]
fn json_goes_to_stderr_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    video(30).write(dir.path(), "movie.mp4");
    let output = stream(
        dir.path(),
        "movie.mp4",
        &["--count", "3", "--json"],
        OWN_CHOICE,
    );
    assert_eq!(parse_stream(&output.stdout).len(), 3);
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["output"], "-");
    assert_eq!(report["frames"], 3);
    assert_eq!(
        (report["width"].as_u64(), report["height"].as_u64()),
        (Some(64), Some(48))
    );
    assert_eq!(report["mode"], "count");
}

/// On Linux the pixels are spliced from ffmpeg's pipe into a pipe on stdout; a file opened
/// for appending takes no splice (nor does any stdout elsewhere than Linux), and framekit
/// copies instead: the same bytes either way, the frames split writes into a folder.
#[test]
fn a_file_opened_for_appending_gets_the_same_frames_as_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    video(20).write(dir.path(), "movie.mp4");
    let piped = stream(dir.path(), "movie.mp4", &[], OWN_CHOICE).stdout;
    let path = dir.path().join("frames.pam");
    fs::write(&path, b"before\n").unwrap();
    let appended = fs::OpenOptions::new().append(true).open(&path).unwrap();
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "-"])
        .stdout(appended)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let written = fs::read(&path).unwrap();
    let streamed = written.strip_prefix(b"before\n").expect("appended after");
    assert!(
        streamed == piped,
        "the appended stream differs from the piped one"
    );
    let frames = parse_stream(streamed);
    let expected = folder_frames(dir.path(), "movie.mp4", &[], OWN_CHOICE);
    assert_eq!(frames.len(), 20);
    assert!(frames == expected, "the frames differ from split's own");
}
