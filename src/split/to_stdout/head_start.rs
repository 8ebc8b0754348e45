//! ffprobe's work for `split -` that needs nothing decided first: the video's description
//! and the list of its packets, both needed beside the decode (the first frame waits for
//! the list). Started as soon as ffmpeg is found, beside `ffmpeg -version` and each other,
//! rather than one after another once the version is known: on a quiet 2-core machine each
//! of those three runs takes 40-60 ms (loading ffmpeg's libraries), under load 0.3 s.
//! Dropped unused (an error before the stream starts), it waits for them, so no ffprobe is
//! left running.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use anyhow::Result;

use crate::ffmpeg::probe::VideoInfo;
use crate::split::table::{FrameTable, PacketListing};
use crate::split::video;

/// The ffprobe runs started early, each on its own thread.
#[derive(Default)]
pub struct HeadStart {
    info: Option<JoinHandle<Option<VideoInfo>>>,
    listing: Option<JoinHandle<Result<PacketListing>>>,
}

impl HeadStart {
    /// Starts the description (`describe`, through `ffmpeg`'s ffprobe, as `video::inspect`)
    /// and the packet list (`ffprobe`, when one is wanted).
    pub fn start(ffmpeg: &Path, video: &Path, describe: bool, ffprobe: Option<&Path>) -> HeadStart {
        let owned = |path: &Path| -> PathBuf { path.to_path_buf() };
        let info = describe.then(|| {
            let (ffmpeg, video) = (owned(ffmpeg), owned(video));
            std::thread::spawn(move || video::inspect(&ffmpeg, &video).ok())
        });
        let listing = ffprobe.map(|ffprobe| {
            let (ffprobe, video) = (owned(ffprobe), owned(video));
            std::thread::spawn(move || FrameTable::list_packets(&ffprobe, &video))
        });
        HeadStart { info, listing }
    }

    /// The description, waiting for it; None when none was started or it failed.
    pub fn info(&mut self) -> Option<VideoInfo> {
        self.info.take()?.join().ok()?
    }

    /// The packet list, waiting for it; None when none was started or it failed.
    pub fn listing(&mut self) -> Option<PacketListing> {
        self.listing.take()?.join().ok()?.ok()
    }
}

impl Drop for HeadStart {
    fn drop(&mut self) {
        let _ = self.info();
        let _ = self.listing();
    }
}
