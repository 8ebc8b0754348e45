//! How the video will be encoded: the output's container (from its extension), the codec,
//! how the frames' pixels are carried (BT.709 YUV, ProRes, a palette, RGBA, exactly), and
//! the encoder options, checked against each other before any frame is read. Errors here
//! are usage errors (exit 2).

mod animation;
pub mod exact_checks;
pub mod hardware;
mod lossless;

pub use lossless::ffv1_level;
mod video;

use std::path::Path;

use crate::error::Failure;
use crate::header::jpeg::Chroma;
use crate::stitch::max_size::animation_ladder::{self, Setting};
use crate::stitch::options::StitchOptions;
use hardware::{Api, HardwareRequest};

/// The output formats framekit knows, picked by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Mp4,
    Mov,
    Mkv,
    Webm,
    Gif,
    Webp,
    Apng,
}

impl Container {
    pub fn from_path(path: &Path) -> Option<Container> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "mp4" | "m4v" => Container::Mp4,
            "mov" => Container::Mov,
            "mkv" => Container::Mkv,
            "webm" => Container::Webm,
            "gif" => Container::Gif,
            "webp" => Container::Webp,
            "apng" => Container::Apng,
            _ => return None,
        })
    }

    /// ffmpeg's muxer name, given with `-f` because the temporary file's name is not the
    /// output's.
    pub fn muxer(self) -> &'static str {
        match self {
            Container::Mp4 => "mp4",
            Container::Mov => "mov",
            Container::Mkv => "matroska",
            Container::Webm => "webm",
            Container::Gif => "gif",
            Container::Webp => "webp",
            Container::Apng => "apng",
        }
    }

    /// An animated image (GIF, WebP, APNG) rather than a video.
    pub fn is_animation(self) -> bool {
        matches!(self, Container::Gif | Container::Webp | Container::Apng)
    }

    /// What the user calls it in messages.
    pub fn name(self) -> &'static str {
        match self {
            Container::Mp4 => "an MP4",
            Container::Mov => "a MOV",
            Container::Mkv => "an MKV",
            Container::Webm => "a WebM",
            Container::Gif => "a GIF",
            Container::Webp => "a WebP",
            Container::Apng => "an APNG",
        }
    }

    fn audio_codec(self) -> Option<&'static str> {
        match self {
            Container::Mp4 | Container::Mov | Container::Mkv => Some("aac"),
            Container::Webm => Some("libopus"),
            Container::Gif | Container::Webp | Container::Apng => None,
        }
    }
}

/// How the frames' pixels reach the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pixels {
    /// 4:2:0 YUV, converted from RGB with BT.709's matrix to TV range and tagged so, which
    /// players that follow the tags and players that assume BT.709 both show right.
    /// `alpha`: the codec can carry an alpha plane (VP9, as `yuva420p`).
    Yuv420 { alpha: bool },
    /// ProRes 4444 (`yuva444p10le`, BT.709), alpha included, for video editors.
    ProRes,
    /// GIF's palette, made for these frames.
    Palette,
    /// RGB with alpha as the encoder takes it (`bgra` for WebP, `rgba` for APNG).
    Rgba(&'static str),
    /// FFV1: each frame's own pixel format, exactly.
    Exact,
    /// H.264 RGB at qp 0 (`--lossless .mp4/.mov`): 8-bit RGB only, exactly.
    Rgb8,
}

/// How the video will be encoded: the options checked against each other.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoding {
    pub container: Container,
    pub video_codec: String,
    pub pixels: Pixels,
    codec_options: Vec<String>,
    audio_codec: Option<&'static str>,
    /// GIF: the palette's colours and dithering (`--max-size` may lower them).
    pub gif_palette: (u16, &'static str),
    /// `--hw`, checked: which GPU encoders to try in place of the software codec above.
    pub hardware_request: Option<HardwareRequest>,
    /// The GPU encoder chosen (`Encoding::on_hardware`), when one is.
    pub hardware: Option<Api>,
}

const EXTENSIONS: &str = ".mp4, .mov, .mkv, .webm, .gif, .webp or .apng";

impl Encoding {
    /// Checks the options against the output's format; errors are usage errors (exit 2).
    pub fn choose(options: &StitchOptions) -> Result<Encoding, Failure> {
        let output = crate::term::shown::shown(&options.output);
        let container = Container::from_path(&options.output).ok_or_else(|| {
            Failure::usage(format!(
                "cannot tell the video format of {output} from its extension"
            ))
            .hint(format!("name the output with {EXTENSIONS}"))
        })?;
        let audio_codec = match (&options.audio, container.audio_codec()) {
            (None, _) => None,
            (Some(_), Some(codec)) => Some(codec),
            (Some(_), None) => {
                return Err(Failure::usage(format!(
                    "{} cannot have a soundtrack",
                    container.name()
                ))
                .hint("drop --audio, or write .mp4, .mov, .mkv or .webm"))
            }
        };
        if options.lossless && options.background.is_some() {
            return Err(Failure::usage(
                "--lossless keeps every pixel as it is, so it cannot composite onto \
                 --background",
            )
            .hint("drop --background (FFV1 and APNG keep transparency), or drop --lossless"));
        }
        if options.plays.is_some() && !container.is_animation() {
            return Err(Failure::usage(format!(
                "--plays applies to GIF, WebP and APNG, not {}",
                container.name()
            ))
            .hint("players choose how often a video repeats; drop --plays, or write .gif, .webp or .apng"));
        }
        if options.max_size.is_some() && options.lossless {
            return Err(
                Failure::usage("--max-size cannot make --lossless output smaller").hint(
                    "framekit sizes lossy video by its bitrate, and GIF, WebP and APNG by \
                     their settings: drop --lossless",
                ),
            );
        }
        let base = Encoding {
            container,
            video_codec: String::new(),
            pixels: Pixels::Exact,
            codec_options: Vec::new(),
            audio_codec,
            gif_palette: (animation_ladder::GIF_COLOURS, animation_ladder::GIF_DITHER),
            hardware_request: None,
            hardware: None,
        };
        if options.hw.is_some() {
            hardware::refuse_without_path(options, container)?;
        }
        if container.is_animation() {
            animation::choose(base, options)
        } else if options.lossless {
            lossless::choose(base, options)
        } else {
            video::choose(base, options)
        }
    }

    /// This encoding on `api`'s GPU encoder: its name, its constant quality for `--crf`,
    /// HEVC's hvc1 tag; pixels, colours and everything else as in software.
    pub fn on_hardware(&self, api: Api) -> Encoding {
        let request = self.hardware_request.expect("--hw was checked");
        let mut encoding = self.clone();
        encoding.video_codec = api.encoder(request.family).to_string();
        encoding.codec_options = api.quality_args(request.crf);
        let hvc1 = self.codec_options.iter().position(|o| o == "-tag:v");
        if let Some(at) = hvc1 {
            encoding
                .codec_options
                .extend(self.codec_options[at..at + 2].iter().cloned());
        }
        encoding.hardware = Some(api);
        encoding
    }

    pub fn is_gif(&self) -> bool {
        self.pixels == Pixels::Palette
    }

    /// FFV1 (`--lossless .mkv`), which stores each frame's own pixel format exactly.
    pub fn is_ffv1(&self) -> bool {
        self.pixels == Pixels::Exact
    }

    /// Whether the format can carry the frames' transparency (VP9 WebM, ProRes, GIF's one
    /// bit, WebP, APNG, FFV1); the others show it composited onto the background.
    pub fn keeps_alpha(&self) -> bool {
        match self.pixels {
            Pixels::Yuv420 { alpha } => alpha,
            Pixels::ProRes | Pixels::Palette | Pixels::Rgba(_) | Pixels::Exact => true,
            Pixels::Rgb8 => false,
        }
    }

    /// Encoder options after `-c:v` and `-pix_fmt`.
    pub fn codec_options(&self) -> &[String] {
        &self.codec_options
    }

    /// This encoding with a `--max-size` setting's palette, quality or PNG filters.
    pub fn shrunk(&self, setting: &Setting) -> Encoding {
        let mut encoding = self.clone();
        match self.container {
            Container::Gif => encoding.gif_palette = (setting.colours, setting.dither),
            Container::Webp => {
                if let Some(at) = encoding.codec_options.iter().position(|o| o == "-quality") {
                    encoding.codec_options[at + 1] = setting.quality.to_string();
                }
            }
            Container::Apng if setting.best_filter => {
                encoding
                    .codec_options
                    .extend(["-pred".into(), "mixed".into()]);
            }
            _ => {}
        }
        encoding
    }

    /// The soundtrack's encoder, when there is one.
    pub fn audio_codec(&self) -> Option<&'static str> {
        self.audio_codec
    }

    /// 4:2:0 YUV without alpha needs even sides (H.264 refuses odd ones); the others take
    /// any size.
    pub fn needs_even_size(&self) -> bool {
        matches!(self.pixels, Pixels::Yuv420 { .. })
    }
}

/// The plain YUV format FFV1 keeps a JPEG's full-range pixels in, exactly.
pub fn full_range_yuv(chroma: Chroma) -> Option<&'static str> {
    match chroma {
        Chroma::Yuv420 => Some("yuv420p"),
        Chroma::Yuv422 => Some("yuv422p"),
        Chroma::Yuv444 => Some("yuv444p"),
        // Gray JPEG decodes to gray, which FFV1 takes as it is.
        Chroma::Gray | Chroma::Cmyk | Chroma::Ycck | Chroma::Other => None,
    }
}

/// `--crf` and `--preset` do not apply to `what`: a usage error.
fn refuse_quality_options(options: &StitchOptions, what: &str, why: &str) -> Result<(), Failure> {
    if options.crf.is_some() || options.preset.is_some() {
        return Err(Failure::usage(format!("--crf and --preset do not apply to {what}")).hint(why));
    }
    Ok(())
}
