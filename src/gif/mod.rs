//! framekit's own GIF encoder. ffmpeg decodes the frames and runs every per-frame step, and
//! writes raw RGB frames at the output's size on a pipe; this module makes the GIF of them:
//!
//! - `changes`: each frame cut to the rectangle that changed; pixels that did not (within a
//!   small threshold) become the transparent index over the frame before (disposal: do not
//!   dispose), which LZW packs into runs;
//! - `quantise`: a palette for each frame (a local colour table): its own colours when it has
//!   at most 256, else quantette's (Wu, then k-means), undithered;
//! - `timing`: delays in hundredths from framekit's own timeline, rounded so times add up;
//! - here: frames read in order, quantised and LZW-encoded by several threads at once (a
//!   small window of frames in flight, never the whole sequence), written in order by the
//!   `gif` crate.
//!
//! Transparency: GIF has one bit of it (the matte of `stitch::plan::filter_chain` makes
//! it); a frame with holes where the canvas shows colour cannot be drawn over it, so the
//! frame before covers the canvas and is cleared once shown (disposal "restore to
//! background", to transparent in browsers, Pillow and ImageMagick), and the frame with
//! holes is drawn on the cleared canvas.

mod changes;
mod quantise;
pub mod timing;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Mutex;
use std::thread;

use ::gif::{DisposalMethod, Encoder, Frame, Repeat};
use anyhow::{anyhow, Context, Result};

use changes::{Change, Changes};
pub use quantise::Quantiser;

/// A change of colour this small (on every channel, 0-255) is not written again: less than
/// quantising costs a photo (a palette reaching 38 dB is 3 levels off on average), so that
/// what is shown stays about as close to each frame as a fresh palette would; video noise
/// below it is not written frame after frame. Plots and drawings change by far more.
/// Measured on bikes.mp4 with 256 colours: 3 made the GIF 1.5x larger than 5 with its
/// colour ladder; 16 lost 0.05 SSIM (docs/performance.md).
pub const THRESHOLD: u8 = 5;

/// Everything about the GIF but its frames.
#[derive(Debug, Clone)]
pub struct Settings {
    pub width: u32,
    pub height: u32,
    /// One a frame, in hundredths (`timing`).
    pub delays: Vec<u16>,
    /// How often it plays: `None` forever, else at least once.
    pub plays: Option<u32>,
    /// The largest change not written again (`THRESHOLD`).
    pub threshold: u8,
    pub quantiser: Quantiser,
    /// Threads that quantise and LZW-encode.
    pub workers: usize,
    /// RGBA frames on the pipe (frames with transparency), else RGB.
    pub alpha: bool,
}

impl Settings {
    /// The bytes of one frame on the pipe.
    pub fn frame_bytes(&self) -> usize {
        self.width as usize * self.height as usize * if self.alpha { 4 } else { 3 }
    }
}

/// Reads raw RGB frames of `settings`' size from `input` until it ends and writes the GIF
/// of them to `output`; calls `written` after each frame. Stops, with an error, when `stop`
/// is raised. Returns how many frames the GIF holds.
pub fn encode<R: Read, W: Write + Send>(
    mut input: R,
    output: W,
    settings: &Settings,
    stop: &AtomicBool,
    written: &(dyn Fn() + Sync),
) -> Result<u64> {
    let width =
        u16::try_from(settings.width).map_err(|_| anyhow!("a GIF is at most 65535 wide"))?;
    let height =
        u16::try_from(settings.height).map_err(|_| anyhow!("a GIF is at most 65535 high"))?;
    let mut encoder = Encoder::new(output, width, height, &[])?;
    match settings.plays {
        None => encoder.set_repeat(Repeat::Infinite)?,
        // No loop block at all plays once; a count says the repeats after the first play.
        Some(0 | 1) => {}
        Some(plays) => {
            encoder.set_repeat(Repeat::Finite(u16::try_from(plays - 1).unwrap_or(u16::MAX)))?
        }
    }
    let workers = settings.workers.max(1);
    // Frames between the reader and the writer at most: every worker busy, as many waiting.
    let window = 2 * workers + 2;
    let frame_bytes = settings.frame_bytes();
    let (jobs, job_queue) = sync_channel::<(usize, Change)>(workers);
    let job_queue = Mutex::new(job_queue);
    let (done, finished) = sync_channel::<(usize, Frame<'static>)>(window);
    let (tokens, token_queue) = sync_channel::<()>(window);
    for _ in 0..window {
        tokens.send(()).expect("the window has room");
    }
    thread::scope(|scope| {
        for _ in 0..workers {
            let done = done.clone();
            let job_queue = &job_queue;
            scope.spawn(move || {
                // Once the writer is gone (it failed: a full disk), jobs are still taken,
                // and dropped: the reader must never wait on a queue no one empties.
                let mut writer_gone = false;
                loop {
                    let job = job_queue.lock().map(|queue| queue.recv());
                    let Ok(Ok((at, change))) = job else { break };
                    if writer_gone {
                        continue;
                    }
                    let delay = settings.delays.get(at).or(settings.delays.last());
                    let frame = frame(&change, settings.quantiser, delay.copied().unwrap_or(0));
                    writer_gone = done.send((at, frame)).is_err();
                }
            });
        }
        drop(done);
        let writer = scope.spawn(move || -> Result<u64> {
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (at, frame) in finished {
                waiting.insert(at, frame);
                while let Some(frame) = waiting.remove(&next) {
                    encoder.write_lzw_pre_encoded_frame(&frame)?;
                    next += 1;
                    written();
                    // The reader may have stopped: no one then waits for the token.
                    let _ = tokens.send(());
                }
            }
            encoder.into_inner()?.flush()?;
            Ok(next as u64)
        });
        let mut changes = Changes::new(settings.width, settings.height, settings.threshold);
        let mut buffer = vec![0; frame_bytes];
        let mut read = Ok(());
        // Held back one frame: it must clear if the next one has holes where it shows colour.
        let mut held: Option<(usize, Change)> = None;
        for at in 0.. {
            if stop.load(Ordering::SeqCst) || token_queue.recv().is_err() {
                break;
            }
            match read_frame(&mut input, &mut buffer) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => {
                    read = Err(error);
                    break;
                }
            }
            let (change, clears) = changes.next(&buffer, settings.alpha);
            if let Some((before, mut change)) = held.take() {
                if clears {
                    change = change.clearing(settings.width, settings.height);
                }
                if jobs.send((before, change)).is_err() {
                    break;
                }
            }
            held = Some((at, change));
        }
        if let Some(last) = held {
            let _ = jobs.send(last);
        }
        drop(jobs);
        let written = writer
            .join()
            .map_err(|_| anyhow!("the GIF writer panicked"))?;
        read.context("cannot read the decoded frames")?;
        if stop.load(Ordering::SeqCst) {
            return Err(anyhow!("stopped"));
        }
        written
    })
}

/// One frame from `input` into `buffer`: false when `input` has ended before it.
fn read_frame(input: &mut impl Read, buffer: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("a frame ended after {filled} of {} bytes", buffer.len()),
                ))
            }
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(true)
}

/// A change as a GIF frame, LZW-encoded.
fn frame(change: &Change, quantiser: Quantiser, delay: u16) -> Frame<'static> {
    let indexed = quantise::index(change, quantiser);
    let (left, top, width, height) = match change.is_empty() {
        true => (0, 0, 1, 1),
        false => (change.left, change.top, change.width, change.height),
    };
    let mut frame = Frame {
        delay,
        dispose: match change.clears {
            true => DisposalMethod::Background,
            false => DisposalMethod::Keep,
        },
        transparent: indexed.transparent,
        left: left as u16,
        top: top as u16,
        width: width as u16,
        height: height as u16,
        palette: Some(indexed.palette),
        buffer: Cow::Owned(indexed.indices),
        ..Frame::default()
    };
    frame.make_lzw_pre_encoded();
    frame
}

#[cfg(test)]
mod tests;
