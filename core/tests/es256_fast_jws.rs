//! The precomputed ES256 key in the JWS/JWT path: `KeySet` selection and `Verifier`, exactly
//! like the plain key, with the table on the heap (server) and in a `static` (device pattern).
#![cfg(feature = "es256-fast")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::alg::es256_fast::{Es256Table, Es256TableRef, W4, W8};
use edgeauth::{Algorithm, Error, KeySet, SigningKey, Validation, Verifier, VerifyingKey, encode};
use std::sync::OnceLock;

#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    exp: u64,
}

fn signer(seed: u8) -> SigningKey {
    SigningKey::es256_from_bytes(&[seed; 32]).unwrap()
}

fn public(key: &SigningKey) -> edgeauth::Es256PublicKey {
    match key.verifying_key() {
        VerifyingKey::Es256(p) => p,
        other => panic!("not an ES256 key: {other:?}"),
    }
}

fn token<'o>(key: &SigningKey, kid: Option<&str>, sub: &str, out: &'o mut [u8]) -> &'o str {
    encode(key, kid, &Claims { sub, exp: 2_000 }, out).unwrap()
}

#[test]
fn verifier_accepts_and_refuses_like_the_plain_key() {
    let a = signer(1);
    let b = signer(2);
    let table_a: Box<Es256Table<W8>> = Box::new(Es256Table::new(&public(&a)).unwrap());
    let table_b: Box<Es256Table<W4>> = Box::new(Es256Table::new(&public(&b)).unwrap());
    let fast_a = VerifyingKey::es256_precomputed(&*table_a);
    assert_eq!(fast_a.algorithm(), Algorithm::Es256);
    let mut keys: KeySet<'_, 2> = KeySet::new();
    keys.insert(Some("a"), fast_a).map_err(|e| e.kind).unwrap();
    keys.insert(Some("b"), VerifyingKey::es256_precomputed(&*table_b))
        .map_err(|e| e.kind)
        .unwrap();
    let mut plain: KeySet<'_, 2> = KeySet::new();
    plain
        .insert(Some("a"), a.verifying_key())
        .map_err(|e| e.kind)
        .unwrap();
    plain
        .insert(Some("b"), b.verifying_key())
        .map_err(|e| e.kind)
        .unwrap();
    let validation = Validation::new(1_000);

    let cases: [(&SigningKey, Option<&str>, bool); 4] = [
        (&a, Some("a"), true),
        (&b, Some("b"), true),
        (&a, Some("b"), false), // signed by a, claims to be b
        (&b, None, false),      // no kid and two ES256 keys: ambiguous
    ];
    for (signing, kid, ok) in cases {
        let mut out = [0u8; 512];
        let t = token(signing, kid, "ada", &mut out);
        let mut scratch = [0u8; 512];
        let fast = Verifier::new(&keys)
            .verify(t, &validation, &mut scratch)
            .map(|v| v.claims().sub().map(str::to_owned));
        let mut scratch = [0u8; 512];
        let slow = Verifier::new(&plain)
            .verify(t, &validation, &mut scratch)
            .map(|v| v.claims().sub().map(str::to_owned));
        assert_eq!(fast, slow, "kid {kid:?}");
        assert_eq!(fast.is_ok(), ok, "kid {kid:?}: {fast:?}");
        if ok {
            assert_eq!(fast.unwrap().as_deref(), Some("ada"));
        }
    }

    // A tampered signature is refused as InvalidSignature.
    let mut out = [0u8; 512];
    let t = token(&a, Some("a"), "ada", &mut out).to_owned();
    let last = t.len() - 2;
    let flipped = if t.as_bytes()[last] == b'A' { 'B' } else { 'A' };
    let tampered = format!("{}{}{}", &t[..last], flipped, &t[last + 1..]);
    let mut scratch = [0u8; 512];
    assert_eq!(
        Verifier::new(&keys)
            .verify(&tampered, &validation, &mut scratch)
            .map(|_| ())
            .unwrap_err(),
        Error::InvalidSignature
    );
}

#[test]
fn table_in_a_static_cell() {
    static TABLE: OnceLock<Es256Table<W4>> = OnceLock::new();
    let a = signer(3);
    let table: &'static Es256Table<W4> = TABLE.get_or_init(|| {
        let mut t = Es256Table::EMPTY;
        t.fill(&public(&a)).unwrap();
        t
    });
    let reference = Es256TableRef::new(table);
    assert_eq!(reference.window_bits(), 4);
    assert_eq!(reference.public_key(), Some(&public(&a)));
    let mut keys: KeySet<'static, 1> = KeySet::new();
    keys.insert(None, VerifyingKey::es256_precomputed(table))
        .map_err(|e| e.kind)
        .unwrap();
    let mut out = [0u8; 512];
    let t = token(&a, None, "bob", &mut out);
    let mut scratch = [0u8; 512];
    let v = Verifier::new(&keys)
        .verify(t, &Validation::new(1_000), &mut scratch)
        .unwrap();
    assert_eq!(v.claims().sub(), Some("bob"));
}

#[test]
fn empty_table_refuses_everything() {
    let a = signer(4);
    let empty: Box<Es256Table<W4>> = Box::new(Es256Table::EMPTY);
    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(None, VerifyingKey::es256_precomputed(&*empty))
        .map_err(|e| e.kind)
        .unwrap();
    let mut out = [0u8; 512];
    let t = token(&a, None, "eve", &mut out);
    let mut scratch = [0u8; 512];
    assert_eq!(
        Verifier::new(&keys)
            .verify(t, &Validation::new(1_000), &mut scratch)
            .map(|_| ())
            .unwrap_err(),
        Error::InvalidSignature
    );
}
