//! The one decode `--sharpest` and `--dedupe` make before anything is written: ffmpeg
//! reads the range once and hands framekit each frame's luma, reduced by nearest-neighbour
//! sampling to at most [`LONGER_SIDE`] pixels on its longer side, as raw gray samples on a
//! pipe; framekit measures each as it comes and keeps none.
//!
//! The samples are the video's own, the same on every ffmpeg from 4.2 to 9 (decoders give
//! the same pixels everywhere; swscale's conversions do not: 10-bit to 8 and RGB to gray
//! round differently in ffmpeg 9, its nearest-neighbour sampling above 8 bits differs in 7):
//! - 8-bit planar YUV and gray: reduced by swscale straight to gray with the range held
//!   (`scale=...:flags=neighbor:in_range=pc:out_range=pc`): the luma samples as they are,
//!   no arithmetic, and only the reduced rows are touched. Taking the plane out first
//!   (`extractplanes=y`) copied every full-size plane (a twentieth of the run's CPU at
//!   720p) and, on 4.2 to 5.1, let swscale expand the levels of a plane tagged limited
//!   range, as phones' and cameras' video is.
//! - Deeper planar YUV: the whole luma plane (`extractplanes=y`), framekit takes the samples.
//! - 8-bit RGB and palettes (GIF): whole, as `rgb24` (a reordering, no arithmetic);
//!   framekit reduces and makes gray with integer weights ([`luma_of_rgb`]): swscale
//!   scales RGB through YUV, and its RGB-to-gray rounds otherwise in ffmpeg 9.
//! - Anything else (NV12, packed 4:2:2, RGB or gray above 8 bits): converted to gray by
//!   swscale, then reduced: the same choice on every ffmpeg tested, the numbers not promised.

use std::ffi::OsString;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// The decoding threads of the measuring run: at least 8, more frames in flight than
/// ffmpeg's own choice (cores + 1) on small machines: its main thread filters and writes
/// each frame in series with handing the decoder the next, and on 2 cores that left the
/// decode 10-20% slower than a bare one (8 and 16 measured alike; each thread holds
/// frames, so no more than needed); 16 at most, as ffmpeg advises.
pub fn measure_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    (cores + 1).clamp(8, 16)
}

/// What the measuring run reads: where it starts, where it stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// `-ss` before `-i` (µs): where the container seeks exactly; else from the start.
    pub seek: Option<i64>,
    /// `-to` before `-i` (µs).
    pub end: Option<i64>,
    /// `-frames:v`: how many frames, exactly, where the table says (a segment's).
    pub frames: Option<usize>,
    /// The reduced size, width x height.
    pub size: (u32, u32),
    /// The decoded size (ffprobe's): what comes on the pipe when framekit reduces.
    pub source: (u32, u32),
    pub plane: Plane,
    pub allow_damaged: bool,
    /// ffmpeg's decoding threads: [`measure_threads`] for one run alone, 1 for each of
    /// several side by side (see `segments`).
    pub threads: usize,
}

/// Which gray samples ffmpeg hands over, and how it gets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plane {
    /// How the gray samples are taken (see [`Take`]).
    pub take: Take,
    /// The pixel format on the pipe (`gray`, `gray10le`, ..., `rgb24`).
    pub pix_fmt: String,
    /// Bits a sample: 8, or up to 16 in two bytes, little-endian.
    pub depth: u32,
}

/// How ffmpeg gets the gray samples of a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Take {
    /// Planar YUV of 8 bits (`yuv420p`, `yuvj422p`, `yuva444p`, ...) or gray: reduced
    /// straight to gray, the range held.
    Luma,
    /// Planar YUV of more bits: the whole luma plane, reduced by framekit.
    WholeLuma,
    /// 8-bit RGB, with or without alpha, packed or planar, or a palette: whole, as
    /// `rgb24`, reduced and made gray by framekit ([`luma_of_rgb`]).
    Rgb,
    /// Anything else: converted to 8-bit gray by swscale, then reduced.
    Converted,
}

impl Plane {
    /// The samples of a video whose pixel format ffprobe names `pix_fmt` (see [`Take`] and
    /// the top of this file).
    pub fn of(pix_fmt: Option<&str>) -> Plane {
        let converted = Plane {
            take: Take::Converted,
            pix_fmt: "gray".to_string(),
            depth: 8,
        };
        let Some(name) = pix_fmt else {
            return converted;
        };
        const RGB: [&str; 13] = [
            "rgb24", "bgr24", "rgba", "bgra", "argb", "abgr", "rgb0", "bgr0", "0rgb", "0bgr",
            "gbrp", "gbrap", "pal8",
        ];
        if RGB.contains(&name) {
            return Plane {
                take: Take::Rgb,
                pix_fmt: "rgb24".to_string(),
                depth: 8,
            };
        }
        if name == "gray" {
            return Plane {
                take: Take::Luma,
                ..converted
            };
        }
        // yuv420p, yuvj422p, yuva444p, yuv420p10le, yuv444p12be, ...
        let Some(rest) = ["yuvj", "yuva", "yuv"]
            .iter()
            .find_map(|family| name.strip_prefix(family))
        else {
            return converted;
        };
        let Some((layout, depth)) = rest.split_once('p') else {
            return converted;
        };
        if layout.len() != 3 || !layout.bytes().all(|b| b.is_ascii_digit()) {
            return converted;
        }
        let depth = match depth {
            "" => 8,
            bits => match bits.strip_suffix("le").or_else(|| bits.strip_suffix("be")) {
                Some(number) => match number.parse::<u32>() {
                    Ok(depth @ (9 | 10 | 12 | 14 | 16)) => depth,
                    _ => return converted,
                },
                None => return converted,
            },
        };
        let (take, pix_fmt) = match depth {
            8 => (Take::Luma, "gray".to_string()),
            depth => (Take::WholeLuma, format!("gray{depth}le")),
        };
        Plane {
            take,
            pix_fmt,
            depth,
        }
    }

    /// The measuring run's filters for frames reduced to `width` x `height`. Each chain
    /// ends in `format`, so that nothing converts the samples after they are picked.
    pub fn filters(&self, (width, height): (u32, u32)) -> String {
        let reduce = format!("scale={width}:{height}:flags=neighbor");
        let gray = &self.pix_fmt;
        match &self.take {
            Take::Luma => format!("{reduce}:in_range=pc:out_range=pc,format=gray"),
            Take::WholeLuma => format!("extractplanes=y,format={gray}"),
            Take::Rgb => "format=rgb24".to_string(),
            Take::Converted => format!("format=gray,{reduce},format={gray}"),
        }
    }

    /// Whether framekit reduces the frames itself (see the top of this file).
    pub fn reduced_here(&self) -> bool {
        matches!(self.take, Take::WholeLuma | Take::Rgb)
    }

    /// Bytes a pixel on the pipe.
    pub fn pixel_bytes(&self) -> usize {
        match self.take {
            Take::Rgb => 3,
            _ if self.depth > 8 => 2,
            _ => 1,
        }
    }

    /// The gray samples of one frame's bytes from the pipe.
    fn samples(&self, pixels: &[u8], gray: &mut [u16]) {
        match self.pixel_bytes() {
            3 => {
                for (sample, rgb) in gray.iter_mut().zip(pixels.chunks_exact(3)) {
                    *sample = luma_of_rgb(rgb[0], rgb[1], rgb[2]);
                }
            }
            2 => {
                for (sample, bytes) in gray.iter_mut().zip(pixels.chunks_exact(2)) {
                    *sample = u16::from_le_bytes([bytes[0], bytes[1]]);
                }
            }
            _ => {
                for (sample, &byte) in gray.iter_mut().zip(pixels) {
                    *sample = u16::from(byte);
                }
            }
        }
    }
}

/// The gray level of an RGB pixel, for the measures only: BT.601's weights in 256ths
/// (77 + 150 + 29), rounded, in integers, so that it is the same on every machine.
pub fn luma_of_rgb(red: u8, green: u8, blue: u8) -> u16 {
    (77 * u16::from(red) + 150 * u16::from(green) + 29 * u16::from(blue) + 128) >> 8
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
    args.push_all(["-threads", &reading.threads.to_string()]);
    args.push("-i");
    args.push(path_arg(video));
    let filters = reading.plane.filters(reading.size);
    args.push_all(["-map", "0:V:0", "-vf", &filters]);
    if let Some(frames) = reading.frames {
        args.push_all(["-frames:v", &frames.to_string()]);
    }
    args.push_all([ffmpeg.fps_mode(), "passthrough"]);
    args.push_all([
        "-f",
        "rawvideo",
        "-pix_fmt",
        &reading.plane.pix_fmt,
        "pipe:1",
    ]);
    args.into_vec()
}

/// Runs the measuring ffmpeg, handing `take` each frame's gray samples in order (from 0).
/// Returns how many frames came.
pub fn measure(
    ffmpeg: &Path,
    capabilities: &Capabilities,
    video: &Path,
    reading: &Reading,
    progress: &ProgressReport,
    cancel: Option<&AtomicBool>,
    mut take: impl FnMut(usize, &[u16]) + Send,
) -> Result<usize> {
    let args = measure_args(video, reading, capabilities);
    let piped = match reading.plane.reduced_here() {
        true => reading.source,
        false => reading.size,
    };
    let samples = piped.0 as usize * piped.1 as usize;
    let frame_bytes = samples * reading.plane.pixel_bytes();
    let mut reduced = Vec::new();
    let mut count = 0usize;
    let mut cut = false;
    let finished = supervisor::stream(FfmpegCommand::new(ffmpeg, args), |stdout, stop| {
        // A 1 MiB pipe lets ffmpeg run several small frames ahead of framekit, instead of
        // the two taking turns at every frame.
        crate::pipe::size::enlarge(&stdout);
        let mut reader = BufReader::with_capacity(frame_bytes.max(1 << 16), stdout);
        let mut pixels = vec![0u8; frame_bytes];
        let mut gray = vec![0u16; samples];
        loop {
            if cancel.is_some_and(|cancel| cancel.load(Ordering::SeqCst)) {
                stop.store(true, Ordering::SeqCst);
                return;
            }
            match read_frame(&mut reader, &mut pixels) {
                Ok(true) => {}
                Ok(false) => return,
                Err(_) => {
                    cut = true;
                    stop.store(true, Ordering::SeqCst);
                    return;
                }
            }
            reading.plane.samples(&pixels, &mut gray);
            match reading.plane.reduced_here() {
                true => {
                    reduce(&gray, piped, reading.size, &mut reduced);
                    take(count, &reduced);
                }
                false => take(count, &gray),
            }
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

/// Nearest-neighbour sampling of a `from`-sized image to `to`: the sample at the middle of
/// each block of whole pixels.
fn reduce(gray: &[u16], from: (u32, u32), to: (u32, u32), reduced: &mut Vec<u16>) {
    let (from_width, from_height) = (from.0 as usize, from.1 as usize);
    let (width, height) = (to.0.max(1) as usize, to.1.max(1) as usize);
    let (step_x, step_y) = ((from_width / width).max(1), (from_height / height).max(1));
    reduced.clear();
    for y in 0..height {
        let row = (y * step_y + step_y / 2).min(from_height.saturating_sub(1)) * from_width;
        for x in 0..width {
            let column = (x * step_x + step_x / 2).min(from_width.saturating_sub(1));
            reduced.push(gray.get(row + column).copied().unwrap_or(0));
        }
    }
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
            source: (1280, 720),
            plane: Plane::of(Some("yuv420p10le")),
            allow_damaged: false,
            threads: measure_threads(),
            frames: None,
        };
        let args = measure_args(Path::new("-in.mp4"), &reading, &ffmpeg);
        let line: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(
            line.join(" "),
            format!(
                "-hide_banner -nostdin -loglevel error -xerror -noautorotate -ss 1.5 -to 3 \
             -threads {} -i file:-in.mp4 -map 0:V:0 -vf extractplanes=y,format=gray10le \
             -fps_mode passthrough -f rawvideo -pix_fmt gray10le pipe:1",
                measure_threads()
            )
        );
    }

    #[test]
    fn framekit_reduces_by_the_middle_sample_of_each_block() {
        let gray: Vec<u16> = (0..6 * 4).collect();
        let mut reduced = Vec::new();
        reduce(&gray, (6, 4), (3, 2), &mut reduced);
        assert_eq!(reduced, [7, 9, 11, 19, 21, 23]);
        reduce(&gray, (6, 4), (6, 4), &mut reduced);
        assert_eq!(reduced, gray);
    }

    #[test]
    fn planar_yuv_gives_its_luma_plane_anything_else_is_converted() {
        let plane = |name: &str| Plane::of(Some(name));
        assert_eq!(plane("yuv420p").pix_fmt, "gray");
        assert_eq!(plane("yuv420p").take, Take::Luma);
        assert_eq!(plane("yuvj422p").depth, 8);
        assert_eq!(plane("yuva444p").take, Take::Luma);
        assert_eq!(
            plane("yuva444p").filters((320, 180)),
            "scale=320:180:flags=neighbor:in_range=pc:out_range=pc,format=gray"
        );
        assert_eq!(plane("yuv420p10le").take, Take::WholeLuma);
        assert_eq!(plane("yuv420p10le").pix_fmt, "gray10le");
        assert_eq!(plane("yuv444p12be").pixel_bytes(), 2);
        assert_eq!(plane("bgra").take, Take::Rgb);
        assert_eq!(plane("pal8").pixel_bytes(), 3);
        assert_eq!(plane("gray").take, Take::Luma);
        for other in [
            "gbrp10le",
            "rgb48le",
            "nv12",
            "yuyv422",
            "p010le",
            "yuv420p11le",
            "gray16le",
        ] {
            assert_eq!(plane(other).take, Take::Converted, "{other}");
            assert_eq!(plane(other).depth, 8);
        }
        assert_eq!(Plane::of(None).take, Take::Converted);
    }
}
