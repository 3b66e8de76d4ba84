//! Wycheproof vectors through the core's algorithm layer (`VerifyingKey::verify_signature`).
//!
//! - HMAC-SHA256/384/512: only the groups whose tag size is the full hash output apply to JWS; a
//!   JWS verifier must refuse truncated tags, so those groups are checked to be *refused* even
//!   where Wycheproof marks the truncated tag valid for a truncated-MAC API. Keys shorter than the
//!   hash output are below the JWS minimum (RFC 7518 §3.2) and are run through the primitive with
//!   the length check lifted, to test the MAC itself.
//! - Ed25519 and ECDSA P-256 (P1363 `r‖s`): every `valid` accepted, every `invalid` refused.
//!   These files contain no `acceptable` cases; if a later snapshot adds some, this test treats
//!   them as "refuse" (the strict choice) and fails loudly if we accept one, so the decision is
//!   revisited rather than made silently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{hex, load};
use edgeauth::{Algorithm, HmacKey, VerifyingKey};

struct Tally {
    valid_accepted: usize,
    invalid_refused: usize,
}

fn run_case(result: &str, accepted: bool, what: &str, tally: &mut Tally) {
    match (result, accepted) {
        ("valid", true) => tally.valid_accepted += 1,
        ("invalid", false) => tally.invalid_refused += 1,
        ("acceptable", false) => tally.invalid_refused += 1,
        _ => panic!("{what}: expected {result}, accepted = {accepted}"),
    }
}

fn hmac_file(file: &str, alg: Algorithm, full_bits: u64) -> Tally {
    let data = load(file);
    let mut tally = Tally {
        valid_accepted: 0,
        invalid_refused: 0,
    };
    for group in data["testGroups"].as_array().unwrap() {
        let tag_bits = group["tagSize"].as_u64().unwrap();
        for t in group["tests"].as_array().unwrap() {
            let key = HmacKey::new_unchecked_len(alg, &hex(t["key"].as_str().unwrap())).unwrap();
            let key = VerifyingKey::Hmac(key);
            let msg = hex(t["msg"].as_str().unwrap());
            let tag = hex(t["tag"].as_str().unwrap());
            let accepted = key.verify_signature(&msg, &tag).is_ok();
            let id = t["tcId"].as_u64().unwrap();
            let result = t["result"].as_str().unwrap();
            if tag_bits == full_bits {
                run_case(result, accepted, &format!("{file} tcId {id}"), &mut tally);
            } else {
                assert!(!accepted, "{file} tcId {id}: truncated tag accepted");
                tally.invalid_refused += 1;
            }
        }
    }
    tally
}

#[test]
fn hmac_sha256() {
    let t = hmac_file("wycheproof/hmac_sha256_test.json", Algorithm::Hs256, 256);
    // Full-size groups: 27 + 3 + 3 valid; everything else refused (174 tests in all).
    assert_eq!((t.valid_accepted, t.invalid_refused), (33, 141));
}

#[test]
fn hmac_sha384() {
    let t = hmac_file("wycheproof/hmac_sha384_test.json", Algorithm::Hs384, 384);
    assert_eq!((t.valid_accepted, t.invalid_refused), (33, 141));
}

#[test]
fn hmac_sha512() {
    let t = hmac_file("wycheproof/hmac_sha512_test.json", Algorithm::Hs512, 512);
    assert_eq!((t.valid_accepted, t.invalid_refused), (33, 141));
}

#[test]
fn hmac_keys_below_the_jws_minimum_are_refused_at_creation() {
    assert!(HmacKey::new(Algorithm::Hs256, &[1; 31]).is_err());
    assert!(HmacKey::new(Algorithm::Hs256, &[1; 32]).is_ok());
    assert!(HmacKey::new(Algorithm::Hs384, &[1; 47]).is_err());
    assert!(HmacKey::new(Algorithm::Hs512, &[1; 63]).is_err());
    assert!(HmacKey::new(Algorithm::EdDsa, &[1; 64]).is_err());
}

#[test]
fn ed25519() {
    let data = load("wycheproof/ed25519_test.json");
    let mut tally = Tally {
        valid_accepted: 0,
        invalid_refused: 0,
    };
    for group in data["testGroups"].as_array().unwrap() {
        let pk: [u8; 32] = hex(group["publicKey"]["pk"].as_str().unwrap())
            .try_into()
            .unwrap();
        let key = VerifyingKey::ed25519(&pk);
        for t in group["tests"].as_array().unwrap() {
            let msg = hex(t["msg"].as_str().unwrap());
            let sig = hex(t["sig"].as_str().unwrap());
            let accepted = key
                .as_ref()
                .map(|k| k.verify_signature(&msg, &sig).is_ok())
                .unwrap_or(false);
            let id = t["tcId"].as_u64().unwrap();
            run_case(
                t["result"].as_str().unwrap(),
                accepted,
                &format!("ed25519 tcId {id}"),
                &mut tally,
            );
        }
    }
    assert_eq!((tally.valid_accepted, tally.invalid_refused), (88, 63));
}

#[test]
fn ecdsa_p256_sha256_p1363() {
    let data = load("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
    let mut tally = Tally {
        valid_accepted: 0,
        invalid_refused: 0,
    };
    for group in data["testGroups"].as_array().unwrap() {
        let point = hex(group["publicKey"]["uncompressed"].as_str().unwrap());
        let key = VerifyingKey::es256_sec1(&point).unwrap();
        for t in group["tests"].as_array().unwrap() {
            let msg = hex(t["msg"].as_str().unwrap());
            let sig = hex(t["sig"].as_str().unwrap());
            let accepted = key.verify_signature(&msg, &sig).is_ok();
            let id = t["tcId"].as_u64().unwrap();
            run_case(
                t["result"].as_str().unwrap(),
                accepted,
                &format!("p256 tcId {id}"),
                &mut tally,
            );
        }
    }
    assert_eq!((tally.valid_accepted, tally.invalid_refused), (173, 89));
}
