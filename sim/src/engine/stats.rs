//! Latency statistics: an HdrHistogram recorder and the percentile summary it produces.
//!
//! HdrHistogram keeps every percentile within a fixed relative error (3 significant digits here,
//! i.e. 0.1%) in constant memory and constant time per record, so a run of 60 million requests
//! needs no sample storage.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use super::{Nanos, as_micros};

/// Records durations in nanoseconds, from 1 ns up to about 1 hour (longer values are clamped).
///
/// Recording is the run loop's once-per-request cost, so it does not go through
/// `Histogram::saturating_record` (about 60 instructions with its range checks, resize path and
/// min/max upkeep): it increments a plain counts array laid out exactly like the histogram's
/// (same buckets, same index of every value), and the real [`Histogram`] is built from those
/// counts when percentiles are asked for. A test records the same values both ways and compares
/// every bucket boundary and percentile, so the summaries are identical to recording directly.
#[derive(Debug, Clone)]
pub struct LatencyRecorder {
    counts: Vec<u64>,
    count: u64,
    sum_ns: u128,
}

/// The largest value the histogram tracks exactly; larger samples are clamped to it.
const MAX_TRACKED_NS: u64 = 3_600 * 1_000_000_000;
/// Significant decimal digits kept by the histogram (0.1% relative error).
const SIGFIG: u8 = 3;
/// log2 of half the sub-buckets per bucket: 3 significant digits need 2·10^3 ≤ 2^11 sub-buckets
/// (HdrHistogram's layout with a lowest discernible value of 1, so no unit shift).
const HALF_MAGNITUDE: u32 = 10;
/// `sub_bucket_count - 1`: values below it all go to bucket 0.
const SUB_BUCKET_MASK: u64 = (1 << (HALF_MAGNITUDE + 1)) - 1;

/// The counts-array index HdrHistogram uses for `v` (lowest value 1, 3 significant digits).
#[inline]
fn index_of(v: u64) -> usize {
    // Bucket: how many powers of two `v` lies above bucket 0's range.
    let bucket = 64 - (HALF_MAGNITUDE + 1) - (v | SUB_BUCKET_MASK).leading_zeros();
    let sub = v >> bucket;
    // `sub` is in the upper half of the sub-buckets except in bucket 0, whose lower half takes
    // the indexes below 2^HALF_MAGNITUDE.
    ((bucket as usize + 1) << HALF_MAGNITUDE) + sub as usize - (1 << HALF_MAGNITUDE)
}

/// The smallest value stored at counts index `i` (the inverse of [`index_of`]).
fn value_at_index(i: usize) -> u64 {
    let half = 1usize << HALF_MAGNITUDE;
    let bucket = (i >> HALF_MAGNITUDE).saturating_sub(1);
    let sub = if i < half { i } else { (i & (half - 1)) + half };
    (sub as u64) << bucket
}

impl Default for LatencyRecorder {
    fn default() -> Self {
        Self::new()
    }
}

impl LatencyRecorder {
    /// An empty recorder.
    #[must_use]
    pub fn new() -> Self {
        Self {
            counts: vec![0; index_of(MAX_TRACKED_NS) + 1],
            count: 0,
            sum_ns: 0,
        }
    }

    /// Records one duration.
    #[inline]
    pub fn record(&mut self, ns: Nanos) {
        let v = ns.clamp(1, MAX_TRACKED_NS);
        if let Some(c) = self.counts.get_mut(index_of(v)) {
            *c += 1;
        }
        self.count += 1;
        self.sum_ns += u128::from(ns);
    }

    /// The same values in an HdrHistogram, for its percentile queries.
    #[must_use]
    pub fn histogram(&self) -> Histogram<u64> {
        // The bounds are constants that satisfy the constructor's contract (1 ≤ low,
        // high ≥ 2·low, sigfig ≤ 5); it cannot fail, and every test constructs it.
        #[allow(clippy::expect_used)]
        let mut h = Histogram::new_with_bounds(1, MAX_TRACKED_NS, SIGFIG).expect("constant bounds");
        for (i, &n) in self.counts.iter().enumerate() {
            if n > 0 {
                // The lowest value of the bucket lands in the same bucket: same counts, and the
                // same `max()` (the histogram reports the highest value of the max's bucket).
                h.saturating_record_n(value_at_index(i), n);
            }
        }
        h
    }

    /// Number of recorded values.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean of the recorded values (not histogram-rounded), in ns.
    #[must_use]
    pub fn mean_ns(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_ns as f64 / self.count as f64
        }
    }

    /// The value at quantile `q` (0..=1), in ns (0 when empty).
    #[must_use]
    pub fn quantile_ns(&self, q: f64) -> u64 {
        if self.count == 0 {
            0
        } else {
            self.histogram().value_at_quantile(q)
        }
    }

    /// Adds another recorder's values into this one.
    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.count += other.count;
        self.sum_ns += other.sum_ns;
    }

    /// The percentile summary in microseconds.
    #[must_use]
    pub fn summary(&self) -> LatencySummary {
        if self.count == 0 {
            return LatencySummary::default();
        }
        let h = self.histogram();
        let us = |q: f64| as_micros(h.value_at_quantile(q));
        LatencySummary {
            count: self.count,
            mean_us: self.mean_ns() / 1e3,
            p50_us: us(0.50),
            p90_us: us(0.90),
            p99_us: us(0.99),
            p999_us: us(0.999),
            max_us: as_micros(h.max()),
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

    /// The counts-array shortcut against HdrHistogram itself: every value's bucket (lowest and
    /// highest equivalent values), and every summary figure, on values spread over the whole
    /// range including both clamps.
    #[test]
    fn same_buckets_and_percentiles_as_recording_into_hdrhistogram() {
        #[allow(clippy::expect_used)]
        let mut direct =
            Histogram::<u64>::new_with_bounds(1, MAX_TRACKED_NS, SIGFIG).expect("bounds");
        let mut r = LatencyRecorder::new();
        // The histogram allocates whole buckets; the recorder stops at the largest tracked value.
        assert!(r.counts.len() <= direct.distinct_values());
        assert_eq!(r.counts.len(), index_of(MAX_TRACKED_NS) + 1);
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0,
            1,
            2,
            2047,
            2048,
            2049,
            4095,
            4096,
            MAX_TRACKED_NS,
            u64::MAX,
        ];
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Log-uniform over 1 ns .. ~2^43 ns.
            values.push(x >> (21 + x % 43));
        }
        for &v in &values {
            let c = v.clamp(1, MAX_TRACKED_NS);
            direct.saturating_record(c);
            r.record(v);
            let i = index_of(c);
            assert_eq!(value_at_index(i), direct.lowest_equivalent(c), "{v}");
            assert_eq!(
                index_of(direct.highest_equivalent(c)),
                i,
                "{v}: highest equivalent in the same bucket"
            );
        }
        let h = r.histogram();
        assert_eq!(h.len(), direct.len());
        assert_eq!(h.max(), direct.max());
        assert_eq!(h.min_nz(), direct.min_nz());
        for q in [0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0] {
            assert_eq!(h.value_at_quantile(q), direct.value_at_quantile(q), "q {q}");
        }
        assert!(
            h.iter_recorded()
                .zip(direct.iter_recorded())
                .all(|(a, b)| a.value_iterated_to() == b.value_iterated_to()
                    && a.count_at_value() == b.count_at_value())
        );
    }

    #[test]
    fn empty_recorder_is_all_zero() {
        assert_eq!(LatencyRecorder::new().summary(), LatencySummary::default());
    }
}
