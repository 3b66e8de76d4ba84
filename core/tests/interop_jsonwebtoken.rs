//! Interop with `jsonwebtoken` (the most used Rust JWT crate): its HS256, EdDSA and ES256 tokens
//! verify in edgeauth, and edgeauth's tokens verify in it, claims intact.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::{KeySet, SigningKey, Validation, Verifier, encode};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Claims {
    sub: String,
    iss: String,
    aud: String,
    exp: u64,
    iat: u64,
    roles: Vec<String>,
}

/// Far in the future so that `jsonwebtoken`, which reads the system clock, never sees the token
/// as expired; edgeauth gets the same instant explicitly.
const NOW: u64 = 4_000_000_000;
const ED_SEED: [u8; 32] = [7; 32];
const EC_SCALAR: [u8; 32] = [9; 32];
const SECRET: &[u8] = b"interop-secret-interop-secret-32";

fn claims() -> Claims {
    Claims {
        sub: "user-42".into(),
        iss: "https://idp.example".into(),
        aud: "api".into(),
        exp: NOW + 600,
        iat: NOW - 10,
        roles: vec!["admin".into(), "ops/\"night\"".into()],
    }
}

/// PKCS#8 DER for an Ed25519 seed (RFC 8410 §7): fixed prefix + seed.
fn ed25519_pkcs8(seed: &[u8; 32]) -> Vec<u8> {
    let mut der = hex::decode("302e020100300506032b657004220420").unwrap();
    der.extend_from_slice(seed);
    der
}

/// Uncompressed SEC1 public point of a P-256 key.
fn p256_point(key: &SigningKey) -> Vec<u8> {
    let edgeauth::VerifyingKey::Es256(public) = key.verifying_key() else {
        panic!("not a P-256 key")
    };
    public.as_p256().to_sec1_point(false).as_bytes().to_vec()
}

/// PKCS#8 (RFC 5208) wrapping a SEC1 ECPrivateKey (RFC 5915) with its public key, for P-256.
fn p256_pkcs8(scalar: &[u8; 32], point: &[u8]) -> Vec<u8> {
    let mut ec = hex::decode("0201010420").unwrap();
    ec.extend_from_slice(scalar);
    ec.extend_from_slice(&hex::decode("a144034200").unwrap());
    ec.extend_from_slice(point);
    let mut ec_seq = vec![0x30, ec.len() as u8];
    ec_seq.extend_from_slice(&ec);
    let mut body = hex::decode("020100301306072a8648ce3d020106082a8648ce3d030107").unwrap();
    body.push(0x04);
    body.push(ec_seq.len() as u8);
    body.extend_from_slice(&ec_seq);
    let mut der = vec![0x30, 0x81, body.len() as u8];
    der.extend_from_slice(&body);
    der
}

fn jwt_validation(alg: jsonwebtoken::Algorithm) -> jsonwebtoken::Validation {
    let mut v = jsonwebtoken::Validation::new(alg);
    v.set_audience(&["api"]);
    v.set_issuer(&["https://idp.example"]);
    v
}

fn edgeauth_verifies(key: &SigningKey, token: &str) -> Claims {
    let mut set: KeySet<'_, 1> = KeySet::new();
    set.insert(None, key.verifying_key())
        .map_err(|e| e.kind)
        .unwrap();
    let mut scratch = [0u8; 1024];
    let validation = Validation::new(NOW)
        .issuers(&["https://idp.example"])
        .audiences(&["api"]);
    let v = Verifier::new(&set)
        .verify(token, &validation, &mut scratch)
        .unwrap();
    #[derive(Deserialize)]
    struct Borrowed<'a> {
        sub: &'a str,
        iss: &'a str,
        aud: &'a str,
        exp: u64,
        iat: u64,
        roles: Vec<&'a str>,
    }
    let b: Borrowed<'_> = v.deserialize().unwrap();
    Claims {
        sub: b.sub.into(),
        iss: b.iss.into(),
        aud: b.aud.into(),
        exp: b.exp,
        iat: b.iat,
        roles: b.roles.into_iter().map(String::from).collect(),
    }
}

#[test]
fn hs256_both_ways() {
    let enc = jsonwebtoken::EncodingKey::from_secret(SECRET);
    let dec = jsonwebtoken::DecodingKey::from_secret(SECRET);
    let ours = SigningKey::hs256(SECRET).unwrap();
    let theirs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims(),
        &enc,
    )
    .unwrap();
    assert_eq!(edgeauth_verifies(&ours, &theirs), claims());
    let mut out = [0u8; 1024];
    let token = encode(&ours, None, &claims(), &mut out).unwrap();
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &dec,
        &jwt_validation(jsonwebtoken::Algorithm::HS256),
    )
    .unwrap();
    assert_eq!(data.claims, claims());
}

#[test]
fn eddsa_both_ways() {
    let ours = SigningKey::ed25519_from_seed(&ED_SEED);
    let enc = jsonwebtoken::EncodingKey::from_ed_der(&ed25519_pkcs8(&ED_SEED));
    let edgeauth::VerifyingKey::Ed25519(public) = ours.verifying_key() else {
        panic!()
    };
    let dec = jsonwebtoken::DecodingKey::from_ed_der(&public.to_bytes());
    let theirs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA),
        &claims(),
        &enc,
    )
    .unwrap();
    assert_eq!(edgeauth_verifies(&ours, &theirs), claims());
    let mut out = [0u8; 1024];
    let token = encode(&ours, None, &claims(), &mut out).unwrap();
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &dec,
        &jwt_validation(jsonwebtoken::Algorithm::EdDSA),
    )
    .unwrap();
    assert_eq!(data.claims, claims());
}

#[test]
fn es256_both_ways() {
    let ours = SigningKey::es256_from_bytes(&EC_SCALAR).unwrap();
    let point = p256_point(&ours);
    let enc = jsonwebtoken::EncodingKey::from_ec_der(&p256_pkcs8(&EC_SCALAR, &point));
    let dec = jsonwebtoken::DecodingKey::from_ec_der(&point);
    let theirs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256),
        &claims(),
        &enc,
    )
    .unwrap();
    assert_eq!(edgeauth_verifies(&ours, &theirs), claims());
    let mut out = [0u8; 1024];
    let token = encode(&ours, None, &claims(), &mut out).unwrap();
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &dec,
        &jwt_validation(jsonwebtoken::Algorithm::ES256),
    )
    .unwrap();
    assert_eq!(data.claims, claims());
}
