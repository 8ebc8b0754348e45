//! Decoding on every core: the frames in batches, each decoded by an ffmpeg process of its
//! own (several at once), their raw frames handed in order to one encoder. ffmpeg's JPEG
//! decoder runs on one core; with big photos it is what the encoder waits for.
//!
//! The batch the encoder is taking streams to it as it is decoded, so that the encoder
//! starts with the first frame; the batches after it wait in memory, which stays bounded: a
//! batch is decoded only when it is at most `2 x workers` batches ahead of the one the
//! encoder is taking. A decoder's failure, the encoder's, or a signal
//! stops every process; the error names the failing batch's first frame for the damaged-
//! frame search.

use std::io::{Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::failed::FfmpegFailed;
use crate::ffmpeg::job::{self, Event, FeedError, Finished, Job, POLL};
use crate::ffmpeg::process_group::{kill_group, try_finish};
use crate::ffmpeg::stderr_tail::keep_tail;
use crate::signals;
use crate::term::progress_bar;
use crate::term::shown::shown;

/// The decoders' side: one argument list for every batch, and the frames.
pub struct Decoders<'a> {
    pub ffmpeg: &'a Path,
    pub args: Vec<std::ffi::OsString>,
    pub frames: &'a [PathBuf],
    pub batches: &'a [Range<usize>],
    /// How many decoders at once.
    pub workers: usize,
    /// One raw frame's size: a batch must give exactly this many bytes a frame.
    pub frame_bytes: usize,
}

/// Why a batch failed: ffmpeg's own failure, with how many frames of the whole list had
/// been fed when it did; or it was stopped because something else failed (never the
/// cause to report).
enum BatchError {
    Failed(FfmpegFailed),
    Other(anyhow::Error),
    Stopped,
}

/// A batch as it is decoded: the raw frames not yet relayed, in the chunks they came in
/// (kept as they are: one growing buffer would reallocate and copy), and once its decoder
/// has finished, how.
#[derive(Default)]
struct Batch {
    chunks: Vec<Vec<u8>>,
    outcome: Option<Result<(), BatchError>>,
}

/// Every batch, behind one lock that the one `ready` condition variable goes with.
type Outcomes = Mutex<Vec<Batch>>;

/// How much of a decoder's output is handed on at once.
const CHUNK_BYTES: usize = 1 << 20;

/// What the workers and the relay share.
struct Shared {
    /// The batches handed to the encoder so far.
    relayed: Mutex<usize>,
    progress: Condvar,
    stop: AtomicBool,
}

/// Decodes the batches on `decoders.workers` processes at a time and encodes their frames,
/// in order, with `encoder` (whose stdin they are written to).
pub fn run(decoders: &Decoders<'_>, encoder: &Job<'_>) -> Result<Finished> {
    signals::check()?;
    let mut child = job::spawn(encoder, Stdio::piped())?;
    let result = supervise(decoders, encoder, &mut child);
    kill_group(&mut child);
    let _ = child.wait();
    result
}

fn supervise(decoders: &Decoders<'_>, encoder: &Job<'_>, child: &mut Child) -> Result<Finished> {
    let stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let bar = progress_bar::bar(encoder.total_frames, encoder.show_progress);
    let mut finished = Finished::default();
    let shared = Shared {
        relayed: Mutex::new(0),
        progress: Condvar::new(),
        stop: AtomicBool::new(false),
    };
    let count = decoders.batches.len();
    let results: Outcomes = Mutex::new((0..count).map(|_| Batch::default()).collect());
    let ready = Condvar::new();
    let next = Mutex::new(0usize);

    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let progress_reader = scope.spawn(move || job::read_progress(stdout, sender));
        let tail = scope.spawn(move || keep_tail(stderr));
        let workers: Vec<_> = (0..decoders.workers.max(1))
            .map(|_| scope.spawn(|| work(decoders, &shared, &results, &ready, &next)))
            .collect();
        let relay = scope.spawn(|| relay(stdin, &shared, &results, &ready));

        let outcome = loop {
            if let Some(code) = signals::received() {
                shared.stop.store(true, Ordering::SeqCst);
                kill_group(child);
                break Err(signals::interrupted(code));
            }
            if shared.stop.load(Ordering::SeqCst) {
                // A batch failed: the encoder cannot finish right.
                kill_group(child);
            }
            match try_finish(child) {
                Ok(Some(status)) => break Ok(status),
                Ok(None) => {}
                Err(e) => break Err(anyhow::Error::new(e).context("cannot wait for ffmpeg")),
            }
            match receiver.recv_timeout(POLL) {
                Ok(Event::Progress(update)) => job::note(&mut finished, &bar, encoder, update),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => thread::sleep(Duration::from_millis(5)),
            }
        };
        shared.stop.store(true, Ordering::SeqCst);
        shared.progress.notify_all();
        ready.notify_all();
        kill_group(child);
        let _ = progress_reader.join();
        for Event::Progress(update) in receiver.try_iter() {
            job::note(&mut finished, &bar, encoder, update);
        }
        bar.finish_and_clear();
        let tail = tail.join().unwrap_or_default();
        let relayed = relay.join().unwrap_or(0);
        // Every decoder done, so that the first batch that really failed is known (the
        // others were stopped because of it).
        for worker in workers {
            let _ = worker.join();
        }
        let status = outcome?;
        // A decoder's failure is the cause; the encoder then saw a stream cut short.
        let outcomes = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
        for (at, batch) in outcomes.into_iter().enumerate() {
            match batch.outcome {
                Some(Err(BatchError::Failed(failed))) => {
                    let fed = decoders.batches[at].start + failed.frames_fed;
                    return Err(FfmpegFailed {
                        frames_fed: fed,
                        ..failed
                    }
                    .into());
                }
                Some(Err(BatchError::Other(error))) => return Err(error),
                _ => {}
            }
        }
        if !status.success() {
            let fed = decoders
                .batches
                .get(relayed)
                .map_or(decoders.frames.len(), |b| b.start);
            return Err(FfmpegFailed::new(status, tail, fed).into());
        }
        finished.stderr_tail = tail;
        Ok(finished)
    })
}

/// A worker: takes the next batch, when it is not too far ahead, and decodes it.
fn work(
    decoders: &Decoders<'_>,
    shared: &Shared,
    results: &Outcomes,
    ready: &Condvar,
    next: &Mutex<usize>,
) {
    let _guard = StopOnPanic { shared, ready };
    let ahead = 2 * decoders.workers.max(1);
    loop {
        let at = {
            let Ok(mut next) = next.lock() else { return };
            let at = *next;
            *next += 1;
            at
        };
        if at >= decoders.batches.len() {
            return;
        }
        // Wait until the encoder has taken enough of the batches before this one.
        if let Ok(mut relayed) = shared.relayed.lock() {
            while at >= *relayed + ahead && !shared.stop.load(Ordering::SeqCst) {
                relayed = match shared.progress.wait_timeout(relayed, POLL) {
                    Ok((guard, _)) => guard,
                    Err(_) => return,
                };
            }
        }
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let range = decoders.batches[at].clone();
        let received = |chunk: &[u8]| {
            if let Ok(mut outcomes) = results.lock() {
                outcomes[at].chunks.push(chunk.to_vec());
            }
            ready.notify_all();
        };
        let outcome = decode(decoders, &decoders.frames[range], &shared.stop, received);
        let failed = outcome.is_err();
        if let Ok(mut outcomes) = results.lock() {
            outcomes[at].outcome = Some(outcome);
        }
        if failed {
            shared.stop.store(true, Ordering::SeqCst);
        }
        ready.notify_all();
    }
}

/// Stops the run when a worker panics, which would otherwise leave the relay waiting for
/// its batch for ever.
struct StopOnPanic<'a> {
    shared: &'a Shared,
    ready: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.shared.stop.store(true, Ordering::SeqCst);
            self.shared.progress.notify_all();
            self.ready.notify_all();
        }
    }
}

/// The relay: writes the batches' frames to the encoder's stdin in order, then closes it.
/// Returns how many batches it wrote.
fn relay(
    mut stdin: std::process::ChildStdin,
    shared: &Shared,
    results: &Outcomes,
    ready: &Condvar,
) -> usize {
    let count = results.lock().map_or(0, |outcomes| outcomes.len());
    for at in 0..count {
        // The batch's frames as they come, until its decoder has finished.
        loop {
            let (chunks, finished) = {
                let Ok(mut outcomes) = results.lock() else {
                    return at;
                };
                loop {
                    if shared.stop.load(Ordering::SeqCst) {
                        return at;
                    }
                    let batch = &mut outcomes[at];
                    match &batch.outcome {
                        // The failure stays for the supervisor to report.
                        Some(Err(_)) => return at,
                        Some(Ok(())) => break (std::mem::take(&mut batch.chunks), true),
                        None if !batch.chunks.is_empty() => {
                            break (std::mem::take(&mut batch.chunks), false)
                        }
                        None => {}
                    }
                    outcomes = match ready.wait_timeout(outcomes, POLL) {
                        Ok((guard, _)) => guard,
                        Err(_) => return at,
                    };
                }
            };
            // Written with the lock released: the decoders go on meanwhile.
            for chunk in chunks {
                if stdin.write_all(&chunk).is_err() {
                    return at;
                }
            }
            if finished {
                break;
            }
        }
        if let Ok(mut relayed) = shared.relayed.lock() {
            *relayed = at + 1;
        }
        shared.progress.notify_all();
    }
    // Closing stdin tells the encoder the last frame has come.
    drop(stdin);
    count
}

/// One batch through one decoder process, its raw frames given to `received` as they come.
/// A batch whose byte count is wrong fails (after its bytes went on: the run fails then).
fn decode(
    decoders: &Decoders<'_>,
    frames: &[PathBuf],
    stop: &AtomicBool,
    received: impl Fn(&[u8]) + Sync,
) -> Result<(), BatchError> {
    let job = Job {
        ffmpeg: decoders.ffmpeg,
        args: decoders.args.clone(),
        stdin_files: Some(frames),
        framing: None,
        working_dir: None,
        total_frames: None,
        output_rate: None,
        show_progress: false,
    };
    let mut child = job::spawn(&job, Stdio::piped()).map_err(BatchError::Other)?;
    let stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let outcome = thread::scope(|scope| {
        let feeder = scope.spawn(move || job::feed(stdin, frames, None));
        let received = &received;
        let reader = scope.spawn(move || {
            let mut chunk = vec![0; CHUNK_BYTES];
            let mut total = 0;
            loop {
                match stdout.read(&mut chunk) {
                    Ok(0) => break total,
                    Ok(read) => {
                        received(&chunk[..read]);
                        total += read;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break total,
                }
            }
        });
        let tail = scope.spawn(move || keep_tail(stderr));
        let mut stopped = false;
        let status = loop {
            // Reaped first: a decoder that ended by its own failure is that failure, even
            // when another batch's stopped the run meanwhile.
            match try_finish(&mut child) {
                Ok(Some(status)) => break Ok(status),
                Ok(None) => {}
                Err(e) => break Err(e),
            }
            if !stopped && (stop.load(Ordering::SeqCst) || signals::received().is_some()) {
                stopped = true;
                kill_group(&mut child);
                continue;
            }
            thread::sleep(POLL);
        };
        kill_group(&mut child);
        let bytes = reader.join().unwrap_or_default();
        let tail = tail.join().unwrap_or_default();
        let fed = feeder.join().unwrap_or(Ok(0));
        (status, bytes, tail, fed, stopped)
    });
    let _ = child.wait();
    let (status, bytes, tail, fed, stopped) = outcome;
    if stopped {
        return Err(BatchError::Stopped);
    }
    let status = status.map_err(|e| BatchError::Other(anyhow::Error::new(e)))?;
    let wanted = frames.len() * decoders.frame_bytes;
    match fed {
        Err(FeedError::Frame(path, error)) => {
            return Err(BatchError::Other(
                Failure::failed(format!("cannot read frame {}: {error}", shown(&path)))
                    .nothing_written()
                    .into(),
            ))
        }
        Ok(count) | Err(FeedError::Pipe(count)) if !status.success() => {
            return Err(BatchError::Failed(FfmpegFailed::new(status, tail, count)))
        }
        _ => {}
    }
    if bytes != wanted {
        // Never seen; but a frame lost or doubled here would be a wrong video.
        let first = frames.first().map(|p| shown(p)).unwrap_or_default();
        return Err(BatchError::Other(
            Failure::failed(format!(
                "ffmpeg decoded {bytes} bytes for the {} frames from {first}, not {wanted}",
                frames.len()
            ))
            .nothing_written()
            .into(),
        ));
    }
    Ok(())
}
