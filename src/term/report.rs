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
        /// The ICC profile the frames' colours were converted from, by its name.
        colour_profile: Option<&'a str>,
        /// What `--max-size` chose, as the JSON report gives it.
        size_budget: Option<serde_json::Value>,
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
        /// The sampling mode: `all`, `every`, `fps`, `count`, `at`, `keyframes`, `scene`.
        mode: &'a str,
        /// How the frames were read: `decode`, `seek` or `keyframes`.
        strategy: &'a str,
        /// The video's frame rate (ffprobe's), when known.
        fps: Option<f64>,
        /// `--dedupe`: how many frames it skipped (None without it: no `skipped` key).
        skipped: Option<u64>,
        elapsed: f64,
    },
    Sheet {
        output: &'a Path,
        width: u32,
        height: u32,
        /// `--grid`, as `4x4`.
        grid: String,
        /// Each tile's facts: its number, and the frame's time or file.
        tiles: Vec<serde_json::Value>,
        elapsed: f64,
    },
}

impl Report<'_> {
    fn json(&self) -> serde_json::Value {
        match self {
            Report::Stitched {
                frames,
                width,
                height,
                fps,
                codec,
                seconds,
                elapsed,
                size_budget,
                colour_profile,
                ..
            } => {
                let mut object = json!({
                    "output": OUTPUT_PLACEHOLDER,
                    "frames": frames,
                    "width": width,
                    "height": height,
                    "fps": fps,
                    "codec": codec,
                    "seconds": round(*seconds),
                    "colour_profile": colour_profile,
                    "elapsed_seconds": round(*elapsed),
                });
                if let Some(chosen) = size_budget {
                    object["max_size"] = chosen.clone();
                }
                object
            }
            Report::Split {
                frames,
                width,
                height,
                first,
                last,
                mode,
                strategy,
                fps,
                skipped,
                elapsed,
                ..
            } => {
                let mut report = json!({
                    "output": OUTPUT_PLACEHOLDER,
                    "frames": frames,
                    "width": width,
                    "height": height,
                    "first": first,
                    "last": last,
                    "mode": mode,
                    "strategy": strategy,
                    "fps": fps,
                    "elapsed_seconds": round(*elapsed),
                });
                if let Some(skipped) = skipped {
                    report["skipped"] = json!(skipped);
                }
                report
            }
            Report::Sheet {
                width,
                height,
                grid,
                tiles,
                elapsed,
                ..
            } => json!({
                "output": OUTPUT_PLACEHOLDER,
                "width": width,
                "height": height,
                "grid": grid,
                "frames": tiles.len(),
                "tiles": tiles,
                "elapsed_seconds": round(*elapsed),
            }),
        }
    }

    fn output(&self) -> &Path {
        match self {
            Report::Stitched { output, .. }
            | Report::Split { output, .. }
            | Report::Sheet { output, .. } => output,
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
                size_budget,
                colour_profile,
                ..
            } => {
                let mut line = format!(
                    "wrote {}: {frames} frames, {width}x{height}, {} fps, {seconds:.2} s, {codec}",
                    crate::term::shown::shown(output),
                    round(*fps)
                );
                if let Some(profile) = colour_profile {
                    line.push_str(&format!(", colours converted from {profile}"));
                }
                if let Some(chosen) = size_budget {
                    line.push_str(&format!(
                        ", {} bytes (--max-size: {})",
                        chosen["bytes"],
                        chosen["summary"].as_str().unwrap_or("")
                    ));
                }
                line
            }
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
            Report::Sheet {
                output,
                width,
                height,
                grid,
                tiles,
                ..
            } => format!(
                "wrote {}: a {grid} sheet of {} frames, {width}x{height}",
                crate::term::shown::shown(output),
                tiles.len()
            ),
        }
    }
}

/// Stands for the output path in the JSON object until it is serialised: serde_json's
/// values hold only valid Unicode, and the exact path may not be (see `exact_path`).
const OUTPUT_PLACEHOLDER: &str = "\u{0}framekit output path\u{0}";

/// A path as a JSON string that gives back its exact bytes. UTF-8 paths are plain strings;
/// a byte that is not UTF-8 is written as the lone surrogate `\udcXX` (Python's
/// "surrogateescape": `os.fsencode(value)` restores the path), and on Windows an unpaired
/// UTF-16 surrogate as itself (`\udXXX`), so that no path is ever reported as another.
fn exact_path(path: &Path) -> String {
    let mut text = String::from("\"");
    for piece in path_pieces(path) {
        match piece {
            Piece::Text(chars) => {
                let quoted = serde_json::to_string(&chars).unwrap_or_else(|_| "\"\"".into());
                text.push_str(&quoted[1..quoted.len() - 1]);
            }
            Piece::Surrogate(unit) => text.push_str(&format!("\\u{unit:04x}")),
        }
    }
    text.push('"');
    text
}

enum Piece {
    Text(String),
    Surrogate(u16),
}

#[cfg(unix)]
fn path_pieces(path: &Path) -> Vec<Piece> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str()
        .as_bytes()
        .utf8_chunks()
        .flat_map(|chunk| {
            let text = Piece::Text(chunk.valid().to_string());
            let bad = chunk
                .invalid()
                .iter()
                .map(|&b| Piece::Surrogate(0xDC00 | u16::from(b)));
            std::iter::once(text).chain(bad)
        })
        .collect()
}

#[cfg(windows)]
fn path_pieces(path: &Path) -> Vec<Piece> {
    use std::os::windows::ffi::OsStrExt;
    let units: Vec<u16> = path.as_os_str().encode_wide().collect();
    char::decode_utf16(units.iter().copied())
        .map(|decoded| match decoded {
            Ok(c) => Piece::Text(c.to_string()),
            Err(e) => Piece::Surrogate(e.unpaired_surrogate()),
        })
        .collect()
}

#[cfg(not(any(unix, windows)))]
fn path_pieces(path: &Path) -> Vec<Piece> {
    vec![Piece::Text(path.to_string_lossy().into_owned())]
}

/// Milliseconds are enough for people and scripts.
fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// JSON on stdout with `--json`; else one line on stderr when it is a terminal.
pub fn success(report: &Report<'_>, json: bool, quiet: bool) -> Result<()> {
    if json {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", json_line(report))?;
        stdout.flush()?;
    } else if !quiet && std::io::stderr().is_terminal() {
        crate::term::stderr::to_stderr(&format!("{}\n", report.line()));
    }
    Ok(())
}

/// [`success`] for a run whose stdout carries what it made (`split VIDEO -`): the JSON
/// object, one line, goes to stderr.
pub fn success_on_stderr(report: &Report<'_>, json: bool, quiet: bool) -> Result<()> {
    if json {
        crate::term::stderr::to_stderr(&format!("{}\n", json_line(report)));
    } else if !quiet && std::io::stderr().is_terminal() {
        crate::term::stderr::to_stderr(&format!("{}\n", report.line()));
    }
    Ok(())
}

/// The report as one JSON object on one line, its warnings included.
fn json_line(report: &Report<'_>) -> String {
    let mut object = report.json();
    object["warnings"] = json!(crate::term::stderr::warnings());
    let placeholder = json!(OUTPUT_PLACEHOLDER).to_string();
    object
        .to_string()
        .replacen(&placeholder, &exact_path(report.output()), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_json_keep_their_exact_bytes() {
        assert_eq!(
            exact_path(Path::new("out/a \"b\".mp4")),
            r#""out/a \"b\".mp4""#
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let path = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9/\xff.mp4"));
            assert_eq!(exact_path(path), r#""caf\udce9/\udcff.mp4""#);
        }
    }

    #[test]
    fn the_line_and_json_say_which_profile_was_converted_from() {
        let report = |colour_profile| Report::Stitched {
            output: Path::new("a.mp4"),
            frames: 2,
            width: 64,
            height: 48,
            fps: 25.0,
            codec: "libx264",
            seconds: 0.08,
            colour_profile,
            size_budget: None,
            elapsed: 0.5,
        };
        let p3 = report(Some("Display P3"));
        assert!(p3
            .line()
            .ends_with(", libx264, colours converted from Display P3"));
        assert_eq!(p3.json()["colour_profile"], "Display P3");
        assert!(!report(None).line().contains("colours"));
        assert_eq!(
            report(None).json()["colour_profile"],
            serde_json::Value::Null
        );
    }
}
