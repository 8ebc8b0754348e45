//! The ffmpeg options given after `--`: passed on to ffmpeg's output, except a video filter,
//! which joins framekit's own chain (ffmpeg keeps only the last `-vf`), and the few that
//! change what framekit must check or report.

use std::ffi::OsString;

/// Options after `--` that set the video filter chain, which framekit's own joins.
const USER_FILTER_OPTIONS: [&str; 4] = ["-vf", "-filter", "-filter:v", "-filter:v:0"];
/// ffmpeg filters that drop, repeat or add frames.
const FRAME_COUNT_FILTERS: [&str; 9] = [
    "fps",
    "select",
    "framestep",
    "decimate",
    "mpdecimate",
    "tpad",
    "loop",
    "trim",
    "framerate",
];
/// Options after `--` that build a filter graph of their own, which cannot be joined.
const USER_GRAPH_OPTIONS: [&str; 2] = ["-filter_complex", "-lavfi"];
/// Options after `--` that set the output size.
const SIZE_OPTIONS: [&str; 2] = ["-s", "-s:v"];

/// The options after `--`, as given.
#[derive(Debug, Clone, Copy)]
pub struct ExtraOptions<'a>(pub &'a [OsString]);

impl ExtraOptions<'_> {
    /// The user's `-vf FILTER` (or `-filter:v`), and the other options.
    pub fn split_filter(&self) -> (Option<String>, Vec<OsString>) {
        let mut filter = None;
        let mut rest = Vec::new();
        let mut options = self.0.iter();
        while let Some(option) = options.next() {
            if USER_FILTER_OPTIONS.iter().any(|name| option == name) {
                if let Some(value) = options.next() {
                    // The last one counts, as in ffmpeg.
                    filter = Some(value.to_string_lossy().into_owned());
                    continue;
                }
            }
            rest.push(option.clone());
        }
        (filter, rest)
    }

    /// Whether they may change the video's size (a filter, `-s`).
    pub fn may_change_size(&self) -> bool {
        let names = || {
            USER_FILTER_OPTIONS
                .iter()
                .chain(&USER_GRAPH_OPTIONS)
                .chain(&SIZE_OPTIONS)
        };
        self.0
            .iter()
            .any(|option| names().any(|name| option == name))
    }

    /// The option that builds a filter graph of its own (`-filter_complex`), if any.
    pub fn graph_option(&self) -> Option<&OsString> {
        self.0
            .iter()
            .find(|option| USER_GRAPH_OPTIONS.iter().any(|name| *option == name))
    }

    /// The first filter of the user's chain that drops or repeats frames (`fps`, `select`).
    pub fn frame_count_filter(&self) -> Option<String> {
        let (filter, _) = self.split_filter();
        filter?
            .split([',', ';'])
            .map(|step| step.trim().split(['=', '@']).next().unwrap_or(""))
            .find(|name| FRAME_COUNT_FILTERS.contains(name))
            .map(str::to_string)
    }
}
