//! `stitch --hw`'s arguments for each GPU encoder, seen by a stand-in ffmpeg that lists the
//! hardware encoders, opens them in the trial, records every command, and encodes the real
//! run with the real ffmpeg's libx264 (the hardware parts taken out), so that the run is
//! also checked end to end: frame count, every frame's index.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::frames::write_frames;
use crate::support::run::{fails, framekit, stderr};
use crate::support::stand_in::{fake_ffmpeg, installed};
use crate::support::video::indices;

/// A stand-in that lists `encoders`; `trial` is its answer to a trial encode (a sh
/// fragment). It writes each trial's arguments to `trials` and each other run's to `runs`
/// beside it, and runs the real ffmpeg without the hardware parts.
fn gpu_ffmpeg(dir: &Path, folder: &str, encoders: &[&str], trial: &str) -> PathBuf {
    let real = installed("ffmpeg");
    let logs = dir.join("fake").join(folder);
    let listing: String = encoders
        .iter()
        .map(|e| format!(" V....D {e:<20} stand-in\\n"))
        .collect();
    let script = format!(
        r#"#!/bin/sh
logs='{logs}'
case " $* " in
*" -encoders "*) printf 'Encoders:\n V..... = Video\n ------\n V....D libx264 libx264\n{listing}'; exit 0 ;;
*" lavfi "*) printf '%s\n' "$*" >>"$logs/trials"; {trial} ;;
*" -version "*) exec '{real}' "$@" ;;
esac
printf '%s\n' "$*" >>"$logs/runs"
n=$#
skip=0
for a in "$@"; do
  if [ $skip = 1 ]; then skip=0; continue; fi
  case "$a" in
  -vaapi_device|-rc|-cq|-global_quality|-q:v|-qp|-b:v) skip=1; continue ;;
  h264_nvenc|h264_qsv|h264_vaapi|h264_videotoolbox) a=libx264 ;;
  hevc_nvenc|hevc_qsv|hevc_vaapi|hevc_videotoolbox) a=libx265 ;;
  *,format=nv12,hwupload) a=${{a%,format=nv12,hwupload}} ;;
  esac
  set -- "$@" "$a"
done
shift $n
exec '{real}' "$@"
"#,
        logs = logs.display(),
        real = real.display(),
    );
    fake_ffmpeg(dir, folder, &script)
}

const ALL: [&str; 8] = [
    "h264_nvenc",
    "h264_qsv",
    "h264_vaapi",
    "h264_videotoolbox",
    "hevc_nvenc",
    "hevc_qsv",
    "hevc_vaapi",
    "hevc_videotoolbox",
];

/// Lines of a stand-in's log (empty when it was never written).
fn log(ffmpeg: &Path, name: &str) -> Vec<String> {
    let text = fs::read_to_string(ffmpeg.with_file_name(name)).unwrap_or_default();
    text.lines().map(str::to_string).collect()
}

/// Runs stitch with `ffmpeg` and `args`, insists on success without a warning, checks the
/// video's frames, and returns the encoder's command line.
fn encoder_line(dir: &Path, ffmpeg: &Path, args: &[&str], video: &str) -> String {
    let mut all = vec!["stitch", "frames", "-o", video, "--ffmpeg"];
    all.push(ffmpeg.to_str().unwrap());
    all.extend(args);
    let output = framekit(dir).args(&all).output().unwrap();
    let said = stderr(&output);
    assert!(output.status.success(), "{args:?}: {said}");
    assert!(!said.contains("warning:"), "{args:?}: {said}");
    assert_eq!(
        indices(&dir.join(video), 64, 48),
        (0..6).collect::<Vec<_>>()
    );
    let runs = log(ffmpeg, "runs");
    let encoders: Vec<_> = runs.iter().filter(|l| l.contains(" -c:v ")).collect();
    assert_eq!(encoders.len(), 1, "{runs:?}");
    encoders[0].clone()
}

#[test]
fn hw_each_encoder_gets_its_device_upload_pixel_format_and_quality() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 64, 48);
    let tags = "-colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv";
    let chain_end = "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,\
                     setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv";
    for (hw, crf, expected_trial, expected) in [
        (
            "nvenc",
            "23",
            "-vf format=yuv420p -c:v h264_nvenc -pix_fmt yuv420p -rc vbr -cq 23 -b:v 0 -f null -",
            format!("{chain_end} -c:v h264_nvenc -pix_fmt yuv420p -rc vbr -cq 23 -b:v 0 {tags}"),
        ),
        (
            "qsv",
            "30",
            "-vf format=yuv420p -c:v h264_qsv -pix_fmt nv12 -global_quality 30 -f null -",
            format!("{chain_end} -c:v h264_qsv -pix_fmt nv12 -global_quality 30 {tags}"),
        ),
        (
            "vaapi",
            "23",
            "-vf format=yuv420p,format=nv12,hwupload -c:v h264_vaapi -qp 23 -f null -",
            format!("{chain_end},format=nv12,hwupload -c:v h264_vaapi -qp 23 {tags}"),
        ),
        (
            "videotoolbox",
            "18",
            "-vf format=yuv420p -c:v h264_videotoolbox -pix_fmt yuv420p -q:v 65 -f null -",
            format!("{chain_end} -c:v h264_videotoolbox -pix_fmt yuv420p -q:v 65 {tags}"),
        ),
    ] {
        let ffmpeg = gpu_ffmpeg(dir.path(), hw, &ALL, "exit 0");
        let video = format!("{hw}.mp4");
        let line = encoder_line(dir.path(), &ffmpeg, &["--hw", hw, "--crf", crf], &video);
        assert!(line.contains(&expected), "{hw}: {line}");
        assert!(line.contains("-movflags +faststart"), "{hw}: {line}");
        let vaapi_device = line.contains(" -vaapi_device /dev/dri/renderD128 -xerror ");
        assert_eq!(vaapi_device, hw == "vaapi", "{line}");
        let trials = log(&ffmpeg, "trials");
        assert_eq!(trials.len(), 1, "{trials:?}");
        assert!(trials[0].contains(expected_trial), "{hw}: {}", trials[0]);
        assert!(trials[0].contains("-f lavfi -i color=black:s=256x256:r=1 -frames:v 1 "));
        assert_eq!(
            trials[0].contains("-vaapi_device /dev/dri/renderD128"),
            hw == "vaapi"
        );
    }
}

#[test]
fn hw_auto_takes_the_first_the_platform_can_have_and_hevc_its_own() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 64, 48);
    // Listed in another order than framekit's: the order tried is framekit's.
    let ffmpeg = gpu_ffmpeg(dir.path(), "auto", &["h264_vaapi", "h264_qsv"], "exit 0");
    let line = encoder_line(dir.path(), &ffmpeg, &["--hw", "auto"], "auto.mp4");
    let first = match cfg!(target_os = "macos") {
        true => None,
        false => Some("h264_qsv"),
    };
    let trials = log(&ffmpeg, "trials");
    match first {
        Some(first) => {
            assert!(line.contains(&format!("-c:v {first} ")), "{line}");
            assert_eq!(trials.len(), 1, "{trials:?}");
        }
        // macOS tries VideoToolbox only, which this build lacks: software, said once.
        None => assert!(line.contains("-c:v libx264 "), "{line}"),
    }
    let ffmpeg = gpu_ffmpeg(dir.path(), "hevc", &ALL, "exit 0");
    let args = ["--hw", "nvenc", "--codec", "libx265"];
    let line = encoder_line(dir.path(), &ffmpeg, &args, "hevc.mov");
    assert!(line.contains("-c:v hevc_nvenc -pix_fmt yuv420p -rc vbr -cq 23 -b:v 0 -tag:v hvc1 "));
}

#[test]
fn hw_frames_with_their_own_times_keep_bf_0() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 64, 48);
    fs::write(
        dir.path().join("times.csv"),
        "file,seconds\nframe_000.png,0.5\nframe_003.png,0.25\n",
    )
    .unwrap();
    let ffmpeg = gpu_ffmpeg(dir.path(), "times", &ALL, "exit 0");
    let args = ["--hw", "nvenc", "--durations", "times.csv"];
    let line = encoder_line(dir.path(), &ffmpeg, &args, "times.mp4");
    assert!(line.contains("-c:v h264_nvenc "), "{line}");
    assert!(line.contains(" -bf 0 "), "{line}");
}

#[test]
fn hw_an_encoder_that_cannot_be_opened_is_named_once_with_ffmpegs_reason() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 64, 48);
    let refuse = "echo '[h264_nvenc @ 0x55d0] Cannot load libcuda.so.1' >&2; \
                  echo 'Error while opening encoder for output stream #0:0' >&2; exit 1";
    let ffmpeg = gpu_ffmpeg(dir.path(), "nogpu", &ALL, refuse);
    let output = framekit(dir.path())
        .args([
            "stitch", "frames", "-o", "out.mp4", "--hw", "nvenc", "--ffmpeg",
        ])
        .arg(&ffmpeg)
        .output()
        .unwrap();
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    assert_eq!(
        said.lines().filter(|l| l.starts_with("warning:")).collect::<Vec<_>>(),
        ["warning: h264_nvenc cannot be opened here (Cannot load libcuda.so.1): encoding with libx264"]
    );
    let runs = log(&ffmpeg, "runs");
    let encoder: Vec<_> = runs.iter().filter(|l| l.contains(" -c:v ")).collect();
    assert!(
        encoder[0].contains("-c:v libx264 -pix_fmt yuv420p "),
        "{encoder:?}"
    );
    assert!(!encoder[0].contains("nvenc"), "{encoder:?}");
    assert_eq!(
        indices(&dir.path().join("out.mp4"), 64, 48),
        (0..6).collect::<Vec<_>>()
    );
}

#[test]
fn hw_an_explicit_encoder_the_build_lacks_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 64, 48);
    let ffmpeg = gpu_ffmpeg(
        dir.path(),
        "nvenc_only",
        &["h264_nvenc", "hevc_nvenc"],
        "exit 0",
    );
    let ffmpeg = ffmpeg.to_str().unwrap();
    let args = [
        "stitch", "frames", "-o", "out.mp4", "--hw", "vaapi", "--ffmpeg", ffmpeg,
    ];
    let said = fails(dir.path(), &args, 2, &["no h264_vaapi encoder"]);
    assert_message!("hw_lacking_encoder", said);
    // Nothing was tried, and no ffmpeg ran beyond asking its encoders.
    assert!(log(Path::new(ffmpeg), "trials").is_empty());
    assert!(log(Path::new(ffmpeg), "runs").is_empty());
}
