//! Zero heap allocations: RSA verification (all six algorithms, via the verifier) and JWK Set
//! loading, counted by a global allocator. One test function only, so that no other test thread
//! allocates while the counter is read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(all(feature = "rsa", feature = "es256", feature = "es384"))]

use edgeauth::jwk::{JwkOptions, load_jwks};
use edgeauth::{KeySet, Validation, Verifier};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn rsa_verify_and_jwks_loading_do_not_allocate() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/jwks/");
    let doc = std::fs::read(format!("{dir}idp_jwks.json")).expect("sample");
    let tokens_json = std::fs::read_to_string(format!("{dir}idp_tokens.json")).expect("tokens");
    let tokens: serde_json::Value = serde_json::from_str(&tokens_json).expect("JSON");
    let tokens: Vec<String> = tokens["tokens"]
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["token"].as_str().expect("token").to_owned())
        .collect();
    let mut doc_buf = doc.clone();
    let mut keys: KeySet<'_, 8> = KeySet::new();
    let mut scratch = [0u8; 2048];
    let validation = Validation::new(1_800_000_060)
        .issuers(&["https://login.example-idp.test/tenant-7f3c/v2.0"])
        .audiences(&["api://edge-gateway"]);

    let region = Region::new(GLOBAL);
    let summary = load_jwks(&mut doc_buf, &JwkOptions::new(), &mut keys);
    let verifier = Verifier::new(&keys);
    let mut verified = 0;
    for token in &tokens {
        if verifier.verify(token, &validation, &mut scratch).is_ok() {
            verified += 1;
        }
    }
    let stats = region.change();

    assert_eq!(summary.map(|s| s.loaded), Ok(6));
    assert_eq!(verified, 6);
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
}
