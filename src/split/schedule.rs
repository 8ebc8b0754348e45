//! How the picked frames are read: one ffmpeg that decodes the whole range and keeps them by
//! the mode's own filter (a *pass*), or several that each seek near a group of picked
//! frames and decode only from the key frame before it (*stretches*), run side by side.
//! Pure: no I/O, so the choice is unit-tested below.
//!
//! The rule: a picked frame starts a new stretch when seeking to it (decoding from the key
//! frame before it, plus the cost of starting another ffmpeg) costs less than decoding on
//! from the picked frame before it. The costs are counted in frames decoded.

use crate::split::ffmpeg_args::{DryRun, Reading};
use crate::split::options::{Sampling, SplitOptions};
use crate::split::pixel_choice::Looked;
use crate::split::sampling::{self, CountRate, NoPicks, Picks, Range};
use crate::split::table::{Frame, FrameTable};

/// At most this many frames are picked by one stretch's filter (`eq(n\,K)` terms): the
/// filter stays short (Windows limits a command line to 32,767 characters) and quick.
pub const MAX_PER_STRETCH: usize = 400;

/// One ffmpeg run of a seeking schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// The time to seek to (µs from the start of the video), between the frame before
    /// `first` and `first`, so that the first frame ffmpeg gives is `first`; None to
    /// decode from the start of the video.
    pub seek: Option<i64>,
    /// The table index of the first frame ffmpeg gives (its `n` is 0).
    pub first: usize,
    /// The table indices of the frames to write, ascending, none twice.
    pub frames: Vec<usize>,
}

impl Stretch {
    /// The frames to write, counted from `first` as ffmpeg's `n` counts them.
    pub fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.frames.iter().map(|frame| frame - self.first)
    }
}

/// How ffmpeg reads the video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runs {
    /// One ffmpeg decodes the range and its filter keeps the frames.
    Pass,
    /// One ffmpeg per stretch, each seeking.
    Stretches(Vec<Stretch>),
}

/// What starting one more ffmpeg costs, in frames of this size decoded: about 40 ms of
/// start-up against about 1 ms per 0.9 megapixels decoded (H.264, one core).
pub fn start_cost(width: Option<u32>, height: Option<u32>) -> u64 {
    let pixels = u64::from(width.unwrap_or(1280)) * u64::from(height.unwrap_or(720));
    (40_000_000 / pixels.max(1)).clamp(LEAST_START_COST, 4000)
}

/// The least [`start_cost`] of any frame size: picks at most one frame more apart are
/// never read by seeking (a seek costs its start and at least one frame decoded).
pub const LEAST_START_COST: u64 = 8;

/// Groups the picked frames (table indices, in any order, repeats allowed) into stretches
/// of at most [`MAX_PER_STRETCH`] frames. `start_cost` is what a new ffmpeg costs in frames
/// (see [`start_cost`]); `range_start` is where the range begins (µs): a stretch at the
/// range's first frame seeks there.
pub fn stretches(
    table: &FrameTable,
    picks: &[usize],
    start_cost: u64,
    range_start: i64,
) -> Vec<Stretch> {
    group(table, picks, start_cost, range_start, MAX_PER_STRETCH)
}

/// Whether a mode that has a filter of its own (every frame, `--every`, `--fps`,
/// `--count`) should run as one pass: when, however long the stretches, seeking would
/// not pay, a pass decodes the same frames.
pub fn one_pass_will_do(table: &FrameTable, picks: &[usize], start_cost: u64) -> bool {
    group(table, picks, start_cost, 0, usize::MAX).len() <= 1
}

fn group(
    table: &FrameTable,
    picks: &[usize],
    start_cost: u64,
    range_start: i64,
    most: usize,
) -> Vec<Stretch> {
    let mut wanted: Vec<usize> = picks.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut grouping = Grouping::new(table, start_cost, range_start, most);
    let mut stretches: Vec<Stretch> = wanted
        .into_iter()
        .filter_map(|frame| grouping.push(frame))
        .collect();
    stretches.extend(grouping.finish());
    stretches
}

/// [`stretches`] one picked frame at a time, in ascending order: each stretch is handed
/// out as soon as a later frame shows that it is complete (a frame is never added to a
/// stretch before the last), so that its ffmpeg can start while later frames are still
/// being chosen. The stretches are those [`stretches`] gives for all the frames.
pub struct Grouping<'t> {
    table: &'t FrameTable,
    start_cost: u64,
    range_start: i64,
    most: usize,
    current: Option<Stretch>,
}

impl<'t> Grouping<'t> {
    /// Grouping as [`stretches`] does (`most`: [`MAX_PER_STRETCH`]).
    pub fn new(table: &'t FrameTable, start_cost: u64, range_start: i64, most: usize) -> Self {
        Grouping {
            table,
            start_cost,
            range_start,
            most,
            current: None,
        }
    }

    /// The current stretch, when no later pick can join it: every later pick is at or
    /// after `later_from` (None: there are none). Lets the last stretches be written
    /// while later frames are still being chosen, instead of waiting for the next pick.
    pub fn complete_before(&mut self, later_from: Option<usize>) -> Option<Stretch> {
        let current = self.current.as_ref()?;
        // Key positions never go down (the table is made in order): if a pick at `from`
        // cannot join, no later one can.
        let frames = &self.table.frames;
        let may_join = later_from
            .and_then(|from| frames.get(from))
            .is_some_and(|later| self.joins(current, later));
        match may_join {
            true => None,
            false => self.current.take(),
        }
    }

    /// The next picked frame (after every one before, none twice); the stretch it
    /// completes, if it starts a new one.
    pub fn push(&mut self, frame: usize) -> Option<Stretch> {
        let here = &self.table.frames[frame];
        let joins = (self.current.as_ref()).is_some_and(|current| self.joins(current, here));
        if let (true, Some(current)) = (joins, self.current.as_mut()) {
            current.frames.push(frame);
            return None;
        }
        self.current
            .replace(new_stretch(self.table, frame, self.range_start))
    }

    /// Whether a pick at `here`, after every frame of `current`, goes in `current`: when
    /// decoding on from its last frame costs no more than a new ffmpeg seeking to `here`
    /// (here - last <= here - key + 1 + start_cost, that is key <= last + 1 + start_cost).
    fn joins(&self, current: &Stretch, here: &Frame) -> bool {
        let last = &self.table.frames[*current.frames.last().expect("never empty")];
        let full = current.frames.len() >= self.most;
        let near = u64::from(here.key_position) <= u64::from(last.position) + 1 + self.start_cost;
        !full && (!self.table.seekable || near)
    }

    /// The last stretch, once every frame was pushed.
    pub fn finish(self) -> Option<Stretch> {
        self.current
    }
}

/// Stretches that give the picked frames in the order they were picked, for a reader that
/// takes each frame as it comes (standard output): `grouped` (the picks' stretches) when the
/// picks ascend, else one stretch a pick.
pub fn in_pick_order(
    grouped: &[Stretch],
    table: &FrameTable,
    picks: &[usize],
    range_start: i64,
) -> Vec<Stretch> {
    if picks.windows(2).all(|pair| pair[0] < pair[1]) {
        return grouped.to_vec();
    }
    (picks.iter())
        .map(|&frame| new_stretch(table, frame, range_start))
        .collect()
}

/// A stretch whose first frame is `frame`: seeking just before it, or, where seeking is
/// not exact, decoding from the start of the video.
fn new_stretch(table: &FrameTable, frame: usize, range_start: i64) -> Stretch {
    let frames = &table.frames;
    let (seek, first) = if !table.seekable || frame == 0 || frames[frame].pts <= 0 {
        (None, 0)
    } else if frames[frame].key {
        // ffmpeg seeks to the last key frame at or before the time (by presentation time),
        // then drops the frames before the time: just before this key frame's time, it
        // lands on it and keeps it. (Halfway from the frame before, it would decode a
        // whole group of frames from the key frame before.) One microsecond is below
        // half a tick of the usual time bases, so ffmpeg rounds it onto the frame.
        (Some(frames[frame].pts - 1), frame)
    } else if frames[frame - 1].pts < range_start && range_start <= frames[frame].pts {
        // The range's own start: the same seek as a pass makes.
        (Some(range_start), frame)
    } else {
        // Halfway: the first frame at or after it is `frame`, whatever the rounding, and
        // the key frame before it is this frame's.
        let (before, at) = (frames[frame - 1].pts, frames[frame].pts);
        (Some(before + (at - before + 1) / 2), frame)
    };
    Stretch {
        seek,
        first,
        frames: vec![frame],
    }
}

/// Everything decided before ffmpeg runs: which frames, and how they are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The frames picked from ffprobe's list, in the order they are written; None when
    /// there is no list (no ffprobe, no need) or only decoding can tell (`--scene`).
    pub picks: Option<Picks>,
    pub runs: Runs,
    /// `--count`'s steps, for its pass.
    pub count_rate: Option<CountRate>,
    /// Whether `-ss` lands exactly in this container.
    pub exact_seek: bool,
    /// Whether frames may go undecoded (`-skip_frame`): not where ffmpeg guesses times.
    pub skip_frames: bool,
    pub range: Range,
    /// `--keyframes`: its pass decodes only the key frames.
    pub keyframes: bool,
    /// `--sharpest`, `--dedupe`: what measuring the frames found (`pixel_choice`), once it
    /// has chosen the picks.
    pub looked: Option<Looked>,
}

impl Schedule {
    /// Picks the frames and chooses how to read them. `table` is ffprobe's list of the
    /// frames, when there is one; `indexed` says whether the container keeps an index of
    /// key frames (None: unknown, as without ffprobe); `start_cost` is a new ffmpeg's cost
    /// in frames.
    pub fn new(
        options: &SplitOptions,
        table: Option<&FrameTable>,
        indexed: Option<bool>,
        start_cost: u64,
    ) -> Result<Schedule, NoPicks> {
        let range = Range::new(options.start, options.end);
        let sampling = &options.sampling;
        let mut schedule = Schedule {
            picks: None,
            runs: Runs::Pass,
            count_rate: None,
            exact_seek: indexed.unwrap_or(true),
            skip_frames: table.is_none_or(|table| table.keyframes_alone),
            range,
            keyframes: *sampling == Sampling::Keyframes,
            looked: None,
        };
        let Some(table) = table else {
            return Ok(schedule);
        };
        let Some(picks) = sampling::pick(sampling, table, range) else {
            return Ok(schedule);
        };
        let picks = picks?;
        if let Sampling::Count(count) = sampling {
            schedule.count_rate = CountRate::new(*count, table, range);
        }
        let has_pass = !matches!(sampling, Sampling::At(_));
        let pass = match sampling {
            // Decoding only the key frames, in one pass, reads past the rest.
            Sampling::Keyframes => true,
            _ => has_pass && one_pass_will_do(table, &picks.frames, start_cost),
        };
        if !pass {
            schedule.runs =
                Runs::Stretches(stretches(table, &picks.frames, start_cost, range.start));
        }
        schedule.picks = Some(picks);
        Ok(schedule)
    }

    /// How `--json` names the way the frames were read: `decode` (one ffmpeg decodes the
    /// range), `seek` (several seek), `keyframes` (one decodes only the key frames).
    pub fn strategy(&self) -> &'static str {
        match &self.runs {
            Runs::Pass if self.keyframes => "keyframes",
            Runs::Pass => "decode",
            Runs::Stretches(stretches) if stretches.iter().any(|s| s.seek.is_some()) => "seek",
            Runs::Stretches(_) => "decode",
        }
    }

    /// How many frames will be written, when that is known before.
    pub fn count(&self) -> Option<u64> {
        self.picks.as_ref().map(|picks| picks.frames.len() as u64)
    }

    /// The reading of a pass.
    pub fn pass(&self) -> Reading<'_> {
        Reading::Pass {
            count_rate: self.count_rate,
            exact_seek: self.exact_seek,
            skip_frames: self.skip_frames,
        }
    }

    /// The stretches `--dry-run` prints: each writes its frames under their final numbers,
    /// so a frame picked out of order, or twice (`--at`), gets a seek of its own.
    pub fn dry_run_stretches(&self, table: &FrameTable) -> Vec<(Stretch, u64)> {
        let (Runs::Stretches(stretches), Some(picks)) = (&self.runs, &self.picks) else {
            return Vec::new();
        };
        let in_order = picks.frames.windows(2).all(|pair| pair[0] < pair[1]);
        if in_order {
            let mut number = 1;
            return stretches
                .iter()
                .map(|stretch| {
                    let first = number;
                    number += stretch.frames.len() as u64;
                    (stretch.clone(), first)
                })
                .collect();
        }
        (1u64..)
            .zip(&picks.frames)
            .map(|(number, &frame)| (new_stretch(table, frame, self.range.start), number))
            .collect()
    }

    /// The runs of `--dry-run`, from [`Schedule::dry_run_stretches`] for a seeking schedule.
    pub fn dry_runs<'a>(&'a self, stretches: &'a [(Stretch, u64)]) -> Vec<DryRun<'a>> {
        match self.runs {
            Runs::Pass => vec![(self.pass(), 1)],
            Runs::Stretches(_) => stretches
                .iter()
                .map(|(stretch, number)| (Reading::Stretch(stretch), *number))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::table::tests::{table, table_at};

    #[test]
    fn far_apart_frames_are_sought_near_ones_decoded_on() {
        // 10 minutes at 25 fps, a key frame every 250: --count 20 picks every 750th.
        let video = table(15_000, 40_000, 250);
        let picks: Vec<usize> = (0..20).map(|i| i * 750).collect();
        let plan = stretches(&video, &picks, start_cost(Some(1280), Some(720)), 0);
        assert_eq!(plan.len(), 20);
        assert_eq!(plan[0].seek, None);
        // Frame 750 is a key frame: seek just before it.
        assert_eq!(plan[1].seek, Some(29_999_999));
        assert_eq!(plan[1].first, 750);
        assert!(plan.iter().all(|s| s.frames.len() == 1));
        // One frame a second, a key frame every 10 s: decoding on is cheaper.
        let picks: Vec<usize> = (0..600).map(|i| i * 25).collect();
        assert!(one_pass_will_do(&video, &picks, 43));
        assert!(!one_pass_will_do(&video, &[0, 750], 43));
        // Every 300th: just past a key frame each time, or far from one.
        let picks: Vec<usize> = (0..50).map(|i| i * 300).collect();
        let plan = stretches(&video, &picks, 43, 0);
        assert_eq!(plan.len(), 50);
    }

    #[test]
    fn a_frame_far_past_its_key_frame_is_decoded_on_to() {
        // A key frame every 250: frames 200 and 240 are closer to each other than 240 is
        // to its key frame.
        let video = table(1000, 40_000, 250);
        let plan = stretches(&video, &[200, 240, 260], 5, 0);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].frames, [200, 240]);
        assert_eq!(plan[0].offsets().collect::<Vec<_>>(), [0, 40]);
        assert_eq!(plan[1].frames, [260]);
    }

    #[test]
    fn grouping_hands_out_each_stretch_once_a_later_frame_completes_it() {
        let video = table(1000, 40_000, 250);
        let mut grouping = Grouping::new(&video, 5, 0, MAX_PER_STRETCH);
        // 200 and 240 go together (as above); 260 starts another: only then is the first
        // handed out, as stretches() makes it.
        assert_eq!(grouping.push(200), None);
        assert_eq!(grouping.push(240), None);
        let done = grouping.push(260).expect("260 completes the first stretch");
        assert_eq!(done, stretches(&video, &[200, 240, 260], 5, 0)[0]);
        assert_eq!(grouping.push(900).map(|s| s.frames), Some(vec![260]));
        assert_eq!(grouping.finish().map(|s| s.frames), Some(vec![900]));
    }

    #[test]
    fn a_stretch_no_later_pick_can_join_is_handed_out_at_once() {
        // Key frames every 250 frames, a new ffmpeg worth 5 frames.
        let video = table(1000, 40_000, 250);
        let mut grouping = Grouping::new(&video, 5, 0, MAX_PER_STRETCH);
        assert_eq!(grouping.push(200), None);
        // A pick at 240 or later could still join 200's stretch (decoding on from 200
        // costs less than seeking from the key frame at 0 again): kept.
        assert_eq!(grouping.complete_before(Some(240)), None);
        assert_eq!(grouping.push(240), None);
        // Every later pick is at 300 or after, whose key frame (250) is more than a new
        // ffmpeg's worth past 240: nothing can join, so the stretch goes now.
        let done = grouping.complete_before(Some(300)).expect("complete");
        assert_eq!(done, stretches(&video, &[200, 240], 5, 0)[0]);
        assert_eq!(grouping.complete_before(Some(300)), None);
        assert_eq!(grouping.push(600), None);
        // No later picks at all.
        assert_eq!(
            grouping.complete_before(None).map(|s| s.frames),
            Some(vec![600])
        );
        assert_eq!(grouping.finish(), None);
    }

    #[test]
    fn handing_out_early_changes_no_stretch() {
        let video = table(3000, 40_000, 97);
        for step in [1, 7, 40, 96, 97, 98, 150, 400] {
            let picks: Vec<usize> = (0..3000).step_by(step).collect();
            let mut grouping = Grouping::new(&video, 30, 0, MAX_PER_STRETCH);
            let mut handed = Vec::new();
            for (n, &pick) in picks.iter().enumerate() {
                handed.extend(grouping.push(pick));
                handed.extend(grouping.complete_before(picks.get(n + 1).copied()));
            }
            handed.extend(grouping.finish());
            assert_eq!(
                handed,
                stretches(&video, &picks, 30, 0),
                "every {step}th frame"
            );
        }
    }

    #[test]
    fn repeats_and_order_do_not_matter() {
        let video = table(1000, 40_000, 10);
        let plan = stretches(&video, &[500, 0, 500, 250], 5, 0);
        let frames: Vec<usize> = plan.iter().flat_map(|s| s.frames.clone()).collect();
        assert_eq!(frames, [0, 250, 500]);
    }

    #[test]
    fn stretches_stay_short() {
        let video = table(2000, 40_000, 2000);
        let picks: Vec<usize> = (0..1000).collect();
        let plan = stretches(&video, &picks, 43, 0);
        assert_eq!(plan.len(), 1000 / MAX_PER_STRETCH + 1);
        assert!(plan.iter().all(|s| s.frames.len() <= MAX_PER_STRETCH));
        assert_eq!(plan[1].first, MAX_PER_STRETCH);
        assert!(one_pass_will_do(&video, &picks, 43));
    }

    #[test]
    fn without_an_index_every_stretch_decodes_from_the_start() {
        let mut video = table(15_000, 40_000, 250);
        video.seekable = false;
        let picks: Vec<usize> = (0..20).map(|i| i * 750).collect();
        let plan = stretches(&video, &picks, 43, 0);
        assert_eq!(plan.len(), 1);
        assert_eq!((plan[0].seek, plan[0].first), (None, 0));
        assert_eq!(plan[0].offsets().last(), Some(14_250));
    }

    #[test]
    fn a_frame_past_a_key_frame_is_sought_halfway_from_the_frame_before() {
        let video = table(100, 40_000, 10);
        let plan = stretches(&video, &[0, 55], 0, 0);
        assert_eq!(plan[1].seek, Some(2_180_000));
    }

    #[test]
    fn a_stretch_at_the_range_start_seeks_there() {
        let video = table_at(&[0, 40_000, 80_000, 120_000]);
        let plan = stretches(&video, &[2], 0, 50_000);
        assert_eq!(plan[0].seek, Some(50_000));
        let plan = stretches(&video, &[3], 0, 50_000);
        assert_eq!(plan[0].seek, Some(100_000));
    }

    #[test]
    fn picks_out_of_order_get_a_stretch_each_in_their_order() {
        let video = table(1000, 40_000, 10);
        let grouped = stretches(&video, &[100, 500], 5, 0);
        assert_eq!(in_pick_order(&grouped, &video, &[100, 500], 0), grouped);
        let again = in_pick_order(&grouped, &video, &[500, 100, 100], 0);
        let firsts: Vec<usize> = again.iter().map(|s| s.frames[0]).collect();
        assert_eq!(firsts, [500, 100, 100]);
    }

    #[test]
    fn start_costs_follow_the_frame_size() {
        assert_eq!(start_cost(Some(1280), Some(720)), 43);
        assert_eq!(start_cost(Some(64), Some(48)), 4000);
        assert_eq!(start_cost(Some(3840), Some(2160)), 8);
    }
}
