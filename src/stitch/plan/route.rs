//! How a plan's frames reach the encoder: decided once, when the plan is built, from every
//! fact it depends on (the output, the frames and their EXIF turns, the ffmpeg, the cores).

use crate::error::Failure;
use crate::stitch::orientation;
use crate::stitch::plan::parallel::ParallelDecoding;
use crate::stitch::plan::StitchPlan;

/// How the frames are encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// One ffmpeg process: the frames on its stdin, the video out.
    OneProcess,
    /// GIF: a decoder piped into the palette encoder. ffmpeg rebuilds its filter graph when
    /// a frame changes size, pixel format or EXIF orientation, and a rebuilt palette graph
    /// loses every frame it was holding; the decoder's graph holds none and may be rebuilt
    /// at will, while the encoder's sees one stream of one kind and never is.
    GifChain,
    /// Big photos (or photos an ffmpeg would turn wrongly in one process): decoded in
    /// batches by several processes at once, their raw frames relayed in order to one
    /// encoder (the video's, or GIF's palette encoder).
    Decoders(ParallelDecoding),
}

impl StitchPlan<'_> {
    /// The route for this plan; refused when the ffmpeg would turn photos wrongly and the
    /// frames cannot be decoded apart.
    pub(super) fn choose_route(&self) -> Result<Route, Failure> {
        // Asked of ffmpeg only for frames that mix orientations.
        let turns_stick =
            (self.frames.turn_then_upright()).and_then(|_| self.ffmpeg.keeps_exif_turns());
        if let Some(decoding) = self.parallel_decoding(self.cores, turns_stick.clone()) {
            return Ok(Route::Decoders(decoding));
        }
        if let Some(which) = turns_stick {
            return Err(orientation::refusal(self.frames, &which));
        }
        Ok(match self.encoding.is_gif() {
            true => Route::GifChain,
            false => Route::OneProcess,
        })
    }
}
