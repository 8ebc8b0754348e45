//! `--max-size`: the output made to fit a number of bytes, by encoding, measuring the file
//! and encoding again. Each kind of output has its pure part (no I/O, unit-tested) beside
//! the search that runs the encodes:
//!
//! - video: `video_bitrate` (the bitrate from the duration, and its correction) and
//!   `video_search` (two passes where the encoder has them, at most two corrections);
//! - GIF, WebP and APNG: `animation_ladder` (the settings to try, best first, and the plan
//!   of each) and `animation_search` (the measured search down it, keeping the best fit).
//!
//! What each search chose (`ChosenBitrate`, `ChosenSetting`) goes into the summary and
//! `--json`.

pub mod animation_ladder;
pub mod animation_search;
pub mod video_bitrate;
pub mod video_search;
