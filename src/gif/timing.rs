//! Each frame's delay in hundredths of a second (GIF's unit), from framekit's own timeline,
//! rounded so that the times add up: frame i starts at round(t_i) hundredths, so that no
//! error builds up over a long animation (25 fps: 4 each; 30 fps: 3, 3, 4, ...).

/// The delays of frames starting at `starts` (microseconds, increasing, the first 0) that
/// end, all together, at `end`.
pub fn from_times(starts: &[u64], end: u64) -> Vec<u16> {
    let hundredths = |micros: u64| (micros + 5_000) / 10_000;
    let ends = starts.iter().skip(1).copied().chain(std::iter::once(end));
    (starts.iter().zip(ends))
        .map(|(&start, end)| clamp(hundredths(end).saturating_sub(hundredths(start))))
        .collect()
}

/// The delays of `count` frames at `numerator / denominator` frames a second.
pub fn from_rate(count: u64, numerator: u64, denominator: u64) -> Vec<u16> {
    let numerator = u128::from(numerator.max(1));
    let denominator = u128::from(denominator);
    // round(i * 100 * denominator / numerator), in whole numbers.
    let start = |i: u64| (u128::from(i) * 200 * denominator + numerator) / (2 * numerator);
    (0..count)
        .map(|i| clamp(start(i + 1).saturating_sub(start(i)) as u64))
        .collect()
}

/// A delay as GIF writes it (16 bits: at most 655.35 s).
fn clamp(hundredths: u64) -> u16 {
    u16::try_from(hundredths).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::{from_rate, from_times};

    #[test]
    fn rates_round_so_that_times_add_up() {
        assert_eq!(from_rate(3, 25, 1), [4, 4, 4]);
        assert_eq!(from_rate(6, 30, 1), [3, 4, 3, 3, 4, 3]);
        assert_eq!(
            from_rate(6, 30, 1)
                .iter()
                .map(|&d| u32::from(d))
                .sum::<u32>(),
            20
        );
        assert_eq!(from_rate(2, 30_000, 1001), [3, 4]);
    }

    #[test]
    fn own_times_give_their_own_delays() {
        // 0, 0.5 s, 0.52 s; the last shown 2 s.
        assert_eq!(from_times(&[0, 500_000, 520_000], 2_520_000), [50, 2, 200]);
        assert_eq!(from_times(&[0, 14_000], 28_000), [1, 2]);
    }
}
