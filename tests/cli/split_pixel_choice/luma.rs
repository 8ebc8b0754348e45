//! What `--sharpest` measures is the video's own luma, the middle sample of each block, on
//! every ffmpeg: videos made here from known samples (noise over the whole 0-255 range in
//! luma, chroma and alpha, so that any conversion on the way changes the numbers), stored
//! losslessly (FFV1) in each pixel format, and the manifest's sharpness of every frame
//! compared with the variance of the Laplacian the test computes from those samples (for
//! RGB, from the gray framekit documents). Tagged limited range, as almost all video is.
//! CI runs this on each supported ffmpeg: the same numbers on all of them.

use super::*;

const WIDTH: usize = 640;
const HEIGHT: usize = 360;
/// 640x360 is measured at 320x180: one sample of each 2x2 block, its lower right.
const STEP: usize = 2;
const FRAMES: usize = 3;

/// A deterministic noise byte stream (a linear congruential generator).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u8
    }
}

/// One pixel format's planes: (width divisor, height divisor) of each plane after luma.
fn other_planes(pix_fmt: &str) -> &'static [(usize, usize)] {
    match pix_fmt {
        "yuv420p" => &[(2, 2), (2, 2)],
        "yuva420p" => &[(2, 2), (2, 2), (1, 1)],
        "yuv422p" | "yuv422p10le" => &[(2, 1), (2, 1)],
        "yuv444p" => &[(1, 1), (1, 1)],
        "gray" | "rgb24" => &[],
        other => panic!("no layout for {other}"),
    }
}

/// Writes `name`, FRAMES frames of `pix_fmt` (8 bits, or 10 in two bytes), and returns each
/// frame's luma samples.
fn noise_video(dir: &Path, name: &str, pix_fmt: &str, noise: &mut Noise) -> Vec<Vec<u16>> {
    let deep = pix_fmt.ends_with("10le");
    let mut raw = Vec::new();
    let mut lumas = Vec::new();
    let mut sample = |raw: &mut Vec<u8>| -> u16 {
        if deep {
            let value = u16::from_le_bytes([noise.next(), noise.next()]) & 0x3ff;
            raw.extend_from_slice(&value.to_le_bytes());
            value
        } else {
            let value = noise.next();
            raw.push(value);
            u16::from(value)
        }
    };
    for _ in 0..FRAMES {
        let luma: Vec<u16> = match pix_fmt {
            // framekit's gray of RGB (docs/split.md): BT.601's weights in 256ths, rounded.
            "rgb24" => (0..WIDTH * HEIGHT)
                .map(|_| {
                    let [r, g, b] = [0; 3].map(|_| sample(&mut raw));
                    (77 * r + 150 * g + 29 * b + 128) >> 8
                })
                .collect(),
            _ => (0..WIDTH * HEIGHT).map(|_| sample(&mut raw)).collect(),
        };
        for &(x, y) in other_planes(pix_fmt) {
            for _ in 0..(WIDTH / x) * (HEIGHT / y) {
                sample(&mut raw);
            }
        }
        lumas.push(luma);
    }
    fs::write(dir.join("frames.raw"), raw).unwrap();
    let size = format!("{WIDTH}x{HEIGHT}");
    tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-f",
            "rawvideo",
            "-pix_fmt",
            pix_fmt,
            "-s",
            &size,
            "-r",
            "25",
            "-i",
            "frames.raw",
            "-c:v",
            "ffv1",
            // Tagged limited range, as nearly every camera's and encoder's video is: ffmpeg
            // 4.2 to 5.1 converted such a 4:2:2 or 4:4:4 luma plane taken out whole.
            "-color_range",
            "tv",
            "-y",
            name,
        ],
        dir,
    );
    fs::remove_file(dir.join("frames.raw")).unwrap();
    lumas
}

/// The variance of the 4-neighbour Laplacian of the middle sample of each STEP x STEP block,
/// as the manifest prints it.
fn expected_sharpness(luma: &[u16]) -> String {
    let (width, height) = (WIDTH / STEP, HEIGHT / STEP);
    let at =
        |x: usize, y: usize| i128::from(luma[(y * STEP + STEP / 2) * WIDTH + x * STEP + STEP / 2]);
    let (mut sum, mut squares) = (0i128, 0i128);
    for y in 1..height - 1 {
        for x in 1..width - 1 {
            let laplacian =
                4 * at(x, y) - at(x, y - 1) - at(x, y + 1) - at(x - 1, y) - at(x + 1, y);
            sum += laplacian;
            squares += laplacian * laplacian;
        }
    }
    let n = ((width - 2) * (height - 2)) as i128;
    let variance = (n * squares - sum * sum) as f64 / (n * n) as f64;
    format!("{variance:.3}")
}

#[test]
fn the_measure_is_the_videos_own_luma_in_every_pixel_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut noise = Noise(25);
    for pix_fmt in [
        "yuv420p",
        "yuv422p",
        "yuv444p",
        "yuva420p",
        "yuv422p10le",
        "gray",
        "rgb24",
    ] {
        let name = format!("{pix_fmt}.mkv");
        let lumas = noise_video(dir.path(), &name, pix_fmt, &mut noise);
        let output = framekit(dir.path())
            .args([
                "split",
                &name,
                "out",
                "--count",
                "3",
                "--sharpest",
                "--manifest",
            ])
            .args(["--force", "--quiet"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{pix_fmt}: {}", stderr(&output));
        let text = fs::read_to_string(dir.path().join("out/frames.csv")).unwrap();
        let measured: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|line| line.rsplit(',').next().unwrap())
            .collect();
        let expected: Vec<String> = lumas.iter().map(|luma| expected_sharpness(luma)).collect();
        assert_eq!(measured, expected, "{pix_fmt}: {text}");
    }
}
