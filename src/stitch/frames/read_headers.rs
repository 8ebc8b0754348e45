//! Reading every frame's header, spread over the machine's cores.

use std::path::PathBuf;

use anyhow::Result;

use crate::header::{read_frame_header, Header};
use crate::signals;

/// Below this many frames, one thread reads every header.
const FRAMES_PER_THREAD: usize = 512;

/// A frame's header, or why it cannot be read.
type HeaderOrWhy = std::result::Result<Header, String>;

/// Reads every header, spread over the machine's cores: the work is system calls (open,
/// read, close), which run in parallel. Measured and dropped (100,000 tiny frames, tmpfs and
/// ext4, warm and cold): reading while the folder is still being listed, batches handed out
/// on demand, and io_uring (linked open/read/close) all gained nothing or lost; the kernel's
/// own cost per file is what remains.
pub fn read_headers(paths: &[PathBuf], regular: &[bool]) -> Result<Vec<HeaderOrWhy>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let threads = cores.min(paths.len().div_ceil(FRAMES_PER_THREAD)).max(1);
    let chunk = paths.len().div_ceil(threads).max(1);
    // Each thread fills its own stretch of the one list: no second copy of every header.
    let mut headers: Vec<HeaderOrWhy> = paths.iter().map(|_| Err(String::new())).collect();
    let read_chunk = |(slots, (paths, regular)): (&mut [HeaderOrWhy], (&[PathBuf], &[bool]))| {
        for (slot, (path, &regular)) in slots.iter_mut().zip(paths.iter().zip(regular)) {
            signals::check()?;
            *slot = read_frame_header(path, regular);
        }
        Ok::<_, anyhow::Error>(())
    };
    let chunks = headers
        .chunks_mut(chunk)
        .zip(paths.chunks(chunk).zip(regular.chunks(chunk)));
    if threads == 1 {
        chunks.map(read_chunk).try_for_each(|done| done)?;
        return Ok(headers);
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks.map(|c| scope.spawn(move || read_chunk(c))).collect();
        workers
            .into_iter()
            .try_for_each(|worker| worker.join().expect("a header reader panicked"))
    })?;
    Ok(headers)
}
