//! What framekit tells the user once about a plan before it runs: transparency it will
//! flatten without having been asked, GIF frames shorter than players show, and a colour
//! profile --lossless leaves unapplied.

use crate::stitch::plan::encoding::Container;
use crate::stitch::plan::StitchPlan;
use crate::term::stderr::warn;

/// GIF delays under this many microseconds are shown as 100 ms by browsers.
const SHORTEST_GIF_DELAY: u64 = 20_000;

/// Says that frame `frame` (from 0) has transparency the output cannot hold. Frames on
/// standard input encoded as they come are seen only then: said after the encode.
pub fn flattened(plan: &StitchPlan<'_>, frame: usize) {
    warn(&format!(
        "{} has transparent pixels, which {} cannot hold: every frame is composited onto \
         white; .webm, .gif, .webp, .apng and .mov with --codec prores keep transparency, \
         and --background COLOUR picks another colour",
        plan.frames.shown(frame),
        plan.encoding.container.name()
    ));
}

/// Prints the plan's notices on stderr (each once, not per frame).
pub fn tell(plan: &StitchPlan<'_>) {
    if let Some(frame) = plan.flattened_unasked() {
        flattened(plan, frame);
    }
    if let (Some(profile), None) = (&plan.frames.profile, plan.applied_profile()) {
        warn(&format!(
            "{} carries the {} colour profile, which --lossless does not apply: the pixels \
             are kept as stored, and players show them as sRGB",
            plan.frames.shown(profile.first),
            profile.name
        ));
    }
    if let (Some(timeline), Container::Gif) = (plan.timeline, plan.encoding.container) {
        let durations = timeline
            .starts
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .chain([timeline.last]);
        let short = durations
            .enumerate()
            .filter(|(_, duration)| *duration < SHORTEST_GIF_DELAY)
            .map(|(at, _)| at)
            .collect::<Vec<_>>();
        if let Some(&first) = short.first() {
            warn(&format!(
                "{} frame(s), such as {}, last less than 20 ms, which browsers show as 100 ms \
                 in a GIF: give them longer, or write .webp or .apng",
                short.len(),
                plan.frames.shown(first)
            ));
        }
    }
}
