//! The one loop that waits for a set of running processes: it reaps each as it ends, stops
//! them all on a signal, when one fails, or when a sibling elsewhere raised the shared stop
//! flag, and meanwhile hands on what the progress reader read.

use std::process::{Child, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::ffmpeg::process_group::{kill_group, try_finish};
use crate::signals;

/// How often the loop looks at signals when nothing else happens.
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// How a process ended.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exit {
    pub status: ExitStatus,
    /// framekit killed it (a signal, a failed sibling) before it ended on its own: its
    /// status is not the cause of anything.
    pub stopped: bool,
}

/// Waits for every child. A signal stops them all and is the error; a failed child, or
/// `stop` raised by anyone, stops the others (and raises `stop` for everyone else). Each
/// message on `events` goes to `on_event` as it comes.
pub(crate) fn watch<T>(
    children: &mut [&mut Child],
    stop: &AtomicBool,
    events: Option<&Receiver<T>>,
    mut on_event: impl FnMut(T),
) -> Result<Vec<Exit>> {
    let mut exits: Vec<Option<Exit>> = vec![None; children.len()];
    let mut stopping = false;
    loop {
        if let Some(code) = signals::received() {
            stop.store(true, Ordering::SeqCst);
            stop_all(children);
            return Err(signals::interrupted(code));
        }
        // Reaped first: a process that ended by its own failure is that failure, even when
        // a sibling's stopped the run meanwhile.
        for (exit, child) in exits.iter_mut().zip(children.iter_mut()) {
            if exit.is_none() {
                let status = match try_finish(child).context("cannot wait for ffmpeg") {
                    Ok(status) => status,
                    Err(error) => {
                        stop.store(true, Ordering::SeqCst);
                        stop_all(children);
                        return Err(error);
                    }
                };
                if let Some(status) = status {
                    *exit = Some(Exit {
                        status,
                        stopped: stopping,
                    });
                }
            }
        }
        let failed = exits.iter().flatten().any(|exit| !exit.status.success());
        if exits.iter().all(Option::is_some) {
            if failed {
                // Whatever runs beside these (a relay's decoders) cannot finish right.
                stop.store(true, Ordering::SeqCst);
            }
            return Ok(exits.into_iter().flatten().collect());
        }
        if !stopping && (failed || stop.load(Ordering::SeqCst)) {
            // One failed, or something the run needs did: the others cannot finish right.
            stopping = true;
            stop.store(true, Ordering::SeqCst);
            for (exit, child) in exits.iter().zip(children.iter_mut()) {
                if exit.is_none() {
                    kill_group(child);
                }
            }
            continue;
        }
        match events.map(|events| events.recv_timeout(POLL)) {
            Some(Ok(event)) => on_event(event),
            Some(Err(RecvTimeoutError::Timeout)) => {}
            // The sender is gone: a process is exiting; the next look will see it.
            Some(Err(RecvTimeoutError::Disconnected)) => thread::sleep(Duration::from_millis(5)),
            None => thread::sleep(POLL),
        }
    }
}

/// Kills every child's process group and reaps it: nothing of a run may outlive it.
pub(crate) fn stop_all(children: &mut [&mut Child]) {
    for child in children.iter_mut() {
        kill_group(child);
        let _ = child.wait();
    }
}
