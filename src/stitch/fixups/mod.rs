//! Byte patches on a file ffmpeg has finished writing, each working around what some ffmpeg
//! writes wrongly, in place, before the file is verified and moved into place: GIF frames'
//! disposals (`gif_disposal`), the duration of a Matroska or WebM video (`matroska_duration`),
//! of an MP4 or MOV's last frame (`mp4_duration`) and of an animated WebP's (`webp_duration`).
//! Each file's first lines say which ffmpeg versions and which bug.

pub mod gif_disposal;
pub mod matroska_duration;
pub mod mp4_duration;
pub mod webp_duration;
