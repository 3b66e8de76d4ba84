//! Duration distributions used for service times, network round trips and propagation delays.
//!
//! A scenario describes each duration as constant, exponential (by its mean) or lognormal (by its
//! median and 99th percentile, the two numbers operators actually know about their network). The
//! parameters are validated by `crate::scenario` before a `Dist` is built, so sampling never fails.

use super::{Nanos, SimRng, to_nanos};

/// The standard normal quantile at 0.99 (`Φ⁻¹(0.99)`), used to fit a lognormal to p50 and p99.
pub const Z_99: f64 = 2.326_347_874_040_841;

/// A distribution of non-negative durations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Always the same duration.
    Constant(Nanos),
    /// Exponential with the given mean in nanoseconds (memoryless: the M in M/M/c).
    Exponential {
        /// Mean duration in nanoseconds.
        mean_ns: f64,
    },
    /// Lognormal: `exp(mu + sigma·Z)` nanoseconds, fitted from p50 and p99.
    LogNormal {
        /// Mean of the underlying normal, in ln(ns).
        mu: f64,
        /// Standard deviation of the underlying normal.
        sigma: f64,
    },
}

impl Dist {
    /// A lognormal with median `p50_ns` and 99th percentile `p99_ns` (`p99_ns >= p50_ns > 0`).
    ///
    /// `p99 == p50` degenerates to a constant, which is what the two numbers then mean.
    #[must_use]
    pub fn lognormal_from_p50_p99(p50_ns: f64, p99_ns: f64) -> Self {
        let mu = p50_ns.ln();
        let sigma = ((p99_ns.ln() - mu) / Z_99).max(0.0);
        Self::LogNormal { mu, sigma }
    }

    /// Draws one duration.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> Nanos {
        match *self {
            Self::Constant(ns) => ns,
            Self::Exponential { mean_ns } => to_nanos(mean_ns * rng.exp1()),
            Self::LogNormal { mu, sigma } => {
                if sigma == 0.0 {
                    to_nanos(mu.exp())
                } else {
                    to_nanos((mu + sigma * rng.std_normal()).exp())
                }
            }
        }
    }

    /// The mean duration in nanoseconds (before rounding to whole nanoseconds).
    #[must_use]
    pub fn mean_ns(&self) -> f64 {
        match *self {
            Self::Constant(ns) => ns as f64,
            Self::Exponential { mean_ns } => mean_ns,
            Self::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
        }
    }

    /// Whether every draw is zero (lets the model skip work, e.g. a zero network delay).
    #[must_use]
    pub fn is_zero(&self) -> bool {
        matches!(*self, Self::Constant(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognormal_fit_reproduces_its_percentiles() {
        let d = Dist::lognormal_from_p50_p99(300_000.0, 2_000_000.0);
        let mut r = SimRng::seed_from(11);
        let mut v: Vec<u64> = (0..200_000).map(|_| d.sample(&mut r)).collect();
        v.sort_unstable();
        let p50 = v[100_000] as f64;
        let p99 = v[198_000] as f64;
        assert!((p50 / 300_000.0 - 1.0).abs() < 0.02, "p50 {p50}");
        assert!((p99 / 2_000_000.0 - 1.0).abs() < 0.04, "p99 {p99}");
    }

    #[test]
    fn constant_and_degenerate_lognormal() {
        let mut r = SimRng::seed_from(1);
        assert_eq!(Dist::Constant(42).sample(&mut r), 42);
        assert_eq!(
            Dist::lognormal_from_p50_p99(1000.0, 1000.0).sample(&mut r),
            1000
        );
        assert!(Dist::Constant(0).is_zero());
        assert!((Dist::Exponential { mean_ns: 5.0 }.mean_ns() - 5.0).abs() < 1e-12);
    }

    #[test]
    fn exponential_mean() {
        let d = Dist::Exponential { mean_ns: 1_000.0 };
        let mut r = SimRng::seed_from(5);
        let n = 200_000u32;
        let s: u64 = (0..n).map(|_| d.sample(&mut r)).sum();
        let mean = s as f64 / f64::from(n);
        assert!((mean / 1_000.0 - 1.0).abs() < 0.012, "{mean}");
    }
}
