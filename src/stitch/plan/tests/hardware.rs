//! `--hw`: each GPU encoder's arguments (device, upload, pixel format, quality) around the
//! same BT.709 chain as software, the encoders tried for each request, and the refusals.

use super::*;
use crate::error::Kind;
use crate::stitch::plan::encoding::hardware::{self, Api, Hw};
use crate::stitch::plan::output_args::raw_encoder_args;

/// The one-process arguments for `options` on `api`'s encoder, joined.
fn on(api: Api, options: &StitchOptions) -> String {
    let encoding = Encoding::choose(options).unwrap().on_hardware(api);
    let frames = frames(FrameFormat::Png, 64, 48);
    let plan = plan(options, &encoding, &frames);
    let destination = Destination {
        path: &options.output,
        overwrite: false,
        report_progress: false,
    };
    let words: Vec<_> = one_process_args(&plan, destination)
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect();
    words.join(" ")
}

fn with_hw(output: &str, hw: Hw) -> StitchOptions {
    let mut o = options(output);
    o.hw = Some(hw);
    o
}

const CHAIN: &str = "-vf scale,format=rgb24,scale=out_color_matrix=bt709:out_range=tv,\
                     format=yuv420p,setparams=color_primaries=bt709:color_trc=bt709:\
                     colorspace=bt709:range=tv";
const TAGS_TO_END: &str = "-colorspace bt709 -color_primaries bt709 -color_trc bt709 \
                           -color_range tv -sws_flags bicubic+accurate_rnd+full_chroma_int \
                           -movflags +faststart -fflags +bitexact -f mp4 -n movie.mp4";
const INPUT: &str = "-hide_banner -nostdin -loglevel error";
const FRAMES: &str = "-xerror -f image2pipe -c:v png -framerate 25 -i pipe:0";

#[test]
fn nvenc_takes_yuv420p_at_constant_quality() {
    assert_eq!(
        on(Api::Nvenc, &with_hw("movie.mp4", Hw::Nvenc)),
        format!(
            "{INPUT} {FRAMES} {CHAIN} -c:v h264_nvenc -pix_fmt yuv420p \
             -rc vbr -cq 23 -b:v 0 {TAGS_TO_END}"
        )
    );
}

#[test]
fn qsv_takes_nv12_and_global_quality() {
    let mut o = with_hw("movie.mp4", Hw::Qsv);
    o.crf = Some(30);
    assert_eq!(
        on(Api::Qsv, &o),
        format!(
            "{INPUT} {FRAMES} {CHAIN} -c:v h264_qsv -pix_fmt nv12 -global_quality 30 \
             {TAGS_TO_END}"
        )
    );
}

#[test]
fn vaapi_opens_its_device_and_uploads_at_the_end_of_the_chain() {
    assert_eq!(
        on(Api::Vaapi, &with_hw("movie.mp4", Hw::Vaapi)),
        format!(
            "{INPUT} -vaapi_device /dev/dri/renderD128 {FRAMES} {CHAIN},format=nv12,hwupload \
             -c:v h264_vaapi -qp 23 {TAGS_TO_END}"
        )
    );
}

#[test]
fn videotoolbox_quality_runs_the_other_way() {
    let text = on(Api::VideoToolbox, &with_hw("movie.mp4", Hw::Videotoolbox));
    assert!(
        text.contains("-c:v h264_videotoolbox -pix_fmt yuv420p -q:v 55 -colorspace bt709"),
        "{text}"
    );
    let q = |crf| Api::VideoToolbox.quality_args(crf)[1].clone();
    assert_eq!([q(0), q(23), q(51)], ["100", "55", "1"]);
    // NVENC's and Quick Sync's 0 is "automatic": --crf 0 asks for their best.
    assert_eq!(Api::Nvenc.quality_args(0)[3], "1");
    assert_eq!(Api::Qsv.quality_args(0)[1], "1");
    assert_eq!(Api::Vaapi.quality_args(0)[1], "0");
}

#[test]
fn hevc_gets_the_hevc_encoders_and_apples_tag() {
    let mut o = with_hw("movie.mov", Hw::Nvenc);
    o.codec = Some("libx265".into());
    let text = on(Api::Nvenc, &o);
    assert!(text.contains("-c:v hevc_nvenc -pix_fmt yuv420p -rc vbr -cq 23 -b:v 0 -tag:v hvc1 "));
    assert!(text.contains("-movflags +faststart"), "{text}");
    o.output = PathBuf::from("movie.mkv");
    assert!(!on(Api::Vaapi, &o).contains("hvc1"));
}

#[test]
fn raw_frames_from_decoders_are_uploaded_in_the_encoder() {
    let options = with_hw("movie.mp4", Hw::Vaapi);
    let encoding = Encoding::choose(&options).unwrap().on_hardware(Api::Vaapi);
    let frames = frames(FrameFormat::Jpeg, 64, 48);
    let plan = plan(&options, &encoding, &frames);
    let destination = Destination {
        path: &options.output,
        overwrite: false,
        report_progress: false,
    };
    let args: Vec<_> = raw_encoder_args(&plan, destination)
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect();
    let text = args.join(" ");
    assert!(
        text.starts_with(&format!("{INPUT} -vaapi_device ")),
        "{text}"
    );
    assert!(
        text.contains("-pix_fmt yuv420p -s 64x48 -framerate 25 -i pipe:0 -vf setparams="),
        "{text}"
    );
    assert!(
        text.contains(":range=tv,format=nv12,hwupload -c:v h264_vaapi -qp 23 "),
        "{text}"
    );
}

#[test]
fn auto_tries_what_the_platform_can_have_among_what_the_build_lists() {
    let request = |hw| hardware::request(hw, "libx264", None).unwrap();
    let listed: Vec<String> = ["libx264", "h264_vaapi", "h264_nvenc"]
        .map(String::from)
        .into();
    let auto = request(Hw::Auto);
    assert_eq!(
        auto.candidates(Some(&listed), false).unwrap(),
        [Api::Nvenc, Api::Vaapi]
    );
    assert_eq!(auto.candidates(Some(&listed), true).unwrap(), []);
    assert_eq!(
        auto.candidates(None, false).unwrap(),
        [Api::Nvenc, Api::Qsv, Api::Vaapi]
    );
    assert_eq!(auto.candidates(None, true).unwrap(), [Api::VideoToolbox]);
    assert_eq!(
        request(Hw::Vaapi).candidates(Some(&listed), false).unwrap(),
        [Api::Vaapi]
    );
    // Explicit, and not in the build at all: a usage error naming what it has.
    let lacking = request(Hw::Qsv)
        .candidates(Some(&listed), false)
        .unwrap_err();
    assert_eq!(lacking.kind, Kind::Usage);
    assert_eq!(
        lacking.title,
        "--hw qsv: this ffmpeg has no h264_qsv encoder"
    );
    assert_eq!(
        lacking.details,
        ["the hardware H.264 encoders it has: h264_nvenc, h264_vaapi"]
    );
    let hevc = hardware::request(Hw::Nvenc, "libx265", Some(28)).unwrap();
    assert_eq!(hevc.crf, 28);
    let none = hevc.candidates(Some(&listed), false).unwrap_err();
    assert_eq!(
        none.details,
        ["it has no hardware HEVC encoder framekit uses"]
    );
}

#[test]
fn the_trial_opens_the_encoder_as_the_real_run_does() {
    let request = hardware::request(Hw::Vaapi, "libx264", Some(20)).unwrap();
    assert_eq!(
        hardware::trial_args(Api::Vaapi, &request).join(" "),
        "-hide_banner -nostdin -loglevel error -vaapi_device /dev/dri/renderD128 \
         -f lavfi -i color=black:s=256x256:r=1 -frames:v 1 -vf format=yuv420p,format=nv12,hwupload \
         -c:v h264_vaapi -qp 20 -f null -"
    );
    let qsv = hardware::trial_args(Api::Qsv, &request).join(" ");
    assert!(qsv.contains("-vf format=yuv420p -c:v h264_qsv -pix_fmt nv12 -global_quality 20 "));
}

#[test]
fn ffmpegs_reason_is_its_first_line_without_prefixes() {
    let nvenc = "[h264_nvenc @ 0x5564] Cannot load libcuda.so.1\n\
                 [vost#0:0/h264_nvenc @ 0x55] [enc:h264_nvenc @ 0x55] Error while opening encoder.\n";
    assert_eq!(hardware::reason(nvenc), "Cannot load libcuda.so.1");
    let vaapi = "[AVHWDeviceContext @ 0x56] No VA display found for device /dev/dri/renderD128.\n\
                 Device creation failed: -22.\n";
    assert_eq!(
        hardware::reason(vaapi),
        "No VA display found for device /dev/dri/renderD128"
    );
    assert_eq!(hardware::reason("\n"), "ffmpeg said nothing");
}

#[test]
fn formats_without_a_hardware_path_are_usage_errors() {
    let refused = |o: &StitchOptions| {
        let failure = Encoding::choose(o).unwrap_err();
        assert_eq!(failure.kind, Kind::Usage, "{}", failure.title);
        failure.title
    };
    for output in ["anim.gif", "anim.webp", "anim.apng"] {
        assert!(
            refused(&with_hw(output, Hw::Auto)).starts_with("--hw encodes H.264 and HEVC video")
        );
    }
    assert_eq!(
        refused(&with_hw("clip.webm", Hw::Auto)),
        "--hw encodes H.264 and HEVC, not libvpx-vp9"
    );
    let mut o = with_hw("edit.mov", Hw::Nvenc);
    o.codec = Some("prores".into());
    assert_eq!(refused(&o), "--hw encodes H.264 and HEVC, not prores");
    let mut o = with_hw("movie.mkv", Hw::Qsv);
    o.lossless = true;
    assert!(refused(&o).starts_with("--hw cannot encode --lossless"));
    let mut o = with_hw("movie.mp4", Hw::Vaapi);
    o.max_size = Some(1_000_000);
    assert!(refused(&o).starts_with("--hw cannot aim at --max-size"));
    let mut o = with_hw("movie.mp4", Hw::Nvenc);
    o.preset = Some("slow".into());
    assert!(refused(&o).starts_with("--preset names libx264's speeds"));
    // Without --hw, nothing changes: software, no request.
    let plain = Encoding::choose(&options("movie.mp4")).unwrap();
    assert_eq!((plain.hardware_request, plain.hardware), (None, None));
}
