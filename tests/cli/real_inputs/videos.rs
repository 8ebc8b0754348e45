//! A truncated video fails the split naming where it broke, `--allow-damaged` writes what
//! decodes, and warnings print on any stderr and in `--json`.

use super::*;

/// A 250-frame video with its index first (`+faststart`, as web videos and framekit's own
/// have it), and a copy cut in half, as a download that stopped leaves it.
fn truncated_video(dir: &Path) -> std::path::PathBuf {
    let first = video(250).write(dir, "first.mp4");
    let whole = dir.join("whole.mp4");
    ffmpeg(&[
        "-i",
        first.to_str().unwrap(),
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        whole.to_str().unwrap(),
    ]);
    fs::remove_file(first).unwrap();
    let bytes = fs::read(&whole).unwrap();
    let cut = dir.join("cut.mp4");
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(whole).unwrap();
    cut
}

#[test]
fn a_truncated_video_fails_the_split_naming_where_it_broke() {
    let dir = tempfile::tempdir().unwrap();
    truncated_video(dir.path());
    let message = fails(
        dir.path(),
        &["split", "cut.mp4", "out", "-q"],
        1,
        &[
            "cut.mp4 is damaged or truncated: decoding stopped at ",
            " s, after ",
            "nothing was written",
            "--allow-damaged",
        ],
    );
    assert!(!dir.path().join("out").exists(), "{message}");
}

#[test]
fn allow_damaged_writes_what_decodes_and_says_so_on_any_stderr_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    truncated_video(dir.path());
    // Not a terminal, and -q: the warnings print all the same.
    let output = framekit(dir.path())
        .args(["split", "cut.mp4", "out", "--allow-damaged", "-q", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let written = names(&dir.path().join("out")).len();
    assert!((10..250).contains(&written), "{written} frames");
    let said = stderr(&output);
    assert!(said.contains("warning: cut.mp4 is damaged"), "{said}");
    assert!(
        said.contains("cut.mp4 declares 250 frames, but ffmpeg decoded"),
        "{said}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{report}");
    assert!(warnings[0].as_str().unwrap().contains("cut.mp4 is damaged"));
    assert_eq!(report["frames"], written);
}

#[test]
fn the_sort_order_warning_prints_with_quiet_and_is_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for index in [1u32, 2, 10] {
        let pixels = frame_pixels(index, 96, 32);
        let path = frames.join(format!("frame_{index}.png"));
        let file = fs::File::create(path).unwrap();
        let mut encoder = png::Encoder::new(file, 96, 32);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&pixels)
            .unwrap();
    }
    let output = framekit(dir.path())
        .args(["stitch", "frames", "-o", "x.mp4", "-q", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: frames are in byte order"));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["warnings"][0]
        .as_str()
        .unwrap()
        .contains("frame_10.png comes before frame_2.png"));
}
