//! Videos and sounds for the tests, made by the real ffmpeg, and what ffmpeg and ffprobe
//! read back out of a video: frame counts, stream facts, pixels, each frame's index.
//!
//! Running ffmpeg and the tools (here), and one module a topic, whose items are re-exported
//! here so that every test names them `support::video::NAME`: `making` (test videos and
//! sounds), `probing` (what ffprobe and the file say), `pixels` (frames decoded to pixels and
//! indices) and `framemd5` (every decoded frame's hash and time).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::frames::BITS;

mod framemd5;
mod making;
mod pixels;
mod probing;

pub use framemd5::*;
pub use making::*;
pub use pixels::*;
pub use probing::*;

/// How the installed ffmpeg spells `-fps_mode`: `-vsync` before 5.1 (4.x has no
/// `-fps_mode`; 8 and later have no `-vsync`). Asked once.
pub fn fps_mode() -> &'static str {
    static SPELLING: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    SPELLING.get_or_init(|| match ffmpeg_version() < (5, 1) {
        true => "-vsync",
        false => "-fps_mode",
    })
}

/// Runs ffmpeg quietly and returns its stdout. A missing ffmpeg fails the test.
pub fn ffmpeg(args: &[&str]) -> Vec<u8> {
    let run = || {
        Command::new("ffmpeg")
            .args(["-v", "error"])
            .args(args)
            .output()
    };
    // Wine's CreateProcess fails now and then ("Internal error", 1359): a second try.
    let output = run()
        .or_else(|_| run())
        .expect("ffmpeg must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Runs a program the tests rely on and insists it succeeds; a missing ffmpeg fails the test,
/// never skips it.
pub fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    let run = || Command::new(program).args(args).current_dir(dir).output();
    let output = run()
        .or_else(|_| run())
        .unwrap_or_else(|e| panic!("{program} must be installed to run the tests: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The version of the `ffmpeg` on PATH, as (major, minor): `ffmpeg version 5.1.9-0+deb12u1`,
/// `n9.0.2-17-g...`. A git build without a number fails the test.
pub fn ffmpeg_version() -> (u32, u32) {
    let output = tool("ffmpeg", &["-hide_banner", "-version"], Path::new("."));
    let text = String::from_utf8_lossy(&output.stdout);
    let word = text.split_whitespace().nth(2).unwrap_or("");
    let mut numbers = word
        .trim_start_matches('n')
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor),
        _ => panic!("cannot read ffmpeg's version from {text:?}"),
    }
}

/// Whether the ffmpeg on PATH is killed by a signal decoding `video` at all (imageio-ffmpeg's
/// static 4.2.2 and 7.0.2 crash opening any MPEG-TS).
pub fn decoding_crashes(video: &Path) -> bool {
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "quiet", "-i"])
        .arg(video)
        .args(["-f", "null", "-"])
        .status()
        .expect("ffmpeg must be installed to run the tests");
    killed_by_signal(status)
}

#[cfg(unix)]
fn killed_by_signal(status: std::process::ExitStatus) -> bool {
    std::os::unix::process::ExitStatusExt::signal(&status).is_some()
}

/// Windows has no signals; the static builds that crash are Linux ones.
#[cfg(not(unix))]
fn killed_by_signal(_: std::process::ExitStatus) -> bool {
    false
}
