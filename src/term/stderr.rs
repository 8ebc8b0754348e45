//! Writing to stderr: warnings, and text that must never turn into a panic.

use crate::term::style::Style;

/// Prints `warning: MESSAGE` on stderr (warnings show even with `--quiet`).
pub fn warn(message: &str) {
    to_stderr(&format!(
        "{} {message}\n",
        Style::for_stderr().warning("warning:")
    ));
}

/// Writes `text` to stderr. A closed stderr (`2>&-`, a reader that went away) loses the
/// text but must not turn into a panic and exit code 101, as `eprint!` would.
pub fn to_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
