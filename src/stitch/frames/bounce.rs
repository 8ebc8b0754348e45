//! `--bounce`: the frames forward, then backward, the turning frames shown once. The
//! backward pass is the frame list itself reversed (no `reverse` filter, which would hold
//! every decoded frame in memory), so every route, the frame count's check and the frames'
//! own times (`--durations`) see the bounced list.

use super::Frames;

/// Where the way back ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BounceEnd {
    /// Frame 2 (`1 2 3 4 3 2`): an animation that loops shows frame 1 next, so the
    /// turn at the start is not shown twice either.
    BeforeFirst,
    /// Frame 1 (`1 2 3 4 3 2 1`): a video, an animation that plays once, or a held
    /// ending (`--hold-last` holds frame 1, where the bounce started).
    OnFirst,
}

impl BounceEnd {
    /// The end for an output that `loops` (an animation playing more than once) and an
    /// ending that is `held` (`--hold-last`).
    pub fn choose(loops: bool, held: bool) -> BounceEnd {
        match loops && !held {
            true => BounceEnd::BeforeFirst,
            false => BounceEnd::OnFirst,
        }
    }
}

/// The order of `count` frames bounced: indices forward, then back to frame 2 or frame 1.
pub fn order(count: usize, end: BounceEnd) -> Vec<usize> {
    let stop = match end {
        BounceEnd::BeforeFirst => 1,
        BounceEnd::OnFirst => 0,
    };
    // One frame has no way back; two frames looping are 1 2 already.
    let back = (stop..count.saturating_sub(1)).rev();
    (0..count).chain(back).collect()
}

/// `frames` bounced: each per-frame fact follows its frame (indices that name "the first
/// frame such that" keep meaning it, as the forward pass comes first).
pub fn bounced(frames: Frames, end: BounceEnd) -> Frames {
    let order = order(frames.paths.len(), end);
    Frames {
        paths: picked(&frames.paths, &order),
        orientations: picked(&frames.orientations, &order),
        may_carry_profile: picked(&frames.may_carry_profile, &order),
        ..frames
    }
}

/// `values` in `order` (an index past the end is left out: a fact not kept per frame).
fn picked<T: Clone>(values: &[T], order: &[usize]) -> Vec<T> {
    order
        .iter()
        .filter_map(|&i| values.get(i).cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_turns_without_showing_either_end_twice() {
        assert_eq!(order(4, BounceEnd::BeforeFirst), [0, 1, 2, 3, 2, 1]);
        assert_eq!(order(2, BounceEnd::BeforeFirst), [0, 1]);
        assert_eq!(order(1, BounceEnd::BeforeFirst), [0]);
        assert_eq!(order(0, BounceEnd::BeforeFirst), Vec::<usize>::new());
    }

    #[test]
    fn a_video_comes_back_to_frame_one() {
        assert_eq!(order(4, BounceEnd::OnFirst), [0, 1, 2, 3, 2, 1, 0]);
        assert_eq!(order(2, BounceEnd::OnFirst), [0, 1, 0]);
        assert_eq!(order(1, BounceEnd::OnFirst), [0]);
    }

    #[test]
    fn the_end_follows_looping_and_holding() {
        assert_eq!(BounceEnd::choose(true, false), BounceEnd::BeforeFirst);
        assert_eq!(BounceEnd::choose(true, true), BounceEnd::OnFirst);
        assert_eq!(BounceEnd::choose(false, false), BounceEnd::OnFirst);
    }
}
