//! `framekit split`: a video into numbered frames, every decoded frame exactly once.

mod manifest;
mod naming;
pub mod options;
mod out_dir;
mod plan;
mod video;
mod write_frames;

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::job::Finished;
use crate::ffmpeg::probe::VideoInfo;
use crate::header;
use crate::pipeline;
use crate::term::report::{self, Report};
use crate::term::shown::shown;
use naming::Naming;
use options::SplitRequest;
use out_dir::OutDir;
use write_frames::WriteFrames;

/// Runs `framekit split`.
pub fn run(request: SplitRequest) -> Result<()> {
    let started = Instant::now();
    let SplitRequest {
        video,
        out_dir,
        manifest,
        options,
        common,
    } = request;
    options.check()?;
    video::check_input(&video)?;
    OutDir::check_path(&out_dir)?;
    let ffmpeg = pipeline::find_ffmpeg(&common)?;
    let show_progress = !common.quiet && std::io::stderr().is_terminal();
    // ffprobe's answer is needed before the decode only for the progress bar's total and
    // the dry run's name width; otherwise it runs beside the decode (see below), costing
    // no time, and ffmpeg itself reports a file that is not a video.
    let probe_first = show_progress || common.dry_run;
    let info = match &ffmpeg.path {
        Some(path) if probe_first => video::inspect(path, &video)?,
        _ => VideoInfo::default(),
    };
    let naming = Naming::new(&options, info.declared_frames);
    let out_dir = OutDir::claim(&out_dir, naming, manifest, common.force)?;
    let modern = info.version.is_none_or(|version| version >= (5, 1));
    let Some(ffmpeg_path) = ffmpeg.path.as_deref().filter(|_| !common.dry_run) else {
        let program = ffmpeg.source.program_for_display();
        return pipeline::print_dry_run(plan::dry_run_line(
            &options,
            out_dir.naming(),
            &video,
            out_dir.path(),
            &program,
            modern,
            common.force,
        ));
    };

    let staged = out_dir.stage()?;
    let write = WriteFrames {
        ffmpeg: ffmpeg_path,
        options: &options,
        video: &video,
        out_dir: out_dir.path(),
        folder: staged.folder(),
        pattern: staged.pattern(),
        total_frames: video::expected_frames(&options, &info),
        show_progress,
    };
    // The declared frame count, for the damaged-video warning, from an ffprobe that runs
    // while ffmpeg decodes.
    let (finished, info) = std::thread::scope(|scope| {
        let probe = (!probe_first).then(|| scope.spawn(|| video::inspect(ffmpeg_path, &video)));
        let finished = write.run(modern);
        let probed = probe.and_then(|probe| probe.join().ok()?.ok());
        (finished, probed.unwrap_or(info))
    });
    let finished = finished?;
    let written = staged.count()?;
    let ranged = options.start.is_some() || options.end.is_some();
    check_written(&finished, written, &video, ranged)?;
    write_frames::check_clean_decode(&finished, &options, &video, written)?;
    video::check_against_declared(written, &options, &info, &video);
    let naming = staged.commit(written, options.digits, options.start)?;

    let first = naming.file_name(1);
    let (width, height) = header::read_header(&out_dir.path().join(&first))
        .map(|header| (header.width, header.height))
        .unwrap_or((0, 0));
    let report = Report::Split {
        output: out_dir.path(),
        frames: written,
        width,
        height,
        first: Some(first),
        last: Some(naming.file_name(written)),
        elapsed: started.elapsed().as_secs_f64(),
    };
    report::success(&report, common.json, common.quiet)
}

/// The staged files are what ffmpeg says it wrote, and there is at least one.
fn check_written(
    finished: &Finished,
    written: u64,
    video: &Path,
    ranged: bool,
) -> Result<(), Failure> {
    if let Some(reported) = finished.final_frame_count() {
        if reported != written {
            return Err(Failure::failed(format!(
                "ffmpeg reported {reported} frame(s) but {written} file(s) were written"
            ))
            .nothing_written());
        }
    }
    if written == 0 && ranged {
        return Err(Failure::failed(format!(
            "no frames were decoded from {} in the range asked for",
            shown(video)
        ))
        .nothing_written()
        .hint("check --start and --end against the video's length (ffprobe shows it)"));
    }
    if written == 0 {
        return Err(
            Failure::failed(format!("no frames were decoded from {}", shown(video)))
                .nothing_written(),
        );
    }
    Ok(())
}
