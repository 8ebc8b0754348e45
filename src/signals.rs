//! SIGINT and SIGTERM (on Windows: Ctrl-C and Ctrl-Break) become a flag that every stage
//! checks, so that framekit can stop ffmpeg, remove what it wrote, and exit 130 or 143.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::OnceLock;

use crate::error::{exit, Failure, Kind};

static RECEIVED: OnceLock<Arc<AtomicUsize>> = OnceLock::new();

/// Installs the handlers. Call once, before any work.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    let flag = RECEIVED.get_or_init(|| Arc::new(AtomicUsize::new(0)));
    for (signal, code) in [
        (signal_hook::consts::SIGINT, exit::SIGINT),
        (signal_hook::consts::SIGTERM, exit::SIGTERM),
    ] {
        signal_hook::flag::register_usize(signal, Arc::clone(flag), code as usize)?;
    }
    ignore_file_size_limit();
    Ok(())
}

/// Installs the console's control handler (Ctrl-C, Ctrl-Break), Windows' own mechanism:
/// it runs on a thread of its own and sets the flag, as a SIGINT does on Unix (exit 130).
/// ffmpeg runs in a process group of its own, so it ignores the same Ctrl-C and framekit
/// alone stops it.
#[cfg(windows)]
pub fn install() -> std::io::Result<()> {
    let flag = Arc::clone(RECEIVED.get_or_init(|| Arc::new(AtomicUsize::new(0))));
    ctrlc::set_handler(move || flag.store(exit::SIGINT as usize, Ordering::SeqCst))
        .map_err(std::io::Error::other)?;
    crate::ffmpeg::process_group::die_with_framekit();
    Ok(())
}

/// The exit code a received signal asks for (130 or 143), if one arrived.
pub fn received() -> Option<i32> {
    let code = RECEIVED.get()?.load(Ordering::SeqCst);
    (code != 0).then_some(code as i32)
}

/// Fails with the interrupt when a signal has arrived.
pub fn check() -> anyhow::Result<()> {
    match received() {
        Some(code) => Err(interrupted(code)),
        None => Ok(()),
    }
}

/// The error for "stopped by a signal", exiting with `code`.
pub fn interrupted(code: i32) -> anyhow::Error {
    anyhow::Error::new(Failure::new(Kind::Interrupted(code), "interrupted"))
}

/// Past a file size limit (`ulimit -f`) a write should fail with an error framekit can
/// report and clean up after, not kill the process outright. ffmpeg inherits this too.
#[cfg(unix)]
fn ignore_file_size_limit() {
    // SAFETY: setting a signal's disposition to "ignore" runs no code in the handler.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
