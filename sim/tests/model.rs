//! Sanity properties of the auth-design model (issue 5, "Sanity properties as tests").
//!
//! Each expected bound is derived from the model's definition with the scenario's constants:
//! with a constant 200 µs round trip, a revocation reaches the store 100 µs after it is issued,
//! so a store-checked credential can be accepted at most 100 µs after revocation.

use std::path::Path;

use edgeauth_sim::calibration::{AlgorithmCost, Calibration, SessionCost};
use edgeauth_sim::model::{DesignKind, RunSummary, designs_from, simulate};
use edgeauth_sim::scenario::{Scenario, ScenarioFile};

const BASE: &str = r#"
name = "sanity"
seed = 5
duration_s = 20.0
warmup_s = 1.0

[cluster]
servers = 4
cores = 2
balancer = "round_robin"
handler = { dist = "exponential", mean_us = 100 }

[workload]
rate = 4000.0
users = 400

[store]
shards = 2
service = { dist = "constant", us = 10 }
capacity = 1000
rtt = { dist = "constant", us = 200 }

[revocation]
rate = 20.0

[designs.jwt]
alg = "EdDSA"
ttl_s = 2.0
"#;

/// One-way network delay of `BASE`, seconds.
const ONE_WAY_S: f64 = 100e-6;

fn calibration() -> Calibration {
    let mut algorithms = std::collections::BTreeMap::new();
    algorithms.insert(
        "EdDSA".to_owned(),
        AlgorithmCost {
            verify_us: 50.0,
            sign_us: 20.0,
            token_bytes: 300,
        },
    );
    Calibration {
        machine: "test".into(),
        generated_by: "test".into(),
        edgeauth_version: "0".into(),
        algorithms,
        session: SessionCost {
            check_us: 2.0,
            create_us: 5.0,
            cookie_bytes: 80,
        },
    }
}

fn scenario(extra: &str) -> Scenario {
    let text = format!("{BASE}\n{extra}");
    let f = ScenarioFile::parse(Path::new("test.toml"), text);
    assert!(f.is_ok(), "{:?}", f.as_ref().err());
    let Ok(f) = f else { unreachable!() };
    let v = f.validate(&["EdDSA"]);
    assert!(v.is_ok(), "{v:?}");
    f.scenario
}

fn run(s: &Scenario, kind: DesignKind) -> RunSummary {
    let d = designs_from(&s.designs, &calibration(), s.costs.local_lookup_us)
        .into_iter()
        .find(|d| d.kind == kind);
    assert!(d.is_some(), "{kind} not enabled");
    let Some(d) = d else { unreachable!() };
    simulate(s, &d, &mut |_| {})
}

#[test]
fn session_revocation_is_instant_up_to_the_network_delay() {
    let s = scenario("[designs.session]");
    let r = run(&s, DesignKind::Session);
    assert!(
        r.revocation.revocations > 300,
        "{}",
        r.revocation.revocations
    );
    assert!(
        r.revocation.exposure_max_s <= ONE_WAY_S,
        "max exposure {} s",
        r.revocation.exposure_max_s
    );
    // Every revoked credential that was presented again was refused.
    assert!(r.requests.refused > 0);
}

#[test]
fn jwt_exposure_never_exceeds_the_ttl_and_usually_lasts() {
    let s = scenario("");
    let r = run(&s, DesignKind::Jwt);
    assert!(r.revocation.revocations > 300);
    assert!(
        r.revocation.exposure_max_s <= 2.0,
        "{}",
        r.revocation.exposure_max_s
    );
    // Residual lifetime at revocation is uniform over the TTL, and each user sends 10 req/s, so
    // the median window is close to half the TTL.
    assert!(
        (0.7..=1.3).contains(&r.revocation.exposure_p50_s),
        "{}",
        r.revocation.exposure_p50_s
    );
    assert_eq!(
        r.requests.refused, 0,
        "a plain JWT cannot be refused before expiry"
    );
    assert!(r.revocation.wrongly_accepted > 1_000);
}

#[test]
fn store_load_is_proportional_to_rate_for_session_and_zero_for_jwt() {
    let lo = scenario("[designs.session]");
    let mut hi = lo.clone();
    hi.workload.rate *= 2.0;
    let (a, b) = (run(&lo, DesignKind::Session), run(&hi, DesignKind::Session));
    let ratio = b.store.ops_per_s / a.store.ops_per_s;
    assert!((ratio - 2.0).abs() < 0.04, "ratio {ratio}");
    // Exactly one store operation per request: a lookup, or for a login the session write.
    assert!(a.requests.logins > 0);
    assert_eq!(a.store.ops_per_request, 1.0);
    let j = run(&lo, DesignKind::Jwt);
    assert_eq!(j.store.ops, 0);
    assert_eq!(j.store.us_per_request, 0.0);
    // Store time per store request: one round trip plus queueing behind 10 µs services.
    assert!(
        a.store.us_per_store_request >= 210.0,
        "{}",
        a.store.us_per_store_request
    );
}

#[test]
fn blocklists_bound_exposure_by_their_propagation() {
    let s = scenario(
        r#"
[designs.jwt_blocklist_remote]
alg = "EdDSA"
ttl_s = 2.0
[designs.jwt_blocklist_poll]
alg = "EdDSA"
ttl_s = 2.0
poll_s = 0.5
[designs.jwt_blocklist_push]
alg = "EdDSA"
ttl_s = 2.0
push_delay = { dist = "constant", us = 50000 }
"#,
    );
    let remote = run(&s, DesignKind::JwtBlocklistRemote);
    assert!(remote.revocation.exposure_max_s <= ONE_WAY_S);
    let poll = run(&s, DesignKind::JwtBlocklistPoll);
    assert!(poll.revocation.exposure_max_s <= 0.5 + ONE_WAY_S);
    assert!(
        poll.revocation.exposure_max_s > 0.1,
        "polling must leave a window"
    );
    // 4 servers polling every 0.5 s over 20 s = 160 polls, plus one write per revocation.
    assert_eq!(poll.store.ops, 160 + poll.revocation.revocations);
    let push = run(&s, DesignKind::JwtBlocklistPush);
    assert!(push.revocation.exposure_max_s <= 0.05 + ONE_WAY_S);
    assert!(push.revocation.exposure_max_s > 0.01);
}

#[test]
fn cached_sessions_and_refresh_rotation_bound_exposure_by_their_ttls() {
    let s = scenario(
        r#"
[designs.session_cached]
cache_ttl_s = 0.5
[designs.refresh_rotation]
alg = "EdDSA"
access_ttl_s = 1.0
"#,
    );
    let c = run(&s, DesignKind::SessionCached);
    assert!(c.revocation.exposure_max_s <= 0.5 + 2.0 * ONE_WAY_S + 0.01);
    assert!(c.requests.cache_hits > c.requests.offered / 2);
    let r = run(&s, DesignKind::RefreshRotation);
    assert!(r.revocation.exposure_max_s <= 1.0 + ONE_WAY_S + 0.01);
    // Every user refreshes about once per access-token lifetime: 400 users × 19 s / 1 s.
    let per_s = r.requests.refreshes as f64 / 19.0;
    assert!((350.0..=450.0).contains(&per_s), "{per_s}");
}

#[test]
fn a_store_outage_fails_sessions_not_jwts_and_the_cache_serves_stale() {
    let mut s = scenario("[designs.session]\n[designs.session_cached]\ncache_ttl_s = 1.0");
    s.store.outages.push(edgeauth_sim::scenario::Outage {
        start_s: 10.0,
        duration_s: 2.0,
        shard: None,
    });
    let plain = run(&s, DesignKind::Session);
    // Two seconds of a 4,000 req/s workload need the store: about 8,000 failures.
    let f = plain.requests.failed_store_outage as f64;
    assert!((7_400.0..=8_600.0).contains(&f), "{f}");
    let ts = &plain.timeseries;
    assert_eq!(ts.failed[5], 0);
    assert!(ts.error_rate()[10] > 0.95);
    let cached = run(&s, DesignKind::SessionCached);
    assert!(cached.requests.served_stale > 0);
    assert!(cached.requests.failed_store_outage < plain.requests.failed_store_outage / 5);
    let jwt = run(&s, DesignKind::Jwt);
    assert_eq!(jwt.requests.failed, 0);
}

#[test]
fn sticky_sessions_lose_users_with_their_server_and_skew_load() {
    let mut s = scenario("[designs.session_sticky]");
    s.server_failures
        .push(edgeauth_sim::scenario::ServerFailure {
            server: 1,
            at_s: 5.0,
            down_s: 3.0,
        });
    let r = run(&s, DesignKind::SessionSticky);
    // About a quarter of 400 users were homed on server 1, all of them active: ~100 re-logins.
    assert!(
        (60..=140).contains(&r.requests.forced_relogins),
        "{}",
        r.requests.forced_relogins
    );
    // Its users moved for good: the crashed server ends up the least loaded, by a clear margin.
    let per = &r.load.requests_per_server;
    let min = per.iter().copied().min().unwrap_or(0);
    assert_eq!(per[1], min);
    assert!(r.load.max_over_mean > 1.05, "{}", r.load.max_over_mean);
    assert_eq!(r.load.server_failures, 1);
    let mut plain = s.clone();
    plain.designs.session_sticky = None;
    plain.designs.session = Some(Default::default());
    let p = run(&plain, DesignKind::Session);
    assert_eq!(p.requests.forced_relogins, 0);
    assert!(p.load.max_over_mean < 1.1);
}

#[test]
fn revoke_all_time_series_decays_over_the_ttl_for_jwt_and_is_empty_for_sessions() {
    let mut s = scenario("[designs.session]");
    s.revocation.rate = 0.0;
    s.revocation.revoke_all_at_s = Some(10.0);
    let j = run(&s, DesignKind::Jwt);
    let w = &j.timeseries.wrongly_accepted;
    assert!(w[..10].iter().all(|&x| x == 0));
    assert!(w[10] > 1_000, "{w:?}");
    // Tokens live at most 2 s; a request that arrived just before expiry may be checked a few
    // hundred µs later, so bucket 12 may hold a handful and everything after must be empty.
    assert!(w[12] < 20, "{w:?}");
    assert!(w[13..].iter().all(|&x| x == 0), "{w:?}");
    // Every live credential is revoked. A user whose token expired and who has not sent a request
    // since holds nothing to revoke: with 10 requests/s per user and a 2 s lifetime that is about
    // 0.1 / 2 = 5% of the 400 users.
    assert!(
        (360..=400).contains(&j.revocation.revocations),
        "{}",
        j.revocation.revocations
    );
    let sess = run(&s, DesignKind::Session);
    assert!(sess.timeseries.wrongly_accepted.iter().sum::<u64>() < 10);
}

#[test]
fn runs_are_deterministic() {
    let s = scenario("[designs.session_cached]\ncache_ttl_s = 1.0");
    let a = run(&s, DesignKind::SessionCached);
    let b = run(&s, DesignKind::SessionCached);
    assert_eq!(a, b);
    let ja = serde_json::to_string(&a).unwrap_or_default();
    assert_eq!(ja, serde_json::to_string(&b).unwrap_or_default());
    let mut other = s.clone();
    other.seed += 1;
    assert_ne!(a, run(&other, DesignKind::SessionCached));
}

#[test]
fn auth_cpu_and_bytes_come_from_the_calibration() {
    let s = scenario("[designs.session]");
    let j = run(&s, DesignKind::Jwt);
    // 50 µs per verify; logins (token renewals every 2 s per user) sign for 20 µs instead.
    let logins = j.requests.logins as f64 / j.requests.offered as f64;
    let expected = 50.0 * (1.0 - logins) + 20.0 * logins;
    assert!(
        (j.cpu.auth_us_per_request - expected).abs() < 1e-6,
        "{}",
        j.cpu.auth_us_per_request
    );
    assert!((j.wire.credential_bytes_per_request - 300.0 * (1.0 - logins)).abs() < 1e-6);
    let p = run(&s, DesignKind::Session);
    assert!(p.wire.store_bytes_per_request > 200.0);
}
