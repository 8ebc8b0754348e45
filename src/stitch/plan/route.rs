//! How a plan's frames reach the encoder: decided once, when the plan is built, from every
//! fact it depends on (the output, the frames and their turns, the ffmpeg, the cores).

use crate::error::Failure;
use crate::header::FrameFormat;
use crate::stitch::orientation;
use crate::stitch::plan::gif;
use crate::stitch::plan::parallel::{ParallelDecoding, Turns};
use crate::stitch::plan::StitchPlan;

/// How the frames are encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// One ffmpeg process: the frames on its stdin, the video out.
    OneProcess,
    /// One ffmpeg process fed standard input's frames as they arrive (`frames::stream`).
    Direct,
    /// GIF: a decoder piped into the palette encoder. ffmpeg rebuilds its filter graph when
    /// a frame changes size, pixel format or EXIF orientation, and a rebuilt palette graph
    /// loses every frame it was holding; the decoder's graph holds none and may be rebuilt
    /// at will, while the encoder's sees one stream of one kind and never is.
    GifChain,
    /// GIF by framekit's own encoder (`crate::gif`): one ffmpeg decodes the frames and runs
    /// every per-frame step, and writes raw RGB frames to framekit, which makes the GIF.
    /// For every GIF but those `plan::gif::framekit_encodes` leaves to ffmpeg.
    GifEncoder,
    /// Big photos (or photos an ffmpeg would turn wrongly in one process): decoded in
    /// batches by several processes at once, their raw frames relayed in order to one
    /// encoder (the video's, or GIF's palette encoder).
    Decoders(ParallelDecoding),
}

impl Route {
    /// The route for this plan; refused when the ffmpeg would turn photos wrongly and the
    /// frames cannot be decoded apart.
    pub(super) fn choose(plan: &StitchPlan<'_>) -> Result<Route, Failure> {
        let frames = plan.frames;
        if frames.stream.is_some() {
            return Ok(Route::Direct);
        }
        // Asked of ffmpeg only for turned photos.
        let turns = match frames.any_turned() {
            false => None,
            // No ffmpeg turns PNGs as their orientation says (see stitch::orientation):
            // framekit does, whatever the version.
            true if frames.format == FrameFormat::Png => Some(Turns::Ignored("ffmpeg".into())),
            true => match plan.ffmpeg.leaves_exif_turns() {
                Some(which) => Some(Turns::Ignored(which)),
                None => (frames.turn_then_upright())
                    .and_then(|_| plan.ffmpeg.keeps_exif_turns())
                    .map(Turns::Stick),
            },
        };
        if let Some(decoding) = ParallelDecoding::choose(plan, plan.cores, turns.clone()) {
            return Ok(Route::Decoders(decoding));
        }
        match turns {
            Some(Turns::Stick(which)) => return Err(orientation::refusal(frames, &which)),
            Some(Turns::Ignored(which)) => {
                return Err(orientation::old_ffmpeg_refusal(frames, &which))
            }
            None => {}
        }
        Ok(match plan.encoding.is_gif() {
            true if gif::framekit_encodes(plan) => Route::GifEncoder,
            true => Route::GifChain,
            false => Route::OneProcess,
        })
    }
}
