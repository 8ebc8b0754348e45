//! framekit's own error, `Failure`, the one table of exit codes, and the one renderer of
//! every error message.
//!
//! A `Failure` is what the user reads: a title, details (one line each), hints (the next
//! step), and whether nothing was written. Other errors (I/O with context) travel as
//! `anyhow::Error` and exit 1; a `Failure` anywhere in the chain decides the exit code.

use std::fmt;

use crate::term::style::Style;

/// Exit codes: `--help`'s list and docs/scripting.md's table are both made from `TABLE`.
pub mod exit {
    /// The job finished.
    pub const SUCCESS: i32 = 0;
    /// Validation, ffmpeg or I/O failure.
    pub const FAILURE: i32 = 1;
    /// The command line was wrong.
    pub const USAGE: i32 = 2;
    /// No ffmpeg could be found (or no ffprobe, where one is needed).
    pub const FFMPEG_NOT_FOUND: i32 = 127;
    /// Interrupted by SIGINT (Ctrl-C).
    pub const SIGINT: i32 = 130;
    /// Stopped by SIGTERM.
    pub const SIGTERM: i32 = 143;

    /// Every exit code and what it means.
    pub const TABLE: [(i32, &str); 6] = [
        (SUCCESS, "success"),
        (
            FAILURE,
            "failure: bad frames or video, ffmpeg failed, I/O error (nothing is written)",
        ),
        (USAGE, "usage error: bad or conflicting arguments"),
        (
            FFMPEG_NOT_FOUND,
            "ffmpeg not found (or ffprobe, where it is needed)",
        ),
        (SIGINT, "interrupted by SIGINT (Ctrl-C)"),
        (SIGTERM, "stopped by SIGTERM"),
    ];

    /// The `Exit codes:` section of `--help`.
    pub fn help_text() -> String {
        let mut text = String::from("Exit codes:");
        for (code, meaning) in TABLE {
            text.push_str(&format!("\n  {code:<4} {meaning}"));
        }
        text
    }
}

/// What kind of failure an error is, which fixes the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Validation, ffmpeg or I/O failure (exit 1).
    Failed,
    /// A bad combination of arguments (exit 2).
    Usage,
    /// No ffmpeg binary (exit 127).
    FfmpegNotFound,
    /// A signal asked framekit to stop; carries the exit code (130 or 143).
    Interrupted(i32),
}

/// An error as the user reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: Kind,
    /// One line: what went wrong, naming the file.
    pub title: String,
    /// Lines under the title: the offending frames, what ffmpeg said.
    pub details: Vec<String>,
    /// The next steps, each a `hint:` line.
    pub hints: Vec<String>,
    /// The run stopped before it wrote anything; the renderer says so.
    pub nothing_written: bool,
}

impl Failure {
    pub fn new(kind: Kind, title: impl Into<String>) -> Self {
        Failure {
            kind,
            title: title.into(),
            details: Vec::new(),
            hints: Vec::new(),
            nothing_written: false,
        }
    }

    /// A validation, ffmpeg or I/O failure (exit 1).
    pub fn failed(title: impl Into<String>) -> Self {
        Self::new(Kind::Failed, title)
    }

    /// A usage error (exit 2).
    pub fn usage(title: impl Into<String>) -> Self {
        Self::new(Kind::Usage, title)
    }

    /// Lines under the title.
    pub fn details(mut self, lines: impl IntoIterator<Item = String>) -> Self {
        self.details.extend(lines);
        self
    }

    /// The next step the user should take.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Says that the run wrote nothing (no file made, none replaced).
    pub fn nothing_written(mut self) -> Self {
        self.nothing_written = true;
        self
    }

    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::Failed => exit::FAILURE,
            Kind::Usage => exit::USAGE,
            Kind::FfmpegNotFound => exit::FFMPEG_NOT_FOUND,
            Kind::Interrupted(code) => code,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)?;
        if self.nothing_written {
            f.write_str("; nothing was written")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// The exit code for any error: the innermost `Failure`'s, else 1.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    find_failure(error).map_or(exit::FAILURE, Failure::exit_code)
}

/// Whether the error is a signal's interrupt, which must pass through unexplained.
pub fn is_interrupt(error: &anyhow::Error) -> bool {
    matches!(
        find_failure(error),
        Some(Failure {
            kind: Kind::Interrupted(_),
            ..
        })
    )
}

fn find_failure(error: &anyhow::Error) -> Option<&Failure> {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Failure>())
}

/// Renders an error for stderr: `error: TITLE` (with the causes around a `Failure`), its
/// details indented below, then a `hint:` line for each hint.
pub fn render(error: &anyhow::Error, style: &Style) -> String {
    let failure = find_failure(error);
    if let Some(Failure {
        kind: Kind::Interrupted(code),
        ..
    }) = failure
    {
        let what = if *code == exit::SIGTERM {
            "terminated"
        } else {
            "interrupted"
        };
        return format!("{} {what}; nothing was written\n", style.error("framekit:"));
    }
    let mut text = format!("{} {error:#}\n", style.error("error:"));
    if let Some(failure) = failure {
        for line in &failure.details {
            text.push_str(&format!("  {line}\n"));
        }
        for hint in &failure.hints {
            text.push_str(&format!("{} {hint}\n", style.hint("hint:")));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn exit_code_comes_from_the_failure_inside_context() {
        let error = Err::<(), _>(Failure::usage("bad"))
            .context("while planning")
            .unwrap_err();
        assert_eq!(exit_code(&error), exit::USAGE);
    }

    #[test]
    fn plain_errors_exit_one() {
        assert_eq!(exit_code(&anyhow::anyhow!("boom")), exit::FAILURE);
    }

    #[test]
    fn render_shows_cause_and_hint() {
        let error =
            anyhow::Error::new(Failure::failed("movie.mp4 already exists").hint("pass --force"));
        let text = render(&error, &Style::plain());
        assert_eq!(
            text,
            "error: movie.mp4 already exists\nhint: pass --force\n"
        );
    }

    #[test]
    fn render_lays_out_details_and_says_nothing_was_written_once() {
        let failure = Failure::failed("2 of 3 frame(s) cannot be used")
            .nothing_written()
            .details(["a.png is empty".to_string(), "b.png is empty".to_string()])
            .hint("fix them")
            .hint("or choose others");
        let text = render(&anyhow::Error::new(failure), &Style::plain());
        assert_eq!(
            text,
            "error: 2 of 3 frame(s) cannot be used; nothing was written\n  a.png is empty\n  \
             b.png is empty\nhint: fix them\nhint: or choose others\n"
        );
    }

    #[test]
    fn help_lists_every_exit_code() {
        let text = exit::help_text();
        for (code, meaning) in exit::TABLE {
            assert!(text.contains(&format!("  {code:<4} {meaning}")), "{text}");
        }
    }
}
