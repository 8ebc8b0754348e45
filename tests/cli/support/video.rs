//! Videos and sounds for the tests, made by the real ffmpeg, and what ffmpeg and ffprobe
//! read back out of a video: frame counts, stream facts, pixels, each frame's index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::frames::BITS;

/// Runs ffmpeg quietly and returns its stdout. A missing ffmpeg fails the test.
pub fn ffmpeg(args: &[&str]) -> Vec<u8> {
    let output = Command::new("ffmpeg")
        .args(["-v", "error"])
        .args(args)
        .output()
        .expect("ffmpeg must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Runs a program the tests rely on and insists it succeeds; a missing ffmpeg fails the test,
/// never skips it.
pub fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed to run the tests: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The one maker of test videos: ffmpeg's `testsrc2` pattern as H.264 (4:2:0), 64x48 at
/// 25 fps unless told otherwise. `video(10).write(dir, "movie.mp4")`.
#[derive(Debug, Clone, Copy)]
pub struct TestVideo {
    frames: u32,
    size: &'static str,
    rate: &'static str,
    audio: bool,
    variable_rate: bool,
    quick: bool,
}

/// A test video of `frames` frames (see [`TestVideo`]).
pub fn video(frames: u32) -> TestVideo {
    TestVideo {
        frames,
        size: "64x48",
        rate: "25",
        audio: false,
        variable_rate: false,
        quick: false,
    }
}

impl TestVideo {
    /// Another frame rate, such as `30000/1001`.
    pub fn rate(self, rate: &'static str) -> Self {
        TestVideo { rate, ..self }
    }

    /// Another size, such as `640x360` (for the interrupt tests, Linux only, as is `quick`).
    #[cfg(target_os = "linux")]
    pub fn size(self, size: &'static str) -> Self {
        TestVideo { size, ..self }
    }

    /// With a 440 Hz tone as its audio stream.
    pub fn with_audio(self) -> Self {
        TestVideo {
            audio: true,
            ..self
        }
    }

    /// Variable frame rate: frames picked irregularly from a 50 fps source, each kept with
    /// its own timestamp (ffmpeg's classic `img_%05d.png` recipe duplicates some of them).
    pub fn variable_rate(self) -> Self {
        TestVideo {
            variable_rate: true,
            rate: "50",
            ..self
        }
    }

    /// Encoded with `-preset ultrafast`: for long videos.
    #[cfg(target_os = "linux")]
    pub fn quick(self) -> Self {
        TestVideo {
            quick: true,
            ..self
        }
    }

    /// Writes the video as `dir/name` (its extension picks the container).
    pub fn write(self, dir: &Path, name: &str) -> PathBuf {
        let source = format!("testsrc2=s={}:r={}", self.size, self.rate);
        let frames = self.frames.to_string();
        let mut args = vec!["-v", "error", "-f", "lavfi", "-i", &source];
        if self.audio {
            args.extend(["-f", "lavfi", "-i", "sine=frequency=440", "-shortest"]);
        }
        if self.variable_rate {
            let select = "select='lt(mod(n\\,5)\\,2)+eq(mod(n\\,7)\\,0)'";
            args.extend(["-vf", select, "-fps_mode", "vfr"]);
        }
        args.extend([
            "-frames:v",
            &frames,
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
        ]);
        if self.quick {
            args.extend(["-preset", "ultrafast"]);
        }
        args.extend(["-y", name]);
        tool("ffmpeg", &args, dir);
        dir.join(name)
    }
}

/// A 440 Hz tone of `seconds`, as `dir/name` (its extension picks the format).
pub fn tone(dir: &Path, name: &str, seconds: &str) -> PathBuf {
    let path = dir.join(name);
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440",
        "-t",
        seconds,
        "-y",
        path.to_str().unwrap(),
    ]);
    path
}

/// ffprobe's `KEY=VALUE` facts about the first video stream (or `stream` selector).
pub fn probe(video: &Path, stream: &str, entries: &str) -> HashMap<String, String> {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", stream, "-count_frames"])
        .args([
            "-show_entries",
            &format!("stream={entries}"),
            "-of",
            "default=nw=1",
        ])
        .arg(video)
        .output()
        .expect("ffprobe must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The frames ffprobe decodes from the first video stream (the ground truth).
pub fn count_frames(video: &Path) -> u64 {
    probe(video, "v:0", "nb_read_frames")["nb_read_frames"]
        .parse()
        .unwrap()
}

/// The duration the container gives, in seconds (WebM keeps none per stream).
pub fn container_duration(video: &Path) -> f64 {
    let output = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            video.to_str().unwrap(),
        ],
        Path::new("."),
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap()
}

/// The bar-encoded index of each frame of a video of `width` x `height`.
pub fn indices(video: &Path, width: u32, height: u32) -> Vec<u32> {
    let gray = gray(video);
    let size = (width * height) as usize;
    assert_eq!(gray.len() % size, 0, "whole frames of {width}x{height}");
    let bar = width / (BITS + 2);
    gray.chunks(size)
        .map(|frame| {
            (0..BITS).fold(0, |value, b| {
                let x = (b + 1) * bar + bar / 2;
                let pixel = frame[(height / 4 * width + x) as usize];
                value << 1 | u32::from(pixel > 128)
            })
        })
        .collect()
}

/// The gray levels of every frame of an image or video, decoded by ffmpeg.
pub fn gray(video: &Path) -> Vec<u8> {
    decoded(video, &[], "gray")
}

/// The gray levels of frame `index` of `video`.
pub fn gray_frame(video: &Path, index: u32) -> Vec<u8> {
    let select = format!("select=eq(n\\,{index})");
    decoded(video, &["-vf", &select, "-frames:v", "1"], "gray")
}

/// The RGB pixels of an image or video, decoded by ffmpeg.
pub fn rgb(image: &Path) -> Vec<u8> {
    decoded(image, &[], "rgb24")
}

/// The raw pixels of `video` in `pixel_format`, with ffmpeg options `options` after `-i`.
fn decoded(video: &Path, options: &[&str], pixel_format: &str) -> Vec<u8> {
    let mut args = vec!["-i", video.to_str().unwrap()];
    args.extend(options);
    args.extend(["-f", "rawvideo", "-pix_fmt", pixel_format, "-"]);
    ffmpeg(&args)
}

/// Each frame of `video` as RGB, decoded as a player that follows the file's colour tags
/// does (ffmpeg's own conversion reads them), and as one that assumes BT.709 TV range, as
/// browsers and QuickTime do for HD video without tags.
pub fn rgb_as_players_show(video: &Path) -> [Vec<u8>; 2] {
    let assuming = "scale=in_color_matrix=bt709:in_range=tv,format=rgb24";
    [
        decoded(video, &[], "rgb24"),
        decoded(video, &["-vf", assuming], "rgb24"),
    ]
}

/// Each frame of a video as RGBA, alpha included: VP9's alpha plane is read only by libvpx's
/// own decoder (ffmpeg's native VP9 decoder ignores it), so that one is asked for.
pub fn rgba(video: &Path) -> Vec<u8> {
    let vp9 = video.extension().is_some_and(|e| e == "webm");
    let mut args = vec![];
    if vp9 {
        args.extend(["-c:v", "libvpx-vp9"]);
    }
    args.extend([
        "-i",
        video.to_str().unwrap(),
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgba",
        "-",
    ]);
    ffmpeg(&args)
}

/// The version of the `ffmpeg` on PATH, as (major, minor): `ffmpeg version 5.1.9-0+deb12u1`,
/// `n9.0.2-17-g...`. A git build without a number fails the test.
pub fn ffmpeg_version() -> (u32, u32) {
    let output = tool("ffmpeg", &["-hide_banner", "-version"], Path::new("."));
    let text = String::from_utf8_lossy(&output.stdout);
    let word = text.split_whitespace().nth(2).unwrap_or("");
    let mut numbers = word
        .trim_start_matches('n')
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor),
        _ => panic!("cannot read ffmpeg's version from {text:?}"),
    }
}
