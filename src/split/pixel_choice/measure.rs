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
    /// The variance of the Laplacian of a `width` x `height` gray image: each interior
    /// pixel's `4c - up - down - left - right`. An image with no interior pixel is 0.
    pub fn of(gray: &[u16], width: usize, height: usize) -> Sharpness {
        if width < 3 || height < 3 || gray.len() < width * height {
            return Sharpness {
                numerator: 0,
                denominator: 1,
            };
        }
        let (mut sum, mut squares) = (0i64, 0u64);
        for y in 1..height - 1 {
            let row = &gray[y * width..(y + 1) * width];
            let up = &gray[(y - 1) * width..y * width];
            let down = &gray[(y + 1) * width..(y + 2) * width];
            for x in 1..width - 1 {
                let laplacian = 4 * i64::from(row[x])
                    - i64::from(up[x])
                    - i64::from(down[x])
                    - i64::from(row[x - 1])
                    - i64::from(row[x + 1]);
                sum += laplacian;
                squares += laplacian.unsigned_abs() * laplacian.unsigned_abs();
            }
        }
        let n = ((width - 2) * (height - 2)) as u128;
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
        assert_eq!(Sharpness::of(&flat, 16, 9).value(), 0.0);
        let stripes: Vec<u16> = (0..16 * 9)
            .map(|i| if (i % 16) % 2 == 0 { 0 } else { 255 })
            .collect();
        // Each interior Laplacian is +-510 (with 0 and 255 alternating): variance 510^2.
        assert_eq!(Sharpness::of(&stripes, 16, 9).value(), 260_100.0);
        let soft: Vec<u16> = (0..16 * 9).map(|i| (i % 16) * 16).collect();
        assert!(Sharpness::of(&stripes, 16, 9).sharper_than(Sharpness::of(&soft, 16, 9)));
        assert!(!Sharpness::of(&soft, 16, 9).sharper_than(Sharpness::of(&soft, 16, 9)));
        assert_eq!(Sharpness::of(&[1, 2], 2, 1).value(), 0.0);
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
