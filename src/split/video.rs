//! The video `split` reads: checked to be a file, described by ffprobe when its answer is
//! used, and what its container declares held against what was decoded.

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::locate::ffprobe_for;
use crate::ffmpeg::probe::{self, NotAVideo, VideoInfo};
use crate::signals;
use crate::split::options::SplitOptions;
use crate::term::shown::shown;

/// The video is a readable file, not standard input or a URL.
pub fn check_input(video: &Path) -> Result<()> {
    if video.as_os_str() == "-" {
        return Err(Failure::usage(
            "reading the video from standard input (-) is not supported: split needs a file \
             it can read twice",
        )
        .hint("save the video to a file first, then split that file")
        .into());
    }
    if video.to_str().is_some_and(|text| text.contains("://")) {
        return Err(Failure::usage(format!(
            "URLs such as {} are not supported: split reads a video file",
            shown(video)
        ))
        .hint("download the video first (e.g. curl -L -o video.mp4 URL), then split the file")
        .into());
    }
    let problem = match fs::metadata(video) {
        Ok(metadata) if metadata.is_file() => return Ok(()),
        Ok(_) => format!("the video {} is not a file", shown(video)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("the video {} does not exist", shown(video))
        }
        Err(e) => format!("cannot read the video {}: {e}", shown(video)),
    };
    Err(Failure::failed(problem).into())
}

/// Checks that the input is a video and learns its frame count and ffmpeg's version.
pub fn inspect(ffmpeg: &Path, video: &Path) -> Result<VideoInfo> {
    // Without ffprobe nothing is lost but the progress bar's total and an early error.
    let Some(ffprobe) = ffprobe_for(ffmpeg) else {
        return Ok(VideoInfo::default());
    };
    match probe::describe_video(&ffprobe, video)? {
        Ok(mut info) => {
            if info.declared_frames.is_none() {
                // Matroska and WebM declare no count: count the packets (no decoding).
                info.declared_frames = probe::count_video_frames(&ffprobe, video).ok();
                // A count cut short by Ctrl-C is an interrupt, not an unknown count.
                signals::check()?;
            }
            Ok(info)
        }
        Err(problem) => Err(not_a_video(video, problem)),
    }
}

pub fn not_a_video(video: &Path, problem: NotAVideo) -> anyhow::Error {
    let title = match problem {
        NotAVideo::NoVideoStream => format!("{} has no video stream", shown(video)),
        NotAVideo::Unreadable(said) if said.is_empty() => {
            format!("{} is not a video that ffmpeg can read", shown(video))
        }
        NotAVideo::Unreadable(said) => format!(
            "{} is not a video that ffmpeg can read ({said})",
            shown(video)
        ),
    };
    Failure::failed(title).nothing_written().into()
}

/// The progress bar's total: the frame count, scaled by what the options leave out.
pub fn expected_frames(options: &SplitOptions, info: &VideoInfo) -> Option<u64> {
    let frames = info.declared_frames?;
    if !options.selects() {
        return Some(frames);
    }
    let duration = info.duration.filter(|d| *d > 0.0)?;
    let start = options.start.map_or(0.0, |t| t.seconds());
    let end = options.end.map_or(duration, |t| t.seconds().min(duration));
    let span = (end - start).max(0.0);
    let estimate = match &options.fps {
        Some(fps) => span * fps.as_f64(),
        None => frames as f64 * span / duration,
    };
    let every = options.every.unwrap_or(1).max(1) as f64;
    Some((estimate / every).ceil() as u64)
}

/// When every frame was asked for, the files should match the container's count. They can
/// differ legitimately (a damaged packet, an edit list), so this warns rather than fails.
pub fn check_against_declared(
    written: u64,
    options: &SplitOptions,
    info: &VideoInfo,
    video: &Path,
) {
    if options.selects() {
        return;
    }
    if let Some(declared) = info.declared_frames {
        if declared != written {
            crate::term::stderr::warn(&format!(
                "{} declares {declared} frames, but ffmpeg decoded {written}; \
                 the video may be damaged",
                shown(video)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::options::ImageFormat;

    #[test]
    fn progress_totals_scale_with_the_selection() {
        let info = VideoInfo {
            declared_frames: Some(100),
            duration: Some(4.0),
            version: None,
        };
        let mut options = SplitOptions {
            prefix: "img_".into(),
            digits: None,
            format: ImageFormat::Png,
            fps: None,
            every: None,
            start: None,
            end: None,
            fast: false,
            allow_damaged: false,
        };
        assert_eq!(expected_frames(&options, &info), Some(100));
        options.every = Some(3);
        assert_eq!(expected_frames(&options, &info), Some(34));
        options.every = None;
        options.start = Some("1".parse().unwrap());
        options.end = Some("3".parse().unwrap());
        assert_eq!(expected_frames(&options, &info), Some(50));
        options.fps = Some("2".parse().unwrap());
        assert_eq!(expected_frames(&options, &info), Some(4));
    }
}
