//! What changed since the last frame: the pixels a frame must write, and the rectangle that
//! holds them. The others become the transparent index over the frame before (disposal:
//! "do not dispose"), which LZW packs into runs of one code.
//!
//! A pixel is compared with the source colour it had when it was last written (not with the
//! palette colour shown for it), so that what a viewer sees never drifts: the colour shown
//! is the palette's colour for a source colour within `threshold` of today's, on every
//! channel. A slow fade is written again once it has moved `threshold` levels.

/// The part of a frame to write: its rectangle on the canvas, the rectangle's pixels (RGB),
/// and which of them must be written (`false`: left as the frame before shows it).
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
}

/// The canvas as the frames so far left it: the source colour each pixel was last written
/// with.
pub struct Changes {
    width: usize,
    height: usize,
    threshold: u8,
    reference: Option<Vec<[u8; 3]>>,
}

impl Changes {
    /// A canvas of `width` x `height`, nothing shown yet. `threshold`: the largest
    /// difference on any channel that is not written again (0: every change is).
    pub fn new(width: u32, height: u32, threshold: u8) -> Changes {
        Changes {
            width: width as usize,
            height: height as usize,
            threshold,
            reference: None,
        }
    }

    /// The change `frame` (RGB, the canvas's size) makes, and the canvas after it.
    pub fn next(&mut self, frame: &[u8]) -> Change {
        let (width, height) = (self.width, self.height);
        debug_assert_eq!(frame.len(), width * height * 3);
        let pixels = as_pixels(frame);
        let pixels = pixels.as_slice();
        let Some(reference) = &mut self.reference else {
            self.reference = Some(pixels.to_vec());
            return Change {
                left: 0,
                top: 0,
                width: width as u32,
                height: height as u32,
                pixels: pixels.to_vec(),
                written: vec![true; pixels.len()],
            };
        };
        let threshold = self.threshold;
        let differs = |a: &[u8; 3], b: &[u8; 3]| {
            a.iter()
                .zip(b)
                .any(|(&x, &y)| x.abs_diff(y) > threshold)
        };
        // The mask and its bounding rectangle in one pass.
        let mut mask = vec![false; pixels.len()];
        let (mut left, mut right, mut top, mut bottom) = (width, 0, height, 0);
        for y in 0..height {
            let row = y * width;
            let mut any = false;
            for x in 0..width {
                let at = row + x;
                if differs(&pixels[at], &reference[at]) {
                    mask[at] = true;
                    reference[at] = pixels[at];
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
        if right <= left || bottom <= top {
            return Change {
                left: 0,
                top: 0,
                width: 0,
                height: 0,
                pixels: Vec::new(),
                written: Vec::new(),
            };
        }
        let (w, h) = (right - left, bottom - top);
        let mut cut = Vec::with_capacity(w * h);
        let mut written = Vec::with_capacity(w * h);
        for y in top..bottom {
            let span = y * width + left..y * width + right;
            cut.extend_from_slice(&pixels[span.clone()]);
            written.extend_from_slice(&mask[span]);
        }
        Change {
            left: left as u32,
            top: top as u32,
            width: w as u32,
            height: h as u32,
            pixels: cut,
            written,
        }
    }
}

/// RGB bytes as pixels.
pub(super) fn as_pixels(bytes: &[u8]) -> Vec<[u8; 3]> {
    (bytes.chunks_exact(3))
        .map(|rgb| [rgb[0], rgb[1], rgb[2]])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Changes;

    fn frame(pixels: &[[u8; 3]]) -> Vec<u8> {
        pixels.iter().flatten().copied().collect()
    }

    #[test]
    fn the_first_frame_is_written_whole() {
        let mut changes = Changes::new(2, 1, 0);
        let change = changes.next(&frame(&[[1, 2, 3], [4, 5, 6]]));
        assert_eq!((change.left, change.top, change.width, change.height), (0, 0, 2, 1));
        assert!(change.all_written());
    }

    #[test]
    fn later_frames_are_cut_to_what_changed() {
        let black = [0, 0, 0];
        let mut changes = Changes::new(3, 3, 0);
        changes.next(&frame(&[black; 9]));
        let mut next = [black; 9];
        next[4] = [9, 9, 9];
        next[8] = [9, 9, 9];
        let change = changes.next(&frame(&next));
        assert_eq!((change.left, change.top, change.width, change.height), (1, 1, 2, 2));
        assert_eq!(change.written, [true, false, false, true]);
        // Nothing changed: an empty change.
        assert!(changes.next(&frame(&next)).is_empty());
    }

    #[test]
    fn small_changes_wait_until_they_add_up() {
        let mut changes = Changes::new(1, 1, 4);
        changes.next(&frame(&[[100, 100, 100]]));
        assert!(changes.next(&frame(&[[103, 100, 100]])).is_empty());
        assert!(changes.next(&frame(&[[104, 100, 100]])).is_empty());
        // 5 levels from the colour written, though 1 from the frame before.
        assert!(!changes.next(&frame(&[[105, 100, 100]])).is_empty());
        assert!(changes.next(&frame(&[[108, 100, 100]])).is_empty());
    }
}
