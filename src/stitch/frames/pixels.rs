//! What the frames' pixels hold together, from their headers: what a lossless encode must
//! keep, and what ffmpeg will decode them to.

use crate::header::jpeg::Chroma;
use crate::header::png::{Layout, PngPixels};
use crate::header::Header;

/// What the frames' pixels hold together: what a lossless encode must keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PixelSummary {
    /// Colour, alpha, 16 bits: whatever any frame has.
    pub union: Layout,
    /// The first frame known to have alpha, and the first known to have 16 bits a channel.
    pub with_alpha: Option<usize>,
    pub deep: Option<usize>,
    /// What those two frames are, for messages that name what they hold.
    pub with_alpha_png: Option<PngPixels>,
    pub deep_png: Option<PngPixels>,
    /// JPEG frames' colour layout when they share one; None for PNG or a mix.
    pub jpeg_chroma: Option<Chroma>,
    /// When JPEG frames differ in layout: the first frame and the first that differs, each
    /// with its layout.
    pub jpeg_layouts_apart: Option<((usize, Chroma), (usize, Chroma))>,
    /// The first JPEG frame in colour (not gray), and the first whose layout no lossless
    /// output keeps (CMYK, YCCK, 4:1:1, ...), each with its layout.
    pub colour_jpeg: Option<(usize, Chroma)>,
    pub unkept_jpeg: Option<(usize, Chroma)>,
    /// The first PNG whose transparency ffmpeg's decoder does not read: gray below 8 bits
    /// with tRNS (measured on 5.1 and 4.2.2: it decodes as opaque gray).
    pub unread_transparency: Option<(usize, PngPixels)>,
}

impl PixelSummary {
    pub fn of(headers: &[std::result::Result<Header, String>]) -> PixelSummary {
        let mut summary = PixelSummary::default();
        let chromas = || {
            headers
                .iter()
                .enumerate()
                .filter_map(|(at, h)| Some((at, h.as_ref().ok()?.jpeg?)))
        };
        let mut all = chromas();
        if let Some((first_at, first)) = all.next() {
            match all.find(|(_, chroma)| *chroma != first) {
                Some(other) => summary.jpeg_layouts_apart = Some(((first_at, first), other)),
                None => summary.jpeg_chroma = Some(first),
            }
        }
        summary.colour_jpeg = chromas().find(|(_, chroma)| *chroma != Chroma::Gray);
        summary.unkept_jpeg = chromas()
            .find(|(_, chroma)| matches!(chroma, Chroma::Cmyk | Chroma::Ycck | Chroma::Other));
        let pngs = headers
            .iter()
            .enumerate()
            .filter_map(|(at, h)| Some((at, h.as_ref().ok()?.png?)));
        for (at, png) in pngs {
            // A frame whose transparency is unknown counts as transparent: the union format
            // (always given to FFV1) then keeps whatever it is.
            summary.union = summary.union.union(png.layout);
            if png.has_alpha() && summary.with_alpha.is_none() {
                summary.with_alpha = Some(at);
                summary.with_alpha_png = Some(png);
            }
            let (color_type, depth, transparency) = png.kind;
            if color_type == 0 && depth < 8 && transparency == Some(true) {
                summary.unread_transparency.get_or_insert((at, png));
            }
            if png.layout.deep && summary.deep.is_none() {
                summary.deep = Some(at);
                summary.deep_png = Some(png);
            }
        }
        summary
    }
}
