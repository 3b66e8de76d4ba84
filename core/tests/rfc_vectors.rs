//! RFC 7515, 7519, 7520 and 8037 example tokens from `../shared/vectors`: every in-scope token
//! verifies with its key, every `alg: none` token is refused, and re-signing the deterministic
//! inputs reproduces the RFC tokens byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{b64, field, load};
use edgeauth::{
    Algorithm, Error, KeySet, SigningKey, Validation, Verifier, VerifyingKey, encode_raw,
};

/// The verifying key for a vector's JWK, if this build supports its algorithm.
fn verifying_key(alg: &str, jwk: &serde_json::Value) -> Option<VerifyingKey<'static>> {
    match alg {
        "HS256" => Some(VerifyingKey::hs256(&b64(field(jwk, "k"))).unwrap()),
        "EdDSA" => {
            let x: [u8; 32] = b64(field(jwk, "x")).try_into().unwrap();
            Some(VerifyingKey::ed25519(&x).unwrap())
        }
        "ES256" => {
            let x: [u8; 32] = b64(field(jwk, "x")).try_into().unwrap();
            let y: [u8; 32] = b64(field(jwk, "y")).try_into().unwrap();
            Some(VerifyingKey::es256_coordinates(&x, &y).unwrap())
        }
        _ => None,
    }
}

fn signing_key(alg: &str, jwk: &serde_json::Value) -> SigningKey {
    match alg {
        "HS256" => SigningKey::hs256(&b64(field(jwk, "k"))).unwrap(),
        "EdDSA" => SigningKey::ed25519_from_seed(&b64(field(jwk, "d")).try_into().unwrap()),
        other => panic!("no deterministic signer for {other}"),
    }
}

fn all_tests() -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for file in [
        "rfc7515.json",
        "rfc7519.json",
        "rfc8037.json",
        "rfc7520.json",
    ] {
        for t in load(file)["tests"].as_array().unwrap() {
            out.push((file.to_string(), t.clone()));
        }
    }
    out
}

#[test]
fn every_supported_in_scope_token_verifies_with_its_key() {
    let mut verified = Vec::new();
    for (file, t) in all_tests() {
        let name = field(&t, "name");
        if !t["in_scope"].as_bool().unwrap() || !t["valid"].as_bool().unwrap() {
            continue;
        }
        let alg = field(&t, "alg");
        let Some(key) = verifying_key(alg, &t["key"]) else {
            continue; // RS256 is verified by the RSA tests.
        };
        let mut keys: KeySet<'_, 1> = KeySet::new();
        let kid = t["key"]["kid"].as_str();
        keys.insert(kid, key).map_err(|e| e.kind).unwrap();
        let verifier = Verifier::new(&keys);
        let mut scratch = [0u8; 2048];
        let token = field(&t, "token");
        if t["detached"].as_bool() == Some(true) {
            // RFC 7520 §4.5: the detached form has an empty payload segment and must fail as-is;
            // the re-attached token verifies.
            assert_eq!(
                verifier.verify_jws(token, &mut scratch).err(),
                Some(Error::Malformed)
            );
            let attached = field(&t, "token_with_payload_reattached");
            let (header, payload) = verifier.verify_jws(attached, &mut scratch).unwrap();
            assert_eq!(header.alg, Algorithm::Hs256);
            assert_eq!(payload, field(&t, "detached_payload").as_bytes());
        } else {
            let (header, payload) = verifier.verify_jws(token, &mut scratch).unwrap();
            assert_eq!(header.alg.name(), alg, "{name}");
            assert_eq!(payload, field(&t, "payload").as_bytes(), "{name}");
        }
        verified.push(format!("{file}:{name}"));
    }
    assert_eq!(
        verified,
        [
            "rfc7515.json:RFC7515-A.1-HS256",
            "rfc7515.json:RFC7515-A.3-ES256",
            "rfc7519.json:RFC7519-3.1-HS256",
            "rfc8037.json:RFC8037-A.4-EdDSA-Ed25519",
            "rfc7520.json:RFC7520-4.4-HS256",
            "rfc7520.json:RFC7520-4.5-HS256",
        ]
    );
}

#[test]
fn rfc7519_jwt_claims_validate_before_exp_and_expire_after() {
    let t = &load("rfc7519.json")["tests"][0];
    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(None, verifying_key("HS256", &t["key"]).unwrap())
        .map_err(|e| e.kind)
        .unwrap();
    let verifier = Verifier::new(&keys);
    let token = field(t, "token");
    let mut scratch = [0u8; 512];
    let ok = verifier
        .verify(token, &Validation::new(1_300_819_379), &mut scratch)
        .unwrap();
    assert_eq!(ok.claims().iss(), Some("joe"));
    assert_eq!(ok.claims().exp(), Some(1_300_819_380));
    assert_eq!(ok.bool_claim("http://example.com/is_root"), Ok(Some(true)));
    // `exp` is 2011: at exp itself and at any later time the token is expired.
    for now in [1_300_819_380, 1_800_000_000] {
        assert_eq!(
            verifier
                .verify(token, &Validation::new(now), &mut scratch)
                .err(),
            Some(Error::Expired)
        );
    }
}

#[test]
fn alg_none_tokens_are_refused() {
    let mut seen = 0;
    for (_, t) in all_tests() {
        if field(&t, "alg") != "none" {
            continue;
        }
        assert!(!t["valid"].as_bool().unwrap());
        let mut keys: KeySet<'_, 1> = KeySet::new();
        let hs = load("rfc7515.json")["tests"][0]["key"].clone();
        keys.insert(None, verifying_key("HS256", &hs).unwrap())
            .map_err(|e| e.kind)
            .unwrap();
        let verifier = Verifier::new(&keys);
        let mut scratch = [0u8; 512];
        let token = field(&t, "token");
        // The RFC's unsecured tokens end with an empty signature segment: refused as malformed
        // before the header is even read. With a fake signature appended the header is reached
        // and `alg: none` itself is refused.
        assert_eq!(
            verifier.verify_jws(token, &mut scratch).err(),
            Some(Error::Malformed)
        );
        let with_sig = format!("{token}AAAA");
        assert_eq!(
            verifier.verify_jws(&with_sig, &mut scratch).err(),
            Some(Error::AlgorithmNone)
        );
        seen += 1;
    }
    assert_eq!(seen, 2);
}

#[test]
fn resigning_deterministic_inputs_reproduces_the_rfc_tokens() {
    let mut reproduced = 0;
    for (_, t) in all_tests() {
        let name = field(&t, "name");
        if !matches!(name, "RFC7515-A.1-HS256" | "RFC8037-A.4-EdDSA-Ed25519") {
            continue;
        }
        let key = signing_key(field(&t, "alg"), &t["key"]);
        let mut out = [0u8; 1024];
        let token = encode_raw(
            &key,
            field(&t, "header").as_bytes(),
            field(&t, "payload").as_bytes(),
            &mut out,
        )
        .unwrap();
        assert_eq!(token, field(&t, "token"), "{name}");
        reproduced += 1;
    }
    assert_eq!(reproduced, 2);
}

#[test]
fn rfc8037_signature_and_public_key_match_the_hex_values() {
    let t = &load("rfc8037.json")["tests"][0];
    let seed: [u8; 32] = common::hex(field(t, "private_key_hex")).try_into().unwrap();
    let key = SigningKey::ed25519_from_seed(&seed);
    let VerifyingKey::Ed25519(public) = key.verifying_key() else {
        panic!("not an Ed25519 key");
    };
    assert_eq!(
        public.to_bytes().to_vec(),
        common::hex(field(t, "public_key_hex"))
    );
    let token = field(t, "token");
    let sig = b64(token.rsplit('.').next().unwrap());
    assert_eq!(sig, common::hex(field(t, "signature_hex")));
}
