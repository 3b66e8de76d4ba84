//! EdDSA with Ed25519 (RFC 8037) via `ed25519-dalek`.
//!
//! Verification uses `verify_strict`, which refuses small-order public keys and non-canonical
//! `R` encodings on top of the RFC 8032 checks: without it, one signature can be valid for several
//! messages or keys, which breaks replay caches and `jti` blocklists keyed on the signature.

use crate::error::Error;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Ed25519PublicKey(VerifyingKey);

impl Ed25519PublicKey {
    /// Parses a 32-byte compressed Edwards point; refuses encodings that are not points.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        VerifyingKey::from_bytes(bytes)
            .map(Ed25519PublicKey)
            .map_err(|_| Error::InvalidKey)
    }

    /// The 32-byte encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    // Not inlined into `VerifyingKey::verify_signature`: otherwise the dispatcher's frame is the
    // sum of every algorithm's, and an HS256 verify pays for P-256's stack (measured on the
    // Cortex-M4 firmware: 6.7 KB instead of 1.8 KB).
    #[inline(never)]
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let sig: &[u8; 64] = sig.try_into().map_err(|_| Error::InvalidSignature)?;
        let sig = Signature::from_bytes(sig);
        self.0
            .verify_strict(msg, &sig)
            .map_err(|_| Error::InvalidSignature)
    }
}

impl core::fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Ed25519PublicKey")
            .field(&self.0.to_bytes())
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
        Ed25519PublicKey(self.0.verifying_key())
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
