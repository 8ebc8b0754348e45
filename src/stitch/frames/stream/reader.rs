//! Standard input read on a thread of its own, frame by frame, into a bounded channel: at
//! most `AHEAD` frames wait in memory whatever the stream's length, and the thread that
//! takes them can still notice a signal while the producer is silent (a read of a pipe
//! blocks, and SIGTERM does not interrupt it).

use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::time::Duration;

use super::images::{next_image, Image};
use super::raw::RawFormat;
use super::source::Source;
use super::StreamError;

/// Frames read ahead of the one being spooled.
const AHEAD: usize = 2;

/// What one frame of the stream holds.
pub enum Content {
    Image(Image),
    /// `--raw` pixels, as they came.
    Raw(Vec<u8>),
}

/// A frame as it came: its place (from 0), the offset of its first byte, its bytes.
pub struct Received {
    pub index: usize,
    pub offset: u64,
    pub content: Content,
}

/// The frames of standard input as they are read, with one that was looked at first (to
/// choose the route) and handed back.
pub struct Incoming {
    frames: Receiver<Result<Received, StreamError>>,
    held: Option<Result<Received, StreamError>>,
}

impl Incoming {
    /// Starts reading standard input.
    pub fn start(raw: Option<RawFormat>) -> Incoming {
        Incoming {
            frames: start(raw),
            held: None,
        }
    }

    /// The next frame (or the stream's error), waiting at most `timeout`; Disconnected
    /// after the last.
    pub fn next(
        &mut self,
        timeout: Duration,
    ) -> Result<Result<Received, StreamError>, RecvTimeoutError> {
        match self.held.take() {
            Some(held) => Ok(held),
            None => self.frames.recv_timeout(timeout),
        }
    }

    /// Gives `frame` back: the next `next` returns it.
    pub fn hold(&mut self, frame: Result<Received, StreamError>) {
        self.held = Some(frame);
    }
}

/// Starts reading standard input; the channel ends after the last frame, or after the
/// first error.
fn start(raw: Option<RawFormat>) -> Receiver<Result<Received, StreamError>> {
    let (sender, frames) = sync_channel(AHEAD);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        // Frames of megabytes: the producer and this reader take fewer turns.
        crate::pipe::size::enlarge(&stdin);
        let stdin = stdin.lock();
        match raw {
            Some(format) => send_raw(stdin, format, &sender),
            None => send_images(stdin, &sender),
        }
    });
    frames
}

type Frames = SyncSender<Result<Received, StreamError>>;

/// Sends each whole image of `stdin` until its end or an error.
fn send_images(stdin: impl Read, sender: &Frames) {
    let mut source = Source::new(stdin);
    for index in 0.. {
        let offset = source.offset();
        let received = match next_image(&mut source, index) {
            Ok(None) => return,
            Ok(Some(image)) => Ok(Received {
                index,
                offset,
                content: Content::Image(image),
            }),
            Err(error) => Err(error),
        };
        if !send(sender, received) {
            return;
        }
    }
}

/// Sends each raw frame of `stdin`, read straight into a buffer of its own (no look-ahead
/// buffer to copy from: each frame's bytes are where they are known to end), until the
/// stream's end or a frame it ends inside.
fn send_raw(mut stdin: impl Read, format: RawFormat, sender: &Frames) {
    let wanted = format.frame_bytes();
    for index in 0.. {
        let offset = (index * wanted) as u64;
        let mut pixels = Vec::with_capacity(wanted);
        let read = (&mut stdin).take(wanted as u64).read_to_end(&mut pixels);
        let received = match read {
            Err(error) => Err(StreamError::io(error)),
            Ok(0) => return,
            Ok(got) if got < wanted => Err(StreamError::partial_raw(
                index,
                offset,
                got,
                wanted,
                &format.to_string(),
            )),
            Ok(_) => Ok(Received {
                index,
                offset,
                content: Content::Raw(pixels),
            }),
        };
        if !send(sender, received) {
            return;
        }
    }
}

/// Hands on one frame; false when reading should stop: nobody listens any more (the run
/// failed or stopped), or this was the stream's error.
fn send(sender: &Frames, received: Result<Received, StreamError>) -> bool {
    let failed = received.is_err();
    sender.send(received).is_ok() && !failed
}
