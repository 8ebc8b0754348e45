//! What framekit says on success: one line on a terminal, or one JSON object with `--json`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use serde_json::json;

/// The facts of a finished job.
pub enum Report<'a> {
    Stitched {
        output: &'a Path,
        frames: u64,
        width: u32,
        height: u32,
        fps: f64,
        codec: &'a str,
        /// The video's duration.
        seconds: f64,
        /// framekit's wall-clock time.
        elapsed: f64,
    },
    Split {
        output: &'a Path,
        frames: u64,
        width: u32,
        height: u32,
        first: Option<String>,
        last: Option<String>,
        elapsed: f64,
    },
}

impl Report<'_> {
    fn json(&self) -> serde_json::Value {
        match self {
            Report::Stitched {
                output,
                frames,
                width,
                height,
                fps,
                codec,
                seconds,
                elapsed,
            } => json!({
                "output": output.to_string_lossy(),
                "frames": frames,
                "width": width,
                "height": height,
                "fps": fps,
                "codec": codec,
                "seconds": round(*seconds),
                "elapsed_seconds": round(*elapsed),
            }),
            Report::Split {
                output,
                frames,
                width,
                height,
                first,
                last,
                elapsed,
            } => json!({
                "output": output.to_string_lossy(),
                "frames": frames,
                "width": width,
                "height": height,
                "first": first,
                "last": last,
                "elapsed_seconds": round(*elapsed),
            }),
        }
    }

    fn line(&self) -> String {
        match self {
            Report::Stitched {
                output,
                frames,
                width,
                height,
                fps,
                codec,
                seconds,
                ..
            } => format!(
                "wrote {}: {frames} frames, {width}x{height}, {} fps, {seconds:.2} s, {codec}",
                crate::term::shown::shown(output),
                round(*fps)
            ),
            Report::Split {
                output,
                frames,
                width,
                height,
                first,
                last,
                ..
            } => format!(
                "wrote {frames} frames of {width}x{height} to {}: {} ... {}",
                crate::term::shown::shown(output),
                first.as_deref().unwrap_or("-"),
                last.as_deref().unwrap_or("-")
            ),
        }
    }
}

/// Milliseconds are enough for people and scripts.
fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// JSON on stdout with `--json`; else one line on stderr when it is a terminal.
pub fn success(report: &Report<'_>, json: bool, quiet: bool) -> Result<()> {
    if json {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", report.json())?;
        stdout.flush()?;
    } else if !quiet && std::io::stderr().is_terminal() {
        crate::term::stderr::to_stderr(&format!("{}\n", report.line()));
    }
    Ok(())
}
