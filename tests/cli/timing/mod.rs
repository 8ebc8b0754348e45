//! Time: `--hold-last`, `--durations`, `--timestamps` (a variable-rate round trip),
//! `--fps-from`, `--plays`, and files that come out byte-identical run after run. Each
//! output's timestamps, delays and loop counts are read back from the file.
//!
//! One module a topic: `durations` (each frame's own time, in every format), `rates` (rates
//! through a round trip, and plays), `same_file` (byte-identical files), `refusals` (bad timing
//! files and options) and `max_size`. The readers of a file's times are here.

use std::fs;
use std::path::Path;

use crate::support::frames::{frame_pixels, write_frames, write_jpeg_frames};
use crate::support::images::{animation_frames, index_of, plays, Shown};
use crate::support::run::{fails, framekit_ok, stderr};
use crate::support::video::{count_frames, ffmpeg, indices, probe, rgb, video};

mod bounce;
mod durations;
mod equal_frames;
mod max_size;
mod rates;
mod refusals;
mod same_file;

/// Each frame's presentation time in `video`, in seconds, as ffprobe decodes them.
fn frame_times(video: &Path) -> Vec<f64> {
    let output = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            // ffprobe 4.x calls a frame's time pkt_pts_time (its pts_time is empty), 5.0
            // and later pts_time: each prints the one it knows.
            "frame=pts_time,pkt_pts_time",
        ])
        .args(["-of", "csv=p=0"])
        .arg(video)
        .output()
        .expect("ffprobe runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.trim().trim_end_matches(',').parse().ok())
        .collect()
}

/// The container's duration of `video`, in seconds. In MP4 and MOV the video track's own
/// (its samples' durations added up in decode order, which libavformat 6 and later report as
/// the file's duration where ffprobe 5.1 reads the movie header) must say the same.
fn duration(video: &Path) -> f64 {
    let seconds = crate::support::video::container_duration(video);
    let name = video.to_string_lossy();
    if name.ends_with(".mp4") || name.ends_with(".mov") {
        let track = track_duration(video);
        assert!(
            (track - seconds).abs() < 0.002,
            "{name}: the track lasts {track} s, the file {seconds} s"
        );
    }
    seconds
}

/// The video track's duration as ffprobe reads it from the track itself.
fn track_duration(video: &Path) -> f64 {
    let said = &probe(video, "v:0", "duration")["duration"];
    said.parse()
        .unwrap_or_else(|_| panic!("a track duration, not {said:?}"))
}
