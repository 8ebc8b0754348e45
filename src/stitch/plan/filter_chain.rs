//! The `-vf` chain, in one fixed order (the canvas of --fit or --pad, the user's filter,
//! --width, then the padding to even or the GIF palette), and the size arithmetic it implies, computed as
//! ffmpeg computes it so that the size framekit reports and checks is the real one.

use crate::header::FrameFormat;
use crate::stitch::plan::StitchPlan;

impl StitchPlan<'_> {
    /// The size of the encoded video: scaled to --width, then padded to even if need be.
    pub fn output_size(&self) -> (u32, u32) {
        let (width, height) = self.scaled_size();
        self.encoding.padded_size(width, height)
    }

    /// The size every frame has before scaling: with --fit, the box; with --pad, the
    /// largest, rounded up to even when the pixels are subsampled (ffmpeg's pad filter rounds
    /// a size down to the chroma subsampling of JPEG's 4:2:0, which would make it smaller
    /// than the largest frame).
    fn canvas_size(&self) -> (u32, u32) {
        if let Some(fit) = self.options.fit {
            return (fit.width, fit.height);
        }
        let subsampled = self.encoding.needs_even_size() || self.frames.format == FrameFormat::Jpeg;
        if self.options.pad.is_some() && subsampled {
            (
                self.frames.width.div_ceil(2) * 2,
                self.frames.height.div_ceil(2) * 2,
            )
        } else {
            (self.frames.width, self.frames.height)
        }
    }

    /// The frames' size after --width, computed as ffmpeg's `scale=W:-2` (or `-1`) does:
    /// the height rounded to the nearest multiple of 2 (or 1), halves away from zero.
    fn scaled_size(&self) -> (u32, u32) {
        let (from_width, from_height) = self.canvas_size();
        let Some(width) = self.options.width else {
            return (from_width, from_height);
        };
        let factor: u64 = if self.encoding.needs_even_size() {
            2
        } else {
            1
        };
        let divisor = u64::from(from_width) * factor;
        let height = (u64::from(width) * u64::from(from_height) + divisor / 2) / divisor * factor;
        (width, u32::try_from(height).unwrap_or(u32::MAX))
    }

    /// The whole chain, in this order: --pad's canvas, the user's filter, --width, then the
    /// padding to even or the GIF palette.
    pub(super) fn video_filter(&self, user: Option<&str>) -> Option<String> {
        let mut filters = Vec::new();
        // ffmpeg's pad filter works in whole chroma blocks: on 4:2:0 JPEG it drops an odd last
        // column and paints colours in its own way (white as light gray on gray PNG), so the
        // frames are first made RGB (PNG) or 4:4:4 (JPEG), which lossy output loses nothing by.
        let unsubsampled = match self.frames.format {
            FrameFormat::Png => "format=rgb24",
            FrameFormat::Jpeg => "format=yuv444p",
        };
        if let Some(fit) = self.options.fit {
            // Each frame scaled, up or down, to fit the box with its shape kept, then centred.
            let colour = self
                .options
                .pad
                .as_ref()
                .map_or("black".into(), |c| c.to_string());
            let (width, height) = (fit.width, fit.height);
            filters.push(unsubsampled.to_string());
            filters.push(format!(
                "scale={width}:{height}:force_original_aspect_ratio=decrease,\
                 pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour}"
            ));
        } else if let Some(colour) = &self.options.pad {
            // Each frame centred on the largest size; ffmpeg rebuilds the chain for each new
            // frame size, and this step makes them all one size again.
            let (width, height) = self.canvas_size();
            filters.push(unsubsampled.to_string());
            filters.push(format!(
                "pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour}"
            ));
        }
        if let Some(user) = user {
            filters.push(user.to_string());
        }
        if let Some(width) = self.options.width {
            let height = if self.encoding.needs_even_size() {
                -2
            } else {
                -1
            };
            filters.push(format!("scale={width}:{height}"));
        }
        if self.encoding.is_gif() {
            // One pass: a palette made for these frames, weighted to what changes.
            filters.push("split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse".into());
        } else if self.encoding.needs_even_size() && user.is_some() {
            // The user's filter may change the size: pad whatever comes out (a no-op when
            // even), without the smear, whose sides must be known in advance.
            filters.push("pad=ceil(iw/2)*2:ceil(ih/2)*2".into());
        } else if self.encoding.needs_even_size() {
            let (width, height) = self.scaled_size();
            let (right, bottom) = (width % 2, height % 2);
            // The added column or row repeats its neighbour ("smear"): a black line along
            // the edge of a white plot would show.
            if (right, bottom) != (0, 0) {
                filters.push(unsubsampled.to_string());
                filters.push(format!(
                    "pad=ceil(iw/2)*2:ceil(ih/2)*2,\
                     fillborders=right={right}:bottom={bottom}:mode=smear"
                ));
            }
        }
        if self.exact_jpeg_format().is_some() {
            // The conversion from yuvj* keeps the full range (see ffmpeg_args).
            filters.push("scale=in_range=full:out_range=full".into());
        }
        (!filters.is_empty()).then(|| filters.join(","))
    }
}
