//! Writing to stderr: warnings, and text that must never turn into a panic.

use std::sync::Mutex;

use crate::term::style::Style;

/// Every warning of this run, in order, for `--json`'s `warnings`.
static WARNINGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Prints `warning: MESSAGE` on stderr, always: with `--quiet`, without a terminal, and
/// with `--json` (which also lists it), because a script that hides the success line still
/// needs to hear that something was off.
pub fn warn(message: &str) {
    if let Ok(mut warnings) = WARNINGS.lock() {
        warnings.push(message.to_string());
    }
    to_stderr(&format!(
        "{} {message}\n",
        Style::for_stderr().warning("warning:")
    ));
}

/// The warnings printed so far.
pub fn warnings() -> Vec<String> {
    WARNINGS.lock().map(|w| w.clone()).unwrap_or_default()
}

/// Writes `text` to stderr. A closed stderr (`2>&-`, a reader that went away) loses the
/// text but must not turn into a panic and exit code 101, as `eprint!` would.
pub fn to_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `text` to stdout; a closed stdout loses it without a panic.
pub fn to_stdout(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}
