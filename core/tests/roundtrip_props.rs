//! Property tests: encode → verify round-trips for random claims with every algorithm, custom
//! claims come back exactly (through the typed accessors and through serde), and flipping any
//! single bit of a token makes verification fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::{KeySet, SigningKey, Validation, Verifier, encode};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

const NOW: u64 = 1_800_000_000;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Claims<'a> {
    sub: &'a str,
    iss: &'a str,
    exp: u64,
    #[serde(borrow)]
    roles: Vec<&'a str>,
    level: i64,
    ratio: f64,
    admin: bool,
}

#[derive(Serialize, Debug)]
struct Owned {
    sub: String,
    iss: String,
    exp: u64,
    roles: Vec<String>,
    level: i64,
    ratio: f64,
    admin: bool,
}

fn keys() -> Vec<SigningKey> {
    vec![
        SigningKey::hs256(&[0x11; 32]).unwrap(),
        SigningKey::hs384(&[0x22; 48]).unwrap(),
        SigningKey::hs512(&[0x33; 64]).unwrap(),
        SigningKey::ed25519_from_seed(&[0x44; 32]),
        SigningKey::es256_from_bytes(&[0x55; 32]).unwrap(),
    ]
}

fn claims_strategy() -> impl Strategy<Value = Owned> {
    (
        "\\PC{0,24}",
        "[ -~]{0,24}",
        (NOW + 1)..(i64::MAX as u64),
        prop::collection::vec("\\PC{0,12}", 0..4),
        any::<i64>(),
        -1.0e12f64..1.0e12,
        any::<bool>(),
    )
        .prop_map(|(sub, iss, exp, roles, level, ratio, admin)| Owned {
            sub,
            iss,
            exp,
            roles,
            level,
            ratio,
            admin,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn round_trip_every_algorithm(claims in claims_strategy(), kid in proptest::option::of("[a-zA-Z0-9_-]{1,40}")) {
        for key in keys() {
            let mut out = vec![0u8; 4096];
            let token = encode(&key, kid.as_deref(), &claims, &mut out).unwrap().to_string();
            let mut set: KeySet<'_, 1> = KeySet::new();
            set.insert(kid.as_deref(), key.verifying_key()).map_err(|e| e.kind).unwrap();
            let mut scratch = vec![0u8; 4096];
            let v = Verifier::new(&set).verify(&token, &Validation::new(NOW), &mut scratch).unwrap();
            prop_assert_eq!(v.algorithm(), key.algorithm());
            prop_assert_eq!(v.kid(), kid.as_deref());
            prop_assert_eq!(v.claims().sub(), Some(claims.sub.as_str()));
            prop_assert_eq!(v.claims().exp(), Some(claims.exp));
            prop_assert_eq!(v.i64_claim("level").unwrap(), Some(claims.level));
            prop_assert_eq!(v.bool_claim("admin").unwrap(), Some(claims.admin));
            prop_assert_eq!(v.f64_claim("ratio").unwrap(), Some(claims.ratio));
            let roles: Vec<&str> = v.str_array_claim("roles").unwrap().unwrap().into_iter().collect();
            prop_assert_eq!(&roles, &claims.roles);
            let typed: Claims<'_> = v.deserialize().unwrap();
            prop_assert_eq!(typed.sub, claims.sub.as_str());
            prop_assert_eq!(typed.iss, claims.iss.as_str());
            prop_assert_eq!(typed.roles, roles);
            prop_assert_eq!(typed.ratio, claims.ratio);
            // The payload is byte for byte the JSON serde_json writes for the same struct.
            let payload = token.split('.').nth(1).unwrap();
            let json = String::from_utf8(base64_decode(payload)).unwrap();
            prop_assert_eq!(json, serde_json::to_string(&claims).unwrap());
        }
    }

    #[test]
    fn any_single_bit_flip_is_refused(claims in claims_strategy(), which in 0usize..5, pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let key = &keys()[which];
        let mut out = vec![0u8; 4096];
        let token = encode(key, None, &claims, &mut out).unwrap().as_bytes().to_vec();
        let mut set: KeySet<'_, 1> = KeySet::new();
        set.insert(None, key.verifying_key()).map_err(|e| e.kind).unwrap();
        let mut flipped = token.clone();
        let i = pos.index(flipped.len());
        flipped[i] ^= 1 << bit;
        let mut scratch = vec![0u8; 4096];
        // Flips that break UTF-8 cannot even be offered as a `&str`; all others must be refused.
        if let Ok(text) = core::str::from_utf8(&flipped) {
            let result = Verifier::new(&set).verify(text, &Validation::new(NOW), &mut scratch);
            prop_assert!(result.is_err(), "bit {} of byte {} flipped and still accepted", bit, i);
        }
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}
