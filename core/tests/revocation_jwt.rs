//! Revocation plugged into JWT verification: `Verifier::verify_with` refuses blocklisted and
//! revoked-before tokens with `Error::Revoked`, and accepts the rest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "hmac")]

use edgeauth::revocation::{Blocklist, RevokedBefore};
use edgeauth::{Error, KeySet, SigningKey, Validation, Verifier, encode};
use serde::Serialize;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    jti: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iat: Option<u64>,
    exp: u64,
}

fn token(claims: &Claims<'_>, out: &mut [u8]) -> usize {
    let key = SigningKey::hs256(SECRET).unwrap();
    encode(&key, None, claims, out).unwrap().len()
}

fn verify(tok: &str, now: u64, rev: &dyn edgeauth::RevocationCheck) -> Result<(), Error> {
    let key = SigningKey::hs256(SECRET).unwrap();
    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(None, key.verifying_key())
        .map_err(|e| e.kind)
        .unwrap();
    let mut scratch = [0u8; 512];
    Verifier::new(&keys)
        .verify_with(tok, &Validation::new(now).leeway(30), rev, &mut scratch)
        .map(|_| ())
}

fn mint(jti: Option<&str>, iat: Option<u64>, buf: &mut [u8; 512]) -> String {
    let n = token(
        &Claims {
            iss: "https://idp.example",
            sub: "alice",
            jti,
            iat,
            exp: 2_000,
        },
        buf,
    );
    String::from_utf8(buf[..n].to_vec()).unwrap()
}

#[test]
fn blocklist_refuses_listed_jti_only() {
    let mut buf = [0u8; 512];
    let a = mint(Some("jti-a"), Some(1_000), &mut buf);
    let b = mint(Some("jti-b"), Some(1_000), &mut buf);
    let none = mint(None, Some(1_000), &mut buf);
    let mut list: Blocklist<64> = Blocklist::new([7; 32], 30);
    list.revoke("jti-a", 2_000, 1_100).unwrap();
    assert_eq!(verify(&a, 1_200, &list), Err(Error::Revoked));
    assert_eq!(verify(&b, 1_200, &list), Ok(()));
    assert_eq!(verify(&none, 1_200, &list), Ok(()));
    // Within the verifier's leeway after exp the entry is still there and still refuses.
    assert_eq!(list.sweep(2_029), 0);
    assert_eq!(verify(&a, 2_029, &list), Err(Error::Revoked));
    // At exp + leeway the token is refused as expired and the entry can go.
    assert_eq!(list.sweep(2_030), 1);
    assert!(matches!(verify(&a, 2_030, &list), Err(Error::Expired)));
}

#[test]
fn revoked_before_refuses_older_tokens_of_the_subject() {
    let mut buf = [0u8; 512];
    let old = mint(Some("1"), Some(1_000), &mut buf);
    let new = mint(Some("2"), Some(1_101), &mut buf);
    let no_iat = mint(Some("3"), None, &mut buf);
    let mut rb: RevokedBefore<64> = RevokedBefore::new([8; 32], 3_600);
    rb.revoke_subject(Some("https://idp.example"), "alice", 1_101, 1_100)
        .unwrap();
    assert_eq!(verify(&old, 1_200, &rb), Err(Error::Revoked));
    assert_eq!(verify(&new, 1_200, &rb), Ok(()));
    assert_eq!(verify(&no_iat, 1_200, &rb), Err(Error::Revoked));
    // Another issuer's "alice" is a different subject.
    let mut other: RevokedBefore<64> = RevokedBefore::new([8; 32], 3_600);
    other
        .revoke_subject(Some("https://other.example"), "alice", 1_101, 1_100)
        .unwrap();
    assert_eq!(verify(&old, 1_200, &other), Ok(()));
}

#[test]
fn both_checks_in_one_call() {
    let mut buf = [0u8; 512];
    let a = mint(Some("jti-a"), Some(1_200), &mut buf);
    let b = mint(Some("jti-b"), Some(1_000), &mut buf);
    let c = mint(Some("jti-c"), Some(1_200), &mut buf);
    let mut list: Blocklist<64> = Blocklist::new([7; 32], 30);
    list.revoke("jti-a", 2_000, 1_100).unwrap();
    let mut rb: RevokedBefore<64> = RevokedBefore::new([8; 32], 3_600);
    rb.revoke_subject(Some("https://idp.example"), "alice", 1_101, 1_100)
        .unwrap();
    let both = (&list, &rb);
    assert_eq!(verify(&a, 1_300, &both), Err(Error::Revoked));
    assert_eq!(verify(&b, 1_300, &both), Err(Error::Revoked));
    assert_eq!(verify(&c, 1_300, &both), Ok(()));
}
