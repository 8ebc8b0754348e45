//! What `split` is asked for, in framekit's own types.

use std::fmt;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::cli::frame_rate::FrameRate;
use crate::cli::timecode::Timecode;
use crate::cli::Common;
use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::term::shown::shown;

/// The widest number framekit writes (u64 has 20 digits; nobody has 10^18 frames).
const MAX_DIGITS: u8 = 18;

/// One `framekit split` run.
#[derive(Debug)]
pub struct SplitRequest {
    pub video: PathBuf,
    pub out_dir: PathBuf,
    /// Also write `frames.csv`.
    pub manifest: bool,
    /// `--at-file`: times to read, one a line, into `Sampling::At`.
    pub at_file: Option<PathBuf>,
    pub options: SplitOptions,
    pub common: Common,
    /// The options given that only a folder OUT_DIR uses (`--prefix`, ...), by name.
    pub folder_only: Vec<&'static str>,
}

/// The image format `split` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// Lossless PNG.
    Png,
    /// JPEG at high quality (smaller, lossy).
    Jpg,
}

impl ImageFormat {
    /// The file name extension of such frames.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpg => "jpg",
        }
    }
}

/// Which frames of the video (or of the `--start`/`--end` range) are written.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Sampling {
    /// Every frame.
    #[default]
    All,
    /// Every Nth frame, from the first (N > 1; `--every 1` is `All`).
    Every(u64),
    /// The first frame at or after each 1/RATE s, none twice.
    Fps(FrameRate),
    /// N frames evenly spaced in time: the first at or after start + i·D/N.
    Count(u64),
    /// For each time, in the order given, the first frame at or after it.
    At(Vec<Timecode>),
    /// The key frames only.
    Keyframes,
    /// The first frame, then the first frame of each new scene (ffmpeg's scene score).
    Scene(f64),
}

impl Sampling {
    /// The mode's name, as `--json` reports it.
    pub fn name(&self) -> &'static str {
        match self {
            Sampling::All => "all",
            Sampling::Every(_) => "every",
            Sampling::Fps(_) => "fps",
            Sampling::Count(_) => "count",
            Sampling::At(_) => "at",
            Sampling::Keyframes => "keyframes",
            Sampling::Scene(_) => "scene",
        }
    }

    /// Whether the frames are chosen from ffprobe's list of the video's frames (so it
    /// needs ffprobe), rather than by a filter as ffmpeg decodes.
    pub fn needs_frame_list(&self) -> bool {
        matches!(
            self,
            Sampling::Count(_) | Sampling::At(_) | Sampling::Keyframes
        )
    }

    /// The option that asked for this mode, for messages.
    pub fn option(&self) -> String {
        match self {
            Sampling::All => "split".into(),
            Sampling::Every(n) => format!("--every {n}"),
            Sampling::Fps(rate) => format!("--fps {rate}"),
            Sampling::Count(n) => format!("--count {n}"),
            Sampling::At(_) => "--at".into(),
            Sampling::Keyframes => "--keyframes".into(),
            Sampling::Scene(x) => format!("--scene {x}"),
        }
    }
}

/// How to split: which frames, and how to write them.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    pub prefix: String,
    pub digits: Option<u8>,
    pub format: ImageFormat,
    pub sampling: Sampling,
    pub start: Option<Timecode>,
    pub end: Option<Timecode>,
    /// Scale frames to this width, keeping their shape.
    pub width: Option<u32>,
    pub fast: bool,
    /// Write what decodes from a damaged video, warning, instead of failing.
    pub allow_damaged: bool,
    /// `--sharpest`: the sharpest frame of each stretch the mode divides the range into.
    pub sharpest: bool,
    /// `--dedupe[=THRESHOLD]`: skip a frame whose mean absolute difference from the last
    /// frame written (on the reduced luma image, 0-255) is at most this.
    pub dedupe: Option<f64>,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            prefix: "img_".into(),
            digits: None,
            format: ImageFormat::Png,
            sampling: Sampling::All,
            start: None,
            end: None,
            width: None,
            fast: false,
            allow_damaged: false,
            sharpest: false,
            dedupe: None,
        }
    }
}

impl SplitOptions {
    /// Rejects impossible options (exit 2) before anything is read.
    pub fn check(&self) -> Result<(), Failure> {
        if self.prefix.contains(['/', '\\', '\0']) {
            return Err(Failure::usage(format!(
                "--prefix '{}' contains a path separator",
                self.prefix
            ))
            .hint("the prefix starts each file name; choose the folder with OUT_DIR"));
        }
        match &self.sampling {
            Sampling::Every(0) => return Err(Failure::usage("--every must be 1 or more, not 0")),
            Sampling::Count(0) => {
                return Err(Failure::usage("--count must be 1 or more, not 0")
                    .hint("--count N writes N frames spread evenly over the video"))
            }
            Sampling::At(times) if times.is_empty() => {
                return Err(Failure::usage("--at needs at least one time"))
            }
            _ => {}
        }
        if let Some(digits) = self.digits {
            if digits == 0 || digits > MAX_DIGITS {
                return Err(Failure::usage(format!(
                    "--digits must be between 1 and {MAX_DIGITS}"
                )));
            }
        }
        if let Some(end) = self.end {
            // Without --start the range starts at the video's start, time 0.
            let start = self.start.unwrap_or_default();
            if end <= start {
                let start = match self.start {
                    Some(start) => format!("--start {start}"),
                    None => "the start of the video (0)".to_string(),
                };
                return Err(Failure::usage(format!("--end {end} is not after {start}"))
                    .hint("--end is the time to stop at, counted from the start of the video"));
            }
        }
        if self.fast && self.format == ImageFormat::Jpg {
            return Err(Failure::usage("--fast applies to PNG frames only"));
        }
        self.check_looking()
    }

    /// `--sharpest` and `--dedupe` go only with the modes that have something to choose
    /// from (exit 2).
    fn check_looking(&self) -> Result<(), Failure> {
        let mode = self.sampling.option();
        if self.sharpest {
            let why = match &self.sampling {
                Sampling::Count(_) | Sampling::Every(_) | Sampling::Fps(_) => None,
                Sampling::All => Some(
                    "--sharpest picks one frame from each stretch that --count, --every or \
                     --fps divides the video into, and no such mode was given (--every 1 \
                     keeps every frame: nothing to choose from)",
                ),
                Sampling::At(_) => Some(
                    "--at and --at-file name the exact frame for each time: there is no \
                     stretch to choose the sharpest frame from",
                ),
                Sampling::Keyframes => Some(
                    "--keyframes keeps the key frames themselves: the frames between them are \
                     not key frames, so there is no stretch to choose from",
                ),
                Sampling::Scene(_) => Some(
                    "--scene keeps the first frame of each scene, which only decoding finds: \
                     there is no stretch to choose the sharpest frame from",
                ),
            };
            if let Some(why) = why {
                let title = match self.sampling {
                    Sampling::All => "--sharpest needs --count, --every or --fps".to_string(),
                    _ => format!("--sharpest cannot be used with {mode}"),
                };
                return Err(Failure::usage(title).details([why.to_string()]).hint(
                    "use --sharpest with --count N, --every N or --fps RATE, e.g. \
                     `--count 100 --sharpest`",
                ));
            }
        }
        if self.dedupe.is_some() {
            let why = match &self.sampling {
                Sampling::At(_) => Some(
                    "--at and --at-file write the frame of each time you gave, in your order, \
                     even the same one twice",
                ),
                Sampling::Scene(_) => Some(
                    "--scene already keeps only frames that differ from the frame before by \
                     the scene score",
                ),
                _ => None,
            };
            if let Some(why) = why {
                return Err(
                    Failure::usage(format!("--dedupe cannot be used with {mode}"))
                        .details([why.to_string()])
                        .hint("use --dedupe alone, or with --count, --every, --fps or --keyframes"),
                );
            }
        }
        Ok(())
    }

    /// Whether frames are chosen by their pixels (`--sharpest`, `--dedupe`): ffmpeg then
    /// decodes the range once for framekit to measure each frame before any is written.
    pub fn looks_at_pixels(&self) -> bool {
        self.sharpest || self.dedupe.is_some()
    }

    /// Rejects options the ffmpeg that will run cannot do as newer ones do (exit 2), before
    /// anything is read.
    pub fn check_ffmpeg(&self, ffmpeg: &Capabilities) -> Result<(), Failure> {
        // The version is asked only when the answer matters (it may still be on its way).
        let scene_scaled = matches!(self.sampling, Sampling::Scene(_)) && self.width.is_some();
        if let Some(found) = scene_scaled
            .then(|| ffmpeg.detects_scenes_in_rgb_only())
            .flatten()
        {
            return Err(Failure::usage(format!(
                "--scene with --width needs ffmpeg 4.3 or later; {found} turns the frames it \
                 looks at for scenes into RGB before scaling them, which gives other pixels"
            ))
            .hint(
                "split with --scene alone and scale the frames afterwards, or use ffmpeg 4.3 \
                 or later (--ffmpeg PATH)",
            ));
        }
        Ok(())
    }

    /// Whether some frames are left out (a time range, or any mode but every frame).
    pub fn selects(&self) -> bool {
        self.sampling != Sampling::All || self.start.is_some() || self.end.is_some()
    }

    /// `--at-file`'s times, in place of the (empty) `--at` list.
    pub fn with_at_file(mut self, file: Option<&Path>) -> Result<SplitOptions, Failure> {
        if let Some(file) = file {
            let text = std::fs::read(file).map_err(|e| {
                Failure::failed(format!("cannot read the --at-file {}: {e}", shown(file)))
            })?;
            self.sampling = Sampling::At(parse_at_file(&String::from_utf8_lossy(&text), file)?);
        }
        Ok(self)
    }
}

/// The times of an `--at-file`: one a line; blank lines and lines starting with `#` are
/// skipped. A line that is not a time is a usage error naming the file and the line.
pub fn parse_at_file(text: &str, file: &Path) -> Result<Vec<Timecode>, Failure> {
    let mut times = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let time = line.parse::<Timecode>().map_err(|said| {
            Failure::usage(format!("{} line {}: {said}", shown(file), number + 1))
                .hint("--at-file takes one time a line, in seconds (12.5) or [HH:]MM:SS[.frac]")
        })?;
        times.push(time);
    }
    if times.is_empty() {
        return Err(Failure::usage(format!("{} holds no times", shown(file)))
            .hint("--at-file takes one time a line, in seconds (12.5) or [HH:]MM:SS[.frac]"));
    }
    Ok(times)
}

/// `--scene`'s threshold: a number from 0 to 1.
pub fn scene_threshold(text: &str) -> Result<f64, String> {
    let invalid =
        || format!("'{text}' is not a scene threshold: use a number from 0 to 1, such as 0.3");
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(invalid());
    }
    let value: f64 = trimmed.parse().map_err(|_| invalid())?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(invalid())
    }
}

/// `--dedupe`'s threshold when none is given: a mean absolute difference of 2 levels of
/// 255. A held still shot's frames differ by less (compression noise: 0.1 to 1 in our test
/// videos), a slow pan by more.
pub const DEFAULT_DEDUPE: &str = "2";

/// `--dedupe`'s threshold: a mean absolute difference of luma levels, from 0 to 255.
pub fn dedupe_threshold(text: &str) -> Result<f64, String> {
    let invalid = || {
        format!(
            "'{text}' is not a --dedupe threshold: use a number from 0 to 255 (a mean \
             difference of luma levels), such as --dedupe=2"
        )
    };
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(invalid());
    }
    let value: f64 = trimmed.parse().map_err(|_| invalid())?;
    if (0.0..=255.0).contains(&value) {
        Ok(value)
    } else {
        Err(invalid())
    }
}

/// Seconds as messages show them: `3.960 s`.
pub struct Seconds(pub f64);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} s", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_options_are_usage_errors() {
        let o = SplitOptions {
            prefix: "a/b".into(),
            ..Default::default()
        };
        assert!(o.check().is_err());
        for sampling in [
            Sampling::Every(0),
            Sampling::Count(0),
            Sampling::At(Vec::new()),
        ] {
            let o = SplitOptions {
                sampling,
                ..Default::default()
            };
            assert!(o.check().is_err());
        }
        let o = SplitOptions {
            start: Some("5".parse().unwrap()),
            end: Some("5".parse().unwrap()),
            ..Default::default()
        };
        assert!(o.check().is_err());
        let o = SplitOptions {
            end: Some("0".parse().unwrap()),
            ..Default::default()
        };
        assert_eq!(
            o.check().unwrap_err().title,
            "--end 0 is not after the start of the video (0)"
        );
        let o = SplitOptions {
            digits: Some(0),
            ..Default::default()
        };
        assert!(o.check().is_err());
        assert!(SplitOptions::default().check().is_ok());
    }

    #[test]
    fn at_files_hold_one_time_a_line() {
        let file = Path::new("times.txt");
        let times = parse_at_file("\u{feff}1.5\n\n# a comment\n 0:02 \r\n3\n", file).unwrap();
        let seconds: Vec<f64> = times.iter().map(|t| t.seconds()).collect();
        assert_eq!(seconds, [1.5, 2.0, 3.0]);
        let error = parse_at_file("1\nabc\n", file).unwrap_err();
        assert!(error
            .title
            .starts_with("times.txt line 2: 'abc' is not a time"));
        assert_eq!(
            parse_at_file("\n# none\n", file).unwrap_err().title,
            "times.txt holds no times"
        );
    }

    #[test]
    fn dedupe_thresholds_run_from_0_to_255() {
        assert_eq!(dedupe_threshold(DEFAULT_DEDUPE), Ok(2.0));
        assert_eq!(dedupe_threshold("0"), Ok(0.0));
        assert_eq!(dedupe_threshold("12.5"), Ok(12.5));
        for bad in ["256", "-1", "", "abc", "nan", "1e2"] {
            assert!(dedupe_threshold(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sharpest_and_dedupe_go_with_the_modes_that_have_a_choice() {
        let with = |sampling: Sampling, sharpest: bool, dedupe: Option<f64>| SplitOptions {
            sampling,
            sharpest,
            dedupe,
            ..Default::default()
        };
        for good in [
            Sampling::Count(3),
            Sampling::Every(5),
            Sampling::Fps("1".parse().unwrap()),
        ] {
            assert!(with(good.clone(), true, None).check().is_ok());
            assert!(with(good, true, Some(2.0)).check().is_ok());
        }
        assert!(with(Sampling::All, false, Some(2.0)).check().is_ok());
        assert!(with(Sampling::Keyframes, false, Some(2.0)).check().is_ok());
        let title = |o: SplitOptions| o.check().unwrap_err().title;
        assert_eq!(
            title(with(Sampling::All, true, None)),
            "--sharpest needs --count, --every or --fps"
        );
        assert_eq!(
            title(with(Sampling::Keyframes, true, None)),
            "--sharpest cannot be used with --keyframes"
        );
        assert_eq!(
            title(with(Sampling::At(vec!["1".parse().unwrap()]), true, None)),
            "--sharpest cannot be used with --at"
        );
        assert_eq!(
            title(with(Sampling::Scene(0.3), false, Some(2.0))),
            "--dedupe cannot be used with --scene 0.3"
        );
    }

    #[test]
    fn scene_thresholds_run_from_0_to_1() {
        assert_eq!(scene_threshold("0.3"), Ok(0.3));
        assert_eq!(scene_threshold("1"), Ok(1.0));
        assert_eq!(scene_threshold("0"), Ok(0.0));
        for bad in ["1.5", "-0.1", "", "abc", "nan", "inf", "1e-3"] {
            assert!(scene_threshold(bad).is_err(), "{bad}");
        }
    }
}
