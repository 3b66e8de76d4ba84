//! EdDSA with Ed25519 (RFC 8037) via `ed25519-dalek`.
//!
//! Verification accepts exactly what `ed25519-dalek`'s `verify_strict` accepts: on top of the
//! RFC 8032 checks it refuses small-order public keys and small-order `R`, and `R` must be the
//! canonical encoding. Without that, one signature can be valid for several messages or keys,
//! which breaks replay caches and `jti` blocklists keyed on the signature.
//!
//! It gets there more cheaply than `verify_strict`, which decompresses `R` (a field
//! exponentiation, about 12% of a verify's instructions) only to test its order. Here:
//! - the key's order is tested once, when the key is made ([`Ed25519PublicKey::from_bytes`]);
//! - `R` is compared with the encodings of the eight small-order points ([`small_order_r`]);
//! - then the plain RFC 8032 check runs, which recomputes `R` and compares *encodings*.
//!
//! Why that is the same decision: the recomputed `R` is a canonical encoding, so a signature the
//! plain check accepts has a canonical `R`, which decompresses to the very point it encodes; that
//! point has small order exactly when `R` is one of the eight encodings. A non-canonical `R` fails
//! the plain check's comparison, as it fails `verify_strict`'s. The tests compare both paths on
//! crafted signatures that only the strict checks refuse (`R` the identity, a small-order key).

use crate::error::Error;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Ed25519PublicKey {
    key: VerifyingKey,
    /// Whether the key is a small-order point (`VerifyingKey::is_weak`): no signature verifies.
    weak: bool,
}

impl Ed25519PublicKey {
    /// Parses a 32-byte compressed Edwards point; refuses encodings that are not points.
    ///
    /// A small-order point is accepted here (as `ed25519-dalek` accepts it), but no signature
    /// verifies under it.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        VerifyingKey::from_bytes(bytes)
            .map(Self::from_dalek)
            .map_err(|_| Error::InvalidKey)
    }

    fn from_dalek(key: VerifyingKey) -> Self {
        Ed25519PublicKey {
            key,
            // Only the path without `R`'s decompression reads it; `verify_strict` tests the key.
            weak: CHEAP_R_CHECK && key.is_weak(),
        }
    }

    /// The 32-byte encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    // Not inlined into `VerifyingKey::verify_signature`: otherwise the dispatcher's frame is the
    // sum of every algorithm's, and an HS256 verify pays for P-256's stack (measured on the
    // Cortex-M4 firmware: 6.7 KB instead of 1.8 KB).
    #[inline(never)]
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let sig: &[u8; 64] = sig.try_into().map_err(|_| Error::InvalidSignature)?;
        let sig = Signature::from_bytes(sig);
        if !CHEAP_R_CHECK {
            return self
                .key
                .verify_strict(msg, &sig)
                .map_err(|_| Error::InvalidSignature);
        }
        if self.weak || small_order_r(sig.r_bytes()) {
            return Err(Error::InvalidSignature);
        }
        self.key
            .verify(msg, &sig)
            .map_err(|_| Error::InvalidSignature)
    }
}

/// Whether [`Ed25519PublicKey::verify`] takes the path without `R`'s decompression (module
/// docs): yes, unless the `small-flash` feature asks for the smallest code; then it calls
/// `verify_strict` itself. The list and the key flag cost about 150 B on the Cortex-M4; the
/// decompression they save is about 8% of a verify's instructions there.
const CHEAP_R_CHECK: bool = !cfg!(feature = "small-flash");

/// The `y` coordinates (little-endian, sign bit clear) of the eight points of order 1, 2, 4 and
/// 8: 0 (order 4, both signs of `x`), 1 (the identity), p - 1 (order 2) and the two of order 8
/// (both signs each). The list libsodium checks in `ge25519_has_small_order`; the tests derive it
/// from `curve25519-dalek`'s `EIGHT_TORSION` points.
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [0; 32],
    {
        let mut one = [0; 32];
        one[0] = 1;
        one
    },
    {
        let mut p_minus_one = [0xff; 32];
        p_minus_one[0] = 0xec;
        p_minus_one[31] = 0x7f;
        p_minus_one
    },
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
];

/// Whether `r` encodes a small-order point with either sign of `x`. Besides the eight canonical
/// encodings this matches two non-canonical ones (`x = 0` with the sign bit set), which the plain
/// check refuses anyway. Public data: no constant-time comparison needed.
fn small_order_r(r: &[u8; 32]) -> bool {
    let mut y = *r;
    y[31] &= 0x7f;
    SMALL_ORDER_Y.contains(&y)
}

impl core::fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Ed25519PublicKey")
            .field(&self.key.to_bytes())
            .finish()
    }
}

/// An Ed25519 private key (zeroized on drop by `ed25519-dalek`).
#[derive(Clone)]
pub struct Ed25519PrivateKey(SigningKey);

impl Ed25519PrivateKey {
    /// Creates the key from its 32-byte seed (RFC 8032 §5.1.5).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Ed25519PrivateKey(SigningKey::from_bytes(seed))
    }

    /// The matching public key.
    pub fn public_key(&self) -> Ed25519PublicKey {
        Ed25519PublicKey::from_dalek(self.0.verifying_key())
    }

    /// Deterministic signature (RFC 8032).
    pub(crate) fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.0.sign(msg).to_bytes()
    }
}

impl core::fmt::Debug for Ed25519PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Ed25519PrivateKey").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;

    #[test]
    fn the_small_order_list_is_the_eight_torsion_points() {
        let mut derived: std::vec::Vec<[u8; 32]> = EIGHT_TORSION
            .iter()
            .map(|point| {
                let mut y = point.compress().to_bytes();
                y[31] &= 0x7f;
                y
            })
            .collect();
        derived.sort_unstable();
        derived.dedup();
        let mut listed = SMALL_ORDER_Y.to_vec();
        listed.sort_unstable();
        assert_eq!(derived, listed);
        for point in EIGHT_TORSION {
            assert!(small_order_r(&point.compress().to_bytes()));
        }
        // A full-order point is not on the list.
        let base = curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED.to_bytes();
        assert!(!small_order_r(&base));
    }
}
