//! The committed scenario files stay valid against the committed calibration, and the engine
//! reference scenarios in code match their TOML twins.

use std::path::Path;

use edgeauth_sim::bench_support::{large_scenario, reference_scenario};
use edgeauth_sim::run::load;

const FILES: &[&str] = &[
    "spa-api.toml",
    "microservices.toml",
    "admin-panel.toml",
    "mobile-api.toml",
    "reference.toml",
    "large.toml",
];

#[test]
fn every_committed_scenario_loads_and_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for f in FILES {
        let l = load(&dir.join(f), None);
        assert!(
            l.is_ok(),
            "{f}: {}",
            l.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
}

#[test]
fn code_reference_scenarios_equal_their_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let r = load(&dir.join("reference.toml"), None).map(|l| l.file.scenario);
    assert_eq!(r.ok(), Some(reference_scenario()));
    let l = load(&dir.join("large.toml"), None).map(|l| l.file.scenario);
    assert_eq!(l.ok(), Some(large_scenario()));
}
