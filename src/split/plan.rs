//! The split plan: options in, ffmpeg's argument list out. Pure: no I/O here, so every
//! choice is unit-tested below.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::ffmpeg::args::{path_arg, Args};
use crate::split::naming::Naming;
use crate::split::options::{ImageFormat, SplitOptions};
use crate::term::shell;

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
    let mut args = Args::unattended(target.report_progress);
    if !options.allow_damaged {
        // A decoding or demuxing error (a truncated or damaged video) stops ffmpeg with an
        // error, where it would otherwise skip what it cannot read and exit 0.
        args.push("-xerror");
    }
    // Before -i: seek fast, still frame-accurate because the video is decoded.
    if let Some(start) = options.start {
        args.push_all(["-ss", &start.to_string()]);
    }
    if let Some(end) = options.end {
        args.push_all(["-to", &end.to_string()]);
    }
    args.push("-i");
    args.push(path_arg(video));
    // The first real video stream (`V` skips cover art).
    args.push_all(["-map", "0:V:0"]);
    if let Some(filter) = video_filter(options, target.timestamps_file) {
        args.push_all(["-vf", &filter]);
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
    args.push_all(["-f", "image2", "-start_number", "1"]);
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

/// The `--dry-run` line: `mkdir -p -- OUT_DIR && ffmpeg ...` (cmd.exe: `mkdir OUT_DIR 2>NUL &
/// ffmpeg ...`), what framekit would run.
/// framekit itself stages the frames and writes the manifest; this command does not.
pub fn dry_run_line(
    options: &SplitOptions,
    naming: &Naming,
    video: &Path,
    out_dir: &Path,
    program: &OsStr,
    modern_ffmpeg: bool,
    force: bool,
) -> Vec<u8> {
    let mut pattern = escape_pattern_folder(out_dir);
    pattern.push(std::path::MAIN_SEPARATOR_STR);
    pattern.push(naming.ffmpeg_pattern());
    let target = Target {
        pattern: &pattern,
        timestamps_file: None,
        overwrite: force,
        report_progress: false,
        modern_ffmpeg,
    };
    let args = ffmpeg_args(options, video, target);
    let mut line = shell::make_folder_then(out_dir.as_os_str());
    line.extend(shell::command_line(program, &args));
    line
}

fn video_filter(options: &SplitOptions, timestamps_file: Option<&str>) -> Option<String> {
    let mut filters = Vec::new();
    if let Some(fps) = &options.fps {
        // The first frame at or after each step of 1/RATE, kept with its own timestamp: a
        // frame is chosen when a step falls between the previous frame and it. ffmpeg's
        // fps filter would instead restamp frames onto the grid (the manifest then gave
        // 3.0 s for a frame shown at 3.24 s) and repeat frames to fill gaps. The 1e-4 keeps
        // a frame that sits on a step, give or take rounding, on that step.
        filters.push(format!(
            "select=isnan(prev_t)+gt(floor(t*({fps})+1e-4)\\,floor(prev_t*({fps})+1e-4))"
        ));
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
            allow_damaged: false,
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

    #[test]
    fn classic_split_passes_every_frame_through() {
        assert_eq!(
            args(&options(), "movie.mp4", None),
            "-hide_banner -nostdin -loglevel error -xerror -i movie.mp4 -map 0:V:0 \
             -fps_mode passthrough -c:v png -f image2 -start_number 1 -n out/img_%05d.png"
        );
        let mut damaged = options();
        damaged.allow_damaged = true;
        assert!(!args(&damaged, "movie.mp4", None).contains("-xerror"));
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
            text.contains(
                "-vf select=isnan(prev_t)+gt(floor(t*(2)+1e-4)\\,floor(prev_t*(2)+1e-4)) \
                 -fps_mode passthrough -c:v png -compression_level 1"
            ),
            "{text}"
        );
    }

    #[test]
    fn percent_signs_are_literal_in_pattern_folders() {
        assert_eq!(escape_pattern_folder(Path::new("a%d/b")), "a%%d/b");
    }
}
