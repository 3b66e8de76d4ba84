//! Simulator engine speed: events per second on the simulator's fixed reference scenario
//! (`edgeauth_sim::bench_support::reference_scenario`: 100 servers × 8 cores, 200,000 requests/s,
//! 10 simulated seconds, a store outage and a server failure), for the stateless-JWT design
//! (two events per request) and the store-backed session design (four per request).
//!
//! Each iteration simulates the whole scenario, so criterion runs in flat sampling mode with ten
//! samples; the throughput is the engine's own event count for that run. Thread CPU time, like
//! the JWT groups (the engine is single-threaded).

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use edgeauth_benches::config::{self, CpuTime};
use edgeauth_sim::bench_support::reference_scenario;
use edgeauth_sim::calibration::Calibration;
use edgeauth_sim::model::{DesignKind, designs_from, simulate};

fn sim_engine(c: &mut Criterion<CpuTime>) {
    let scenario = reference_scenario();
    let cal = match Calibration::committed_default() {
        Ok(cal) => cal,
        Err(e) => {
            eprintln!("sim_engine: calibration: {e:?}");
            std::process::exit(2);
        }
    };
    let designs = designs_from(&scenario.designs, &cal, scenario.costs.local_lookup_us);
    let mut group = c.benchmark_group("sim_engine");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for kind in [DesignKind::Jwt, DesignKind::Session] {
        let Some(design) = designs.iter().find(|d| d.kind == kind) else {
            eprintln!("sim_engine: design {kind:?} missing from the reference scenario");
            std::process::exit(2);
        };
        // The engine is deterministic (fixed seed): one run gives the event count of every run.
        let events = simulate(&scenario, design, &mut |_| {}).events;
        group.throughput(Throughput::Elements(events));
        group.bench_function(format!("{kind:?}").to_lowercase(), |b| {
            b.iter(|| simulate(&scenario, design, &mut |_| {}).events);
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config::criterion_cpu();
    targets = sim_engine
}
criterion_main!(benches);
