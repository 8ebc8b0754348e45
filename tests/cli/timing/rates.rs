//! Rates through a round trip (`--timestamps`, `--fps-from`), and `--plays` in every
//! animation format.

use super::*;

#[test]
fn a_variable_rate_video_split_and_stitched_back_keeps_every_frame_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let source = video(40).variable_rate().write(dir.path(), "vfr.mp4");
    framekit_ok(dir.path(), &["split", "vfr.mp4", "frames", "--manifest"]);
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "back.mp4",
            "--timestamps",
            "frames/frames.csv",
        ],
    );
    let before = frame_times(&source);
    let after = frame_times(&dir.path().join("back.mp4"));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert!(
            (a - b).abs() < 0.001,
            "{a} became {b}: {before:?} {after:?}"
        );
    }
}

#[test]
fn fps_from_keeps_a_ntsc_rate_through_a_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    video(30).rate("30000/1001").write(dir.path(), "ntsc.mp4");
    framekit_ok(dir.path(), &["split", "ntsc.mp4", "frames"]);
    let said = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "back.mp4",
            "--fps-from",
            "ntsc.mp4",
            "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
    assert!(
        (report["fps"].as_f64().unwrap() - 30000.0 / 1001.0).abs() < 1e-9,
        "{report}"
    );
    let rate = crate::support::video::probe(&dir.path().join("back.mp4"), "v:0", "r_frame_rate");
    assert_eq!(rate["r_frame_rate"], "30000/1001");
}

#[test]
fn plays_counts_plays_in_every_animation_format() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    for output in ["p.gif", "p.webp", "p.apng"] {
        for count in [1u32, 3] {
            let name = format!("{count}{output}");
            let args = [
                "stitch",
                "frames",
                "-o",
                &name,
                "--plays",
                &count.to_string(),
            ];
            framekit_ok(dir.path(), &args);
            assert_eq!(plays(&dir.path().join(&name)), Some(count), "{name}");
        }
        framekit_ok(dir.path(), &["stitch", "frames", "-o", output]);
        assert_eq!(
            plays(&dir.path().join(output)),
            None,
            "{output} loops forever"
        );
    }
}
