//! Frames' embedded ICC colour profiles (PNG `iCCP`, JPEG `APP2 ICC_PROFILE`). Frames of a
//! profile other than sRGB (Display P3 from phones, Adobe RGB from cameras, ProPhoto, any
//! RGB profile) are converted to sRGB before the output's own conversion (BT.709 for
//! video), so that they look as a colour-managed viewer shows them; sRGB-like profiles are
//! left alone, as untagged frames are; a profile framekit cannot use is named in a warning.
//!
//! Why a LUT: ffmpeg's `colorspace` filter knows P3 but not Adobe RGB or ProPhoto, and
//! `zscale` is not in every build. A 3D LUT sampled from the profile by moxcms (pure Rust)
//! and applied by `lut3d` works on every ffmpeg from 4.2 for any RGB profile, in every
//! route (one process, GIF's chain, parallel decoders) and every output.

mod cube;
mod decide;
pub mod embedded;
mod hint;
mod jpeg_app2;
mod judge;
mod lut_file;
mod png_iccp;
mod scan;

pub use decide::{profile_of_frames, Conversion};
pub use hint::may_carry_profile;
pub use lut_file::conversion_filters;
pub use lut_file::LutFile;
