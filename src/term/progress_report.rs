//! Progress on stderr, fed by ffmpeg's `-progress` reports or by frames counted: a bar on
//! a terminal, JSON lines with `--progress-json` (for programs: the Python package), or
//! nothing. Every route asks [`ProgressReport::new`], so one place decides which.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Set once from `--progress-json`, before any progress is made.
static JSON_LINES: AtomicBool = AtomicBool::new(false);

/// A program reads the lines as they come: more often than this is noise.
const JSON_INTERVAL: Duration = Duration::from_millis(250);

/// Reports progress as JSON lines from now on, whatever stderr is.
pub fn use_json_lines() {
    JSON_LINES.store(true, Ordering::SeqCst);
}

/// Whether progress is reported at all: never with `--quiet`; as JSON lines when asked;
/// else as a bar, on a terminal only.
pub fn wanted(quiet: bool) -> bool {
    !quiet && (JSON_LINES.load(Ordering::SeqCst) || std::io::stderr().is_terminal())
}

/// Frames done out of a total (when known), shown as [`wanted`] decides. Cloned handles
/// report to the same place, from any thread.
#[derive(Clone)]
pub enum ProgressReport {
    Bar(ProgressBar),
    JsonLines(Arc<JsonLines>),
    Hidden,
}

impl ProgressReport {
    /// `enabled`: false with `--quiet` (and where a route shows no progress of its own).
    pub fn new(total: Option<u64>, enabled: bool) -> ProgressReport {
        if !enabled || !wanted(false) {
            return ProgressReport::Hidden;
        }
        match JSON_LINES.load(Ordering::SeqCst) {
            true => ProgressReport::JsonLines(Arc::new(JsonLines::new(total))),
            false => ProgressReport::Bar(bar(total)),
        }
    }

    pub fn set_position(&self, done: u64) {
        match self {
            ProgressReport::Bar(bar) => bar.set_position(done),
            ProgressReport::JsonLines(lines) => lines.set(done),
            ProgressReport::Hidden => {}
        }
    }

    pub fn inc(&self, frames: u64) {
        match self {
            ProgressReport::Bar(bar) => bar.inc(frames),
            ProgressReport::JsonLines(lines) => lines.add(frames),
            ProgressReport::Hidden => {}
        }
    }

    /// The end: the bar goes, and JSON lines get their final count.
    pub fn finish_and_clear(&self) {
        match self {
            ProgressReport::Bar(bar) => bar.finish_and_clear(),
            ProgressReport::JsonLines(lines) => lines.finish(),
            ProgressReport::Hidden => {}
        }
    }
}

/// `{"progress":{"done":N,"total":M,"unit":"frames"}}` lines, at most four a second and
/// one at the end.
pub struct JsonLines {
    total: Option<u64>,
    done: AtomicU64,
    /// When the last line was written (None before the first), and whether the end was.
    written: Mutex<(Option<Instant>, bool)>,
}

impl JsonLines {
    fn new(total: Option<u64>) -> JsonLines {
        JsonLines {
            total,
            done: AtomicU64::new(0),
            written: Mutex::new((None, false)),
        }
    }

    fn set(&self, done: u64) {
        // Never backwards: readers may take each line as the count so far.
        self.done.fetch_max(done, Ordering::SeqCst);
        self.write(false);
    }

    fn add(&self, frames: u64) {
        self.done.fetch_add(frames, Ordering::SeqCst);
        self.write(false);
    }

    fn finish(&self) {
        self.write(true);
    }

    fn write(&self, last: bool) {
        let Ok(mut written) = self.written.lock() else {
            return;
        };
        let (at, ended) = *written;
        let due = at.is_none_or(|at| at.elapsed() >= JSON_INTERVAL);
        if ended || !(last || due) {
            return;
        }
        *written = (Some(Instant::now()), last);
        let done = self.done.load(Ordering::SeqCst);
        let line = json_line(done, self.total);
        // A closed stderr loses the line, never the run.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

fn json_line(done: u64, total: Option<u64>) -> String {
    let total = total.map_or("null".to_string(), |total| total.to_string());
    format!("{{\"progress\":{{\"done\":{done},\"total\":{total},\"unit\":\"frames\"}}}}\n")
}

/// A frames-done / total bar on stderr.
fn bar(total: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = if total.is_some() {
        "{wide_bar} {pos}/{len} frames  {fps}  ETA {eta}"
    } else {
        "{spinner} {pos} frames  {fps}  {elapsed}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        // indicatif's own {per_sec} prints "58.2163/s".
        let fps = |state: &ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(out, "{:.1} fps", state.per_sec());
        };
        bar.set_style(style.progress_chars("=> ").with_key("fps", fps));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_line_says_null_for_an_unknown_total() {
        assert_eq!(
            json_line(3, None),
            "{\"progress\":{\"done\":3,\"total\":null,\"unit\":\"frames\"}}\n"
        );
        assert!(json_line(3, Some(9)).contains("\"total\":9,"));
    }
}
