//! The direct route's feeder: each frame of standard input, checked against frame 1, is
//! written to ffmpeg's stdin as it arrives (raw pixels and PNM pixels as they came, for
//! `-f rawvideo`; PNG and JPEG files whole, for `image2pipe`). At most the reader's few
//! frames wait in memory, whatever the stream's length.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Mutex;

use super::expected::Expected;
use super::reader::Incoming;
use super::spool::SIGNAL_CHECK;
use crate::ffmpeg::supervisor::{FeedError, StreamFeed};
use crate::signals;

/// No frame had alpha.
const NONE: usize = usize::MAX;

/// Standard input's frames, for one ffmpeg process.
pub struct StreamFeeder {
    incoming: Mutex<Incoming>,
    expected: Expected,
    received: AtomicU64,
    first_with_alpha: AtomicUsize,
}

impl StreamFeeder {
    pub(super) fn new(incoming: Incoming, expected: Expected) -> StreamFeeder {
        StreamFeeder {
            incoming: Mutex::new(incoming),
            expected,
            received: AtomicU64::new(0),
            first_with_alpha: AtomicUsize::new(NONE),
        }
    }

    /// How many frames were written to ffmpeg whole.
    pub fn received(&self) -> u64 {
        self.received.load(Ordering::SeqCst)
    }

    /// The first frame (from 0) whose header says it has alpha, once all have passed.
    pub fn first_with_alpha(&self) -> Option<usize> {
        Some(self.first_with_alpha.load(Ordering::SeqCst)).filter(|&at| at != NONE)
    }
}

impl StreamFeed for StreamFeeder {
    fn feed(&self, stdin: &mut dyn Write, stop: &AtomicBool) -> Result<usize, FeedError> {
        let mut incoming = self.incoming.lock().expect("one feeder at a time");
        let mut done = 0;
        loop {
            let received = match incoming.next(SIGNAL_CHECK) {
                Ok(Ok(received)) => received,
                Ok(Err(error)) => return Err(FeedError::Source(error.0.into())),
                Err(RecvTimeoutError::Timeout) => {
                    // ffmpeg gone, or a signal (the watch stops ffmpeg): stop waiting.
                    if stop.load(Ordering::SeqCst) || signals::received().is_some() {
                        return Err(FeedError::Pipe(done));
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let index = received.index;
            let checked = (self.expected.check(received))
                .map_err(|error| FeedError::Source(error.0.into()))?;
            if checked.alpha {
                let _ = self.first_with_alpha.compare_exchange(
                    NONE,
                    index,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
            }
            stdin
                .write_all(&checked.bytes)
                .map_err(|_| FeedError::Pipe(done))?;
            done += 1;
            self.received.store(done as u64, Ordering::SeqCst);
        }
        stdin.flush().map_err(|_| FeedError::Pipe(done))?;
        Ok(done)
    }
}
