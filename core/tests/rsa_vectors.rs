//! RSA verification against published vectors: RFC 7515 A.2 and RFC 7520 §4.1/§4.2 tokens, and
//! every case of Wycheproof's `rsa_signature_2048_sha256_test.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "rsa")]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use edgeauth::jwk::{Jwk, JwkError, JwkOptions};
use edgeauth::{Algorithm, Error, KeySet, RsaExponents, Validation, Verifier, VerifyingKey};
use serde_json::Value;

fn vectors(name: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/");
    let text = std::fs::read_to_string(format!("{path}{name}")).expect("shared vectors present");
    serde_json::from_str(&text).expect("valid JSON")
}

fn test_case<'v>(file: &'v Value, name: &str) -> &'v Value {
    file["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["name"] == name)
        .expect("test present")
}

/// Parses a JWK given as a JSON value with edgeauth's JWK parser.
fn key_from_jwk(jwk: &Value, options: &JwkOptions) -> Result<VerifyingKey<'static>, JwkError> {
    let mut doc = serde_json::to_vec(jwk).expect("serializable");
    Jwk::parse(&mut doc)?.verifying_key(options)
}

/// Checks the signature of a compact token with `key`, over the exact received text.
fn verify_token(key: &VerifyingKey<'_>, token: &str) -> Result<(), Error> {
    let (signing_input, sig) = token.rsplit_once('.').expect("three segments");
    let sig = B64.decode(sig).expect("base64url");
    key.verify_signature(signing_input.as_bytes(), &sig)
}

fn flip_last_signature_bit(token: &str) -> String {
    let (signing_input, sig) = token.rsplit_once('.').expect("three segments");
    let mut sig = B64.decode(sig).expect("base64url");
    let last = sig.len() - 1;
    sig[last] ^= 1;
    format!("{signing_input}.{}", B64.encode(sig))
}

#[test]
fn rfc7515_a2_rs256_verifies_through_the_verifier() {
    let file = vectors("rfc7515.json");
    let case = test_case(&file, "RFC7515-A.2-RS256");
    // The RFC's JWK has no `alg`: the default binds RSA keys to RS256.
    let key = key_from_jwk(&case["public_key"], &JwkOptions::new()).expect("RFC key loads");
    assert_eq!(key.algorithm(), Algorithm::Rs256);
    let token = case["token"].as_str().expect("token");
    assert_eq!(verify_token(&key, token), Ok(()));

    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(None, key).map_err(|e| e.kind).expect("room");
    let mut scratch = [0u8; 1024];
    // exp = 1300819380 (2011): validate at a time before it.
    let validation = Validation::new(1_300_819_000);
    let verified = Verifier::new(&keys)
        .verify(token, &validation, &mut scratch)
        .expect("RFC 7515 A.2 verifies");
    assert_eq!(verified.claims().iss(), Some("joe"));

    let forged = flip_last_signature_bit(token);
    assert_eq!(
        Verifier::new(&keys)
            .verify(&forged, &validation, &mut scratch)
            .err(),
        Some(Error::InvalidSignature)
    );
}

#[test]
fn rfc7515_a2_private_jwk_needs_allow_private() {
    let file = vectors("rfc7515.json");
    let case = test_case(&file, "RFC7515-A.2-RS256");
    assert_eq!(
        key_from_jwk(&case["key"], &JwkOptions::new()).err(),
        Some(JwkError::PrivateKeyMaterial)
    );
    let key = key_from_jwk(&case["key"], &JwkOptions::new().allow_private(true))
        .expect("private members ignored when allowed");
    assert_eq!(
        verify_token(&key, case["token"].as_str().expect("token")),
        Ok(())
    );
}

#[test]
fn rfc7520_4_1_rs256_verifies() {
    let file = vectors("rfc7520.json");
    let case = test_case(&file, "RFC7520-4.1-RS256");
    let key = key_from_jwk(&case["public_key"], &JwkOptions::new()).expect("RFC key loads");
    let token = case["token"].as_str().expect("token");
    assert_eq!(verify_token(&key, token), Ok(()));
    assert_eq!(
        verify_token(&key, &flip_last_signature_bit(token)),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn rfc7520_4_2_ps384_verifies() {
    let file = vectors("rfc7520.json");
    let case = test_case(&file, "RFC7520-4.2-PS384");
    let options = JwkOptions::new().rsa_default_alg(Some(Algorithm::Ps384));
    let key = key_from_jwk(&case["public_key"], &options).expect("RFC key loads");
    assert_eq!(key.algorithm(), Algorithm::Ps384);
    let token = case["token"].as_str().expect("token");
    assert_eq!(verify_token(&key, token), Ok(()));
    assert_eq!(
        verify_token(&key, &flip_last_signature_bit(token)),
        Err(Error::InvalidSignature)
    );
    // The same key bound to RS384 or PS256 does not accept the PS384 signature.
    for alg in [Algorithm::Rs384, Algorithm::Ps256] {
        let other = key_from_jwk(&case["public_key"], &options.rsa_default_alg(Some(alg)))
            .expect("RFC key loads");
        assert_eq!(verify_token(&other, token), Err(Error::InvalidSignature));
    }
}

fn hex(s: &Value) -> Vec<u8> {
    hex::decode(s.as_str().expect("hex string")).expect("hex")
}

/// Wycheproof: every `valid` case accepted, every `invalid` refused. The one `acceptable` case
/// (tcId 8, `MissingNull`: DigestInfo without the NULL parameters) is refused, because the
/// expected encoding is built with the NULL and compared whole (as OpenSSL does). The two e = 3
/// groups load only with `RsaExponents::AllowOther`, and then their valid cases verify.
#[test]
fn wycheproof_rsa_2048_sha256_all_cases() {
    let file = vectors("wycheproof/rsa_signature_2048_sha256_test.json");
    let (mut valid, mut invalid, mut acceptable) = (0, 0, 0);
    for group in file["testGroups"].as_array().expect("groups") {
        let n = hex(&group["publicKey"]["modulus"]);
        let e = hex(&group["publicKey"]["publicExponent"]);
        let default = VerifyingKey::rsa(Algorithm::Rs256, &n, &e);
        let key = if e == [1, 0, 1] {
            default.expect("e = 65537 key loads")
        } else {
            assert_eq!(e, [3], "only e = 65537 and e = 3 groups exist");
            assert_eq!(
                default.err(),
                Some(Error::InvalidKey),
                "e = 3 refused by default"
            );
            assert_eq!(
                key_from_jwk(&group["keyJwk"], &JwkOptions::new()).err(),
                Some(JwkError::ExponentNotAllowed)
            );
            VerifyingKey::rsa_with_exponents(Algorithm::Rs256, &n, &e, RsaExponents::AllowOther)
                .expect("e = 3 key loads when allowed")
        };
        // The group's JWK gives the same key through the JWK parser.
        let options = JwkOptions::new().rsa_exponents(RsaExponents::AllowOther);
        let jwk_key = key_from_jwk(&group["keyJwk"], &options).expect("keyJwk loads");
        for case in group["tests"].as_array().expect("tests") {
            let id = &case["tcId"];
            let msg = hex(&case["msg"]);
            let sig = hex(&case["sig"]);
            let got = key.verify_signature(&msg, &sig);
            assert_eq!(got, jwk_key.verify_signature(&msg, &sig), "tcId {id}");
            match case["result"].as_str().expect("result") {
                "valid" => {
                    valid += 1;
                    assert_eq!(got, Ok(()), "valid tcId {id} refused");
                }
                "invalid" => {
                    invalid += 1;
                    assert_eq!(
                        got,
                        Err(Error::InvalidSignature),
                        "invalid tcId {id} accepted"
                    );
                }
                "acceptable" => {
                    acceptable += 1;
                    assert_eq!(case["flags"][0], "MissingNull", "tcId {id}");
                    assert_eq!(got, Err(Error::InvalidSignature), "tcId {id}");
                }
                other => panic!("unknown result {other}"),
            }
        }
    }
    assert_eq!((valid, invalid, acceptable), (9, 249, 1));
}

#[test]
fn signature_length_must_equal_modulus_length() {
    let file = vectors("rfc7520.json");
    let case = test_case(&file, "RFC7520-4.1-RS256");
    let key = key_from_jwk(&case["public_key"], &JwkOptions::new()).expect("RFC key loads");
    let token = case["token"].as_str().expect("token");
    let (signing_input, sig) = token.rsplit_once('.').expect("three segments");
    let sig = B64.decode(sig).expect("base64url");
    let mut longer = vec![0u8];
    longer.extend_from_slice(&sig);
    for bad in [&longer[..], &sig[1..], &[][..]] {
        assert_eq!(
            key.verify_signature(signing_input.as_bytes(), bad),
            Err(Error::InvalidSignature)
        );
    }
    // s = n and s > n are refused before any arithmetic result is used.
    let n = B64
        .decode(case["public_key"]["n"].as_str().expect("n"))
        .expect("base64url");
    assert_eq!(
        key.verify_signature(signing_input.as_bytes(), &n),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        key.verify_signature(signing_input.as_bytes(), &vec![0xff; n.len()]),
        Err(Error::InvalidSignature)
    );
}
