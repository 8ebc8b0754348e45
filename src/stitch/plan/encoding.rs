//! How the video will be encoded: the output's container (from its extension) and the
//! codec, pixel format and encoder options, checked against each other before any frame is
//! read. Errors here are usage errors (exit 2).

use std::path::Path;

use crate::error::Failure;
use crate::header::jpeg::Chroma;
use crate::stitch::options::StitchOptions;

/// The output formats framekit knows, picked by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Mp4,
    Mov,
    Mkv,
    Webm,
    Gif,
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
        }
    }

    fn default_video_codec(self) -> &'static str {
        match self {
            Container::Mp4 | Container::Mov | Container::Mkv => "libx264",
            Container::Webm => "libvpx-vp9",
            Container::Gif => "gif",
        }
    }

    fn audio_codec(self) -> Option<&'static str> {
        match self {
            Container::Mp4 | Container::Mov | Container::Mkv => Some("aac"),
            Container::Webm => Some("libopus"),
            Container::Gif => None,
        }
    }
}

/// How the video will be encoded: the options checked against each other.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoding {
    pub container: Container,
    pub video_codec: String,
    /// `None` keeps the frames' own pixel format (GIF, FFV1).
    pixel_format: Option<&'static str>,
    codec_options: Vec<String>,
    audio_codec: Option<&'static str>,
}

const EXTENSIONS: &str = ".mp4, .mov, .mkv, .webm or .gif";
/// GIF delays are whole hundredths of a second, and players show a delay under 2 as 10.
const MAX_GIF_FPS: f64 = 50.0;
const LOSSLESS_EXTENSIONS: &str = ".mkv (FFV1) or .mp4/.mov (H.264 RGB, qp 0)";

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
                return Err(Failure::usage("a GIF cannot have a soundtrack")
                    .hint("drop --audio, or write .mp4, .mov, .mkv or .webm"))
            }
        };
        if options.allows_mixed_sizes() && container == Container::Gif {
            let option = if options.fit.is_some() {
                "--fit"
            } else {
                "--pad"
            };
            return Err(Failure::usage(format!("{option} cannot make a GIF")).hint(
                "a GIF's palette is made in one pass that needs frames of one size: \
                 write .mp4, or make the frames one size",
            ));
        }
        let base = Encoding {
            container,
            video_codec: String::new(),
            pixel_format: None,
            codec_options: Vec::new(),
            audio_codec,
        };
        let encoding = if options.lossless {
            lossless(base, options)?
        } else {
            lossy(base, options)?
        };
        Ok(encoding)
    }

    pub fn is_gif(&self) -> bool {
        self.video_codec == "gif"
    }

    /// FFV1 (`--lossless .mkv`), which stores each frame's own pixel format exactly.
    pub fn is_ffv1(&self) -> bool {
        self.video_codec == "ffv1"
    }

    /// The pixel format every frame is converted to; None keeps the frames' own (GIF, FFV1).
    pub fn pixel_format(&self) -> Option<&'static str> {
        self.pixel_format
    }

    /// Encoder options after `-c:v` and `-pix_fmt`.
    pub fn codec_options(&self) -> &[String] {
        &self.codec_options
    }

    /// The soundtrack's encoder, when there is one.
    pub fn audio_codec(&self) -> Option<&'static str> {
        self.audio_codec
    }

    /// Lossless H.264 in MP4/MOV: exact for 8-bit RGB, no alpha, no 16 bits.
    pub fn keeps_only_8_bit_rgb(&self) -> bool {
        self.video_codec == "libx264rgb"
    }

    /// H.264 in 4:2:0 needs even sides; the others (GIF, RGB, FFV1) take any size.
    pub fn needs_even_size(&self) -> bool {
        self.pixel_format == Some("yuv420p")
    }

    /// The size of the encoded video for frames of `width` x `height`.
    pub fn padded_size(&self, width: u32, height: u32) -> (u32, u32) {
        if self.needs_even_size() {
            (width.div_ceil(2) * 2, height.div_ceil(2) * 2)
        } else {
            (width, height)
        }
    }
}

/// The plain YUV format FFV1 keeps a JPEG's full-range pixels in, exactly.
pub fn full_range_yuv(chroma: Chroma) -> Option<&'static str> {
    match chroma {
        Chroma::Yuv420 => Some("yuv420p"),
        Chroma::Yuv422 => Some("yuv422p"),
        Chroma::Yuv444 => Some("yuv444p"),
        // Gray JPEG decodes to gray, which FFV1 takes as it is.
        Chroma::Gray | Chroma::Other => None,
    }
}

fn lossy(mut encoding: Encoding, options: &StitchOptions) -> Result<Encoding, Failure> {
    let container = encoding.container;
    let codec = options
        .codec
        .clone()
        .unwrap_or_else(|| container.default_video_codec().to_string());
    if codec == "gif" || container == Container::Gif {
        if options.crf.is_some() || options.preset.is_some() {
            return Err(
                Failure::usage("--crf and --preset do not apply to GIF output")
                    .hint("GIF quality comes from its palette, which framekit optimises for you"),
            );
        }
        if options.fps.as_f64() > MAX_GIF_FPS {
            return Err(Failure::usage(format!(
                "a GIF cannot play {} frames a second",
                options.fps
            ))
            .hint(
                "GIF frame delays are whole hundredths of a second, and players slow anything \
                 under 2 down to 10 frames a second: use --fps 50 or less, or write an .mp4",
            ));
        }
        encoding.video_codec = codec;
        return Ok(encoding);
    }
    let is_vpx = codec.starts_with("libvpx");
    if is_vpx && options.preset.is_some() {
        return Err(
            Failure::usage(format!("--preset does not apply to {codec}"))
                .hint("use --crf for quality, or pass encoder options after --"),
        );
    }
    let max_crf = if is_vpx || codec.starts_with("libaom") {
        63
    } else {
        51
    };
    if let Some(crf) = options.crf {
        if crf > max_crf {
            return Err(Failure::usage(format!(
                "--crf {crf} is out of range for {codec} (0-{max_crf})"
            )));
        }
    }
    encoding.pixel_format = Some("yuv420p");
    let mut codec_options = Vec::new();
    if is_vpx {
        // libvpx defaults to a low fixed bitrate; -b:v 0 makes -crf a constant quality.
        let crf = options.crf.unwrap_or(32);
        codec_options.extend(["-crf".into(), crf.to_string(), "-b:v".into(), "0".into()]);
        codec_options.extend(["-row-mt".into(), "1".into(), "-cpu-used".into(), "4".into()]);
    } else if let Some(crf) = options.crf {
        codec_options.extend(["-crf".into(), crf.to_string()]);
    }
    if let Some(preset) = &options.preset {
        codec_options.extend(["-preset".into(), preset.clone()]);
    }
    let is_hevc = codec == "libx265" || codec.starts_with("hevc");
    if is_hevc && matches!(container, Container::Mp4 | Container::Mov) {
        // ffmpeg tags HEVC in MP4 as hev1 by default, which Apple's players refuse.
        codec_options.extend(["-tag:v".into(), "hvc1".into()]);
    }
    encoding.video_codec = codec;
    encoding.codec_options = codec_options;
    Ok(encoding)
}

fn lossless(mut encoding: Encoding, options: &StitchOptions) -> Result<Encoding, Failure> {
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
            encoding.pixel_format = Some("rgb24");
            encoding.codec_options = vec!["-qp".into(), "0".into()];
            if let Some(preset) = &options.preset {
                encoding
                    .codec_options
                    .extend(["-preset".into(), preset.clone()]);
            }
        }
        Container::Webm | Container::Gif => {
            return Err(Failure::usage(format!(
                "--lossless cannot write {}",
                crate::term::shown::shown(&options.output)
            ))
            .hint(format!("lossless output must be {LOSSLESS_EXTENSIONS}")));
        }
    }
    Ok(encoding)
}
