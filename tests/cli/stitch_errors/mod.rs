//! Every error of `framekit stitch`: the exit code, a message that names the file and the
//! fix, and nothing written or changed.
//!
//! One module a topic; every snapshot is named `cli__stitch_errors__NAME`, as [`fails`] and
//! [`assert_said`] (here) take them.

use std::path::Path;

mod arguments;
mod damaged_frames;
mod running;
mod unfit_frames;

/// `framekit stitch ARGS` in `dir`, through the one failure helper ([`crate::support::run::fails`]):
/// exit `code`, each of `words` on stderr, nothing on stdout, `dir` unchanged; and stderr is
/// the snapshot `name` (the real ffmpeg's own words redacted).
pub(super) fn fails(name: &str, dir: &Path, args: &[&str], code: i32, words: &[&str]) -> String {
    let message = crate::support::run::fails(dir, &[&["stitch"], args].concat(), code, words);
    assert_message_quoting_ffmpeg!(name, &message);
    message
}

/// Asserts that `message` is the snapshot `name` (with what differs between runs redacted).
pub(super) fn assert_said(name: &str, message: &str) {
    assert_message!(name, message);
}
