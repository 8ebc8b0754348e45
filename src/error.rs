//! The few error kinds that decide framekit's exit code, and how errors are shown.
//!
//! Everything else is an `anyhow::Error` with context; it exits 1.

use std::fmt;

/// Exit codes, documented in README and `--help`.
pub mod exit {
    /// The job finished.
    pub const SUCCESS: i32 = 0;
    /// Validation, ffmpeg or I/O failure.
    pub const FAILURE: i32 = 1;
    /// The command line was wrong.
    pub const USAGE: i32 = 2;
    /// No ffmpeg could be found.
    pub const FFMPEG_NOT_FOUND: i32 = 127;
    /// Interrupted by SIGINT (Ctrl-C).
    pub const SIGINT: i32 = 130;
    /// Stopped by SIGTERM.
    pub const SIGTERM: i32 = 143;
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

/// An error that carries its exit code and, optionally, the next step for the user.
#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// A validation, ffmpeg or I/O failure (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        Self::new(Kind::Failed, message)
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// Adds the next step the user should take.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The exit code for any error: the innermost `Failure`'s, else 1.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    find_failure(error).map_or(exit::FAILURE, Failure::exit_code)
}

fn find_failure(error: &anyhow::Error) -> Option<&Failure> {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Failure>())
}

/// Renders an error for stderr: `error: ...` with its causes, then `hint: ...`.
pub fn render(error: &anyhow::Error, style: &crate::style::Style) -> String {
    if let Some(Failure {
        kind: Kind::Interrupted(code),
        ..
    }) = find_failure(error)
    {
        let what = if *code == exit::SIGTERM {
            "terminated"
        } else {
            "interrupted"
        };
        return format!("{} {what}; nothing was written\n", style.error("framekit:"));
    }
    let mut text = format!("{} {error:#}\n", style.error("error:"));
    if let Some(hint) = find_failure(error).and_then(|f| f.hint.as_deref()) {
        text.push_str(&format!("{} {hint}\n", style.hint("hint:")));
    }
    text
}

/// A shorthand for returning a `Failure` as an `anyhow::Error`.
pub fn bail(failure: Failure) -> anyhow::Error {
    anyhow::Error::new(failure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn exit_code_comes_from_the_failure_inside_context() {
        let error = Err::<(), _>(bail(Failure::usage("bad")))
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
        let error = bail(Failure::failed("movie.mp4 already exists").hint("pass --force"));
        let text = render(&error, &crate::style::Style::plain());
        assert_eq!(
            text,
            "error: movie.mp4 already exists\nhint: pass --force\n"
        );
    }
}
