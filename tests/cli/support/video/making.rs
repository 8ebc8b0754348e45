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

/// Marks `mp4`'s video track as played a quarter turn clockwise, as a phone held upright
/// records it: the stored pictures unchanged, the track header's matrix saying the turn
/// (written in place, so every ffmpeg reads it; `-metadata:s:v rotate` is ignored from
/// ffmpeg 6.1 on, `-display_rotation` is new in 6.1).
pub fn turn_quarter_clockwise(mp4: &Path) {
    let mut bytes = std::fs::read(mp4).unwrap();
    let at = bytes
        .windows(4)
        .position(|w| w == b"tkhd")
        .expect("an mp4 has a track header");
    // After the box type: version (1 byte) and flags (3), then times, ids and sizes whose
    // width depends on the version, then two 16-bit fields, the volume and 2 reserved bytes.
    let matrix = at
        + 4
        + if bytes[at + 4] == 1 {
            4 + 8 + 8 + 4 + 4 + 8
        } else {
            4 + 4 + 4 + 4 + 4 + 4
        }
        + 8
        + 8;
    // (a b u; c d v; x y w) = (0 1 0; -1 0 0; 0 0 1): 16.16 fixed point, w 2.30.
    let values: [i32; 9] = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x4000_0000];
    for (k, value) in values.iter().enumerate() {
        bytes[matrix + 4 * k..matrix + 4 * k + 4].copy_from_slice(&value.to_be_bytes());
    }
    std::fs::write(mp4, bytes).unwrap();
}
