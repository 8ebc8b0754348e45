//! Making test videos and sounds with the real ffmpeg: [`video`] and [`tone`].

use super::*;

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
