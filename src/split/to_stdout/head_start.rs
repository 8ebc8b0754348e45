//! ffprobe's work for `split -` that needs nothing decided first: the video's description
//! and the list of its packets, both needed beside the decode (the first frame waits for
//! the list). Started as soon as ffmpeg is found, beside `ffmpeg -version`, rather than
//! after it; and asked of one ffprobe when both are wanted. On a quiet 2-core machine each
//! ffmpeg or ffprobe run takes 40-60 ms and about 0.065 s of CPU (loading ffmpeg's
//! libraries), under load 0.3 s: before, the version, the description and the list ran one
//! after another, three of them before the first frame. Dropped unused (an error before the
//! stream starts), it waits for its ffprobe, so none is left running.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::ffmpeg::probe::{self, ffprobe_output, VideoInfo, DESCRIPTION_ENTRIES};
use crate::signals;
use crate::split::table::{FrameTable, PacketListing};
use crate::split::video;

/// What the early ffprobe run gives: the description, the packet list (each None when not
/// asked for, or when it failed).
type Found = (Option<VideoInfo>, Option<PacketListing>);

/// The ffprobe run started early, on its own thread, then what it found.
#[derive(Default)]
pub struct HeadStart {
    running: Option<JoinHandle<Found>>,
    found: Option<Found>,
}

impl HeadStart {
    /// Starts the description (`describe`, with `ffmpeg`'s ffprobe, as `video::inspect`)
    /// and the packet list (from `ffprobe`, `ffmpeg`'s own, when one is wanted).
    pub fn start(ffmpeg: &Path, video: &Path, describe: bool, ffprobe: Option<&Path>) -> HeadStart {
        if !describe && ffprobe.is_none() {
            return HeadStart::default();
        }
        let (ffmpeg, video): (PathBuf, PathBuf) = (ffmpeg.into(), video.into());
        let ffprobe = ffprobe.map(Path::to_path_buf);
        let running = std::thread::spawn(move || match (describe, ffprobe) {
            (true, Some(ffprobe)) => describe_and_list(&ffprobe, &video),
            (true, None) => (video::inspect(&ffmpeg, &video).ok(), None),
            (false, Some(ffprobe)) => (None, FrameTable::list_packets(&ffprobe, &video).ok()),
            (false, None) => (None, None),
        });
        HeadStart {
            running: Some(running),
            found: None,
        }
    }

    fn found(&mut self) -> &mut Found {
        self.found.get_or_insert_with(|| {
            self.running
                .take()
                .and_then(|running| running.join().ok())
                .unwrap_or_default()
        })
    }

    /// The description, waiting for it; None when none was started or it failed.
    pub fn info(&mut self) -> Option<VideoInfo> {
        self.found().0.take()
    }

    /// The packet list, waiting for it; None when none was started or it failed.
    pub fn listing(&mut self) -> Option<PacketListing> {
        self.found().1.take()
    }
}

impl Drop for HeadStart {
    fn drop(&mut self) {
        self.found();
    }
}

/// `video::inspect` and `FrameTable::list_packets` from one ffprobe run: one start of
/// ffmpeg's libraries fewer.
fn describe_and_list(ffprobe: &Path, video: &Path) -> Found {
    let entries = format!("{DESCRIPTION_ENTRIES}:packet=pts_time,flags");
    let args = [
        "-select_streams",
        "V:0",
        "-show_entries",
        &entries,
        "-of",
        "json",
    ];
    let Ok(text) = ffprobe_output(ffprobe, &args, video) else {
        return (None, None);
    };
    if signals::check().is_err() {
        return (None, None);
    }
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let info = probe::parse_description(&text).ok().map(|mut info| {
        if info.declared_frames.is_none() {
            // Matroska and WebM declare no count: the packets listed, which `inspect`
            // counts with another ffprobe (`-count_packets`, the same demuxing).
            info.declared_frames = value["packets"].as_array().map(|p| p.len() as u64);
        }
        info
    });
    (info, FrameTable::listing_from_json(&value))
}
