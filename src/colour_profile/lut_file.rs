//! The `.cube` file ffmpeg's `lut3d` reads: written before ffmpeg starts, removed when the
//! run ends (success, failure or Ctrl-C alike, by Drop), and its path escaped for a filter.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::cube::SRGB_CURVE;
use super::Conversion;
use crate::ffmpeg::args::filter_path;

/// A written `.cube` file, removed on drop.
#[derive(Debug)]
pub struct LutFile(PathBuf);

impl LutFile {
    /// Writes the conversion's LUT where the plan expects it.
    pub fn write(conversion: &Conversion) -> Result<LutFile> {
        let path = &conversion.lut_path;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .with_context(|| format!("cannot write the colour table {}", path.display()))?;
        let written = LutFile(path.clone());
        file.write_all(conversion.lut.cube_text().as_bytes())
            .with_context(|| format!("cannot write the colour table {}", path.display()))?;
        Ok(written)
    }
}

impl Drop for LutFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The filters that convert frames in the `working` RGB format (`rgb24`, or with alpha
/// `rgba`/`bgra`) to sRGB: in 16 bits, the LUT to linear light, then sRGB's curve, then
/// back; and the frame's copy of the profile dropped, which ffmpeg's PNG encoder would
/// write into an APNG (a viewer would then convert the sRGB pixels a second time). The file's path has every character but letters, digits and `/._-` escaped twice,
/// for the filter's option parser and then the graph's (a Windows temporary folder holds
/// `:` and `\`).
pub fn conversion_filters(conversion: &Conversion, working: &str) -> String {
    let deep = match working {
        "rgb24" => "rgb48",
        _ => "rgba64",
    };
    format!(
        "format={deep},lut3d=file={}:interp=tetrahedral,\
         lutrgb=r={SRGB_CURVE}:g={SRGB_CURVE}:b={SRGB_CURVE},format={working},\
         sidedata=mode=delete:type=ICC_PROFILE",
        filter_path(&conversion.lut_path)
    )
}
