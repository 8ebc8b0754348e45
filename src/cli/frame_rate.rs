//! Frame rates as users write them: `25`, `29.97`, `30000/1001`.

use std::fmt;
use std::str::FromStr;

/// A positive frame rate, kept as the user wrote it (for ffmpeg and the printed command)
/// and as an exact fraction (for durations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameRate {
    text: String,
    numerator: u64,
    denominator: u64,
}

/// Above this, a "frame rate" is almost certainly a typo (and GIF players clamp far below it).
const MAX_FPS: u64 = 1000;

impl FrameRate {
    /// The rate as a fraction: (numerator, denominator) frames a second.
    pub fn fraction(&self) -> (u64, u64) {
        (self.numerator, self.denominator)
    }

    pub fn as_f64(&self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    /// This rate divided by `divisor` (every `divisor`-th frame kept, each shown as long).
    pub fn divided(&self, divisor: u64) -> FrameRate {
        let denominator = self.denominator * divisor;
        let common = gcd(self.numerator, denominator);
        let (numerator, denominator) = (self.numerator / common, denominator / common);
        let text = match denominator {
            1 => numerator.to_string(),
            _ => format!("{numerator}/{denominator}"),
        };
        FrameRate {
            text,
            numerator,
            denominator,
        }
    }

    /// When frame `frame` starts at this rate, in whole microseconds rounded down (never
    /// after the frame's exact time).
    pub fn start_micros(&self, frame: u64) -> u64 {
        let micros = u128::from(frame) * 1_000_000 * u128::from(self.denominator)
            / u128::from(self.numerator.max(1));
        u64::try_from(micros).unwrap_or(u64::MAX)
    }

    /// The duration of `frames` frames at this rate, in seconds.
    pub fn seconds_for(&self, frames: u64) -> f64 {
        frames as f64 * self.denominator as f64 / self.numerator as f64
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for FrameRate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid =
            || format!("'{text}' is not a frame rate; use a number like 25, 29.97 or 30000/1001");
        let text = text.trim();
        let (numerator, denominator) = match text.split_once('/') {
            Some((n, d)) => (
                parse_whole(n).ok_or_else(invalid)?,
                parse_whole(d).ok_or_else(invalid)?,
            ),
            None => parse_decimal(text).ok_or_else(invalid)?,
        };
        if numerator == 0 || denominator == 0 {
            return Err(format!("the frame rate must be above 0, not '{text}'"));
        }
        if numerator > MAX_FPS.saturating_mul(denominator) {
            return Err(format!(
                "the frame rate '{text}' is above the maximum of {MAX_FPS}"
            ));
        }
        Ok(FrameRate {
            text: text.to_string(),
            numerator,
            denominator,
        })
    }
}

fn parse_whole(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `29.97` -> 2997/100. At most 9 decimals, so the fraction stays exact.
fn parse_decimal(text: &str) -> Option<(u64, u64)> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 9 || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let numerator = parse_whole(&digits)?;
    Some((numerator, 10u64.pow(fraction.len() as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> FrameRate {
        text.parse().unwrap()
    }

    #[test]
    fn a_rate_divided_keeps_its_exact_fraction() {
        assert_eq!(rate("25").divided(2), rate("25/2"));
        assert_eq!(rate("24").divided(2), rate("12"));
        assert_eq!(rate("30000/1001").divided(2).as_f64(), 15000.0 / 1001.0);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_rate_or_an_error(text in "\\PC*") {
            if let Ok(rate) = text.parse::<FrameRate>() {
                proptest::prop_assert!(rate.as_f64() > 0.0 && rate.as_f64() <= MAX_FPS as f64);
            }
        }
    }

    #[test]
    fn accepts_integers_decimals_and_fractions() {
        assert_eq!(rate("25").as_f64(), 25.0);
        assert_eq!(rate("29.97").as_f64(), 29.97);
        assert!((rate("30000/1001").as_f64() - 29.97002997).abs() < 1e-8);
        assert_eq!(rate(".5").as_f64(), 0.5);
        assert_eq!(rate("30000/1001").to_string(), "30000/1001");
    }

    #[test]
    fn durations_are_exact_fractions() {
        assert_eq!(rate("25").seconds_for(50), 2.0);
        assert!((rate("30000/1001").seconds_for(30000) - 1001.0).abs() < 1e-9);
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "", "0", "0/1", "1/0", "-5", "abc", "1e3", "25fps", "1/2/3", ".", "5000", "nan",
        ] {
            assert!(
                bad.parse::<FrameRate>().is_err(),
                "{bad:?} should be rejected"
            );
        }
    }
}
