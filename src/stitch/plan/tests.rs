//! Every choice of the stitch plan, from options and frames to ffmpeg's arguments: the
//! helpers that make plans (also for `max_size`'s tests) here, the tests by subject in
//! `tests/`.

mod colour_profile;
mod encoders;
mod filters;
mod hardware;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::encoding::Encoding;
use super::gif::GifArgs;
use super::output_args::one_process_args;
use super::{Destination, Host, Route, StitchPlan};
use crate::ffmpeg::capabilities::{Capabilities, Version};
use crate::header::FrameFormat;
use crate::stitch::colour::Colour;
use crate::stitch::frames::pixels::PixelSummary;
use crate::stitch::frames::Frames;
use crate::stitch::options::StitchOptions;

pub(crate) fn options(output: &str) -> StitchOptions {
    StitchOptions {
        output: PathBuf::from(output),
        fps: "25".parse().unwrap(),
        fps_from: None,
        timing: Default::default(),
        bounce: false,
        crf: None,
        preset: None,
        codec: None,
        audio: None,
        lossless: false,
        width: None,
        pad: None,
        fit: None,
        background: None,
        plays: None,
        max_size: None,
        jobs: None,
        hw: None,
        label: None,
        extra: Vec::new(),
    }
}

/// 50 frames of `format`, `width` x `height`, as validation would give them.
pub(crate) fn frames(format: FrameFormat, width: u32, height: u32) -> Frames {
    Frames {
        paths: (0..50).map(|i| PathBuf::from(format!("f{i:02}"))).collect(),
        width,
        height,
        smallest: (width, height),
        format,
        pixels: PixelSummary::default(),
        naming: crate::stitch::frames::Naming::Path,
        orientations: vec![1; 50],
        profile: None,
        stream: None,
        may_carry_profile: Vec::new(),
    }
}

/// The plan of `frames` at the rate, without --max-size.
pub(crate) fn plan<'a>(
    options: &'a StitchOptions,
    encoding: &'a Encoding,
    frames: &'a Frames,
) -> StitchPlan<'a> {
    StitchPlan {
        options,
        encoding,
        frames,
        timeline: None,
        last_duration_as_rate: true,
        budget: None,
        ffmpeg: &DEBIAN_FFMPEG,
        cores: 1,
        route: Route::OneProcess,
    }
}

/// Debian 12's ffmpeg, the one the plans of these tests are for.
pub(crate) static DEBIAN_FFMPEG: std::sync::LazyLock<Capabilities> =
    std::sync::LazyLock::new(|| Capabilities::known(Version::Known(5, 1)));

/// Debian 12's ffmpeg, one core.
pub(crate) fn host() -> Host<'static> {
    Host {
        ffmpeg: &DEBIAN_FFMPEG,
        cores: 1,
    }
}

fn args_for(options: &StitchOptions, width: u32, height: u32) -> Vec<String> {
    let encoding = Encoding::choose(options).unwrap();
    let frames = frames(FrameFormat::Png, width, height);
    let plan = plan(options, &encoding, &frames);
    let destination = Destination {
        path: &options.output,
        overwrite: false,
        report_progress: false,
    };
    one_process_args(&plan, destination)
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect()
}

/// GIF's decoder and encoder arguments for frames of `width` x `height`, each joined.
fn gif_args_for(options: &StitchOptions, width: u32, height: u32) -> [String; 2] {
    let encoding = Encoding::choose(options).unwrap();
    let frames = frames(FrameFormat::Png, width, height);
    let plan = StitchPlan::new(options, &encoding, &frames, None, host()).unwrap();
    let destination = Destination {
        path: &options.output,
        overwrite: false,
        report_progress: false,
    };
    let args = GifArgs::new(&plan, destination, false);
    let join = |args: &[OsString]| {
        let words: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
        words.join(" ")
    };
    [join(&args.decoder), join(&args.encoder)]
}

fn joined(options: &StitchOptions) -> String {
    args_for(options, 64, 48).join(" ")
}
