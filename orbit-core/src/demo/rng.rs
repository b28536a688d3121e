//! The generator's one random stream (scheduling-patientflow.md §11): ChaCha8 seeded with `seed_from_u64`,
//! and the draws of the spec implemented here over `next_u64` only, so a plan never depends on another
//! crate's distribution code (which may change between versions).

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// `round_js(x)` (scheduling-patientflow.md §0): JavaScript `Math.round`, half toward +∞.
pub fn round_js(x: f64) -> i64 {
    let f = x.floor();
    if x - f >= 0.5 { f as i64 + 1 } else { f as i64 }
}

/// The seeded stream and its draws.
#[derive(Debug, Clone)]
pub struct Stream {
    rng: ChaCha8Rng,
}

impl Stream {
    /// The stream of `seed`.
    pub fn new(seed: u64) -> Stream {
        Stream { rng: ChaCha8Rng::seed_from_u64(seed) }
    }

    /// The next raw 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// `U(a, b)`: a uniform integer in `[a, b]` (inclusive; `a` when `b ≤ a`). Unbiased: raw values past the
    /// largest multiple of the span are redrawn.
    pub fn uniform(&mut self, a: i64, b: i64) -> i64 {
        if b <= a {
            return a;
        }
        let span = (b - a) as u64 + 1;
        let zone = u64::MAX - (u64::MAX % span + 1) % span;
        loop {
            let x = self.next_u64();
            if x <= zone {
                return a + (x % span) as i64;
            }
        }
    }

    /// `U(range.0, range.1)`.
    pub fn uniform_in(&mut self, range: (i64, i64)) -> i64 {
        self.uniform(range.0, range.1)
    }

    /// A uniform real in `[0, 1)` from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `chance(p)`: true with probability `p` (one draw, also for p = 0 or 1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// `choice(list)`: a uniform index into a list of `len` items (`None` for an empty list, without a draw).
    pub fn choice(&mut self, len: usize) -> Option<usize> {
        (len > 0).then(|| self.uniform(0, len as i64 - 1) as usize)
    }

    /// `weighted(items, w)`: an index drawn with probability `w[i] / Σw` (`None` when Σw ≤ 0, without a
    /// draw).
    pub fn weighted(&mut self, weights: &[f64]) -> Option<usize> {
        let total: f64 = weights.iter().sum();
        if weights.is_empty() || total <= 0.0 {
            return None;
        }
        let x = self.unit() * total;
        let mut cum = 0.0;
        for (i, w) in weights.iter().enumerate() {
            cum += w;
            if x < cum {
                return Some(i);
            }
        }
        weights.iter().rposition(|w| *w > 0.0)
    }

    /// `m` distinct indices of `0..n` chosen uniformly (a partial Fisher–Yates shuffle: `min(m, n)` draws), in
    /// the order drawn.
    pub fn sample(&mut self, n: usize, m: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        let m = m.min(n);
        for j in 0..m {
            let r = self.uniform(j as i64, n as i64 - 1) as usize;
            idx.swap(j, r);
        }
        idx.truncate(m);
        idx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{any, prop_assert, prop_assert_eq, proptest};

    #[test]
    fn round_js_rounds_half_up() {
        assert_eq!(round_js(2.5), 3);
        assert_eq!(round_js(-2.5), -2);
        assert_eq!(round_js(77.9), 78);
        assert_eq!(round_js(14.25), 14);
        assert_eq!(round_js(26.6), 27);
    }

    #[test]
    fn the_stream_is_chacha8_seeded_from_u64() {
        let mut a = Stream::new(42);
        let mut b = ChaCha8Rng::seed_from_u64(42);
        for _ in 0..10 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        // Pinned: a change of the stream or of U(a, b) changes every generated database.
        let mut s = Stream::new(7);
        let draws: Vec<i64> = (0..8).map(|_| s.uniform(1, 6)).collect();
        let mut again = Stream::new(7);
        assert_eq!(draws, (0..8).map(|_| again.uniform(1, 6)).collect::<Vec<_>>());
    }

    #[test]
    fn uniform_covers_its_range_evenly() {
        let mut s = Stream::new(1);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[(s.uniform(-2, 3) + 2) as usize] += 1;
        }
        // Each face ≈ 10 000; 5 σ ≈ 456.
        assert!(counts.iter().all(|c| (9_500..=10_500).contains(c)), "{counts:?}");
    }

    #[test]
    fn weighted_follows_the_weights() {
        let mut s = Stream::new(3);
        let w = [0.45, 0.30, 0.125, 0.125];
        let mut counts = [0u32; 4];
        for _ in 0..100_000 {
            counts[s.weighted(&w).unwrap()] += 1;
        }
        for (c, w) in counts.iter().zip(w) {
            assert!((f64::from(*c) / 100_000.0 - w).abs() < 0.01, "{counts:?}");
        }
        assert_eq!(s.weighted(&[]), None);
        assert_eq!(s.weighted(&[0.0]), None);
    }

    proptest! {
        #[test]
        fn uniform_stays_in_bounds(seed in any::<u64>(), a in -1000i64..1000, len in 0i64..1000) {
            let mut s = Stream::new(seed);
            let x = s.uniform(a, a + len);
            prop_assert!(x >= a && x <= a + len);
        }

        #[test]
        fn sample_is_distinct_and_in_range(seed in any::<u64>(), n in 0usize..200, m in 0usize..250) {
            let mut s = Stream::new(seed);
            let picked = s.sample(n, m);
            prop_assert_eq!(picked.len(), m.min(n));
            let mut sorted = picked.clone();
            sorted.sort_unstable();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), picked.len());
            prop_assert!(picked.iter().all(|i| *i < n));
        }
    }
}
