//! Frames carrying a colour profile: converted first in every route that converts, right
//! after each frame is made RGB; never with --lossless.

use super::*;
use crate::colour_profile::Conversion;
use crate::stitch::plan::parallel::decoder_args;

/// Frames of 64x48 carrying Display P3, their table at /t/p3.cube.
fn p3_frames(format: FrameFormat) -> Frames {
    Frames {
        profile: Some(Conversion::display_p3_for_tests("/t/p3.cube")),
        ..frames(format, 64, 48)
    }
}

const CONVERSION: &str = "format=rgb48,lut3d=file=/t/p3.cube:interp=tetrahedral,lutrgb=r=";

#[test]
fn video_gif_and_decoders_convert_right_after_the_frames_are_made_rgb() {
    let frames = p3_frames(FrameFormat::Png);
    let mp4 = options("a.mp4");
    let encoding = Encoding::choose(&mp4).unwrap();
    let plan = StitchPlan::new(&mp4, &encoding, &frames, None, host()).unwrap();
    let destination = Destination {
        path: &mp4.output,
        overwrite: false,
        report_progress: false,
    };
    let args: Vec<String> = one_process_args(&plan, destination)
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect();
    let chain = args.join(" ");
    assert!(
        chain.contains(&format!("-vf scale,format=rgb24,{CONVERSION}")),
        "{chain}"
    );
    assert!(
        chain.contains(
            "format=rgb24,sidedata=mode=delete:type=ICC_PROFILE,scale=out_color_matrix=bt709"
        ),
        "{chain}"
    );
    // Parallel decoders (JPEG photos) run the same per-frame steps.
    let jpegs = p3_frames(FrameFormat::Jpeg);
    let plan = StitchPlan::new(&mp4, &encoding, &jpegs, None, host()).unwrap();
    let decoder: Vec<String> = decoder_args(&plan, 0)
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect();
    assert!(decoder.join(" ").contains(CONVERSION), "{decoder:?}");
    let gif = options("a.gif");
    let encoding = Encoding::choose(&gif).unwrap();
    let plan = StitchPlan::new(&gif, &encoding, &frames, None, host()).unwrap();
    let args = GifArgs::new(&plan, destination, false);
    let decoder: Vec<&str> = args.decoder.iter().map(|a| a.to_str().unwrap()).collect();
    assert!(decoder.join(" ").contains(CONVERSION), "{decoder:?}");
}

#[test]
fn lossless_applies_no_profile() {
    let frames = p3_frames(FrameFormat::Png);
    let mut mkv = options("a.mkv");
    mkv.lossless = true;
    let encoding = Encoding::choose(&mkv).unwrap();
    let plan = StitchPlan::new(&mkv, &encoding, &frames, None, host()).unwrap();
    assert!(plan.applied_profile().is_none());
    assert!(!joined(&mkv).contains("lut3d"));
}
