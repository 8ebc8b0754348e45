//! `--hw`: the GPU encoders framekit can use for H.264 and HEVC, what each needs around it
//! (a device, an upload, a pixel format, its own constant-quality option), and which to try
//! for a request given the encoders the build lists. Pure: the trial run that tells whether
//! the machine can open one is `stitch::hardware`'s.

use clap::ValueEnum;

use super::Container;
use crate::error::Failure;
use crate::stitch::options::StitchOptions;

/// What `--hw` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Hw {
    /// The first this platform can have that ffmpeg lists and the machine opens.
    Auto,
    /// NVIDIA (h264_nvenc, hevc_nvenc).
    Nvenc,
    /// VA-API on Linux: Intel, AMD (h264_vaapi, hevc_vaapi; /dev/dri/renderD128).
    Vaapi,
    /// Intel Quick Sync (h264_qsv, hevc_qsv).
    Qsv,
    /// Apple's VideoToolbox, on macOS (h264_videotoolbox, hevc_videotoolbox).
    Videotoolbox,
}

/// One hardware encoding interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Nvenc,
    Qsv,
    Vaapi,
    VideoToolbox,
}

/// The codec the hardware encodes: what `--codec` asked for (libx264 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    H264,
    Hevc,
}

/// The DRM render node VA-API encodes on: the first GPU's.
pub const VAAPI_DEVICE: &str = "/dev/dri/renderD128";

/// `--hw`, checked against the rest of the options: what to try, for which codec, at which
/// quality (`--crf`, or libx264's default 23).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HardwareRequest {
    pub hw: Hw,
    pub family: Family,
    pub crf: u8,
}

/// The quality framekit asks hardware encoders for without `--crf`: libx264's default.
pub const DEFAULT_CRF: u8 = 23;

impl Api {
    /// The order `--hw auto` tries them in, on this platform (macOS: VideoToolbox only).
    pub fn auto_order(macos: bool) -> &'static [Api] {
        match macos {
            true => &[Api::VideoToolbox],
            false => &[Api::Nvenc, Api::Qsv, Api::Vaapi],
        }
    }

    fn of(hw: Hw) -> Option<Api> {
        match hw {
            Hw::Auto => None,
            Hw::Nvenc => Some(Api::Nvenc),
            Hw::Vaapi => Some(Api::Vaapi),
            Hw::Qsv => Some(Api::Qsv),
            Hw::Videotoolbox => Some(Api::VideoToolbox),
        }
    }

    /// ffmpeg's name for this interface's encoder of `family`.
    pub fn encoder(self, family: Family) -> &'static str {
        match (self, family) {
            (Api::Nvenc, Family::H264) => "h264_nvenc",
            (Api::Nvenc, Family::Hevc) => "hevc_nvenc",
            (Api::Qsv, Family::H264) => "h264_qsv",
            (Api::Qsv, Family::Hevc) => "hevc_qsv",
            (Api::Vaapi, Family::H264) => "h264_vaapi",
            (Api::Vaapi, Family::Hevc) => "hevc_vaapi",
            (Api::VideoToolbox, Family::H264) => "h264_videotoolbox",
            (Api::VideoToolbox, Family::Hevc) => "hevc_videotoolbox",
        }
    }

    /// Global options before the input: VA-API's device.
    pub fn device_args(self) -> &'static [&'static str] {
        match self {
            Api::Vaapi => &["-vaapi_device", VAAPI_DEVICE],
            Api::Nvenc | Api::Qsv | Api::VideoToolbox => &[],
        }
    }

    /// The end of the filter chain, after framekit's BT.709 conversion to yuv420p: VA-API
    /// takes frames in GPU memory, uploaded as NV12.
    pub fn upload_filter(self) -> Option<&'static str> {
        match self {
            Api::Vaapi => Some("format=nv12,hwupload"),
            Api::Nvenc | Api::Qsv | Api::VideoToolbox => None,
        }
    }

    /// `-pix_fmt` for frames from software memory: NVENC and VideoToolbox take yuv420p,
    /// Quick Sync only NV12 (the same samples, interleaved); VA-API's are uploaded.
    pub fn pixel_format(self) -> Option<&'static str> {
        match self {
            Api::Nvenc | Api::VideoToolbox => Some("yuv420p"),
            Api::Qsv => Some("nv12"),
            Api::Vaapi => None,
        }
    }

    /// `--crf N` as this encoder's constant quality: NVENC `-rc vbr -cq N -b:v 0` (no
    /// bitrate cap), Quick Sync `-global_quality N` (ICQ), VA-API `-qp N` (CQP),
    /// VideoToolbox `-q:v` from 100 (best) to 1, `(51 - N) * 100 / 51`. NVENC's and Quick
    /// Sync's 0 means "automatic": `--crf 0` asks them for 1.
    pub fn quality_args(self, crf: u8) -> Vec<String> {
        let crf = u32::from(crf);
        let words: Vec<String> = match self {
            Api::Nvenc => vec![
                "-rc".into(),
                "vbr".into(),
                "-cq".into(),
                crf.max(1).to_string(),
                "-b:v".into(),
                "0".into(),
            ],
            Api::Qsv => vec!["-global_quality".into(), crf.max(1).to_string()],
            Api::Vaapi => vec!["-qp".into(), crf.to_string()],
            Api::VideoToolbox => {
                let quality = ((51 - crf.min(51)) * 100 + 25) / 51;
                vec!["-q:v".into(), quality.max(1).to_string()]
            }
        };
        words
    }
}

impl Family {
    /// The family of a software codec `--hw` can stand in for: H.264 (libx264, the
    /// default) and HEVC (libx265); None for any other.
    pub fn of(codec: &str) -> Option<Family> {
        match codec {
            "libx264" | "h264" => Some(Family::H264),
            "libx265" | "hevc" => Some(Family::Hevc),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::H264 => "H.264",
            Family::Hevc => "HEVC",
        }
    }
}

impl HardwareRequest {
    /// The encoders to try, in order, given what the build lists (None: it cannot be
    /// asked; everything is tried). An explicit choice the build lacks entirely is a usage
    /// error (exit 2) naming the hardware encoders it has; `auto` may find none (empty).
    pub fn candidates(&self, listed: Option<&[String]>, macos: bool) -> Result<Vec<Api>, Failure> {
        let has =
            |api: &Api| listed.is_none_or(|l| l.iter().any(|e| e == api.encoder(self.family)));
        let Some(api) = Api::of(self.hw) else {
            return Ok(Api::auto_order(macos).iter().copied().filter(has).collect());
        };
        if has(&api) {
            return Ok(vec![api]);
        }
        let encoder = api.encoder(self.family);
        let others = self.listed_hardware(listed.unwrap_or_default());
        let has_line = match others.is_empty() {
            true => format!(
                "it has no hardware {} encoder framekit uses",
                self.family.name()
            ),
            false => format!(
                "the hardware {} encoders it has: {}",
                self.family.name(),
                others.join(", ")
            ),
        };
        Err(Failure::usage(format!(
            "--hw {}: this ffmpeg has no {encoder} encoder",
            self.hw.to_possible_value().map_or_else(String::new, |v| v.get_name().to_string())
        ))
        .details([has_line])
        .hint("drop --hw (libx264 in software), take whichever it has with --hw auto, or use an ffmpeg built with it (--ffmpeg PATH)"))
    }

    /// The hardware encoders of this family, in framekit's order, that the build lists.
    fn listed_hardware(&self, listed: &[String]) -> Vec<&'static str> {
        [Api::Nvenc, Api::Qsv, Api::Vaapi, Api::VideoToolbox]
            .into_iter()
            .map(|api| api.encoder(self.family))
            .filter(|encoder| listed.iter().any(|e| e == encoder))
            .collect()
    }
}

/// The trial encode that tells whether this machine opens `api`'s encoder: one black
/// 256x256 frame through the same pixel format, upload and quality options as the real
/// run, to nothing. Opening is what fails without the GPU, its driver or its library.
pub fn trial_args(api: Api, request: &HardwareRequest) -> Vec<String> {
    let mut args: Vec<String> = ["-hide_banner", "-nostdin", "-loglevel", "error"]
        .map(String::from)
        .to_vec();
    args.extend(api.device_args().iter().map(|a| a.to_string()));
    args.extend(
        [
            "-f",
            "lavfi",
            "-i",
            "color=black:s=256x256:r=1",
            "-frames:v",
            "1",
        ]
        .map(String::from),
    );
    let filter = match api.upload_filter() {
        Some(upload) => format!("format=yuv420p,{upload}"),
        None => "format=yuv420p".to_string(),
    };
    args.extend(["-vf".to_string(), filter]);
    args.extend(["-c:v".to_string(), api.encoder(request.family).to_string()]);
    if let Some(format) = api.pixel_format() {
        args.extend(["-pix_fmt".to_string(), format.to_string()]);
    }
    args.extend(api.quality_args(request.crf));
    args.extend(["-f", "null", "-"].map(String::from));
    args
}

/// ffmpeg's reason for a failed trial, in a few words: the first line it printed, without
/// its `[h264_nvenc @ 0x...]` prefixes ("Cannot load libcuda.so.1"); the later lines are
/// the generic consequences ("Error while opening encoder ...").
pub fn reason(stderr: &str) -> String {
    let first = stderr.lines().map(str::trim).find(|line| !line.is_empty());
    let mut line = first.unwrap_or("ffmpeg said nothing");
    while let Some(rest) = line.strip_prefix('[').and_then(|r| r.split_once("] ")) {
        line = rest.1.trim_start();
    }
    line.trim_end_matches('.').to_string()
}

/// `--hw` with what no hardware encoder framekit uses can make: refused (exit 2), whichever
/// `--hw` it is, `auto` included, rather than silently encoded in software.
pub fn refuse_without_path(options: &StitchOptions, container: Container) -> Result<(), Failure> {
    let refusal = if container.is_animation() {
        Some((
            format!(
                "--hw encodes H.264 and HEVC video, not {}",
                container.name()
            ),
            "drop --hw: GIF, WebP and APNG are encoded in software".to_string(),
        ))
    } else if options.lossless {
        Some((
            "--hw cannot encode --lossless: hardware encoders do not keep every pixel".into(),
            "drop --hw, or drop --lossless".into(),
        ))
    } else if options.max_size.is_some() {
        Some((
            "--hw cannot aim at --max-size: framekit sizes video with libx264's two passes, \
             which hardware encoders do not have"
                .into(),
            "drop --hw, or drop --max-size".into(),
        ))
    } else if options.preset.is_some() {
        Some((
            "--preset names libx264's speeds, which each hardware encoder names its own way".into(),
            "drop --preset, or drop --hw".into(),
        ))
    } else {
        None
    };
    match refusal {
        Some((title, hint)) => Err(Failure::usage(title).hint(hint)),
        None => Ok(()),
    }
}

/// The request for `--hw` with `codec` (the software one chosen): H.264 or HEVC only.
pub fn request(hw: Hw, codec: &str, crf: Option<u8>) -> Result<HardwareRequest, Failure> {
    let family = Family::of(codec).ok_or_else(|| {
        Failure::usage(format!("--hw encodes H.264 and HEVC, not {codec}")).hint(
            "drop --hw, or ask for --codec libx264 (the default in .mp4, .mov, .mkv) or libx265",
        )
    })?;
    Ok(HardwareRequest {
        hw,
        family,
        crf: crf.unwrap_or(DEFAULT_CRF),
    })
}
