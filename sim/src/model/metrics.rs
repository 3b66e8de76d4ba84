//! Accumulators filled during a run, and their conversion into a [`RunSummary`].

use super::summary::{
    CpuSummary, LoadSummary, MAX_EXPOSURE_SAMPLES, RequestCounts, RevocationSummary, StoreSummary,
    TimeSeries, WireSummary,
};
use crate::engine::{LatencyRecorder, Nanos, as_secs};

/// Per-run counters.
#[derive(Debug)]
pub struct Metrics {
    /// Requests arriving before this are not measured.
    pub warmup: Nanos,
    bucket: Nanos,
    /// The last bucket looked up, `[lo, lo + span)` → `cur`: nearly every lookup is for the
    /// current event time, so this saves a 64-bit division per lookup (several per request).
    cur: usize,
    cur_lo: Nanos,
    cur_span: Nanos,
    /// Outcome counts of measured requests.
    pub counts: RequestCounts,
    /// Latency of measured accepted requests.
    pub latency: LatencyRecorder,
    /// Auth CPU of measured requests, ns.
    pub auth_ns: u128,
    /// Handler CPU of measured requests, ns.
    pub handler_ns: u128,
    /// Store waiting time of measured requests, ns.
    pub store_wait_ns: u128,
    /// Measured requests that used the store.
    pub store_requests: u64,
    /// Store operations of measured requests.
    pub store_ops_measured: u64,
    /// All store operations.
    pub store_ops: u64,
    /// Credential bytes of measured requests.
    pub credential_bytes: u64,
    /// Store bytes of measured requests.
    pub store_bytes: u64,
    /// Time series.
    pub ts: TimeSeries,
}

impl Metrics {
    /// Empty counters for a run of `duration` with buckets of `bucket` ns.
    #[must_use]
    pub fn new(duration: Nanos, warmup: Nanos, bucket: Nanos, bucket_s: f64) -> Self {
        let bucket = bucket.max(1);
        let n = usize::try_from(duration.div_ceil(bucket).max(1)).unwrap_or(1);
        let z = vec![0u64; n];
        Self {
            warmup,
            bucket,
            cur: 0,
            cur_lo: 0,
            cur_span: 0,
            counts: RequestCounts::default(),
            latency: LatencyRecorder::new(),
            auth_ns: 0,
            handler_ns: 0,
            store_wait_ns: 0,
            store_requests: 0,
            store_ops_measured: 0,
            store_ops: 0,
            credential_bytes: 0,
            store_bytes: 0,
            ts: TimeSeries {
                bucket_s,
                offered: z.clone(),
                accepted: z.clone(),
                refused: z.clone(),
                failed: z.clone(),
                wrongly_accepted: z.clone(),
                store_ops: z.clone(),
                logins: z,
            },
        }
    }

    /// The time-series bucket of `t` (late events land in the last bucket).
    #[inline]
    pub fn bucket(&mut self, t: Nanos) -> usize {
        if t.wrapping_sub(self.cur_lo) < self.cur_span {
            return self.cur;
        }
        self.bucket_slow(t)
    }

    /// [`Self::bucket`] by division; remembers the bucket's range.
    #[cold]
    fn bucket_slow(&mut self, t: Nanos) -> usize {
        let last = self.ts.offered.len() - 1;
        let i = usize::try_from(t / self.bucket)
            .unwrap_or(usize::MAX)
            .min(last);
        self.cur = i;
        // `i ≤ last` and the series covers the run, so `i · bucket` does not overflow.
        self.cur_lo = i as u64 * self.bucket;
        self.cur_span = if i == last {
            u64::MAX - self.cur_lo
        } else {
            self.bucket
        };
        i
    }

    /// Whether a request that arrived at `arrival` is measured.
    #[inline]
    #[must_use]
    pub fn measured(&self, arrival: Nanos) -> bool {
        arrival >= self.warmup
    }

    /// Counts one store operation received at `t`.
    #[inline]
    pub fn store_op(&mut self, t: Nanos, measured: bool) {
        self.store_ops += 1;
        if measured {
            self.store_ops_measured += 1;
        }
        let b = self.bucket(t);
        self.ts.store_ops[b] += 1;
    }

    /// CPU summary given the cluster's total admitted CPU and its capacity in core-ns.
    #[must_use]
    pub fn cpu(&self, busy_ns: u128, capacity_core_ns: f64) -> CpuSummary {
        let n = self.counts.offered.max(1) as f64;
        CpuSummary {
            auth_us_per_request: self.auth_ns as f64 / 1e3 / n,
            handler_us_per_request: self.handler_ns as f64 / 1e3 / n,
            auth_core_seconds: self.auth_ns as f64 / 1e9,
            utilisation: if capacity_core_ns > 0.0 {
                busy_ns as f64 / capacity_core_ns
            } else {
                0.0
            },
        }
    }

    /// Store summary.
    #[must_use]
    pub fn store(&self, duration: Nanos, max_shard_utilisation: f64) -> StoreSummary {
        let n = self.counts.offered.max(1) as f64;
        StoreSummary {
            ops: self.store_ops,
            ops_per_s: self.store_ops as f64 / as_secs(duration.max(1)),
            ops_per_request: self.store_ops_measured as f64 / n,
            us_per_request: self.store_wait_ns as f64 / 1e3 / n,
            us_per_store_request: if self.store_requests == 0 {
                0.0
            } else {
                self.store_wait_ns as f64 / 1e3 / self.store_requests as f64
            },
            max_shard_utilisation,
        }
    }

    /// Wire summary.
    #[must_use]
    pub fn wire(&self) -> WireSummary {
        let n = self.counts.offered.max(1) as f64;
        WireSummary {
            credential_bytes_per_request: self.credential_bytes as f64 / n,
            store_bytes_per_request: self.store_bytes as f64 / n,
        }
    }
}

/// Summarises exposure windows (ns, in revocation order).
#[must_use]
pub fn revocation_summary(windows: &[Nanos], wrongly: u64, censored: u64) -> RevocationSummary {
    let mut sorted = windows.to_vec();
    sorted.sort_unstable();
    let q = |p: f64| -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        // Nearest-rank percentile: the smallest value with at least p of the samples at or below.
        let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
        as_secs(sorted[rank.min(sorted.len()) - 1])
    };
    let stride = windows.len().div_ceil(MAX_EXPOSURE_SAMPLES).max(1);
    RevocationSummary {
        revocations: windows.len() as u64,
        wrongly_accepted: wrongly,
        exposure_mean_s: if windows.is_empty() {
            0.0
        } else {
            windows.iter().map(|&w| w as f64).sum::<f64>() / windows.len() as f64 / 1e9
        },
        exposure_p50_s: q(0.5),
        exposure_p99_s: q(0.99),
        exposure_max_s: sorted.last().map_or(0.0, |&w| as_secs(w)),
        censored,
        exposure_samples_s: windows
            .iter()
            .step_by(stride)
            .map(|&w| as_secs(w))
            .collect(),
    }
}

/// Load summary from requests routed per server.
#[must_use]
pub fn load_summary(routed: &[u64], failures: u64) -> LoadSummary {
    let n = routed.len().max(1) as f64;
    let mean = routed.iter().sum::<u64>() as f64 / n;
    let max = routed.iter().copied().max().unwrap_or(0) as f64;
    let var = routed
        .iter()
        .map(|&r| (r as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    LoadSummary {
        requests_per_server: routed.to_vec(),
        max_over_mean: if mean > 0.0 { max / mean } else { 0.0 },
        cv: if mean > 0.0 { var.sqrt() / mean } else { 0.0 },
        server_failures: failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_percentiles_nearest_rank() {
        let w: Vec<Nanos> = (1..=100).map(|i| i * 1_000_000_000).collect();
        let s = revocation_summary(&w, 7, 1);
        assert_eq!(s.revocations, 100);
        assert_eq!(s.wrongly_accepted, 7);
        assert!((s.exposure_mean_s - 50.5).abs() < 1e-9);
        assert!((s.exposure_p50_s - 50.0).abs() < 1e-9);
        assert!((s.exposure_p99_s - 99.0).abs() < 1e-9);
        assert!((s.exposure_max_s - 100.0).abs() < 1e-9);
        assert_eq!(s.exposure_samples_s.len(), 100);
        let empty = revocation_summary(&[], 0, 0);
        assert_eq!(empty.exposure_p99_s, 0.0);
    }

    #[test]
    fn load_skew() {
        let l = load_summary(&[10, 10, 40], 1);
        assert!((l.max_over_mean - 2.0).abs() < 1e-12);
        assert!((l.cv - (200.0f64).sqrt() / 20.0).abs() < 1e-12);
        assert_eq!(l.server_failures, 1);
    }

    #[test]
    fn buckets_clamp_to_the_last() {
        let mut m = Metrics::new(10_000, 0, 1_000, 1e-6);
        assert_eq!(m.ts.offered.len(), 10);
        // In and out of order, so that the remembered range is entered and left both ways.
        for (t, b) in [
            (0, 0),
            (999, 0),
            (1_000, 1),
            (9_999, 9),
            (50_000, 9),
            (u64::MAX, 9),
            (8_999, 8),
            (0, 0),
            (1_999, 1),
            (1_000, 1),
            (999, 0),
        ] {
            assert_eq!(m.bucket(t), b, "{t}");
        }
    }
}
