//! Pure functions from `stitch` options and validated frames to ffmpeg's argument list.
//! No I/O here: every choice is unit-tested below.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::ffmpeg::path_arg;
use crate::frame_header::FrameFormat;
use crate::frames::PixelSummary;
use crate::jpeg_header::Chroma;
use crate::rate::FrameRate;

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
    fn muxer(self) -> &'static str {
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

/// What the user asked for, before any frame is read.
#[derive(Debug, Clone)]
pub struct StitchOptions {
    pub output: PathBuf,
    pub fps: FrameRate,
    pub crf: Option<u8>,
    pub preset: Option<String>,
    pub codec: Option<String>,
    pub audio: Option<PathBuf>,
    pub lossless: bool,
    /// Scale every frame to this width, keeping its shape.
    pub width: Option<u32>,
    /// Centre frames of different sizes on the largest, on this colour.
    pub pad: Option<String>,
    pub extra: Vec<OsString>,
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
/// Options after `--` that set the video filter chain, which framekit's own joins.
const USER_FILTER_OPTIONS: [&str; 4] = ["-vf", "-filter", "-filter:v", "-filter:v:0"];
/// ffmpeg filters that drop, repeat or add frames.
const FRAME_COUNT_FILTERS: [&str; 9] = [
    "fps",
    "select",
    "framestep",
    "decimate",
    "mpdecimate",
    "tpad",
    "loop",
    "trim",
    "framerate",
];
/// Options after `--` that build a filter graph of their own, which cannot be joined.
const USER_GRAPH_OPTIONS: [&str; 2] = ["-filter_complex", "-lavfi"];
/// GIF delays are whole hundredths of a second, and players show a delay under 2 as 10.
const MAX_GIF_FPS: f64 = 50.0;
const LOSSLESS_EXTENSIONS: &str = ".mkv (FFV1) or .mp4/.mov (H.264 RGB, qp 0)";

impl Encoding {
    /// Checks the options against the output's format; errors are usage errors (exit 2).
    pub fn choose(options: &StitchOptions) -> Result<Encoding, Failure> {
        let output = crate::shown::shown(&options.output);
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
        if let Some(colour) = &options.pad {
            check_colour(colour)?;
            if container == Container::Gif {
                return Err(Failure::usage("--pad cannot make a GIF").hint(
                    "a GIF's palette is made in one pass that needs frames of one size: \
                     write .mp4, or make the frames one size",
                ));
            }
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

    /// Lossless H.264 in MP4/MOV: exact for 8-bit RGB, no alpha, no 16 bits.
    pub fn keeps_only_8_bit_rgb(&self) -> bool {
        self.video_codec == "libx264rgb"
    }

    /// H.264 in 4:2:0 needs even sides; the others (GIF, RGB, FFV1) take any size.
    fn needs_even_size(&self) -> bool {
        self.pixel_format == Some("yuv420p")
    }

    /// The size of the encoded video for frames of `width` x `height`.
    fn padded_size(&self, width: u32, height: u32) -> (u32, u32) {
        if self.needs_even_size() {
            (width.div_ceil(2) * 2, height.div_ceil(2) * 2)
        } else {
            (width, height)
        }
    }
}

/// The plain YUV format FFV1 keeps a JPEG's full-range pixels in, exactly.
fn full_range_yuv(chroma: Chroma) -> Option<&'static str> {
    match chroma {
        Chroma::Yuv420 => Some("yuv420p"),
        Chroma::Yuv422 => Some("yuv422p"),
        Chroma::Yuv444 => Some("yuv444p"),
        // Gray JPEG decodes to gray, which FFV1 takes as it is.
        Chroma::Gray | Chroma::Other => None,
    }
}

/// The colour names ffmpeg knows (`ffmpeg -colors`, 5.1), so that a wrong one is a usage
/// error before anything runs rather than a failure inside ffmpeg.
const COLOUR_NAMES: &[&str] = &[
    "AliceBlue",
    "AntiqueWhite",
    "Aqua",
    "Aquamarine",
    "Azure",
    "Beige",
    "Bisque",
    "Black",
    "BlanchedAlmond",
    "Blue",
    "BlueViolet",
    "Brown",
    "BurlyWood",
    "CadetBlue",
    "Chartreuse",
    "Chocolate",
    "Coral",
    "CornflowerBlue",
    "Cornsilk",
    "Crimson",
    "Cyan",
    "DarkBlue",
    "DarkCyan",
    "DarkGoldenRod",
    "DarkGray",
    "DarkGreen",
    "DarkKhaki",
    "DarkMagenta",
    "DarkOliveGreen",
    "Darkorange",
    "DarkOrchid",
    "DarkRed",
    "DarkSalmon",
    "DarkSeaGreen",
    "DarkSlateBlue",
    "DarkSlateGray",
    "DarkTurquoise",
    "DarkViolet",
    "DeepPink",
    "DeepSkyBlue",
    "DimGray",
    "DodgerBlue",
    "FireBrick",
    "FloralWhite",
    "ForestGreen",
    "Fuchsia",
    "Gainsboro",
    "GhostWhite",
    "Gold",
    "GoldenRod",
    "Gray",
    "Green",
    "GreenYellow",
    "HoneyDew",
    "HotPink",
    "IndianRed",
    "Indigo",
    "Ivory",
    "Khaki",
    "Lavender",
    "LavenderBlush",
    "LawnGreen",
    "LemonChiffon",
    "LightBlue",
    "LightCoral",
    "LightCyan",
    "LightGoldenRodYellow",
    "LightGreen",
    "LightGrey",
    "LightPink",
    "LightSalmon",
    "LightSeaGreen",
    "LightSkyBlue",
    "LightSlateGray",
    "LightSteelBlue",
    "LightYellow",
    "Lime",
    "LimeGreen",
    "Linen",
    "Magenta",
    "Maroon",
    "MediumAquaMarine",
    "MediumBlue",
    "MediumOrchid",
    "MediumPurple",
    "MediumSeaGreen",
    "MediumSlateBlue",
    "MediumSpringGreen",
    "MediumTurquoise",
    "MediumVioletRed",
    "MidnightBlue",
    "MintCream",
    "MistyRose",
    "Moccasin",
    "NavajoWhite",
    "Navy",
    "OldLace",
    "Olive",
    "OliveDrab",
    "Orange",
    "OrangeRed",
    "Orchid",
    "PaleGoldenRod",
    "PaleGreen",
    "PaleTurquoise",
    "PaleVioletRed",
    "PapayaWhip",
    "PeachPuff",
    "Peru",
    "Pink",
    "Plum",
    "PowderBlue",
    "Purple",
    "Red",
    "RosyBrown",
    "RoyalBlue",
    "SaddleBrown",
    "Salmon",
    "SandyBrown",
    "SeaGreen",
    "SeaShell",
    "Sienna",
    "Silver",
    "SkyBlue",
    "SlateBlue",
    "SlateGray",
    "Snow",
    "SpringGreen",
    "SteelBlue",
    "Tan",
    "Teal",
    "Thistle",
    "Tomato",
    "Turquoise",
    "Violet",
    "Wheat",
    "White",
    "WhiteSmoke",
    "Yellow",
    "YellowGreen",
];

/// A colour ffmpeg knows by name (white), or #RRGGBB / #RRGGBBAA.
fn check_colour(colour: &str) -> Result<(), Failure> {
    let hex = colour
        .strip_prefix('#')
        .or_else(|| colour.strip_prefix("0x"));
    let valid = match hex {
        Some(digits) => {
            matches!(digits.len(), 6 | 8) && digits.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => COLOUR_NAMES
            .iter()
            .any(|name| name.eq_ignore_ascii_case(colour)),
    };
    if valid {
        Ok(())
    } else {
        Err(Failure::usage(format!("--pad {colour:?} is not a colour"))
            .hint("give a name such as white or black, or #RRGGBB"))
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
    if options.width.is_some() {
        return Err(
            Failure::usage("--lossless keeps every pixel, so it cannot scale (--width)")
                .hint("drop --width, or drop --lossless"),
        );
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
                crate::shown::shown(&options.output)
            ))
            .hint(format!("lossless output must be {LOSSLESS_EXTENSIONS}")));
        }
    }
    Ok(encoding)
}

/// Everything the argument list depends on.
#[derive(Debug, Clone)]
pub struct StitchPlan<'a> {
    pub options: &'a StitchOptions,
    pub encoding: &'a Encoding,
    pub frame_format: FrameFormat,
    pub width: u32,
    pub height: u32,
    pub frames: u64,
    pub pixels: PixelSummary,
}

/// Where the encoded video goes, and what ffmpeg does if it exists.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub path: &'a Path,
    /// `-y` (replace) rather than `-n` (refuse).
    pub overwrite: bool,
    /// Add `-progress pipe:1 -nostats` for framekit's own progress bar.
    pub report_progress: bool,
}

impl StitchPlan<'_> {
    /// The full ffmpeg argument list; the frames arrive concatenated on stdin.
    pub fn ffmpeg_args(&self, destination: Destination<'_>) -> Vec<OsString> {
        let mut args = Args::default();
        // -xerror: a frame that fails to decode stops ffmpeg with an error, where it would
        // otherwise drop or duplicate frames and exit 0.
        args.push_all(["-hide_banner", "-nostdin", "-loglevel", "error", "-xerror"]);
        if destination.report_progress {
            args.push_all(["-progress", "pipe:1", "-nostats"]);
        }
        self.push_frames_input(&mut args);
        if let Some(audio) = &self.options.audio {
            // Cut the soundtrack at the video's length; shorter ones are padded below.
            args.push_all(["-t", &self.duration_arg(), "-i"]);
            args.push(path_arg(audio));
            args.push_all(["-map", "0:v:0", "-map", "1:a:0"]);
        }
        // ffmpeg keeps only the last -vf: the user's would silently replace framekit's (the
        // GIF palette, the padding to even), so the two become one chain.
        let (user_filter, extra) = self.split_user_filter();
        if let Some(filter) = self.video_filter(user_filter.as_deref()) {
            args.push_all(["-vf", &filter]);
        }
        let encoding = self.encoding;
        args.push_all(["-c:v", &encoding.video_codec]);
        if let Some(pixel_format) = encoding.pixel_format {
            args.push_all(["-pix_fmt", pixel_format]);
        } else if encoding.video_codec == "ffv1" && self.frame_format == FrameFormat::Jpeg {
            if let Some(pixel_format) = self.pixels.jpeg_chroma.and_then(full_range_yuv) {
                // JPEG decodes to full-range YUV (yuvj*), which FFV1 takes only as plain
                // YUV: marked full range, so that no value is squeezed to TV range.
                args.push_all(["-pix_fmt", pixel_format, "-color_range", "pc"]);
            }
        } else if encoding.video_codec == "ffv1" && self.pixels.mixed {
            // Left alone, ffmpeg converts every frame to the first one's pixel format: a gray
            // first frame would turn the colour frames gray.
            args.push_all(["-pix_fmt", self.pixels.union.ffv1_pixel_format()]);
        }
        args.push_all(encoding.codec_options.iter().map(String::as_str));
        if let Some(audio_codec) = encoding.audio_codec {
            let pad = format!("apad=whole_dur={}", self.duration_arg());
            args.push_all(["-c:a", audio_codec, "-af", &pad]);
        }
        if matches!(encoding.container, Container::Mp4 | Container::Mov) {
            // The index at the front, so browsers can play while downloading.
            args.push_all(["-movflags", "+faststart"]);
        }
        args.0.extend(extra);
        args.push_all(["-f", encoding.container.muxer()]);
        args.push(if destination.overwrite { "-y" } else { "-n" });
        args.push(path_arg(destination.path));
        args.0
    }

    fn push_frames_input(&self, args: &mut Args) {
        let decoder = self.frame_format.decoder();
        args.push_all(["-f", "image2pipe", "-c:v", decoder]);
        args.push_all(["-framerate", &self.options.fps.to_string()]);
        if self.encoding.is_gif() {
            // Frames of one size may still differ in colour type; by default ffmpeg rebuilds
            // the filter graph when that changes, and a rebuilt palettegen drops frames.
            args.push_all(["-reinit_filter", "0"]);
        }
        args.push_all(["-i", "pipe:0"]);
    }

    /// The user's `-vf FILTER` (or `-filter:v`) after `--`, and the other extra options.
    fn split_user_filter(&self) -> (Option<String>, Vec<OsString>) {
        let mut filter = None;
        let mut rest = Vec::new();
        let mut extra = self.options.extra.iter();
        while let Some(option) = extra.next() {
            if USER_FILTER_OPTIONS.iter().any(|name| option == name) {
                if let Some(value) = extra.next() {
                    // The last one counts, as in ffmpeg.
                    filter = Some(value.to_string_lossy().into_owned());
                    continue;
                }
            }
            rest.push(option.clone());
        }
        (filter, rest)
    }

    /// Whether options after `--` may change the video's size (a filter, `-s`), so that
    /// only the finished file can tell it.
    pub fn size_may_change(&self) -> bool {
        let options = USER_FILTER_OPTIONS
            .iter()
            .chain(USER_GRAPH_OPTIONS.iter())
            .chain(["-s", "-s:v"].iter());
        self.options
            .extra
            .iter()
            .any(|option| options.clone().any(|name| option == name))
    }

    /// A user filter that drops or repeats frames would fail the frame-count check, but only
    /// after the whole encode: said at once instead.
    pub fn check_user_filter_keeps_frames(&self) -> Result<(), Failure> {
        let (Some(filter), _) = self.split_user_filter() else {
            return Ok(());
        };
        let found = filter
            .split([',', ';'])
            .map(|step| step.trim().split(['=', '@']).next().unwrap_or(""))
            .find(|name| FRAME_COUNT_FILTERS.contains(name));
        match found {
            Some(name) => Err(Failure::usage(format!(
                "the filter {name} after -- changes the number of frames; framekit encodes \
                 every frame exactly once"
            ))
            .hint("set the rate with --fps, and choose the frames with --glob")),
            None => Ok(()),
        }
    }

    /// A `-filter_complex` after `--` cannot be joined with the filter framekit needs (the
    /// padding to even, the GIF palette, --pad, --width): ffmpeg refuses the two together.
    pub fn check_user_graph(&self) -> Result<(), Failure> {
        let graph = self
            .options
            .extra
            .iter()
            .find(|option| USER_GRAPH_OPTIONS.iter().any(|name| *option == name));
        match (graph, self.video_filter(None)) {
            (Some(option), Some(_)) => Err(Failure::usage(format!(
                "{} after -- cannot be combined with the filter framekit needs here (padding \
                 to even, the GIF palette, --pad or --width)",
                option.to_string_lossy()
            ))
            .hint("give a simple filter chain with -vf instead: framekit joins it with its own")),
            _ => Ok(()),
        }
    }

    /// The size of the encoded video: scaled to --width, then padded to even if need be.
    pub fn output_size(&self) -> (u32, u32) {
        let (width, height) = self.scaled_size();
        self.encoding.padded_size(width, height)
    }

    /// The size every frame has before scaling: with --pad, the largest, rounded up to even
    /// when the pixels are subsampled (ffmpeg's pad filter rounds a size down to the chroma
    /// subsampling of JPEG's 4:2:0, which would make it smaller than the largest frame).
    fn canvas_size(&self) -> (u32, u32) {
        let subsampled = self.encoding.needs_even_size() || self.frame_format == FrameFormat::Jpeg;
        if self.options.pad.is_some() && subsampled {
            (self.width.div_ceil(2) * 2, self.height.div_ceil(2) * 2)
        } else {
            (self.width, self.height)
        }
    }

    /// The frames' size after --width, computed as ffmpeg's `scale=W:-2` (or `-1`) does:
    /// the height rounded to the nearest multiple of 2 (or 1), halves away from zero.
    fn scaled_size(&self) -> (u32, u32) {
        let (from_width, from_height) = self.canvas_size();
        let Some(width) = self.options.width else {
            return (from_width, from_height);
        };
        let factor: u64 = if self.encoding.needs_even_size() {
            2
        } else {
            1
        };
        let divisor = u64::from(from_width) * factor;
        let height = (u64::from(width) * u64::from(from_height) + divisor / 2) / divisor * factor;
        (width, u32::try_from(height).unwrap_or(u32::MAX))
    }

    /// The whole chain, in this order: --pad's canvas, the user's filter, --width, then the
    /// padding to even or the GIF palette.
    fn video_filter(&self, user: Option<&str>) -> Option<String> {
        let mut filters = Vec::new();
        // ffmpeg's pad filter works in whole chroma blocks: on 4:2:0 JPEG it drops an odd last
        // column and paints colours in its own way (white as light gray on gray PNG), so the
        // frames are first made RGB (PNG) or 4:4:4 (JPEG), which lossy output loses nothing by.
        let unsubsampled = match self.frame_format {
            FrameFormat::Png => "format=rgb24",
            FrameFormat::Jpeg => "format=yuv444p",
        };
        if let Some(colour) = &self.options.pad {
            // Each frame centred on the largest size; ffmpeg rebuilds the chain for each new
            // frame size, and this step makes them all one size again.
            let (width, height) = self.canvas_size();
            filters.push(unsubsampled.to_string());
            filters.push(format!(
                "pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour}"
            ));
        }
        if let Some(user) = user {
            filters.push(user.to_string());
        }
        if let Some(width) = self.options.width {
            let height = if self.encoding.needs_even_size() {
                -2
            } else {
                -1
            };
            filters.push(format!("scale={width}:{height}"));
        }
        if self.encoding.is_gif() {
            // One pass: a palette made for these frames, weighted to what changes.
            filters.push("split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse".into());
        } else if self.encoding.needs_even_size() && user.is_some() {
            // The user's filter may change the size: pad whatever comes out (a no-op when
            // even), without the smear, whose sides must be known in advance.
            filters.push("pad=ceil(iw/2)*2:ceil(ih/2)*2".into());
        } else if self.encoding.needs_even_size() {
            let (width, height) = self.scaled_size();
            let (right, bottom) = (width % 2, height % 2);
            // The added column or row repeats its neighbour ("smear"): a black line along
            // the edge of a white plot would show.
            if (right, bottom) != (0, 0) {
                filters.push(unsubsampled.to_string());
                filters.push(format!(
                    "pad=ceil(iw/2)*2:ceil(ih/2)*2,\
                     fillborders=right={right}:bottom={bottom}:mode=smear"
                ));
            }
        }
        let jpeg_to_ffv1 =
            self.encoding.video_codec == "ffv1" && self.frame_format == FrameFormat::Jpeg;
        if jpeg_to_ffv1 && self.pixels.jpeg_chroma.and_then(full_range_yuv).is_some() {
            // The conversion from yuvj* keeps the full range (see ffmpeg_args).
            filters.push("scale=in_range=full:out_range=full".into());
        }
        (!filters.is_empty()).then(|| filters.join(","))
    }

    /// The video's duration in seconds, for cutting and padding the soundtrack.
    fn duration_arg(&self) -> String {
        format!("{:.6}", self.options.fps.seconds_for(self.frames))
    }
}

#[derive(Default)]
struct Args(Vec<OsString>);

impl Args {
    fn push(&mut self, arg: impl Into<OsString>) {
        self.0.push(arg.into());
    }

    fn push_all<'s>(&mut self, args: impl IntoIterator<Item = &'s str>) {
        self.0.extend(args.into_iter().map(OsString::from));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(output: &str) -> StitchOptions {
        StitchOptions {
            output: PathBuf::from(output),
            fps: "25".parse().unwrap(),
            crf: None,
            preset: None,
            codec: None,
            audio: None,
            lossless: false,
            width: None,
            pad: None,
            extra: Vec::new(),
        }
    }

    /// A plan for PNG frames of `width` x `height`.
    fn plan<'a>(
        options: &'a StitchOptions,
        encoding: &'a Encoding,
        width: u32,
        height: u32,
    ) -> StitchPlan<'a> {
        StitchPlan {
            options,
            encoding,
            frame_format: FrameFormat::Png,
            width,
            height,
            frames: 50,
            pixels: PixelSummary::default(),
        }
    }

    fn args_for(options: &StitchOptions, width: u32, height: u32) -> Vec<String> {
        let encoding = Encoding::choose(options).unwrap();
        let plan = plan(options, &encoding, width, height);
        let destination = Destination {
            path: &options.output,
            overwrite: false,
            report_progress: false,
        };
        plan.ffmpeg_args(destination)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    fn joined(options: &StitchOptions) -> String {
        args_for(options, 64, 48).join(" ")
    }

    #[test]
    fn mp4_is_playable_h264_from_frames_on_stdin() {
        assert_eq!(
            joined(&options("movie.mp4")),
            "-hide_banner -nostdin -loglevel error -xerror \
             -f image2pipe -c:v png -framerate 25 -i pipe:0 \
             -c:v libx264 -pix_fmt yuv420p -movflags +faststart -f mp4 -n movie.mp4"
        );
    }

    #[test]
    fn progress_and_overwrite_are_run_time_choices() {
        let options = options("movie.mkv");
        let encoding = Encoding::choose(&options).unwrap();
        let plan = StitchPlan {
            options: &options,
            encoding: &encoding,
            frame_format: FrameFormat::Jpeg,
            width: 64,
            height: 48,
            frames: 3,
            pixels: PixelSummary::default(),
        };
        let args = plan.ffmpeg_args(Destination {
            path: Path::new("dir/.movie.mkv.framekit-1.part"),
            overwrite: true,
            report_progress: true,
        });
        let text: Vec<_> = args.iter().map(|a| a.to_str().unwrap()).collect();
        let text = text.join(" ");
        assert!(text.contains("-progress pipe:1 -nostats"), "{text}");
        assert!(text.contains("-c:v mjpeg"), "{text}");
        assert!(
            text.ends_with("-f matroska -y dir/.movie.mkv.framekit-1.part"),
            "{text}"
        );
        assert!(!text.contains("movflags"), "{text}");
    }

    #[test]
    fn width_scales_before_padding_and_the_palette() {
        let mut scaled = options("a.mp4");
        scaled.width = Some(33);
        let args = args_for(&scaled, 96, 32).join(" ");
        assert!(
            args.contains(
                "-vf scale=33:-2,format=rgb24,pad=ceil(iw/2)*2:ceil(ih/2)*2,\
                 fillborders=right=1:bottom=0"
            ),
            "{args}"
        );
        let mut gif = options("a.gif");
        gif.width = Some(48);
        let args = args_for(&gif, 96, 32).join(" ");
        assert!(args.contains("-vf scale=48:-1,split[a][b]"), "{args}");
        let mut lossless = options("a.mkv");
        lossless.width = Some(48);
        lossless.lossless = true;
        assert!(Encoding::choose(&lossless).is_err());
    }

    #[test]
    fn scaled_heights_round_as_ffmpeg_does() {
        let plan_size = |output: &str, width: u32, from: (u32, u32)| {
            let mut options = options(output);
            options.width = Some(width);
            let encoding = Encoding::choose(&options).unwrap();
            plan(&options, &encoding, from.0, from.1).output_size()
        };
        // 33 * 32 / 96 = 11: to a multiple of 2, 12 (5.5 rounds up); padded to 34 wide.
        assert_eq!(plan_size("a.mp4", 33, (96, 32)), (34, 12));
        assert_eq!(plan_size("a.gif", 33, (96, 32)), (33, 11));
        assert_eq!(plan_size("a.mp4", 1280, (6000, 4000)), (1280, 854));
    }

    #[test]
    fn a_user_filter_after_dashes_joins_framekits_own() {
        let mut gif = options("a.gif");
        gif.extra = ["-vf", "hflip", "-loop", "0"].map(OsString::from).to_vec();
        let args = args_for(&gif, 64, 48).join(" ");
        assert!(
            args.contains("-vf hflip,split[a][b];[a]palettegen"),
            "{args}"
        );
        assert_eq!(args.matches("-vf").count(), 1, "{args}");
        assert!(args.contains("-loop 0"), "{args}");
        let mut even = options("a.mp4");
        even.extra = ["-filter:v", "hflip"].map(OsString::from).to_vec();
        let args = args_for(&even, 64, 48).join(" ");
        // With a user filter the size may change: the padding to even follows whatever comes.
        assert!(
            args.contains("-vf hflip,pad=ceil(iw/2)*2:ceil(ih/2)*2 -c:v"),
            "{args}"
        );
        assert!(!args.contains("-filter:v"), "{args}");
    }

    #[test]
    fn pad_comes_first_then_the_users_filter_then_width() {
        let mut all = options("a.mp4");
        all.pad = Some("white".into());
        all.width = Some(40);
        all.extra = ["-filter", "hflip"].map(OsString::from).to_vec();
        let args = args_for(&all, 64, 48).join(" ");
        assert!(
            args.contains(
                "-vf format=rgb24,pad=64:48:(ow-iw)/2:(oh-ih)/2:color=white,hflip,scale=40:-2,\
                 pad=ceil(iw/2)*2:ceil(ih/2)*2 -c:v"
            ),
            "{args}"
        );
        let mut lossless = options("a.mkv");
        lossless.lossless = true;
        lossless.pad = Some("white".into());
        assert!(Encoding::choose(&lossless).is_err());
    }

    #[test]
    fn user_filters_that_change_the_frame_count_are_refused_at_once() {
        let check = |filter: &str| {
            let mut options = options("a.mp4");
            options.extra = ["-vf", filter].map(OsString::from).to_vec();
            let encoding = Encoding::choose(&options).unwrap();
            plan(&options, &encoding, 64, 48)
                .check_user_filter_keeps_frames()
                .is_ok()
        };
        assert!(!check("fps=10"));
        assert!(!check("hflip,select='not(mod(n\\,2))'"));
        assert!(check("hflip,scale=32:-2"));
        assert!(check("drawtext=text='fps 10'"));
    }

    #[test]
    fn pad_colours_are_ffmpegs_names_or_hex() {
        for good in ["white", "AliceBlue", "aliceblue", "#FFFFFF", "0x11223344"] {
            assert!(check_colour(good).is_ok(), "{good}");
        }
        for bad in ["notacolour", "white;rm", "#FFF", ""] {
            assert!(check_colour(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_filter_graph_after_dashes_is_refused_only_where_framekit_filters_too() {
        let plan_check = |output: &str, width: u32, extra: &[&str]| {
            let mut options = options(output);
            options.extra = extra.iter().map(OsString::from).collect();
            let encoding = Encoding::choose(&options).unwrap();
            plan(&options, &encoding, width, 48)
                .check_user_graph()
                .is_ok()
        };
        assert!(plan_check("a.mp4", 64, &["-filter_complex", "hflip"]));
        assert!(!plan_check("a.mp4", 65, &["-filter_complex", "hflip"]));
        assert!(!plan_check("a.gif", 64, &["-lavfi", "hflip"]));
    }

    #[test]
    fn gif_refuses_rates_its_players_cannot_show() {
        let mut fast = options("a.gif");
        fast.fps = "60".parse().unwrap();
        let failure = Encoding::choose(&fast).unwrap_err();
        assert!(failure
            .to_string()
            .contains("cannot play 60 frames a second"));
        fast.fps = "50".parse().unwrap();
        assert!(Encoding::choose(&fast).is_ok());
        let mut mp4 = options("a.mp4");
        mp4.fps = "120".parse().unwrap();
        assert!(Encoding::choose(&mp4).is_ok());
    }

    #[test]
    fn hevc_in_mp4_and_mov_is_tagged_for_apple_players() {
        for output in ["a.mp4", "a.mov"] {
            let mut hevc = options(output);
            hevc.codec = Some("libx265".into());
            assert!(joined(&hevc).contains("-c:v libx265 -pix_fmt yuv420p -tag:v hvc1"));
        }
        let mut mkv = options("a.mkv");
        mkv.codec = Some("libx265".into());
        assert!(!joined(&mkv).contains("hvc1"));
        assert!(!joined(&options("a.mp4")).contains("hvc1"));
    }

    #[test]
    fn odd_sizes_are_padded_to_even_for_h264_only() {
        let padded = args_for(&options("a.mp4"), 65, 33).join(" ");
        assert!(
            padded.contains(
                "-vf format=rgb24,pad=ceil(iw/2)*2:ceil(ih/2)*2,\
                 fillborders=right=1:bottom=1:mode=smear"
            ),
            "{padded}"
        );
        let only_height = args_for(&options("a.mp4"), 64, 33).join(" ");
        assert!(
            only_height.contains("fillborders=right=0:bottom=1:mode=smear"),
            "{only_height}"
        );
        assert!(!joined(&options("a.mp4")).contains("pad="));
        assert!(!args_for(&options("a.gif"), 65, 33)
            .join(" ")
            .contains("pad="));
        let encoding = Encoding::choose(&options("a.mp4")).unwrap();
        assert_eq!(encoding.padded_size(65, 33), (66, 34));
        assert_eq!(encoding.padded_size(64, 48), (64, 48));
    }

    #[test]
    fn gif_uses_a_palette_in_one_pass() {
        let text = joined(&options("anim.gif"));
        assert!(text.contains(
            "-reinit_filter 0 -i pipe:0 -vf split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse -c:v gif"
        ), "{text}");
        assert!(!text.contains("yuv420p"));
        assert!(text.ends_with("-f gif -n anim.gif"));
    }

    #[test]
    fn webm_is_vp9_at_constant_quality() {
        let text = joined(&options("clip.webm"));
        assert!(
            text.contains("-c:v libvpx-vp9 -pix_fmt yuv420p -crf 32 -b:v 0"),
            "{text}"
        );
        let mut o = options("clip.webm");
        o.crf = Some(40);
        assert!(joined(&o).contains("-crf 40 -b:v 0"));
    }

    #[test]
    fn options_map_to_encoder_flags() {
        let mut o = options("movie.MOV");
        o.fps = "30000/1001".parse().unwrap();
        o.crf = Some(18);
        o.preset = Some("slow".into());
        o.codec = Some("libx265".into());
        o.extra = vec!["-tune".into(), "animation".into()];
        let text = joined(&o);
        assert!(text.contains("-framerate 30000/1001"), "{text}");
        assert!(
            text.contains("-c:v libx265 -pix_fmt yuv420p -crf 18 -preset slow"),
            "{text}"
        );
        assert!(
            text.contains("-movflags +faststart -tune animation -f mov"),
            "{text}"
        );
    }

    #[test]
    fn audio_is_cut_and_padded_to_the_video_length() {
        let mut o = options("movie.mp4");
        o.audio = Some(PathBuf::from("-song:1.mp3"));
        let text = joined(&o);
        // 50 frames at 25 fps = 2 s.
        assert!(
            text.contains("-t 2.000000 -i file:-song:1.mp3 -map 0:v:0 -map 1:a:0"),
            "{text}"
        );
        assert!(
            text.contains("-c:a aac -af apad=whole_dur=2.000000"),
            "{text}"
        );
        o.output = PathBuf::from("movie.webm");
        assert!(joined(&o).contains("-c:a libopus"));
    }

    #[test]
    fn hostile_output_names_are_files_not_options_or_protocols() {
        let args = args_for(&options("-x.mp4"), 64, 48);
        assert_eq!(args.last().unwrap(), "file:-x.mp4");
        let args = args_for(&options("concat:y.mp4"), 64, 48);
        assert_eq!(args.last().unwrap(), "file:concat:y.mp4");
    }

    #[test]
    fn lossless_picks_an_exact_codec_or_refuses() {
        let mut o = options("exact.mkv");
        o.lossless = true;
        let text = joined(&o);
        assert!(text.contains("-c:v ffv1 -level 3 -f matroska"), "{text}");
        o.output = PathBuf::from("exact.mp4");
        assert!(joined(&o).contains("-c:v libx264rgb -pix_fmt rgb24 -qp 0"));
        let odd = args_for(&o, 65, 33).join(" ");
        assert!(!odd.contains("pad="), "{odd}");
        for refused in ["exact.webm", "exact.gif"] {
            o.output = PathBuf::from(refused);
            assert!(Encoding::choose(&o).is_err(), "{refused}");
        }
    }

    #[test]
    fn impossible_combinations_are_usage_errors() {
        let mut o = options("movie.avi");
        assert!(Encoding::choose(&o).is_err());
        o.output = PathBuf::from("anim.gif");
        o.crf = Some(20);
        assert!(Encoding::choose(&o).is_err());
        o.crf = None;
        o.audio = Some(PathBuf::from("a.mp3"));
        assert!(Encoding::choose(&o).is_err());
        let mut o = options("movie.mp4");
        o.crf = Some(52);
        assert!(Encoding::choose(&o).is_err());
        o.output = PathBuf::from("clip.webm");
        o.crf = Some(63);
        assert!(Encoding::choose(&o).is_ok());
        o.preset = Some("fast".into());
        assert!(Encoding::choose(&o).is_err());
    }
}
