//! The frames of standard input kept as files, one a frame, in a hidden folder beside the
//! output (on its filesystem, removed when the run ends however it ends): the stream is
//! then encoded as a folder of those files, so every guarantee of a folder holds for it.
//! Each frame is checked as it arrives (kind, size), so that a wrong one stops the run
//! at once, naming its place in the stream.

use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use anyhow::Result;

use super::images::ImageKind;
use super::png_file::{self, PngLayout};
use super::raw::RawFormat;
use super::reader::{Content, Incoming, Received};
use super::StreamError;
use crate::error::Failure;
use crate::header::from_bytes::header_of_image;
use crate::output::staging::StagingFolder;
use crate::signals;
use crate::term::shown::shown;

/// How often a silent producer is interrupted to look for a signal.
pub(super) const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// The spooled frames, in order; the folder goes when this does.
#[derive(Debug)]
pub struct Spooled {
    pub paths: Vec<PathBuf>,
    pub folder: StagingFolder,
}

/// What the first frame set, that every later one is held to.
struct First {
    jpeg: bool,
    kind: &'static str,
    size: (u32, u32),
}

/// Reads every frame of standard input into a spool folder beside `output`. Frames must
/// share the first one's size unless `mixed_sizes`. The bar counts frames received.
pub fn spool(
    mut frames: Incoming,
    raw: Option<RawFormat>,
    output: &Path,
    mixed_sizes: bool,
    show: bool,
) -> Result<Spooled> {
    let folder = StagingFolder::beside(output)?;
    let bar = crate::term::progress_report::ProgressReport::new(None, show);
    let mut paths = Vec::new();
    let mut first: Option<First> = None;
    loop {
        let received = match frames.next(SIGNAL_CHECK) {
            Ok(received) => received.map_err(|e| e.0)?,
            Err(RecvTimeoutError::Timeout) => {
                signals::check()?;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        signals::check()?;
        let index = received.index;
        let (file, extension) =
            checked_file(received, raw, &mut first, mixed_sizes).map_err(|e| e.0)?;
        let path = folder
            .folder()
            .join(format!("{:09}.{extension}", index + 1));
        std::fs::write(&path, file).map_err(|e| {
            Failure::failed(format!(
                "cannot keep frame {} in {}: {e}",
                index + 1,
                shown(folder.folder())
            ))
            .nothing_written()
        })?;
        paths.push(path);
        bar.inc(1);
    }
    bar.finish_and_clear();
    signals::check()?;
    if paths.is_empty() {
        return Err(StreamError::empty().0.into());
    }
    Ok(Spooled { paths, folder })
}

/// The file a frame is kept as, and its extension, once it is checked against the first.
fn checked_file(
    received: Received,
    raw: Option<RawFormat>,
    first: &mut Option<First>,
    mixed_sizes: bool,
) -> Result<(Vec<u8>, &'static str), StreamError> {
    let Received {
        index,
        offset,
        content,
    } = received;
    let (file, extension, size, kind) = match (content, raw) {
        (Content::Raw(mut pixels), Some(format)) => {
            format.pixels.to_png_order(&mut pixels);
            let layout = PngLayout {
                width: format.width,
                height: format.height,
                channels: format.pixels.channels(),
                depth_bytes: format.pixels.depth_bytes(),
            };
            (
                png_file::encode(layout, &pixels),
                "png",
                (format.width, format.height),
                "raw",
            )
        }
        (Content::Image(image), _) => match image.kind {
            ImageKind::Pnm(pnm) => {
                let size = (pnm.layout.width, pnm.layout.height);
                (
                    png_file::encode(pnm.layout, &image.bytes),
                    "png",
                    size,
                    "PNM",
                )
            }
            kind => {
                let header = header_of_image(&image.bytes)
                    .map_err(|why| StreamError::not_taken(index, offset, why))?;
                let extension = if kind == ImageKind::Jpeg {
                    "jpg"
                } else {
                    "png"
                };
                (
                    image.bytes,
                    extension,
                    (header.width, header.height),
                    kind.name(),
                )
            }
        },
        (Content::Raw(_), None) => unreachable!("raw frames come only with --raw"),
    };
    let jpeg = extension == "jpg";
    let Some(first) = first else {
        *first = Some(First { jpeg, kind, size });
        return Ok((file, extension));
    };
    // PNM frames become PNGs, and may share a stream with PNGs; JPEGs are kept as they are.
    if jpeg != first.jpeg {
        return Err(StreamError::other_kind(index, offset, kind, first.kind));
    }
    if size != first.size && !mixed_sizes {
        return Err(StreamError::other_size(index, offset, size, first.size));
    }
    Ok((file, extension))
}
