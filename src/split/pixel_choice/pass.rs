//! The one decode `--sharpest` and `--dedupe` make before anything is written: ffmpeg
//! reads the range once and hands framekit each frame's luma, reduced by nearest-neighbour
//! sampling to at most [`LONGER_SIDE`] pixels on its longer side, as raw 8-bit gray on a
//! pipe; framekit measures each as it comes and keeps none.

use std::ffi::OsString;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::Ordering;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::supervisor::{self, FfmpegCommand};
use crate::pipeline::{self, Attempt};
use crate::split::ffmpeg_args::seconds_arg;
use crate::split::video::not_a_video_said;
use crate::term::progress_report::ProgressReport;
use crate::term::shown::shown;

/// The longer side of the images framekit measures: enough for edges and motion, small
/// enough that measuring costs far less than decoding (320x180 for 720p: 58 kB a frame).
pub const LONGER_SIDE: u32 = 320;

/// What the measuring run reads: where it starts, where it stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// `-ss` before `-i` (µs): where the container seeks exactly; else from the start.
    pub seek: Option<i64>,
    /// `-to` before `-i` (µs).
    pub end: Option<i64>,
    /// The reduced size, width x height.
    pub size: (u32, u32),
    pub allow_damaged: bool,
}

/// The reduced size for a `width` x `height` video: both sides divided by the same whole
/// number, so that nearest-neighbour sampling takes whole pixels.
pub fn reduced_size(width: Option<u32>, height: Option<u32>) -> (u32, u32) {
    let (width, height) = (width.unwrap_or(1280).max(1), height.unwrap_or(720).max(1));
    let divisor = width.max(height).div_ceil(LONGER_SIDE).max(1);
    ((width / divisor).max(1), (height / divisor).max(1))
}

/// The measuring run's arguments. `-noautorotate`: the measure needs no turned frames,
/// and the size stays the one framekit asked for. `neighbor` and `gray` take pixels as
/// they are, with no arithmetic that could round otherwise on another ffmpeg.
pub fn measure_args(video: &Path, reading: &Reading, ffmpeg: &Capabilities) -> Vec<OsString> {
    let mut args = Args::unattended(false);
    if !reading.allow_damaged {
        args.push("-xerror");
    }
    args.push("-noautorotate");
    if let Some(seek) = reading.seek {
        args.push_all(["-ss", &seconds_arg(seek)]);
    }
    if let Some(end) = reading.end {
        args.push_all(["-to", &seconds_arg(end)]);
    }
    args.push("-i");
    args.push(path_arg(video));
    let (width, height) = reading.size;
    let filter = format!("scale={width}:{height}:flags=neighbor,format=gray");
    args.push_all(["-map", "0:V:0", "-vf", &filter]);
    args.push_all([ffmpeg.fps_mode(), "passthrough"]);
    args.push_all(["-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]);
    args.into_vec()
}

/// Runs the measuring ffmpeg, handing `take` each frame's gray pixels in order (from 0).
/// Returns how many frames came.
pub fn measure(
    ffmpeg: &Path,
    capabilities: &Capabilities,
    video: &Path,
    reading: &Reading,
    progress: &ProgressReport,
    mut take: impl FnMut(usize, &[u8]) + Send,
) -> Result<usize> {
    let args = measure_args(video, reading, capabilities);
    let (width, height) = reading.size;
    let frame_bytes = width as usize * height as usize;
    let mut count = 0usize;
    let mut cut = false;
    let finished = supervisor::stream(FfmpegCommand::new(ffmpeg, args), |stdout, stop| {
        let mut reader = BufReader::with_capacity(frame_bytes.max(1 << 16), stdout);
        let mut pixels = vec![0u8; frame_bytes];
        loop {
            match read_frame(&mut reader, &mut pixels) {
                Ok(true) => {}
                Ok(false) => return,
                Err(_) => {
                    cut = true;
                    stop.store(true, Ordering::SeqCst);
                    return;
                }
            }
            take(count, &pixels);
            count += 1;
            progress.inc(1);
        }
    });
    let attempt = Attempt {
        command: "split",
        doing: format!("measure the frames of {}", shown(video)),
        writing: "the frames".to_string(),
        output_kind: "the frames",
    };
    let finished = finished.map_err(|error| {
        pipeline::explain_failure(error, &attempt, |failed| {
            if count == 0 {
                return not_a_video_said(video, failed);
            }
            Some(
                Failure::failed(format!(
                    "{} is damaged or truncated: decoding stopped after {count} frame(s)",
                    shown(video)
                ))
                .nothing_written()
                .details(failed.details())
                .hint("pass --allow-damaged to choose among the frames that decode, or repair the video")
                .into(),
            )
        })
    })?;
    if cut {
        return Err(Failure::failed(format!(
            "ffmpeg's frames of {} ended in the middle of a frame",
            shown(video)
        ))
        .nothing_written()
        .into());
    }
    let options = crate::split::options::SplitOptions {
        allow_damaged: reading.allow_damaged,
        ..Default::default()
    };
    crate::split::write_frames::check_clean_decode(&finished, &options, video, None, None)?;
    Ok(count)
}

/// One whole frame into `pixels`; false at the end of the stream, before any byte of it.
fn read_frame(reader: &mut impl Read, pixels: &mut [u8]) -> std::io::Result<bool> {
    let mut filled = 0;
    while filled < pixels.len() {
        match reader.read(&mut pixels[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_reduced_by_one_whole_divisor() {
        assert_eq!(reduced_size(Some(1280), Some(720)), (320, 180));
        assert_eq!(reduced_size(Some(1920), Some(1080)), (320, 180));
        assert_eq!(reduced_size(Some(640), Some(360)), (320, 180));
        assert_eq!(reduced_size(Some(200), Some(100)), (200, 100));
        assert_eq!(reduced_size(Some(720), Some(1280)), (180, 320));
        assert_eq!(reduced_size(Some(1000), Some(3)), (250, 1));
    }

    #[test]
    fn the_measuring_run_reads_the_range_as_gray_on_a_pipe() {
        let ffmpeg = Capabilities::known(crate::ffmpeg::capabilities::Version::Known(5, 1));
        let reading = Reading {
            seek: Some(1_500_000),
            end: Some(3_000_000),
            size: (320, 180),
            allow_damaged: false,
        };
        let args = measure_args(Path::new("-in.mp4"), &reading, &ffmpeg);
        let line: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(
            line.join(" "),
            "-hide_banner -nostdin -loglevel error -xerror -noautorotate -ss 1.5 -to 3 \
             -i file:-in.mp4 -map 0:V:0 -vf scale=320:180:flags=neighbor,format=gray \
             -fps_mode passthrough -f rawvideo -pix_fmt gray pipe:1"
        );
    }
}
