//! The progress bar on stderr, fed by ffmpeg's `-progress` reports.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A frames-done / total bar on stderr, drawn only on a terminal and not with `--quiet`.
pub fn bar(total: Option<u64>, enabled: bool) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
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
