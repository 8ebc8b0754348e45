//! `framekit split`: a video into numbered frames.

use anyhow::Result;

use crate::cli::SplitArgs;
use crate::error::{bail, Failure};

/// Runs `framekit split`.
pub fn split(_args: SplitArgs) -> Result<()> {
    Err(bail(Failure::usage("split is not built yet")))
}
