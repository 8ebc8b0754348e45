//! The choice itself, made as the frames come, one at a time, in the video's order: the
//! sharpest frame of each stretch (ties: the earlier), then, with `--dedupe`, only if it
//! differs enough from the last frame written. Pure: it holds at most three small gray
//! images (the stretch's best so far, the frame in hand, the last written), never more.

use std::ops::Range;

use super::measure::{mean_difference, Sharpness};

/// A frame chosen, with its sharpness when `--sharpest` measured it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chosen {
    /// Its index in ffprobe's list of the frames.
    pub frame: usize,
    pub sharpness: Option<f64>,
}

/// The choice, made one frame at a time.
pub struct Chooser {
    /// The stretches, ascending, not overlapping: from each, one frame (or none, when
    /// `--dedupe` skips it).
    stretches: Vec<Range<usize>>,
    sharpest: bool,
    dedupe: Option<f64>,
    width: usize,
    height: usize,
    /// Bits a sample (8 to 16), for `--dedupe`'s levels.
    depth: u32,
    /// The stretch the frames in hand belong to.
    current: usize,
    /// The best of the current stretch so far: its frame, sharpness and pixels.
    best: Option<(usize, Sharpness)>,
    best_pixels: Vec<u16>,
    last_written: Option<Vec<u16>>,
    pub chosen: Vec<Chosen>,
    pub skipped: u64,
}

impl Chooser {
    /// With `sharpest`, each stretch gives its sharpest frame; without, its first (a
    /// stretch of one frame). Images are `width` x `height` gray samples of `depth` bits.
    pub fn new(
        stretches: Vec<Range<usize>>,
        sharpest: bool,
        dedupe: Option<f64>,
        (width, height, depth): (usize, usize, u32),
    ) -> Chooser {
        Chooser {
            stretches,
            sharpest,
            dedupe,
            width,
            height,
            depth,
            current: 0,
            best: None,
            best_pixels: Vec::new(),
            last_written: None,
            chosen: Vec::new(),
            skipped: 0,
        }
    }

    /// The stretches of `--sharpest`: from each pick (ascending) to the next, the last to
    /// `end` (the range's end, exclusive). Without `--sharpest`, each pick alone.
    pub fn stretches(picks: &[usize], end: usize, sharpest: bool) -> Vec<Range<usize>> {
        let mut ends: Vec<usize> = match sharpest {
            true => picks.iter().skip(1).copied().collect(),
            false => picks.iter().map(|pick| pick + 1).collect(),
        };
        if sharpest {
            ends.push(end.max(picks.last().map_or(0, |last| last + 1)));
        }
        picks.iter().zip(ends).map(|(&from, to)| from..to).collect()
    }

    /// The first frame a frame chosen from now on can be (None: no stretch is left).
    pub fn later_from(&self) -> Option<usize> {
        self.stretches
            .get(self.current)
            .map(|stretch| stretch.start)
    }

    /// The frame after the one before (`frame`, its index in ffprobe's list), its pixels.
    pub fn take(&mut self, frame: usize, gray: &[u16]) {
        while self
            .stretches
            .get(self.current)
            .is_some_and(|stretch| frame >= stretch.end)
        {
            self.close_stretch();
        }
        let Some(stretch) = self.stretches.get(self.current) else {
            return;
        };
        if frame < stretch.start {
            return;
        }
        let sharpness = match self.sharpest {
            true => Sharpness::of(gray, self.width, self.height, self.depth),
            false => Sharpness::of(&[], 0, 0, self.depth),
        };
        if self.consider(frame, sharpness) {
            self.best_pixels.clear();
            self.best_pixels.extend_from_slice(gray);
        }
    }

    /// The frame after the one before, measured elsewhere: for `--sharpest` without
    /// `--dedupe`, which keeps no pixels.
    pub fn take_measured(&mut self, frame: usize, sharpness: Sharpness) {
        debug_assert!(self.dedupe.is_none(), "--dedupe needs the pixels");
        while self
            .stretches
            .get(self.current)
            .is_some_and(|stretch| frame >= stretch.end)
        {
            self.close_stretch();
        }
        if self
            .stretches
            .get(self.current)
            .is_some_and(|stretch| frame >= stretch.start)
        {
            self.consider(frame, sharpness);
        }
    }

    /// Keeps `frame` as the stretch's best if it is sharper than the best so far (ties:
    /// the earlier); says whether it did.
    fn consider(&mut self, frame: usize, sharpness: Sharpness) -> bool {
        let better = self
            .best
            .is_none_or(|(_, best)| sharpness.sharper_than(best));
        if better {
            self.best = Some((frame, sharpness));
        }
        better
    }

    /// Closes the last stretch; returns the choice.
    pub fn finish(mut self) -> (Vec<Chosen>, u64) {
        while self.current < self.stretches.len() {
            self.close_stretch();
        }
        (self.chosen, self.skipped)
    }

    fn close_stretch(&mut self) {
        self.current += 1;
        let Some((frame, sharpness)) = self.best.take() else {
            return;
        };
        if let (Some(threshold), Some(last)) = (self.dedupe, &self.last_written) {
            if mean_difference(&self.best_pixels, last, self.depth) <= threshold {
                self.skipped += 1;
                return;
            }
        }
        self.chosen.push(Chosen {
            frame,
            sharpness: self.sharpest.then(|| sharpness.value()),
        });
        if self.dedupe.is_some() {
            let last = self.last_written.get_or_insert_with(Vec::new);
            std::mem::swap(last, &mut self.best_pixels);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4x4 image: flat at `level`, or with a bright dot in the middle when `sharp`.
    fn image(level: u16, sharp: bool) -> Vec<u16> {
        let mut pixels = vec![level; 16];
        if sharp {
            pixels[5] = 255;
        }
        pixels
    }

    fn run(chooser: Chooser, frames: &[(usize, Vec<u16>)]) -> (Vec<Chosen>, u64) {
        let mut chooser = chooser;
        for (frame, pixels) in frames {
            chooser.take(*frame, pixels);
        }
        chooser.finish()
    }

    #[test]
    fn stretches_run_from_pick_to_pick() {
        assert_eq!(
            Chooser::stretches(&[0, 5, 10], 12, true),
            [0..5, 5..10, 10..12]
        );
        assert_eq!(
            Chooser::stretches(&[0, 5, 10], 12, false),
            [0..1, 5..6, 10..11]
        );
        // A last pick at the range's end still makes a stretch of itself.
        let last = Chooser::stretches(&[3], 3, true);
        assert_eq!((last.len(), last[0].clone()), (1, 3..4));
    }

    #[test]
    fn each_stretch_gives_its_sharpest_frame_ties_the_earlier() {
        let stretches = Chooser::stretches(&[0, 3], 6, true);
        let frames: Vec<(usize, Vec<u16>)> = (0..6)
            .map(|frame| (frame, image(10, frame == 2 || frame == 4 || frame == 5)))
            .collect();
        let (chosen, skipped) = run(Chooser::new(stretches, true, None, (4, 4, 8)), &frames);
        let picked: Vec<usize> = chosen.iter().map(|c| c.frame).collect();
        assert_eq!(picked, [2, 4]);
        assert!(chosen.iter().all(|c| c.sharpness.unwrap() > 0.0));
        assert_eq!(skipped, 0);
        // All flat: every frame ties, the first of each stretch wins.
        let flat: Vec<(usize, Vec<u16>)> = (0..6).map(|frame| (frame, image(10, false))).collect();
        let stretches = Chooser::stretches(&[0, 3], 6, true);
        let (chosen, _) = run(Chooser::new(stretches, true, None, (4, 4, 8)), &flat);
        assert_eq!(chosen.iter().map(|c| c.frame).collect::<Vec<_>>(), [0, 3]);
    }

    #[test]
    fn frames_measured_elsewhere_give_the_same_choice() {
        let frames: Vec<(usize, Vec<u16>)> = (0..9)
            .map(|frame| (frame, image(10 + frame as u16, frame % 4 == 1)))
            .collect();
        let stretches = Chooser::stretches(&[0, 3, 6], 9, true);
        let (taken, _) = run(
            Chooser::new(stretches.clone(), true, None, (4, 4, 8)),
            &frames,
        );
        let mut measured = Chooser::new(stretches, true, None, (4, 4, 8));
        for (frame, pixels) in &frames {
            measured.take_measured(*frame, Sharpness::of(pixels, 4, 4, 8));
        }
        let (measured, _) = measured.finish();
        assert_eq!(taken, measured);
        assert_eq!(taken.iter().map(|c| c.frame).collect::<Vec<_>>(), [1, 5, 6]);
    }

    #[test]
    fn dedupe_skips_frames_close_to_the_last_written() {
        let levels = [10u16, 11, 11, 40, 41, 10];
        let frames: Vec<(usize, Vec<u16>)> = (0..6).map(|f| (f, image(levels[f], false))).collect();
        let stretches = Chooser::stretches(&[0, 1, 2, 3, 4, 5], 6, false);
        let (chosen, skipped) = run(
            Chooser::new(stretches, false, Some(2.0), (4, 4, 8)),
            &frames,
        );
        assert_eq!(
            chosen.iter().map(|c| c.frame).collect::<Vec<_>>(),
            [0, 3, 5]
        );
        assert_eq!(skipped, 3);
        assert!(chosen.iter().all(|c| c.sharpness.is_none()));
        // Frames outside every stretch are passed over.
        let stretches = Chooser::stretches(&[1, 4], 6, false);
        let (chosen, skipped) = run(
            Chooser::new(stretches, false, Some(0.0), (4, 4, 8)),
            &frames,
        );
        assert_eq!(chosen.iter().map(|c| c.frame).collect::<Vec<_>>(), [1, 4]);
        assert_eq!(skipped, 0);
    }
}
