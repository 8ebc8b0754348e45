//! The split plan: options in, ffmpeg's argument lists out. Pure: no I/O here, so every
//! choice is unit-tested below.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::ffmpeg::args::{path_arg, Args};
use crate::split::naming::Naming;
use crate::split::options::{ImageFormat, Sampling, SplitOptions};
pub use crate::split::sampling::CountRate;
use crate::split::schedule::Stretch;
use crate::term::shell;

/// Where ffmpeg writes, and what else it does there.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The image2 pattern, with any folder part already `%`-escaped.
    pub pattern: &'a OsStr,
    /// The number of the first file written.
    pub start_number: u64,
    /// A file (relative to ffmpeg's working folder, so it needs no filter escaping) that
    /// receives each written frame's timestamp.
    pub timestamps_file: Option<&'a str>,
    pub overwrite: bool,
    pub report_progress: bool,
    /// `-fps_mode` exists from ffmpeg 5.1; older ones spell it `-vsync`.
    pub modern_ffmpeg: bool,
    /// Decode on one thread: when as many ffmpeg runs as cores work side by side, the
    /// decoder's own threads only cost time to start (and the pixels are the same).
    pub one_thread: bool,
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
    target: Target<'_>,
) -> Vec<OsString> {
    let mut args = Args::unattended(target.report_progress);
    if !options.allow_damaged {
        // A decoding or demuxing error (a truncated or damaged video) stops ffmpeg with an
        // error, where it would otherwise skip what it cannot read and exit 0.
        args.push("-xerror");
    }
    if target.one_thread {
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
    if let Some(file) = target.timestamps_file {
        // Timestamps in microseconds; `print` writes only frames that carry metadata, so
        // give each frame some first.
        filters.push("settb=AVTB".to_string());
        filters.push("metadata=mode=add:key=framekit:value=1".to_string());
        filters.push(format!("metadata=mode=print:file={file}"));
    }
    if !filters.is_empty() {
        args.push_all(["-vf", &filters.join(",")]);
    }
    if let Some(frames) = frames {
        args.push_all(["-frames:v", &frames.to_string()]);
    }
    // Every decoded frame exactly once, with its own timestamp: no duplicates for
    // variable-frame-rate video.
    let sync = if target.modern_ffmpeg {
        "-fps_mode"
    } else {
        "-vsync"
    };
    args.push_all([sync, "passthrough"]);
    match options.format {
        ImageFormat::Png if options.fast => {
            args.push_all(["-c:v", "png", "-compression_level", "1"])
        }
        ImageFormat::Png => args.push_all(["-c:v", "png"]),
        // q 2 is mjpeg's highest practical quality.
        ImageFormat::Jpg => args.push_all(["-c:v", "mjpeg", "-q:v", "2"]),
    }
    let start_number = target.start_number.to_string();
    args.push_all(["-f", "image2", "-start_number", &start_number]);
    args.push_overwrite(target.overwrite);
    let mut pattern = OsString::new();
    let bytes = target.pattern.as_encoded_bytes();
    // ffmpeg reads a leading `-` as an option and `word:` as a protocol; behind `./` either
    // is a plain relative file name.
    if Path::new(target.pattern).is_relative() && (bytes.starts_with(b"-") || bytes.contains(&b':'))
    {
        pattern.push("./");
    }
    pattern.push(target.pattern);
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
    pub modern_ffmpeg: bool,
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
            let target = Target {
                pattern: &pattern,
                start_number,
                timestamps_file: None,
                overwrite: self.force,
                report_progress: false,
                modern_ffmpeg: self.modern_ffmpeg,
                one_thread: false,
            };
            let args = ffmpeg_args(self.options, self.video, reading, target);
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
mod tests {
    use super::*;

    const PASS: Reading<'static> = Reading::Pass {
        count_rate: None,
        exact_seek: true,
        skip_frames: true,
    };

    fn target(timestamps: Option<&str>) -> Target<'_> {
        Target {
            pattern: OsStr::new("out/img_%05d.png"),
            start_number: 1,
            timestamps_file: timestamps,
            overwrite: false,
            report_progress: false,
            modern_ffmpeg: true,
            one_thread: false,
        }
    }

    fn text(args: Vec<OsString>) -> String {
        args.iter()
            .map(|a| a.to_str().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn args(options: &SplitOptions, video: &str, timestamps: Option<&str>) -> String {
        text(ffmpeg_args(
            options,
            Path::new(video),
            PASS,
            target(timestamps),
        ))
    }

    #[test]
    fn classic_split_passes_every_frame_through() {
        assert_eq!(
            args(&SplitOptions::default(), "movie.mp4", None),
            "-hide_banner -nostdin -loglevel error -xerror -i movie.mp4 -map 0:V:0 \
             -fps_mode passthrough -c:v png -f image2 -start_number 1 -n out/img_%05d.png"
        );
        let damaged = SplitOptions {
            allow_damaged: true,
            ..Default::default()
        };
        assert!(!args(&damaged, "movie.mp4", None).contains("-xerror"));
    }

    #[test]
    fn old_ffmpeg_gets_vsync() {
        let target = Target {
            pattern: OsStr::new("a%05d.png"),
            start_number: 1,
            timestamps_file: None,
            overwrite: true,
            report_progress: true,
            modern_ffmpeg: false,
            one_thread: false,
        };
        let text = text(ffmpeg_args(
            &SplitOptions::default(),
            Path::new("v.mp4"),
            PASS,
            target,
        ));
        assert!(text.contains("-vsync passthrough"));
        assert!(text.contains("-progress pipe:1 -nostats"));
        assert!(text.ends_with("-y a%05d.png"));
    }

    #[test]
    fn options_become_seeks_and_filters() {
        let o = SplitOptions {
            start: Some("1:30".parse().unwrap()),
            end: Some("100.5".parse().unwrap()),
            sampling: Sampling::Every(3),
            format: ImageFormat::Jpg,
            width: Some(224),
            ..Default::default()
        };
        let text = args(&o, "-clip.mp4", Some("times.txt"));
        assert!(
            text.contains("-ss 90 -to 100.5 -i file:-clip.mp4"),
            "{text}"
        );
        assert!(
            text.contains(
                "-vf select=not(mod(n\\,3)),scale=224:-1,settb=AVTB,\
                 metadata=mode=add:key=framekit:value=1,metadata=mode=print:file=times.txt"
            ),
            "{text}"
        );
        assert!(text.contains("-c:v mjpeg -q:v 2"), "{text}");
        let o = SplitOptions {
            sampling: Sampling::Fps("2".parse().unwrap()),
            fast: true,
            ..Default::default()
        };
        let text = args(&o, "v.mp4", None);
        assert!(
            text.contains(
                "-vf select=isnan(prev_t)+gt(floor(t*(2)+1e-4)\\,floor(prev_t*(2)+1e-4)) \
                 -fps_mode passthrough -c:v png -compression_level 1"
            ),
            "{text}"
        );
    }

    #[test]
    fn each_mode_has_its_pass() {
        let mode = |sampling, count_rate| {
            let o = SplitOptions {
                sampling,
                ..Default::default()
            };
            let reading = Reading::Pass {
                count_rate,
                exact_seek: true,
                skip_frames: true,
            };
            text(ffmpeg_args(&o, Path::new("v.mp4"), reading, target(None)))
        };
        let rate = CountRate {
            count: 20,
            duration: 600_000_000,
        };
        assert!((rate.per_second() - 20.0 / 600.0).abs() < 1e-15);
        assert!(mode(Sampling::Count(20), Some(rate)).contains(
            "-vf select=isnan(prev_t)+gt(min(floor(t*(20*1000000/600000000)+1e-4)\\,19)\\,\
             min(floor(prev_t*(20*1000000/600000000)+1e-4)\\,19)) "
        ));
        assert!(mode(Sampling::Keyframes, None)
            .contains("-skip_frame nokey -i v.mp4 -map 0:V:0 -vf select=key "));
        assert!(mode(Sampling::Scene(0.3), None).contains("-vf select=eq(n\\,0)+gt(scene\\,0.3) "));
    }

    #[test]
    fn a_range_without_exact_seeking_is_cut_by_a_filter() {
        let o = SplitOptions {
            start: Some("1.5".parse().unwrap()),
            end: Some("3".parse().unwrap()),
            ..Default::default()
        };
        let reading = Reading::Pass {
            count_rate: None,
            exact_seek: false,
            skip_frames: false,
        };
        let cut = text(ffmpeg_args(&o, Path::new("v.ts"), reading, target(None)));
        assert!(
            cut.contains("-to 3 -i v.ts -map 0:V:0 -vf trim=start=1.5,setpts=PTS-1.5/TB "),
            "{cut}"
        );
        assert!(!cut.contains("-ss"), "{cut}");
        let keyframes = SplitOptions {
            sampling: Sampling::Keyframes,
            ..Default::default()
        };
        let all_decoded = text(ffmpeg_args(
            &keyframes,
            Path::new("v.avi"),
            reading,
            target(None),
        ));
        assert!(
            all_decoded.contains("-i v.avi -map 0:V:0 -vf select=key "),
            "{all_decoded}"
        );
        assert!(!all_decoded.contains("-skip_frame"), "{all_decoded}");
    }

    #[test]
    fn a_stretch_seeks_and_keeps_its_frames() {
        let stretch = Stretch {
            seek: Some(29_980_000),
            first: 750,
            frames: vec![750, 760, 800],
        };
        let o = SplitOptions {
            width: Some(320),
            ..Default::default()
        };
        let mut to = target(Some("s000001.txt"));
        to.start_number = 7;
        to.one_thread = true;
        let seeking = text(ffmpeg_args(
            &o,
            Path::new("v.mp4"),
            Reading::Stretch(&stretch),
            to,
        ));
        assert!(
            seeking.starts_with(
                "-hide_banner -nostdin -loglevel error -xerror -threads 1 -ss 29.98 -i v.mp4 \
                 -map 0:V:0 \
                 -vf select=eq(n\\,0)+eq(n\\,10)+eq(n\\,50),scale=320:-1,settb=AVTB,"
            ),
            "{seeking}"
        );
        assert!(
            seeking.ends_with(
                "-frames:v 3 -fps_mode passthrough -c:v png -f image2 -start_number 7 -n \
                 out/img_%05d.png"
            ),
            "{seeking}"
        );
        let single = Stretch {
            seek: None,
            first: 0,
            frames: vec![0],
        };
        let text = text(ffmpeg_args(
            &SplitOptions::default(),
            Path::new("v.mp4"),
            Reading::Stretch(&single),
            target(None),
        ));
        assert!(
            text.contains("-i v.mp4 -map 0:V:0 -frames:v 1 -fps_mode"),
            "{text}"
        );
        assert_eq!(seconds_arg(1_500_000), "1.5");
        assert_eq!(seconds_arg(2_000_000), "2");
        assert_eq!(seconds_arg(1), "0.000001");
    }

    #[test]
    fn percent_signs_are_literal_in_pattern_folders() {
        assert_eq!(escape_pattern_folder(Path::new("a%d/b")), "a%%d/b");
    }
}
