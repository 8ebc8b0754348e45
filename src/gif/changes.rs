//! What changed since the last frame: the pixels a frame must write, and the rectangle that
//! holds them. The others become the transparent index over the frame before (disposal:
//! "do not dispose"), which LZW packs into runs of one code.
//!
//! A pixel is compared with the source colour it had when it was last written (not with the
//! palette colour shown for it), so that what a viewer sees never drifts: the colour shown
//! is the palette's colour for a source colour within `threshold` of today's, on every
//! channel. A slow fade is written again once it has moved `threshold` levels.

/// The part of a frame to write: its rectangle on the canvas, the rectangle's pixels (RGB),
/// and which of them must be written (`false`: left as the frame before shows it, or
/// transparent on a cleared canvas).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    /// The rectangle's pixels, row by row.
    pub pixels: Vec<[u8; 3]>,
    /// One a pixel of `pixels`: whether it is written.
    pub written: Vec<bool>,
    /// Cleared to transparent once shown (disposal "restore to background"): the next frame
    /// has transparent pixels where this one shows colour. Such a frame covers the canvas.
    pub clears: bool,
}

impl Change {
    /// Whether any pixel is written: a frame that changes nothing still counts (one
    /// transparent pixel), so that the GIF holds every frame.
    pub fn is_empty(&self) -> bool {
        self.width == 0 || self.height == 0
    }

    /// Whether every pixel of the rectangle is written.
    pub fn all_written(&self) -> bool {
        self.written.iter().all(|&w| w)
    }

    /// This change over the whole canvas, cleared once shown: what the frame before a
    /// frame with new holes must be, so that the whole canvas is transparent again.
    pub fn clearing(self, width: u32, height: u32) -> Change {
        let (w, h) = (width as usize, height as usize);
        let mut pixels = vec![[0, 0, 0]; w * h];
        let mut written = vec![false; w * h];
        let (left, top, cut) = (self.left as usize, self.top as usize, self.width as usize);
        for (row, (colours, marks)) in (self.pixels.chunks(cut.max(1)))
            .zip(self.written.chunks(cut.max(1)))
            .enumerate()
        {
            let at = (top + row) * w + left;
            pixels[at..at + colours.len()].copy_from_slice(colours);
            written[at..at + marks.len()].copy_from_slice(marks);
        }
        Change {
            left: 0,
            top: 0,
            width,
            height,
            pixels,
            written,
            clears: true,
        }
    }
}

/// The canvas as the frames so far left it: each pixel's source colour when it was last
/// written, or none where the canvas is transparent.
pub struct Changes {
    width: usize,
    height: usize,
    threshold: u8,
    shown: Vec<Option<[u8; 3]>>,
    started: bool,
}

impl Changes {
    /// A canvas of `width` x `height`, nothing shown yet. `threshold`: the largest
    /// difference on any channel that is not written again (0: every change is).
    pub fn new(width: u32, height: u32, threshold: u8) -> Changes {
        let (width, height) = (width as usize, height as usize);
        Changes {
            width,
            height,
            threshold,
            shown: vec![None; width * height],
            started: false,
        }
    }

    /// The change `frame` (RGB, or RGBA with `alpha`, the canvas's size) makes, and whether
    /// the canvas must be cleared before it (it has holes where the canvas shows colour:
    /// the frame before must clear, see `Change::clearing`).
    pub fn next(&mut self, frame: &[u8], alpha: bool) -> (Change, bool) {
        let (width, height) = (self.width, self.height);
        let channels = if alpha { 4 } else { 3 };
        debug_assert_eq!(frame.len(), width * height * channels);
        let pixels: Vec<[u8; 3]> = match alpha {
            true => frame.chunks_exact(4).map(matte).collect(),
            false => (frame.chunks_exact(3))
                .map(|p| [p[0], p[1], p[2]])
                .collect(),
        };
        // GIF's one bit: under half opaque is a hole.
        let opaque: Vec<bool> = match alpha {
            true => frame.chunks_exact(4).map(|p| p[3] >= 128).collect(),
            false => vec![true; pixels.len()],
        };
        let clears = (opaque.iter().zip(&self.shown)).any(|(&o, shown)| !o && shown.is_some());
        if clears {
            self.shown.fill(None);
        }
        // Drawn frames (plots, screenshots) are written exactly: their small changes are
        // anti-aliased edges, not noise.
        let threshold = match drawn(&pixels) {
            true => 0,
            false => self.threshold,
        };
        let differs =
            |a: &[u8; 3], b: &[u8; 3]| a.iter().zip(b).any(|(&x, &y)| x.abs_diff(y) > threshold);
        // The mask and its bounding rectangle in one pass.
        let mut mask = vec![false; pixels.len()];
        let (mut left, mut right, mut top, mut bottom) = (width, 0, height, 0);
        for y in 0..height {
            let row = y * width;
            let mut any = false;
            for x in 0..width {
                let at = row + x;
                let write = opaque[at]
                    && match &self.shown[at] {
                        Some(shown) => differs(&pixels[at], shown),
                        None => true,
                    };
                if write {
                    mask[at] = true;
                    self.shown[at] = Some(pixels[at]);
                    any = true;
                    left = left.min(x);
                    right = right.max(x + 1);
                }
            }
            if any {
                top = top.min(y);
                bottom = y + 1;
            }
        }
        // The first frame covers the canvas.
        if !self.started {
            self.started = true;
            (left, right, top, bottom) = (0, width, 0, height);
        }
        if right <= left || bottom <= top {
            let empty = Change {
                left: 0,
                top: 0,
                width: 0,
                height: 0,
                pixels: Vec::new(),
                written: Vec::new(),
                clears: false,
            };
            return (empty, clears);
        }
        let (w, h) = (right - left, bottom - top);
        let mut cut = Vec::with_capacity(w * h);
        let mut written = Vec::with_capacity(w * h);
        for y in top..bottom {
            let span = y * width + left..y * width + right;
            cut.extend_from_slice(&pixels[span.clone()]);
            written.extend_from_slice(&mask[span]);
        }
        let change = Change {
            left: left as u32,
            top: top as u32,
            width: w as u32,
            height: h as u32,
            pixels: cut,
            written,
            clears: false,
        };
        (change, clears)
    }
}

/// Whether a frame looks drawn rather than photographed: few distinct colours among a
/// sample of its pixels (a plot of 640x480 has a few hundred; a photo thousands).
fn drawn(pixels: &[[u8; 3]]) -> bool {
    let sample: Vec<&[u8; 3]> = pixels.iter().step_by(13).collect();
    let most = (sample.len() / 16).max(64);
    let mut seen = std::collections::HashSet::with_capacity(most + 1);
    for pixel in sample {
        if seen.insert(pixel) && seen.len() > most {
            return false;
        }
    }
    true
}

/// An RGBA pixel as GIF shows it when it is at least half opaque: blended by its alpha onto
/// white, as gifski's `--matte` (and `stitch::plan::filter_chain`'s GIF matte) make it, so
/// that anti-aliased text at alpha 130 is not left black. (Opaque pixels stay as they are.)
fn matte(rgba: &[u8]) -> [u8; 3] {
    // Most pixels of most frames are opaque: they skip the three divides (the blend would
    // give the same bytes), which were a quarter of the encoder's time on plots.
    if rgba[3] == 255 {
        return [rgba[0], rgba[1], rgba[2]];
    }
    let a = u32::from(rgba[3]);
    let blend = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
    [blend(rgba[0]), blend(rgba[1]), blend(rgba[2])]
}

#[cfg(test)]
mod tests {
    use super::Changes;

    fn frame(pixels: &[[u8; 3]]) -> Vec<u8> {
        pixels.iter().flatten().copied().collect()
    }

    #[test]
    fn opaque_pixels_keep_their_colour_and_others_are_blended_onto_white() {
        for c in 0..=255u8 {
            assert_eq!(super::matte(&[c, 255 - c, c / 2, 255]), [c, 255 - c, c / 2]);
            // What the blend gives at full alpha, so the shortcut changes no byte.
            let blended = ((u32::from(c) * 255 + 127) / 255) as u8;
            assert_eq!(blended, c);
        }
        assert_eq!(super::matte(&[0, 0, 0, 0]), [255, 255, 255]);
        assert_eq!(super::matte(&[0, 0, 0, 128]), [127, 127, 127]);
    }

    #[test]
    fn the_first_frame_is_written_whole() {
        let mut changes = Changes::new(2, 1, 0);
        let change = changes.next(&frame(&[[1, 2, 3], [4, 5, 6]]), false).0;
        assert_eq!(
            (change.left, change.top, change.width, change.height),
            (0, 0, 2, 1)
        );
        assert!(change.all_written());
    }

    #[test]
    fn later_frames_are_cut_to_what_changed() {
        let black = [0, 0, 0];
        let mut changes = Changes::new(3, 3, 0);
        changes.next(&frame(&[black; 9]), false);
        let mut next = [black; 9];
        next[4] = [9, 9, 9];
        next[8] = [9, 9, 9];
        let change = changes.next(&frame(&next), false).0;
        assert_eq!(
            (change.left, change.top, change.width, change.height),
            (1, 1, 2, 2)
        );
        assert_eq!(change.written, [true, false, false, true]);
        // Nothing changed: an empty change.
        assert!(changes.next(&frame(&next), false).0.is_empty());
    }

    #[test]
    fn small_changes_of_a_photo_wait_until_they_add_up() {
        // 64 x 64 of 4096 colours, its first pixel changing.
        let photo = |first: u8| -> Vec<u8> {
            let mut pixels: Vec<[u8; 3]> = (0..4096u32)
                .map(|i| [(i % 64 * 4) as u8, (i / 64 * 4) as u8, 7])
                .collect();
            pixels[0] = [first, 100, 100];
            frame(&pixels)
        };
        let mut changes = Changes::new(64, 64, 4);
        changes.next(&photo(100), false);
        assert!(changes.next(&photo(103), false).0.is_empty());
        assert!(changes.next(&photo(104), false).0.is_empty());
        // 5 levels from the colour written, though 1 from the frame before.
        assert!(!changes.next(&photo(105), false).0.is_empty());
        assert!(changes.next(&photo(108), false).0.is_empty());
    }

    #[test]
    fn a_drawing_is_written_at_every_change() {
        let mut changes = Changes::new(64, 64, 4);
        changes.next(&frame(&[[255, 255, 255]; 4096]), false);
        let mut next = [[255, 255, 255]; 4096];
        next[7] = [254, 255, 255];
        assert!(!changes.next(&frame(&next), false).0.is_empty());
    }

    #[test]
    fn new_holes_clear_the_canvas_and_old_ones_stay() {
        let mut changes = Changes::new(2, 1, 0);
        let (_, clears) = changes.next(&[9, 9, 9, 255, 0, 0, 0, 0], true);
        assert!(!clears);
        // A hole where the canvas shows colour: cleared, then the opaque pixel written.
        let (change, clears) = changes.next(&[0, 0, 0, 0, 7, 7, 7, 255], true);
        assert!(clears);
        assert_eq!((change.left, change.width), (1, 1));
        // The same hole again: nothing to clear, nothing changed.
        let (change, clears) = changes.next(&[0, 0, 0, 0, 7, 7, 7, 255], true);
        assert!(!clears && change.is_empty());
    }

    #[test]
    fn half_opaque_pixels_are_blended_onto_white() {
        let mut changes = Changes::new(2, 1, 0);
        let (change, _) = changes.next(&[0, 0, 0, 130, 10, 20, 30, 255], true);
        assert_eq!(change.pixels, [[125, 125, 125], [10, 20, 30]]);
        assert_eq!(change.written, [true, true]);
    }

    #[test]
    fn a_clearing_change_covers_the_canvas() {
        let mut changes = Changes::new(3, 2, 0);
        changes.next(&frame(&[[0, 0, 0]; 6]), false);
        let mut next = [[0, 0, 0]; 6];
        next[5] = [1, 1, 1];
        let (change, _) = changes.next(&frame(&next), false);
        let whole = change.clearing(3, 2);
        assert!(whole.clears);
        assert_eq!(whole.written, [false, false, false, false, false, true]);
        assert_eq!(whole.pixels[5], [1, 1, 1]);
    }
}
