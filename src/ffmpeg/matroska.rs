//! A minimal streaming Matroska writer, for frames that carry their own timestamps
//! (`--durations`, `--timestamps`, `--hold-last`). `image2pipe` can only space frames
//! evenly; here each frame is one packet (the PNG or JPEG file's bytes, unchanged) in a
//! cluster of its own, stamped with its start time in microseconds, and the last packet
//! carries a duration, which is how long the last frame stays. ffmpeg reads it on stdin
//! (`-f matroska -i pipe:0`): frames still never reach it as names.
//!
//! Layout: EBML header; Segment of unknown size; Info (TimestampScale 1 µs, Duration);
//! Tracks (one video track: PNG as `V_MS/VFW/FOURCC` with a BITMAPINFOHEADER `MPNG`, as
//! ffmpeg itself writes PNG into Matroska; JPEG as `V_MJPEG`); then a Cluster a frame.

use crate::header::FrameFormat;

/// A Segment whose size is unknown (a stream): all ones in an 8-byte size.
const UNKNOWN_SIZE: [u8; 8] = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/// Element ids used here, with their class bits, as the Matroska spec numbers them.
mod id {
    pub const EBML: &[u8] = &[0x1a, 0x45, 0xdf, 0xa3];
    pub const EBML_VERSION: &[u8] = &[0x42, 0x86];
    pub const EBML_READ_VERSION: &[u8] = &[0x42, 0xf7];
    pub const EBML_MAX_ID_LENGTH: &[u8] = &[0x42, 0xf2];
    pub const EBML_MAX_SIZE_LENGTH: &[u8] = &[0x42, 0xf3];
    pub const DOC_TYPE: &[u8] = &[0x42, 0x82];
    pub const DOC_TYPE_VERSION: &[u8] = &[0x42, 0x87];
    pub const DOC_TYPE_READ_VERSION: &[u8] = &[0x42, 0x85];
    pub const SEGMENT: &[u8] = &[0x18, 0x53, 0x80, 0x67];
    pub const INFO: &[u8] = &[0x15, 0x49, 0xa9, 0x66];
    pub const TIMESTAMP_SCALE: &[u8] = &[0x2a, 0xd7, 0xb1];
    pub const MUXING_APP: &[u8] = &[0x4d, 0x80];
    pub const WRITING_APP: &[u8] = &[0x57, 0x41];
    pub const DURATION: &[u8] = &[0x44, 0x89];
    pub const TRACKS: &[u8] = &[0x16, 0x54, 0xae, 0x6b];
    pub const TRACK_ENTRY: &[u8] = &[0xae];
    pub const TRACK_NUMBER: &[u8] = &[0xd7];
    pub const TRACK_UID: &[u8] = &[0x73, 0xc5];
    pub const TRACK_TYPE: &[u8] = &[0x83];
    pub const FLAG_LACING: &[u8] = &[0x9c];
    pub const CODEC_ID: &[u8] = &[0x86];
    pub const CODEC_PRIVATE: &[u8] = &[0x63, 0xa2];
    pub const VIDEO: &[u8] = &[0xe0];
    pub const PIXEL_WIDTH: &[u8] = &[0xb0];
    pub const PIXEL_HEIGHT: &[u8] = &[0xba];
    pub const CLUSTER: &[u8] = &[0x1f, 0x43, 0xb6, 0x75];
    pub const TIMESTAMP: &[u8] = &[0xe7];
    pub const SIMPLE_BLOCK: &[u8] = &[0xa3];
    pub const BLOCK_GROUP: &[u8] = &[0xa0];
    pub const BLOCK: &[u8] = &[0xa1];
    pub const BLOCK_DURATION: &[u8] = &[0x9b];
}

/// When each frame starts and how long the last one stays, in microseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Strictly increasing start times, one a frame, the first 0.
    pub starts: Vec<u64>,
    /// How long the last frame is shown.
    pub last: u64,
}

impl Timeline {
    /// The video's duration.
    pub fn total(&self) -> u64 {
        self.starts.last().map_or(0, |last| last + self.last)
    }
}

/// The Matroska framing of frames fed on stdin: its header, and the timeline the per-frame
/// headers come from.
#[derive(Debug, Clone)]
pub struct Framing {
    header: Vec<u8>,
    timeline: Timeline,
}

impl Framing {
    pub fn new(format: FrameFormat, width: u32, height: u32, timeline: Timeline) -> Framing {
        Framing {
            header: header(format, width, height, &timeline),
            timeline,
        }
    }

    /// Everything before the first frame.
    pub fn header(&self) -> &[u8] {
        &self.header
    }

    /// What comes before frame `index`, of `size` bytes.
    pub fn prefix(&self, index: usize, size: u64) -> Vec<u8> {
        frame_prefix(&self.timeline, index, size)
    }

    /// What comes after frame `index`.
    pub fn suffix(&self, index: usize) -> Vec<u8> {
        frame_suffix(&self.timeline, index)
    }
}

/// The stream's beginning: everything before the first frame.
pub fn header(format: FrameFormat, width: u32, height: u32, timeline: &Timeline) -> Vec<u8> {
    let ebml = element(
        id::EBML,
        &[
            uint(id::EBML_VERSION, 1),
            uint(id::EBML_READ_VERSION, 1),
            uint(id::EBML_MAX_ID_LENGTH, 4),
            uint(id::EBML_MAX_SIZE_LENGTH, 8),
            element(id::DOC_TYPE, b"matroska"),
            uint(id::DOC_TYPE_VERSION, 4),
            uint(id::DOC_TYPE_READ_VERSION, 2),
        ]
        .concat(),
    );
    let info = element(
        id::INFO,
        &[
            // Timestamps count microseconds.
            uint(id::TIMESTAMP_SCALE, 1000),
            element(id::MUXING_APP, b"framekit"),
            element(id::WRITING_APP, b"framekit"),
            element(id::DURATION, &(timeline.total() as f64).to_be_bytes()),
        ]
        .concat(),
    );
    let codec = match format {
        FrameFormat::Png => [
            element(id::CODEC_ID, b"V_MS/VFW/FOURCC"),
            element(id::CODEC_PRIVATE, &bitmap_info_header(width, height)),
        ]
        .concat(),
        FrameFormat::Jpeg => element(id::CODEC_ID, b"V_MJPEG"),
    };
    let video = element(
        id::VIDEO,
        &[
            uint(id::PIXEL_WIDTH, u64::from(width)),
            uint(id::PIXEL_HEIGHT, u64::from(height)),
        ]
        .concat(),
    );
    let track = element(
        id::TRACK_ENTRY,
        &[
            uint(id::TRACK_NUMBER, 1),
            uint(id::TRACK_UID, 1),
            // A video track, without lacing.
            uint(id::TRACK_TYPE, 1),
            uint(id::FLAG_LACING, 0),
            codec,
            video,
        ]
        .concat(),
    );
    [
        ebml,
        id::SEGMENT.to_vec(),
        UNKNOWN_SIZE.to_vec(),
        info,
        element(id::TRACKS, &track),
    ]
    .concat()
}

/// What comes before frame `index`'s bytes (`size` of them): its cluster and block headers.
/// The frame's bytes follow directly, ending the cluster.
pub fn frame_prefix(timeline: &Timeline, index: usize, size: u64) -> Vec<u8> {
    let start = timeline.starts[index];
    let last = index + 1 == timeline.starts.len();
    // Track 1 (as a size-coded number), timestamp 0 relative to the cluster's, then flags.
    let flags = if last { 0x00 } else { 0x80 };
    let block_head = [0x81, 0x00, 0x00, flags];
    let block_size = block_head.len() as u64 + size;
    let body = if last {
        // A BlockGroup: the only place a Block's duration can go.
        let block = [id::BLOCK, &vint(block_size), &block_head].concat();
        let duration = uint(id::BLOCK_DURATION, timeline.last);
        let group_size = block.len() as u64 + size + duration.len() as u64;
        // The duration must follow the block's data: it is written by `frame_suffix`.
        [id::BLOCK_GROUP, &vint(group_size), &block].concat()
    } else {
        [id::SIMPLE_BLOCK, &vint(block_size), &block_head].concat()
    };
    let timestamp = uint(id::TIMESTAMP, start);
    let suffix = frame_suffix(timeline, index).len() as u64;
    let cluster_size = timestamp.len() as u64 + body.len() as u64 + size + suffix;
    [id::CLUSTER, &vint(cluster_size), &timestamp, &body].concat()
}

/// What comes after frame `index`'s bytes: the last frame's duration, else nothing.
pub fn frame_suffix(timeline: &Timeline, index: usize) -> Vec<u8> {
    if index + 1 == timeline.starts.len() {
        uint(id::BLOCK_DURATION, timeline.last)
    } else {
        Vec::new()
    }
}

/// The BITMAPINFOHEADER that names the PNG codec (`MPNG`) in a VFW track.
fn bitmap_info_header(width: u32, height: u32) -> Vec<u8> {
    let mut header = Vec::with_capacity(40);
    header.extend(40u32.to_le_bytes());
    header.extend(width.to_le_bytes());
    header.extend(height.to_le_bytes());
    header.extend(1u16.to_le_bytes());
    header.extend(24u16.to_le_bytes());
    header.extend(b"MPNG");
    header.extend((width.saturating_mul(height).saturating_mul(3)).to_le_bytes());
    header.extend([0u8; 16]);
    header
}

fn element(id: &[u8], payload: &[u8]) -> Vec<u8> {
    [id, &vint(payload.len() as u64), payload].concat()
}

fn uint(id: &[u8], value: u64) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(7);
    element(id, &bytes[first..])
}

/// A size as EBML codes it: the length in leading zero bits, then the number. The all-ones
/// value of each length is reserved (unknown size), so it takes the next length.
fn vint(value: u64) -> Vec<u8> {
    for length in 1..=8u32 {
        if value < (1u64 << (7 * length)) - 1 {
            let marked = value | (1u64 << (7 * length));
            return marked.to_be_bytes()[8 - length as usize..].to_vec();
        }
    }
    panic!("{value} is too large for an EBML size");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_the_shortest_code_that_is_not_reserved() {
        assert_eq!(vint(0), [0x80]);
        assert_eq!(vint(126), [0xfe]);
        // 127 would be 0xff, "unknown": two bytes.
        assert_eq!(vint(127), [0x40, 0x7f]);
        assert_eq!(vint(300), [0x41, 0x2c]);
        assert_eq!(vint(1 << 20), [0x30, 0x00, 0x00]);
        assert_eq!(vint(1 << 21), [0x10, 0x20, 0x00, 0x00]);
    }

    #[test]
    fn clusters_hold_exactly_their_frame() {
        let timeline = Timeline {
            starts: vec![0, 40_000, 1_000_000],
            last: 2_000_000,
        };
        assert_eq!(timeline.total(), 3_000_000);
        for (index, size) in [(0usize, 10u64), (2, 70_000)] {
            let prefix = frame_prefix(&timeline, index, size);
            let suffix = frame_suffix(&timeline, index);
            // The cluster's declared size covers what follows its id and size up to the end.
            assert_eq!(&prefix[..4], id::CLUSTER);
            let code_length = prefix[4].leading_zeros() as usize + 1;
            let mut declared = u64::from(prefix[4]) & (0xff >> code_length);
            for &byte in &prefix[5..4 + code_length] {
                declared = declared << 8 | u64::from(byte);
            }
            let after = (prefix.len() - 4 - code_length) as u64 + size + suffix.len() as u64;
            assert_eq!(declared, after, "frame {index}");
        }
        assert!(frame_suffix(&timeline, 0).is_empty());
        assert!(!frame_suffix(&timeline, 2).is_empty());
    }
}
