//! Time as split and stitch count it: whole microseconds (ffmpeg's own unit), from seconds
//! rounded to the nearest microsecond, in this one place.

/// Seconds as whole microseconds, to the nearest; a time before 0 stays negative (split: a
/// frame's time from the start of the video, the range asked for).
pub fn micros(seconds: f64) -> i64 {
    rounded(seconds) as i64
}

/// Seconds as whole microseconds, to the nearest; a time before 0 is 0 (stitch: a frame's
/// start in a timeline, which starts at 0).
pub fn nonnegative_micros(seconds: f64) -> u64 {
    rounded(seconds).max(0.0) as u64
}

/// Seconds in microseconds, rounded to the nearest one.
fn rounded(seconds: f64) -> f64 {
    (seconds * 1e6).round()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_to_the_nearest_microsecond() {
        assert_eq!(micros(1.5), 1_500_000);
        assert_eq!(micros(0.000_000_5), 1);
        assert_eq!(micros(-0.04), -40_000);
        assert_eq!(nonnegative_micros(0.033_333_4), 33_333);
        assert_eq!(nonnegative_micros(-0.04), 0);
        // Every time `[HH:]MM:SS[.frac]` can say comes back as the microseconds it said.
        for text in ["0", "0.000001", "12.5", "59:59.999999", "999999999.999999"] {
            let t: crate::cli::timecode::Timecode = text.parse().unwrap();
            assert_eq!(micros(t.seconds()), t.micros() as i64, "{text}");
        }
    }
}
