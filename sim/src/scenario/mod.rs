//! Scenario files: the TOML schema, strict parsing, and validation with file positions.
//!
//! A scenario describes one cluster and workload and enables one or more auth designs to compare
//! on it. Parsing is strict on purpose: an architect who mistypes `ttl_sec` must get an error, not
//! a silent default that changes the answer. Every table refuses unknown keys; every impossible
//! value (negative rate, zero servers, p99 below p50, an outage past the end of the run…) is
//! refused with the dotted field path and its line in the file. Runtime values (nanoseconds,
//! [`Dist`]) are derived here so the model never sees raw user input.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::engine::{Dist, micros};
use check::{non_negative, positive};

/// A scenario: one cluster and workload, and the designs to simulate on it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name, used for output folders and report titles.
    pub name: String,
    /// Free text describing what the scenario stands for.
    #[serde(default)]
    pub description: String,
    /// Seed of the run's random-number generator (same seed → byte-identical output).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Simulated time, in seconds.
    pub duration_s: f64,
    /// Requests arriving before this time are excluded from latency and per-request statistics
    /// (time series still cover the whole run).
    #[serde(default)]
    pub warmup_s: f64,
    /// Width of the time-series buckets, in seconds.
    #[serde(default = "default_bucket_s")]
    pub bucket_s: f64,
    /// Servers and load balancing.
    pub cluster: Cluster,
    /// Arrival process and user population.
    pub workload: Workload,
    /// The shared store (sessions, blocklists, refresh tokens).
    #[serde(default)]
    pub store: Store,
    /// Servers that crash and come back.
    #[serde(default)]
    pub server_failures: Vec<ServerFailure>,
    /// Revocation events.
    #[serde(default)]
    pub revocation: Revocation,
    /// The auth designs to simulate (each enabled table is one run).
    pub designs: Designs,
    /// Cost overrides and the calibration file to use.
    #[serde(default)]
    pub costs: Costs,
}

fn default_seed() -> u64 {
    1
}
fn default_bucket_s() -> f64 {
    1.0
}

/// A duration distribution as written in a scenario (all values in microseconds).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    /// Always `us` microseconds.
    Constant {
        /// The duration.
        us: f64,
    },
    /// Exponential with mean `mean_us`.
    Exponential {
        /// The mean.
        mean_us: f64,
    },
    /// Lognormal fitted to a median and a 99th percentile (`p99_us >= p50_us > 0`).
    Lognormal {
        /// The median.
        p50_us: f64,
        /// The 99th percentile.
        p99_us: f64,
    },
}

impl DistSpec {
    /// The runtime distribution (call after validation: see [`Scenario::problems`]).
    #[must_use]
    pub fn to_dist(&self) -> Dist {
        match *self {
            Self::Constant { us } => Dist::Constant(micros(us)),
            Self::Exponential { mean_us } => Dist::Exponential {
                mean_ns: mean_us * 1e3,
            },
            Self::Lognormal { p50_us, p99_us } => {
                Dist::lognormal_from_p50_p99(p50_us * 1e3, p99_us * 1e3)
            }
        }
    }

    fn check(&self, path: &str, errs: &mut Vec<Problem>) {
        match *self {
            Self::Constant { us } => non_negative(errs, &format!("{path}.us"), us),
            Self::Exponential { mean_us } => positive(errs, &format!("{path}.mean_us"), mean_us),
            Self::Lognormal { p50_us, p99_us } => {
                positive(errs, &format!("{path}.p50_us"), p50_us);
                positive(errs, &format!("{path}.p99_us"), p99_us);
                if p99_us < p50_us {
                    errs.push(Problem::new(
                        format!("{path}.p99_us"),
                        format!("p99_us ({p99_us}) is below p50_us ({p50_us}); a 99th percentile cannot be smaller than the median"),
                    ));
                }
            }
        }
    }
}

/// How the load balancer picks a server for a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Balancer {
    /// Uniformly at random among live servers.
    Random,
    /// In turn, skipping dead servers.
    #[default]
    RoundRobin,
    /// Power of two choices: the less loaded (fewer requests in flight) of two random live
    /// servers. O(1) per request, and within a small constant of true least-loaded.
    LeastLoaded,
}

/// The server tier.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Number of servers (≥ 1).
    pub servers: u32,
    /// Worker cores per server (≥ 1), sharing one FCFS queue.
    pub cores: u32,
    /// Load-balancing policy (`session_sticky` always routes by cookie instead).
    #[serde(default)]
    pub balancer: Balancer,
    /// Application CPU time per request, excluding authentication.
    pub handler: DistSpec,
}

/// The open-loop arrival process.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Mean arrival rate, requests per second (Poisson).
    pub rate: f64,
    /// Number of distinct users; each request belongs to one user chosen uniformly.
    pub users: u32,
    /// Periods where the arrival rate is multiplied.
    #[serde(default)]
    pub bursts: Vec<Burst>,
}

/// A period of higher (or lower) arrival rate.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Burst {
    /// Start, seconds from the beginning of the run.
    pub start_s: f64,
    /// Length in seconds.
    pub duration_s: f64,
    /// Rate multiplier during the burst (> 0).
    pub factor: f64,
}

/// The shared store: S shards, each one FCFS worker with a finite room, behind a network.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// Number of shards (keys are spread by user).
    #[serde(default = "default_shards")]
    pub shards: u32,
    /// Service time of one operation on a shard.
    #[serde(default = "default_store_service")]
    pub service: DistSpec,
    /// Operations a shard holds (waiting + in service) before refusing new ones.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Network round trip between a server and the store (half each way).
    #[serde(default = "default_rtt")]
    pub rtt: DistSpec,
    /// Periods where the store (or one shard) is unreachable.
    #[serde(default)]
    pub outages: Vec<Outage>,
}

fn default_shards() -> u32 {
    1
}
fn default_store_service() -> DistSpec {
    DistSpec::Exponential { mean_us: 20.0 }
}
fn default_capacity() -> u32 {
    10_000
}
fn default_rtt() -> DistSpec {
    DistSpec::Lognormal {
        p50_us: 250.0,
        p99_us: 1_000.0,
    }
}

impl Default for Store {
    fn default() -> Self {
        Self {
            shards: default_shards(),
            service: default_store_service(),
            capacity: default_capacity(),
            rtt: default_rtt(),
            outages: Vec::new(),
        }
    }
}

/// A store outage window.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Outage {
    /// Start, seconds from the beginning of the run.
    pub start_s: f64,
    /// Length in seconds.
    pub duration_s: f64,
    /// Only this shard is down (all shards when absent).
    #[serde(default)]
    pub shard: Option<u32>,
}

/// A server crash: the server leaves at `at_s` and returns `down_s` seconds later, empty.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerFailure {
    /// Index of the server (0-based).
    pub server: u32,
    /// Crash time, seconds from the beginning.
    pub at_s: f64,
    /// Downtime in seconds.
    pub down_s: f64,
}

/// Revocation events.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// Revocations per second of one random user's current credential (Poisson).
    #[serde(default)]
    pub rate: f64,
    /// Individual revocations (of a random user's credential) at these times, seconds.
    #[serde(default)]
    pub at_s: Vec<f64>,
    /// An incident: every credential issued so far is revoked at this time, seconds.
    #[serde(default)]
    pub revoke_all_at_s: Option<f64>,
}

/// Parameters of a design that verifies a JWT on every request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JwtParams {
    /// Signature algorithm (a name present in the calibration, e.g. `EdDSA`).
    pub alg: String,
    /// Token lifetime in seconds.
    pub ttl_s: f64,
}

/// `jwt_blocklist_poll`: a local blocklist refreshed periodically.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PollParams {
    /// Signature algorithm.
    pub alg: String,
    /// Token lifetime in seconds.
    pub ttl_s: f64,
    /// Polling period in seconds (servers poll at staggered phases).
    pub poll_s: f64,
}

/// `jwt_blocklist_push`: a local blocklist updated by pub/sub.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PushParams {
    /// Signature algorithm.
    pub alg: String,
    /// Token lifetime in seconds.
    pub ttl_s: f64,
    /// Delay from the store write to the servers' local blocklists.
    pub push_delay: DistSpec,
}

/// `session` and `session_sticky` have no parameters beyond the cluster and store.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionParams {}

/// `session_cached`: a bounded local cache of session lookups on every server.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CachedParams {
    /// How long a positive lookup is trusted, seconds.
    pub cache_ttl_s: f64,
    /// Entries per server (direct-mapped by user).
    #[serde(default = "default_slots")]
    pub cache_slots: u32,
    /// During a store failure, accept a request whose session is in the cache even if expired.
    #[serde(default = "default_true")]
    pub stale_if_error: bool,
}

fn default_slots() -> u32 {
    65_536
}
fn default_true() -> bool {
    true
}

/// `refresh_rotation`: short-lived access JWT, stateful rotating refresh token.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshParams {
    /// Signature algorithm of the access token.
    pub alg: String,
    /// Access-token lifetime in seconds; at expiry the client refreshes on the store.
    pub access_ttl_s: f64,
}

/// The designs to simulate; each present table enables one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Designs {
    /// Stateless JWT.
    pub jwt: Option<JwtParams>,
    /// JWT + blocklist read from the shared store on every request.
    pub jwt_blocklist_remote: Option<JwtParams>,
    /// JWT + locally cached blocklist, polled.
    pub jwt_blocklist_poll: Option<PollParams>,
    /// JWT + locally cached blocklist, pushed.
    pub jwt_blocklist_push: Option<PushParams>,
    /// Session looked up in the shared store on every request.
    pub session: Option<SessionParams>,
    /// Session with a local cache.
    pub session_cached: Option<CachedParams>,
    /// Session held in one server's memory, sticky routing.
    pub session_sticky: Option<SessionParams>,
    /// Short access JWT + rotating refresh token.
    pub refresh_rotation: Option<RefreshParams>,
}

/// Cost knobs that are not measured by `calibrate`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Calibration file (relative to the scenario file); the committed default when absent.
    #[serde(default)]
    pub calibration: Option<PathBuf>,
    /// CPU time of one lookup in a local in-memory table (cache, blocklist, sticky sessions), µs.
    #[serde(default = "default_local_lookup")]
    pub local_lookup_us: f64,
    /// Bytes a server sends to the store per operation (command + key).
    #[serde(default = "default_store_req_bytes")]
    pub store_request_bytes: u32,
    /// Bytes the store returns per operation (reply + value).
    #[serde(default = "default_store_resp_bytes")]
    pub store_response_bytes: u32,
}

fn default_local_lookup() -> f64 {
    0.1
}
fn default_store_req_bytes() -> u32 {
    80
}
fn default_store_resp_bytes() -> u32 {
    160
}

impl Default for Costs {
    fn default() -> Self {
        Self {
            calibration: None,
            local_lookup_us: default_local_lookup(),
            store_request_bytes: default_store_req_bytes(),
            store_response_bytes: default_store_resp_bytes(),
        }
    }
}

mod check;
mod load;

pub use check::Problem;
pub use load::{ScenarioError, ScenarioFile};
