//! Differential test: the precomputed ES256 verifier against `p256`'s on random keys, messages
//! and signatures, plus every single-bit flip of `r`, `s` and the message that the sample draws.
//!
//! `EDGEAUTH_ES256_DIFF_N` sets the number of (key, message, signature) triples; the default
//! (10,000) keeps `cargo test` fast. The full run is
//! `EDGEAUTH_ES256_DIFF_N=100000 cargo test --release -p edgeauth --test es256_fast_differential`.
#![cfg(feature = "es256-fast")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::alg::es256_fast::{Es256Table, W4, W8};
use edgeauth::{Es256PublicKey, VerifyingKey};
use p256::ecdsa::SigningKey;
use p256::ecdsa::signature::Signer as _;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng as _};

/// Triples per key: keys change often enough to cover many tables, rarely enough that building
/// them does not dominate.
const PER_KEY: usize = 50;

#[test]
fn matches_p256_on_random_triples_and_bit_flips() {
    let total: usize = std::env::var("EDGEAUTH_ES256_DIFF_N")
        .ok()
        .map(|v| v.parse().expect("EDGEAUTH_ES256_DIFF_N must be a number"))
        .unwrap_or(10_000);
    let mut rng = ChaCha20Rng::seed_from_u64(0x0e5_256);
    let mut checked = 0usize;
    let mut accepted = 0usize;
    let mut done = 0usize;
    let mut key_index = 0usize;
    let mut junk_checked = 0usize;
    while done < total {
        let signing = loop {
            let mut d = [0u8; 32];
            rng.fill_bytes(&mut d);
            if let Ok(k) = SigningKey::from_slice(&d) {
                break k;
            }
        };
        let sec1 = signing.verifying_key().to_sec1_point(false);
        let public = Es256PublicKey::from_sec1(sec1.as_bytes()).unwrap();
        let plain = VerifyingKey::Es256(public);
        // Mostly W4 (cheap to build); every fourth key also as W8.
        let w4 = Box::new(Es256Table::<W4>::new(&public).unwrap());
        let w8 = key_index
            .is_multiple_of(4)
            .then(|| Box::new(Es256Table::<W8>::new(&public).unwrap()));
        key_index += 1;
        let mut check = |msg: &[u8], sig: &[u8]| {
            let expected = plain.verify_signature(msg, sig).is_ok();
            assert_eq!(
                w4.verify(msg, sig).is_ok(),
                expected,
                "w4, msg {msg:02x?}, sig {sig:02x?}"
            );
            if let Some(w8) = &w8 {
                assert_eq!(w8.verify(msg, sig).is_ok(), expected, "w8, sig {sig:02x?}");
            }
            checked += 1;
            expected
        };
        for _ in 0..PER_KEY.min(total - done) {
            let mut msg = vec![0u8; (rng.next_u32() % 200) as usize];
            rng.fill_bytes(&mut msg);
            let sig: p256::ecdsa::Signature = signing.sign(&msg);
            let sig: [u8; 64] = sig.to_bytes().into();
            assert!(check(&msg, &sig), "a fresh signature must verify");
            accepted += 1;
            // One random single-bit flip each of r, s and the message: all must fail.
            let mut flipped = sig;
            let bit = (rng.next_u32() % 256) as usize;
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(!check(&msg, &flipped));
            let mut flipped = sig;
            let bit = (rng.next_u32() % 256) as usize;
            flipped[32 + bit / 8] ^= 1 << (bit % 8);
            assert!(!check(&msg, &flipped));
            let mut msg2 = msg.clone();
            if msg2.is_empty() {
                msg2.push(0);
            } else {
                let bit = rng.next_u32() as usize % (msg2.len() * 8);
                msg2[bit / 8] ^= 1 << (bit % 8);
            }
            assert!(!check(&msg2, &sig));
            // Every tenth triple, a random (r, s): invalid in practice; the verdicts must agree.
            if done.is_multiple_of(10) {
                let mut junk = [0u8; 64];
                rng.fill_bytes(&mut junk);
                check(&msg, &junk);
                junk_checked += 1;
            }
            done += 1;
        }
    }
    assert_eq!(accepted, total);
    assert_eq!(checked, total * 4 + junk_checked);
    println!("es256 differential: {total} triples, {checked} verifications agreed with p256");
}
