//! What can be wrong with a stream of frames, each naming the frame (from 1, as people
//! count) and where it is in standard input, so that the program writing it can be fixed.

use crate::error::Failure;

/// A stream that cannot be encoded: the message to show.
#[derive(Debug)]
pub struct StreamError(pub Failure);

/// Frame `index` (from 0) as messages name it.
fn frame_at(index: usize, offset: u64) -> String {
    format!("frame {} at byte {offset} of standard input", index + 1)
}

const TAKES: &str = "--stdin-frames takes whole PNG, JPEG or PNM images back to back; for raw \
                     pixels, pass --raw WxH[:PIXFMT]";

impl StreamError {
    pub fn io(error: std::io::Error) -> StreamError {
        StreamError(
            Failure::failed(format!("cannot read standard input: {error}")).nothing_written(),
        )
    }

    /// The stream ended inside frame `index`, which began at `start`.
    pub fn ended(index: usize, start: u64, end: u64) -> StreamError {
        StreamError(
            Failure::failed(format!(
                "standard input ended inside frame {}, at byte {end}",
                index + 1
            ))
            .nothing_written()
            .details([format!(
                "frame {} began at byte {start}; {} bytes of it came",
                index + 1,
                end - start
            )])
            .hint("the program writing the frames stopped before the end of an image: look at its own errors"),
        )
    }

    /// Raw frames: the stream's length is not a whole number of frames.
    pub fn partial_raw(
        index: usize,
        start: u64,
        got: usize,
        frame_bytes: usize,
        raw: &str,
    ) -> StreamError {
        StreamError(
            Failure::failed(format!(
                "standard input ended inside frame {}, at byte {}",
                index + 1,
                start + got as u64
            ))
            .nothing_written()
            .details([format!(
                "raw frames of {raw} are {frame_bytes} bytes each; frame {} began at byte \
                 {start} and had {got}",
                index + 1
            )])
            .hint("check --raw's size and pixel format against the arrays written (height x width x channels)"),
        )
    }

    pub fn not_an_image(index: usize, start: u64, head: &[u8]) -> StreamError {
        let shown: Vec<String> = head.iter().take(8).map(|b| format!("{b:02x}")).collect();
        StreamError(
            Failure::failed(format!(
                "{} is not a PNG, JPEG or PNM image",
                frame_at(index, start)
            ))
            .nothing_written()
            .details([format!("it begins with the bytes {}", shown.join(" "))])
            .hint(TAKES),
        )
    }

    /// An image of a kind or layout framekit does not take; `why` follows its name.
    pub fn not_taken(index: usize, start: u64, why: String) -> StreamError {
        StreamError(Failure::failed(format!("{} {why}", frame_at(index, start))).nothing_written())
    }

    pub fn other_kind(index: usize, start: u64, kind: &str, first: &str) -> StreamError {
        StreamError(
            Failure::failed(format!(
                "{} is a {kind} image, but frame 1 was a {first} image",
                frame_at(index, start)
            ))
            .nothing_written()
            .hint("write every frame in one format (all PNG, or all JPEG)"),
        )
    }

    pub fn other_size(
        index: usize,
        start: u64,
        size: (u32, u32),
        first: (u32, u32),
    ) -> StreamError {
        StreamError(
            Failure::failed(format!(
                "{} is {}x{}, expected {}x{} (as frame 1)",
                frame_at(index, start),
                size.0,
                size.1,
                first.0,
                first.1
            ))
            .nothing_written()
            .hint(
                "all frames must be one size, unless --pad COLOUR (centre each on the largest) \
                 or --fit WxH (scale each into one box) makes them one",
            ),
        )
    }

    pub fn empty() -> StreamError {
        StreamError(Failure::failed("standard input held no frames").hint(TAKES))
    }
}
