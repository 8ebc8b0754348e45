//! Every choice of the stitch plan, from options and frames to ffmpeg's arguments.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::encoding::Encoding;
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
        oriented: vec![false; 50],
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
    plan.ffmpeg_args(destination)
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
    let args = plan.gif_args(destination, false);
    let join = |args: &[OsString]| {
        let words: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
        words.join(" ")
    };
    [join(&args.decoder), join(&args.encoder)]
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
         -vf scale,format=rgb24,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,\
         setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv \
         -c:v libx264 -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 \
         -color_trc bt709 -color_range tv -sws_flags bicubic+accurate_rnd+full_chroma_int \
         -movflags +faststart -fflags +bitexact -f mp4 -n movie.mp4"
    );
}

#[test]
fn progress_and_overwrite_are_run_time_choices() {
    let options = options("movie.mkv");
    let encoding = Encoding::choose(&options).unwrap();
    let frames = frames(FrameFormat::Jpeg, 64, 48);
    let plan = plan(&options, &encoding, &frames);
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
        StitchPlan::new(&options, &encoding, &frames, None, host())
            .unwrap()
            .output_size()
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
        StitchPlan::new(&mp4, &encoding, &frames, None, host())
            .unwrap()
            .output_size()
    };
    assert_eq!(size(65, 33), (66, 34));
    assert_eq!(size(64, 48), (64, 48));
}

#[test]
fn gif_is_a_decoder_piped_into_a_palette_encoder() {
    let [decoder, encoder] = gif_args_for(&options("anim.gif"), 64, 48);
    assert!(!decoder.contains("-reinit_filter"), "{decoder}");
    assert!(
        decoder.ends_with("-fps_mode passthrough -c:v rawvideo -pix_fmt rgb24 -f nut pipe:1"),
        "{decoder}"
    );
    assert!(encoder.contains(
        "-f nut -i pipe:0 -vf split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=diff_mode=rectangle -c:v gif"
    ), "{encoder}");
    assert!(!encoder.contains("yuv420p"));
    assert!(encoder.ends_with("-f gif -n anim.gif"), "{encoder}");
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
        text.contains("-movflags +faststart -tune animation -fflags +bitexact -f mov"),
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
    assert!(
        text.contains("-c:v ffv1 -level 3 -fflags +bitexact -f matroska"),
        "{text}"
    );
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
