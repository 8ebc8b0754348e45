//! Text drawn by framekit itself: one line, white on a translucent dark box, in the font
//! framekit carries (DejaVu Sans), so that labels need no font, fontconfig or `drawtext`
//! from the machine or the ffmpeg build.
//!
//! The whole API: [`render`] (or [`render_within`] for a width limit) gives a [`TextImage`],
//! straight (not premultiplied) RGBA, which [`TextImage::to_png`] encodes for ffmpeg.
//! Characters the font lacks (CJK, emoji...) are drawn as the font's missing-glyph box,
//! never an error. Covered: Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic
//! letters (unshaped), IPA, arrows, box drawing, maths and most common symbols.

mod font;
mod image;
mod render;
#[cfg(test)]
mod tests;

pub use image::TextImage;
#[allow(unused_imports)]
pub use render::{render, render_within};
