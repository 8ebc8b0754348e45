//! `--max-size`: a video under the limit on the first try, or a refusal.

use super::*;

#[test]
fn max_size_keeps_a_video_under_the_limit_on_the_first_try() {
    let dir = tempfile::tempdir().unwrap();
    // Noise: frames that compress badly, so that the limit bites.
    crate::support::video::tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x180:r=25,noise=alls=40:allf=t",
            "-frames:v",
            "50",
            "frame_%03d.png",
        ],
        dir.path(),
    );
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for entry in fs::read_dir(dir.path()).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "png") {
            fs::rename(entry.path(), frames.join(entry.file_name())).unwrap();
        }
    }
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "free.mp4"]);
    let free = fs::metadata(dir.path().join("free.mp4")).unwrap().len();
    for output in ["small.mp4", "small.webm"] {
        let limit = free / 3;
        let said = framekit_ok(
            dir.path(),
            &[
                "stitch",
                "frames",
                "-o",
                output,
                "--max-size",
                &format!("{limit}B"),
                "--json",
            ],
        );
        let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
        let bytes = fs::metadata(dir.path().join(output)).unwrap().len();
        assert!(bytes <= limit, "{output}: {bytes} > {limit}");
        assert!(
            bytes > limit / 2,
            "{output}: {bytes} wastes the budget of {limit}"
        );
        assert_eq!(report["max_size"]["bytes"], bytes);
        assert_eq!(report["max_size"]["passes"], 2);
        // x264's two passes land on the first try; libvpx's rate control may need one more.
        let most = if output.ends_with(".mp4") { 2 } else { 3 };
        assert!(
            report["max_size"]["encodes"].as_u64().unwrap() <= most,
            "{report}"
        );
        assert_eq!(count_frames(&dir.path().join(output)), 50);
    }
    let names: Vec<String> = crate::support::tree::names(dir.path());
    assert!(
        !names
            .iter()
            .any(|n| n.contains("passlog") || n.contains(".part")),
        "{names:?}"
    );
}

#[test]
fn max_size_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 50, 96, 32);
    for (name, args, code, words) in [
        (
            "max_size_impossible",
            &["-o", "x.mp4", "--max-size", "2KB"][..],
            1,
            &["cannot fit in 2000 bytes", "at least about"][..],
        ),
        (
            "max_size_spaced",
            &["-o", "x.mp4", "--max-size", "10 MB"],
            2,
            &["'10 MB' is not a size"],
        ),
        (
            "max_size_lossless",
            &["-o", "x.mkv", "--max-size", "1MB", "--lossless"],
            2,
            &["--max-size cannot make --lossless output smaller"],
        ),
        (
            "max_size_with_crf",
            &["-o", "x.mp4", "--max-size", "1MB", "--crf", "20"],
            2,
            &["cannot be used with"],
        ),
    ] {
        let all = [&["stitch", "frames"][..], args].concat();
        let message = fails(dir.path(), &all, code, words);
        assert_message!(name, &message);
    }
}
