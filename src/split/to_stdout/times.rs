//! Each frame's time, from ffmpeg's log: `metadata=mode=print` logs a `frame:N pts:P` line
//! for every frame that passes it, before the frame reaches the encoder, so a frame's time
//! is on stderr before its pixels are on stdout. The lines come through the supervisor's
//! stderr reader (`Logged`), in order, errors among them.

use std::sync::mpsc::Receiver;

use crate::ffmpeg::stderr_tail::Logged;
use crate::split::manifest::parse_timestamps;

/// The time lines of one ffmpeg run, read as the frames come.
pub struct Times {
    lines: Receiver<Logged>,
    /// The error lines ffmpeg logged so far.
    pub errors: Vec<String>,
}

impl Times {
    pub fn new(lines: Receiver<Logged>) -> Times {
        Times {
            lines,
            errors: Vec::new(),
        }
    }

    /// The next frame's time (µs from where ffmpeg started reading), waiting for it:
    /// `Some(None)` when ffmpeg has none for it (NOPTS), `None` when ffmpeg's log ended
    /// first.
    pub fn next(&mut self) -> Option<Option<i64>> {
        loop {
            match self.lines.recv().ok()? {
                Logged::Info(line) => {
                    if let Some(time) = frame_time(&line) {
                        return Some(time);
                    }
                }
                Logged::Error(line) => self.errors.push(line),
            }
        }
    }
}

/// The time on a line the metadata filter logged (`[Parsed_metadata_3 @ 0x1] frame:7
/// pts:280000 pts_time:0.28`), None for any other line.
fn frame_time(line: &str) -> Option<Option<i64>> {
    let rest = line.strip_prefix("[Parsed_metadata_")?;
    let (_, said) = rest.split_once("] ")?;
    let said = said.trim_start();
    if !said.starts_with("frame:") {
        return None;
    }
    parse_timestamps(said).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_metadata_filters_frame_lines_give_times() {
        let line = "[Parsed_metadata_2 @ 0x7f30] frame:12   pts:480000  pts_time:0.48";
        assert_eq!(frame_time(line), Some(Some(480_000)));
        let none = "[Parsed_metadata_4 @ 0x1] frame:3 pts:NOPTS pts_time:NOPTS";
        assert_eq!(frame_time(none), Some(None));
        for other in [
            "[Parsed_metadata_2 @ 0x7f30] framekit=1",
            "[Parsed_metadata_4 @ 0x1] lavfi.signalstats.YMIN=16",
            "Input #0, mov,mp4, from 'frame:1 pts:4':",
            "frame=   50 fps=0.0 q=-0.0 Lsize=11250KiB",
        ] {
            assert_eq!(frame_time(other), None, "{other}");
        }
    }

    #[test]
    fn errors_between_times_are_kept_and_the_end_is_seen() {
        let (sender, lines) = std::sync::mpsc::channel();
        for line in [
            Logged::Info("[Parsed_metadata_2 @ 0x1] frame:0 pts:0 pts_time:0".into()),
            Logged::Error("[h264 @ 0x2] error while decoding".into()),
            Logged::Info("[Parsed_metadata_2 @ 0x1] framekit=1".into()),
            Logged::Info("[Parsed_metadata_2 @ 0x1] frame:1 pts:40000 pts_time:0.04".into()),
        ] {
            sender.send(line).unwrap();
        }
        drop(sender);
        let mut times = Times::new(lines);
        assert_eq!(times.next(), Some(Some(0)));
        assert_eq!(times.next(), Some(Some(40_000)));
        assert_eq!(times.errors, ["[h264 @ 0x2] error while decoding"]);
        assert_eq!(times.next(), None);
    }
}
