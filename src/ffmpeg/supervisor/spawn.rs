//! Starting one ffmpeg process in its own process group, its pipes ready.

use std::process::{Child, Command, Stdio};

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::process_group::{adopt, own_process_group};
use crate::ffmpeg::supervisor::command::{FfmpegCommand, Stdin};
use crate::term::shown::shown;

/// Starts `command`, stdout and stderr piped; stdin piped when it is fed, else `stdin`
/// (the previous process's stdout in a chain) or nothing.
pub(super) fn spawn(command: &FfmpegCommand<'_>, stdin: Option<Stdio>) -> Result<Child> {
    let stdin = match (command.stdin, stdin) {
        (_, Some(previous)) => previous,
        (Stdin::Nothing, None) => Stdio::null(),
        (Stdin::Files(..) | Stdin::Decoded(_) | Stdin::Stream(_), None) => Stdio::piped(),
    };
    let mut process = Command::new(command.ffmpeg);
    process
        .args(&command.args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(folder) = command.working_dir {
        process.current_dir(folder);
    }
    own_process_group(&mut process);
    let child = start(&mut process).map_err(|e| {
        Failure::failed(format!(
            "cannot run ffmpeg ({}): {e}",
            shown(command.ffmpeg)
        ))
        .nothing_written()
    })?;
    adopt(&child);
    Ok(child)
}

/// Starts `process`. Under Wine, CreateProcess now and then answers "Internal error" (os
/// error 1359) for a program that starts fine the next moment (seen about once in a few
/// thousand starts, more often when several start at once): one more try then. Windows
/// itself does not answer so for a program it can run.
fn start(process: &mut Command) -> std::io::Result<Child> {
    const WINE_INTERNAL_ERROR: i32 = 1359;
    match process.spawn() {
        Err(e) if cfg!(windows) && e.raw_os_error() == Some(WINE_INTERNAL_ERROR) => {
            std::thread::sleep(std::time::Duration::from_millis(50));
            process.spawn()
        }
        started => started,
    }
}
