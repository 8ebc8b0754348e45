//! What the frames' pixels hold together, from their headers: what a lossless encode must
//! keep, and what ffmpeg will decode them to.

use crate::header::jpeg::Chroma;
use crate::header::png::Layout;
use crate::header::Header;

/// What the frames' pixels hold together: what a lossless encode must keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PixelSummary {
    /// Colour, alpha, 16 bits: whatever any frame has.
    pub union: Layout,
    /// The frames decode to more than one pixel format.
    pub mixed: bool,
    /// The first frame known to have alpha, and the first known to have 16 bits a channel.
    pub with_alpha: Option<usize>,
    pub deep: Option<usize>,
    /// JPEG frames' colour layout when they share one; None for PNG or a mix.
    pub jpeg_chroma: Option<Chroma>,
    /// When JPEG frames differ in layout: the first frame and the first that differs, each
    /// with its layout.
    pub jpeg_layouts_apart: Option<((usize, Chroma), (usize, Chroma))>,
}

impl PixelSummary {
    pub fn of(headers: &[std::result::Result<Header, String>]) -> PixelSummary {
        let mut summary = PixelSummary::default();
        let mut chromas = headers
            .iter()
            .enumerate()
            .filter_map(|(at, h)| Some((at, h.as_ref().ok()?.jpeg?)));
        if let Some((first_at, first)) = chromas.next() {
            match chromas.find(|(_, chroma)| *chroma != first) {
                Some(other) => summary.jpeg_layouts_apart = Some(((first_at, first), other)),
                None => summary.jpeg_chroma = Some(first),
            }
        }
        let pngs = headers
            .iter()
            .enumerate()
            .filter_map(|(at, h)| Some((at, h.as_ref().ok()?.png?)));
        let mut first_kind = None;
        for (at, png) in pngs {
            summary.union = summary.union.union(png.layout);
            // A frame whose transparency is unknown may decode to another format than its
            // neighbours: the union format then keeps whatever it is.
            summary.mixed |= *first_kind.get_or_insert(png.kind) != png.kind || !png.certain();
            if png.has_alpha() && summary.with_alpha.is_none() {
                summary.with_alpha = Some(at);
            }
            if png.layout.deep && summary.deep.is_none() {
                summary.deep = Some(at);
            }
        }
        summary
    }
}
