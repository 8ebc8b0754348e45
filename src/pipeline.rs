//! The steps both commands share, written once: finding ffmpeg (a dry run needs none) from
//! the options every command takes (`cli::Common`), printing the dry-run command, and
//! explaining a failed ffmpeg run. Each command's own module keeps only what differs.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::Common;
use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::locate::Source;

/// The ffmpeg a run uses: where it was named, the binary when one was found, and what it
/// can do (asked of it once, when first needed).
#[derive(Debug)]
pub struct Ffmpeg {
    pub source: Source,
    /// None only for a dry run without an ffmpeg: printing the command needs none.
    pub path: Option<PathBuf>,
    pub capabilities: Capabilities,
}

/// Finds ffmpeg (`--ffmpeg`, `$FRAMEKIT_FFMPEG`, PATH), or fails with exit 127, except
/// that a dry run goes on without one.
pub fn find_ffmpeg(common: &Common) -> Result<Ffmpeg> {
    let source = Source::choose(common.ffmpeg.as_deref());
    match source.locate() {
        Ok(path) => Ok(Ffmpeg {
            source,
            capabilities: Capabilities::of(Some(&path)),
            path: Some(path),
        }),
        Err(_) if common.dry_run => Ok(Ffmpeg {
            source,
            path: None,
            capabilities: Capabilities::of(None),
        }),
        Err(error) => Err(error),
    }
}

/// Prints the dry run's shell command on stdout, as one line.
pub fn print_dry_run(mut line: Vec<u8>) -> Result<()> {
    line.push(b'\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&line)?;
    stdout.flush()?;
    Ok(())
}

/// What a failed ffmpeg run was doing, in the words its message uses.
pub struct Attempt {
    /// `stitch` or `split`, for the `--dry-run` hint.
    pub command: &'static str,
    /// "encode movie.mp4": ffmpeg failed to ...
    pub doing: String,
    /// "movie.mp4": could not write ...
    pub writing: String,
    /// "the video": free some space, or write ... elsewhere.
    pub output_kind: &'static str,
}

/// The disk filled up (or a file size limit was reached) while writing `attempt`'s output.
pub fn full_disk(attempt: &Attempt) -> Failure {
    Failure::failed(format!(
        "could not write {}: the disk is full or a file size limit was reached",
        attempt.writing
    ))
    .nothing_written()
    .hint(format!(
        "free some space, or write {} elsewhere",
        attempt.output_kind
    ))
}

/// Whether `error` (anywhere in its chain) is a write that found no room: ENOSPC, EFBIG.
pub fn is_full_disk(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge
            )
        })
    })
}

/// Turns a failed ffmpeg run into a message that says what went wrong and what to do: a
/// full disk first, then what only the command knows (`specific`), else ffmpeg's own words.
/// Errors other than a failed ffmpeg (an interrupt, I/O) pass through unchanged.
pub fn explain_failure(
    error: anyhow::Error,
    attempt: &Attempt,
    specific: impl FnOnce(&FfmpegFailed) -> Option<anyhow::Error>,
) -> anyhow::Error {
    let Some(failed) = error.downcast_ref::<FfmpegFailed>() else {
        return error;
    };
    if failed.could_not_write() {
        return full_disk(attempt).details(failed.details()).into();
    }
    if let Some(explained) = specific(failed) {
        return explained;
    }
    Failure::failed(format!("ffmpeg failed to {}", attempt.doing))
        .nothing_written()
        .details(failed.details())
        .hint(format!(
            "`framekit {} ... --dry-run` prints the ffmpeg command, to try by hand",
            attempt.command
        ))
        .into()
}
