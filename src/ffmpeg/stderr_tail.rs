//! Keeping the last lines ffmpeg wrote on stderr, while draining all of it.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};

/// How many of ffmpeg's last stderr lines an error shows.
pub const TAIL_LINES: usize = 15;
/// Longest stderr line kept, in bytes; ffmpeg's are short, a broken binary's may not be.
const MAX_LINE: usize = 512;

/// Drains stderr so that ffmpeg never blocks on a full pipe, keeping the last lines.
pub fn keep_tail(stderr: impl Read) -> Vec<String> {
    let mut tail = VecDeque::with_capacity(TAIL_LINES);
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
        if tail.len() == TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(text.to_string());
    }
    tail.into()
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
}
