//! What the ffmpeg that will run can do, learnt from that ffmpeg itself (never from
//! ffprobe's version: pip users pair imageio-ffmpeg's ffmpeg with any ffprobe) and asked at
//! most once a run, when a decision first needs it: many runs (an MP4 of upright PNGs)
//! never do, and `ffmpeg -version` costs a process start. A route that surely asks (a
//! GIF) starts the question early (`ask_version_early`), beside reading the frames'
//! headers, instead of waiting for it before the encode.
//!
//! Every decision that depends on the version is a method here, so that both commands
//! agree and a new ffmpeg is one place to teach. The encoders the build has (`ffmpeg
//! -encoders`) are asked the same way, lazily and once, and only by `stitch --hw`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use crate::ffmpeg::locate::{parse_version, version_line};

/// ffmpeg's version, as far as framekit can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Major and minor, from `ffmpeg -version`.
    Known(u32, u32),
    /// A version framekit cannot read (a git build, "N-112233-g..."): taken as a recent one.
    Unreadable,
    /// No ffmpeg to ask (a dry run without one): the newest forms are printed.
    Absent,
}

/// The ffmpeg of this run, and what it has told so far.
#[derive(Debug, Default)]
pub struct Capabilities {
    ffmpeg: Option<PathBuf>,
    version: OnceLock<Version>,
    /// `ffmpeg -version` already running on a thread (its first line), when asked early.
    early_version: Mutex<Option<JoinHandle<Option<String>>>>,
    /// The names `ffmpeg -encoders` lists; None when there is no ffmpeg to ask, or it
    /// would not say.
    encoders: OnceLock<Option<Vec<String>>>,
}

impl Capabilities {
    /// The capabilities of `ffmpeg` (None: no ffmpeg was found, for a dry run).
    pub fn of(ffmpeg: Option<&Path>) -> Capabilities {
        Capabilities {
            ffmpeg: ffmpeg.map(Path::to_path_buf),
            version: OnceLock::new(),
            early_version: Mutex::new(None),
            encoders: OnceLock::new(),
        }
    }

    /// Capabilities of an ffmpeg whose version is already known.
    #[cfg(test)]
    pub fn known(version: Version) -> Capabilities {
        Capabilities {
            ffmpeg: None,
            version: OnceLock::from(version),
            early_version: Mutex::new(None),
            encoders: OnceLock::new(),
        }
    }

    /// The version, asked of ffmpeg the first time.
    pub fn version(&self) -> Version {
        *self.version.get_or_init(|| {
            let Some(ffmpeg) = &self.ffmpeg else {
                return Version::Absent;
            };
            let early = self.early_version.lock().ok().and_then(|mut e| e.take());
            let line = match early {
                Some(asking) => asking.join().ok().flatten(),
                None => version_line(ffmpeg),
            };
            match line.as_deref().and_then(parse_version) {
                Some((major, minor)) => Version::Known(major, minor),
                None => Version::Unreadable,
            }
        })
    }

    /// Starts asking ffmpeg its version on a thread, for a run that will surely need it:
    /// the process start overlaps the run's own first steps (on plots turned into a GIF,
    /// 15-20 ms of a 0.4 s run). `version` takes the answer; asked twice, once.
    pub fn ask_version_early(&self) {
        let (Some(ffmpeg), None) = (&self.ffmpeg, self.version.get()) else {
            return;
        };
        let Ok(mut early) = self.early_version.lock() else {
            return;
        };
        if early.is_none() {
            let ffmpeg = ffmpeg.clone();
            *early = Some(std::thread::spawn(move || version_line(&ffmpeg)));
        }
    }

    /// The encoders this ffmpeg was built with (`ffmpeg -hide_banner -encoders`), asked the
    /// first time; None when there is no ffmpeg to ask (a dry run without one) or it did
    /// not answer: then framekit cannot tell, and tries.
    pub fn encoders(&self) -> Option<&[String]> {
        self.encoders
            .get_or_init(|| {
                let ffmpeg = self.ffmpeg.as_ref()?;
                let mut command = std::process::Command::new(ffmpeg);
                command.args(["-hide_banner", "-encoders"]);
                let output =
                    crate::ffmpeg::process_group::output(&mut command, "ffmpeg -encoders").ok()?;
                let listed = parse_encoders(&String::from_utf8_lossy(&output.stdout));
                (output.status.success() && !listed.is_empty()).then_some(listed)
            })
            .as_deref()
    }

    /// The version's name ("ffmpeg 4.2") when it is known and older than `wanted`.
    fn older_than(&self, wanted: (u32, u32)) -> Option<String> {
        match self.version() {
            Version::Known(major, minor) if (major, minor) < wanted => {
                Some(format!("ffmpeg {major}.{minor}"))
            }
            _ => None,
        }
    }

    /// Whether the version is at least `wanted`; an unreadable or absent one counts as new.
    fn at_least(&self, wanted: (u32, u32)) -> bool {
        match self.version() {
            Version::Known(major, minor) => (major, minor) >= wanted,
            Version::Unreadable | Version::Absent => true,
        }
    }

    /// The option that sets how frames are timed on output: `-fps_mode` from ffmpeg 5.1,
    /// `-vsync` before (same values: `passthrough`, `vfr`, `cfr`). 9.0 has no `-vsync`.
    pub fn fps_mode(&self) -> &'static str {
        match self.at_least((5, 1)) {
            true => "-fps_mode",
            false => "-vsync",
        }
    }

    /// Whether `metadata=mode=add` adds metadata to frames: not in ffmpeg 4.2, whose
    /// `metadata=mode=print` then prints nothing (seen with imageio-ffmpeg's static 4.2.2;
    /// 4.3 adds).
    pub fn adds_frame_metadata(&self) -> bool {
        self.at_least((4, 3))
    }

    /// Which ffmpeg ("ffmpeg 4.2") detects scenes (`select`'s `scene`) in RGB only, so that
    /// every frame is turned into RGB before the filters after `select` (before 4.3, which
    /// detects them in YUV too): a `scale` there gives other pixels than a scale of the
    /// decoded frame. None for one that does not.
    pub fn detects_scenes_in_rgb_only(&self) -> Option<String> {
        self.older_than((4, 3))
    }

    /// Which ffmpeg ("ffmpeg 4.3") does not turn JPEGs upright by their EXIF orientation
    /// (before 5.0: framekit then turns them itself), or None for one that does.
    pub fn leaves_exif_turns(&self) -> Option<String> {
        self.older_than((5, 0))
    }

    /// Which ffmpeg ("ffmpeg 7.0") keeps an EXIF turn for the JPEGs after a turned one that
    /// bring none (6.0 and later; 5.1 turns each frame by its own), or None for one that
    /// does not, or when there is no ffmpeg to ask (see `stitch::orientation`).
    pub fn keeps_exif_turns(&self) -> Option<String> {
        match self.version() {
            Version::Known(major, minor) if (major, minor) >= (6, 0) => {
                Some(format!("ffmpeg {major}.{minor}"))
            }
            Version::Unreadable => Some("this ffmpeg".to_string()),
            Version::Known(..) | Version::Absent => None,
        }
    }

    /// Whether ffmpeg keeps each frame's duration on the way to the encoder, and so refuses
    /// `-r` beside `-fps_mode passthrough` ("One of -r/-fpsmax was specified together a
    /// non-CFR -vsync/-fps_mode"): 7.0 and later do, 5.1 and older do not. None for the
    /// versions between, not measured here: framekit tries the older form first there.
    pub fn keeps_frame_durations(&self) -> Option<bool> {
        match self.version() {
            Version::Known(major, _) if major >= 7 => Some(true),
            Version::Known(major, _) if major < 6 => Some(false),
            Version::Known(..) => None,
            Version::Unreadable | Version::Absent => Some(true),
        }
    }
}

/// The encoders' names in `ffmpeg -encoders`' table: after the legend's ` ------` line,
/// each line is ` V....D name  description`.
fn parse_encoders(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|line| line.trim() != "------")
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(1))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoders_are_read_from_the_table_not_its_legend() {
        let text = "Encoders:\n V..... = Video\n A..... = Audio\n ------\n \
                    V....D libx264              libx264 H.264 (codec h264)\n \
                    V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)\n \
                    A....D aac                  AAC (Advanced Audio Coding)\n";
        assert_eq!(parse_encoders(text), ["libx264", "h264_nvenc", "aac"]);
        assert!(parse_encoders("not a table\n").is_empty());
        assert_eq!(Capabilities::of(None).encoders(), None);
    }

    #[test]
    fn a_version_asked_early_is_the_version_asked_late() {
        let ffmpeg = crate::ffmpeg::locate::Source::choose(None)
            .locate()
            .expect("the tests need ffmpeg");
        let early = Capabilities::of(Some(&ffmpeg));
        early.ask_version_early();
        early.ask_version_early();
        let late = Capabilities::of(Some(&ffmpeg));
        assert!(matches!(late.version(), Version::Known(..)));
        assert_eq!(early.version(), late.version());
        // Asked once: nothing is left waiting.
        assert!(early.early_version.lock().unwrap().is_none());
    }

    #[test]
    fn old_ffmpegs_get_their_own_spellings() {
        let old = Capabilities::known(Version::Known(4, 3));
        assert_eq!(old.fps_mode(), "-vsync");
        assert_eq!(old.keeps_exif_turns(), None);
        assert_eq!(old.keeps_frame_durations(), Some(false));
        let debian = Capabilities::known(Version::Known(5, 1));
        assert_eq!(debian.fps_mode(), "-fps_mode");
        assert_eq!(debian.keeps_exif_turns(), None);
        let six = Capabilities::known(Version::Known(6, 1));
        assert_eq!(six.keeps_exif_turns().as_deref(), Some("ffmpeg 6.1"));
        assert_eq!(six.keeps_frame_durations(), None);
        let new = Capabilities::known(Version::Known(9, 0));
        assert_eq!(new.keeps_frame_durations(), Some(true));
        let git = Capabilities::known(Version::Unreadable);
        assert_eq!(git.fps_mode(), "-fps_mode");
        assert_eq!(git.keeps_exif_turns().as_deref(), Some("this ffmpeg"));
        let none = Capabilities::of(None);
        assert_eq!(none.version(), Version::Absent);
        assert_eq!(none.keeps_exif_turns(), None);
    }
}
