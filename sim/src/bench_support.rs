//! Fixed scenarios for measuring the engine's speed (used by `benches/` and the docs).
//!
//! The reference scenario exercises every request path a design can take: JWT requests (two
//! events each) and store-backed session requests (four events each), with revocations, a store
//! outage and a server failure, so events-per-second figures reflect the real mix of work.

use crate::calibration::Calibration;
use crate::model::{DesignKind, RunSummary, designs_from, simulate};
use crate::scenario::{
    Balancer, Cluster, Costs, Designs, DistSpec, JwtParams, Outage, Revocation, Scenario,
    ServerFailure, SessionParams, Store, Workload,
};

/// The reference scenario: 100 servers × 8 cores, 200,000 requests/s, 500,000 users, 10
/// simulated seconds, designs `jwt` (EdDSA, 15 min) and `session`, 4 store shards.
#[must_use]
pub fn reference_scenario() -> Scenario {
    Scenario {
        name: "reference".into(),
        description: "engine throughput reference".into(),
        seed: 1,
        duration_s: 10.0,
        warmup_s: 1.0,
        bucket_s: 1.0,
        cluster: Cluster {
            servers: 100,
            cores: 8,
            balancer: Balancer::LeastLoaded,
            handler: DistSpec::Exponential { mean_us: 1_000.0 },
        },
        workload: Workload {
            rate: 200_000.0,
            users: 500_000,
            bursts: Vec::new(),
        },
        store: Store {
            shards: 4,
            service: DistSpec::Exponential { mean_us: 5.0 },
            capacity: 10_000,
            rtt: DistSpec::Lognormal {
                p50_us: 250.0,
                p99_us: 1_000.0,
            },
            outages: vec![Outage {
                start_s: 6.0,
                duration_s: 0.5,
                shard: None,
            }],
        },
        server_failures: vec![ServerFailure {
            server: 3,
            at_s: 4.0,
            down_s: 2.0,
        }],
        revocation: Revocation {
            rate: 50.0,
            at_s: Vec::new(),
            revoke_all_at_s: None,
        },
        designs: Designs {
            jwt: Some(JwtParams {
                alg: "EdDSA".into(),
                ttl_s: 900.0,
            }),
            session: Some(SessionParams {}),
            ..Designs::default()
        },
        costs: Costs::default(),
    }
}

/// The scale target: 1,000 servers × 8 cores at 1,000,000 requests/s for 60 simulated seconds
/// (design `jwt`, EdDSA) — 60 million requests.
#[must_use]
pub fn large_scenario() -> Scenario {
    let mut s = reference_scenario();
    s.name = "large".into();
    s.duration_s = 60.0;
    s.cluster.servers = 1_000;
    s.cluster.handler = DistSpec::Exponential { mean_us: 2_000.0 };
    s.workload.rate = 1_000_000.0;
    s.workload.users = 2_000_000;
    s.store.shards = 16;
    s.store.outages.clear();
    s.server_failures.clear();
    s.designs = Designs {
        jwt: s.designs.jwt.take(),
        ..Designs::default()
    };
    s
}

/// Runs one design of `scenario` with the committed default calibration, single-threaded;
/// `None` if the design is not enabled in it.
#[must_use]
pub fn run_design(scenario: &Scenario, design: DesignKind) -> Option<RunSummary> {
    let cal = Calibration::committed_default().ok()?;
    let d = designs_from(&scenario.designs, &cal, scenario.costs.local_lookup_us)
        .into_iter()
        .find(|d| d.kind == design)?;
    Some(simulate(scenario, &d, &mut |_| {}))
}
