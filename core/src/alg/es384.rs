//! ES384: ECDSA on P-384 with SHA-384 (RFC 7518 §3.4) via `p384`.
//!
//! Same rules as ES256: JWS signatures are the fixed 96-byte `r‖s` form, anything else (DER in
//! particular) is refused before any arithmetic, and high-S signatures are accepted because JWS
//! does not require low-S. Signing is deterministic (RFC 6979).

use crate::error::Error;
use p384::ecdsa::signature::{Signer as _, Verifier as _};
use p384::ecdsa::{Signature, SigningKey, VerifyingKey};

/// A P-384 public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Es384PublicKey(VerifyingKey);

impl Es384PublicKey {
    /// Parses a SEC1 encoded point (97-byte uncompressed or 49-byte compressed).
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, Error> {
        VerifyingKey::from_sec1_bytes(bytes)
            .map(Es384PublicKey)
            .map_err(|_| Error::InvalidKey)
    }

    /// Builds the key from its affine coordinates (the JWK `x` and `y` members).
    pub fn from_coordinates(x: &[u8; 48], y: &[u8; 48]) -> Result<Self, Error> {
        let mut sec1 = [0u8; 97];
        sec1[0] = 0x04;
        sec1[1..49].copy_from_slice(x);
        sec1[49..].copy_from_slice(y);
        Self::from_sec1(&sec1)
    }

    /// The `p384` verifying key, for callers that need the primitive.
    pub fn as_p384(&self) -> &VerifyingKey {
        &self.0
    }

    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        if sig.len() != 96 {
            return Err(Error::InvalidSignature);
        }
        let sig = Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
        self.0
            .verify(msg, &sig)
            .map_err(|_| Error::InvalidSignature)
    }
}

impl core::fmt::Debug for Es384PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Es384PublicKey").finish_non_exhaustive()
    }
}

/// A P-384 private key (zeroized on drop by `p384`).
#[derive(Clone)]
pub struct Es384PrivateKey(SigningKey);

impl Es384PrivateKey {
    /// Creates the key from its 48-byte big-endian scalar; zero and values ≥ n are refused.
    pub fn from_bytes(scalar: &[u8; 48]) -> Result<Self, Error> {
        SigningKey::from_slice(scalar)
            .map(Es384PrivateKey)
            .map_err(|_| Error::InvalidKey)
    }

    /// The matching public key.
    pub fn public_key(&self) -> Es384PublicKey {
        Es384PublicKey(*self.0.verifying_key())
    }

    /// Deterministic (RFC 6979) signature in the 96-byte `r‖s` form.
    pub(crate) fn sign(&self, msg: &[u8]) -> Result<[u8; 96], Error> {
        let sig: Signature = self.0.try_sign(msg).map_err(|_| Error::InvalidKey)?;
        let mut out = [0u8; 96];
        out.copy_from_slice(&sig.to_bytes());
        Ok(out)
    }
}

impl core::fmt::Debug for Es384PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Es384PrivateKey").finish_non_exhaustive()
    }
}
