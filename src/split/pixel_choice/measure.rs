//! The two measures `--sharpest` and `--dedupe` take of a frame's reduced luma image (gray
//! samples of 8 to 16 bits, row by row): the variance of its Laplacian, and the mean absolute difference
//! between two frames. Integer sums only, so that the same pixels give the same result on
//! every machine.

/// How sharp a frame is: the variance of its 4-neighbour Laplacian, kept as the exact
/// integers it is made of, so that two frames compare without rounding (ties are ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sharpness {
    /// `n * sum(L^2) - sum(L)^2`, with `n` the number of interior pixels.
    numerator: u128,
    /// `n^2`.
    denominator: u128,
}

impl Sharpness {
    /// The variance of the Laplacian of a `width` x `height` gray image of `depth`-bit
    /// samples: each interior pixel's `4c - up - down - left - right`. An image with no
    /// interior pixel is 0.
    pub fn of(gray: &[u16], width: usize, height: usize, depth: u32) -> Sharpness {
        if width < 3 || height < 3 || gray.len() < width * height {
            return Sharpness {
                numerator: 0,
                denominator: 1,
            };
        }
        let inner = width - 2;
        // 8-bit samples: each Laplacian fits an i16 (|L| <= 1020) and a row's sums fit an
        // i32 (318 squares of at most 1020^2 for a 320-wide image), which the compiler
        // turns into wide vector arithmetic; the sums are the same integers either way.
        let narrow = depth <= 8 && inner <= NARROW_ROW;
        let (mut sum, mut squares) = (0i64, 0u64);
        for y in 1..height - 1 {
            let up = &gray[(y - 1) * width + 1..][..inner];
            let down = &gray[(y + 1) * width + 1..][..inner];
            let row = &gray[y * width..][..width];
            let (left, centre, right) = (&row[..inner], &row[1..][..inner], &row[2..][..inner]);
            let (row_sum, row_squares) = match narrow {
                true => narrow_row(centre, up, down, left, right),
                false => wide_row(centre, up, down, left, right),
            };
            sum += row_sum;
            squares += row_squares;
        }
        let n = (inner * (height - 2)) as u128;
        let sum = sum.unsigned_abs() as u128;
        Sharpness {
            numerator: n * u128::from(squares) - sum * sum,
            denominator: n * n,
        }
    }

    /// The variance as a number, as the manifest shows it.
    pub fn value(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    /// Whether this frame is strictly sharper than `other` (of the same size).
    pub fn sharper_than(self, other: Sharpness) -> bool {
        // a/b > c/d, exactly: every image of a run has the same size, and so the same n.
        self.numerator * other.denominator > other.numerator * self.denominator
    }
}

/// The longest row of inner pixels whose sums of 8-bit Laplacians fit an i32
/// (`2064 * 1020^2 < 2^31`).
const NARROW_ROW: usize = 2064;

/// One row's sum of Laplacians and of their squares, for samples of at most 8 bits.
fn narrow_row(centre: &[u16], up: &[u16], down: &[u16], left: &[u16], right: &[u16]) -> (i64, u64) {
    let (mut sum, mut squares) = (0i32, 0i32);
    for ((((&c, &u), &d), &l), &r) in centre.iter().zip(up).zip(down).zip(left).zip(right) {
        // At most 8 bits each: 4c fits an i16, and so does the Laplacian.
        let laplacian = (4 * c as i16) - u as i16 - d as i16 - l as i16 - r as i16;
        sum += i32::from(laplacian);
        squares += i32::from(laplacian) * i32::from(laplacian);
    }
    (i64::from(sum), squares as u64)
}

/// One row's sum of Laplacians and of their squares, for samples of up to 16 bits.
fn wide_row(centre: &[u16], up: &[u16], down: &[u16], left: &[u16], right: &[u16]) -> (i64, u64) {
    let (mut sum, mut squares) = (0i64, 0u64);
    for ((((&c, &u), &d), &l), &r) in centre.iter().zip(up).zip(down).zip(left).zip(right) {
        let laplacian =
            4 * i64::from(c) - i64::from(u) - i64::from(d) - i64::from(l) - i64::from(r);
        sum += laplacian;
        squares += laplacian.unsigned_abs() * laplacian.unsigned_abs();
    }
    (sum, squares)
}

/// The mean absolute difference of two gray images of the same size, in levels of 8 bits
/// (0-255) whatever their `depth`.
pub fn mean_difference(a: &[u16], b: &[u16], depth: u32) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return f64::INFINITY;
    }
    let total: u64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| u64::from(x.abs_diff(y)))
        .sum();
    let scale = f64::from(1u32 << depth.saturating_sub(8));
    total as f64 / a.len() as f64 / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_image_has_no_sharpness_and_edges_have_some() {
        let flat = vec![128u16; 16 * 9];
        assert_eq!(Sharpness::of(&flat, 16, 9, 8).value(), 0.0);
        let stripes: Vec<u16> = (0..16 * 9)
            .map(|i| if (i % 16) % 2 == 0 { 0 } else { 255 })
            .collect();
        // Each interior Laplacian is +-510 (with 0 and 255 alternating): variance 510^2.
        assert_eq!(Sharpness::of(&stripes, 16, 9, 8).value(), 260_100.0);
        let soft: Vec<u16> = (0..16 * 9).map(|i| (i % 16) * 16).collect();
        assert!(Sharpness::of(&stripes, 16, 9, 8).sharper_than(Sharpness::of(&soft, 16, 9, 8)));
        assert!(!Sharpness::of(&soft, 16, 9, 8).sharper_than(Sharpness::of(&soft, 16, 9, 8)));
        assert_eq!(Sharpness::of(&[1, 2], 2, 1, 8).value(), 0.0);
    }

    #[test]
    fn eight_bit_rows_sum_as_deeper_ones_do() {
        // The narrow (i16/i32) sums of 8-bit rows are the wide (i64) sums, extremes too.
        let mut seed = 12_345u32;
        let mut noise = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            ((seed >> 16) & 255) as u16
        };
        let random: Vec<u16> = (0..320 * 180).map(|_| noise()).collect();
        let checker: Vec<u16> = (0..320 * 180)
            .map(|i| if (i % 320 + i / 320) % 2 == 0 { 255 } else { 0 })
            .collect();
        for image in [random, checker] {
            assert_eq!(
                Sharpness::of(&image, 320, 180, 8),
                Sharpness::of(&image, 320, 180, 16)
            );
        }
    }

    #[test]
    fn differences_are_mean_absolute_levels() {
        assert_eq!(mean_difference(&[0, 10, 20, 30], &[0, 10, 20, 30], 8), 0.0);
        assert_eq!(mean_difference(&[0, 10, 20, 30], &[4, 6, 20, 30], 8), 2.0);
        // 10-bit levels are a quarter of an 8-bit level.
        assert_eq!(
            mean_difference(&[0, 40, 80, 120], &[16, 24, 80, 120], 10),
            2.0
        );
        assert_eq!(mean_difference(&[0], &[0, 1], 8), f64::INFINITY);
    }
}
