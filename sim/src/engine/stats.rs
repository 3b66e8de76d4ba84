//! Latency statistics: an HdrHistogram recorder and the percentile summary it produces.
//!
//! HdrHistogram keeps every percentile within a fixed relative error (3 significant digits here,
//! i.e. 0.1%) in constant memory and constant time per record, so a run of 60 million requests
//! needs no sample storage.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use super::{Nanos, as_micros};

/// Records durations in nanoseconds, from 1 ns up to about 1 hour (longer values are clamped).
#[derive(Debug, Clone)]
pub struct LatencyRecorder {
    hist: Histogram<u64>,
    sum_ns: u128,
}

/// The largest value the histogram tracks exactly; larger samples are clamped to it.
const MAX_TRACKED_NS: u64 = 3_600 * 1_000_000_000;

impl Default for LatencyRecorder {
    fn default() -> Self {
        Self::new()
    }
}

impl LatencyRecorder {
    /// An empty recorder.
    #[must_use]
    pub fn new() -> Self {
        // The bounds are constants that satisfy the constructor's contract (1 ≤ low,
        // high ≥ 2·low, sigfig ≤ 5); it cannot fail, and a unit test constructs it.
        #[allow(clippy::expect_used)]
        let hist = Histogram::new_with_bounds(1, MAX_TRACKED_NS, 3).expect("constant bounds");
        Self { hist, sum_ns: 0 }
    }

    /// Records one duration.
    #[inline]
    pub fn record(&mut self, ns: Nanos) {
        let v = ns.clamp(1, MAX_TRACKED_NS);
        self.hist.saturating_record(v);
        self.sum_ns += u128::from(ns);
    }

    /// Number of recorded values.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.hist.len()
    }

    /// Exact mean of the recorded values (not histogram-rounded), in ns.
    #[must_use]
    pub fn mean_ns(&self) -> f64 {
        if self.hist.is_empty() {
            0.0
        } else {
            self.sum_ns as f64 / self.hist.len() as f64
        }
    }

    /// The value at quantile `q` (0..=1), in ns (0 when empty).
    #[must_use]
    pub fn quantile_ns(&self, q: f64) -> u64 {
        if self.hist.is_empty() {
            0
        } else {
            self.hist.value_at_quantile(q)
        }
    }

    /// Adds another recorder's values into this one.
    pub fn merge(&mut self, other: &Self) {
        // Same bounds on both sides, so `add` cannot fail; ignore the impossible error.
        let _ = self.hist.add(&other.hist);
        self.sum_ns += other.sum_ns;
    }

    /// The percentile summary in microseconds.
    #[must_use]
    pub fn summary(&self) -> LatencySummary {
        let us = |q: f64| as_micros(self.quantile_ns(q));
        LatencySummary {
            count: self.count(),
            mean_us: self.mean_ns() / 1e3,
            p50_us: us(0.50),
            p90_us: us(0.90),
            p99_us: us(0.99),
            p999_us: us(0.999),
            max_us: if self.hist.is_empty() {
                0.0
            } else {
                as_micros(self.hist.max())
            },
        }
    }
}

/// Latency percentiles of one population of requests, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LatencySummary {
    /// Number of requests measured.
    pub count: u64,
    /// Arithmetic mean.
    pub mean_us: f64,
    /// Median.
    pub p50_us: f64,
    /// 90th percentile.
    pub p90_us: f64,
    /// 99th percentile.
    pub p99_us: f64,
    /// 99.9th percentile.
    pub p999_us: f64,
    /// Largest value seen.
    pub max_us: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_known_sequence() {
        let mut r = LatencyRecorder::new();
        for i in 1..=1000u64 {
            r.record(i * 1_000); // 1..=1000 µs
        }
        let s = r.summary();
        assert_eq!(s.count, 1000);
        assert!((s.mean_us - 500.5).abs() < 1e-9);
        // HdrHistogram with 3 significant digits: within 0.1% of the exact order statistic.
        assert!((s.p50_us - 500.0).abs() <= 0.5, "{}", s.p50_us);
        assert!((s.p99_us - 990.0).abs() <= 1.0, "{}", s.p99_us);
        assert!((s.max_us - 1000.0).abs() <= 1.0, "{}", s.max_us);
        let mut other = LatencyRecorder::new();
        other.record(2_000_000);
        r.merge(&other);
        assert_eq!(r.count(), 1001);
        assert!((r.summary().max_us - 2000.0).abs() <= 2.0);
    }

    #[test]
    fn empty_recorder_is_all_zero() {
        assert_eq!(LatencyRecorder::new().summary(), LatencySummary::default());
    }
}
