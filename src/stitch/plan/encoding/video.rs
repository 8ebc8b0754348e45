//! Lossy video: H.264 (or another `--codec`) in MP4, MOV and MKV, VP9 in WebM, ProRes 4444
//! in MOV, each with its quality options.

use crate::error::Failure;
use crate::stitch::options::StitchOptions;
use crate::term::shown::shown;

use super::{refuse_quality_options, Container, Encoding, Pixels};

/// The codecs `--codec prores` names: ffmpeg's ProRes encoder that writes 4444 with alpha.
const PRORES: [&str; 2] = ["prores", "prores_ks"];

pub fn choose(mut encoding: Encoding, options: &StitchOptions) -> Result<Encoding, Failure> {
    let container = encoding.container;
    let codec = options.codec.clone().unwrap_or_else(|| {
        match container {
            Container::Webm => "libvpx-vp9",
            _ => "libx264",
        }
        .to_string()
    });
    if let Some(hw) = options.hw {
        // Before ProRes and VP9 answer for themselves: --hw names them first.
        encoding.hardware_request = Some(super::hardware::request(hw, &codec, options.crf)?);
    }
    if PRORES.contains(&codec.as_str()) {
        return prores(encoding, options);
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
    // VP8 and VP9 carry an alpha plane (WebM's alpha_mode); H.264 and H.265 cannot.
    encoding.pixels = Pixels::Yuv420 { alpha: is_vpx };
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

/// ProRes 4444 (with alpha), as video editors take it: only in MOV.
fn prores(mut encoding: Encoding, options: &StitchOptions) -> Result<Encoding, Failure> {
    if encoding.container != Container::Mov {
        return Err(Failure::usage(format!(
            "--codec prores needs a .mov output, not {}",
            shown(&options.output)
        ))
        .hint("name the output .mov: ProRes is stored in QuickTime files"));
    }
    refuse_quality_options(
        options,
        "ProRes",
        "ProRes 4444 has one quality; for a smaller file, drop --codec prores",
    )?;
    if options.max_size.is_some() {
        return Err(Failure::usage("--max-size cannot make ProRes smaller")
            .hint("ProRes 4444 has one quality; for a file of a given size, drop --codec prores"));
    }
    encoding.video_codec = "prores_ks".into();
    encoding.pixels = Pixels::ProRes;
    // Apple's own encoders sign their files apl0, which some editors look for.
    encoding.codec_options = ["-profile:v", "4444", "-vendor", "apl0"]
        .map(String::from)
        .to_vec();
    Ok(encoding)
}
