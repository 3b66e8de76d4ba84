//! The results of one simulated run, as plain serializable data.
//!
//! This is the stable interface between the simulator and everything that reads its results (the
//! CSV/JSON writers, the `report` charts, benches, tests). Units are in the field names: `_us`
//! microseconds, `_s` seconds, `_per_s` per simulated second. "Measured" requests are those that
//! arrived after the scenario's warm-up; time series cover the whole run.

use serde::{Deserialize, Serialize};

use super::DesignKind;
use crate::engine::LatencySummary;

/// Everything one run of one design on one scenario produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// The auth design simulated.
    pub design: DesignKind,
    /// RNG seed (with the scenario, fully determines every number here).
    pub seed: u64,
    /// Simulated seconds (whole run).
    pub duration_s: f64,
    /// Seconds excluded from per-request statistics at the start.
    pub warmup_s: f64,
    /// Mean offered arrival rate over the run, requests per second (bursts included).
    pub offered_rate_per_s: f64,
    /// Servers in the cluster.
    pub servers: u32,
    /// Cores per server.
    pub cores: u32,
    /// Store shards.
    pub shards: u32,
    /// Events the engine processed (for throughput figures).
    pub events: u64,
    /// Outcome counts of measured requests.
    pub requests: RequestCounts,
    /// End-to-end latency of measured, accepted requests (arrival at the load balancer to the end
    /// of processing on a core, including store round trips and queueing).
    pub latency: LatencySummary,
    /// Server CPU spent per request.
    pub cpu: CpuSummary,
    /// Shared-store load and cost.
    pub store: StoreSummary,
    /// Bytes on the wire per request.
    pub wire: WireSummary,
    /// Revocation exposure.
    pub revocation: RevocationSummary,
    /// Per-server load and failure effects.
    pub load: LoadSummary,
    /// Counters per time bucket over the whole run.
    pub timeseries: TimeSeries,
}

/// What happened to the measured requests. `offered = accepted + refused + failed`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCounts {
    /// Requests that arrived after warm-up.
    pub offered: u64,
    /// Served with a credential the server accepted (including wrongly accepted ones).
    pub accepted: u64,
    /// Answered "401": revoked, or a sticky session lost with its server.
    pub refused: u64,
    /// Failed for infrastructure reasons (sum of the `failed_*` fields).
    pub failed: u64,
    /// Needed the store while it (or the shard) was in an outage window.
    pub failed_store_outage: u64,
    /// Found the store shard full (its queue at capacity).
    pub failed_store_overload: u64,
    /// Lost because their server crashed while they were in it, or no server was up.
    pub failed_server_down: u64,
    /// Requests that were logins (first credential, or a new one after refusal/expiry).
    pub logins: u64,
    /// Logins caused by a server failure (sticky sessions lost with their server).
    pub forced_relogins: u64,
    /// Requests that renewed an access token on the store (`refresh_rotation`).
    pub refreshes: u64,
    /// `session_cached`: requests answered from the local cache without touching the store.
    pub cache_hits: u64,
    /// `session_cached`: requests served from a stale cache entry because the store failed.
    pub served_stale: u64,
}

/// Server CPU per request, from the calibrated costs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CpuSummary {
    /// Mean authentication CPU per measured request (verify, sign on login, cookie checks, local
    /// lookups), µs.
    pub auth_us_per_request: f64,
    /// Mean application CPU per measured request, µs.
    pub handler_us_per_request: f64,
    /// Total authentication CPU over measured requests, core-seconds.
    pub auth_core_seconds: f64,
    /// Busy fraction of all cores over the run (0..1).
    pub utilisation: f64,
}

/// Load on the shared store and its cost to requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreSummary {
    /// Store operations over the whole run (lookups, writes, polls, revocation writes).
    pub ops: u64,
    /// `ops` per simulated second.
    pub ops_per_s: f64,
    /// Store operations per measured request (0 for `jwt`, 1 for `session`).
    pub ops_per_request: f64,
    /// Mean time a measured request spent waiting on the store (network + queue + service),
    /// averaged over all measured requests, µs.
    pub us_per_request: f64,
    /// The same averaged only over requests that used the store, µs.
    pub us_per_store_request: f64,
    /// Busy fraction of the busiest shard (0..1).
    pub max_shard_utilisation: f64,
}

/// Bytes per measured request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct WireSummary {
    /// Credential bytes the client sends (token or cookie value).
    pub credential_bytes_per_request: f64,
    /// Bytes between server and store, both directions.
    pub store_bytes_per_request: f64,
}

/// How long revoked credentials kept working.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RevocationSummary {
    /// Credentials revoked (a revoke-all counts every live credential).
    pub revocations: u64,
    /// Requests accepted with a credential after it was revoked.
    pub wrongly_accepted: u64,
    /// Mean exposure window, seconds (revoke → last accepted request; 0 if none was accepted).
    pub exposure_mean_s: f64,
    /// Median exposure window, seconds.
    pub exposure_p50_s: f64,
    /// 99th percentile exposure window, seconds.
    pub exposure_p99_s: f64,
    /// Longest exposure window, seconds.
    pub exposure_max_s: f64,
    /// Revoked credentials still usable at the end of the run (their window is a lower bound).
    pub censored: u64,
    /// Every exposure window, seconds, in revocation order (for CDFs). At most
    /// [`MAX_EXPOSURE_SAMPLES`] are kept, chosen evenly over the revocations.
    pub exposure_samples_s: Vec<f64>,
}

/// Upper bound on [`RevocationSummary::exposure_samples_s`] so a revoke-all of millions of users
/// keeps output files small.
pub const MAX_EXPOSURE_SAMPLES: usize = 20_000;

/// Load per server, and the effects of server failures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadSummary {
    /// Requests routed to each server (whole run), indexed by server.
    pub requests_per_server: Vec<u64>,
    /// Busiest server's requests divided by the mean over servers (1.0 = perfectly even).
    pub max_over_mean: f64,
    /// Coefficient of variation of requests per server.
    pub cv: f64,
    /// Server crashes during the run.
    pub server_failures: u64,
}

/// Counters per time bucket, whole run. Bucket `i` covers `[i·bucket_s, (i+1)·bucket_s)`; events
/// after the end of the run (requests draining) fall in the last bucket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeSeries {
    /// Bucket width, seconds.
    pub bucket_s: f64,
    /// Requests arriving.
    pub offered: Vec<u64>,
    /// Requests accepted (by completion time).
    pub accepted: Vec<u64>,
    /// Requests refused (by completion time).
    pub refused: Vec<u64>,
    /// Requests failed (by the time the failure was known).
    pub failed: Vec<u64>,
    /// Requests wrongly accepted after their credential was revoked (by decision time).
    pub wrongly_accepted: Vec<u64>,
    /// Store operations (by the time the shard received them).
    pub store_ops: Vec<u64>,
    /// Logins (by arrival time).
    pub logins: Vec<u64>,
}

impl TimeSeries {
    /// Start time of each bucket, seconds.
    #[must_use]
    pub fn bucket_starts_s(&self) -> Vec<f64> {
        (0..self.offered.len())
            .map(|i| i as f64 * self.bucket_s)
            .collect()
    }

    /// Failed fraction per bucket: `failed / (accepted + refused + failed)` (0 when idle).
    #[must_use]
    pub fn error_rate(&self) -> Vec<f64> {
        (0..self.failed.len())
            .map(|i| {
                let done = self.accepted[i] + self.refused[i] + self.failed[i];
                if done == 0 {
                    0.0
                } else {
                    self.failed[i] as f64 / done as f64
                }
            })
            .collect()
    }
}
