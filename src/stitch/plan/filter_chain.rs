//! The `-vf` chain, in one fixed order, and the size arithmetic it implies, computed as
//! ffmpeg computes it so that the size framekit reports and checks is the real one.
//!
//! Every frame made RGB (or RGBA) first, whatever its PNG or JPEG kind, its colours made
//! sRGB's when it carries another ICC profile (`colour_profile`); then compositing onto the
//! background, the canvas of --fit or --pad, the user's filter, (GIF: the matte)
//! --width, the padding to even; and last the one conversion to the output's pixels (BT.709
//! YUV for video). GIF's palette is made from that in a second process (`plan::gif`).
//! `--lossless`: the frames as they are.

use crate::colour_profile::conversion_filters;
use crate::header::FrameFormat;
use crate::stitch::plan::encoding::{Container, Pixels};
use crate::stitch::plan::{label_overlay, Route, StitchPlan, Transparency};

/// One conversion from RGB to the output's YUV, with BT.709's matrix and TV range, matching
/// the tags (`-colorspace bt709 ...`) the video carries.
const TO_BT709: &str = "scale=out_color_matrix=bt709:out_range=tv";
/// GIF's one bit of transparency, as gifski's `--matte` makes it: a pixel less than half
/// opaque becomes transparent, the others are blended by their alpha onto white (anti-aliased
/// black text at alpha 130 would otherwise stay black, 12 levels off on average).
const GIF_MATTE: &str =
    "split=3[fk_c][fk_b][fk_m];[fk_b]format=rgb24,drawbox=c=white:t=fill[fk_bg];\
    [fk_bg][fk_c]overlay=format=rgb[fk_comp];[fk_m]alphaextract,lut=c0=255*gte(val\\,128)[fk_al];\
    [fk_comp][fk_al]alphamerge";
/// ProRes takes its colour description from the frames, which the scale above leaves
/// unspecified on ffmpeg 5.1: said explicitly.
const BT709_PARAMS: &str =
    "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv";

/// How frames decoded in other processes reach the encoder: see `handoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Handoff {
    /// The raw frames' pixel format on the pipe.
    pub pixel_format: &'static str,
    /// The decoders' last step, after every per-frame one.
    pub in_decoder: Option<String>,
    /// The encoder's filter.
    pub in_encoder: Option<String>,
}

impl Handoff {
    /// The bytes of one raw frame of `width` x `height`.
    pub fn frame_bytes(&self, width: u32, height: u32) -> usize {
        let (width, height) = (width as usize, height as usize);
        let pixels = width * height;
        // 4:2:0 chroma planes cover odd sides with a last half-filled sample.
        let chroma = width.div_ceil(2) * height.div_ceil(2);
        match self.pixel_format {
            "yuv420p" => pixels + 2 * chroma,
            "yuva420p" => 2 * pixels + 2 * chroma,
            "rgb24" => pixels * 3,
            "rgba64be" => pixels * 8,
            // rgba, bgra: the working formats with alpha.
            _ => pixels * 4,
        }
    }
}

/// The size of the encoded video: scaled to --width, then padded to even if need be.
pub fn output_size(plan: &StitchPlan<'_>) -> (u32, u32) {
    let (width, height) = scaled_size(plan);
    if needs_even_size(plan) {
        (width.div_ceil(2) * 2, height.div_ceil(2) * 2)
    } else {
        (width, height)
    }
}

/// H.264 and VP9 without alpha in 4:2:0 need even sides; with alpha (VP9's `yuva420p`),
/// and in the other formats, any size is kept.
pub(super) fn needs_even_size(plan: &StitchPlan<'_>) -> bool {
    plan.encoding.needs_even_size() && plan.transparency() != Transparency::Kept
}

/// The size every frame has before scaling: with --fit, the box; with --pad, the
/// largest, rounded up to even when the pixels are subsampled (ffmpeg's pad filter rounds
/// a size down to the chroma subsampling of JPEG's 4:2:0, which would make it smaller
/// than the largest frame).
fn canvas_size(plan: &StitchPlan<'_>) -> (u32, u32) {
    if let Some(fit) = plan.options.fit {
        return (fit.width, fit.height);
    }
    let subsampled = needs_even_size(plan) || plan.frames.format == FrameFormat::Jpeg;
    if plan.options.pad.is_some() && subsampled {
        (
            plan.frames.width.div_ceil(2) * 2,
            plan.frames.height.div_ceil(2) * 2,
        )
    } else {
        (plan.frames.width, plan.frames.height)
    }
}

/// JPEG frames made much smaller (--width, or --fit's box) are decoded at 1/2 or 1/4 of
/// their size (`-lowres`), at a fraction of the cost of decoding every pixel, where that
/// looks the same: mean SSIM at least 0.995 against decoding everything then scaling.
/// Measured on camera photos, synthetic patterns and fine-detail scans: the reduced
/// decode blurs chroma and detail near its own new Nyquist limit, so there must be room
/// to spare. 4:2:0 video (whose chroma is halved anyway) takes 1/2 from 2.5x smaller and
/// 1/4 from 8x; full-colour outputs (APNG, WebP, GIF, ProRes 4444) take 1/2 from 6x.
/// None where every pixel is needed (--lossless, --pad's canvas) or for PNG.
pub(super) fn lowres(plan: &StitchPlan<'_>) -> Option<u32> {
    let frames = plan.frames;
    if frames.format != FrameFormat::Jpeg || plan.options.lossless || plan.options.pad.is_some() {
        return None;
    }
    let (width, height) = (f64::from(frames.smallest.0), f64::from(frames.smallest.1));
    // How many times over the smallest frame is larger than what it becomes.
    let over = match (plan.options.fit, plan.options.width) {
        (Some(fit), _) => {
            (width / f64::from(fit.width.max(1))).min(height / f64::from(fit.height.max(1)))
        }
        (None, Some(target)) => width / f64::from(target.max(1)),
        (None, None) => return None,
    };
    let steps: &[(f64, u32)] = match plan.encoding.pixels {
        Pixels::Yuv420 { .. } => &[(8.0, 2), (2.5, 1)],
        _ => &[(6.0, 1)],
    };
    steps
        .iter()
        .find(|(at_least, _)| over >= *at_least)
        .map(|(_, shift)| *shift)
}

/// The frames' width and height as the decoder gives them: divided by 2^lowres, rounded
/// up, as ffmpeg's decoder does.
fn decoded_size(plan: &StitchPlan<'_>) -> (u32, u32) {
    let (width, height) = canvas_size(plan);
    match lowres(plan) {
        Some(shift) if plan.options.fit.is_none() => {
            (width.div_ceil(1 << shift), height.div_ceil(1 << shift))
        }
        _ => (width, height),
    }
}

/// The frames' size after --width, computed as ffmpeg's `scale=W:-2` (or `-1`) does:
/// the height rounded to the nearest multiple of 2 (or 1), halves away from zero.
fn scaled_size(plan: &StitchPlan<'_>) -> (u32, u32) {
    let (from_width, from_height) = decoded_size(plan);
    let Some(width) = plan.options.width else {
        return (from_width, from_height);
    };
    let factor: u64 = if needs_even_size(plan) { 2 } else { 1 };
    let divisor = u64::from(from_width) * factor;
    let height = (u64::from(width) * u64::from(from_height) + divisor / 2) / divisor * factor;
    (width, u32::try_from(height).unwrap_or(u32::MAX))
}

/// The whole chain for this output, with the user's `-vf` in its place.
pub(super) fn video_filter(plan: &StitchPlan<'_>, user: Option<&str>) -> Option<String> {
    let filters = match plan.encoding.pixels {
        Pixels::Exact | Pixels::Rgb8 => exact_filters(plan, user),
        Pixels::Yuv420 { .. } | Pixels::ProRes | Pixels::Rgba(_) | Pixels::Palette => {
            converting_filters(plan, user)
        }
    };
    (!filters.is_empty()).then(|| filters.join(","))
}

/// `--lossless`: the user's filter, and for JPEG into FFV1 the conversion from yuvj*
/// that keeps the full range (see `push_pixel_format`).
fn exact_filters(plan: &StitchPlan<'_>, user: Option<&str>) -> Vec<String> {
    let mut filters: Vec<String> = user.map(str::to_string).into_iter().collect();
    if plan.exact_jpeg_format().is_some() {
        filters.push("scale=in_range=full:out_range=full".into());
    }
    filters
}

/// The raw pixel format the frames leave the chain in, for GIF's second process.
pub(super) fn working_format(plan: &StitchPlan<'_>) -> &'static str {
    match (plan.transparency(), plan.encoding.pixels) {
        // APNG keeps 16 bits where the frames have them.
        (_, Pixels::Rgba(_)) if plan.encoding.container == Container::Apng => {
            plan.frames.pixels.union.apng_pixel_format()
        }
        (_, Pixels::Rgba(format)) => format,
        (Transparency::Kept, _) => "rgba",
        _ => "rgb24",
    }
}

/// Everything in RGB(A), one conversion at the end.
fn converting_filters(plan: &StitchPlan<'_>, user: Option<&str>) -> Vec<String> {
    let mut filters = frame_filters(plan, user, 0);
    filters.extend(final_conversion(plan));
    filters
}

/// The one conversion from the working RGB(A) to the output's pixels (BT.709 YUV for
/// video and ProRes; nothing for the others).
pub(super) fn final_conversion(plan: &StitchPlan<'_>) -> Option<String> {
    match plan.encoding.pixels {
        // The frames themselves tagged too: ffmpeg 7 and later take an encoder's
        // colour tags from the first frame, over -color_primaries and -color_trc.
        Pixels::Yuv420 { .. } => Some(format!(
            "{},{}",
            yuv420_conversion(plan)?,
            tags_and_upload(plan)
        )),
        Pixels::ProRes => Some(format!("{TO_BT709},format=yuva444p10le,{BT709_PARAMS}")),
        _ => None,
    }
}

/// The BT.709 tags on the frames, and then, for a GPU encoder that takes frames in its own
/// memory (VA-API), their upload: the last steps of the chain.
fn tags_and_upload(plan: &StitchPlan<'_>) -> String {
    match plan.encoding.hardware.and_then(|api| api.upload_filter()) {
        Some(upload) => format!("{BT709_PARAMS},{upload}"),
        None => BT709_PARAMS.to_string(),
    }
}

/// 4:2:0 video's conversion from the working RGB(A), without the tags.
fn yuv420_conversion(plan: &StitchPlan<'_>) -> Option<String> {
    let Pixels::Yuv420 { .. } = plan.encoding.pixels else {
        return None;
    };
    let yuv = if plan.transparency() == Transparency::Kept {
        "yuva420p"
    } else {
        "yuv420p"
    };
    Some(format!("{TO_BT709},format={yuv}"))
}

/// Where decoder processes hand their frames to the encoder (parallel decoding): the raw
/// pixel format on the pipe, the steps the decoders run after the per-frame ones, and the
/// encoder's. 4:2:0 video is converted in the decoders, on every core, and crosses as
/// half the bytes of RGB; the encoder only tags it. The pixels are the same either way:
/// the same filters, with the same scaler settings, in one process or in two.
pub(super) fn handoff(plan: &StitchPlan<'_>) -> Handoff {
    match yuv420_conversion(plan) {
        Some(conversion) => Handoff {
            pixel_format: if plan.transparency() == Transparency::Kept {
                "yuva420p"
            } else {
                "yuv420p"
            },
            in_decoder: Some(conversion),
            in_encoder: Some(tags_and_upload(plan)),
        },
        None => Handoff {
            pixel_format: working_format(plan),
            in_decoder: None,
            in_encoder: final_conversion(plan),
        },
    }
}

/// Every per-frame step, in the working RGB(A): all but the final conversion, the label
/// last. (What a decoder process runs when the encoder is another process: GIF, parallel
/// decoding.) `first`: the video's frame this process starts at (its label track's).
pub(super) fn frame_filters(
    plan: &StitchPlan<'_>,
    user: Option<&str>,
    first: usize,
) -> Vec<String> {
    label_overlay::appended(plan, unlabelled_frame_filters(plan, user), first)
}

/// [`frame_filters`] without the label.
fn unlabelled_frame_filters(plan: &StitchPlan<'_>, user: Option<&str>) -> Vec<String> {
    let transparency = plan.transparency();
    // Where the frames' own alpha travels to the encoder, the steps work in RGBA.
    let working = working_format(plan);
    // The bare scale converts each frame from whatever PNG kind or JPEG layout it is
    // (gray, palette, 16-bit, yuvj420p: full-range BT.601) to RGB, before any step that
    // moves pixels: padding a 4:2:0 JPEG loses its odd column, and a YUV-to-YUV change of
    // matrix is 5 levels off where RGB is 3.
    let mut filters = Vec::new();
    // Opaque frames made smaller and nothing else: scaled and converted in one step,
    // as converting every pixel of a 12-megapixel photo costs more than decoding it.
    let scale_first = transparency == Transparency::None
        && plan.options.pad.is_none()
        && user.is_none()
        && plan.options.fit.is_none();
    // The frame's own colours as sRGB's, before anything mixes them with sRGB colours
    // (the background, --pad's colour) or the output's conversion.
    let profile = plan.applied_profile();
    let profile_in = |format| profile.map(|p| conversion_filters(p, format));
    if let (true, Some(width)) = (scale_first, plan.options.width) {
        let height = if needs_even_size(plan) { -2 } else { -1 };
        filters.push(format!("scale={width}:{height},format={working}"));
        filters.extend(profile_in(working));
        if needs_even_size(plan) {
            push_even_padding(plan, &mut filters, false);
        }
        return filters;
    }
    match transparency {
        Transparency::Flattened(colour) => {
            // Each frame over a copy of itself filled with the colour: same size, same
            // timestamp, blended by alpha in RGB (overlay's default YUV blend is up to
            // 98 levels off at edges).
            let profile = profile_in("rgba")
                .map(|f| format!("{f},"))
                .unwrap_or_default();
            filters.push(format!(
                "scale,format=rgba,{profile}split[fk_fg][fk_bg];[fk_bg]format=rgb24,\
                 drawbox=c={colour}:t=fill[fk_canvas];[fk_canvas][fk_fg]overlay=format=rgb,\
                 format={working}"
            ));
        }
        _ => {
            filters.push(format!("scale,format={working}"));
            filters.extend(profile_in(working));
        }
    }
    if let Some(fit) = plan.options.fit {
        // Each frame scaled, up or down, to fit the box with its shape kept, then centred.
        let colour = plan
            .options
            .pad
            .as_ref()
            .map_or("black".into(), |c| c.to_string());
        let (width, height) = (fit.width, fit.height);
        filters.push(format!(
            "scale={width}:{height}:force_original_aspect_ratio=decrease,\
             pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour}"
        ));
    } else if let Some(colour) = &plan.options.pad {
        // Each frame centred on the largest size; ffmpeg rebuilds the chain for each new
        // frame size, and this step makes them all one size again.
        let (width, height) = canvas_size(plan);
        filters.push(format!(
            "pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour}"
        ));
    }
    if let Some(user) = user {
        filters.push(user.to_string());
        // The user's filter may leave another pixel format: back to the working one.
        filters.push(format!("format={working}"));
    }
    // framekit's own GIF encoder applies the same matte itself (`crate::gif::changes`), at
    // half ffmpeg's cost, where nothing scales the frames after it.
    let own_matte = plan.route == Route::GifEncoder
        && plan.options.width.is_none()
        && plan.options.fit.is_none();
    if plan.encoding.is_gif() && transparency == Transparency::Kept && !own_matte {
        filters.push(GIF_MATTE.to_string());
    }
    if let Some(width) = plan.options.width {
        let height = if needs_even_size(plan) { -2 } else { -1 };
        // (GIF's alpha is a mask by now, its colours blended: scaled plainly.)
        if transparency == Transparency::Kept && !plan.encoding.is_gif() {
            // Scaled straight, the colour under transparent pixels (black, as PIL
            // writes it) would darken every edge: premultiplied, it cannot.
            filters.push(format!(
                "premultiply=inplace=1,scale={width}:{height},unpremultiply=inplace=1"
            ));
        } else {
            filters.push(format!("scale={width}:{height}"));
        }
    }
    if needs_even_size(plan) {
        push_even_padding(plan, &mut filters, user.is_some());
    }
    filters
}

/// Odd sides padded by one pixel to even, for 4:2:0.
fn push_even_padding(plan: &StitchPlan<'_>, filters: &mut Vec<String>, after_user_filter: bool) {
    if after_user_filter {
        // The user's filter may change the size: pad whatever comes out (a no-op when
        // even), without the smear, whose sides must be known in advance.
        filters.push("pad=ceil(iw/2)*2:ceil(ih/2)*2".into());
        return;
    }
    let (width, height) = scaled_size(plan);
    let (right, bottom) = (width % 2, height % 2);
    // The added column or row repeats its neighbour ("smear"): a black line along the
    // edge of a white plot would show.
    if (right, bottom) != (0, 0) {
        filters.push(format!(
            "pad=ceil(iw/2)*2:ceil(ih/2)*2,\
             fillborders=right={right}:bottom={bottom}:mode=smear"
        ));
    }
}
