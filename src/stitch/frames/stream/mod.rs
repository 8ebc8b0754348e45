//! Frames on standard input (`stitch --stdin-frames`): whole images back to back (PNG,
//! JPEG, PNM/PAM, told apart by their first bytes: `images`), or raw pixels of one size and
//! layout (`--raw`: `raw`), read on a thread of their own (`reader`) and kept as files in a
//! spool folder beside the output (`spool`), which the folder route then encodes.
//!
//! Why a spool and not a pipe straight into ffmpeg: a folder's guarantees need every frame
//! before the encode (the largest size for --pad, the alpha of any frame for compositing,
//! several encodes for --max-size, GIF's second pass for transparency, the frame count for
//! --hold-last and the check of the result); on disk they cost no memory, whatever the
//! stream's length, and the folder route stays the one way frames are encoded.

mod errors;
mod images;
mod png_file;
mod pnm;
pub mod raw;
mod reader;
mod source;
mod spool;

pub use errors::StreamError;
pub use spool::{spool, Spooled};

/// What a dry run says of the spool: where the frames were kept, and that they are gone.
pub fn dry_run_note(spooled: &Spooled) -> String {
    format!(
        "the {} frames read from standard input were kept in {} (beside the output, on its \
         filesystem) and are removed as this dry run ends; a real run encodes them from there",
        spooled.paths.len(),
        crate::term::shown::shown(spooled.folder.folder())
    )
}
