//! Which route frames on standard input take, and the direct one's frames.
//!
//! Direct: one ffmpeg is started once frame 1 has come, and every frame is written to it as
//! it arrives (`feeder`), so that producing and encoding overlap and raw frames are never
//! turned into files. Spool: the frames are kept as files first (`spool`), and encoded as a
//! folder is.
//!
//! The spool is kept wherever the direct route would make a different video than the same
//! frames in a folder, because something must be known of every frame before ffmpeg starts
//! (`spool_reason`): --pad (the largest size), --fit (frames of several sizes), --max-size
//! (several encodes), --hold-last, --durations and --timestamps (each frame's time, framed
//! ahead of it; the last frame's known only at the end), a soundtrack (cut to the video's
//! length), --lossless (the layout every frame shares), GIF, WebP and APNG (the palette's
//! and transparency's decisions over all frames, and GIF's re-encode in whole frames), and
//! PNG, JPEG or PNM streams into a video that keeps alpha (whether any frame has it
//! decides yuva420p). Raw frames say their alpha in `--raw`'s pixel format. Into a video
//! without alpha, PNG frames are always composited onto the background: compositing an
//! opaque pixel changes nothing, so a later frame with alpha needs no other command.
//! Frame 1 with a colour profile or an orientation also keeps the spool.

use std::time::Duration;

use anyhow::Result;

use super::expected::{pnm_pixel_format, Expected, NeedsSpool, StreamKind};
use super::feeder::StreamFeeder;
use super::raw::RawFormat;
use super::reader::{Incoming, Received};
use super::{spool, Spooled, StreamError};
use crate::ffmpeg::supervisor::{FeedError, StreamFeed};
use crate::header::FrameFormat;
use crate::signals;
use crate::stitch::frames::pixels::PixelSummary;
use crate::stitch::frames::{Frames, Naming};
use crate::stitch::options::StitchOptions;
use crate::stitch::plan::encoding::Encoding;

/// Frames straight from standard input: what ffmpeg is told of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectInput {
    /// Raw pixels (`--raw`, or PNM's) for `-f rawvideo`; None for PNG or JPEG files.
    pub raw: Option<RawInput>,
    /// How many frames came: known once the encode has ended.
    pub received: u64,
}

/// Raw pixels as ffmpeg's rawvideo demuxer takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawInput {
    pub pixel_format: &'static str,
    pub width: u32,
    pub height: u32,
}

/// A stream opened on its route.
pub enum Opened {
    Direct(Box<DirectStream>),
    Spooled(Spooled),
}

/// The direct route: the frames (as frame 1 tells them) and the feeder of the rest.
pub struct DirectStream {
    pub frames: Frames,
    pub feeder: StreamFeeder,
}

impl DirectStream {
    /// Reads and checks every frame, keeping none (a dry run): the producer is not cut
    /// off, and a wrong frame fails as it would in a real run.
    pub fn drain(&self) -> Result<()> {
        let never = std::sync::atomic::AtomicBool::new(false);
        match self.feeder.feed(&mut std::io::sink(), &never) {
            Ok(_) => Ok(()),
            Err(FeedError::Source(error)) => Err(error),
            Err(_) => Ok(signals::check()?),
        }
    }

    /// The frames once the encode has ended, counted.
    pub fn counted(&self) -> Frames {
        let mut frames = self.frames.clone();
        if let Some(stream) = &mut frames.stream {
            stream.received = self.feeder.received();
        }
        frames
    }
}

/// Why these options keep the spool route, or None when frames may go straight to ffmpeg.
pub fn spool_reason(
    options: &StitchOptions,
    encoding: &Encoding,
    raw: bool,
) -> Option<&'static str> {
    let reasons = [
        (
            options.pad.is_some(),
            "--pad needs the largest frame's size",
        ),
        (options.fit.is_some(), "--fit takes frames of several sizes"),
        (
            options.max_size.is_some(),
            "--max-size encodes several times",
        ),
        (
            options.timing.is_explicit(),
            "frames' own times need every frame",
        ),
        (
            options.bounce,
            "--bounce plays every frame again on the way back",
        ),
        (
            options.audio.is_some(),
            "the soundtrack is cut to the video's length",
        ),
        (
            options.lossless,
            "--lossless keeps the layout all frames share",
        ),
        (
            options.label.is_some(),
            "--label draws every frame's label before the encode starts",
        ),
        (
            encoding.container.is_animation(),
            "animations choose palettes and transparency over all frames",
        ),
        (
            !raw && encoding.keeps_alpha(),
            "whether any frame has alpha decides the video's pixel format",
        ),
    ];
    reasons
        .iter()
        .find(|(applies, _)| *applies)
        .map(|(_, why)| *why)
}

/// Opens standard input's frames on their route: waits for frame 1, then keeps the spool
/// when `spool_reason` or frame 1 says so.
pub fn open(
    raw: Option<RawFormat>,
    options: &StitchOptions,
    encoding: &Encoding,
    show: bool,
) -> Result<Opened> {
    let mut incoming = Incoming::start(raw);
    let mixed = options.allows_mixed_sizes();
    let spooled = |incoming| spool(incoming, raw, &options.output, mixed, show);
    if spool_reason(options, encoding, raw.is_some()).is_some() {
        return spooled(incoming).map(Opened::Spooled);
    }
    let first = first_frame(&mut incoming)?;
    let expected = match Expected::of(&first, raw) {
        Ok(expected) => expected,
        Err(Ok(NeedsSpool::Profile | NeedsSpool::Turned)) => {
            incoming.hold(Ok(first));
            return spooled(incoming).map(Opened::Spooled);
        }
        Err(Err(error)) => return Err(error.0.into()),
    };
    incoming.hold(Ok(first));
    let frames = frames_of(&expected, options, encoding);
    Ok(Opened::Direct(Box::new(DirectStream {
        frames,
        feeder: StreamFeeder::new(incoming, expected),
    })))
}

/// Frame 1, waiting for it as long as the producer takes (a signal stops the wait).
fn first_frame(incoming: &mut Incoming) -> Result<Received> {
    loop {
        match incoming.next(Duration::from_millis(50)) {
            Ok(received) => return received.map_err(|e| e.0.into()),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => signals::check()?,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                signals::check()?;
                return Err(StreamError::empty().0.into());
            }
        }
    }
}

/// The frames as frame 1 tells them, as a folder of them would be validated.
fn frames_of(expected: &Expected, options: &StitchOptions, encoding: &Encoding) -> Frames {
    let header = &expected.header;
    let raw = match expected.kind {
        StreamKind::Raw(format) => Some(RawInput {
            pixel_format: format.pixels.name(),
            width: format.width,
            height: format.height,
        }),
        StreamKind::Pnm(layout) => Some(RawInput {
            pixel_format: pnm_pixel_format(layout),
            width: layout.width,
            height: layout.height,
        }),
        StreamKind::Image(_) => None,
    };
    let mut pixels = PixelSummary::of(&[Ok(*header)]);
    let images = raw.is_none() && header.format == FrameFormat::Png;
    if images && !encoding.keeps_alpha() && !options.lossless {
        // A later frame may bring alpha: composited always (a no-op on opaque pixels).
        pixels.union.alpha = true;
    }
    Frames {
        paths: Vec::new(),
        width: header.width,
        height: header.height,
        smallest: (header.width, header.height),
        format: header.format,
        pixels,
        orientations: Vec::new(),
        naming: Naming::Streamed,
        profile: None,
        stream: Some(DirectInput { raw, received: 0 }),
        // Frame 1 with a profile keeps the spool; later ones stop the run (`expected`).
        may_carry_profile: Vec::new(),
    }
}

/// What a dry run says of the direct route.
pub fn dry_run_note() -> String {
    "framekit writes the frames it reads on standard input to ffmpeg's standard input \
     (pipe:0) as they come, each checked against frame 1; this dry run read and checked \
     them all, and kept none"
        .to_string()
}
