//! Keys bound to one algorithm, and the fixed-capacity [`KeySet`] the verifier selects from.
//!
//! Keys only ever come from the caller (configuration, a JWKS document the gateway fetched itself);
//! a token can name a key by `kid` but never supply one (`jwk`, `jku`, `x5c`, `x5u` are refused in
//! the header). Selection pins the algorithm: the token's `alg` must equal the key's.

use crate::alg::Algorithm;
#[cfg(feature = "eddsa")]
use crate::alg::eddsa::{Ed25519PrivateKey, Ed25519PublicKey};
#[cfg(feature = "es256")]
use crate::alg::es256::{Es256PrivateKey, Es256PublicKey};
#[cfg(feature = "es256-fast")]
use crate::alg::es256_fast::{Es256Table, Es256TableRef, Window};
#[cfg(feature = "es384")]
use crate::alg::es384::{Es384PrivateKey, Es384PublicKey};
#[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
use crate::alg::hmac::HmacKey;
#[cfg(feature = "rsa")]
use crate::alg::rsa::{RsaExponents, RsaPublicKey};
use crate::error::Error;
use core::marker::PhantomData;

/// The longest `kid` a [`KeySet`] stores and a header may carry, in bytes. Identity providers use
/// 20–64 characters (UUIDs, base64url thumbprints, hex digests).
pub const MAX_KID_LEN: usize = 128;

/// A key that verifies tokens of exactly one algorithm.
///
/// The lifetime lets future key types borrow large precomputed tables that the caller owns.
#[derive(Clone, Debug)]
#[non_exhaustive]
// An RSA key carries its Montgomery parameters inline (no heap to box them in).
#[allow(clippy::large_enum_variant)]
pub enum VerifyingKey<'k> {
    /// An HMAC secret (HS256/HS384/HS512).
    #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
    Hmac(HmacKey),
    /// An Ed25519 public key (EdDSA).
    #[cfg(feature = "eddsa")]
    Ed25519(Ed25519PublicKey),
    /// A P-256 public key (ES256).
    #[cfg(feature = "es256")]
    Es256(Es256PublicKey),
    /// A P-256 public key with a precomputed window table owned by the caller (ES256).
    #[cfg(feature = "es256-fast")]
    Es256Precomputed(Es256TableRef<'k>),
    /// A P-384 public key (ES384).
    #[cfg(feature = "es384")]
    Es384(Es384PublicKey),
    /// An RSA public key (RS256/384/512, PS256/384/512).
    #[cfg(feature = "rsa")]
    Rsa(RsaPublicKey),
    #[doc(hidden)]
    _Lifetime(PhantomData<&'k ()>, Never),
}

/// An uninhabited type: keeps the lifetime parameter used without adding a reachable variant.
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub enum Never {}

impl<'k> VerifyingKey<'k> {
    /// An HS256 secret (at least 32 bytes).
    #[cfg(feature = "hs256")]
    pub fn hs256(secret: &[u8]) -> Result<Self, Error> {
        HmacKey::new(Algorithm::Hs256, secret).map(VerifyingKey::Hmac)
    }

    /// An HS384 secret (at least 48 bytes).
    #[cfg(feature = "hs384")]
    pub fn hs384(secret: &[u8]) -> Result<Self, Error> {
        HmacKey::new(Algorithm::Hs384, secret).map(VerifyingKey::Hmac)
    }

    /// An HS512 secret (at least 64 bytes).
    #[cfg(feature = "hs512")]
    pub fn hs512(secret: &[u8]) -> Result<Self, Error> {
        HmacKey::new(Algorithm::Hs512, secret).map(VerifyingKey::Hmac)
    }

    /// An Ed25519 public key from its 32-byte encoding.
    #[cfg(feature = "eddsa")]
    pub fn ed25519(public: &[u8; 32]) -> Result<Self, Error> {
        Ed25519PublicKey::from_bytes(public).map(VerifyingKey::Ed25519)
    }

    /// A P-256 public key from a SEC1 point (65-byte uncompressed or 33-byte compressed).
    #[cfg(feature = "es256")]
    pub fn es256_sec1(point: &[u8]) -> Result<Self, Error> {
        Es256PublicKey::from_sec1(point).map(VerifyingKey::Es256)
    }

    /// A P-256 public key from its affine coordinates (JWK `x`, `y`).
    #[cfg(feature = "es256")]
    pub fn es256_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self, Error> {
        Es256PublicKey::from_coordinates(x, y).map(VerifyingKey::Es256)
    }

    /// A P-256 public key verified through its precomputed window table, which the caller owns
    /// (a `Box` on a server, a `static` on a device); see [`crate::alg::es256_fast`].
    #[cfg(feature = "es256-fast")]
    pub fn es256_precomputed<W: Window>(table: &'k Es256Table<W>) -> Self {
        VerifyingKey::Es256Precomputed(Es256TableRef::new(table))
    }

    /// A P-384 public key from a SEC1 point (97-byte uncompressed or 49-byte compressed).
    #[cfg(feature = "es384")]
    pub fn es384_sec1(point: &[u8]) -> Result<Self, Error> {
        Es384PublicKey::from_sec1(point).map(VerifyingKey::Es384)
    }

    /// A P-384 public key from its affine coordinates (JWK `x`, `y`).
    #[cfg(feature = "es384")]
    pub fn es384_coordinates(x: &[u8; 48], y: &[u8; 48]) -> Result<Self, Error> {
        Es384PublicKey::from_coordinates(x, y).map(VerifyingKey::Es384)
    }

    /// An RSA public key for `alg` (RS256/384/512 or PS256/384/512) from its big-endian modulus
    /// and exponent; only e = 65537 (see [`RsaPublicKey::with_exponents`]).
    #[cfg(feature = "rsa")]
    pub fn rsa(alg: Algorithm, n: &[u8], e: &[u8]) -> Result<Self, Error> {
        RsaPublicKey::new(alg, n, e).map(VerifyingKey::Rsa)
    }

    /// Like [`VerifyingKey::rsa`], with an explicit exponent policy.
    #[cfg(feature = "rsa")]
    pub fn rsa_with_exponents(
        alg: Algorithm,
        n: &[u8],
        e: &[u8],
        exponents: RsaExponents,
    ) -> Result<Self, Error> {
        RsaPublicKey::with_exponents(alg, n, e, exponents).map(VerifyingKey::Rsa)
    }

    /// The one algorithm this key verifies.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
            VerifyingKey::Hmac(k) => k.algorithm(),
            #[cfg(feature = "eddsa")]
            VerifyingKey::Ed25519(_) => Algorithm::EdDsa,
            #[cfg(feature = "es256")]
            VerifyingKey::Es256(_) => Algorithm::Es256,
            #[cfg(feature = "es256-fast")]
            VerifyingKey::Es256Precomputed(_) => Algorithm::Es256,
            #[cfg(feature = "es384")]
            VerifyingKey::Es384(_) => Algorithm::Es384,
            #[cfg(feature = "rsa")]
            VerifyingKey::Rsa(k) => k.algorithm(),
            VerifyingKey::_Lifetime(_, never) => match *never {},
        }
    }

    /// Checks `signature` over `signing_input`. Every failure is [`Error::InvalidSignature`].
    pub fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        match self {
            #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
            VerifyingKey::Hmac(k) => k.verify(signing_input, signature),
            #[cfg(feature = "eddsa")]
            VerifyingKey::Ed25519(k) => k.verify(signing_input, signature),
            #[cfg(feature = "es256")]
            VerifyingKey::Es256(k) => k.verify(signing_input, signature),
            #[cfg(feature = "es256-fast")]
            VerifyingKey::Es256Precomputed(k) => k.verify(signing_input, signature),
            #[cfg(feature = "es384")]
            VerifyingKey::Es384(k) => k.verify(signing_input, signature),
            #[cfg(feature = "rsa")]
            VerifyingKey::Rsa(k) => k.verify(signing_input, signature),
            VerifyingKey::_Lifetime(_, never) => match *never {},
        }
    }
}

/// A key that signs tokens of exactly one algorithm. Secret material is zeroized on drop and
/// never printed by `Debug`.
#[derive(Clone, Debug)]
#[non_exhaustive]
// With HS384/HS512 alone the SHA-512 midstates (136 B) dwarf the uninhabited variant; there is
// no heap to box it in.
#[allow(clippy::large_enum_variant)]
pub enum SigningKey {
    /// An HMAC secret (HS256/HS384/HS512).
    #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
    Hmac(HmacKey),
    /// An Ed25519 private key.
    #[cfg(feature = "eddsa")]
    Ed25519(Ed25519PrivateKey),
    /// A P-256 private key.
    #[cfg(feature = "es256")]
    Es256(Es256PrivateKey),
    /// A P-384 private key.
    #[cfg(feature = "es384")]
    Es384(Es384PrivateKey),
    #[doc(hidden)]
    _Unused(Never),
}

impl SigningKey {
    /// An HS256 secret (at least 32 bytes).
    #[cfg(feature = "hs256")]
    pub fn hs256(secret: &[u8]) -> Result<Self, Error> {
        HmacKey::new(Algorithm::Hs256, secret).map(SigningKey::Hmac)
    }

    /// An HS384 secret (at least 48 bytes).
    #[cfg(feature = "hs384")]
    pub fn hs384(secret: &[u8]) -> Result<Self, Error> {
        HmacKey::new(Algorithm::Hs384, secret).map(SigningKey::Hmac)
    }

    /// An HS512 secret (at least 64 bytes).
    #[cfg(feature = "hs512")]
    pub fn hs512(secret: &[u8]) -> Result<Self, Error> {
        HmacKey::new(Algorithm::Hs512, secret).map(SigningKey::Hmac)
    }

    /// An Ed25519 key from its 32-byte seed.
    #[cfg(feature = "eddsa")]
    pub fn ed25519_from_seed(seed: &[u8; 32]) -> Self {
        SigningKey::Ed25519(Ed25519PrivateKey::from_seed(seed))
    }

    /// A P-256 key from its 32-byte big-endian private scalar.
    #[cfg(feature = "es256")]
    pub fn es256_from_bytes(scalar: &[u8; 32]) -> Result<Self, Error> {
        Es256PrivateKey::from_bytes(scalar).map(SigningKey::Es256)
    }

    /// A P-384 key from its 48-byte big-endian private scalar.
    #[cfg(feature = "es384")]
    pub fn es384_from_bytes(scalar: &[u8; 48]) -> Result<Self, Error> {
        Es384PrivateKey::from_bytes(scalar).map(SigningKey::Es384)
    }

    /// The one algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
            SigningKey::Hmac(k) => k.algorithm(),
            #[cfg(feature = "eddsa")]
            SigningKey::Ed25519(_) => Algorithm::EdDsa,
            #[cfg(feature = "es256")]
            SigningKey::Es256(_) => Algorithm::Es256,
            #[cfg(feature = "es384")]
            SigningKey::Es384(_) => Algorithm::Es384,
            SigningKey::_Unused(never) => match *never {},
        }
    }

    /// The key that verifies this key's signatures (for HMAC, the same secret).
    pub fn verifying_key(&self) -> VerifyingKey<'static> {
        match self {
            #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
            SigningKey::Hmac(k) => VerifyingKey::Hmac(k.clone()),
            #[cfg(feature = "eddsa")]
            SigningKey::Ed25519(k) => VerifyingKey::Ed25519(k.public_key()),
            #[cfg(feature = "es256")]
            SigningKey::Es256(k) => VerifyingKey::Es256(k.public_key()),
            #[cfg(feature = "es384")]
            SigningKey::Es384(k) => VerifyingKey::Es384(k.public_key()),
            SigningKey::_Unused(never) => match *never {},
        }
    }

    /// Signs `msg`, writing the signature into `out`; returns its length.
    /// `out` must hold the algorithm's signature (96 bytes for ES384); a shorter one is
    /// [`Error::BufferTooSmall`].
    pub(crate) fn sign(&self, msg: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let _ = (&msg, &out);
        match self {
            #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
            SigningKey::Hmac(k) => {
                let out: &mut [u8; 64] = out
                    .get_mut(..64)
                    .and_then(|o| o.try_into().ok())
                    .ok_or(Error::BufferTooSmall { needed: 64 })?;
                Ok(k.sign(msg, out))
            }
            #[cfg(feature = "eddsa")]
            SigningKey::Ed25519(k) => put(out, &k.sign(msg)),
            #[cfg(feature = "es256")]
            SigningKey::Es256(k) => put(out, &k.sign(msg)?),
            #[cfg(feature = "es384")]
            SigningKey::Es384(k) => put(out, &k.sign(msg)?),
            SigningKey::_Unused(never) => match *never {},
        }
    }
}

/// Copies a signature into the caller's buffer; returns its length.
#[allow(dead_code)] // Unused when only `hmac` is enabled.
fn put(out: &mut [u8], sig: &[u8]) -> Result<usize, Error> {
    out.get_mut(..sig.len())
        .ok_or(Error::BufferTooSmall { needed: sig.len() })?
        .copy_from_slice(sig);
    Ok(sig.len())
}

/// One entry of a [`KeySet`].
#[derive(Clone, Debug)]
struct Entry<'k> {
    kid: heapless::String<MAX_KID_LEN>,
    has_kid: bool,
    key: VerifyingKey<'k>,
}

/// Why [`KeySet::insert`] refused a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InsertErrorKind {
    /// The set already holds `N` keys.
    Full,
    /// Another key already has this `kid`; selection by `kid` would be ambiguous.
    DuplicateKid,
    /// The `kid` is longer than [`MAX_KID_LEN`].
    KidTooLong,
}

/// A refused [`KeySet::insert`]: why, and the key, handed back.
#[derive(Debug)]
pub struct InsertError<'k> {
    /// Why the key was refused.
    pub kind: InsertErrorKind,
    /// The key that was not inserted.
    pub key: VerifyingKey<'k>,
}

/// A fixed-capacity set of verifying keys, selected by `kid` and algorithm.
///
/// # Examples
/// ```
/// use edgeauth::{KeySet, VerifyingKey};
/// let mut keys: KeySet<'_, 2> = KeySet::new();
/// keys.insert(Some("2026-11"), VerifyingKey::hs256(&[7u8; 32])?).map_err(|e| e.kind).unwrap();
/// assert_eq!(keys.len(), 1);
/// # Ok::<(), edgeauth::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KeySet<'k, const N: usize> {
    entries: heapless::Vec<Entry<'k>, N>,
}

impl<'k, const N: usize> KeySet<'k, N> {
    /// An empty set.
    pub const fn new() -> Self {
        KeySet {
            entries: heapless::Vec::new(),
        }
    }

    /// Adds `key` under `kid` (or without one). A full set, a duplicate `kid` or an over-long
    /// `kid` is refused and the key is handed back.
    // The error is as large as a key because it hands the key back (as `heapless` containers do);
    // there is no heap to box it in.
    #[allow(clippy::result_large_err)]
    pub fn insert(
        &mut self,
        kid: Option<&str>,
        key: VerifyingKey<'k>,
    ) -> Result<(), InsertError<'k>> {
        let fail = |kind, key| Err(InsertError { kind, key });
        let mut stored = heapless::String::new();
        if let Some(kid) = kid {
            if stored.push_str(kid).is_err() {
                return fail(InsertErrorKind::KidTooLong, key);
            }
            if self.entries.iter().any(|e| e.has_kid && e.kid == kid) {
                return fail(InsertErrorKind::DuplicateKid, key);
            }
        }
        let entry = Entry {
            kid: stored,
            has_kid: kid.is_some(),
            key,
        };
        self.entries
            .push(entry)
            .or_else(|e| fail(InsertErrorKind::Full, e.key))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys and their `kid`s.
    pub fn iter(&self) -> impl Iterator<Item = (Option<&str>, &VerifyingKey<'k>)> {
        self.entries
            .iter()
            .map(|e| (e.has_kid.then_some(e.kid.as_str()), &e.key))
    }

    /// Selects the key for a token with this `kid` and `alg`.
    ///
    /// With a `kid`, the key with that id is chosen and must be bound to `alg`. Without one, the
    /// token is accepted only if exactly one key of `alg` is in the set: guessing between several
    /// keys would let a token signed with a retired key pass as long as it is still configured.
    pub fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey<'k>, Error> {
        match kid {
            Some(kid) => {
                let entry = self
                    .entries
                    .iter()
                    .find(|e| e.has_kid && e.kid == kid)
                    .ok_or(Error::UnknownKey)?;
                if entry.key.algorithm() == alg {
                    Ok(&entry.key)
                } else {
                    Err(Error::AlgorithmMismatch)
                }
            }
            None => {
                let mut matching = self.entries.iter().filter(|e| e.key.algorithm() == alg);
                match (matching.next(), matching.next()) {
                    (Some(e), None) => Ok(&e.key),
                    (Some(_), Some(_)) => Err(Error::AmbiguousKey),
                    (None, _) if self.entries.is_empty() => Err(Error::UnknownKey),
                    (None, _) => Err(Error::AlgorithmMismatch),
                }
            }
        }
    }
}
