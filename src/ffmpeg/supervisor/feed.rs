//! Writing frame files to a process's stdin, one after another: of each, its one image
//! (`header::one_image`), so that each file is one frame whatever trails it.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ChildStdin;

use crate::ffmpeg::matroska::Framing;
use crate::header::one_image::one_image;
use crate::signals;

/// Why feeding stopped before the last file.
#[derive(Debug)]
pub(super) enum FeedError {
    /// A frame could not be read.
    Frame(PathBuf, io::Error),
    /// ffmpeg stopped reading after this many frames (it failed or was stopped).
    Pipe(usize),
}

impl FeedError {
    /// How many files had been written whole.
    pub(super) fn fed(&self) -> usize {
        match self {
            FeedError::Frame(..) => 0,
            FeedError::Pipe(count) => *count,
        }
    }
}

/// Writes the files to ffmpeg's stdin, one after another; returns how many were written.
pub(super) fn feed(
    mut stdin: ChildStdin,
    files: &[PathBuf],
    framing: Option<&Framing>,
) -> Result<usize, FeedError> {
    let pipe_error = |done: usize| move |_: io::Error| FeedError::Pipe(done);
    if let Some(framing) = framing {
        stdin.write_all(framing.header()).map_err(pipe_error(0))?;
    }
    for (done, path) in files.iter().enumerate() {
        if signals::received().is_some() {
            return Err(FeedError::Pipe(done));
        }
        let file = File::open(path).map_err(|e| FeedError::Frame(path.clone(), e))?;
        let size = file
            .metadata()
            .map_err(|e| FeedError::Frame(path.clone(), e))?
            .len();
        // Exactly the size seen: a frame that grows meanwhile must not spill over.
        let mut bytes = Vec::with_capacity(size as usize);
        match file.take(size).read_to_end(&mut bytes) {
            Ok(read) if read as u64 == size => {}
            Ok(_) => {
                let shrunk = io::Error::new(io::ErrorKind::UnexpectedEof, "it changed while read");
                return Err(FeedError::Frame(path.clone(), shrunk));
            }
            Err(error) => return Err(FeedError::Frame(path.clone(), error)),
        }
        let image = one_image(&bytes);
        let fed = image.fed(&bytes);
        if let Some(framing) = framing {
            stdin
                .write_all(&framing.prefix(done, fed.len() as u64))
                .map_err(pipe_error(done))?;
        }
        stdin.write_all(fed).map_err(pipe_error(done))?;
        if let Some(framing) = framing {
            stdin
                .write_all(&framing.suffix(done))
                .map_err(pipe_error(done + 1))?;
        }
    }
    // Closing stdin tells ffmpeg the last frame has come.
    stdin.flush().map_err(|_| FeedError::Pipe(files.len()))?;
    Ok(files.len())
}
