//! Standard input read on a thread of its own, frame by frame, into a bounded channel: at
//! most `AHEAD` frames wait in memory whatever the stream's length, and the thread that
//! takes them can still notice a signal while the producer is silent (a read of a pipe
//! blocks, and SIGTERM does not interrupt it).

use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver};

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

/// Starts reading standard input; the channel ends after the last frame, or after the
/// first error.
pub fn start(raw: Option<RawFormat>) -> Receiver<Result<Received, StreamError>> {
    let (sender, frames) = sync_channel(AHEAD);
    std::thread::spawn(move || {
        let mut source = Source::new(std::io::stdin());
        for index in 0.. {
            let offset = source.offset();
            let next = match raw {
                Some(format) => next_raw(&mut source, index, format),
                None => next_image(&mut source, index).map(|image| image.map(Content::Image)),
            };
            let received = match next {
                Ok(None) => return,
                Ok(Some(content)) => Ok(Received {
                    index,
                    offset,
                    content,
                }),
                Err(error) => Err(error),
            };
            let failed = received.is_err();
            // Nobody listens any more (the run failed or stopped): stop reading.
            if sender.send(received).is_err() || failed {
                return;
            }
        }
    });
    frames
}

/// The next raw frame: exactly one frame's bytes, or None at the stream's end.
fn next_raw<R: Read>(
    source: &mut Source<R>,
    index: usize,
    format: RawFormat,
) -> Result<Option<Content>, StreamError> {
    let start = source.offset();
    if source.at_end().map_err(StreamError::io)? {
        return Ok(None);
    }
    let wanted = format.frame_bytes();
    let mut pixels = Vec::with_capacity(wanted);
    match source
        .take_exactly(wanted, &mut pixels)
        .map_err(StreamError::io)?
    {
        true => Ok(Some(Content::Raw(pixels))),
        false => Err(StreamError::partial_raw(
            index,
            start,
            pixels.len(),
            wanted,
            &format.to_string(),
        )),
    }
}
