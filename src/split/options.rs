//! What `split` is asked for, in framekit's own types.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::cli::frame_rate::FrameRate;
use crate::cli::timecode::Timecode;
use crate::error::Failure;
use crate::pipeline::Common;

/// The widest number framekit writes (u64 has 20 digits; nobody has 10^18 frames).
const MAX_DIGITS: u8 = 18;

/// One `framekit split` run.
#[derive(Debug)]
pub struct SplitRequest {
    pub video: PathBuf,
    pub out_dir: PathBuf,
    /// Also write `frames.csv`.
    pub manifest: bool,
    pub options: SplitOptions,
    pub common: Common,
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

/// How to split: which frames, and how to write them.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    pub prefix: String,
    pub digits: Option<u8>,
    pub format: ImageFormat,
    pub fps: Option<FrameRate>,
    pub every: Option<u64>,
    pub start: Option<Timecode>,
    pub end: Option<Timecode>,
    pub fast: bool,
    /// Write what decodes from a damaged video, warning, instead of failing.
    pub allow_damaged: bool,
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
        if self.every == Some(0) {
            return Err(Failure::usage("--every must be 1 or more"));
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
        Ok(())
    }

    /// Whether some frames are left out (a time range, a rate, every Nth).
    pub fn selects(&self) -> bool {
        self.fps.is_some()
            || self.every.is_some_and(|n| n > 1)
            || self.start.is_some()
            || self.end.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> SplitOptions {
        SplitOptions {
            prefix: "img_".into(),
            digits: None,
            format: ImageFormat::Png,
            fps: None,
            every: None,
            start: None,
            end: None,
            fast: false,
            allow_damaged: false,
        }
    }

    #[test]
    fn impossible_options_are_usage_errors() {
        let mut o = options();
        o.prefix = "a/b".into();
        assert!(o.check().is_err());
        let mut o = options();
        o.every = Some(0);
        assert!(o.check().is_err());
        let mut o = options();
        o.start = Some("5".parse().unwrap());
        o.end = Some("5".parse().unwrap());
        assert!(o.check().is_err());
        let mut o = options();
        o.end = Some("0".parse().unwrap());
        assert_eq!(
            o.check().unwrap_err().title,
            "--end 0 is not after the start of the video (0)"
        );
        let mut o = options();
        o.digits = Some(0);
        assert!(o.check().is_err());
        assert!(options().check().is_ok());
    }
}
