//! ffmpeg's `-progress` output (`key=value` lines on a pipe), read line by line.

/// One fact from a `-progress` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// `frame=N`: frames handed to the encoder so far.
    Frame(u64),
    /// `out_time_us=N`: the time written to the output so far, in microseconds (ffmpeg also
    /// prints it as `out_time_ms`, mislabelled: that too is in microseconds).
    OutTime(u64),
    /// `progress=end`: ffmpeg is done.
    End,
}

/// Reads one line of `-progress` output (`key=value`). Anything else, including malformed
/// or out-of-range values, is ignored: progress is informative, never trusted for results.
pub fn parse_line(line: &str) -> Option<Update> {
    let (key, value) = line.trim().split_once('=')?;
    match key {
        "frame" => value.trim().parse().ok().map(Update::Frame),
        "out_time_us" => value.trim().parse().ok().map(Update::OutTime),
        "progress" if value.trim() == "end" => Some(Update::End),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_frames_and_end() {
        assert_eq!(parse_line("frame=42"), Some(Update::Frame(42)));
        assert_eq!(parse_line("frame= 7 \n"), Some(Update::Frame(7)));
        assert_eq!(parse_line("progress=end"), Some(Update::End));
        assert_eq!(parse_line("progress=continue"), None);
        assert_eq!(parse_line("out_time_us=1000"), Some(Update::OutTime(1000)));
        assert_eq!(parse_line("out_time_us=N/A"), None);
        assert_eq!(parse_line("out_time_ms=1000"), None);
    }

    #[test]
    fn malformed_lines_are_ignored() {
        for line in [
            "",
            "=",
            "frame",
            "frame=",
            "frame=-1",
            "frame=x",
            "frame=99999999999999999999999",
        ] {
            assert_eq!(parse_line(line), None, "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_is_ignored(line in "\\PC*") {
            let _ = parse_line(&line);
        }

        #[test]
        fn frame_counts_round_trip(n in proptest::num::u64::ANY) {
            proptest::prop_assert_eq!(parse_line(&format!("frame={n}")), Some(Update::Frame(n)));
        }
    }
}
