//! Decoders on every core, relayed to one encoder: a worker per core takes the next batch,
//! decodes it with an ffmpeg process of its own (supervised like any other), and hands its
//! raw frames over a bounded channel of its own; the relay writes the batches to the
//! encoder's stdin in order, the one it is taking as it is decoded.
//!
//! Memory stays bounded: a batch is handed to a worker only when it is fewer than `2 x
//! workers` batches ahead of the one the encoder is taking, and its channel holds at most
//! the batch. A decoder's failure, the encoder's, or a signal stops every process; the
//! error names the failing batch's first frame for the damaged-frame search.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::process::ChildStdin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;
use std::thread;

use crate::error::Failure;
use crate::ffmpeg::supervisor::command::Decoders;
use crate::ffmpeg::supervisor::{run_set, Output, Stopped};
use crate::term::shown::shown;

/// How much of a decoder's output is handed on at once.
const CHUNK_BYTES: usize = 1 << 20;

/// What a decoder hands the relay.
pub(super) enum Piece {
    Bytes(Vec<u8>),
    /// The batch is complete and checked.
    End,
}

/// What the relay did: how many batches reached the encoder, and the first batch that
/// failed (the cause, when several stopped because of it).
pub(super) struct Relayed {
    pub batches: usize,
    pub failure: Option<anyhow::Error>,
}

/// Decodes `decoders`' batches and writes their frames to `stdin` in order, then closes it.
pub(super) fn relay(stdin: ChildStdin, decoders: &Decoders<'_>, stop: &AtomicBool) -> Relayed {
    let (work, jobs) = mpsc::channel::<(usize, SyncSender<Piece>)>();
    let jobs = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    let batches = thread::scope(|scope| {
        for _ in 0..decoders.workers.max(1) {
            scope.spawn(|| work_on(decoders, &jobs, &failures, stop));
        }
        // `work` is dropped as this closure returns: idle workers then end.
        hand_over(stdin, decoders, work, stop)
    });
    let failure = failures
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .min_by_key(|(at, _)| *at)
        .map(|(_, error)| error);
    Relayed { batches, failure }
}

/// The relay's side: hands batches to the workers, at most `2 x workers` ahead, and writes
/// each batch's frames as they come. Returns how many batches it wrote whole.
fn hand_over(
    mut stdin: ChildStdin,
    decoders: &Decoders<'_>,
    work: mpsc::Sender<(usize, SyncSender<Piece>)>,
    stop: &AtomicBool,
) -> usize {
    let count = decoders.batches.len();
    let ahead = 2 * decoders.workers.max(1);
    let mut waiting: VecDeque<Receiver<Piece>> = VecDeque::new();
    let dispatch = |at: usize, waiting: &mut VecDeque<Receiver<Piece>>| {
        // Room for the whole batch (and its end): a decoder ahead never waits for the relay.
        let bytes = decoders.batches[at].len() * decoders.frame_bytes;
        let (sink, batch) = mpsc::sync_channel(bytes / CHUNK_BYTES + 2);
        let _ = work.send((at, sink));
        waiting.push_back(batch);
    };
    let mut next = 0;
    while next < count.min(ahead) {
        dispatch(next, &mut waiting);
        next += 1;
    }
    for at in 0..count {
        let Some(batch) = waiting.pop_front() else {
            break;
        };
        loop {
            match batch.recv() {
                Ok(Piece::Bytes(bytes)) if stdin.write_all(&bytes).is_ok() => {}
                Ok(Piece::End) => break,
                // The encoder is gone, or the batch failed or was stopped: the run stops,
                // and the supervisor reports why.
                _ => {
                    stop.store(true, Ordering::SeqCst);
                    return at;
                }
            }
        }
        if next < count {
            dispatch(next, &mut waiting);
            next += 1;
        }
    }
    // Closing stdin tells the encoder the last frame has come.
    drop(stdin);
    count
}

/// A worker: decodes the batches it is handed until there are no more.
fn work_on(
    decoders: &Decoders<'_>,
    jobs: &Mutex<Receiver<(usize, SyncSender<Piece>)>>,
    failures: &Mutex<Vec<(usize, anyhow::Error)>>,
    stop: &AtomicBool,
) {
    let _guard = StopOnPanic(stop);
    loop {
        let job = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => return,
        };
        let Ok((at, sink)) = job else { return };
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match decode(decoders, at, &sink, stop) {
            Ok(()) => {
                let _ = sink.send(Piece::End);
            }
            Err(error) if error.is::<Stopped>() => {}
            Err(error) => {
                stop.store(true, Ordering::SeqCst);
                if let Ok(mut failures) = failures.lock() {
                    failures.push((at, error));
                }
            }
        }
    }
}

/// Stops the run when a worker panics, which would otherwise leave its batch unfinished.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.store(true, Ordering::SeqCst);
        }
    }
}

/// Batch `at` through its decoder process, its raw frames handed to `sink` as they come.
/// A batch whose byte count is wrong fails (after its bytes went on: the run fails then).
fn decode(
    decoders: &Decoders<'_>,
    at: usize,
    sink: &SyncSender<Piece>,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let range = decoders.batches[at].clone();
    let frames = &decoders.frames[range.clone()];
    let command = decoders.commands[at].clone().feed(frames, None);
    let ran = run_set(&[command], Output::Chunks(sink), stop)?;
    let bytes = ran.stdout_bytes;
    ran.into_result(range.start)?;
    let wanted = frames.len() * decoders.frame_bytes;
    if bytes != wanted {
        // Never seen; but a frame lost or doubled here would be a wrong video.
        let first = frames.first().map(|p| shown(p)).unwrap_or_default();
        return Err(Failure::failed(format!(
            "ffmpeg decoded {bytes} bytes for the {} frames from {first}, not {wanted}",
            frames.len()
        ))
        .nothing_written()
        .into());
    }
    Ok(())
}

/// Reads a decoder's stdout in chunks of `CHUNK_BYTES` (the last one shorter) into `sink`;
/// returns how many bytes it read. When the relay no longer takes them, the run stops, and
/// the rest is read and dropped: a decoder must not die of a broken pipe before framekit
/// stops it, or it would count as failing on its own (and be blamed for another's failure).
pub(super) fn read_chunks(
    mut stdout: impl Read,
    sink: &SyncSender<Piece>,
    stop: &AtomicBool,
) -> usize {
    let mut total = 0;
    let mut abandoned = false;
    loop {
        let mut chunk = vec![0; CHUNK_BYTES];
        let mut filled = 0;
        let mut ended = false;
        while filled < CHUNK_BYTES {
            match stdout.read(&mut chunk[filled..]) {
                Ok(0) => {
                    ended = true;
                    break;
                }
                Ok(read) => filled += read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    ended = true;
                    break;
                }
            }
        }
        total += filled;
        chunk.truncate(filled);
        if filled > 0 && !abandoned && sink.send(Piece::Bytes(chunk)).is_err() {
            abandoned = true;
            stop.store(true, Ordering::SeqCst);
        }
        if ended {
            return total;
        }
    }
}
