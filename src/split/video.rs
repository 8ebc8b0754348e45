//! The video `split` reads: checked to be a file, described by ffprobe when its answer is
//! used, and what its container declares held against what was decoded.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::{Failure, Kind};
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::locate::ffprobe_for;
use crate::ffmpeg::probe::{self, NotAVideo, VideoInfo};
use crate::signals;
use crate::split::options::{Sampling, Seconds, SplitOptions};
use crate::split::sampling::{list_times, NoPicks, Note};
use crate::split::table::{FrameTable, PacketListing};
use crate::term::shown::shown;

/// The video is a readable file, not standard input or a URL. `command`: the subcommand
/// the user typed (`split`, `sheet`), which the messages name.
pub fn check_input(video: &Path, command: &str) -> Result<()> {
    if video.as_os_str() == "-" {
        return Err(Failure::usage(format!(
            "reading the video from standard input (-) is not supported: {command} needs a \
             file it can read twice"
        ))
        .hint(format!(
            "save the video to a file first, then give that file to framekit {command}"
        ))
        .into());
    }
    if video.to_str().is_some_and(|text| text.contains("://")) {
        return Err(Failure::usage(format!(
            "URLs such as {} are not supported: {command} reads a video file",
            shown(video)
        ))
        .hint(format!(
            "download the video first (e.g. curl -L -o video.mp4 URL), then give that file to \
             framekit {command}"
        ))
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

/// A decode that failed before any frame because the file is no video: no video stream,
/// or nothing ffmpeg can read; None for any other failure.
pub fn not_a_video_said(video: &Path, failed: &FfmpegFailed) -> Option<anyhow::Error> {
    if failed.says("matches no streams") {
        return Some(not_a_video(video, NotAVideo::NoVideoStream));
    }
    if failed.says("Invalid data found when processing input") || failed.says("moov atom not found")
    {
        let last = failed.tail.last().cloned().unwrap_or_default();
        return Some(not_a_video(video, NotAVideo::Unreadable(last)));
    }
    None
}

/// The progress bar's total when no frame list says it exactly: the frame count, scaled by
/// what the options leave out.
pub fn expected_frames(options: &SplitOptions, info: &VideoInfo) -> Option<u64> {
    let frames = info.declared_frames?;
    if !options.selects() {
        return Some(frames);
    }
    let duration = info.duration.filter(|d| *d > 0.0)?;
    let start = options.start.map_or(0.0, |t| t.seconds());
    let end = options.end.map_or(duration, |t| t.seconds().min(duration));
    let span = (end - start).max(0.0);
    let in_range = frames as f64 * span / duration;
    let estimate = match &options.sampling {
        Sampling::Fps(fps) => (span * fps.as_f64()).min(in_range),
        Sampling::Every(every) => in_range / (*every).max(1) as f64,
        Sampling::Count(count) => (*count as f64).min(in_range),
        Sampling::At(times) => times.len() as f64,
        // Only decoding tells.
        Sampling::Keyframes | Sampling::Scene(_) => return None,
        Sampling::All => in_range,
    };
    Some(estimate.ceil() as u64)
}

/// ffprobe: beside ffmpeg, else on PATH (a dry run may have no ffmpeg).
pub fn find_ffprobe(ffmpeg: Option<&Path>) -> Option<PathBuf> {
    match ffmpeg {
        Some(ffmpeg) => ffprobe_for(ffmpeg),
        None => which::which("ffprobe").ok(),
    }
}

/// ffprobe's list of the video's frames, which `what` (a mode, or the manifest) needs;
/// with key flags when `keys` (see `FrameTable::probe`); from `listed` when its packets
/// were already being listed.
pub fn frame_table(
    ffprobe: Option<&Path>,
    ffmpeg: Option<(&Path, &Capabilities)>,
    video: &Path,
    info: &VideoInfo,
    what: &str,
    keys: bool,
    listed: Option<Result<PacketListing>>,
) -> Result<FrameTable> {
    let Some(ffprobe) = ffprobe else {
        return Err(Failure::new(
            Kind::FfmpegNotFound,
            format!(
                "{what} needs ffprobe, to list the frames of {}, but no ffprobe was found \
                 beside ffmpeg or on PATH",
                shown(video)
            ),
        )
        .hint("install ffprobe: it comes with ffmpeg in most packages (apt, dnf, brew, winget)")
        .into());
    };
    let table = match listed {
        Some(listed) => listed.and_then(|listing| {
            FrameTable::from_listing(&listing, ffprobe, ffmpeg, video, info, keys)
        }),
        None => FrameTable::probe(ffprobe, ffmpeg, video, info, keys),
    };
    table.map_err(|error| {
        if crate::error::is_interrupt(&error) {
            return error;
        }
        Failure::failed(format!(
            "ffprobe could not list the frames of {}",
            shown(video)
        ))
        .nothing_written()
        .details([format!("{error:#}")])
        .into()
    })
}

/// A fact about the frames picked, as a warning.
pub fn warn_about(note: &Note, video: &Path) {
    let video = shown(video);
    crate::term::stderr::warn(&match note {
        Note::FewerFrames { available, asked } => format!(
            "{video} has only {available} frame(s) in the range asked for: wrote all of them, \
             not the {asked} of --count {asked}"
        ),
        Note::SharedFrames { picked, asked } => format!(
            "{video} has long gaps between some frames: of the {asked} evenly spaced times \
             of --count {asked}, some fall on the same frame, so {picked} were written"
        ),
        Note::TimeTwice { time, first, again } => format!(
            "--at gives {time} twice (times {first} and {again}): files {first} and {again} \
             are the same frame of {video}"
        ),
    });
}

/// Why a mode picked nothing, as a message with the video's length.
pub fn nothing_picked(
    problem: NoPicks,
    video: &Path,
    table: &FrameTable,
    options: &SplitOptions,
) -> anyhow::Error {
    let lasts = match table.duration {
        Some(duration) => format!("it lasts {}", Seconds(duration as f64 / 1e6)),
        None => "it is shorter".to_string(),
    };
    let last_frame = table.last_pts().map_or(String::new(), |t| {
        format!("its last frame is at {}, and ", Seconds(t as f64 / 1e6))
    });
    let failure = match problem {
        NoPicks::EmptyRange => {
            let range = match (options.start, options.end) {
                (Some(start), Some(end)) => format!(" (--start {start} --end {end})"),
                (Some(start), None) => format!(" (--start {start})"),
                (None, Some(end)) => format!(" (--end {end})"),
                (None, None) => String::new(),
            };
            Failure::failed(format!(
                "{} has no frames in the range asked for{range}: {lasts}",
                shown(video)
            ))
            .hint("--start and --end count from the start of the video")
        }
        NoPicks::PastTheEnd(times) => Failure::failed(format!(
            "--at {} {} past the end of {}: {last_frame}{lasts}",
            list_times(&times),
            if times.len() == 1 { "is" } else { "are" },
            shown(video)
        ))
        .hint("--at takes times from the start of the video, as its frames.csv counts them"),
        NoPicks::NoKeyFrames => Failure::failed(format!(
            "{} has no key frame in the range asked for",
            shown(video)
        ))
        .hint("widen the range: most videos have a key frame every few seconds"),
    };
    failure.nothing_written().into()
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

    #[test]
    fn progress_totals_scale_with_the_selection() {
        let info = VideoInfo {
            declared_frames: Some(100),
            duration: Some(4.0),
            ..Default::default()
        };
        let mut options = SplitOptions::default();
        assert_eq!(expected_frames(&options, &info), Some(100));
        options.sampling = Sampling::Every(3);
        assert_eq!(expected_frames(&options, &info), Some(34));
        options.sampling = Sampling::All;
        options.start = Some("1".parse().unwrap());
        options.end = Some("3".parse().unwrap());
        assert_eq!(expected_frames(&options, &info), Some(50));
        options.sampling = Sampling::Fps("2".parse().unwrap());
        assert_eq!(expected_frames(&options, &info), Some(4));
        options.sampling = Sampling::Scene(0.3);
        assert_eq!(expected_frames(&options, &info), None);
    }
}
