//! A frame's own palette (a GIF local colour table) and its pixels as indices into it.
//!
//! A change of at most 256 colours (255 when some pixels stay as they were: one index is
//! the transparent one) keeps them exactly: plots, screenshots, flat drawings are lossless.
//! Otherwise `quantette` (MIT OR Apache-2.0) picks the palette: Wu's method refined by
//! k-means, in sRGB, which minimises the very error PSNR measures. Only the pixels written
//! are quantised: the palette is spent on what changed, not on what the frame before shows.

use std::collections::HashMap;

use quantette::palette::Srgb;
use quantette::{ColorSlice, ImagePipeline, KmeansOptions, PaletteSize, QuantizeMethod};

use crate::gif::changes::Change;

/// The most colours a GIF frame has.
const MAX_COLOURS: usize = 256;

/// How colours are chosen when a change has more than a palette holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantiser {
    /// k-means after Wu's method (better, slower); else Wu's alone.
    pub kmeans: bool,
    /// Floyd-Steinberg error diffusion, as a fraction of the error (0: no dithering).
    pub dither: f32,
    /// The most colours a quantised frame gets (2-256).
    pub colours: u16,
    /// The PSNR (dB, over the pixels written) a frame's palette aims for: the fewest colours
    /// of 64, 128 and 256 that reaches it (fewer colours pack smaller), else the most.
    pub psnr: f32,
}

impl Default for Quantiser {
    /// Measured on 100 frames of bikes.mp4 (docs/performance.md): undithered k-means
    /// palettes are smaller and score higher (SSIM, PSNR) than dithered ones (Floyd-Steinberg
    /// at half strength: 15% larger, SSIM -0.006) and than Wu's alone (9% larger).
    fn default() -> Quantiser {
        Quantiser {
            kmeans: true,
            dither: 0.0,
            colours: 256,
            psnr: 38.0,
        }
    }
}

/// A change as palette indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    /// RGB, 3 bytes a colour; at most 256 colours.
    pub palette: Vec<u8>,
    /// One a pixel of the change's rectangle.
    pub indices: Vec<u8>,
    /// The index of pixels left as they were, when some are.
    pub transparent: Option<u8>,
}

impl Indexed {
    /// A frame that changes nothing: one transparent pixel.
    pub fn nothing() -> Indexed {
        Indexed {
            palette: vec![0, 0, 0, 0, 0, 0],
            indices: vec![0],
            transparent: Some(0),
        }
    }
}

/// `change` as a palette and indices.
pub fn index(change: &Change, quantiser: Quantiser) -> Indexed {
    if change.is_empty() {
        return Indexed::nothing();
    }
    // A frame that clears has a transparent index whether or not it needs one: decoders
    // (Pillow) clear to it, else to colour 0.
    let keeps_some = !change.all_written() || change.clears;
    let room = MAX_COLOURS - usize::from(keeps_some);
    let mut indexed = match exactly(change, room) {
        Ok(indexed) => indexed,
        // A few more colours than a palette holds (a plot's anti-aliased edges): the most
        // colours, for what stays on screen stays as quantised.
        Err(Distinct::Few) => {
            // The better of two: k-means' palette snapped to exact colours, and the most
            // frequent colours (a plot of 263 keeps 255 exactly, 8 rare edge shades nearest).
            let colours = room.min(usize::from(quantiser.colours));
            let (mut means, _) = quantised_to(change, colours as u16, quantiser);
            snap(&mut means, change);
            let frequent = most_frequent(change, colours);
            match error(&frequent, change) <= error(&means, change) {
                true => frequent,
                false => means,
            }
        }
        Err(Distinct::Many) => quantised(change, room, quantiser),
    };
    if keeps_some {
        let transparent = (indexed.palette.len() / 3) as u8;
        indexed.palette.extend_from_slice(&[0, 0, 0]);
        for (index, &written) in indexed.indices.iter_mut().zip(&change.written) {
            if !written {
                *index = transparent;
            }
        }
        indexed.transparent = Some(transparent);
    }
    indexed
}

/// Colours a change has, at most, to count as drawn (plots, screenshots) rather than
/// photographed: quantised to the most colours, never fewer.
const FEW: usize = 4096;

/// How many colours a change has, when more than a palette holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Distinct {
    /// At most `FEW`.
    Few,
    Many,
}

/// The written pixels' own colours, when there are at most `room`.
fn exactly(change: &Change, room: usize) -> Result<Indexed, Distinct> {
    let mut palette = Vec::new();
    let mut seen: HashMap<[u8; 3], u8> = HashMap::new();
    let mut indices = Vec::with_capacity(change.pixels.len());
    // Neighbours are often alike: the last colour looked up is tried first.
    let mut last: Option<([u8; 3], u8)> = None;
    for (pixel, &written) in change.pixels.iter().zip(&change.written) {
        if !written {
            indices.push(0);
            continue;
        }
        if let Some((colour, index)) = last {
            if colour == *pixel {
                indices.push(index);
                continue;
            }
        }
        let index = match seen.get(pixel) {
            Some(&index) => index,
            None => {
                if seen.len() >= room {
                    return Err(count(change, seen));
                }
                let index = seen.len() as u8;
                seen.insert(*pixel, index);
                palette.extend_from_slice(pixel);
                index
            }
        };
        last = Some((*pixel, index));
        indices.push(index);
    }
    Ok(Indexed {
        palette,
        indices,
        transparent: None,
    })
}

/// Each palette colour made the exact colour most of its pixels have, where most have one:
/// k-means' mean of a white background and its anti-aliased edges is not white, and every
/// pixel of the background would be a level or two off.
fn snap(indexed: &mut Indexed, change: &Change) {
    let mut counts: HashMap<([u8; 3], u8), u32> = HashMap::new();
    let mut totals = [0u32; MAX_COLOURS];
    for ((pixel, &index), &written) in change
        .pixels
        .iter()
        .zip(&indexed.indices)
        .zip(&change.written)
    {
        if written {
            *counts.entry((*pixel, index)).or_default() += 1;
            totals[usize::from(index)] += 1;
        }
    }
    let mut best = [([0u8; 3], 0u32); MAX_COLOURS];
    for ((colour, index), count) in counts {
        let slot = &mut best[usize::from(index)];
        // Ties by colour: the same file from the same frames, whatever the map's order.
        if (count, std::cmp::Reverse(colour)) > (slot.1, std::cmp::Reverse(slot.0)) {
            *slot = (colour, count);
        }
    }
    for (index, &(colour, count)) in best.iter().enumerate() {
        let at = index * 3;
        if count > 0 && 2 * count >= totals[index] && at + 3 <= indexed.palette.len() {
            indexed.palette[at..at + 3].copy_from_slice(&colour);
        }
    }
}

/// The `room` most frequent colours of the written pixels, each other colour mapped to its
/// nearest.
fn most_frequent(change: &Change, room: usize) -> Indexed {
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    for (pixel, &written) in change.pixels.iter().zip(&change.written) {
        if written {
            *counts.entry(*pixel).or_default() += 1;
        }
    }
    let mut colours: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    colours.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<[u8; 3]> = colours.iter().take(room).map(|c| c.0).collect();
    let nearest = |colour: &[u8; 3]| -> u8 {
        let distance = |p: &[u8; 3]| -> u32 {
            (0..3)
                .map(|k| u32::from(colour[k].abs_diff(p[k])).pow(2))
                .sum()
        };
        (kept.iter().enumerate())
            .min_by_key(|(_, p)| distance(p))
            .map_or(0, |(at, _)| at as u8)
    };
    let map: HashMap<[u8; 3], u8> = colours.iter().map(|c| (c.0, nearest(&c.0))).collect();
    let indices = (change.pixels.iter().zip(&change.written))
        .map(|(pixel, &written)| match written {
            true => map.get(pixel).copied().unwrap_or(0),
            false => 0,
        })
        .collect();
    Indexed {
        palette: kept.into_iter().flatten().collect(),
        indices,
        transparent: None,
    }
}

/// The squared error of the written pixels as `indexed` shows them.
fn error(indexed: &Indexed, change: &Change) -> u64 {
    let mut error = 0u64;
    for ((pixel, &index), &written) in change
        .pixels
        .iter()
        .zip(&indexed.indices)
        .zip(&change.written)
    {
        if written {
            let at = usize::from(index) * 3;
            for (k, &value) in pixel.iter().enumerate() {
                let shown = indexed.palette.get(at + k).copied().unwrap_or(0);
                error += u64::from(value.abs_diff(shown)).pow(2);
            }
        }
    }
    error
}

/// Whether the written pixels have few colours or many (`seen`: some of them).
fn count(change: &Change, mut seen: HashMap<[u8; 3], u8>) -> Distinct {
    for (pixel, &written) in change.pixels.iter().zip(&change.written) {
        if written && seen.insert(*pixel, 0).is_none() && seen.len() > FEW {
            return Distinct::Many;
        }
    }
    Distinct::Few
}

/// At most `room` colours chosen for the written pixels, each mapped to its nearest: the
/// fewest of 64, 128, 256 whose error reaches the quantiser's PSNR.
fn quantised(change: &Change, room: usize, quantiser: Quantiser) -> Indexed {
    let most = (room as u16).min(quantiser.colours.max(2));
    let target = 255.0f64.powi(2) / 10f64.powf(f64::from(quantiser.psnr) / 10.0);
    let mut colours = most.min(64);
    loop {
        let (indexed, mse) = quantised_to(change, colours, quantiser);
        if colours >= most || mse <= target {
            return indexed;
        }
        // Far off (a doubling takes off about half the error): straight to the most.
        colours = match mse > 3.0 * target {
            true => most,
            false => (colours * 2).min(most),
        };
    }
}

/// `colours` colours chosen for the written pixels, and the mean squared error (per
/// channel) of the written pixels.
fn quantised_to(change: &Change, colours: u16, quantiser: Quantiser) -> (Indexed, f64) {
    let size = PaletteSize::from_clamped(colours);
    let method = match quantiser.kmeans {
        true => QuantizeMethod::Kmeans(KmeansOptions::new()),
        false => QuantizeMethod::wu(),
    };
    let dithered = quantiser.dither > 0.0;
    // Dithering spreads each pixel's error to its neighbours: it needs the whole rectangle.
    // Without it, the written pixels alone choose the palette.
    let colours: Vec<Srgb<u8>> = match dithered {
        true => change.pixels.iter().map(|&p| Srgb::from(p)).collect(),
        false => (change.pixels.iter().zip(&change.written))
            .filter(|(_, &written)| written)
            .map(|(&p, _)| Srgb::from(p))
            .collect(),
    };
    let (width, height) = match dithered {
        true => (change.width, change.height),
        false => (colours.len() as u32, 1),
    };
    let slice = ColorSlice::try_from(colours.as_slice()).expect("a GIF frame fits in u32 pixels");
    let mut pipeline = ImagePipeline::new(slice, width, height).expect("the sizes agree");
    pipeline
        .palette_size(size)
        .quantize_method(method)
        .dither(dithered);
    if dithered {
        pipeline.dither_error_diffusion(quantiser.dither);
    }
    let (palette, found) = pipeline.indexed_palette();
    let palette: Vec<u8> = palette
        .iter()
        .flat_map(|c| [c.red, c.green, c.blue])
        .collect();
    let indices: Vec<u8> = match dithered {
        true => found,
        false => {
            let mut found = found.into_iter();
            (change.written.iter())
                .map(|&written| match written {
                    true => found.next().unwrap_or(0),
                    false => 0,
                })
                .collect()
        }
    };
    let mut error = 0u64;
    let mut count = 0u64;
    for ((pixel, &index), &written) in change.pixels.iter().zip(&indices).zip(&change.written) {
        if written {
            let at = usize::from(index) * 3;
            for (k, &value) in pixel.iter().enumerate() {
                let diff = i64::from(value) - i64::from(palette.get(at + k).copied().unwrap_or(0));
                error += (diff * diff) as u64;
            }
            count += 3;
        }
    }
    let mse = error as f64 / count.max(1) as f64;
    let indexed = Indexed {
        palette,
        indices,
        transparent: None,
    };
    (indexed, mse)
}

#[cfg(test)]
mod tests {
    use super::{index, Quantiser};
    use crate::gif::changes::Change;

    fn change(pixels: Vec<[u8; 3]>, written: Vec<bool>, width: u32) -> Change {
        let height = pixels.len() as u32 / width;
        Change {
            left: 0,
            top: 0,
            width,
            height,
            pixels,
            written,
            clears: false,
        }
    }

    fn colour(indexed: &super::Indexed, at: usize) -> [u8; 3] {
        let i = usize::from(indexed.indices[at]) * 3;
        [
            indexed.palette[i],
            indexed.palette[i + 1],
            indexed.palette[i + 2],
        ]
    }

    #[test]
    fn few_colours_are_kept_exactly_and_unwritten_pixels_are_transparent() {
        let pixels = vec![[1, 2, 3], [200, 100, 0], [1, 2, 3], [9, 9, 9]];
        let c = change(pixels.clone(), vec![true, true, true, false], 2);
        let indexed = index(&c, Quantiser::default());
        for (at, pixel) in pixels.iter().enumerate().take(3) {
            assert_eq!(colour(&indexed, at), *pixel);
        }
        assert_eq!(indexed.transparent, Some(indexed.indices[3]));
        assert_eq!(indexed.palette.len(), 3 * 3);
    }

    #[test]
    fn a_background_with_a_few_more_colours_than_a_palette_stays_exact() {
        // White, and 300 greys of anti-aliasing, a pixel each.
        let mut pixels = vec![[255, 255, 255]; 10_000];
        for (at, pixel) in pixels.iter_mut().enumerate().take(300) {
            let grey = 250 - (at % 250) as u8;
            *pixel = [grey, grey, (at / 250) as u8 * 7 + grey / 2];
        }
        let c = change(pixels, vec![true; 10_000], 100);
        let indexed = index(&c, Quantiser::default());
        assert_eq!(colour(&indexed, 9_999), [255, 255, 255]);
    }

    #[test]
    fn many_colours_get_a_palette_near_them() {
        // 64 x 64 pixels of a gradient: 4096 colours.
        let pixels: Vec<[u8; 3]> = (0..4096u32)
            .map(|i| [(i % 64 * 4) as u8, (i / 64 * 4) as u8, 128])
            .collect();
        let c = change(pixels.clone(), vec![true; 4096], 64);
        let indexed = index(&c, Quantiser::default());
        assert!(indexed.palette.len() <= 256 * 3);
        assert_eq!(indexed.transparent, None);
        let worst = (0..4096)
            .map(|at| {
                let shown = colour(&indexed, at);
                (0..3)
                    .map(|k| shown[k].abs_diff(pixels[at][k]))
                    .max()
                    .unwrap()
            })
            .max()
            .unwrap();
        assert!(worst <= 24, "a pixel is {worst} levels off");
    }
}
