//! The one supervisor of ffmpeg processes. It starts a pipeline of them (one process, or a
//! decoder piped into an encoder), feeds their stdin (frame files, or the raw frames of
//! decoders on every core: `relay`), reads the last one's `-progress`, keeps each one's
//! stderr tail, stops them all on a signal, an error or a failed sibling (`watch`), and
//! explains a failure in one way (`Ran::into_result`).
//!
//! Each process runs in its own process group, so that framekit alone decides when it
//! stops: on SIGINT or SIGTERM (to framekit, or to the whole terminal group) framekit kills
//! the group, which also ends anything ffmpeg (or a wrapper script standing in for it)
//! started.

pub mod command;
pub(crate) mod feed;
mod progress_notes;
mod relay;
mod spawn;
pub(crate) mod watch;

use std::process::{Child, ChildStdout, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender, SyncSender};
use std::thread;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::stderr_tail::{keep_errors_sending_info, keep_tail, Logged};
use crate::signals;
use crate::term::progress_report::ProgressReport;
use crate::term::shown::shown;
use command::Stdin;
pub use command::{Decoders, FeedError, FfmpegCommand, Progress, StreamFeed};
use progress_notes::{note, read_progress};
use relay::{Piece, Relayed};
use watch::{stop_all, watch, Exit};

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

/// Runs `commands` to completion as a pipeline: each one's stdout into the next one's
/// stdin; the progress and the frame count are the last one's. Errors: `FfmpegFailed`
/// when ffmpeg fails (the first process's failure when several did: it is the cause), an
/// interrupt `Failure` when a signal arrived (every process is then already stopped), else
/// what went wrong around them (a frame that cannot be read, I/O).
pub fn run(commands: &[FfmpegCommand<'_>]) -> Result<Finished> {
    let stop = AtomicBool::new(false);
    run_set(commands, Output::Progress, &stop)?.into_result(0)
}

/// Runs one ffmpeg whose stdout `read` takes in full, on a thread of its own, while the
/// process is watched as any other. `read` raises the flag it is given when it stops
/// early (its own reader gone, or what it read is wrong): ffmpeg is then stopped, and the
/// run ends in `Stopped` unless ffmpeg failed on its own first.
pub fn stream<'a>(
    mut command: FfmpegCommand<'a>,
    read: impl FnOnce(ChildStdout, &AtomicBool) + Send + 'a,
) -> Result<Finished> {
    let stop = AtomicBool::new(false);
    // The stderr reader gets the only sender: the channel then ends with ffmpeg's
    // stderr, and a reader waiting on it for a line ffmpeg never wrote is woken.
    let info_lines = command.info_lines.take();
    let output = Output::Stream(Box::new(read), info_lines);
    run_set(&[command], output, &stop)?.into_result(0)
}

/// What the last process's stdout is.
enum Output<'a> {
    /// `-progress` reports, read for the bar and the final frame count.
    Progress,
    /// Raw frames, handed on in chunks (a decoder of the relay).
    Chunks(&'a SyncSender<Piece>),
    /// Read by the caller's own reader (see [`stream`]), with where stderr's info lines
    /// go, if anywhere.
    Stream(StreamReader<'a>, Option<Sender<Logged>>),
}

type StreamReader<'a> = Box<dyn FnOnce(ChildStdout, &AtomicBool) + Send + 'a>;

/// How one process of a pipeline ended.
struct Ended {
    exit: Exit,
    tail: Vec<String>,
    /// What feeding its stdin files gave, when it was fed files.
    fed: Option<Result<usize, FeedError>>,
}

/// How a pipeline ended, before it is judged.
struct Ran {
    ends: Vec<Ended>,
    relayed: Option<Relayed>,
    /// How many frames the decoders had handed the encoder whole, batch by batch.
    relayed_frames: usize,
    progress: Finished,
    stdout_bytes: usize,
}

/// A process stopped because of a sibling's failure, elsewhere: never the cause to report.
#[derive(Debug)]
struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ffmpeg was stopped")
    }
}

impl std::error::Error for Stopped {}

impl Ran {
    /// The one explanation of a run: a frame that could not be read; else the decoder batch
    /// that failed first; else the first process that failed on its own, with how many
    /// frames (counted from `first_frame`) had been fed whole; else, when every failure was
    /// a stop, `Stopped`.
    fn into_result(self, first_frame: usize) -> Result<Finished> {
        let Ran {
            mut ends,
            relayed,
            relayed_frames,
            progress,
            ..
        } = self;
        // A stream's own fault is the cause: ffmpeg was stopped because of it.
        let source_failed = |end: &Ended| matches!(end.fed, Some(Err(FeedError::Source(_))));
        if let Some(at) = ends.iter().position(source_failed) {
            if let Some(Err(FeedError::Source(error))) = ends.swap_remove(at).fed {
                return Err(error);
            }
        }
        for end in &ends {
            if let Some(Err(FeedError::Frame(path, error))) = &end.fed {
                return Err(
                    Failure::failed(format!("cannot read frame {}: {error}", shown(path)))
                        .nothing_written()
                        .into(),
                );
            }
        }
        let decoded = relayed.is_some();
        if let Some(failure) = relayed.and_then(|relayed| relayed.failure) {
            return Err(failure);
        }
        let frames_fed = match ends.iter().find_map(|end| end.fed.as_ref()) {
            _ if decoded => relayed_frames,
            Some(Ok(count)) => *count,
            Some(Err(error)) => error.fed(),
            None => 0,
        };
        let fed = first_frame + frames_fed;
        let mut failures: Vec<FfmpegFailed> = (ends.iter())
            .filter(|end| !end.exit.status.success() && !end.exit.stopped)
            .map(|end| FfmpegFailed::new(end.exit.status, end.tail.clone(), fed))
            .collect();
        if !failures.is_empty() {
            // The first that failed on its own, unless it only lost the process after it (a
            // broken pipe), which then failed too: that one is the cause.
            let last = failures.len() - 1;
            let cause = (0..last)
                .find(|&at| !failures[at].lost_its_reader())
                .unwrap_or(last);
            return Err(failures.swap_remove(cause).into());
        }
        let mut stopped = false;
        let mut stderr_tail = Vec::new();
        for end in ends {
            stopped |= !end.exit.status.success();
            stderr_tail.extend(end.tail);
        }
        if stopped {
            return Err(Stopped.into());
        }
        Ok(Finished {
            stderr_tail,
            ..progress
        })
    }
}

/// Starts `commands` as a pipeline, its last stdout read as `output` says, and watches
/// them together until every one has ended (or a signal stopped them). `stop` is shared
/// with siblings elsewhere: raised by any failure, it stops them all.
fn run_set(commands: &[FfmpegCommand<'_>], output: Output<'_>, stop: &AtomicBool) -> Result<Ran> {
    signals::check()?;
    let mut children: Vec<Child> = Vec::with_capacity(commands.len());
    for command in commands {
        let previous = (children.last_mut())
            .and_then(|child| child.stdout.take())
            .map(Stdio::from);
        match spawn::spawn(command, previous) {
            Ok(child) => children.push(child),
            Err(error) => {
                stop_all(&mut children.iter_mut().collect::<Vec<_>>());
                return Err(error);
            }
        }
    }
    let result = supervise(commands, &mut children, output, stop);
    // Whatever happened, nothing of this run may outlive it.
    stop_all(&mut children.iter_mut().collect::<Vec<_>>());
    result
}

fn supervise(
    commands: &[FfmpegCommand<'_>],
    children: &mut [Child],
    mut output: Output<'_>,
    stop: &AtomicBool,
) -> Result<Ran> {
    // The streamed (last) process's info lines, moved into its stderr reader.
    let mut info_lines = match &mut output {
        Output::Stream(_, lines) => lines.take(),
        _ => None,
    };
    let last = commands.last().expect("a pipeline has a process");
    let show = matches!(output, Output::Progress) && last.progress.shown;
    let bar = ProgressReport::new(last.progress.total_frames, show);
    let mut progress = Finished::default();

    // Raised once the processes are gone: a stream's feeder, waiting for its source, ends.
    let finished = AtomicBool::new(false);
    thread::scope(|scope| {
        let finished = &finished;
        let mut feeders = Vec::new();
        let mut tails = Vec::new();
        let mut relay = None;
        let count = commands.len();
        for (at, (command, child)) in commands.iter().zip(children.iter_mut()).enumerate() {
            let stdin = child.stdin.take();
            feeders.push(match (command.stdin, stdin) {
                (Stdin::Files(files, framing), Some(stdin)) => {
                    Some(scope.spawn(move || feed::feed(stdin, files, framing)))
                }
                (Stdin::Stream(source), Some(mut stdin)) => Some(scope.spawn(move || {
                    // Frames of megabytes: ffmpeg and the feeder take fewer turns.
                    crate::pipe::size::enlarge(&stdin);
                    let fed = source.feed(&mut stdin, finished);
                    if matches!(fed, Err(FeedError::Source(_))) {
                        // Nothing may be written: ffmpeg is stopped, not left to finish.
                        stop.store(true, Ordering::SeqCst);
                    }
                    fed
                })),
                (Stdin::Decoded(decoders), Some(stdin)) => {
                    relay = Some(scope.spawn(move || relay::relay(stdin, decoders, stop)));
                    None
                }
                _ => None,
            });
            let stderr = child.stderr.take().expect("stderr is piped");
            let info_lines = if at + 1 == count {
                info_lines.take()
            } else {
                None
            };
            tails.push(scope.spawn(move || match info_lines {
                Some(lines) => keep_errors_sending_info(stderr, lines),
                None => keep_tail(stderr),
            }));
        }
        let stdout = (children.last_mut())
            .and_then(|child| child.stdout.take())
            .expect("stdout is piped");
        // The reader's end (its sender dropped) tells the watch that the process is exiting.
        let (sender, events) = mpsc::channel();
        let reader = scope.spawn(move || match output {
            Output::Progress => {
                read_progress(stdout, sender);
                0
            }
            Output::Chunks(sink) => {
                let bytes = relay::read_chunks(stdout, sink, stop);
                drop(sender);
                bytes
            }
            Output::Stream(read, _) => {
                drop(sender);
                read(stdout, stop);
                0
            }
        });

        let mut watched: Vec<&mut Child> = children.iter_mut().collect();
        let outcome = watch(&mut watched, stop, Some(&events), |update| {
            note(&mut progress, &bar, last, update)
        });
        // Every process is gone now, so every pipe is closed and the threads end. ffmpeg
        // may exit before its last report ("progress=end") has been read: the reader
        // reaches the end of the pipe first, or the final frame count is lost.
        let stdout_bytes = reader.join().unwrap_or_default();
        finished.store(true, Ordering::SeqCst);
        for update in events.try_iter() {
            note(&mut progress, &bar, last, update);
        }
        bar.finish_and_clear();
        let tails: Vec<_> = tails
            .into_iter()
            .map(|t| t.join().unwrap_or_default())
            .collect();
        let feeds: Vec<_> = feeders
            .into_iter()
            .map(|f| f.map(|f| f.join().unwrap_or(Ok(0))))
            .collect();
        let relayed = relay.map(|relay| {
            relay.join().unwrap_or_else(|_| Relayed {
                batches: 0,
                failure: Some(anyhow::anyhow!("a decoder's worker panicked")),
            })
        });
        let relayed_frames = match (&relayed, last.stdin) {
            (Some(relayed), Stdin::Decoded(decoders)) => (decoders.batches.get(relayed.batches))
                .map_or(decoders.frames.len(), |batch| batch.start),
            _ => 0,
        };
        let exits = outcome?;
        let ends = (exits.into_iter().zip(tails).zip(feeds))
            .map(|((exit, tail), fed)| Ended { exit, tail, fed })
            .collect();
        Ok(Ran {
            ends,
            relayed,
            relayed_frames,
            progress,
            stdout_bytes,
        })
    })
}

#[cfg(all(test, unix))]
mod tests;
