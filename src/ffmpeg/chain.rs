//! Two ffmpeg processes in a row: a decoder that takes the frames on stdin and writes raw
//! frames, piped straight into an encoder. For GIF: ffmpeg rebuilds its filter graph when a
//! frame changes size, pixel format or EXIF orientation, and a rebuilt palette graph loses
//! every frame it was holding; the decoder's graph holds none and may be rebuilt at will,
//! while the encoder's (the palette) sees one stream of one kind and never is.
//!
//! Both run in their own process groups and are supervised as one: a signal or either's
//! failure stops both. The decoder's failure is the one reported when both fail, as it is
//! the cause (the encoder then sees a stream cut short).

use std::process::{Child, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
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

/// Runs `decoder | encoder` to completion. The decoder is fed `decoder.stdin_files`; the
/// progress and the frame count are the encoder's.
pub fn run(decoder: &Job<'_>, encoder: &Job<'_>) -> Result<Finished> {
    signals::check()?;
    let mut first = job::spawn(decoder, Stdio::piped())?;
    let raw = first.stdout.take().expect("stdout is piped");
    let mut second = match job::spawn(encoder, Stdio::from(raw)) {
        Ok(child) => child,
        Err(error) => {
            stop(&mut first);
            return Err(error);
        }
    };
    let result = supervise(decoder, encoder, &mut first, &mut second);
    stop(&mut first);
    stop(&mut second);
    result
}

/// Nothing of a run may outlive it.
fn stop(child: &mut Child) {
    kill_group(child);
    let _ = child.wait();
}

fn supervise(
    decoder: &Job<'_>,
    encoder: &Job<'_>,
    first: &mut Child,
    second: &mut Child,
) -> Result<Finished> {
    let stdin = first.stdin.take().expect("stdin is piped");
    let first_stderr = first.stderr.take().expect("stderr is piped");
    let stdout = second.stdout.take().expect("stdout is piped");
    let second_stderr = second.stderr.take().expect("stderr is piped");
    let bar = progress_bar::bar(encoder.total_frames, encoder.show_progress);
    let mut finished = Finished::default();
    let files = decoder.stdin_files.unwrap_or(&[]);

    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let feeder = scope.spawn(move || job::feed(stdin, files, decoder.framing));
        let progress_reader = scope.spawn(move || job::read_progress(stdout, sender));
        let first_tail = scope.spawn(move || keep_tail(first_stderr));
        let second_tail = scope.spawn(move || keep_tail(second_stderr));

        let mut statuses = [None, None];
        let outcome = loop {
            if let Some(code) = signals::received() {
                kill_group(first);
                kill_group(second);
                break Err(signals::interrupted(code));
            }
            for (status, child) in statuses.iter_mut().zip([&mut *first, &mut *second]) {
                if status.is_none() {
                    match try_finish(child) {
                        Ok(found) => *status = found,
                        Err(e) => {
                            return Err(anyhow::Error::new(e).context("cannot wait for ffmpeg"))
                        }
                    }
                }
            }
            match statuses {
                [Some(a), Some(b)] => break Ok((a, b)),
                // One failed: the other cannot finish right; stop it.
                [Some(a), None] if !a.success() => kill_group(second),
                [None, Some(b)] if !b.success() => kill_group(first),
                _ => {}
            }
            match receiver.recv_timeout(POLL) {
                Ok(Event::Progress(update)) => job::note(&mut finished, &bar, encoder, update),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => thread::sleep(Duration::from_millis(5)),
            }
        };
        kill_group(first);
        kill_group(second);
        let _ = progress_reader.join();
        for Event::Progress(update) in receiver.try_iter() {
            job::note(&mut finished, &bar, encoder, update);
        }
        bar.finish_and_clear();
        let first_tail = first_tail.join().unwrap_or_default();
        let second_tail = second_tail.join().unwrap_or_default();
        let fed = feeder.join().unwrap_or(Ok(0));
        let (first_status, second_status) = outcome?;
        if let Err(FeedError::Frame(path, error)) = &fed {
            return Err(
                Failure::failed(format!("cannot read frame {}: {error}", shown(path)))
                    .nothing_written()
                    .into(),
            );
        }
        let frames_fed = match fed {
            Ok(count) | Err(FeedError::Pipe(count)) => count,
            Err(FeedError::Frame(..)) => 0,
        };
        if !first_status.success() {
            return Err(FfmpegFailed::new(first_status, first_tail, frames_fed).into());
        }
        if !second_status.success() {
            return Err(FfmpegFailed::new(second_status, second_tail, frames_fed).into());
        }
        finished.stderr_tail = [first_tail, second_tail].concat();
        Ok(finished)
    })
}
