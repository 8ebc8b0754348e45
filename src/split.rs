//! `framekit split`: a video into numbered frames, every decoded frame exactly once.

use std::ffi::OsString;
use std::fs;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::SplitArgs;
use crate::error::{bail, Failure};
use crate::ffmpeg::{self, Source};
use crate::frame_header;
use crate::probe::{self, NotAVideo, VideoInfo};
use crate::report::{self, Report};
use crate::run::{self, FfmpegFailed, Job};
use crate::shell;
use crate::shown::shown;
use crate::signals;
use crate::split_plan::{self, Naming, SplitOptions, Target};
use crate::staging::Staging;

/// The manifest `--manifest` writes in OUT_DIR.
const MANIFEST: &str = "frames.csv";
/// Where ffmpeg's `metadata` filter writes timestamps, inside the staging folder.
const TIMESTAMPS: &str = "timestamps.txt";
/// Staged frames are numbered this wide, then renamed to their final width.
const STAGED_DIGITS: usize = 12;

/// Runs `framekit split`.
pub fn split(args: SplitArgs) -> Result<()> {
    let started = Instant::now();
    let options = SplitOptions {
        prefix: args.prefix,
        digits: args.digits,
        format: args.format,
        fps: args.fps,
        every: args.every,
        start: args.start,
        end: args.end,
        fast: args.fast,
    };
    options.check().map_err(bail)?;
    let common = args.common;
    check_input(&args.video)?;
    check_out_dir(&args.out_dir)?;

    let source = Source::choose(common.ffmpeg.as_deref());
    let ffmpeg = match source.locate() {
        Ok(path) => Some(path),
        Err(_) if common.dry_run => None,
        Err(error) => return Err(error),
    };
    let show_progress = !common.quiet && std::io::stderr().is_terminal();
    // ffprobe costs a process start; it is asked only where its answer is used: the
    // progress bar's total, and the dry run's name width. A real run names frames from
    // what it wrote, and ffmpeg itself reports a file that is not a video.
    let info = match &ffmpeg {
        Some(ffmpeg) if show_progress || common.dry_run => inspect(ffmpeg, &args.video)?,
        _ => VideoInfo::default(),
    };
    let naming = Naming::new(&options, info.declared_frames);
    // Before any work: names this run would write that exist (and folders by such names,
    // which even --force leaves alone).
    let claimed = existing_claims(&args.out_dir, &naming, args.manifest)?;
    if !common.force && !claimed.is_empty() {
        return Err(clobber_error(&args.out_dir, &claimed));
    }
    let modern = info.version.is_none_or(|version| version >= (5, 1));
    let ffmpeg = match ffmpeg {
        Some(ffmpeg) if !common.dry_run => ffmpeg,
        _ => {
            let dry = DryRun {
                options: &options,
                naming: &naming,
                video: &args.video,
                out_dir: &args.out_dir,
            };
            return dry.print(&source, modern, common.force);
        }
    };

    let staging = Staging::create(&args.out_dir)?;
    let staged_naming = Naming {
        prefix: String::new(),
        digits: STAGED_DIGITS,
        extension: naming.extension,
    };
    let write = WriteFrames {
        ffmpeg: &ffmpeg,
        options: &options,
        video: &args.video,
        out_dir: &args.out_dir,
        folder: staging.folder(),
        pattern: OsString::from(staged_naming.ffmpeg_pattern()),
        manifest: args.manifest,
        total_frames: expected_frames(&options, &info),
        show_progress,
    };
    let finished = write.run(modern)?;

    let written = count_staged(staging.folder(), &staged_naming)?;
    if let Some(reported) = finished.final_frame_count() {
        if reported != written {
            return Err(bail(Failure::failed(format!(
                "ffmpeg reported {reported} frame(s) but {written} file(s) were written; \
                 nothing was written"
            ))));
        }
    }
    if written == 0 {
        return Err(bail(Failure::failed(format!(
            "no frames were decoded from {} in the range asked for; nothing was written",
            shown(&args.video)
        ))));
    }
    check_against_declared(written, &options, &info, &args.video);
    let naming = final_naming(naming, written, options.digits)?;
    let mut moves: Vec<(OsString, OsString)> = (1..=written)
        .map(|n| {
            (
                OsString::from(staged_naming.file_name(n)),
                OsString::from(naming.file_name(n)),
            )
        })
        .collect();
    if args.manifest {
        write_manifest(staging.folder(), &naming, written, options.start)?;
        moves.push((OsString::from(MANIFEST), OsString::from(MANIFEST)));
    }
    // With --force, exactly this run's names are replaced, whatever their width.
    let replaced = if common.force {
        existing_claims(&args.out_dir, &naming, args.manifest)?
    } else {
        Vec::new()
    };
    staging.commit(&moves, &replaced)?;

    let first = naming.file_name(1);
    let (width, height) = frame_header::read_header(&args.out_dir.join(&first))
        .map(|header| (header.width, header.height))
        .unwrap_or((0, 0));
    let report = Report::Split {
        output: &args.out_dir,
        frames: written,
        width,
        height,
        first: Some(first),
        last: Some(naming.file_name(written)),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}

/// The ffmpeg run that writes the frames into the staging folder.
struct WriteFrames<'a> {
    ffmpeg: &'a Path,
    options: &'a SplitOptions,
    video: &'a Path,
    out_dir: &'a Path,
    folder: &'a Path,
    pattern: OsString,
    manifest: bool,
    total_frames: Option<u64>,
    show_progress: bool,
}

impl WriteFrames<'_> {
    fn run(&self, modern: bool) -> Result<run::Finished> {
        // ffmpeg runs inside the staging folder, so the input needs an absolute path.
        let video = std::path::absolute(self.video)
            .with_context(|| format!("cannot resolve {}", shown(self.video)))?;
        let target = Target {
            pattern: &self.pattern,
            timestamps_file: self.manifest.then_some(TIMESTAMPS),
            overwrite: true,
            report_progress: true,
            modern_ffmpeg: modern,
        };
        let job = Job {
            ffmpeg: self.ffmpeg,
            args: split_plan::ffmpeg_args(self.options, &video, target),
            stdin_files: None,
            working_dir: Some(self.folder),
            total_frames: self.total_frames,
            show_progress: self.show_progress,
        };
        match run::run(&job) {
            Ok(finished) => Ok(finished),
            // ffmpeg before 5.1 has no -fps_mode; its -vsync does the same.
            Err(error) if modern && says(&error, "Unrecognized option 'fps_mode'") => {
                self.run(false)
            }
            Err(error) => Err(self.explain(error)),
        }
    }

    fn explain(&self, error: anyhow::Error) -> anyhow::Error {
        let Some(failed) = error.downcast_ref::<FfmpegFailed>() else {
            return error;
        };
        let video = shown(self.video);
        if failed.could_not_write() {
            return bail(
                Failure::failed(format!(
                    "could not write the frames to {}: the disk is full or a file size limit \
                     was reached ({}); nothing was written",
                    shown(self.out_dir),
                    failed.describe()
                ))
                .hint("free some space, or write the frames elsewhere"),
            );
        }
        if says(&error, "matches no streams") {
            return not_a_video(self.video, NotAVideo::NoVideoStream);
        }
        if says(&error, "Invalid data found when processing input")
            || says(&error, "moov atom not found")
        {
            let last = failed.tail.last().cloned().unwrap_or_default();
            return not_a_video(self.video, NotAVideo::Unreadable(last));
        }
        bail(
            Failure::failed(format!(
                "ffmpeg failed to split {video}; nothing was written\n  {}",
                failed.describe()
            ))
            .hint("`framekit split ... --dry-run` prints the ffmpeg command, to try by hand"),
        )
    }
}

/// Whether ffmpeg's last words include `text`.
fn says(error: &anyhow::Error, text: &str) -> bool {
    error
        .downcast_ref::<FfmpegFailed>()
        .is_some_and(|failed| failed.tail.iter().any(|line| line.contains(text)))
}

fn check_input(video: &Path) -> Result<()> {
    match fs::metadata(video) {
        Ok(metadata) if metadata.is_file() => Ok(()),
        Ok(_) => Err(bail(Failure::failed(format!(
            "the video {} is not a file",
            shown(video)
        )))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(bail(Failure::failed(format!(
            "the video {} does not exist",
            shown(video)
        )))),
        Err(e) => Err(bail(Failure::failed(format!(
            "cannot read the video {}: {e}",
            shown(video)
        )))),
    }
}

fn check_out_dir(out_dir: &Path) -> Result<()> {
    match fs::metadata(out_dir) {
        Ok(metadata) if !metadata.is_dir() => Err(bail(
            Failure::failed(format!("{} exists and is not a folder", shown(out_dir)))
                .hint("name a folder (new or existing) for the frames"),
        )),
        _ => Ok(()),
    }
}

/// Checks that the input is a video and learns its frame count and ffmpeg's version.
fn inspect(ffmpeg: &Path, video: &Path) -> Result<VideoInfo> {
    // Without ffprobe nothing is lost but the progress bar's total and an early error.
    let Some(ffprobe) = ffmpeg::ffprobe_for(ffmpeg) else {
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

fn not_a_video(video: &Path, problem: NotAVideo) -> anyhow::Error {
    let message = match problem {
        NotAVideo::NoVideoStream => format!("{} has no video stream", shown(video)),
        NotAVideo::Unreadable(said) if said.is_empty() => {
            format!("{} is not a video that ffmpeg can read", shown(video))
        }
        NotAVideo::Unreadable(said) => format!(
            "{} is not a video that ffmpeg can read ({said})",
            shown(video)
        ),
    };
    bail(Failure::failed(format!("{message}; nothing was written")))
}

/// Existing files in OUT_DIR that this run would write.
fn existing_claims(out_dir: &Path, naming: &Naming, manifest: bool) -> Result<Vec<OsString>> {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return Ok(Vec::new());
    };
    let mut claimed = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", shown(out_dir)))?;
        let name = entry.file_name();
        if !(naming.claims(&name) || (manifest && name == MANIFEST)) {
            continue;
        }
        // A frame's name on a folder is not a frame of an earlier run: --force replaces
        // files, never a folder and what it holds. (A symlink is replaced as a link.)
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            return Err(bail(
                Failure::failed(format!(
                    "{} is a folder with the name of a frame this run would write; \
                     nothing was touched",
                    shown(&out_dir.join(&name))
                ))
                .hint("framekit never replaces a folder: move it, or pick another --prefix or OUT_DIR"),
            ));
        }
        claimed.push(name);
    }
    claimed.sort();
    Ok(claimed)
}

fn clobber_error(out_dir: &Path, claimed: &[OsString]) -> anyhow::Error {
    let example = shown(Path::new(&claimed[0]));
    bail(
        Failure::failed(format!(
            "{} already holds {} file(s) this run would write, such as {example}; \
             nothing was touched",
            shown(out_dir),
            claimed.len()
        ))
        .hint("pass --force to replace them (other files are never touched), or pick another --prefix or OUT_DIR"),
    )
}

/// The progress bar's total: the frame count, scaled by what the options leave out.
fn expected_frames(options: &SplitOptions, info: &VideoInfo) -> Option<u64> {
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

/// Counts the staged frames and checks they are numbered 1..=count, nothing missing.
fn count_staged(folder: &Path, staged: &Naming) -> Result<u64> {
    let mut count = 0u64;
    for entry in fs::read_dir(folder).with_context(|| format!("cannot list {}", shown(folder)))? {
        let name = entry?.file_name();
        if staged.claims(&name) {
            count += 1;
        }
    }
    for number in [1, count] {
        if count > 0 && !folder.join(staged.file_name(number)).is_file() {
            return Err(bail(Failure::failed(
                "ffmpeg skipped frame numbers; nothing was written",
            )));
        }
    }
    Ok(count)
}

/// When every frame was asked for, the files should match the container's count. They can
/// differ legitimately (a damaged packet, an edit list), so this warns rather than fails.
fn check_against_declared(written: u64, options: &SplitOptions, info: &VideoInfo, video: &Path) {
    if options.selects() {
        return;
    }
    if let Some(declared) = info.declared_frames {
        if declared != written {
            crate::style::warn(&format!(
                "{} declares {declared} frames, but ffmpeg decoded {written}; \
                 the video may be damaged",
                shown(video)
            ));
        }
    }
}

/// The final names: wide enough for what was written (or exactly `--digits`).
fn final_naming(naming: Naming, written: u64, forced: Option<u8>) -> Result<Naming> {
    let needed = written.to_string().len();
    match forced {
        Some(digits) if (digits as usize) < needed => Err(bail(
            Failure::usage(format!(
                "--digits {digits} is too narrow for {written} frames: names would not sort \
                 in frame order; nothing was written"
            ))
            .hint(format!("use --digits {needed} or more, or leave it out")),
        )),
        Some(digits) => Ok(Naming {
            digits: digits as usize,
            ..naming
        }),
        None => Ok(Naming {
            digits: split_plan::digits_for(written).max(naming.digits),
            ..naming
        }),
    }
}

/// Writes `frames.csv` (index,file,pts_seconds) into the staging folder.
/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, as a
/// --prefix may.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

fn write_manifest(
    folder: &Path,
    naming: &Naming,
    written: u64,
    start: Option<crate::timecode::Timecode>,
) -> Result<()> {
    let text = fs::read_to_string(folder.join(TIMESTAMPS)).unwrap_or_default();
    let times = split_plan::parse_timestamps(&text);
    let offset = start.map_or(0.0, |t| t.seconds());
    let mut csv = String::from("index,file,pts_seconds\n");
    for number in 1..=written {
        let time = times
            .get(number as usize - 1)
            .copied()
            .flatten()
            .map(|t| format!("{:.6}", t + offset))
            .unwrap_or_default();
        let file = naming.file_name(number);
        csv.push_str(&format!("{number},{},{time}\n", csv_field(&file)));
    }
    let path = folder.join(MANIFEST);
    let mut file = fs::File::create(&path)?;
    file.write_all(csv.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            bail(Failure::failed(format!(
                "cannot write {MANIFEST}: {e}; nothing was written"
            )))
        })?;
    let _ = fs::remove_file(folder.join(TIMESTAMPS));
    Ok(())
}

/// What `--dry-run` prints.
struct DryRun<'a> {
    options: &'a SplitOptions,
    naming: &'a Naming,
    video: &'a Path,
    out_dir: &'a Path,
}

impl DryRun<'_> {
    /// Prints `mkdir -p -- OUT_DIR && ffmpeg ...` on stdout: what framekit would run.
    /// framekit itself stages the frames and writes the manifest; this command does not.
    fn print(&self, source: &Source, modern: bool, force: bool) -> Result<()> {
        let mut pattern = split_plan::escape_pattern_folder(self.out_dir);
        pattern.push(std::path::MAIN_SEPARATOR_STR);
        pattern.push(self.naming.ffmpeg_pattern());
        let target = Target {
            pattern: &pattern,
            timestamps_file: None,
            overwrite: force,
            report_progress: false,
            modern_ffmpeg: modern,
        };
        let args = split_plan::ffmpeg_args(self.options, self.video, target);
        let mut line = b"mkdir -p -- ".to_vec();
        line.extend(shell::quote(self.out_dir.as_os_str()));
        line.extend_from_slice(b" && ");
        line.extend(shell::command_line(&source.program_for_display(), &args));
        line.push(b'\n');
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&line)?;
        stdout.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_fields_are_quoted_only_when_csv_needs_it() {
        assert_eq!(csv_field("img_00001.png"), "img_00001.png");
        assert_eq!(csv_field("run,1_00001.png"), "\"run,1_00001.png\"");
        assert_eq!(csv_field("say \"hi\"_1.png"), "\"say \"\"hi\"\"_1.png\"");
        assert_eq!(csv_field("two\nlines_1.png"), "\"two\nlines_1.png\"");
    }

    #[test]
    fn names_widen_for_what_was_written_unless_forced() {
        let naming = Naming {
            prefix: "img_".into(),
            digits: 5,
            extension: "png",
        };
        assert_eq!(final_naming(naming.clone(), 80, None).unwrap().digits, 5);
        assert_eq!(
            final_naming(naming.clone(), 123_456, None).unwrap().digits,
            6
        );
        assert_eq!(final_naming(naming.clone(), 80, Some(2)).unwrap().digits, 2);
        assert!(final_naming(naming, 100, Some(2)).is_err());
    }

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
            format: crate::cli::ImageFormat::Png,
            fps: None,
            every: None,
            start: None,
            end: None,
            fast: false,
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
