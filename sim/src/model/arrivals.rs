//! The open-loop arrival process: Poisson with a piecewise-constant rate (bursts).
//!
//! Inter-arrival times are drawn as unit exponentials spent against the rate: a draw that crosses
//! a rate change is carried over at the new rate, which by memorylessness gives an exact
//! non-homogeneous Poisson process for piecewise-constant rates.

use crate::engine::{Nanos, SimRng, nanos_to_f64, secs, to_nanos};
use crate::scenario::Burst;

/// Arrival times generator; one pending arrival at a time keeps the event queue small.
#[derive(Debug, Clone)]
pub struct Arrivals {
    /// (start, end, rate per ns) segments covering `[0, end)`.
    segs: Vec<(Nanos, Nanos, f64)>,
    idx: usize,
    t: Nanos,
    /// Expected number of arrivals over the run (the integral of the rate).
    pub expected: f64,
}

impl Arrivals {
    /// Arrivals at `rate_per_s`, multiplied by each burst's factor while it lasts, until `end`.
    #[must_use]
    pub fn new(rate_per_s: f64, bursts: &[Burst], end: Nanos) -> Self {
        let mut cuts = vec![0, end];
        for b in bursts {
            let a = secs(b.start_s).min(end);
            cuts.push(a);
            cuts.push(a.saturating_add(secs(b.duration_s)).min(end));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut segs = Vec::with_capacity(cuts.len());
        let mut expected = 0.0;
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mid = a + (b - a) / 2;
            let factor: f64 = bursts
                .iter()
                .filter(|x| {
                    let s = secs(x.start_s);
                    mid >= s && mid < s.saturating_add(secs(x.duration_s))
                })
                .map(|x| x.factor)
                .product();
            let r = rate_per_s * factor / 1e9;
            expected += r * (b - a) as f64;
            segs.push((a, b, r));
        }
        Self {
            segs,
            idx: 0,
            t: 0,
            expected,
        }
    }

    /// The next arrival time, or `None` after the end of the run.
    #[inline]
    pub fn next(&mut self, rng: &mut SimRng) -> Option<Nanos> {
        let mut e = rng.exp1();
        loop {
            let &(_, b, r) = self.segs.get(self.idx)?;
            if r > 0.0 {
                let cand = nanos_to_f64(self.t) + e / r;
                if cand < nanos_to_f64(b) {
                    self.t = to_nanos(cand).max(self.t);
                    return Some(self.t);
                }
                e -= (b - self.t) as f64 * r;
            }
            self.t = b;
            self.idx += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_count_and_burst_multiplier() {
        let bursts = [Burst {
            start_s: 1.0,
            duration_s: 1.0,
            factor: 3.0,
        }];
        let mut a = Arrivals::new(10_000.0, &bursts, secs(3.0));
        assert!((a.expected - 50_000.0).abs() < 1e-6);
        let mut r = SimRng::seed_from(9);
        let (mut in_burst, mut total) = (0u32, 0u32);
        let mut last = 0;
        while let Some(t) = a.next(&mut r) {
            assert!(t >= last);
            last = t;
            total += 1;
            if (secs(1.0)..secs(2.0)).contains(&t) {
                in_burst += 1;
            }
        }
        // Poisson counts: sd = sqrt(mean); 5 sd bounds.
        assert!(
            (total as f64 - 50_000.0).abs() < 5.0 * 50_000f64.sqrt(),
            "{total}"
        );
        assert!(
            (in_burst as f64 - 30_000.0).abs() < 5.0 * 30_000f64.sqrt(),
            "{in_burst}"
        );
        assert!(last < secs(3.0));
    }
}
