//! Running ffmpeg: feed frames on stdin, read `-progress` from stdout, keep the tail of
//! stderr, and stop everything promptly on a signal.
//!
//! ffmpeg runs in its own process group, so that framekit alone decides when it stops: on
//! SIGINT or SIGTERM (to framekit, or to the whole terminal group) framekit kills the group,
//! which also ends anything ffmpeg (or a wrapper script standing in for it) started.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::matroska::Framing;
use crate::ffmpeg::process_group::{adopt, kill_group, own_process_group, try_finish};
use crate::ffmpeg::progress::{self, Update};
use crate::ffmpeg::stderr_tail::keep_tail;
use crate::signals;
use crate::term::progress_bar;
use crate::term::shown::shown;

/// How often the wait loop looks at signals when nothing else happens.
pub(super) const POLL: Duration = Duration::from_millis(50);

/// One ffmpeg run.
pub struct Job<'a> {
    pub ffmpeg: &'a Path,
    pub args: Vec<OsString>,
    /// Files to concatenate onto ffmpeg's stdin, in order.
    pub stdin_files: Option<&'a [PathBuf]>,
    /// Framing around them: a Matroska stream that gives each its timestamp (else they are
    /// concatenated as they are).
    pub framing: Option<&'a Framing>,
    /// ffmpeg's working folder, when relative paths in `args` are relative to it.
    pub working_dir: Option<&'a Path>,
    /// The frame count the progress bar counts to.
    pub total_frames: Option<u64>,
    /// The output's frame rate, when constant: the bar then counts the frames written to
    /// the file (from `out_time`), not those handed to the encoder, which runs ahead of it
    /// by its look-ahead (x264 holds 40 frames: big photos showed "39/40, ETA 0s" for 40 s).
    pub output_rate: Option<f64>,
    pub show_progress: bool,
}

/// What a finished run tells.
#[derive(Debug, Default)]
pub struct Finished {
    /// The last `frame=` ffmpeg reported.
    pub frames_reported: Option<u64>,
    /// Whether ffmpeg reported `progress=end`, so that `frames_reported` is its final count.
    pub ended: bool,
    /// What ffmpeg printed on stderr (its last lines), though it succeeded.
    pub stderr_tail: Vec<String>,
}

impl Finished {
    /// The number of frames ffmpeg says it wrote, from its final progress report.
    pub fn final_frame_count(&self) -> Option<u64> {
        self.frames_reported.filter(|_| self.ended)
    }
}

/// Runs ffmpeg to completion. Errors: `FfmpegFailed` when ffmpeg fails, an interrupt
/// `Failure` when a signal arrived (ffmpeg is then already stopped), else I/O errors.
pub fn run(job: &Job<'_>) -> Result<Finished> {
    signals::check()?;
    let stdin = if job.stdin_files.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    let mut child = spawn(job, stdin)?;
    let result = supervise(job, &mut child);
    // Whatever happened, nothing of this run may outlive it.
    kill_group(&mut child);
    let _ = child.wait();
    result
}

/// Starts ffmpeg for `job` in its own process group, stdout and stderr piped.
pub(super) fn spawn(job: &Job<'_>, stdin: Stdio) -> Result<Child> {
    let mut command = Command::new(job.ffmpeg);
    command
        .args(&job.args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(folder) = job.working_dir {
        command.current_dir(folder);
    }
    own_process_group(&mut command);
    let child = command.spawn().map_err(|e| {
        Failure::failed(format!("cannot run ffmpeg ({}): {e}", shown(job.ffmpeg))).nothing_written()
    })?;
    adopt(&child);
    Ok(child)
}

pub(super) enum Event {
    Progress(Update),
}

fn supervise(job: &Job<'_>, child: &mut Child) -> Result<Finished> {
    let stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let bar = progress_bar::bar(job.total_frames, job.show_progress);
    let mut finished = Finished::default();

    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let feeder = match (stdin, job.stdin_files) {
            (Some(stdin), Some(files)) => {
                Some(scope.spawn(move || feed(stdin, files, job.framing)))
            }
            _ => None,
        };
        let progress_reader = scope.spawn(move || read_progress(stdout, sender));
        let tail = scope.spawn(move || keep_tail(stderr));

        let outcome = loop {
            if let Some(code) = signals::received() {
                kill_group(child);
                break Err(signals::interrupted(code));
            }
            match try_finish(child) {
                Ok(Some(status)) => break Ok(status),
                Ok(None) => {}
                Err(e) => break Err(anyhow::Error::new(e).context("cannot wait for ffmpeg")),
            }
            match receiver.recv_timeout(POLL) {
                Ok(Event::Progress(update)) => note(&mut finished, &bar, job, update),
                Err(RecvTimeoutError::Timeout) => {}
                // ffmpeg closed stdout: it is exiting; the next look will see it.
                Err(RecvTimeoutError::Disconnected) => thread::sleep(Duration::from_millis(5)),
            }
        };
        // The group is gone now (see `run`), so every pipe is closed and the threads end.
        kill_group(child);
        // ffmpeg may exit before its last report ("progress=end") has been read: wait for
        // the reader to reach the end of the pipe, or the final frame count is lost.
        let _ = progress_reader.join();
        for Event::Progress(update) in receiver.try_iter() {
            note(&mut finished, &bar, job, update);
        }
        bar.finish_and_clear();
        let tail = tail.join().unwrap_or_default();
        let fed = feeder.map(|feeder| feeder.join().unwrap_or(Ok(0)));
        let status = outcome?;
        // A frame that could not be read matters more than what ffmpeg said about it.
        if let Some(Err(FeedError::Frame(path, error))) = &fed {
            return Err(
                Failure::failed(format!("cannot read frame {}: {error}", shown(path)))
                    .nothing_written()
                    .into(),
            );
        }
        if status.success() {
            finished.stderr_tail = tail;
            return Ok(finished);
        }
        let frames_fed = match fed {
            Some(Ok(count)) | Some(Err(FeedError::Pipe(count))) => count,
            _ => 0,
        };
        Err(FfmpegFailed::new(status, tail, frames_fed).into())
    })
}

pub(super) fn note(
    finished: &mut Finished,
    bar: &indicatif::ProgressBar,
    job: &Job<'_>,
    update: Update,
) {
    match update {
        Update::Frame(frame) => {
            finished.frames_reported = Some(frame);
            if job.output_rate.is_none() {
                bar.set_position(frame);
            }
        }
        Update::OutTime(micros) => {
            if let Some(rate) = job.output_rate {
                let written = (micros as f64 / 1e6 * rate).round() as u64;
                bar.set_position(written.min(job.total_frames.unwrap_or(u64::MAX)));
            }
        }
        Update::End => finished.ended = true,
    }
}

pub(super) enum FeedError {
    /// A frame could not be read.
    Frame(PathBuf, io::Error),
    /// ffmpeg stopped reading after this many frames (it failed or was stopped).
    Pipe(usize),
}

/// Writes the files to ffmpeg's stdin, one after another; returns how many were written.
pub(super) fn feed(
    mut stdin: ChildStdin,
    files: &[PathBuf],
    framing: Option<&Framing>,
) -> Result<usize, FeedError> {
    let pipe_error = |done: usize| move |_: io::Error| FeedError::Pipe(done);
    if let Some(framing) = framing {
        stdin.write_all(framing.header()).map_err(pipe_error(0))?;
    }
    for (done, path) in files.iter().enumerate() {
        if signals::received().is_some() {
            return Err(FeedError::Pipe(done));
        }
        let file = File::open(path).map_err(|e| FeedError::Frame(path.clone(), e))?;
        let size = file
            .metadata()
            .map_err(|e| FeedError::Frame(path.clone(), e))?
            .len();
        if let Some(framing) = framing {
            stdin
                .write_all(&framing.prefix(done, size))
                .map_err(pipe_error(done))?;
        }
        // std::io::copy uses splice/sendfile on Linux: no copy through framekit's memory.
        // Exactly the size announced: a frame that grows meanwhile must not spill over.
        match io::copy(&mut file.take(size), &mut stdin) {
            Ok(copied) if copied == size => {}
            Ok(_) => {
                let shrunk = io::Error::new(io::ErrorKind::UnexpectedEof, "it changed while read");
                return Err(FeedError::Frame(path.clone(), shrunk));
            }
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                return Err(FeedError::Pipe(done));
            }
            Err(error) => return Err(FeedError::Frame(path.clone(), error)),
        }
        if let Some(framing) = framing {
            stdin
                .write_all(&framing.suffix(done))
                .map_err(pipe_error(done + 1))?;
        }
    }
    // Closing stdin tells ffmpeg the last frame has come.
    stdin.flush().map_err(|_| FeedError::Pipe(files.len()))?;
    Ok(files.len())
}

pub(super) fn read_progress(stdout: impl Read, sender: mpsc::Sender<Event>) {
    let reader = BufReader::new(stdout);
    for line in reader.split(b'\n') {
        let Ok(line) = line else { return };
        if let Some(update) = progress::parse_line(&String::from_utf8_lossy(&line)) {
            if sender.send(Event::Progress(update)).is_err() {
                return;
            }
        }
    }
}
