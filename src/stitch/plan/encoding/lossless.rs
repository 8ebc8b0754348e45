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
            encoding.codec_options = vec!["-level".into(), "3".into()];
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
