//! split's ffmpeg arguments: options, what a run reads (`Reading`) and how it writes
//! (`Writing`) in, ffmpeg's argument list out; and the `--dry-run` line made of them. Pure:
//! no I/O here, so every choice is unit-tested (`tests.rs`).

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::capabilities::Capabilities;
use crate::split::manifest::print_times_filters;
use crate::split::naming::Naming;
use crate::split::options::{ImageFormat, Sampling, SplitOptions};
pub use crate::split::sampling::CountRate;
use crate::split::schedule::Stretch;
use crate::term::shell;

/// How one ffmpeg run writes: where, and what else it does there.
#[derive(Debug, Clone, Copy)]
pub struct Writing<'a> {
    /// The image2 pattern, with any folder part already `%`-escaped.
    pub pattern: &'a OsStr,
    /// The number of the first file written.
    pub start_number: u64,
    /// A file (relative to ffmpeg's working folder, so it needs no filter escaping) that
    /// receives each written frame's timestamp.
    pub timestamps_file: Option<&'a str>,
    pub overwrite: bool,
    pub report_progress: bool,
    /// The ffmpeg that runs: how it spells `-fps_mode`, how it can print timestamps.
    pub ffmpeg: &'a Capabilities,
    /// Decode on one thread: when as many ffmpeg runs as cores work side by side, the
    /// decoder's own threads only cost time to start (and the pixels are the same).
    pub one_thread: bool,
    /// Write the frames on stdout instead, as 8-bit RGB PAM images back to back, and each
    /// frame's time into ffmpeg's log (info level, each line tagged with its level): the
    /// times then reach framekit on stderr before their frames on stdout. `pattern`,
    /// `start_number`, `timestamps_file` and `overwrite` are then unused.
    pub to_stdout: bool,
}

/// What one ffmpeg run reads, and which of its frames it keeps.
#[derive(Debug, Clone, Copy)]
pub enum Reading<'a> {
    /// The whole range, keeping frames by the mode's filter.
    Pass {
        /// `--count`'s steps a second (N over the range's duration).
        count_rate: Option<CountRate>,
        /// Whether `-ss` lands exactly in this container; when it does not (MPEG-TS),
        /// the range's start is cut by a filter from a decode of the whole video.
        exact_seek: bool,
        /// `--keyframes` may leave the other frames undecoded (see
        /// `FrameTable::keyframes_alone`).
        skip_frames: bool,
    },
    /// One stretch: seek, then keep these frames (counted from the first ffmpeg gives).
    Stretch(&'a Stretch),
}

/// Microseconds as ffmpeg reads seconds: `29.98`.
pub fn seconds_arg(micros: i64) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let micros = micros.unsigned_abs();
    let (whole, fraction) = (micros / 1_000_000, micros % 1_000_000);
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        let digits = format!("{fraction:06}");
        format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// The ffmpeg arguments that write the frames of `video` that `reading` keeps.
pub fn ffmpeg_args(
    options: &SplitOptions,
    video: &Path,
    reading: Reading<'_>,
    writing: Writing<'_>,
) -> Vec<OsString> {
    let mut args = match writing.to_stdout {
        // `repeat`: a line the same as the one before is still printed.
        true => Args::unattended_logging(writing.report_progress, "repeat+level+info"),
        false => Args::unattended(writing.report_progress),
    };
    if !options.allow_damaged {
        // A decoding or demuxing error (a truncated or damaged video) stops ffmpeg with an
        // error, where it would otherwise skip what it cannot read and exit 0.
        args.push("-xerror");
    }
    if writing.one_thread {
        args.push_all(["-threads", "1"]);
    }
    let mut filters = Vec::new();
    let mut frames = None;
    match reading {
        Reading::Pass {
            count_rate,
            exact_seek,
            skip_frames,
        } => {
            if options.sampling == Sampling::Keyframes && skip_frames {
                // Only key frames are decoded; the rest are read past.
                args.push_all(["-skip_frame", "nokey"]);
            }
            match options.start {
                // Before -i: seek fast, still frame-accurate because the video is decoded.
                Some(start) if exact_seek => args.push_all(["-ss", &start.to_string()]),
                // Decode from the start and drop what comes before; count time from the
                // range's start, as after -ss.
                Some(start) => {
                    filters.push(format!("trim=start={start}"));
                    filters.push(format!("setpts=PTS-{start}/TB"));
                }
                None => {}
            }
            if let Some(end) = options.end {
                args.push_all(["-to", &end.to_string()]);
            }
            filters.extend(select_filter(&options.sampling, count_rate));
        }
        Reading::Stretch(stretch) => {
            if let Some(seek) = stretch.seek {
                args.push_all(["-ss", &seconds_arg(seek)]);
            }
            let offsets: Vec<usize> = stretch.offsets().collect();
            if offsets != [0] {
                let terms: Vec<String> = offsets.iter().map(|n| format!("eq(n\\,{n})")).collect();
                filters.push(format!("select={}", terms.join("+")));
            }
            frames = Some(offsets.len());
        }
    }
    args.push("-i");
    args.push(path_arg(video));
    // The first real video stream (`V` skips cover art).
    args.push_all(["-map", "0:V:0"]);
    if let Some(width) = options.width {
        filters.push(format!("scale={width}:-1"));
    }
    if writing.to_stdout {
        filters.extend(print_times_filters(writing.ffmpeg, None));
    } else if let Some(file) = writing.timestamps_file {
        filters.extend(print_times_filters(writing.ffmpeg, Some(file)));
    }
    if !filters.is_empty() {
        args.push_all(["-vf", &filters.join(",")]);
    }
    if let Some(frames) = frames {
        args.push_all(["-frames:v", &frames.to_string()]);
    }
    // Every decoded frame exactly once, with its own timestamp: no duplicates for
    // variable-frame-rate video.
    args.push_all([writing.ffmpeg.fps_mode(), "passthrough"]);
    if writing.to_stdout {
        // PAM: each frame says its own size (scaled, turned by the video's rotation). The
        // same automatic conversion to RGB as for PNG, held to 8 bits. Each frame is handed
        // on whole as soon as it is written, in one write(2) straight from the encoder's
        // packet (`-avioflags direct`: no copy through avio's 32 KiB buffer, which also
        // wrote each 1280x720 frame in 85 pieces): 8-10% less CPU for `frames()`.
        args.push_all(["-pix_fmt", "rgb24", "-c:v", "pam", "-f", "image2pipe"]);
        args.push_all(["-flush_packets", "1", "-avioflags", "direct", "pipe:1"]);
        return args.into_vec();
    }
    match options.format {
        ImageFormat::Png if options.fast => {
            args.push_all(["-c:v", "png", "-compression_level", "1"])
        }
        ImageFormat::Png => args.push_all(["-c:v", "png"]),
        // q 2 is mjpeg's highest practical quality.
        ImageFormat::Jpg => args.push_all(["-c:v", "mjpeg", "-q:v", "2"]),
    }
    let start_number = writing.start_number.to_string();
    args.push_all(["-f", "image2", "-start_number", &start_number]);
    args.push_overwrite(writing.overwrite);
    let mut pattern = OsString::new();
    let bytes = writing.pattern.as_encoded_bytes();
    // ffmpeg reads a leading `-` as an option and `word:` as a protocol; behind `./` either
    // is a plain relative file name.
    if Path::new(writing.pattern).is_relative()
        && (bytes.starts_with(b"-") || bytes.contains(&b':'))
    {
        pattern.push("./");
    }
    pattern.push(writing.pattern);
    args.push(pattern);
    args.into_vec()
}

/// One ffmpeg run of a `--dry-run` line, and the number of its first file.
pub type DryRun<'a> = (Reading<'a>, u64);

/// What the `--dry-run` line is made from.
pub struct DryRunLine<'a> {
    pub options: &'a SplitOptions,
    pub naming: &'a Naming,
    pub video: &'a Path,
    pub out_dir: &'a Path,
    /// ffmpeg as the line names it.
    pub program: &'a OsStr,
    pub ffmpeg: &'a Capabilities,
    pub force: bool,
}

impl DryRunLine<'_> {
    /// `mkdir -p -- OUT_DIR && ffmpeg ... [&& ffmpeg ...]` (cmd.exe: `mkdir OUT_DIR 2>NUL &
    /// ffmpeg ...`), what framekit would run, each ffmpeg writing its frames under their
    /// final names. framekit itself stages the frames and writes the manifest; these
    /// commands do not.
    pub fn line(&self, runs: &[DryRun<'_>]) -> Vec<u8> {
        let mut pattern = escape_pattern_folder(self.out_dir);
        pattern.push(std::path::MAIN_SEPARATOR_STR);
        pattern.push(self.naming.ffmpeg_pattern());
        let mut line = shell::make_folder_then(self.out_dir.as_os_str());
        for (at, &(reading, start_number)) in runs.iter().enumerate() {
            let writing = Writing {
                pattern: &pattern,
                start_number,
                timestamps_file: None,
                overwrite: self.force,
                report_progress: false,
                ffmpeg: self.ffmpeg,
                one_thread: false,
                to_stdout: false,
            };
            let args = ffmpeg_args(self.options, self.video, reading, writing);
            if at > 0 {
                line.extend_from_slice(b" && ");
            }
            line.extend(shell::command_line(self.program, &args));
        }
        line
    }
}

/// The filter that keeps the mode's frames in a pass, if it keeps fewer than all.
fn select_filter(sampling: &Sampling, count_rate: Option<CountRate>) -> Option<String> {
    match sampling {
        Sampling::All | Sampling::At(_) => None,
        // -skip_frame makes most decoders skip the other frames; some (VP9) decode them
        // anyway.
        Sampling::Keyframes => Some("select=key".to_string()),
        // The first frame at or after each step of 1/RATE, kept with its own timestamp: a
        // frame is chosen when a step falls between the previous frame and it. ffmpeg's
        // fps filter would instead restamp frames onto the grid (the manifest then gave
        // 3.0 s for a frame shown at 3.24 s) and repeat frames to fill gaps. The 1e-4 keeps
        // a frame that sits on a step, give or take rounding, on that step.
        Sampling::Fps(fps) => Some(format!(
            "select=isnan(prev_t)+gt(floor(t*({fps})+1e-4)\\,floor(prev_t*({fps})+1e-4))"
        )),
        Sampling::Every(every) => Some(format!("select=not(mod(n\\,{every}))")),
        // The fps rule at N steps over the range, no step past the Nth.
        Sampling::Count(count) => {
            let CountRate { count: n, duration } = count_rate?;
            debug_assert_eq!(n, *count);
            let rate = format!("({n}*1000000/{duration})");
            let last = n.saturating_sub(1);
            Some(format!(
                "select=isnan(prev_t)+gt(min(floor(t*{rate}+1e-4)\\,{last})\\,\
                 min(floor(prev_t*{rate}+1e-4)\\,{last}))"
            ))
        }
        Sampling::Scene(threshold) => Some(format!("select=eq(n\\,0)+gt(scene\\,{threshold})")),
    }
}

/// A folder path for use inside an image2 pattern: its `%` doubled.
fn escape_pattern_folder(folder: &Path) -> OsString {
    let bytes = folder.as_os_str().as_encoded_bytes();
    if !bytes.contains(&b'%') {
        return folder.as_os_str().to_os_string();
    }
    let mut escaped = Vec::with_capacity(bytes.len() + 4);
    for &byte in bytes {
        if byte == b'%' {
            escaped.push(b'%');
        }
        escaped.push(byte);
    }
    // SAFETY: only ASCII '%' bytes were added next to existing ones, which keeps the
    // platform's encoding valid.
    unsafe { OsString::from_encoded_bytes_unchecked(escaped) }
}

#[cfg(test)]
mod tests;
