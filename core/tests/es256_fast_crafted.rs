//! Crafted ES256 signatures that hit the rare branches of the precomputed verifier: `R.x` in
//! `[n, p)` (accepted through the `(r + n)·Z²` comparison), `R` at infinity (refused), `r + 1`
//! (refused), and out-of-range or malformed `r`, `s`. Each case is built with `p256`'s point
//! arithmetic and checked against `p256`'s own verifier as well.
#![cfg(feature = "es256-fast")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::alg::es256_fast::{Es256Table, W4, W6, W8, Window};
use edgeauth::{Error, Es256PublicKey, VerifyingKey};
use p256::elliptic_curve::bigint::ArrayEncoding as _;
use p256::elliptic_curve::ff::PrimeField as _;
use p256::elliptic_curve::ops::Reduce as _;
use p256::elliptic_curve::point::{AffineCoordinates as _, DecompressPoint as _};
use p256::elliptic_curve::sec1::ToSec1Point as _;
use p256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar, U256};
use sha2::{Digest as _, Sha256};

const N_HEX: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P_HEX: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

fn digest_scalar(msg: &[u8]) -> Scalar {
    let d: [u8; 32] = Sha256::digest(msg).into();
    Scalar::reduce(&FieldBytes::from(d))
}

fn sig_bytes(r: &[u8], s: &Scalar) -> [u8; 64] {
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(r);
    sig[32..].copy_from_slice(&s.to_repr());
    sig
}

fn public(q: &ProjectivePoint) -> Es256PublicKey {
    Es256PublicKey::from_sec1(q.to_affine().to_sec1_point(false).as_bytes()).unwrap()
}

/// Verifies with the plain key and all three table widths; all must agree. Returns the verdict.
fn verdict(q: &Es256PublicKey, msg: &[u8], sig: &[u8]) -> bool {
    let plain = VerifyingKey::Es256(*q).verify_signature(msg, sig).is_ok();
    fn fast<W: Window>(q: &Es256PublicKey, msg: &[u8], sig: &[u8]) -> bool {
        let table = Box::new(Es256Table::<W>::new(q).unwrap());
        let r = VerifyingKey::es256_precomputed(&*table).verify_signature(msg, sig);
        assert!(matches!(r, Ok(()) | Err(Error::InvalidSignature)));
        r.is_ok()
    }
    assert_eq!(fast::<W4>(q, msg, sig), plain, "w = 4");
    assert_eq!(fast::<W6>(q, msg, sig), plain, "w = 6");
    assert_eq!(fast::<W8>(q, msg, sig), plain, "w = 8");
    plain
}

/// A point whose x-coordinate is `n + t` for the smallest `t ≥ start` that gives a point.
fn point_with_x_above_n(start: u64) -> (AffinePoint, U256) {
    let n = U256::from_be_hex(N_HEX);
    let mut t = start;
    loop {
        let x = n.wrapping_add(&U256::from_u64(t));
        let bytes = FieldBytes::from(x.to_be_byte_array());
        if let Some(p) = Option::<AffinePoint>::from(AffinePoint::decompress(&bytes, 0u8.into())) {
            return (p, U256::from_u64(t));
        }
        t += 1;
    }
}

#[test]
fn r_x_in_n_to_p_is_accepted_via_r_plus_n() {
    for start in [1u64, 1000, 1 << 40] {
        let (r_point, r) = point_with_x_above_n(start);
        let r_bytes = r.to_be_byte_array();
        let r_scalar = Scalar::from_repr(FieldBytes::from(r_bytes)).unwrap();
        // Choose s and the message, then solve for the key: Q = u2⁻¹·(R − u1·G).
        let msg = format!("R.x = n + {start}…").into_bytes();
        let s = Scalar::from(0x1234_5678u64 + start);
        let s_inv = s.invert().unwrap();
        let u1 = digest_scalar(&msg) * s_inv;
        let u2 = r_scalar * s_inv;
        let q = (ProjectivePoint::from(r_point) - ProjectivePoint::GENERATOR * u1)
            * u2.invert().unwrap();
        let key = public(&q);
        // Sanity: R really has x ≥ n, and x mod n = r.
        let rx = U256::from_be_slice(&r_point.x());
        assert!(rx >= U256::from_be_hex(N_HEX) && rx < U256::from_be_hex(P_HEX));
        let sig = sig_bytes(&r_bytes, &s);
        assert!(verdict(&key, &msg, &sig), "start {start}");
        // The unreduced x (≥ n) is not a valid r.
        let sig_unreduced = sig_bytes(&r_point.x(), &s);
        assert!(!verdict(&key, &msg, &sig_unreduced));
        // Neither are its neighbours.
        let r_next = r.wrapping_add(&U256::ONE).to_be_byte_array();
        assert!(!verdict(&key, &msg, &sig_bytes(&r_next, &s)));
    }
}

#[test]
fn r_at_infinity_is_refused() {
    // With Q = −(z/r)·G, u1·G + u2·Q = (z/s)·G − (r/s)(z/r)·G = O for every s.
    for r_small in [1u64, 2, 0xffff_ffff, 0x1234_5678_9abc] {
        let msg = b"R is the point at infinity";
        let r = Scalar::from(r_small);
        let q = -(ProjectivePoint::GENERATOR * (digest_scalar(msg) * r.invert().unwrap()));
        let key = public(&q);
        for s in [Scalar::ONE, Scalar::from(7u64), -Scalar::ONE] {
            let sig = sig_bytes(&r.to_repr(), &s);
            assert!(!verdict(&key, msg, &sig), "r = {r_small}");
        }
    }
}

#[test]
fn r_plus_one_and_out_of_range_values_are_refused() {
    let d = Scalar::from(0xabcd_ef01_2345u64);
    let key = public(&(ProjectivePoint::GENERATOR * d));
    let msg = b"r + 1";
    // A valid signature made by hand: k fixed, r = (k·G).x mod n, s = k⁻¹(z + r·d).
    for k in [
        Scalar::from(3u64),
        Scalar::from(0x7777u64),
        -Scalar::from(5u64),
    ] {
        let rx = (ProjectivePoint::GENERATOR * k).to_affine().x();
        let r = Scalar::reduce(&rx);
        let s = k.invert().unwrap() * (digest_scalar(msg) + r * d);
        assert!(verdict(&key, msg, &sig_bytes(&r.to_repr(), &s)));
        assert!(!verdict(
            &key,
            msg,
            &sig_bytes(&(r + Scalar::ONE).to_repr(), &s)
        ));
        assert!(!verdict(
            &key,
            msg,
            &sig_bytes(&r.to_repr(), &(s + Scalar::ONE))
        ));
        // (r, −s) is the same signature for −R, which has the same x: valid (JWS allows high-S).
        assert!(verdict(&key, msg, &sig_bytes(&r.to_repr(), &-s)));
        assert!(!verdict(&key, b"r + 2", &sig_bytes(&r.to_repr(), &s)));
    }
    let n = U256::from_be_hex(N_HEX).to_be_byte_array();
    let zero = [0u8; 32];
    let one = Scalar::ONE;
    for (r, s) in [
        (zero, one.to_repr().into()),
        (one.to_repr().into(), [0u8; 32]),
        (n.into(), one.to_repr().into()),
        (one.to_repr().into(), n.into()),
        ([0xff; 32], one.to_repr().into()),
    ] {
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        sig[32..].copy_from_slice(&s);
        assert!(!verdict(&key, msg, &sig));
    }
    // Wrong lengths (including a DER-looking prefix) never reach the arithmetic.
    for len in [0usize, 63, 65, 70, 72] {
        assert!(!verdict(&key, msg, &vec![0x30; len]));
    }
}
