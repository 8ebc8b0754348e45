//! The video's frames as ffprobe lists them, without decoding: each frame's timestamp and
//! whether it is a key frame, in presentation order, which is the order ffmpeg decodes them
//! out. From this list `split` chooses frames (`sampling`), and decides where to seek
//! (`schedule`).
//!
//! Times are microseconds from the start of the video as a player counts it (the
//! container's `start_time` is 0), which is also how ffmpeg's `-ss` counts.

use std::path::Path;

use anyhow::Result;

use crate::ffmpeg::args::path_arg;
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::probe::{ffprobe_output, VideoInfo};
use crate::ffmpeg::process_group;
use crate::signals;
use crate::split::manifest::print_times_filters;
use crate::term::shown::shown;
use crate::time::micros;

/// One frame the decoder shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// Microseconds from the start of the video.
    pub pts: i64,
    pub key: bool,
    /// The frame's place among all the packets (those the decoder drops included), in
    /// presentation order: decoding from one place to another costs their difference.
    pub position: u32,
    /// The place of the last key frame at or before this frame: a seek decodes from there.
    pub key_position: u32,
}

/// Every frame of the first video stream, in presentation order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrameTable {
    pub frames: Vec<Frame>,
    /// Whether ffmpeg's `-ss` lands exactly on the key frame before the time asked for in
    /// this container (MP4/MOV and Matroska/WebM keep an index of key frames; MPEG-TS and
    /// others are searched by guessing, and can land past it).
    pub seekable: bool,
    /// The video's duration in microseconds, as ffprobe reports it.
    pub duration: Option<i64>,
    /// Whether the packets carry the frames' times (else ffmpeg guesses them as it
    /// decodes, and only a decode of every frame tells them).
    pub timed: bool,
    /// Whether ffmpeg can decode the key frames alone (`-skip_frame nokey`) and keep
    /// their order and times: not where it must guess the times, nor in H.264 with open
    /// groups of pictures (key frames followed, in decoding order, by frames shown before
    /// them), whose key frames then come out of order.
    pub keyframes_alone: bool,
}

/// ffprobe's list of a video's packets, as it printed it.
#[derive(Debug, Clone)]
pub struct PacketListing(String);

/// A packet as ffprobe lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Packet {
    /// Seconds, as ffprobe prints them (not yet from the start of the video).
    pts: Option<f64>,
    key: bool,
    /// The decoder drops it (before the start of an edit list).
    discard: bool,
}

impl FrameTable {
    /// Lists the frames of `video`: from its packets (demuxing only), or, when some packet
    /// has no timestamp (raw streams, AVI with B-frames), by decoding every frame: their
    /// times from `ffmpeg` itself, whose guesses for frames without one are its own, and
    /// their key flags from ffprobe when `keys` are needed.
    pub fn probe(
        ffprobe: &Path,
        ffmpeg: Option<(&Path, &Capabilities)>,
        video: &Path,
        info: &VideoInfo,
        keys: bool,
    ) -> Result<FrameTable> {
        let listing = FrameTable::list_packets(ffprobe, video)?;
        FrameTable::from_listing(&listing, ffprobe, ffmpeg, video, info, keys)
    }

    /// ffprobe's list of the video's packets (demuxing only), the first step of
    /// [`FrameTable::probe`]: it needs nothing of ffprobe's description of the video, so
    /// it may run beside it.
    pub fn list_packets(ffprobe: &Path, video: &Path) -> Result<PacketListing> {
        let text = ffprobe_output(
            ffprobe,
            &[
                "-select_streams",
                "V:0",
                "-show_entries",
                "packet=pts_time,flags",
                "-of",
                "compact=p=0",
            ],
            video,
        )?;
        signals::check()?;
        Ok(PacketListing(text))
    }

    /// The packets of ffprobe's JSON answer to `-show_entries packet=pts_time,flags` (among
    /// other entries), as `list_packets` would have listed them.
    pub fn listing_from_json(value: &serde_json::Value) -> Option<PacketListing> {
        let packets = value["packets"].as_array()?;
        let mut text = String::with_capacity(packets.len() * 32);
        for packet in packets {
            let field = |name: &str| packet[name].as_str().unwrap_or("N/A").to_string();
            text.push_str(&format!(
                "pts_time={}|flags={}\n",
                field("pts_time"),
                field("flags")
            ));
        }
        Some(PacketListing(text))
    }

    /// [`FrameTable::probe`] from the packets `list_packets` listed.
    pub fn from_listing(
        listing: &PacketListing,
        ffprobe: &Path,
        ffmpeg: Option<(&Path, &Capabilities)>,
        video: &Path,
        info: &VideoInfo,
        keys: bool,
    ) -> Result<FrameTable> {
        let start = info.start_time.unwrap_or(0.0);
        let packets = parse_packets(&listing.0);
        let indexed = info.format_name.as_deref().is_some_and(indexed);
        let duration = info.duration.map(micros);
        if let Some(table) = from_packets(&packets, start, indexed) {
            // HEVC's open groups (CRA) decode alone as they should.
            let open = open_groups(&packets) && info.codec_name.as_deref() != Some("hevc");
            return Ok(FrameTable {
                duration,
                keyframes_alone: !open,
                ..table
            });
        }
        let decoded = match keys || ffmpeg.is_none() {
            true => {
                let text = ffprobe_output(
                    ffprobe,
                    &[
                        "-select_streams",
                        "V:0",
                        "-show_entries",
                        "frame=best_effort_timestamp_time,key_frame",
                        "-of",
                        "compact=p=0",
                    ],
                    video,
                )?;
                signals::check()?;
                parse_frames(&text)
            }
            false => Vec::new(),
        };
        let mut table = from_frames(&decoded, start);
        if let Some((ffmpeg, capabilities)) = ffmpeg {
            let times = decoded_times(ffmpeg, capabilities, video)?;
            if decoded.is_empty() {
                table = from_frames(&vec![(None, false); times.len()], 0.0);
            }
            if times.len() == table.frames.len() {
                for (frame, time) in table.frames.iter_mut().zip(times) {
                    frame.pts = time.unwrap_or(frame.pts);
                }
            }
        }
        Ok(FrameTable { duration, ..table })
    }

    /// The same frames, never sought in: each stretch decodes from the start.
    pub fn unindexed(&self) -> FrameTable {
        FrameTable {
            seekable: false,
            ..self.clone()
        }
    }

    /// The first frame whose timestamp is `time` or later.
    pub fn first_at_or_after(&self, time: i64) -> Option<usize> {
        let index = self.frames.partition_point(|frame| frame.pts < time);
        (index < self.frames.len()).then_some(index)
    }

    /// The frame with this timestamp, give or take a millisecond (what ffmpeg printed for a
    /// frame it wrote, rounded in its own time base).
    pub fn frame_at(&self, time: i64) -> Option<usize> {
        const TOLERANCE: i64 = 1000;
        let after = self.frames.partition_point(|frame| frame.pts < time);
        [after.checked_sub(1), Some(after)]
            .into_iter()
            .flatten()
            .filter(|&i| i < self.frames.len())
            .min_by_key(|&i| (self.frames[i].pts - time).abs())
            .filter(|&i| (self.frames[i].pts - time).abs() <= TOLERANCE)
    }

    /// The indices of the frames in `[start, end)`.
    pub fn range(&self, start: i64, end: Option<i64>) -> std::ops::Range<usize> {
        let first = self.frames.partition_point(|frame| frame.pts < start);
        let last = match end {
            Some(end) => self.frames.partition_point(|frame| frame.pts < end),
            None => self.frames.len(),
        };
        first..last.max(first)
    }

    /// The last frame's timestamp.
    pub fn last_pts(&self) -> Option<i64> {
        self.frames.last().map(|frame| frame.pts)
    }
}

/// The time of each frame as ffmpeg decodes it (µs from the start of the video, as it
/// counts), from a decode of the whole video that writes nothing.
fn decoded_times(
    ffmpeg: &Path,
    capabilities: &Capabilities,
    video: &Path,
) -> Result<Vec<Option<i64>>> {
    let mut command = std::process::Command::new(ffmpeg);
    command
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-i"])
        .arg(path_arg(video))
        .args(["-map", "0:V:0", "-vf"])
        .arg(print_times_filters(capabilities, Some("'pipe\\:1'")).join(","))
        .args(["-f", "null", "-"]);
    let output = process_group::output(&mut command, &format!("ffmpeg ({})", shown(ffmpeg)))?;
    if !output.status.success() {
        anyhow::bail!(
            "ffmpeg could not decode {}: {}",
            shown(video),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(crate::split::manifest::parse_timestamps(
        &String::from_utf8_lossy(&output.stdout),
    ))
}

/// Whether a container (by ffprobe's format name) keeps an index of key frames, which makes
/// ffmpeg's `-ss` land exactly on the key frame before the time: MP4/MOV and Matroska/WebM.
pub fn indexed(format_name: &str) -> bool {
    format_name
        .split(',')
        .any(|name| matches!(name, "mp4" | "mov" | "matroska" | "webm"))
}

/// Whether some key frame is followed, in decoding order (the packets' order), by a frame
/// shown before it: an open group of pictures.
fn open_groups(packets: &[Packet]) -> bool {
    let mut key_time = None;
    for packet in packets.iter().filter(|packet| !packet.discard) {
        if packet.key {
            key_time = packet.pts;
        } else if let (Some(key), Some(pts)) = (key_time, packet.pts) {
            if pts < key {
                return true;
            }
        }
    }
    false
}

/// The table of frames from packets, or None when a packet the decoder keeps has no
/// timestamp (its place in presentation order is then unknown).
fn from_packets(packets: &[Packet], start: f64, indexed: bool) -> Option<FrameTable> {
    let mut timed = Vec::with_capacity(packets.len());
    for packet in packets {
        match packet.pts {
            Some(pts) => timed.push((micros(pts - start), packet.key, packet.discard)),
            None if packet.discard => {}
            None => return None,
        }
    }
    // Stable: packets of one timestamp keep their order.
    timed.sort_by_key(|&(pts, _, _)| pts);
    let mut frames = Vec::with_capacity(timed.len());
    let mut key_position = 0;
    for (position, &(pts, key, discard)) in timed.iter().enumerate() {
        let position = position as u32;
        if key {
            key_position = position;
        }
        if !discard {
            frames.push(Frame {
                pts,
                key,
                position,
                key_position,
            });
        }
    }
    Some(FrameTable {
        frames,
        seekable: indexed,
        duration: None,
        timed: true,
        keyframes_alone: true,
    })
}

/// The table from decoded frames: never seekable (their timestamps were guessed, so an
/// index of them may not be either).
fn from_frames(frames: &[(Option<f64>, bool)], start: f64) -> FrameTable {
    let mut table: Vec<Frame> = Vec::with_capacity(frames.len());
    let mut key_position = 0;
    for (position, &(pts, key)) in frames.iter().enumerate() {
        // A frame without a time (the last ones of an AVI with B-frames) comes one frame
        // duration after the one before, as ffmpeg itself then counts.
        let pts = pts
            .map(|pts| micros(pts - start))
            .unwrap_or_else(|| match table.as_slice() {
                [.., before, last] => last.pts + (last.pts - before.pts).max(1),
                [last] => last.pts + 1,
                [] => 0,
            });
        let position = position as u32;
        if key {
            key_position = position;
        }
        table.push(Frame {
            pts,
            key,
            position,
            key_position,
        });
    }
    FrameTable {
        frames: table,
        seekable: false,
        duration: None,
        timed: false,
        keyframes_alone: false,
    }
}

/// `key=value|key=value` lines, as ffprobe's compact writer prints them.
fn fields(line: &str) -> impl Iterator<Item = (&str, &str)> {
    line.split('|').filter_map(|field| field.split_once('='))
}

fn number(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `pts_time=1.040000|flags=K_` per packet.
fn parse_packets(text: &str) -> Vec<Packet> {
    text.lines()
        .filter(|line| line.contains("flags="))
        .map(|line| {
            let mut packet = Packet {
                pts: None,
                key: false,
                discard: false,
            };
            for (key, value) in fields(line) {
                match key {
                    "pts_time" => packet.pts = number(value),
                    "flags" => {
                        packet.key = value.contains('K');
                        packet.discard = value.contains('D');
                    }
                    _ => {}
                }
            }
            packet
        })
        .collect()
}

/// `key_frame=1|best_effort_timestamp_time=0.000000` per decoded frame.
fn parse_frames(text: &str) -> Vec<(Option<f64>, bool)> {
    text.lines()
        .filter(|line| line.contains("key_frame="))
        .map(|line| {
            let mut frame = (None, false);
            for (key, value) in fields(line) {
                match key {
                    "best_effort_timestamp_time" => frame.0 = number(value),
                    "key_frame" => frame.1 = value.trim() == "1",
                    _ => {}
                }
            }
            frame
        })
        .collect()
}

#[cfg(test)]
pub mod tests;
