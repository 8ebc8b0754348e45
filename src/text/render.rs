//! Lays out one line of text in the embedded font and draws it, white on a translucent
//! dark box, at a size that follows the box's pixel height.

use ab_glyph::{point, Font, GlyphId, PxScale, ScaleFont};

use crate::text::font;
use crate::text::image::TextImage;

/// The box under the text: black, about 63% opaque, so white text reads on light and dark
/// frames alike.
pub const BOX_RGBA: [u8; 4] = [0, 0, 0, 160];

/// The smallest box drawn: below it no glyph is legible, but drawing still succeeds.
const MIN_HEIGHT: u32 = 6;

/// Drawn in place of a control character (a newline in a file name, say).
const REPLACEMENT: char = '\u{FFFD}';

const ELLIPSIS: char = '\u{2026}';

/// `text` on one line in a box `height_px` tall (at least 6), as wide as the text needs.
// The grid's panel titles use it; stitch's labels have a width limit (`render_within`).
#[allow(dead_code)]
pub fn render(text: &str, height_px: u32) -> TextImage {
    render_within(text, height_px, u32::MAX)
}

/// As [`render`], but at most `max_width` pixels wide: text that does not fit is cut and
/// ends with "…".
pub fn render_within(text: &str, height_px: u32, max_width: u32) -> TextImage {
    let height = height_px.max(MIN_HEIGHT);
    let metrics = Metrics::for_height(height);
    let font = font::embedded();
    let scaled = font.as_scaled(metrics.scale);

    let mut glyphs = lay_out(text.chars().map(drawable), &scaled);
    let room = (max_width.max(1) as f32) - 2.0 * metrics.pad_x as f32;
    if line_width(&glyphs) > room {
        glyphs = cut_to_fit(text, room, &scaled);
    }
    let text_width = line_width(&glyphs).ceil() as u32;
    let width = (text_width + 2 * metrics.pad_x).min(max_width.max(1));

    let mut image = TextImage {
        width,
        height,
        rgba: BOX_RGBA.repeat((width * height) as usize),
    };
    let baseline = metrics.pad_y as f32 + scaled.ascent();
    for placed in glyphs {
        let glyph = placed.id.with_scale_and_position(
            metrics.scale,
            point(metrics.pad_x as f32 + placed.x, baseline),
        );
        if let Some(outline) = scaled.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|x, y, coverage| {
                let px = bounds.min.x as i64 + i64::from(x);
                let py = bounds.min.y as i64 + i64::from(y);
                if px >= 0 && py >= 0 && (px as u32) < image.width && (py as u32) < image.height {
                    blend_white(&mut image, px as u32, py as u32, coverage);
                }
            });
        }
    }
    image
}

/// Sizes derived from the box height: the text fills the box but for a margin.
struct Metrics {
    scale: PxScale,
    pad_x: u32,
    pad_y: u32,
}

impl Metrics {
    fn for_height(height: u32) -> Metrics {
        let pad_y = ((height as f32 * 0.12).round() as u32).max(1);
        let pad_x = ((height as f32 * 0.25).round() as u32).max(2);
        Metrics {
            scale: PxScale::from((height - 2 * pad_y) as f32),
            pad_x,
            pad_y,
        }
    }
}

/// A glyph and where its origin sits on the line.
struct Placed {
    id: GlyphId,
    x: f32,
    advance: f32,
}

fn drawable(c: char) -> char {
    if c.is_control() {
        REPLACEMENT
    } else {
        c
    }
}

/// Glyph ids (0, the font's box, for characters it lacks) with kerning applied.
fn lay_out<F: Font>(chars: impl Iterator<Item = char>, font: &impl ScaleFont<F>) -> Vec<Placed> {
    let mut placed: Vec<Placed> = Vec::new();
    let mut caret = 0.0;
    for c in chars {
        let id = font.glyph_id(c);
        if let Some(previous) = placed.last() {
            caret += font.kern(previous.id, id);
        }
        let advance = font.h_advance(id);
        placed.push(Placed {
            id,
            x: caret,
            advance,
        });
        caret += advance;
    }
    placed
}

fn line_width(glyphs: &[Placed]) -> f32 {
    glyphs.last().map_or(0.0, |last| last.x + last.advance)
}

/// The longest start of `text` that fits in `room` with "…" after it.
fn cut_to_fit<F: Font>(text: &str, room: f32, font: &impl ScaleFont<F>) -> Vec<Placed> {
    let chars: Vec<char> = text.chars().map(drawable).collect();
    for keep in (0..chars.len()).rev() {
        let candidate = lay_out(chars[..keep].iter().copied().chain([ELLIPSIS]), font);
        if line_width(&candidate) <= room || keep == 0 {
            return candidate;
        }
    }
    lay_out([ELLIPSIS].into_iter(), font)
}

/// White at `coverage` over the pixel, straight alpha ("over" compositing).
fn blend_white(image: &mut TextImage, x: u32, y: u32, coverage: f32) {
    let at = ((y * image.width + x) * 4) as usize;
    let source_alpha = coverage.clamp(0.0, 1.0);
    let below_alpha = f32::from(image.rgba[at + 3]) / 255.0;
    let out_alpha = source_alpha + below_alpha * (1.0 - source_alpha);
    if out_alpha <= 0.0 {
        return;
    }
    for channel in 0..3 {
        let below = f32::from(image.rgba[at + channel]);
        let value = (255.0 * source_alpha + below * below_alpha * (1.0 - source_alpha)) / out_alpha;
        image.rgba[at + channel] = value.round().clamp(0.0, 255.0) as u8;
    }
    image.rgba[at + 3] = (out_alpha * 255.0).round() as u8;
}
