//! The same frames give the same file, byte for byte, run after run.

use super::*;

#[test]
fn the_same_frames_give_the_same_file_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 96, 32);
    for output in [
        "r.mp4", "r.mov", "r.mkv", "r.webm", "r.gif", "r.webp", "r.apng",
    ] {
        let first = format!("1{output}");
        let second = format!("2{output}");
        framekit_ok(dir.path(), &["stitch", "frames", "-o", &first]);
        framekit_ok(dir.path(), &["stitch", "frames", "-o", &second]);
        let a = fs::read(dir.path().join(&first)).unwrap();
        let b = fs::read(dir.path().join(&second)).unwrap();
        assert!(a == b, "{output} differs between two runs");
        // The same right frames: these six, in order, each nearer in colour to its own
        // source frame (whose bottom half is noise of its own) than to any other, which is
        // 48 levels or more away on average. Lossy formats blur the noise (about 24 levels
        // off), GIF's palette less (about 6); APNG keeps every pixel.
        let (order, shown) = decoded(&dir.path().join(&first));
        let most = if output.ends_with("apng") { 0.0 } else { 30.0 };
        assert_eq!(order, (0..6).collect::<Vec<_>>(), "{output}");
        for (index, pixels) in shown.iter().enumerate() {
            let off: Vec<f64> = (0..6)
                .map(|source| mean_difference(pixels, &frame_pixels(source, 96, 32)))
                .collect();
            let nearest = (0..6).min_by(|&x, &y| off[x].total_cmp(&off[y]));
            assert_eq!(nearest, Some(index), "{output}: frame {index}: {off:?}");
            assert!(off[index] <= most, "{output}: frame {index}: {off:?}");
        }
    }
}

/// The index each frame of a 96x32 `path` carries, and its RGB pixels: an animation as the
/// `image` crate shows it, a video as ffmpeg decodes it.
fn decoded(path: &Path) -> (Vec<u32>, Vec<Vec<u8>>) {
    let extension = path.extension().unwrap().to_str().unwrap();
    if ["gif", "webp", "apng"].contains(&extension) {
        let shown = animation_frames(path);
        let rgb = |frame: &Shown| {
            let pixels = frame.image.pixels();
            pixels
                .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
                .collect()
        };
        (
            shown.iter().map(index_of).collect(),
            shown.iter().map(rgb).collect(),
        )
    } else {
        let frames = rgb(path).chunks(96 * 32 * 3).map(<[u8]>::to_vec).collect();
        (indices(path, 96, 32), frames)
    }
}

/// The mean difference between two images' bytes, in levels.
fn mean_difference(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let sum: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.len() as f64
}
