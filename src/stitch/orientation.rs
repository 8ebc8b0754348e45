//! ffmpeg 6 and later turn a JPEG upright by its EXIF orientation in the filter graph, and
//! keep that turn for every frame after it that brings none, even when a new frame size has
//! the graph built again: every frame after a turned one is turned the same way (checked
//! with ffmpeg 7.0.2 and 9.0.2, with --fit, --pad, and a later frame of another size; 5.1
//! turns each frame by its own). On such an ffmpeg framekit starts a fresh decoder process
//! at every upright frame after a turned one, and one encoder takes their frames in order
//! (`plan::route`, `ffmpeg::supervisor::relay`); which ffmpeg keeps turns is
//! `Capabilities::keeps_exif_turns`; where the frames cannot be decoded apart (frames
//! with their own times, --lossless, a filter or `-s` after `--`), it refuses rather than write a
//! video with sideways frames.
//!
//! PNGs carry their orientation in an eXIf chunk or in XMP (`header::png_orientation`).
//! ffmpeg 4.x to 7.x ignore both; 9.0 turns by eXIf only (not XMP), and carries that turn
//! over to later frames as it does for JPEGs. framekit turns PNGs itself on every ffmpeg,
//! as it turns JPEGs for ffmpeg 4.x (`Turns::Ignored`: a decoder for each run of frames
//! turned alike, `-noautorotate` so that no ffmpeg turns them again), and refuses where the
//! frames must pass through one process.

use crate::error::{Failure, Kind};
use crate::header::FrameFormat;
use crate::stitch::frames::Frames;

/// The refusal, for frames `which` ffmpeg would turn wrongly and that cannot be decoded
/// apart.
pub fn refusal(frames: &Frames, which: &str) -> Failure {
    let (turned, upright) = frames.turn_then_upright().unwrap_or_default();
    Failure::failed(format!(
        "{} is turned by its EXIF orientation, and {which} would turn the frames after it \
         the same way, {} among them, which are not to be turned",
        frames.shown(turned),
        frames.shown(upright)
    ))
    .nothing_written()
    .hint(
        "turn the photos upright in their pixels first (`exiftran -ai *.jpg`, or ImageMagick's \
         `mogrify -auto-orient *.jpg`), or stitch with ffmpeg 5.1 (--ffmpeg PATH), or leave \
         out what keeps every frame in one ffmpeg process: --durations, --timestamps, \
         --hold-last, --lossless, a filter or -s after --",
    )
}

/// What the dry run says when frames would be decoded apart for `which` ffmpeg.
pub fn dry_run_warning(frames: &Frames, which: &str) -> String {
    let (turned, upright) = frames.turn_then_upright().unwrap_or_default();
    format!(
        "{} is turned by its EXIF orientation, and {which} would turn the frames after it \
         the same way, {} among them: framekit decodes them in separate ffmpeg processes, \
         and the one command printed would turn them",
        frames.shown(turned),
        frames.shown(upright)
    )
}

/// What the dry run says when framekit turns the frames itself: PNGs, or JPEGs for `which`
/// ffmpeg (before 5.0).
pub fn old_ffmpeg_dry_run_warning(frames: &Frames, which: &str) -> String {
    let why = match frames.format {
        FrameFormat::Png => {
            "framekit turns PNGs by their orientation (eXIf, else XMP) itself, on every ffmpeg"
                .to_string()
        }
        FrameFormat::Jpeg => format!("{which} does not turn photos by their EXIF orientation"),
    };
    match cfg!(windows) {
        true => format!(
            "{why}: framekit turns them in separate ffmpeg processes, one for each run of \
             frames turned alike, and the one command printed would leave them as stored"
        ),
        false => format!(
            "{why}: the commands printed turn them, a decoder for each run of frames turned \
             alike"
        ),
    }
}

/// The filters that turn a frame of EXIF `orientation` upright, as ffmpeg 5.0 and later do
/// by themselves (for ffmpeg 4.x, which does not): None for 1, as stored.
pub fn upright_filters(orientation: u8) -> Option<&'static str> {
    match orientation {
        2 => Some("hflip"),
        3 => Some("hflip,vflip"),
        4 => Some("vflip"),
        // Mirrored along the main diagonal.
        5 => Some("transpose=cclock_flip"),
        6 => Some("transpose=clock"),
        // Mirrored along the other diagonal.
        7 => Some("transpose=clock_flip"),
        8 => Some("transpose=cclock"),
        _ => None,
    }
}

/// The refusal, for EXIF-turned photos that an ffmpeg before 5.0 (`which`) would leave as
/// stored, or turned PNGs, that framekit cannot turn itself because they must pass through
/// one process.
pub fn old_ffmpeg_refusal(frames: &Frames, which: &str) -> Failure {
    let turned = (0..frames.paths.len())
        .find(|&i| frames.turned(i))
        .unwrap_or_default();
    let one_process = "framekit cannot turn it itself here: frames with their own times, \
                       --lossless, or a filter or -s after -- keep every frame in one ffmpeg \
                       process";
    let shown_path = frames.shown(turned);
    match frames.format {
        FrameFormat::Png => Failure::new(
            Kind::Usage,
            format!(
                "{shown_path} is turned by its orientation (eXIf or XMP), which framekit \
                 applies in ffmpeg processes of its own, one for each run of frames turned \
                 alike, and {one_process}"
            ),
        )
        .hint(
            "turn the PNGs upright in their pixels first (Pillow's \
             `ImageOps.exif_transpose(image).save(path)`), or leave out what keeps every \
             frame in one ffmpeg process: --durations, --timestamps, --hold-last, --lossless, \
             a filter or -s after --",
        ),
        FrameFormat::Jpeg => Failure::new(
            Kind::Usage,
            format!(
                "{shown_path} is turned by its EXIF orientation, which {which} does not apply \
                 (ffmpeg 5.0 and later do), and {one_process}"
            ),
        )
        .hint(
            "turn the photos upright in their pixels first (`exiftran -ai *.jpg`, or \
             ImageMagick's `mogrify -auto-orient *.jpg`), or use ffmpeg 5.0 or later \
             (--ffmpeg PATH)",
        ),
    }
}
