//! Times as users write them: `12.5` seconds, or `[HH:]MM:SS[.frac]`.

use std::fmt;
use std::str::FromStr;

/// A point in a video, in whole microseconds (ffmpeg's own time unit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timecode {
    micros: u64,
}

/// Longer than any real video (about 31 years), and far from overflowing.
const MAX_SECONDS: u64 = 1_000_000_000;

impl Timecode {
    pub fn seconds(self) -> f64 {
        self.micros as f64 / 1e6
    }

    pub fn micros(self) -> u64 {
        self.micros
    }
}

/// As ffmpeg reads it: seconds with up to six decimals.
impl fmt::Display for Timecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.micros / 1_000_000, self.micros % 1_000_000);
        if fraction == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{fraction:06}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl FromStr for Timecode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            format!("'{text}' is not a time; use seconds (12.5) or [HH:]MM:SS[.frac] (1:02:03.5)")
        };
        let text = text.trim();
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 {
            return Err(invalid());
        }
        let (last, leading) = parts.split_last().ok_or_else(invalid)?;
        let mut seconds: u64 = 0;
        for part in leading {
            if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            let value: u64 = part.parse().map_err(|_| invalid())?;
            seconds = seconds
                .checked_mul(60)
                .and_then(|s| s.checked_add(value))
                .ok_or_else(invalid)?;
        }
        let (whole, fraction) = last.split_once('.').unwrap_or((last, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty())
            || !digits_only(whole)
            || !digits_only(fraction)
            || whole.len() > 10
            || fraction.len() > 6
        {
            return Err(invalid());
        }
        let whole: u64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| invalid())?
        };
        if !leading.is_empty() && whole >= 60 {
            return Err(format!(
                "'{text}' has {whole} seconds; past a colon, seconds run 0-59"
            ));
        }
        let seconds = seconds.checked_mul(60).and_then(|s| s.checked_add(whole));
        let seconds = seconds.filter(|s| *s <= MAX_SECONDS).ok_or_else(invalid)?;
        let fraction_micros: u64 = format!("{fraction:0<6}").parse().map_err(|_| invalid())?;
        Ok(Timecode {
            micros: seconds * 1_000_000 + fraction_micros,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Timecode {
        text.parse().unwrap()
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_time_or_an_error(text in "\\PC*") {
            if let Ok(time) = text.parse::<Timecode>() {
                proptest::prop_assert_eq!(time.to_string().parse::<Timecode>(), Ok(time));
            }
        }
    }

    #[test]
    fn reads_seconds_and_clock_times() {
        assert_eq!(t("12.5").seconds(), 12.5);
        assert_eq!(t("0").seconds(), 0.0);
        assert_eq!(t(".25").seconds(), 0.25);
        assert_eq!(t("1:30").seconds(), 90.0);
        assert_eq!(t("01:02:03.5").seconds(), 3723.5);
        assert_eq!(t("0:00:00.000001").seconds(), 0.000001);
        assert_eq!(t("90").seconds(), 90.0);
    }

    #[test]
    fn prints_as_ffmpeg_seconds() {
        assert_eq!(t("1:30").to_string(), "90");
        assert_eq!(t("1.250").to_string(), "1.25");
        assert_eq!(t("0.000001").to_string(), "0.000001");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            ":",
            "1:",
            ":5",
            "1:60",
            "a",
            "-1",
            "1e3",
            "1:2:3:4",
            "1.2.3",
            "1.1234567",
            "5s",
            "99999999999999999999",
        ] {
            assert!(bad.parse::<Timecode>().is_err(), "{bad:?}");
        }
    }
}
