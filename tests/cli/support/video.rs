//! Videos and sounds for the tests, made by the real ffmpeg, and what ffmpeg and ffprobe
//! read back out of a video: frame counts, stream facts, pixels, each frame's index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::frames::BITS;

/// How the installed ffmpeg spells `-fps_mode`: `-vsync` before 5.1 (4.x has no
/// `-fps_mode`; 8 and later have no `-vsync`). Asked once.
pub fn fps_mode() -> &'static str {
    static SPELLING: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    SPELLING.get_or_init(|| match ffmpeg_version() < (5, 1) {
        true => "-vsync",
        false => "-fps_mode",
    })
}

/// Runs ffmpeg quietly and returns its stdout. A missing ffmpeg fails the test.
pub fn ffmpeg(args: &[&str]) -> Vec<u8> {
    let run = || {
        Command::new("ffmpeg")
            .args(["-v", "error"])
            .args(args)
            .output()
    };
    // Wine's CreateProcess fails now and then ("Internal error", 1359): a second try.
    let output = run()
        .or_else(|_| run())
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
    let run = || Command::new(program).args(args).current_dir(dir).output();
    let output = run()
        .or_else(|_| run())
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
    keyint: Option<u32>,
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
        keyint: None,
    }
}

impl TestVideo {
    /// Another frame rate, such as `30000/1001`.
    pub fn rate(self, rate: &'static str) -> Self {
        TestVideo { rate, ..self }
    }

    /// Another size, such as `640x360`.
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

    /// A key frame every `frames` frames (`-g`), and no others.
    pub fn keyint(self, frames: u32) -> Self {
        TestVideo {
            keyint: Some(frames),
            ..self
        }
    }

    /// Encoded with `-preset ultrafast`: for long videos.
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
            args.extend(["-vf", select, fps_mode(), "vfr"]);
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
        let keyint = self.keyint.map(|n| n.to_string());
        if let Some(keyint) = &keyint {
            args.extend(["-g", keyint, "-sc_threshold", "0"]);
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
    // Each stored frame once: ffmpeg 7 and later would repeat frames to a constant rate.
    args.extend([fps_mode(), "passthrough"]);
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

/// The settings x264 wrote into an H.264 (or libx264rgb) stream of the file at `path`, as
/// the text of its SEI message: `x264 - core 164 ... - options: cabac=0 ref=1 ... crf=30.0 ...`.
/// Every encoder option framekit or the user chose (`--crf`, `--preset`, `-tune`) shows there,
/// whatever the container. Fails the test when the file holds no such text.
pub fn x264_settings(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let marker = b"x264 - core ";
    let start = bytes
        .windows(marker.len())
        .position(|window| window == marker)
        .unwrap_or_else(|| panic!("{} holds no x264 settings", path.display()));
    // The SEI's text ends with a NUL byte.
    let end = bytes[start..]
        .iter()
        .position(|&byte| byte == 0)
        .map_or(bytes.len(), |length| start + length);
    String::from_utf8_lossy(&bytes[start..end]).into_owned()
}

/// Whether x264's `settings` (see [`x264_settings`]) hold each of `options`, as whole words
/// (`crf=30.0`, `me=dia`), and if not, which are missing, for the assertion's message.
pub fn x264_options_missing<'a>(settings: &str, options: &[&'a str]) -> Vec<&'a str> {
    let words: Vec<&str> = settings.split_whitespace().collect();
    options
        .iter()
        .copied()
        .filter(|option| !words.contains(option))
        .collect()
}

/// One frame of a video as ffmpeg decodes it: its time (ffprobe's), whether it is a key
/// frame, and the MD5 of its pixels in RGB (ffmpeg's framemd5).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedFrame {
    pub seconds: f64,
    pub key: bool,
    pub hash: String,
}

/// Every frame of the first video stream, decoded, in order (the ground truth); the pixels
/// after `filter` (such as `scale=32:-1`) when one is given. Times are ffprobe's, from the
/// start of the video; where ffprobe has none (the last frames of an AVI with B-frames),
/// those ffmpeg gives the frames as it decodes them (framemd5's).
pub fn decoded_frames(video: &Path, filter: Option<&str>) -> Vec<DecodedFrame> {
    let path = video.to_str().unwrap();
    let mut args = vec!["-i", path, "-map", "0:V:0", fps_mode(), "passthrough"];
    if let Some(filter) = filter {
        args.extend(["-vf", filter]);
    }
    args.extend(["-f", "framemd5", "-pix_fmt", "rgb24", "-"]);
    let framemd5 = String::from_utf8(ffmpeg(&args)).unwrap();
    // `#tb 0: 1/12800`, then `0, dts, pts, duration, size, hash` per frame.
    let (numerator, denominator) = framemd5
        .lines()
        .find_map(|line| line.strip_prefix("#tb 0: "))
        .and_then(|tb| tb.trim().split_once('/'))
        .map(|(n, d)| (n.parse::<f64>().unwrap(), d.parse::<f64>().unwrap()))
        .expect("framemd5 names its time base");
    let hashed: Vec<(f64, String)> = framemd5
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let pts: f64 = fields[2].parse().unwrap();
            (pts * numerator / denominator, fields[5].to_string())
        })
        .collect();
    let probed = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-select_streams",
            "V:0",
            "-show_entries",
            "frame=pts_time,key_frame:format=start_time",
            "-of",
            "compact=p=0",
            path,
        ],
        Path::new("."),
    );
    let text = String::from_utf8_lossy(&probed.stdout);
    // Times from the start of the video, as a player (and the manifest) counts them.
    let start: f64 = text
        .lines()
        .find_map(|line| line.strip_prefix("start_time="))
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0.0);
    let frames: Vec<(Option<f64>, bool)> = text
        .lines()
        .filter(|line| line.contains("key_frame="))
        .map(|line| {
            let field = |name: &str| {
                line.split('|')
                    .find_map(|f| f.strip_prefix(&format!("{name}=")))
                    .unwrap_or_default()
                    .to_string()
            };
            let seconds = field("pts_time").parse::<f64>().ok();
            (seconds.map(|s| s - start), field("key_frame") == "1")
        })
        .collect();
    assert_eq!(
        frames.len(),
        hashed.len(),
        "ffprobe and ffmpeg see the same frames"
    );
    frames
        .into_iter()
        .zip(hashed)
        .map(|((seconds, key), (decoded, hash))| DecodedFrame {
            seconds: seconds.unwrap_or(decoded),
            key,
            hash,
        })
        .collect()
}

/// The MD5 of each image's pixels in RGB, in order: `pattern` is an image2 pattern such as
/// `out/img_%05d.png`.
pub fn image_hashes(pattern: &Path) -> Vec<String> {
    hashes(&ffmpeg(&[
        "-i",
        pattern.to_str().unwrap(),
        "-f",
        "framemd5",
        "-pix_fmt",
        "rgb24",
        "-",
    ]))
}

/// The hashes of a framemd5 listing (its last field).
fn hashes(framemd5: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(framemd5)
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.rsplit(',').next())
        .map(|hash| hash.trim().to_string())
        .collect()
}
