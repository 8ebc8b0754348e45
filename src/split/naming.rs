//! How `split` names frames: `<prefix><number>.<ext>`, numbers from 1, zero-padded wide
//! enough that the names sort in frame order. Decided once, widened after the run.

use std::ffi::OsStr;

use crate::error::Failure;
use crate::split::options::SplitOptions;

/// Frame numbers have at least this many digits, so that a later, longer split of the same
/// kind of video still sorts like a short one.
pub const MIN_DIGITS: usize = 5;
/// Staged frames are numbered this wide, then renamed to their final width.
const STAGED_DIGITS: usize = 12;

/// How frames are named: `<prefix><number>.<ext>`, numbers from 1, zero-padded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    pub prefix: String,
    pub digits: usize,
    pub extension: &'static str,
}

impl Naming {
    /// The names for a video of about `frames` frames (enough digits for them), or exactly
    /// `--digits` wide.
    pub fn new(options: &SplitOptions, frames: Option<u64>) -> Naming {
        let digits = match options.digits {
            Some(digits) => digits as usize,
            None => digits_for(frames.unwrap_or(0)),
        };
        Naming {
            prefix: options.prefix.clone(),
            digits,
            extension: options.format.extension(),
        }
    }

    /// The names frames are staged under: no prefix, wide enough for any count, so that
    /// ffmpeg's numbering never outgrows them; renamed to the final names at the end.
    pub fn staged(&self) -> Naming {
        Naming {
            prefix: String::new(),
            digits: STAGED_DIGITS,
            extension: self.extension,
        }
    }

    /// The final names, once `written` frames exist: wide enough for all of them (so that
    /// they sort in frame order), or exactly `--digits`, which must then be wide enough.
    pub fn widened_for(&self, written: u64, forced: Option<u8>) -> Result<Naming, Failure> {
        let needed = written.to_string().len();
        let digits = match forced {
            Some(digits) if (digits as usize) < needed => {
                return Err(Failure::usage(format!(
                    "--digits {digits} is too narrow for {written} frames: names would not \
                     sort in frame order"
                ))
                .nothing_written()
                .hint(format!("use --digits {needed} or more, or leave it out")))
            }
            Some(digits) => digits as usize,
            None => digits_for(written).max(self.digits),
        };
        Ok(Naming {
            digits,
            ..self.clone()
        })
    }

    pub fn file_name(&self, number: u64) -> String {
        format!(
            "{}{number:0width$}.{}",
            self.prefix,
            self.extension,
            width = self.digits
        )
    }

    /// ffmpeg's image2 pattern: `%` in the prefix doubled, then `%05d`.
    pub fn ffmpeg_pattern(&self) -> String {
        format!(
            "{}%0{}d.{}",
            self.prefix.replace('%', "%%"),
            self.digits,
            self.extension
        )
    }

    /// Whether an existing file belongs to this naming: the prefix, digits, the extension.
    /// Such files are what a run would write, so they are never silently replaced.
    pub fn claims(&self, name: &OsStr) -> bool {
        let Some(name) = name.to_str() else {
            return false;
        };
        let Some(rest) = name.strip_prefix(self.prefix.as_str()) else {
            return false;
        };
        let Some(number) = rest
            .strip_suffix(self.extension)
            .and_then(|r| r.strip_suffix('.'))
        else {
            return false;
        };
        !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
    }
}

/// At least `MIN_DIGITS`, and enough for `frames`.
pub fn digits_for(frames: u64) -> usize {
    frames.to_string().len().max(MIN_DIGITS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::options::{ImageFormat, SplitOptions};

    fn options() -> SplitOptions {
        SplitOptions {
            format: ImageFormat::Png,
            ..Default::default()
        }
    }

    #[test]
    fn names_sort_in_frame_order_past_99999() {
        let naming = Naming::new(&options(), Some(150_000));
        assert_eq!(naming.digits, 6);
        assert_eq!(naming.file_name(7), "img_000007.png");
        assert!(naming.file_name(99_999) < naming.file_name(100_000));
        assert_eq!(
            Naming::new(&options(), Some(80)).file_name(1),
            "img_00001.png"
        );
        let mut o = options();
        o.digits = Some(3);
        assert_eq!(Naming::new(&o, Some(80)).ffmpeg_pattern(), "img_%03d.png");
    }

    #[test]
    fn percent_signs_are_literal_in_patterns() {
        let mut o = options();
        o.prefix = "100%_".into();
        assert_eq!(Naming::new(&o, None).ffmpeg_pattern(), "100%%_%05d.png");
    }

    #[test]
    fn claims_only_files_of_this_naming() {
        let naming = Naming::new(&options(), Some(10));
        assert!(naming.claims(OsStr::new("img_00001.png")));
        assert!(naming.claims(OsStr::new("img_1234567.png")));
        for other in [
            "img_.png",
            "img_0001.jpg",
            "img_01a.png",
            "frames.csv",
            "xmg_00001.png",
            "img_00001.png.bak",
        ] {
            assert!(!naming.claims(OsStr::new(other)), "{other}");
        }
    }

    #[test]
    fn names_widen_for_what_was_written_unless_forced() {
        let naming = Naming {
            prefix: "img_".into(),
            digits: 5,
            extension: "png",
        };
        assert_eq!(naming.widened_for(80, None).unwrap().digits, 5);
        assert_eq!(naming.widened_for(123_456, None).unwrap().digits, 6);
        assert_eq!(naming.widened_for(80, Some(2)).unwrap().digits, 2);
        assert!(naming.widened_for(100, Some(2)).is_err());
    }
}
