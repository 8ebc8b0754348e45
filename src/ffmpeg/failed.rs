//! Why ffmpeg did not succeed, told in words a message can use.

use std::process::ExitStatus;

/// Why ffmpeg did not succeed.
#[derive(Debug)]
pub struct FfmpegFailed {
    /// "exited with status 1", "was killed by signal 25 (SIGXFSZ)".
    pub how: String,
    /// The last lines ffmpeg wrote on stderr.
    pub tail: Vec<String>,
    /// How many stdin files had been written whole when the pipe broke.
    pub frames_fed: usize,
    /// The signal that killed ffmpeg, if one did.
    // Only unix reports the signal that ended a process.
    #[cfg_attr(not(unix), allow(dead_code))]
    pub signal: Option<i32>,
}

impl FfmpegFailed {
    /// How a run that ended with `status` failed.
    pub fn new(status: ExitStatus, tail: Vec<String>, frames_fed: usize) -> FfmpegFailed {
        FfmpegFailed {
            how: how_it_ended(status),
            tail,
            frames_fed,
            signal: terminating_signal(status),
        }
    }

    /// Whether ffmpeg could not write its output: a full disk or a file size limit.
    pub fn could_not_write(&self) -> bool {
        #[cfg(unix)]
        if self.signal == Some(libc::SIGXFSZ) {
            return true;
        }
        self.says("No space left on device") || self.says("File too large")
    }

    /// Whether ffmpeg failed only because the process reading its output was gone (a
    /// broken pipe): in a pipeline, that process's failure is the cause.
    pub fn lost_its_reader(&self) -> bool {
        #[cfg(unix)]
        if self.signal == Some(libc::SIGPIPE) {
            return true;
        }
        self.says("Broken pipe")
    }

    /// Whether `error` is a failed ffmpeg whose last lines hold `text`.
    pub fn said(error: &anyhow::Error, text: &str) -> bool {
        error
            .downcast_ref::<FfmpegFailed>()
            .is_some_and(|failed| failed.says(text))
    }

    /// Whether one of ffmpeg's last lines holds `text`.
    pub fn says(&self, text: &str) -> bool {
        self.tail.iter().any(|line| line.contains(text))
    }

    /// The lines a message shows: how ffmpeg ended, then what it said last (indented).
    pub fn details(&self) -> Vec<String> {
        let mut lines = Vec::with_capacity(self.tail.len() + 1);
        if self.tail.is_empty() {
            lines.push(format!("ffmpeg {} and printed nothing", self.how));
        } else {
            lines.push(format!("ffmpeg {}; its last words:", self.how));
            lines.extend(self.tail.iter().map(|line| format!("  {line}")));
        }
        lines
    }
}

impl std::fmt::Display for FfmpegFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.details().join("\n"))
    }
}

impl std::error::Error for FfmpegFailed {}

fn how_it_ended(status: ExitStatus) -> String {
    if let Some(signal) = terminating_signal(status) {
        return format!("was killed by signal {signal}{}", signal_name(signal));
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended abnormally".to_string(),
    }
}

#[cfg(unix)]
fn terminating_signal(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn terminating_signal(_status: ExitStatus) -> Option<i32> {
    None
}

#[cfg(unix)]
fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGINT => " (SIGINT)",
        libc::SIGTERM => " (SIGTERM)",
        libc::SIGKILL => " (SIGKILL, perhaps out of memory)",
        libc::SIGSEGV => " (SIGSEGV, a crash)",
        libc::SIGABRT => " (SIGABRT, a crash)",
        libc::SIGXFSZ => " (SIGXFSZ, the file size limit)",
        libc::SIGPIPE => " (SIGPIPE)",
        _ => "",
    }
}

#[cfg(not(unix))]
fn signal_name(_signal: i32) -> &'static str {
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_text_shows_how_and_the_tail() {
        let failed = FfmpegFailed {
            how: "exited with status 1".into(),
            tail: vec!["Unknown encoder 'nope'".into()],
            frames_fed: 0,
            signal: None,
        };
        assert_eq!(
            failed.details(),
            [
                "ffmpeg exited with status 1; its last words:",
                "  Unknown encoder 'nope'"
            ]
        );
        assert!(failed.says("encoder 'nope'"));
        assert!(!failed.could_not_write());
    }
}
