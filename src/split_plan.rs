//! Pure functions from `split` options to frame names and ffmpeg's argument list.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::cli::ImageFormat;
use crate::error::Failure;
use crate::ffmpeg::path_arg;
use crate::rate::FrameRate;
use crate::timecode::Timecode;

/// Frame numbers have at least this many digits, so that a later, longer split of the same
/// kind of video still sorts like a short one.
pub const MIN_DIGITS: usize = 5;
/// The widest number framekit writes (u64 has 20 digits; nobody has 10^18 frames).
const MAX_DIGITS: u8 = 18;

/// What the user asked `split` for.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    pub prefix: String,
    pub digits: Option<u8>,
    pub format: ImageFormat,
    pub fps: Option<FrameRate>,
    pub every: Option<u64>,
    pub start: Option<Timecode>,
    pub end: Option<Timecode>,
    pub fast: bool,
}

impl SplitOptions {
    /// Rejects impossible options (exit 2) before anything is read.
    pub fn check(&self) -> Result<(), Failure> {
        if self.prefix.contains(['/', '\\', '\0']) {
            return Err(Failure::usage(format!(
                "--prefix '{}' contains a path separator",
                self.prefix
            ))
            .hint("the prefix starts each file name; choose the folder with OUT_DIR"));
        }
        if self.every == Some(0) {
            return Err(Failure::usage("--every must be 1 or more"));
        }
        if let Some(digits) = self.digits {
            if digits == 0 || digits > MAX_DIGITS {
                return Err(Failure::usage(format!(
                    "--digits must be between 1 and {MAX_DIGITS}"
                )));
            }
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end <= start {
                return Err(Failure::usage(format!(
                    "--end {end} is not after --start {start}"
                )));
            }
        }
        if self.fast && self.format == ImageFormat::Jpg {
            return Err(Failure::usage("--fast applies to PNG frames only"));
        }
        Ok(())
    }

    /// Whether some frames are left out (a time range, a rate, every Nth).
    pub fn selects(&self) -> bool {
        self.fps.is_some()
            || self.every.is_some_and(|n| n > 1)
            || self.start.is_some()
            || self.end.is_some()
    }
}

/// How frames are named: `<prefix><number>.<ext>`, numbers from 1, zero-padded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    pub prefix: String,
    pub digits: usize,
    pub extension: &'static str,
}

impl Naming {
    pub fn new(options: &SplitOptions, frames: Option<u64>) -> Naming {
        let digits = match options.digits {
            Some(digits) => digits as usize,
            None => digits_for(frames.unwrap_or(0)),
        };
        Naming {
            prefix: options.prefix.clone(),
            digits,
            extension: match options.format {
                ImageFormat::Png => "png",
                ImageFormat::Jpg => "jpg",
            },
        }
    }

    pub fn file_name(&self, number: u64) -> String {
        format!(
            "{}{number:0width$}.{}",
            self.prefix,
            self.extension,
            width = self.digits
        )
    }

    /// ffmpeg's image2 pattern: `%` in the prefix doubled, then `%05d`.
    pub fn ffmpeg_pattern(&self) -> String {
        format!(
            "{}%0{}d.{}",
            self.prefix.replace('%', "%%"),
            self.digits,
            self.extension
        )
    }

    /// Whether an existing file belongs to this naming: the prefix, digits, the extension.
    /// Such files are what a run would write, so they are never silently replaced.
    pub fn claims(&self, name: &OsStr) -> bool {
        let Some(name) = name.to_str() else {
            return false;
        };
        let Some(rest) = name.strip_prefix(self.prefix.as_str()) else {
            return false;
        };
        let Some(number) = rest
            .strip_suffix(self.extension)
            .and_then(|r| r.strip_suffix('.'))
        else {
            return false;
        };
        !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
    }
}

/// At least `MIN_DIGITS`, and enough for `frames`.
pub fn digits_for(frames: u64) -> usize {
    frames.to_string().len().max(MIN_DIGITS)
}

/// Where ffmpeg writes, and what else it does there.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The image2 pattern, with any folder part already `%`-escaped.
    pub pattern: &'a OsStr,
    /// A file (relative to ffmpeg's working folder, so it needs no filter escaping) that
    /// receives each written frame's timestamp.
    pub timestamps_file: Option<&'a str>,
    pub overwrite: bool,
    pub report_progress: bool,
    /// `-fps_mode` exists from ffmpeg 5.1; older ones spell it `-vsync`.
    pub modern_ffmpeg: bool,
}

/// The ffmpeg arguments that write the frames of `video`.
pub fn ffmpeg_args(options: &SplitOptions, video: &Path, target: Target<'_>) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    let mut push = |items: &[&str]| args.extend(items.iter().map(OsString::from));
    push(&["-hide_banner", "-nostdin", "-loglevel", "error"]);
    if target.report_progress {
        push(&["-progress", "pipe:1", "-nostats"]);
    }
    // Before -i: seek fast, still frame-accurate because the video is decoded.
    if let Some(start) = options.start {
        push(&["-ss", &start.to_string()]);
    }
    if let Some(end) = options.end {
        push(&["-to", &end.to_string()]);
    }
    push(&["-i"]);
    args.push(path_arg(video));
    let mut push = |items: &[&str]| args.extend(items.iter().map(OsString::from));
    // The first real video stream (`V` skips cover art).
    push(&["-map", "0:V:0"]);
    if let Some(filter) = video_filter(options, target.timestamps_file) {
        push(&["-vf", &filter]);
    }
    // Every decoded frame exactly once, with its own timestamp: no duplicates for
    // variable-frame-rate video.
    let sync = if target.modern_ffmpeg {
        "-fps_mode"
    } else {
        "-vsync"
    };
    push(&[sync, "passthrough"]);
    match options.format {
        ImageFormat::Png if options.fast => push(&["-c:v", "png", "-compression_level", "1"]),
        ImageFormat::Png => push(&["-c:v", "png"]),
        // q 2 is mjpeg's highest practical quality.
        ImageFormat::Jpg => push(&["-c:v", "mjpeg", "-q:v", "2"]),
    }
    push(&["-f", "image2", "-start_number", "1"]);
    push(&[if target.overwrite { "-y" } else { "-n" }]);
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
    args
}

fn video_filter(options: &SplitOptions, timestamps_file: Option<&str>) -> Option<String> {
    let mut filters = Vec::new();
    if let Some(fps) = &options.fps {
        filters.push(format!("fps={fps}"));
    }
    if let Some(every) = options.every.filter(|n| *n > 1) {
        filters.push(format!("select=not(mod(n\\,{every}))"));
    }
    if let Some(file) = timestamps_file {
        // `print` writes only frames that carry metadata, so give each frame some first.
        filters.push("metadata=mode=add:key=framekit:value=1".to_string());
        filters.push(format!("metadata=mode=print:file={file}"));
    }
    (!filters.is_empty()).then(|| filters.join(","))
}

/// A folder path for use inside an image2 pattern: its `%` doubled.
pub fn escape_pattern_folder(folder: &Path) -> OsString {
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

/// Reads the `metadata=mode=print` file: one `pts_time` per written frame, in order.
/// Missing or unreadable times (`NOPTS`) are `None`.
pub fn parse_timestamps(text: &str) -> Vec<Option<f64>> {
    text.lines()
        .filter(|line| line.starts_with("frame:"))
        .map(|line| {
            line.split_whitespace()
                .find_map(|field| field.strip_prefix("pts_time:"))
                .and_then(|value| value.parse::<f64>().ok())
                .filter(|value| value.is_finite())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> SplitOptions {
        SplitOptions {
            prefix: "img_".into(),
            digits: None,
            format: ImageFormat::Png,
            fps: None,
            every: None,
            start: None,
            end: None,
            fast: false,
        }
    }

    fn args(options: &SplitOptions, video: &str, timestamps: Option<&str>) -> String {
        let target = Target {
            pattern: OsStr::new("out/img_%05d.png"),
            timestamps_file: timestamps,
            overwrite: false,
            report_progress: false,
            modern_ffmpeg: true,
        };
        ffmpeg_args(options, Path::new(video), target)
            .iter()
            .map(|a| a.to_str().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest::proptest! {
        #[test]
        fn any_timestamp_text_is_handled(text in "\\PC*") {
            for time in parse_timestamps(&text).into_iter().flatten() {
                proptest::prop_assert!(time.is_finite());
            }
        }
    }

    #[test]
    fn classic_split_passes_every_frame_through() {
        assert_eq!(
            args(&options(), "movie.mp4", None),
            "-hide_banner -nostdin -loglevel error -i movie.mp4 -map 0:V:0 \
             -fps_mode passthrough -c:v png -f image2 -start_number 1 -n out/img_%05d.png"
        );
    }

    #[test]
    fn old_ffmpeg_gets_vsync() {
        let target = Target {
            pattern: OsStr::new("a%05d.png"),
            timestamps_file: None,
            overwrite: true,
            report_progress: true,
            modern_ffmpeg: false,
        };
        let text: Vec<_> = ffmpeg_args(&options(), Path::new("v.mp4"), target);
        let text: Vec<&str> = text.iter().map(|a| a.to_str().unwrap()).collect();
        assert!(text.join(" ").contains("-vsync passthrough"));
        assert!(text.join(" ").contains("-progress pipe:1 -nostats"));
        assert!(text.join(" ").ends_with("-y a%05d.png"));
    }

    #[test]
    fn options_become_seeks_and_filters() {
        let mut o = options();
        o.start = Some("1:30".parse().unwrap());
        o.end = Some("100.5".parse().unwrap());
        o.every = Some(3);
        o.format = ImageFormat::Jpg;
        let text = args(&o, "-clip.mp4", Some("times.txt"));
        assert!(
            text.contains("-ss 90 -to 100.5 -i file:-clip.mp4"),
            "{text}"
        );
        assert!(text.contains(
            "-vf select=not(mod(n\\,3)),metadata=mode=add:key=framekit:value=1,metadata=mode=print:file=times.txt"
        ), "{text}");
        assert!(text.contains("-c:v mjpeg -q:v 2"), "{text}");
        let mut o = options();
        o.fps = Some("2".parse().unwrap());
        o.fast = true;
        let text = args(&o, "v.mp4", None);
        assert!(
            text.contains("-vf fps=2 -fps_mode passthrough -c:v png -compression_level 1"),
            "{text}"
        );
    }

    #[test]
    fn names_sort_in_frame_order_past_99999() {
        let naming = Naming::new(&options(), Some(150_000));
        assert_eq!(naming.digits, 6);
        assert_eq!(naming.file_name(7), "img_000007.png");
        assert!(naming.file_name(99_999) < naming.file_name(100_000));
        assert_eq!(
            Naming::new(&options(), Some(80)).file_name(1),
            "img_00001.png"
        );
        let mut o = options();
        o.digits = Some(3);
        assert_eq!(Naming::new(&o, Some(80)).ffmpeg_pattern(), "img_%03d.png");
    }

    #[test]
    fn percent_signs_are_literal_in_patterns() {
        let mut o = options();
        o.prefix = "100%_".into();
        assert_eq!(Naming::new(&o, None).ffmpeg_pattern(), "100%%_%05d.png");
        assert_eq!(escape_pattern_folder(Path::new("a%d/b")), "a%%d/b");
    }

    #[test]
    fn claims_only_files_of_this_naming() {
        let naming = Naming::new(&options(), Some(10));
        assert!(naming.claims(OsStr::new("img_00001.png")));
        assert!(naming.claims(OsStr::new("img_1234567.png")));
        for other in [
            "img_.png",
            "img_0001.jpg",
            "img_01a.png",
            "frames.csv",
            "xmg_00001.png",
            "img_00001.png.bak",
        ] {
            assert!(!naming.claims(OsStr::new(other)), "{other}");
        }
    }

    #[test]
    fn impossible_options_are_usage_errors() {
        let mut o = options();
        o.prefix = "a/b".into();
        assert!(o.check().is_err());
        let mut o = options();
        o.every = Some(0);
        assert!(o.check().is_err());
        let mut o = options();
        o.start = Some("5".parse().unwrap());
        o.end = Some("5".parse().unwrap());
        assert!(o.check().is_err());
        let mut o = options();
        o.digits = Some(0);
        assert!(o.check().is_err());
        assert!(options().check().is_ok());
    }

    #[test]
    fn timestamps_are_read_per_frame() {
        let text = "frame:0    pts:0       pts_time:0\nframework=1\n\
                    frame:1    pts:512     pts_time:0.04\nframework=1\nframe:2 pts:NOPTS pts_time:NOPTS\n";
        assert_eq!(parse_timestamps(text), vec![Some(0.0), Some(0.04), None]);
        assert!(parse_timestamps("garbage\n\0\u{fffd}").is_empty());
    }
}
