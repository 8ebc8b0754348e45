//! `--lossless` video: FFV1 in MKV (every frame's own pixels), H.264 RGB at qp 0 in MP4 and
//! MOV (8-bit RGB). WebP and APNG are chosen in `animation`.

use crate::error::Failure;
use crate::stitch::options::StitchOptions;

use super::{Container, Encoding, Pixels};

const LOSSLESS_EXTENSIONS: &str = ".mkv (FFV1), .mp4/.mov (H.264 RGB, qp 0), .apng or .webp";

pub fn choose(mut encoding: Encoding, options: &StitchOptions) -> Result<Encoding, Failure> {
    if options.pad.is_some() {
        return Err(Failure::usage(
            "--lossless stores the frames exactly as they are, so it cannot pad them (--pad)",
        )
        .hint("drop --pad, or drop --lossless"));
    }
    if let Some(option) = [
        (options.width.is_some(), "--width"),
        (options.fit.is_some(), "--fit"),
    ]
    .into_iter()
    .find_map(|(given, option)| given.then_some(option))
    {
        return Err(Failure::usage(format!(
            "--lossless keeps every pixel, so it cannot scale ({option})"
        ))
        .hint(format!("drop {option}, or drop --lossless")));
    }
    if options.codec.is_some() || options.crf.is_some() {
        return Err(Failure::usage("--lossless picks its own codec and quality")
            .hint("drop --codec and --crf, or drop --lossless"));
    }
    match encoding.container {
        Container::Mkv => {
            encoding.video_codec = "ffv1".into();
            encoding.pixels = Pixels::Exact;
            // The level depends on the frames' size: `ffv1_level`.
            if options.preset.is_some() {
                return Err(Failure::usage(
                    "--preset does not apply to FFV1 (--lossless .mkv)",
                ));
            }
        }
        Container::Mp4 | Container::Mov => {
            // libx264rgb at qp 0 stores RGB exactly; plain libx264 would convert to YUV.
            encoding.video_codec = "libx264rgb".into();
            encoding.pixels = Pixels::Rgb8;
            encoding.codec_options = vec!["-qp".into(), "0".into()];
            if let Some(preset) = &options.preset {
                encoding
                    .codec_options
                    .extend(["-preset".into(), preset.clone()]);
            }
        }
        Container::Webm | Container::Gif | Container::Webp | Container::Apng => {
            return Err(Failure::usage(format!(
                "--lossless cannot write {}",
                crate::term::shown::shown(&options.output)
            ))
            .hint(format!("lossless output must be {LOSSLESS_EXTENSIONS}")));
        }
    }
    Ok(encoding)
}

/// Frames at least this big on both sides are stored at FFV1 level 3; smaller ones at
/// level 1. Level 3 cuts each frame into at least 2x2 slices, and slices 1 or 2 pixels
/// across decode wrong: measured, ffmpeg 5.1 breaks frames with a side of 2 or less (a
/// grey of 128 comes back 0) and refuses 4:2:0 ones with a side of 3; 4.2.2 breaks every
/// frame with a side of 3 or less. Level 1 (no slices) gave back every frame exactly at
/// every size in both. 32 leaves a margin for the versions not measured; frames this
/// small gain nothing from level 3's slice threads.
const LEVEL_3_FROM_SIDE: u32 = 32;

/// The FFV1 level (`-level`) that keeps frames of this size exactly.
pub fn ffv1_level(width: u32, height: u32) -> &'static str {
    if width.min(height) >= LEVEL_3_FROM_SIDE {
        "3"
    } else {
        "1"
    }
}

#[cfg(test)]
mod tests {
    use super::ffv1_level;

    #[test]
    fn tiny_frames_are_stored_at_level_1() {
        assert_eq!(ffv1_level(1, 1), "1");
        assert_eq!(ffv1_level(2, 4000), "1");
        assert_eq!(ffv1_level(4000, 31), "1");
        assert_eq!(ffv1_level(32, 32), "3");
        assert_eq!(ffv1_level(1920, 1080), "3");
    }
}
