//! All-or-nothing output. `stitch` writes a temporary file beside the output and renames it
//! into place on success; `split` writes into a staging folder inside OUT_DIR and moves the
//! frames into place on success. On any failure or interrupt, what was made is removed and
//! what was there before is left as it was.

pub mod pending_file;
pub mod remove;
pub mod staging;
pub mod temp_name;
