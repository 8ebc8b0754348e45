//! Asking ffprobe about a video: its frame count, size, duration and frame rate.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::ffmpeg::args::path_arg;
use crate::ffmpeg::process_group;
use crate::term::shown::shown;

/// Counts the video packets (one per frame) of the first video stream, without decoding.
pub fn count_video_frames(ffprobe: &Path, video: &Path) -> Result<u64> {
    let text = ffprobe_output(
        ffprobe,
        &[
            "-select_streams",
            "V:0",
            "-count_packets",
            "-show_entries",
            "stream=nb_read_packets",
            "-of",
            "csv=p=0",
        ],
        video,
    )?;
    parse_count(&text).with_context(|| {
        format!(
            "ffprobe could not count the frames of {}: it said {:?}",
            shown(video),
            text.trim()
        )
    })
}

/// The width and height of the first video stream, when ffprobe can tell.
pub fn video_size(ffprobe: &Path, video: &Path) -> Option<(u32, u32)> {
    let args = [
        "-select_streams",
        "V:0",
        "-show_entries",
        "stream=width,height",
        "-of",
        "csv=p=0",
    ];
    let text = ffprobe_output(ffprobe, &args, video).ok()?;
    let (width, height) = text.trim().split_once(',')?;
    Some((width.trim().parse().ok()?, height.trim().parse().ok()?))
}

/// The first video stream's frame rate as ffprobe gives it (`30000/1001`), when it is one.
pub fn frame_rate(ffprobe: &Path, video: &Path) -> Result<Option<String>> {
    let args = [
        "-select_streams",
        "V:0",
        "-show_entries",
        "stream=r_frame_rate,avg_frame_rate",
        "-of",
        "default=nw=1",
    ];
    let text = ffprobe_output(ffprobe, &args, video)?;
    Ok(parse_frame_rate(&text))
}

/// The base rate (`r_frame_rate`), else the average; `0/0` and absurd rates are none.
pub fn parse_frame_rate(text: &str) -> Option<String> {
    let value = |key: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .map(str::trim)
            .filter(|rate| {
                let (n, d) = rate.split_once('/').unwrap_or((rate, "1"));
                matches!((n.parse::<f64>(), d.parse::<f64>()), (Ok(n), Ok(d)) if d > 0.0 && n > 0.0 && n / d <= 1000.0)
            })
            .map(str::to_string)
    };
    value("r_frame_rate").or_else(|| value("avg_frame_rate"))
}

/// The first video stream's width and height as ffmpeg itself reads them, for when there is
/// no ffprobe (imageio-ffmpeg ships none): `ffmpeg -i VIDEO` describes each stream on stderr
/// ("Stream #0:0...: Video: h264 (High), yuv420p(progressive), 66x34 [SAR 1:1 DAR 33:17],
/// ...") and, given no output, exits with an error, which is expected here.
pub fn video_size_from_ffmpeg(ffmpeg: &Path, video: &Path) -> Option<(u32, u32)> {
    let mut command = Command::new(ffmpeg);
    command
        .args(["-hide_banner", "-nostdin", "-i"])
        .arg(path_arg(video));
    let output =
        process_group::output(&mut command, &format!("ffmpeg ({})", shown(ffmpeg))).ok()?;
    parse_ffmpeg_video_size(&String::from_utf8_lossy(&output.stderr))
}

/// The size in the first `Video:` stream line of ffmpeg's description of its input: the
/// first comma-separated field that starts with `WxH`.
pub fn parse_ffmpeg_video_size(stderr: &str) -> Option<(u32, u32)> {
    let line = stderr
        .lines()
        .find(|line| line.trim_start().starts_with("Stream #") && line.contains(": Video: "))?;
    let (_, description) = line.split_once(": Video: ")?;
    description.split(", ").find_map(|field| {
        let size = field.split_whitespace().next()?;
        let (width, height) = size.split_once('x')?;
        let number = |text: &str| {
            (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse::<u32>().ok())
                .flatten()
        };
        Some((number(width)?, number(height)?))
    })
}

/// What `split` needs to know about its input before it starts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VideoInfo {
    /// The frame count the container declares, when it declares one.
    pub declared_frames: Option<u64>,
    /// Seconds, from the stream or the container.
    pub duration: Option<f64>,
    /// The container's first timestamp, in seconds: players (and ffmpeg's `-ss`) count
    /// from it.
    pub start_time: Option<f64>,
    /// ffprobe's name of the container format, such as `mov,mp4,m4a,3gp,3g2,mj2`.
    pub format_name: Option<String>,
    /// The first video stream's size.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Its codec, as ffprobe names it (`h264`, `hevc`, ...).
    pub codec_name: Option<String>,
    /// Its pixel format, as ffprobe names it (`yuv420p`, `yuv420p10le`, `gbrp`, ...).
    pub pix_fmt: Option<String>,
    /// Its frame rate, in frames a second: the average (ffprobe's `avg_frame_rate`, the
    /// `fps` ffmpeg prints), else the base rate (`r_frame_rate`).
    pub frame_rate: Option<f64>,
}

/// Why a file cannot be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAVideo {
    /// ffprobe could not read it at all; carries ffprobe's last words.
    Unreadable(String),
    /// A readable file (audio, an image sequence of zero frames) without a video stream.
    NoVideoStream,
}

/// What `describe_video` asks ffprobe for (`-show_entries`).
pub const DESCRIPTION_ENTRIES: &str = "stream=codec_type,codec_name,pix_fmt,nb_frames,duration,\
     width,height,avg_frame_rate,r_frame_rate:format=duration,start_time,format_name";

/// Reads the first video stream's facts with one ffprobe call (no decoding).
pub fn describe_video(ffprobe: &Path, video: &Path) -> Result<Result<VideoInfo, NotAVideo>> {
    let mut command = Command::new(ffprobe);
    command
        .args(["-v", "error", "-select_streams", "V:0"])
        .args(["-show_entries", DESCRIPTION_ENTRIES])
        .args(["-of", "json"])
        .arg(path_arg(video));
    let output = process_group::output(&mut command, &format!("ffprobe ({})", shown(ffprobe)))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let last = said
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Ok(Err(NotAVideo::Unreadable(last.trim().to_string())));
    }
    Ok(parse_description(&String::from_utf8_lossy(&output.stdout)))
}

/// Reads ffprobe's JSON answer. Missing or odd fields are unknowns, never errors.
pub fn parse_description(json: &str) -> Result<VideoInfo, NotAVideo> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let stream = value["streams"]
        .as_array()
        .and_then(|streams| streams.iter().find(|s| s["codec_type"] == "video"))
        .ok_or(NotAVideo::NoVideoStream)?;
    let number = |v: &serde_json::Value| -> Option<f64> {
        v.as_str()?
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
    };
    let side = |v: &serde_json::Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
    Ok(VideoInfo {
        start_time: value["format"]["start_time"]
            .as_str()
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|t| t.is_finite()),
        format_name: value["format"]["format_name"].as_str().map(String::from),
        width: side(&stream["width"]),
        height: side(&stream["height"]),
        codec_name: stream["codec_name"].as_str().map(String::from),
        pix_fmt: stream["pix_fmt"].as_str().map(String::from),
        frame_rate: rate(&stream["avg_frame_rate"]).or_else(|| rate(&stream["r_frame_rate"])),
        declared_frames: stream["nb_frames"].as_str().and_then(|n| n.parse().ok()),
        duration: number(&stream["duration"]).or_else(|| number(&value["format"]["duration"])),
    })
}

/// A rate as ffprobe writes it (`30000/1001`, `25/1`), or None for an unknown (`0/0`).
fn rate(value: &serde_json::Value) -> Option<f64> {
    let (numerator, denominator) = value.as_str()?.split_once('/')?;
    let numerator: u64 = numerator.trim().parse().ok()?;
    let denominator: u64 = denominator.trim().parse().ok()?;
    (numerator > 0 && denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// The first number in ffprobe's csv answer.
pub fn parse_count(text: &str) -> Option<u64> {
    text.split(['\n', ','])
        .map(str::trim)
        .find(|field| !field.is_empty())?
        .parse()
        .ok()
}

/// Runs ffprobe quietly on one file and returns its stdout.
pub fn ffprobe_output(ffprobe: &Path, args: &[&str], video: &Path) -> Result<String> {
    let mut command = Command::new(ffprobe);
    command
        .args(["-v", "error"])
        .args(args)
        .arg(path_arg(video));
    let output = process_group::output(&mut command, &format!("ffprobe ({})", shown(ffprobe)))?;
    if !output.status.success() {
        anyhow::bail!(
            "ffprobe could not read {}: {}",
            shown(video),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffmpeg_describes_the_video_size_of_its_input() {
        let said = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:a.mp4':\n  \
            Duration: 00:00:00.12, start: 0.000000, bitrate: 86 kb/s\n  \
            Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), \
            yuv420p(tv, bt709, progressive), 66x34 [SAR 1:1 DAR 33:17], 81 kb/s, 25 fps\n\
            At least one output file must be specified\n";
        assert_eq!(parse_ffmpeg_video_size(said), Some((66, 34)));
        // ffmpeg 5.1's words; a GIF; an audio stream first.
        let older = "  Stream #0:0: Video: gif, bgra, 320x240, 25 fps, 25 tbr, 100 tbn\n";
        assert_eq!(parse_ffmpeg_video_size(older), Some((320, 240)));
        let audio_first = "  Stream #0:0: Audio: aac (LC), 44100 Hz, stereo, fltp\n  \
            Stream #0:1: Video: vp9 (Profile 0), yuv420p(tv), 1920x1080, SAR 1:1 DAR 16:9\n";
        assert_eq!(parse_ffmpeg_video_size(audio_first), Some((1920, 1080)));
        assert_eq!(parse_ffmpeg_video_size("no such file\n"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_ffmpeg_description_is_handled(text in "\\PC*") {
            let _ = parse_ffmpeg_video_size(&text);
        }
    }

    proptest::proptest! {
        // ffprobe's output is parsed, never trusted: any text is an answer or an unknown.
        #[test]
        fn any_ffprobe_output_is_handled(text in "\\PC*") {
            let _ = parse_count(&text);
            let _ = parse_description(&text);
        }

        #[test]
        fn any_json_shape_is_handled(frames in "\\PC{0,12}", duration in "\\PC{0,12}") {
            let json = serde_json::json!({
                "streams": [{"codec_type": "video", "nb_frames": frames, "duration": duration}],
            });
            let _ = parse_description(&json.to_string());
        }
    }

    #[test]
    fn counts_are_read_from_csv() {
        assert_eq!(parse_count("120\n"), Some(120));
        assert_eq!(parse_count("\n 7,\n"), Some(7));
        assert_eq!(parse_count("N/A\n"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn descriptions_tolerate_missing_fields() {
        let full = r#"{"streams":[{"codec_type":"video","nb_frames":"80","duration":"3.2"}],
            "format":{"duration":"3.3"}}"#;
        assert_eq!(
            parse_description(full),
            Ok(VideoInfo {
                declared_frames: Some(80),
                duration: Some(3.2),
                ..Default::default()
            })
        );
        let sparse = r#"{"streams":[{"codec_type":"video"}],"format":{"duration":"2.0"}}"#;
        let ts = r#"{"streams":[{"codec_type":"video","width":64,"height":48}],
            "format":{"start_time":"1.400000","format_name":"mpegts"}}"#;
        let ts = parse_description(ts).unwrap();
        assert_eq!(ts.start_time, Some(1.4));
        assert_eq!(ts.format_name.as_deref(), Some("mpegts"));
        assert_eq!((ts.width, ts.height), (Some(64), Some(48)));
        assert_eq!(parse_description(sparse).unwrap().duration, Some(2.0));
        assert_eq!(
            parse_description(r#"{"streams":[]}"#),
            Err(NotAVideo::NoVideoStream)
        );
        assert_eq!(parse_description("not json"), Err(NotAVideo::NoVideoStream));
    }

    #[test]
    fn frame_rates_are_the_average_else_the_base_rate() {
        let rates = |avg: &str, base: &str| {
            let json = serde_json::json!({
                "streams": [{"codec_type": "video", "avg_frame_rate": avg, "r_frame_rate": base}],
            });
            parse_description(&json.to_string()).unwrap().frame_rate
        };
        assert_eq!(rates("30000/1001", "30000/1001"), Some(30000.0 / 1001.0));
        assert_eq!(rates("2000/81", "50/1"), Some(2000.0 / 81.0));
        assert_eq!(rates("0/0", "25/1"), Some(25.0));
        assert_eq!(rates("0/0", "0/0"), None);
        assert_eq!(rates("25", "1/0"), None);
    }
}
