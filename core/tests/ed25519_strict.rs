//! edgeauth's Ed25519 check decides exactly as `ed25519-dalek`'s `verify_strict`, without
//! decompressing `R` (see `core/src/alg/eddsa.rs`). The signatures that matter are the ones the
//! plain RFC 8032 equation accepts and only the strict checks refuse; they cannot come from a
//! signer, so they are crafted here with `curve25519-dalek`'s arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use curve25519_dalek::constants::EIGHT_TORSION;
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use ed25519_dalek::{Signature, Verifier as _};
use edgeauth::{Error, VerifyingKey};
use proptest::prelude::*;
use sha2::{Digest as _, Sha512};

/// RFC 8032 §5.1.7's challenge `k = SHA-512(R || A || M) mod l`.
fn challenge(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let digest: [u8; 64] = Sha512::new()
        .chain_update(r)
        .chain_update(a)
        .chain_update(msg)
        .finalize()
        .into();
    Scalar::from_bytes_mod_order_wide(&digest)
}

/// RFC 8032 §5.1.5's secret scalar of `seed`.
fn secret_scalar(seed: &[u8; 32]) -> Scalar {
    let digest = Sha512::digest(seed);
    let mut a = [0u8; 32];
    a.copy_from_slice(&digest[..32]);
    a[0] &= 248;
    a[31] &= 127;
    a[31] |= 64;
    Scalar::from_bytes_mod_order(a)
}

fn signature(r: &[u8; 32], s: &Scalar) -> [u8; 64] {
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(r);
    sig[32..].copy_from_slice(s.as_bytes());
    sig
}

/// The three verdicts on one (key, message, signature): the plain RFC 8032 check, dalek's
/// `verify_strict` and edgeauth's.
struct Verdicts {
    plain: bool,
    strict: bool,
    edgeauth: Result<(), Error>,
}

fn verdicts(public: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Verdicts {
    let dalek = ed25519_dalek::VerifyingKey::from_bytes(public).expect("a point");
    let parsed = Signature::from_bytes(sig);
    let ours = VerifyingKey::ed25519(public).expect("a point");
    Verdicts {
        plain: dalek.verify(msg, &parsed).is_ok(),
        strict: dalek.verify_strict(msg, &parsed).is_ok(),
        edgeauth: ours.verify_signature(msg, sig),
    }
}

/// A crafted signature that the plain equation accepts (checked, so the case really tests the
/// strict checks) and that `verify_strict` and edgeauth both refuse.
fn assert_only_the_strict_checks_refuse(public: &[u8; 32], msg: &[u8], sig: &[u8; 64]) {
    let v = verdicts(public, msg, sig);
    assert!(
        v.plain,
        "the crafted signature must satisfy the plain equation"
    );
    assert!(!v.strict);
    assert_eq!(v.edgeauth, Err(Error::InvalidSignature));
}

#[test]
fn identity_r_passes_the_plain_equation_and_is_refused() {
    // With the secret key, R = identity and s = k*a satisfy [s]B = R + [k]A; verify_strict
    // refuses R because it has small order, and so must we (the small-order R list).
    let seed = [7u8; 32];
    let a = secret_scalar(&seed);
    let public = EdwardsPoint::mul_base(&a).compress().to_bytes();
    assert_eq!(
        public,
        ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes()
    );
    let identity = EdwardsPoint::default().compress().to_bytes();
    for msg in [&b""[..], b"eyJhbGciOiJFZERTQSJ9.e30", b"any message"] {
        let s = challenge(&identity, &public, msg) * a;
        assert_only_the_strict_checks_refuse(&public, msg, &signature(&identity, &s));
    }
}

#[test]
fn small_order_key_with_a_full_order_r_is_refused() {
    // A weak key A (order 8) and R = [s]B - [t]A, searching messages until the challenge k is
    // congruent to t modulo 8, so that [s]B - [k]A = R. R then has full order, so only the
    // key check refuses it.
    let torsion = EIGHT_TORSION[1];
    let public = torsion.compress().to_bytes();
    let s = Scalar::from(12_345u64);
    let mut found = 0;
    for n in 0u32..400 {
        let msg = n.to_le_bytes();
        for t in 0u8..8 {
            let r = (EdwardsPoint::mul_base(&s) - torsion * Scalar::from(t)).compress();
            let k = challenge(r.as_bytes(), &public, &msg);
            if torsion * k != torsion * Scalar::from(t) {
                continue;
            }
            assert_only_the_strict_checks_refuse(&public, &msg, &signature(r.as_bytes(), &s));
            found += 1;
        }
    }
    assert!(found >= 10, "only {found} crafted signatures");
}

#[test]
fn small_order_key_and_r_is_refused() {
    // The classic forgery under a weak key: s = 0 and R = -[k]A, valid for about one message in
    // eight with no secret at all.
    let torsion = EIGHT_TORSION[3];
    let public = torsion.compress().to_bytes();
    let mut found = 0;
    for n in 0u32..200 {
        let msg = n.to_le_bytes();
        for candidate in EIGHT_TORSION {
            let r = candidate.compress();
            let k = challenge(r.as_bytes(), &public, &msg);
            if (-(torsion * k)).compress() != r {
                continue;
            }
            assert_only_the_strict_checks_refuse(
                &public,
                &msg,
                &signature(r.as_bytes(), &Scalar::ZERO),
            );
            found += 1;
        }
    }
    assert!(found >= 10, "only {found} crafted signatures");
}

/// End to end over all sixteen sign/point combinations. Only the identity's signature satisfies
/// the plain equation here (the other points' `R` is not `[s]B - [k]A`); the list itself is
/// checked exactly against `EIGHT_TORSION` by the unit test in `alg/eddsa.rs`.
#[test]
fn every_small_order_r_is_refused_in_both_sign_encodings() {
    let seed = [9u8; 32];
    let a = secret_scalar(&seed);
    let public = EdwardsPoint::mul_base(&a).compress().to_bytes();
    for point in EIGHT_TORSION {
        for sign in [0u8, 0x80] {
            let mut r = point.compress().to_bytes();
            r[31] ^= sign;
            let s = challenge(&r, &public, b"m") * a;
            let v = verdicts(&public, b"m", &signature(&r, &s));
            assert!(!v.strict);
            assert_eq!(v.edgeauth, Err(Error::InvalidSignature), "R = {r:02x?}");
        }
    }
}

proptest! {
    /// On honest signatures, tampered ones, non-canonical R encodings and random bytes, the two
    /// checks agree.
    #[test]
    fn agrees_with_verify_strict(
        seed in any::<[u8; 32]>(),
        msg in proptest::collection::vec(any::<u8>(), 0..80),
        tamper in 0usize..6,
        at in 0usize..64,
        noise in any::<[u8; 32]>(),
    ) {
        let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
        let public = signing.verifying_key().to_bytes();
        let mut sig = ed25519_dalek::Signer::sign(&signing, &msg).to_bytes();
        match tamper {
            0 => {}
            1 => sig[at] ^= 1,
            2 => sig[..32].copy_from_slice(&noise),
            3 => sig[32..].copy_from_slice(&noise),
            // y + p for y < 19 (the only y whose y + p still fits in 255 bits): a second,
            // non-canonical encoding of the same point, which both checks refuse.
            4 => {
                let mut r = [0xff; 32];
                r[0] = 0xed + (at % 19) as u8;
                r[31] = 0x7f | (noise[0] & 0x80);
                sig[..32].copy_from_slice(&r);
            }
            _ => sig[..32].copy_from_slice(&EIGHT_TORSION[at % 8].compress().to_bytes()),
        }
        let v = verdicts(&public, &msg, &sig);
        prop_assert_eq!(v.edgeauth.is_ok(), v.strict);
        prop_assert_eq!(v.strict, tamper == 0);
    }
}
