//! Frames on standard input (`stitch --stdin-frames`): whole images back to back (PNG,
//! JPEG, PNM/PAM, told apart by their first bytes: `images`), or raw pixels of one size and
//! layout (`--raw`: `raw`), read on a thread of their own (`reader`).
//!
//! Two routes (`direct` chooses): straight into one ffmpeg as the frames arrive (`feeder`,
//! each checked against frame 1: `expected`), or, where a folder's guarantees need every
//! frame before the encode, the spool; on disk the spool costs no memory, whatever the
//! stream's length.

mod direct;
mod errors;
mod expected;
mod feeder;
mod images;
mod png_file;
mod pnm;
pub mod raw;
mod reader;
mod source;
mod spool;

pub use direct::{dry_run_note as direct_dry_run_note, open, DirectInput, DirectStream, Opened};
pub use errors::StreamError;
use spool::spool;
pub use spool::Spooled;

/// What a dry run says of the spool: where the frames were kept, and that they are gone.
pub fn dry_run_note(spooled: &Spooled) -> String {
    format!(
        "the {} frames read from standard input were kept in {} (beside the output, on its \
         filesystem) and are removed as this dry run ends; a real run encodes them from there",
        spooled.paths.len(),
        crate::term::shown::shown(spooled.folder.folder())
    )
}
