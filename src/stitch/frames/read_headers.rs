//! Reading every frame's header, spread over the machine's cores.

use std::path::PathBuf;

use anyhow::Result;

use crate::header::{read_frame_header, Header};
use crate::signals;

/// Below this many frames, one thread reads every header.
const FRAMES_PER_THREAD: usize = 512;

/// Reads every header, spread over the machine's cores: the work is system calls (open,
/// read, close), which run in parallel. Measured and dropped (100,000 tiny frames, tmpfs and
/// ext4, warm and cold): reading while the folder is still being listed, batches handed out
/// on demand, and io_uring (linked open/read/close) all gained nothing or lost; the kernel's
/// own cost per file is what remains.
pub fn read_headers(
    paths: &[PathBuf],
    regular: &[bool],
) -> Result<Vec<std::result::Result<Header, String>>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let threads = cores.min(paths.len().div_ceil(FRAMES_PER_THREAD)).max(1);
    let chunk = paths.len().div_ceil(threads).max(1);
    let read_chunk = |(paths, regular): (&[PathBuf], &[bool])| {
        let mut headers = Vec::with_capacity(paths.len());
        for (path, &regular) in paths.iter().zip(regular) {
            signals::check()?;
            headers.push(read_frame_header(path, regular));
        }
        Ok::<_, anyhow::Error>(headers)
    };
    let chunks = paths.chunks(chunk).zip(regular.chunks(chunk));
    if threads == 1 {
        return chunks.map(read_chunk).next().unwrap_or(Ok(Vec::new()));
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks.map(|c| scope.spawn(move || read_chunk(c))).collect();
        let mut headers = Vec::with_capacity(paths.len());
        for worker in workers {
            headers.extend(worker.join().expect("a header reader panicked")?);
        }
        Ok(headers)
    })
}
