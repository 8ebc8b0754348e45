//! A profile's conversion to sRGB as a 3D LUT: sRGB's colours in linear light at each
//! point of a grid over the frame's RGB, written as a `.cube` file that ffmpeg's `lut3d`
//! filter (every ffmpeg from 4.2) interpolates between, tetrahedrally, for every pixel in
//! 16 bits; then sRGB's curve, exactly (`lutrgb`, `sRGB_CURVE`).
//!
//! Why linear light: a channel that a conversion takes to nearly 0 (the blue of a saturated
//! P3 green) falls steeply into sRGB's curve, and a grid of curve-coded colours bends there,
//! 9.5 levels off when clipped at its points, 4.5 unclipped, 4.0 with 64 points a side. In
//! linear light the conversion is smooth, lut3d clips each pixel after interpolating (as a
//! relative colorimetric conversion clips), and 33 points are within a level.

use std::fmt::Write;
use std::sync::Arc;

use moxcms::{Matrix3d, TransformExecutor};

/// Points a side: within a level of moxcms's exact conversion on a lattice of every 15th
/// level for Display P3 and Adobe RGB, 1.23 for ProPhoto (`tests`). ffmpeg 4.2's lut3d takes at most 64.
pub const POINTS: usize = 33;

/// sRGB's curve for `lutrgb` on 16-bit values (`val`, 0..=65535); commas escaped for the
/// filter graph. 205.18 is the linear toe's end (0.0031308).
pub const SRGB_CURVE: &str = "if(lte(val\\,205.18)\\,val*12.92\\,\
    65535*(1.055*pow(val/65535\\,1/2.4)-0.055))";

/// A conversion sampled on the grid: red fastest, then green, then blue, as `.cube` orders
/// them; each value sRGB in linear light, unclipped (below 0 or above 1 outside sRGB).
#[derive(Debug, Clone, PartialEq)]
pub struct Lut {
    values: Arc<Vec<f32>>,
}

impl Lut {
    /// The grid through `transform` (RGB to RGB), then through `matrix` when given (linear
    /// RGB to linear sRGB); None when it fails or gives values that are no numbers.
    pub fn sample(
        transform: &(dyn TransformExecutor<f32> + Send + Sync),
        matrix: Option<&Matrix3d>,
    ) -> Option<Lut> {
        let step = 1.0 / (POINTS - 1) as f32;
        let mut grid = Vec::with_capacity(POINTS * POINTS * POINTS * 3);
        for blue in 0..POINTS {
            for green in 0..POINTS {
                for red in 0..POINTS {
                    grid.extend([red, green, blue].map(|i| i as f32 * step));
                }
            }
        }
        let mut values = vec![0.0; grid.len()];
        transform.transform(&grid, &mut values).ok()?;
        if let Some(m) = matrix {
            for rgb in values.chunks_exact_mut(3) {
                let v = [rgb[0], rgb[1], rgb[2]].map(f64::from);
                for (row, out) in m.v.iter().zip(rgb.iter_mut()) {
                    *out = (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]) as f32;
                }
            }
        }
        if values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        Some(Lut {
            values: Arc::new(values),
        })
    }

    /// Each point's colour as sRGB stores it (clipped, curve-coded), 0..=1.
    fn encoded(&self) -> impl Iterator<Item = f32> + '_ {
        self.values.iter().map(|v| srgb_encode(v.clamp(0.0, 1.0)))
    }

    /// The most any point moves, in 8-bit levels: how far from sRGB the profile is.
    pub fn largest_change_from_identity(&self) -> f32 {
        let step = 1.0 / (POINTS - 1) as f32;
        let place = |at: usize| {
            let point = at / 3;
            let index = [
                point % POINTS,
                point / POINTS % POINTS,
                point / (POINTS * POINTS),
            ];
            index[at % 3] as f32 * step
        };
        let moved = self
            .encoded()
            .enumerate()
            .map(|(at, v)| (v - place(at)).abs());
        moved.fold(0.0, f32::max) * 255.0
    }

    /// The most two conversions differ at any point, in 8-bit levels.
    pub fn largest_difference(&self, other: &Lut) -> f32 {
        let pairs = self.encoded().zip(other.encoded());
        pairs.map(|(a, b)| (a - b).abs()).fold(0.0, f32::max) * 255.0
    }

    /// As a `.cube` file (Adobe's format, which lut3d reads).
    pub fn cube_text(&self) -> String {
        let mut text = format!(
            "# framekit: an ICC profile's colours as sRGB's, linear\nLUT_3D_SIZE {POINTS}\n"
        );
        for rgb in self.values.chunks_exact(3) {
            let _ = writeln!(text, "{:.7} {:.7} {:.7}", rgb[0], rgb[1], rgb[2]);
        }
        text
    }

    /// The converted colour of an 8-bit `rgb`, as the filters make it: interpolated
    /// tetrahedrally in 16 bits, clipped, then sRGB's curve (for the tests that measure the
    /// grid against the exact conversion).
    #[cfg(test)]
    pub fn apply(&self, rgb: [u8; 3]) -> [f32; 3] {
        let scaled = rgb.map(|v| f32::from(v) / 255.0 * (POINTS - 1) as f32);
        let low = scaled.map(|v| (v.floor() as usize).min(POINTS - 2));
        let d = [0, 1, 2].map(|c| scaled[c] - low[c] as f32);
        let at = |r: usize, g: usize, b: usize| {
            let i = ((low[2] + b) * POINTS * POINTS + (low[1] + g) * POINTS + low[0] + r) * 3;
            [self.values[i], self.values[i + 1], self.values[i + 2]]
        };
        // The tetrahedron the point is in, by the order of its fractions (r, g, b).
        let (x, y, z) = (d[0], d[1], d[2]);
        let c000 = at(0, 0, 0);
        let c111 = at(1, 1, 1);
        let (first, second, w) = if x > y {
            if y > z {
                (at(1, 0, 0), at(1, 1, 0), [1.0 - x, x - y, y - z, z])
            } else if x > z {
                (at(1, 0, 0), at(1, 0, 1), [1.0 - x, x - z, z - y, y])
            } else {
                (at(0, 0, 1), at(1, 0, 1), [1.0 - z, z - x, x - y, y])
            }
        } else if z > y {
            (at(0, 0, 1), at(0, 1, 1), [1.0 - z, z - y, y - x, x])
        } else if z > x {
            (at(0, 1, 0), at(0, 1, 1), [1.0 - y, y - z, z - x, x])
        } else {
            (at(0, 1, 0), at(1, 1, 0), [1.0 - y, y - x, x - z, z])
        };
        [0, 1, 2].map(|c| {
            let value = w[0] * c000[c] + w[1] * first[c] + w[2] * second[c] + w[3] * c111[c];
            let sixteen = (value.clamp(0.0, 1.0) * 65535.0).round() / 65535.0;
            srgb_encode(sixteen)
        })
    }
}

/// sRGB's curve, from linear light (0..=1).
fn srgb_encode(linear: f32) -> f32 {
    if linear <= 0.003_130_8 {
        linear * 12.92
    } else {
        1.055 * linear.powf(1.0 / 2.4) - 0.055
    }
}

#[cfg(test)]
mod tests {
    use super::super::judge::{judge, Verdict};
    use moxcms::{ColorProfile, Layout};

    /// The grid, interpolated, against moxcms's own conversion of every 8-bit colour on a
    /// lattice of 18 levels a side (and the corners): the largest difference in levels.
    fn grid_error(profile: &ColorProfile) -> f32 {
        let Verdict::Convert(usable) = judge(&profile.encode().unwrap()) else {
            panic!("not converted");
        };
        // moxcms's own conversion to sRGB, clipped as it clips.
        let srgb = ColorProfile::new_srgb();
        let options = moxcms::TransformOptions {
            allow_use_cicp_transfer: false,
            prefer_fixed_point: false,
            ..Default::default()
        };
        let exact = profile
            .create_transform_f32(Layout::Rgb, &srgb, Layout::Rgb, options)
            .unwrap();
        let levels: Vec<u8> = (0..=255).step_by(15).collect();
        let mut worst: f32 = 0.0;
        for &r in &levels {
            for &g in &levels {
                for &b in &levels {
                    let input = [r, g, b].map(|v| f32::from(v) / 255.0);
                    let mut want = [0.0; 3];
                    exact.transform(&input, &mut want).unwrap();
                    let got = usable.lut.apply([r, g, b]);
                    for c in 0..3 {
                        worst = worst.max((got[c] - want[c].clamp(0.0, 1.0)).abs() * 255.0);
                    }
                }
            }
        }
        worst
    }

    #[test]
    fn the_grid_keeps_within_a_level_and_a_half_of_the_exact_conversion() {
        // Measured: 0.96, 0.91 and 1.23 levels.
        for (name, profile, most) in [
            ("Display P3", ColorProfile::new_display_p3(), 1.0),
            ("Adobe RGB", ColorProfile::new_adobe_rgb(), 1.0),
            ("ProPhoto", ColorProfile::new_pro_photo_rgb(), 1.5),
        ] {
            let error = grid_error(&profile);
            eprintln!("{name}: {error:.3} levels");
            assert!(error <= most, "{name}: {error} levels");
        }
    }
}
