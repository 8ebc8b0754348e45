//! `--max-size` for video: a bitrate from the duration, so that the file is under the limit
//! on the first try in the common case (two passes, where the encoder has them, hit an
//! average bitrate within a few percent; the margin covers that and the container). The
//! encodes that use it, and the corrections after them: `video_search`.

use std::path::Path;

use crate::error::Failure;

/// What the soundtrack is given when a size is asked for: speech and music stay clear.
pub const AUDIO_BITS_PER_SECOND: u64 = 96_000;
/// The share of the budget kept back for the encoder's misses and the container.
const MARGIN: f64 = 0.05;
/// Container headers and index, whatever the length.
const OVERHEAD_BYTES: u64 = 16 * 1024;
/// Below this an H.264 or VP9 video is no longer a picture.
const MIN_VIDEO_BITS_PER_SECOND: u64 = 16_000;

/// A bitrate, and which pass of a two-pass encode this run is (None: one pass, for an
/// encoder without passes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget<'a> {
    pub bits_per_second: u64,
    pub pass: Option<Pass<'a>>,
}

/// The encoders whose `-pass` framekit uses.
pub fn has_two_passes(codec: &str) -> bool {
    codec == "libx264" || codec.starts_with("libvpx")
}

/// The passes of a bitrate encode; the first writes its statistics to the log, read by the
/// second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass<'a> {
    First(&'a Path),
    Second(&'a Path),
}

/// The video bitrate that keeps `seconds` of video (and its soundtrack) within `max_bytes`.
/// A budget no bitrate can meet is refused before anything is encoded.
pub fn video_bitrate(max_bytes: u64, seconds: f64, audio: bool) -> Result<u64, Failure> {
    let usable = (max_bytes.saturating_sub(OVERHEAD_BYTES) as f64) * (1.0 - MARGIN) * 8.0;
    let audio_bits = if audio {
        AUDIO_BITS_PER_SECOND as f64 * seconds
    } else {
        0.0
    };
    let video = (usable - audio_bits) / seconds.max(0.001);
    if video < MIN_VIDEO_BITS_PER_SECOND as f64 {
        let least = ((MIN_VIDEO_BITS_PER_SECOND as f64 * seconds + audio_bits)
            / 8.0
            / (1.0 - MARGIN)) as u64
            + OVERHEAD_BYTES;
        return Err(Failure::failed(format!(
            "{seconds:.2} s of video cannot fit in {max_bytes} bytes: it needs at least about \
             {least} bytes"
        ))
        .nothing_written()
        .hint("give --max-size more room, or fewer frames (--fps, --glob)"));
    }
    Ok(video as u64)
}

/// The bitrate for another try, when a file of `got` bytes came out against `max_bytes`.
pub fn corrected(bits_per_second: u64, got: u64, max_bytes: u64) -> u64 {
    let ratio = max_bytes as f64 / got.max(1) as f64 * (1.0 - MARGIN / 2.0);
    ((bits_per_second as f64) * ratio) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bitrate_leaves_room_for_the_margin_the_container_and_the_sound() {
        // 10 MB over 100 s: about 760 kbit/s of video.
        let video = video_bitrate(10_000_000, 100.0, false).unwrap();
        assert!((755_000..765_000).contains(&video), "{video}");
        let with_sound = video_bitrate(10_000_000, 100.0, true).unwrap();
        assert_eq!(video - with_sound, AUDIO_BITS_PER_SECOND);
        assert!(video_bitrate(20_000, 60.0, false).is_err());
        assert!(corrected(1_000_000, 12_000_000, 10_000_000) < 830_000);
    }
}
