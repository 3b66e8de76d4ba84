//! The built-in scenario suite the report runs: which clusters, loads and designs each chart needs.
//!
//! Every job is an ordinary [`Scenario`] with exactly one design enabled, so anything the report
//! shows can be reproduced with `edgeauth-sim run` on the same values. The suite comes in two
//! sizes: `Full` (the reference report, about a minute of simulation on two cores) and `Quick`
//! (CI and tests: the same studies on a cluster and a clock scaled down about ten times, so every
//! chart and invariant is exercised in a few seconds). This module only describes the jobs; the
//! runner executes them and the figure builders read the results.

use crate::calibration::Calibration;
use crate::model::DesignKind;
use crate::scenario::{
    Balancer, CachedParams, Cluster, Costs, Designs, DistSpec, JwtParams, Outage, PollParams,
    PushParams, RefreshParams, Revocation, Scenario, ServerFailure, SessionParams, Store, Workload,
};

/// Which suite to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The reference suite.
    Full,
    /// The reduced suite for CI and tests.
    Quick,
}

/// The question a job belongs to (one or more charts read each study).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Study {
    /// Per-request cost of every design and algorithm at moderate load (charts 1, 8, 9).
    Cost,
    /// Latency against offered load on a fixed cluster (chart 2).
    Load,
    /// Store operations against cluster size (chart 3).
    Scale,
    /// Exposure windows of individual revocations (chart 4).
    Exposure,
    /// Exposure and refresh load against token lifetime (chart 5).
    Ttl,
    /// Revoke-everything incident (chart 6).
    Incident,
    /// Store outage (chart 7).
    Outage,
    /// Server failure under sticky sessions and under a shared store (chart 7).
    ServerFailure,
}

/// One simulation to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The study it belongs to.
    pub study: Study,
    /// The design enabled in `scenario`.
    pub design: DesignKind,
    /// Signature algorithm (empty for session designs).
    pub alg: String,
    /// The swept value (requests/s, servers, TTL seconds), or 0 when nothing is swept.
    pub x: f64,
    /// Token lifetime for JWT-carrying designs, seconds (0 for sessions).
    pub ttl_s: f64,
    /// Legend label.
    pub label: String,
    /// The scenario, with exactly one design enabled.
    pub scenario: Scenario,
}

impl Job {
    /// Simulated requests (rate × duration), the job's weight for progress and scheduling.
    pub fn weight(&self) -> f64 {
        self.scenario.workload.rate * self.scenario.duration_s
    }
}

/// Design parameters shared by the whole suite, so every chart compares the same configurations.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    /// Algorithm used by designs other than the per-algorithm comparisons.
    pub alg: String,
    /// Algorithms compared in the cost charts.
    pub algs: Vec<String>,
    /// JWT lifetime when not swept, seconds.
    pub ttl_s: f64,
    /// Access-token lifetime of `refresh_rotation`, seconds.
    pub access_ttl_s: f64,
    /// Blocklist polling period, seconds.
    pub poll_s: f64,
    /// Session-cache lifetime, seconds.
    pub cache_ttl_s: f64,
    /// Median and p99 pub/sub delay of the pushed blocklist, µs.
    pub push_p50_us: f64,
    /// See `push_p50_us`.
    pub push_p99_us: f64,
}

impl Defaults {
    /// The suite's settings for `size`, with algorithms taken from the calibration. The default
    /// algorithm is asymmetric (verifiers never hold the signing secret): EdDSA, the fastest
    /// asymmetric algorithm of the core, else ES256, else whatever was calibrated.
    pub fn new(size: Size, cal: &Calibration) -> Self {
        let names = cal.algorithm_names();
        let preferred = ["HS256", "EdDSA", "ES256", "RS256"];
        let mut algs: Vec<String> = preferred
            .iter()
            .filter(|a| names.contains(a))
            .map(|a| (*a).to_owned())
            .collect();
        if algs.is_empty() {
            algs = names.iter().map(|a| (*a).to_owned()).collect();
        }
        let alg = ["EdDSA", "ES256"]
            .iter()
            .find(|a| algs.iter().any(|x| x == *a))
            .map_or_else(
                || algs.last().cloned().unwrap_or_default(),
                |a| (*a).to_owned(),
            );
        let t = time_scale(size);
        Self {
            alg,
            algs,
            ttl_s: 900.0 * t,
            access_ttl_s: 300.0 * t,
            poll_s: 30.0 * t,
            cache_ttl_s: 30.0 * t,
            push_p50_us: 20_000.0,
            push_p99_us: 200_000.0,
        }
    }
}

/// Quick runs scale every token lifetime and revocation clock by this factor.
pub fn time_scale(size: Size) -> f64 {
    match size {
        Size::Full => 1.0,
        Size::Quick => 0.1,
    }
}

/// A scenario on `servers` × `cores` with default store, no revocations and no design yet.
fn base(name: &str, servers: u32, cores: u32, rate: f64, users: u32, duration_s: f64) -> Scenario {
    Scenario {
        name: name.to_owned(),
        description: String::new(),
        seed: 0,
        duration_s,
        warmup_s: duration_s * 0.1,
        bucket_s: (duration_s / 100.0).max(0.01),
        cluster: Cluster {
            servers,
            cores,
            balancer: Balancer::RoundRobin,
            handler: DistSpec::Exponential {
                mean_us: HANDLER_MEAN_US,
            },
        },
        workload: Workload {
            rate,
            users,
            bursts: Vec::new(),
        },
        store: Store {
            shards: 1,
            service: DistSpec::Exponential {
                mean_us: STORE_SERVICE_MEAN_US,
            },
            capacity: 10_000,
            rtt: DistSpec::Lognormal {
                p50_us: 250.0,
                p99_us: 1_000.0,
            },
            outages: Vec::new(),
        },
        server_failures: Vec::new(),
        revocation: Revocation::default(),
        designs: Designs::default(),
        costs: Costs::default(),
    }
}

/// Application CPU per request (exponential mean), µs: a typical small JSON API handler.
pub const HANDLER_MEAN_US: f64 = 200.0;
/// Store service time per operation (exponential mean), µs: an in-memory key-value store
/// serving about 125k operations/s per shard.
pub const STORE_SERVICE_MEAN_US: f64 = 8.0;

/// Enables `design` in `s` with the suite's parameters; returns the token lifetime it uses.
fn enable(s: &mut Scenario, design: DesignKind, alg: &str, ttl_s: f64, d: &Defaults) -> f64 {
    let jwt = JwtParams {
        alg: alg.to_owned(),
        ttl_s,
    };
    let g = &mut s.designs;
    match design {
        DesignKind::Jwt => g.jwt = Some(jwt),
        DesignKind::JwtBlocklistRemote => g.jwt_blocklist_remote = Some(jwt),
        DesignKind::JwtBlocklistPoll => {
            g.jwt_blocklist_poll = Some(PollParams {
                alg: alg.to_owned(),
                ttl_s,
                poll_s: d.poll_s,
            });
        }
        DesignKind::JwtBlocklistPush => {
            g.jwt_blocklist_push = Some(PushParams {
                alg: alg.to_owned(),
                ttl_s,
                push_delay: DistSpec::Lognormal {
                    p50_us: d.push_p50_us,
                    p99_us: d.push_p99_us,
                },
            });
        }
        DesignKind::Session => g.session = Some(SessionParams {}),
        DesignKind::SessionCached => {
            g.session_cached = Some(CachedParams {
                cache_ttl_s: d.cache_ttl_s,
                cache_slots: 65_536,
                stale_if_error: true,
            });
        }
        DesignKind::SessionSticky => g.session_sticky = Some(SessionParams {}),
        DesignKind::RefreshRotation => {
            g.refresh_rotation = Some(RefreshParams {
                alg: alg.to_owned(),
                access_ttl_s: ttl_s,
            });
        }
    }
    if uses_jwt(design) { ttl_s } else { 0.0 }
}

/// Whether the design carries a signed token (and so has an algorithm and a lifetime).
pub fn uses_jwt(design: DesignKind) -> bool {
    !matches!(
        design,
        DesignKind::Session | DesignKind::SessionCached | DesignKind::SessionSticky
    )
}

/// Legend label: the design name, with the algorithm when it matters.
fn label(design: DesignKind, alg: &str, with_alg: bool) -> String {
    if with_alg && uses_jwt(design) {
        format!("{design} {alg}")
    } else {
        design.to_string()
    }
}

/// Formats seconds as the shortest of s / min / h for labels.
pub fn fmt_duration(s: f64) -> String {
    if s >= 3600.0 && (s / 3600.0).fract() == 0.0 {
        format!("{}h", s / 3600.0)
    } else if s >= 60.0 && (s / 60.0).fract() == 0.0 {
        format!("{}min", s / 60.0)
    } else {
        format!("{}s", crate::report::render::fmt_num(s))
    }
}

struct Builder<'a> {
    jobs: Vec<Job>,
    d: &'a Defaults,
    seed: u64,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        study: Study,
        mut s: Scenario,
        design: DesignKind,
        alg: &str,
        ttl_s: f64,
        x: f64,
        label: String,
    ) {
        let ttl = enable(&mut s, design, alg, ttl_s, self.d);
        s.seed = self.seed.wrapping_add(self.jobs.len() as u64);
        s.name = format!("{}-{}", s.name, self.jobs.len());
        self.jobs.push(Job {
            study,
            design,
            alg: if uses_jwt(design) {
                alg.to_owned()
            } else {
                String::new()
            },
            x,
            ttl_s: ttl,
            label,
            scenario: s,
        });
    }
}

/// Every job of the suite, in a fixed order (job *i* uses seed `seed + i`).
pub fn jobs(size: Size, seed: u64, d: &Defaults) -> Vec<Job> {
    let full = size == Size::Full;
    let t = time_scale(size);
    let mut b = Builder {
        jobs: Vec::new(),
        d,
        seed,
    };
    let all = DesignKind::ALL;

    // Cost: every design (and every algorithm for plain JWT) on one moderately loaded cluster.
    let (rate, dur) = if full {
        (20_000.0, 10.0)
    } else {
        (4_000.0, 2.0)
    };
    for design in all {
        let algs: Vec<&str> = if design == DesignKind::Jwt {
            d.algs.iter().map(String::as_str).collect()
        } else {
            vec![d.alg.as_str()]
        };
        for alg in algs {
            let mut s = base("cost", 10, 4, rate, 20_000, dur);
            s.revocation.rate = 1.0;
            let ttl = if design == DesignKind::RefreshRotation {
                d.access_ttl_s
            } else {
                d.ttl_s
            };
            b.push(
                Study::Cost,
                s,
                design,
                alg,
                ttl,
                0.0,
                label(design, alg, true),
            );
        }
    }

    // Load: offered load as a fraction of the cluster's CPU capacity; the store saturates
    // first for designs that need it on every request.
    let (servers, cores, dur) = if full { (10, 4, 2.0) } else { (2, 2, 0.5) };
    let capacity = f64::from(servers * cores) * 1e6 / HANDLER_MEAN_US;
    let fractions: &[f64] = if full {
        &[0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.95]
    } else {
        &[0.1, 0.4, 0.7, 0.95]
    };
    for design in [
        DesignKind::Jwt,
        DesignKind::JwtBlocklistRemote,
        DesignKind::Session,
        DesignKind::SessionCached,
        DesignKind::RefreshRotation,
    ] {
        for &f in fractions {
            let rate = (capacity * f).round();
            let mut s = base("load", servers, cores, rate, 50_000, dur);
            // Store sized to saturate at about 60% of the cluster's CPU capacity.
            s.store.service = DistSpec::Exponential {
                mean_us: 1e6 / (0.6 * capacity),
            };
            let ttl = if design == DesignKind::RefreshRotation {
                d.access_ttl_s
            } else {
                d.ttl_s
            };
            b.push(
                Study::Load,
                s,
                design,
                &d.alg,
                ttl,
                rate,
                label(design, &d.alg, false),
            );
        }
    }

    // Scale: the same per-server load on ever larger clusters.
    let (sizes, per_server, dur): (&[u32], f64, f64) = if full {
        (&[10, 30, 100, 300, 1000], 200.0, 2.0)
    } else {
        (&[10, 100], 50.0, 1.0)
    };
    for design in all {
        for &n in sizes {
            let mut s = base("scale", n, 4, per_server * f64::from(n), 100 * n, dur);
            s.store.shards = (n / 10).max(1);
            s.revocation.rate = 0.01 * f64::from(n);
            let ttl = if design == DesignKind::RefreshRotation {
                d.access_ttl_s
            } else {
                d.ttl_s
            };
            b.push(
                Study::Scale,
                s,
                design,
                &d.alg,
                ttl,
                f64::from(n),
                label(design, &d.alg, false),
            );
        }
    }

    // Exposure: individual revocations spread over the first hour (scaled), the run long enough
    // for the longest token to expire.
    let (rate, users, n_revoke) = if full {
        (100.0, 500, 600)
    } else {
        (20.0, 40, 100)
    };
    let revoke_until = 3600.0 * t;
    let dur = revoke_until + 3600.0 * t + 300.0 * t;
    let revoke_times: Vec<f64> = (0..n_revoke)
        .map(|i| 60.0 * t + (revoke_until - 60.0 * t) * f64::from(i) / f64::from(n_revoke))
        .collect();
    let mut exposure = |design: DesignKind, ttl: f64, label: String| {
        let mut s = base("exposure", 4, 4, rate, users, dur);
        s.warmup_s = 0.0;
        s.revocation.at_s = revoke_times.clone();
        b.push(Study::Exposure, s, design, &d.alg, ttl, ttl, label);
    };
    exposure(DesignKind::Session, 0.0, "session".into());
    exposure(
        DesignKind::SessionCached,
        0.0,
        format!("session_cached (cache {})", fmt_duration(d.cache_ttl_s)),
    );
    for ttl in [300.0 * t, 900.0 * t, 3600.0 * t] {
        exposure(
            DesignKind::Jwt,
            ttl,
            format!("jwt TTL {}", fmt_duration(ttl)),
        );
    }
    exposure(
        DesignKind::JwtBlocklistRemote,
        d.ttl_s,
        "jwt_blocklist_remote".into(),
    );
    exposure(
        DesignKind::JwtBlocklistPoll,
        d.ttl_s,
        format!("jwt_blocklist_poll (every {})", fmt_duration(d.poll_s)),
    );
    exposure(
        DesignKind::JwtBlocklistPush,
        d.ttl_s,
        "jwt_blocklist_push".into(),
    );
    exposure(
        DesignKind::RefreshRotation,
        d.access_ttl_s,
        format!("refresh_rotation (access {})", fmt_duration(d.access_ttl_s)),
    );

    // TTL trade-off: plain JWT (re-login at expiry) and refresh rotation (silent refresh).
    let ttls: Vec<f64> = if full {
        vec![60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0]
    } else {
        vec![10.0, 30.0, 90.0]
    };
    let (rate, users) = if full { (100.0, 2_000) } else { (40.0, 400) };
    for design in [DesignKind::Jwt, DesignKind::RefreshRotation] {
        for &ttl in &ttls {
            let dur = 2.0 * ttl + 600.0 * t;
            let mut s = base("ttl", 4, 4, rate, users, dur);
            s.warmup_s = 0.1 * dur;
            let n = 200;
            let span = dur - ttl * 1.05 - s.warmup_s;
            s.revocation.at_s = (0..n)
                .map(|i| s.warmup_s + span * f64::from(i) / f64::from(n))
                .collect();
            b.push(
                Study::Ttl,
                s,
                design,
                &d.alg,
                ttl,
                ttl,
                label(design, &d.alg, false),
            );
        }
    }

    // Incident: everything revoked at once.
    let (rate, users, at) = if full {
        (250.0, 2_500, 300.0)
    } else {
        (100.0, 500, 30.0)
    };
    let dur = at + d.ttl_s + 300.0 * t;
    for design in [
        DesignKind::Session,
        DesignKind::SessionCached,
        DesignKind::Jwt,
        DesignKind::JwtBlocklistRemote,
        DesignKind::JwtBlocklistPoll,
        DesignKind::JwtBlocklistPush,
        DesignKind::RefreshRotation,
    ] {
        let mut s = base("incident", 4, 4, rate, users, dur);
        s.warmup_s = 0.0;
        s.bucket_s = 5.0 * t;
        s.revocation.revoke_all_at_s = Some(at);
        let ttl = if design == DesignKind::RefreshRotation {
            d.access_ttl_s
        } else {
            d.ttl_s
        };
        b.push(
            Study::Incident,
            s,
            design,
            &d.alg,
            ttl,
            at,
            label(design, &d.alg, false),
        );
    }

    // Store outage.
    let (rate, at, len, dur) = if full {
        (5_000.0, 20.0, 20.0, 60.0)
    } else {
        (1_000.0, 4.0, 4.0, 12.0)
    };
    for design in [
        DesignKind::Session,
        DesignKind::SessionCached,
        DesignKind::Jwt,
        DesignKind::JwtBlocklistRemote,
        DesignKind::JwtBlocklistPoll,
        DesignKind::JwtBlocklistPush,
        DesignKind::RefreshRotation,
    ] {
        let mut s = base("outage", 10, 4, rate, 10_000, dur);
        s.warmup_s = 0.0;
        s.bucket_s = dur / 120.0;
        s.store.outages = vec![Outage {
            start_s: at,
            duration_s: len,
            shard: None,
        }];
        let ttl = if design == DesignKind::RefreshRotation {
            d.access_ttl_s
        } else {
            d.ttl_s
        };
        b.push(
            Study::Outage,
            s,
            design,
            &d.alg,
            ttl,
            at,
            label(design, &d.alg, false),
        );
    }

    // One server fails: sticky sessions die with it; a shared store keeps everyone logged in.
    for design in [DesignKind::SessionSticky, DesignKind::Session] {
        let mut s = base("server-failure", 10, 4, rate, 10_000, dur);
        s.warmup_s = 0.0;
        s.bucket_s = dur / 120.0;
        s.server_failures = vec![ServerFailure {
            server: 0,
            at_s: at,
            down_s: len,
        }];
        b.push(
            Study::ServerFailure,
            s,
            design,
            "",
            0.0,
            at,
            label(design, "", false),
        );
    }

    b.jobs
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cal() -> Calibration {
        let mut c = Calibration::committed_default().unwrap();
        for a in ["EdDSA", "ES256"] {
            c.algorithms.insert(a.into(), c.algorithms["HS256"]);
        }
        c
    }

    #[test]
    fn every_job_is_a_valid_single_design_scenario() {
        let c = cal();
        let names = c.algorithm_names();
        for size in [Size::Full, Size::Quick] {
            let d = Defaults::new(size, &c);
            for j in jobs(size, 7, &d) {
                let p = j.scenario.problems(&names);
                assert!(p.is_empty(), "{}: {p:?}", j.scenario.name);
                let designs = crate::model::designs_from(&j.scenario.designs, &c, 0.1);
                assert_eq!(designs.len(), 1, "{}", j.scenario.name);
                assert_eq!(designs[0].kind, j.design);
            }
        }
    }

    #[test]
    fn seeds_and_names_are_distinct() {
        let c = cal();
        let js = jobs(Size::Quick, 100, &Defaults::new(Size::Quick, &c));
        let mut seeds: Vec<u64> = js.iter().map(|j| j.scenario.seed).collect();
        seeds.dedup();
        assert_eq!(seeds.len(), js.len());
        assert_eq!(js[0].scenario.seed, 100);
    }

    #[test]
    fn eddsa_is_the_default_when_calibrated() {
        let d = Defaults::new(Size::Full, &cal());
        assert_eq!(d.alg, "EdDSA");
        assert_eq!(d.algs, vec!["HS256", "EdDSA", "ES256", "RS256"]);
        assert_eq!(fmt_duration(900.0), "15min");
        assert_eq!(fmt_duration(3600.0), "1h");
        assert_eq!(fmt_duration(90.0), "90s");
    }
}
