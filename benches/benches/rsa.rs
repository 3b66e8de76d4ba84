//! RS256-2048 verification: edgeauth (fixed-size `crypto-bigint` Montgomery arithmetic, e = 65537
//! as 16 squarings + 1 multiplication) against `rsa` 0.10 and `aws-lc-rs` with a pre-parsed key,
//! all in one criterion group over the same OpenSSL-signed token; and loading a 4-key RSA JWKS.
//!
//! The token and keys are the committed test data of the core (`core/tests/data/jwks/`).
//! Run: `cargo bench -p edgeauth-benches --bench rsa`.
// Fixture set-up failures should abort the bench loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use core::hint::black_box;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use edgeauth::jwk::{JwkOptions, load_jwks};
use edgeauth::{Algorithm, KeySet, VerifyingKey};
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::signature::Verifier as _;

const JWKS: &[u8] = include_bytes!("../../core/tests/data/jwks/rsa4_jwks.json");
const TOKENS: &str = include_str!("../../core/tests/data/jwks/idp_tokens.json");

/// The first sample token (RS256, 2048-bit key `k2026-01-a9F3`): signing input, signature, n, e.
fn fixture() -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    let tokens: serde_json::Value = serde_json::from_str(TOKENS).expect("tokens JSON");
    let token = tokens["tokens"][0]["token"].as_str().expect("token");
    assert_eq!(tokens["tokens"][0]["alg"], "RS256");
    let (input, sig) = token.rsplit_once('.').expect("segments");
    let jwks: serde_json::Value = serde_json::from_slice(JWKS).expect("JWKS JSON");
    let jwk = &jwks["keys"][0];
    assert_eq!(jwk["kid"], tokens["tokens"][0]["kid"]);
    let n = B64.decode(jwk["n"].as_str().expect("n")).expect("b64");
    let e = B64.decode(jwk["e"].as_str().expect("e")).expect("b64");
    (
        input.as_bytes().to_vec(),
        B64.decode(sig).expect("b64"),
        n,
        e,
    )
}

fn rs256_verify(c: &mut Criterion) {
    let (msg, sig, n, e) = fixture();

    let ours = VerifyingKey::rsa(Algorithm::Rs256, &n, &e).expect("key");
    assert_eq!(ours.verify_signature(&msg, &sig), Ok(()));

    let public = rsa::PublicKey::new(
        rsa::BoxedUint::from_be_slice_vartime(&n),
        rsa::BoxedUint::from_be_slice_vartime(&e),
    )
    .expect("rsa key");
    let der = public.to_pkcs1_der().expect("DER");
    let theirs = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(public);
    let their_sig = rsa::pkcs1v15::Signature::try_from(&sig[..]).expect("signature");
    assert!(theirs.verify(&msg, &their_sig).is_ok());

    let aws = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der.as_bytes()).expect("aws key");
    assert!(aws.verify_sig(&msg, &sig).is_ok());

    let mut group = c.benchmark_group("rs256_2048_verify");
    group.bench_function("edgeauth", |b| {
        b.iter(|| black_box(&ours).verify_signature(black_box(&msg), black_box(&sig)))
    });
    group.bench_function("rsa_0_10", |b| {
        b.iter(|| black_box(&theirs).verify(black_box(&msg), black_box(&their_sig)))
    });
    group.bench_function("aws_lc_rs", |b| {
        b.iter(|| black_box(&aws).verify_sig(black_box(&msg), black_box(&sig)))
    });
    group.finish();

    // What one verify costs once the key is loaded vs. loading it (Montgomery precomputation).
    let mut group = c.benchmark_group("rsa_key_load");
    group.bench_function("edgeauth_2048", |b| {
        b.iter(|| VerifyingKey::rsa(Algorithm::Rs256, black_box(&n), black_box(&e)))
    });
    group.finish();
}

fn jwks_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("jwks_parse");
    group.bench_function("rsa_4_keys", |b| {
        b.iter_batched_ref(
            || (JWKS.to_vec(), KeySet::<'static, 4>::new()),
            |(doc, keys)| load_jwks(doc, &JwkOptions::new(), keys).expect("loads"),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // The shared configuration: quick mode, and plots without system fonts.
    config = edgeauth_benches::config::criterion();
    targets = rs256_verify, jwks_parse
}
criterion_main!(benches);
