//! Camera JPEGs: truncated or damaged ones fail the run and are named; their harmless
//! oddities pass with every frame encoded.

use super::*;

/// Eight camera-like JPEGs (`IMG_0000.JPG` ...) of 192x64 carrying their index, with
/// noise below it so that they are as hard to compress as photos (a few KiB each).
fn photos(dir: &Path) -> std::path::PathBuf {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for index in 0..8 {
        let png = dir.join("p.png");
        write_frame(&png, index, 192, 64);
        let jpg = frames.join(format!("IMG_{index:04}.JPG"));
        ffmpeg(&[
            "-i",
            png.to_str().unwrap(),
            "-q:v",
            "2",
            jpg.to_str().unwrap(),
        ]);
        fs::remove_file(png).unwrap();
    }
    frames
}

#[test]
fn a_truncated_jpeg_fails_the_run_in_every_format_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = photos(dir.path());
    truncate(&frames.join("IMG_0003.JPG"), 0.6);
    for (output, extra) in [
        ("x.mp4", &[][..]),
        ("x.gif", &[]),
        ("x.webm", &[]),
        ("x.mkv", &["--lossless"][..]),
    ] {
        let args = [
            &["stitch", "frames", "-o", output, "--glob", "*.JPG"][..],
            extra,
        ]
        .concat();
        let message = fails(
            dir.path(),
            &args,
            1,
            &[
                &native("frames/IMG_0003.JPG cannot be decoded"),
                "damaged or truncated",
                "nothing was written",
            ],
        );
        if output == "x.mp4" {
            assert_message_quoting_ffmpeg!("truncated_jpeg", &message);
        }
    }
}

/// Whether the classic command would encode this JPEG without failing, though ffmpeg's
/// decoder complains about it: exit 0 with something on stderr.
fn raw_ffmpeg_lets_it_through(jpeg: &Path) -> bool {
    let output = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(jpeg)
        .args(["-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    output.status.success() && !output.stderr.is_empty()
}

#[test]
fn a_jpeg_with_damaged_image_data_fails_the_run_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = photos(dir.path());
    let path = frames.join("IMG_0005.JPG");
    let good = fs::read(&path).unwrap();
    let scan = good.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap() + 20;
    // Scramble 40 bytes of the image data, as a bad sector or a bad copy does, at the first
    // place where ffmpeg's decoder complains ("bad vlc", "error count") yet the classic
    // command still encodes the frame, with exit 0, from garbage.
    let damaged = (scan..good.len() - 60).step_by(7).find_map(|at| {
        let mut bytes = good.clone();
        for byte in &mut bytes[at..at + 40] {
            *byte = byte.wrapping_mul(7).wrapping_add(13);
        }
        fs::write(&path, &bytes).unwrap();
        raw_ffmpeg_lets_it_through(&path).then_some(bytes)
    });
    assert!(
        damaged.is_some(),
        "a damage that only makes ffmpeg complain"
    );
    fails(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--glob", "*.JPG"],
        1,
        &[
            &native("frames/IMG_0005.JPG cannot be decoded"),
            "nothing was written",
        ],
    );
}

/// `jpeg` with a segment of `marker` holding `data` inserted after its start marker.
fn with_segment(jpeg: &[u8], marker: u8, data: &[u8]) -> Vec<u8> {
    let length = u16::try_from(data.len() + 2).unwrap().to_be_bytes();
    [&jpeg[..2], &[0xFF, marker], &length, data, &jpeg[2..]].concat()
}

#[test]
fn the_harmless_oddities_of_camera_jpegs_pass_and_every_frame_is_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let frames = photos(dir.path());
    let edit = |name: &str, change: &dyn Fn(Vec<u8>) -> Vec<u8>| {
        let path = frames.join(name);
        fs::write(&path, change(fs::read(&path).unwrap())).unwrap();
    };
    // A maker's note segment ffmpeg does not know (APP9).
    edit("IMG_0001.JPG", &|j| {
        with_segment(&j, 0xE9, b"MakerNote junk")
    });
    // An EXIF block ffmpeg cannot parse ("error decoding EXIF data").
    edit("IMG_0002.JPG", &|j| {
        with_segment(&j, 0xE1, b"Exif\0\0II*\0\xff\xff\xff\xff")
    });
    // Bytes after the end marker, as some cameras append.
    edit("IMG_0004.JPG", &|j| {
        [j, vec![0; 64], b"trailer".to_vec()].concat()
    });
    // A comment.
    edit("IMG_0006.JPG", &|j| {
        with_segment(&j, 0xFE, b"shot on a phone")
    });
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--glob", "*.JPG"],
    );
    assert_eq!(
        indices(&dir.path().join("x.mp4"), 192, 64),
        (0..8).collect::<Vec<_>>()
    );
}
