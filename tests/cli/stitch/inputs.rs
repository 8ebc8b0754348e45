//! PNGs of every colour type and depth in every format, and JPEGs chosen by a glob.

use super::*;

#[test]
fn mixed_colour_types_and_depths_encode_in_order_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for index in 0..18u32 {
        let kind = ALL_KINDS[index as usize % ALL_KINDS.len()];
        write_kind_frame(
            &frames.join(format!("f_{index:02}.png")),
            index,
            96,
            32,
            kind,
        );
    }
    let expected: Vec<u32> = (0..18).collect();
    for output in [
        "mixed.mp4",
        "mixed.gif",
        "mixed.webm",
        "mixed.mov",
        "mixed.mkv",
    ] {
        framekit_ok(dir.path(), &["stitch", "frames", "-o", output]);
        assert_eq!(
            indices(&dir.path().join(output), 96, 32),
            expected,
            "{output}"
        );
    }
    let playable = probe(&dir.path().join("mixed.mp4"), "v:0", "codec_name,pix_fmt");
    assert_eq!(
        (
            playable["codec_name"].as_str(),
            playable["pix_fmt"].as_str()
        ),
        ("h264", "yuv420p")
    );
    assert_eq!(
        probe(&dir.path().join("mixed.webm"), "v:0", "codec_name")["codec_name"],
        "vp9"
    );
    assert_eq!(
        probe(&dir.path().join("mixed.gif"), "v:0", "codec_name")["codec_name"],
        "gif"
    );
}

#[test]
fn jpeg_timelapse_with_a_glob() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    for index in 0..8u32 {
        let png = dir.path().join(format!("p{index}.png"));
        write_kind_frame(&png, index, 96, 32, Kind::Rgb8);
        let jpg = frames.join(format!("IMG_{index:04}.JPG"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-q:v",
            "2",
            jpg.to_str().unwrap(),
        ]);
    }
    fs::write(frames.join("notes.txt"), "not a frame").unwrap();
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "--glob",
            "*.JPG",
            "-o",
            "lapse.mp4",
            "--fps",
            "30",
        ],
    );
    assert_eq!(
        indices(&dir.path().join("lapse.mp4"), 96, 32),
        (0..8).collect::<Vec<_>>()
    );
}
