//! What frame 1 of a direct stream sets, that every later frame is held to (kind, size,
//! layout), and what each frame tells as it passes (alpha). On the direct route ffmpeg's
//! command is fixed by frame 1: a later frame that would need another command stops the
//! run, naming it, where the spool route would have seen it before encoding.

use std::io::Cursor;

use super::images::ImageKind;
use super::png_file::PngLayout;
use super::raw::RawFormat;
use super::reader::{Content, Received};
use super::StreamError;
use crate::colour_profile::embedded::profile_in;
use crate::header::from_bytes::header_of_image;
use crate::header::png::{Layout, PngPixels};
use crate::header::{FrameFormat, Header};

/// The kind of every frame of a direct stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// `--raw` pixels.
    Raw(RawFormat),
    /// PNM/PAM frames: their pixels (the header cut off), all of this layout.
    Pnm(PngLayout),
    /// Whole PNG or JPEG files, for ffmpeg's image decoder.
    Image(FrameFormat),
}

/// Frame 1's facts.
#[derive(Debug, Clone)]
pub struct Expected {
    pub kind: StreamKind,
    /// Frame 1's header (for raw and PNM frames, the header of the PNG they would be).
    pub header: Header,
}

/// What a checked frame tells: its bytes for ffmpeg, and whether it has alpha.
pub struct Checked {
    pub bytes: Vec<u8>,
    pub alpha: bool,
}

/// Why frame 1 needs the spool route rather than the direct one.
pub enum NeedsSpool {
    /// It carries a colour profile or an orientation, which ffmpeg's command must know of
    /// every frame (a profile's conversion, framekit's own turns).
    Profile,
    Turned,
}

impl Expected {
    /// What frame 1 sets; `Err(Ok(_))` when it needs the spool route instead.
    pub fn of(
        first: &Received,
        raw: Option<RawFormat>,
    ) -> Result<Expected, Result<NeedsSpool, StreamError>> {
        let (kind, header) = match (&first.content, raw) {
            (Content::Raw(_), Some(format)) => {
                let layout = PngLayout {
                    width: format.width,
                    height: format.height,
                    channels: format.pixels.channels(),
                    depth_bytes: format.pixels.depth_bytes(),
                };
                (StreamKind::Raw(format), header_of_layout(layout))
            }
            (Content::Image(image), _) => match image.kind {
                ImageKind::Pnm(pnm) => (StreamKind::Pnm(pnm.layout), header_of_layout(pnm.layout)),
                _ => {
                    let header =
                        image_header(first.index, first.offset, &image.bytes).map_err(Err)?;
                    if header.orientation != 1 {
                        return Err(Ok(NeedsSpool::Turned));
                    }
                    if carries_profile(&image.bytes, header.format) {
                        return Err(Ok(NeedsSpool::Profile));
                    }
                    (StreamKind::Image(header.format), header)
                }
            },
            (Content::Raw(_), None) => unreachable!("raw frames come only with --raw"),
        };
        Ok(Expected { kind, header })
    }

    /// Checks a frame against frame 1: the same kind, layout and size, and nothing that
    /// would need another ffmpeg command.
    pub fn check(&self, frame: Received) -> Result<Checked, StreamError> {
        let Received {
            index,
            offset,
            content,
        } = frame;
        let first_size = (self.header.width, self.header.height);
        let image = match content {
            Content::Raw(pixels) => {
                let alpha = self.header.png.is_some_and(|png| png.has_alpha());
                return Ok(Checked {
                    bytes: pixels,
                    alpha,
                });
            }
            Content::Image(image) => image,
        };
        let first_name = match self.kind {
            StreamKind::Raw(_) => "raw",
            StreamKind::Pnm(_) => "PNM",
            StreamKind::Image(format) => format.name(),
        };
        if let (ImageKind::Pnm(pnm), StreamKind::Pnm(layout)) = (image.kind, self.kind) {
            let size = (pnm.layout.width, pnm.layout.height);
            if size != first_size {
                return Err(StreamError::other_size(index, offset, size, first_size));
            }
            if pnm.layout != layout {
                return Err(StreamError::other_layout(index, offset));
            }
            return Ok(Checked {
                alpha: matches!(layout.channels, 2 | 4),
                bytes: image.bytes,
            });
        }
        let same_kind = matches!(
            (image.kind, self.kind),
            (ImageKind::Png, StreamKind::Image(FrameFormat::Png))
                | (ImageKind::Jpeg, StreamKind::Image(FrameFormat::Jpeg))
        );
        if !same_kind {
            return Err(StreamError::other_kind(
                index,
                offset,
                image.kind.name(),
                first_name,
            ));
        }
        let header = image_header(index, offset, &image.bytes)?;
        let size = (header.width, header.height);
        if size != first_size {
            return Err(StreamError::other_size(index, offset, size, first_size));
        }
        if header.orientation != 1 {
            return Err(StreamError::unlike_frame_1(
                index,
                offset,
                "is turned by its orientation",
            ));
        }
        if carries_profile(&image.bytes, header.format) {
            return Err(StreamError::unlike_frame_1(
                index,
                offset,
                "carries a colour profile",
            ));
        }
        let alpha = header.png.is_some_and(|png| png.has_alpha());
        Ok(Checked {
            bytes: image.bytes,
            alpha,
        })
    }
}

/// The header of an image frame, read as a file's would be.
fn image_header(index: usize, offset: u64, bytes: &[u8]) -> Result<Header, StreamError> {
    header_of_image(bytes).map_err(|why| StreamError::not_taken(index, offset, why))
}

/// Whether the image carries an ICC profile (or one that cannot be read).
fn carries_profile(bytes: &[u8], format: FrameFormat) -> bool {
    !matches!(profile_in(&mut Cursor::new(bytes), format), Ok(None))
}

/// The header of the PNG that raw pixels of `layout` would be (as the spool writes them).
pub fn header_of_layout(layout: PngLayout) -> Header {
    let alpha = matches!(layout.channels, 2 | 4);
    let colour_type = match layout.channels {
        1 => 0,
        2 => 4,
        3 => 2,
        _ => 6,
    };
    Header {
        format: FrameFormat::Png,
        width: layout.width,
        height: layout.height,
        turned: false,
        orientation: 1,
        png: Some(PngPixels {
            layout: Layout {
                color: layout.channels >= 3,
                alpha,
                deep: layout.depth_bytes == 2,
            },
            kind: (colour_type, 8 * layout.depth_bytes as u8, Some(false)),
        }),
        jpeg: None,
        // Raw pixels carry no profile: sRGB, as a PNG's pixels without one.
        may_carry_profile: false,
    }
}

/// ffmpeg's name for PNM pixels of `layout` (samples of 16 bits are big-endian in PNM).
pub fn pnm_pixel_format(layout: PngLayout) -> &'static str {
    match (layout.channels, layout.depth_bytes) {
        (1, 1) => "gray",
        (1, _) => "gray16be",
        (2, 1) => "ya8",
        (2, _) => "ya16be",
        (3, 1) => "rgb24",
        (3, _) => "rgb48be",
        (_, 1) => "rgba",
        _ => "rgba64be",
    }
}
