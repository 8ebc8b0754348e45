//! Animated images: GIF (a palette made for the frames), animated WebP (libwebp, lossy at
//! quality 75, exact with `--lossless`) and APNG (always exact). All three loop forever.

use crate::error::Failure;
use crate::stitch::options::StitchOptions;
use crate::term::shown::shown;

use super::{refuse_quality_options, Container, Encoding, Pixels};
use crate::stitch::max_size::animation_ladder::WEBP_QUALITY;

/// GIF delays are whole hundredths of a second, and players show a delay under 2 as 10.
const MAX_GIF_FPS: f64 = 50.0;

pub fn choose(mut encoding: Encoding, options: &StitchOptions) -> Result<Encoding, Failure> {
    if let Some(codec) = &options.codec {
        return Err(Failure::usage(format!(
            "--codec {codec} does not apply to {} output",
            encoding.container.name()
        ))
        .hint("framekit picks the encoder of GIF, WebP and APNG itself; drop --codec"));
    }
    match encoding.container {
        Container::Gif => {
            if options.lossless {
                return Err(Failure::usage(format!(
                    "--lossless cannot write {}",
                    shown(&options.output)
                ))
                .hint(
                    "a GIF has 256 colours a frame; for exact frames write .apng, .webp or .mkv",
                ));
            }
            refuse_quality_options(
                options,
                "GIF output",
                "GIF quality comes from its palette, which framekit optimises for you",
            )?;
            if options.fps.as_f64() > MAX_GIF_FPS {
                return Err(Failure::usage(format!(
                    "a GIF cannot play {} frames a second",
                    options.fps
                ))
                .hint(
                    "GIF frame delays are whole hundredths of a second, and players slow \
                     anything under 2 down to 10 frames a second: use --fps 50 or less, or \
                     write an .mp4",
                ));
            }
            encoding.video_codec = "gif".into();
            encoding.pixels = Pixels::Palette;
            // GIF counts repeats after the first play, as browsers read it: 0 loops forever,
            // -1 writes no loop block at all, which plays once.
            let repeats = options.plays.map_or(0, |plays| i64::from(plays) - 1);
            let repeats = if repeats == 0 && options.plays.is_some() {
                -1
            } else {
                repeats
            };
            encoding.codec_options = vec!["-loop".into(), repeats.to_string()];
        }
        Container::Webp => {
            refuse_quality_options(
                options,
                "WebP output",
                "WebP is lossy at quality 75; pass --lossless for exact frames",
            )?;
            // libwebp_anim picks each frame's blending and disposal; plain libwebp blends
            // every frame over the last, so transparent pixels show earlier frames.
            encoding.video_codec = "libwebp_anim".into();
            encoding.pixels = Pixels::Rgba("bgra");
            let quality = if options.lossless {
                ["-lossless", "1"]
            } else {
                ["-quality", &WEBP_QUALITY.to_string()]
            };
            // The muxer's -loop counts plays; 0 is forever (its default, 1, plays once).
            let plays = options.plays.unwrap_or(0).to_string();
            encoding.codec_options = [quality[0], quality[1], "-loop", &plays]
                .map(String::from)
                .to_vec();
        }
        Container::Apng => {
            refuse_quality_options(options, "APNG output", "APNG is always lossless")?;
            encoding.video_codec = "apng".into();
            encoding.pixels = Pixels::Rgba("rgba");
            // -plays counts plays; 0 is forever (the muxer's default, 1, plays once).
            let plays = options.plays.unwrap_or(0).to_string();
            encoding.codec_options = vec!["-plays".into(), plays];
        }
        _ => unreachable!("only animations come here"),
    }
    Ok(encoding)
}
