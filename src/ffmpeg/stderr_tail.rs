//! Keeping the last lines ffmpeg wrote on stderr, while draining all of it; for a run
//! logged with each line's level (`-loglevel repeat+level+info`), the error lines kept and
//! the info lines handed on as they come.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::Sender;

/// How many of ffmpeg's last stderr lines an error shows.
pub const TAIL_LINES: usize = 15;
/// Longest stderr line kept, in bytes; ffmpeg's are short, a broken binary's may not be.
const MAX_LINE: usize = 512;

/// Drains stderr so that ffmpeg never blocks on a full pipe, keeping the last lines.
pub fn keep_tail(stderr: impl Read) -> Vec<String> {
    let mut tail = Tail::default();
    for_each_line(stderr, |text| tail.push(text));
    tail.0.into()
}

/// A line of a levelled log that matters, as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    /// At info level: what a filter prints (`metadata=mode=print`), among ffmpeg's own.
    Info(String),
    /// At error level or worse: also kept in the tail.
    Error(String),
}

/// Drains the stderr of an ffmpeg run with `-loglevel repeat+level+info`: keeps the last
/// lines at error level or worse (as `-loglevel error` would have shown them), sends them
/// and each info line to `lines` as they come (their level's tag removed), in order, and
/// drops the rest.
pub fn keep_errors_sending_info(stderr: impl Read, lines: Sender<Logged>) -> Vec<String> {
    let mut tail = Tail::default();
    for_each_line(stderr, |text| match split_level(text) {
        Some(("info", line)) => {
            let _ = lines.send(Logged::Info(line));
        }
        Some(("panic" | "fatal" | "error", line)) => {
            tail.push(&line);
            let _ = lines.send(Logged::Error(line));
        }
        Some(_) => {}
        // No level tag: printed around ffmpeg's logger (rare); kept as an error.
        None => {
            tail.push(text);
            let _ = lines.send(Logged::Error(text.to_string()));
        }
    });
    tail.0.into()
}

/// A line of a levelled log, `[ctx @ 0x1] [error] message`: its level, and the line
/// without the level's tag (`[ctx @ 0x1] message`, as `-loglevel error` prints it).
fn split_level(line: &str) -> Option<(&str, String)> {
    const LEVELS: [&str; 9] = [
        "quiet", "panic", "fatal", "error", "warning", "info", "verbose", "debug", "trace",
    ];
    let mut rest = line;
    let mut at = 0;
    while let Some(tag) = rest.strip_prefix('[') {
        let end = tag.find(']')?;
        let name = &tag[..end];
        if let Some(level) = LEVELS.iter().find(|level| **level == name) {
            let after = tag[end + 1..].strip_prefix(' ').unwrap_or(&tag[end + 1..]);
            return Some((level, format!("{}{after}", &line[..at])));
        }
        let skipped = 1 + end + 1;
        let skipped = skipped + usize::from(rest[skipped..].starts_with(' '));
        at += skipped;
        rest = &rest[skipped..];
    }
    None
}

/// The last [`TAIL_LINES`] lines.
#[derive(Default)]
struct Tail(VecDeque<String>);

impl Tail {
    fn push(&mut self, text: &str) {
        if self.0.len() == TAIL_LINES {
            self.0.pop_front();
        }
        self.0.push_back(text.to_string());
    }
}

/// Reads every line of `stderr`, each cut to [`MAX_LINE`] bytes, blank ones skipped, and
/// of a line ffmpeg redrew with `\r` what was drawn last.
fn for_each_line(stderr: impl Read, mut each: impl FnMut(&str)) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    loop {
        line.clear();
        // Read at most MAX_LINE bytes of each line, then skip to its end.
        match (&mut reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if !line.ends_with(b"\n") && line.len() == MAX_LINE {
            let mut rest = Vec::new();
            if reader.read_until(b'\n', &mut rest).is_err() {
                break;
            }
        }
        let text = String::from_utf8_lossy(&line);
        // ffmpeg redraws some lines with \r; keep what was drawn last.
        let text = text.trim_end().rsplit('\r').next().unwrap_or("").trim_end();
        if text.is_empty() {
            continue;
        }
        each(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_stderr_bytes_are_drained(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..4096)) {
            let tail = keep_tail(bytes.as_slice());
            proptest::prop_assert!(tail.len() <= TAIL_LINES);
            proptest::prop_assert!(tail.iter().all(|line| line.len() <= MAX_LINE * 3));
        }
    }

    #[test]
    fn tail_keeps_the_last_lines_and_bounds_them() {
        let mut input = String::new();
        for i in 0..100 {
            input.push_str(&format!("line {i}\n"));
        }
        input.push_str(&"x".repeat(10_000));
        input.push_str("\nprogress\rfinal\n");
        let tail = keep_tail(input.as_bytes());
        assert_eq!(tail.len(), TAIL_LINES);
        assert_eq!(tail.last().unwrap(), "final");
        assert_eq!(tail[tail.len() - 2].len(), MAX_LINE);
        assert_eq!(tail[0], format!("line {}", 100 - TAIL_LINES + 2));
    }

    #[test]
    fn a_levelled_log_keeps_errors_and_hands_on_info() {
        let log = "[info] Input #0, mov,mp4, from 'a.mp4':\n\
                   [Parsed_metadata_2 @ 0x7f30] [info] frame:0    pts:0       pts_time:0\n\
                   [h264 @ 0x55] [warning] not shown\n\
                   [h264 @ 0x55] [error] error while decoding MB 3 4\n\
                   [fatal] Conversion failed!\n\
                   no tag at all\n";
        let (sender, received) = std::sync::mpsc::channel();
        let tail = keep_errors_sending_info(log.as_bytes(), sender);
        assert_eq!(
            tail,
            [
                "[h264 @ 0x55] error while decoding MB 3 4",
                "Conversion failed!",
                "no tag at all"
            ]
        );
        let info: Vec<Logged> = received.try_iter().collect();
        assert_eq!(info.len(), 5);
        assert_eq!(
            info[..2],
            [
                Logged::Info("Input #0, mov,mp4, from 'a.mp4':".into()),
                Logged::Info(
                    "[Parsed_metadata_2 @ 0x7f30] frame:0    pts:0       pts_time:0".into()
                )
            ]
        );
        assert_eq!(info[4], Logged::Error("no tag at all".into()));
    }
}
