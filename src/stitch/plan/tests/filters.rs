//! The filter chain: scaling, padding to even sizes, users' filters after `--`.

use super::*;
use crate::stitch::plan::filter_chain::output_size;

#[test]
fn width_scales_before_padding_and_the_palette() {
    let mut scaled = options("a.mp4");
    scaled.width = Some(33);
    let args = args_for(&scaled, 96, 32).join(" ");
    assert!(
        args.contains(
            "-vf scale=33:-2,format=rgb24,pad=ceil(iw/2)*2:ceil(ih/2)*2,\
             fillborders=right=1:bottom=0:mode=smear,scale=out_color_matrix=bt709"
        ),
        "{args}"
    );
    let mut gif = options("a.gif");
    gif.width = Some(48);
    let args = gif_args_for(&gif, 96, 32);
    assert!(
        args[0].contains("-vf scale=48:-1,format=rgb24 "),
        "{args:?}"
    );
    assert!(
        args[1].contains("-vf split[a][b];[a]palettegen"),
        "{args:?}"
    );
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
        let frames = frames(FrameFormat::Png, from.0, from.1);
        output_size(&StitchPlan::new(&options, &encoding, &frames, None, host()).unwrap())
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
    let [decoder, encoder] = gif_args_for(&gif, 64, 48);
    assert!(
        decoder.contains("-vf scale,format=rgb24,hflip,format=rgb24 "),
        "{decoder}"
    );
    assert_eq!(decoder.matches("-vf").count(), 1, "{decoder}");
    assert!(encoder.contains("-loop 0"), "{encoder}");
    assert!(!encoder.contains("hflip"), "{encoder}");
    let mut even = options("a.mp4");
    even.extra = ["-filter:v", "hflip"].map(OsString::from).to_vec();
    let args = args_for(&even, 64, 48).join(" ");
    // With a user filter the size may change: the padding to even follows whatever comes.
    assert!(
        args.contains(
            "-vf scale,format=rgb24,hflip,format=rgb24,pad=ceil(iw/2)*2:ceil(ih/2)*2,scale="
        ),
        "{args}"
    );
    assert!(!args.contains("-filter:v"), "{args}");
}

#[test]
fn pad_comes_first_then_the_users_filter_then_width() {
    let mut all = options("a.mp4");
    all.pad = Some(Colour::parse("white", "--pad").unwrap());
    all.width = Some(40);
    all.extra = ["-filter", "hflip"].map(OsString::from).to_vec();
    let args = args_for(&all, 64, 48).join(" ");
    assert!(
        args.contains(
            "-vf scale,format=rgb24,pad=64:48:(ow-iw)/2:(oh-ih)/2:color=white,hflip,\
             format=rgb24,scale=40:-2,pad=ceil(iw/2)*2:ceil(ih/2)*2,scale="
        ),
        "{args}"
    );
    let mut lossless = options("a.mkv");
    lossless.lossless = true;
    lossless.pad = Some(Colour::parse("white", "--pad").unwrap());
    assert!(Encoding::choose(&lossless).is_err());
}

#[test]
fn user_filters_that_change_the_frame_count_are_refused_at_once() {
    let check = |filter: &str| {
        let mut options = options("a.mp4");
        options.extra = ["-vf", filter].map(OsString::from).to_vec();
        let encoding = Encoding::choose(&options).unwrap();
        let frames = frames(FrameFormat::Png, 64, 48);
        StitchPlan::new(&options, &encoding, &frames, None, host()).is_ok()
    };
    assert!(!check("fps=10"));
    assert!(!check("hflip,select='not(mod(n\\,2))'"));
    assert!(check("hflip,scale=32:-2"));
    assert!(check("drawtext=text='fps 10'"));
}

#[test]
fn a_filter_graph_after_dashes_is_refused_only_where_framekit_filters_too() {
    let plan_check = |output: &str, width: u32, extra: &[&str]| {
        let mut options = options(output);
        options.extra = extra.iter().map(OsString::from).collect();
        let encoding = Encoding::choose(&options).unwrap();
        let frames = frames(FrameFormat::Png, width, 48);
        StitchPlan::new(&options, &encoding, &frames, None, host()).is_ok()
    };
    // Video always needs framekit's filter (the BT.709 conversion); --lossless PNG none.
    assert!(!plan_check("a.mp4", 64, &["-filter_complex", "hflip"]));
    let lossless = |extra: &[&str]| {
        let mut options = options("a.mkv");
        options.lossless = true;
        options.extra = extra.iter().map(OsString::from).collect();
        let encoding = Encoding::choose(&options).unwrap();
        let frames = frames(FrameFormat::Png, 64, 48);
        StitchPlan::new(&options, &encoding, &frames, None, host()).is_ok()
    };
    assert!(lossless(&["-filter_complex", "hflip"]));
    assert!(!plan_check("a.gif", 64, &["-lavfi", "hflip"]));
}

#[test]
fn odd_sizes_are_padded_to_even_for_h264_only() {
    let padded = args_for(&options("a.mp4"), 65, 33).join(" ");
    assert!(
        padded.contains(
            "-vf scale,format=rgb24,pad=ceil(iw/2)*2:ceil(ih/2)*2,\
             fillborders=right=1:bottom=1:mode=smear,scale=out_color_matrix=bt709"
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
    let mp4 = options("a.mp4");
    let encoding = Encoding::choose(&mp4).unwrap();
    let size = |width, height| {
        let frames = frames(FrameFormat::Png, width, height);
        output_size(&StitchPlan::new(&mp4, &encoding, &frames, None, host()).unwrap())
    };
    assert_eq!(size(65, 33), (66, 34));
    assert_eq!(size(64, 48), (64, 48));
}
