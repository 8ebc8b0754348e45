//! `--lossless` must give back every frame exactly: what a container cannot keep is refused
//! before any work (exit 1, nothing written), naming the first frame, what it holds, and
//! what would keep it.

use crate::error::Failure;
use crate::header::jpeg::Chroma;
use crate::header::png::PngPixels;
use crate::header::FrameFormat;
use crate::stitch::plan::StitchPlan;

use super::Container;

/// Every `--lossless` check, the frames' own layout first, then what the container keeps.
pub fn lossless_fits(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    if !plan.options.lossless {
        return Ok(());
    }
    match plan.frames.format {
        FrameFormat::Jpeg => jpeg_fits(plan),
        FrameFormat::Png => png_fits(plan),
    }
}

fn refusal(title: String, hint: &str) -> Failure {
    Failure::failed(title).nothing_written().hint(hint)
}

/// JPEG: FFV1 keeps the YCbCr (or gray) it decodes to, one layout for all frames; the
/// other containers store RGB, which only a gray JPEG reaches exactly. CMYK and the
/// layouts without a plain YUV format are kept by none.
fn jpeg_fits(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    let frames = plan.frames;
    let pixels = &frames.pixels;
    if let Some((at, chroma)) = pixels.unkept_jpeg {
        let file = frames.shown(at);
        return Err(match chroma {
            Chroma::Cmyk | Chroma::Ycck => refusal(
                format!(
                    "--lossless cannot keep {file} exactly: it is a {} JPEG, which ffmpeg \
                     turns into RGB its own way (the black ink is folded in)",
                    chroma.name()
                ),
                "convert it to an RGB PNG with a colour-managed tool first (for example \
                 `magick in.jpg -colorspace sRGB out.png`), or drop --lossless",
            ),
            _ => refusal(
                format!(
                    "--lossless cannot keep {file} exactly: its JPEG colour layout (4:1:1, \
                     4:4:0, RGB-coded, 12-bit, limited range, or 4:2:2 turned by its EXIF \
                     orientation) has no exact counterpart in any lossless output"
                ),
                "drop --lossless, or convert the frames to PNG first",
            ),
        });
    }
    if plan.encoding.container == Container::Mkv {
        if let Some(((first, first_layout), (other, other_layout))) = pixels.jpeg_layouts_apart {
            return Err(refusal(
                format!(
                    "--lossless keeps JPEG frames exactly only when they share one colour \
                     layout, but {} is {} and {} is {}",
                    frames.shown(first),
                    first_layout.name(),
                    frames.shown(other),
                    other_layout.name()
                ),
                "choose the frames of one camera setting with --glob, or drop --lossless",
            ));
        }
        return Ok(());
    }
    let Some((at, chroma)) = pixels.colour_jpeg else {
        return Ok(());
    };
    Err(refusal(
        format!(
            "--lossless {} stores RGB, but {} is a {} JPEG (YCbCr): its conversion to RGB \
             would not give back the JPEG's own pixels",
            stores(plan.encoding.container),
            frames.shown(at),
            chroma.name()
        ),
        "write .mkv instead (FFV1 keeps a JPEG's YCbCr exactly), or drop --lossless",
    ))
}

/// PNG: FFV1 and APNG keep every kind ffmpeg reads whole; H.264 RGB only 8-bit RGB; WebP 8 bits a channel.
fn png_fits(plan: &StitchPlan<'_>) -> Result<(), Failure> {
    let pixels = &plan.frames.pixels;
    if let Some((at, png)) = pixels.unread_transparency {
        return Err(refusal(
            format!(
                "--lossless cannot keep {} exactly: it is {}, and ffmpeg's PNG decoder \
                 reads the transparency of 8- and 16-bit gray only",
                plan.frames.shown(at),
                png.described()
            ),
            "save it as 8-bit gray with alpha first, or drop --lossless (its transparent \
             pixels then show their gray)",
        ));
    }
    let first = |at: Option<usize>, png: Option<PngPixels>| {
        Some((
            at?,
            png.map_or("a PNG with more than 8-bit RGB".into(), |p| p.described()),
        ))
    };
    let alpha = first(pixels.with_alpha, pixels.with_alpha_png);
    let deep = first(pixels.deep, pixels.deep_png);
    let (found, keeps, hint) = match plan.encoding.container {
        Container::Mp4 | Container::Mov => (
            alpha.or(deep),
            ".mp4/.mov (H.264 RGB) keeps 8-bit RGB only",
            "write .mkv instead (FFV1 keeps every frame exactly), or drop --lossless",
        ),
        Container::Webp => (
            deep,
            ".webp keeps 8 bits a channel",
            "write .apng or .mkv instead (both keep 16 bits exactly), or drop --lossless",
        ),
        _ => (None, "", ""),
    };
    match found {
        Some((at, what)) => Err(refusal(
            format!(
                "--lossless {keeps}, but {} is {what}",
                plan.frames.shown(at)
            ),
            hint,
        )),
        None => Ok(()),
    }
}

/// The container as the RGB refusal names it.
fn stores(container: Container) -> &'static str {
    match container {
        Container::Mp4 | Container::Mov => ".mp4/.mov (H.264 RGB)",
        Container::Webp => ".webp",
        Container::Apng => ".apng",
        _ => "output",
    }
}
