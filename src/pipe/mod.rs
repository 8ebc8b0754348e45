//! Pipes between framekit and ffmpeg, made cheaper on Linux: bigger (`size`) and crossed
//! without copying through framekit's memory (`splice`). Elsewhere each is a no-op or says
//! it cannot, and the caller copies.

pub mod size;
pub mod splice;
