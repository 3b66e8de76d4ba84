//! RS256/RS384/RS512 (RSASSA-PKCS1-v1_5) and PS256/PS384/PS512 (RSASSA-PSS) verification,
//! RFC 7518 §3.3 and §3.5, for 2048- to 4096-bit moduli.
//!
//! Owns the RSA public key type and the verification steps; the modular arithmetic is in
//! `modexp`, the two encodings in `pkcs1` and `pss` (private submodules).
//!
//! **Verify-only, by design.** edgeauth never signs with RSA. Private-key RSA needs constant-time
//! big-integer division, inversion and blinding; pure-Rust implementations have leaked key bits
//! through timing (the Marvin attack, CVE-2023-49092 in the `rsa` crate), and on microcontrollers
//! a 2048-bit private operation also costs hundreds of milliseconds. Identity providers sign with
//! RSA; edgeauth only has to check their signatures, which uses public data only. Issuers that
//! edgeauth signs for should use EdDSA or ES256.
//!
//! **Exponent policy.** By default only e = 65537 is accepted (what every IdP and every key
//! generator since the late 1990s uses). Small exponents are not broken when padding is checked
//! strictly, but e = 3 is exactly the case that turns every lenient-padding bug into a
//! pen-and-paper forgery (Bleichenbacher 2006, BERserk 2014); refusing unusual exponents by
//! default removes that whole class of risk. [`RsaExponents::AllowOther`] accepts any odd
//! exponent from 3 to 2³² − 1 for callers whose key set needs it.

mod modexp;
mod pkcs1;
mod pss;

use crate::alg::Algorithm;
use crate::error::Error;
use modexp::{MAX_MODULUS_BYTES, Modulus};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// The smallest modulus accepted, in bits (NIST SP 800-131A; RFC 7518 §3.3 requires 2048).
pub const MIN_MODULUS_BITS: usize = 2048;
/// The largest modulus accepted, in bits.
pub const MAX_MODULUS_BITS: usize = 4096;

/// Which public exponents a key may have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RsaExponents {
    /// Only e = 65537 (the default).
    #[default]
    Only65537,
    /// Any odd exponent in 3..2³². Needed only for legacy keys (e = 3 appears in test suites,
    /// HSM defaults of the 1990s and little else).
    AllowOther,
}

/// The hash of an RS/PS algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// Output length in bytes.
    const fn len(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// Hashes the concatenation of `parts` into `out`; returns the output length.
    fn digest_parts(self, parts: &[&[u8]], out: &mut [u8; 64]) -> usize {
        fn run<D: Digest>(parts: &[&[u8]], out: &mut [u8]) -> usize {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            let h = d.finalize();
            out[..h.len()].copy_from_slice(&h);
            h.len()
        }
        match self {
            Hash::Sha256 => run::<Sha256>(parts, out),
            Hash::Sha384 => run::<Sha384>(parts, out),
            Hash::Sha512 => run::<Sha512>(parts, out),
        }
    }
}

/// An RSA public key bound to one of RS256/RS384/RS512/PS256/PS384/PS512, with its Montgomery
/// parameters precomputed when the key is created.
///
/// The key is stored inline (about 1.6 KB for a 4096-bit modulus on any target): edgeauth has no
/// heap, and borrowing the parameters from the caller would make every key set carry storage.
#[derive(Clone)]
pub struct RsaPublicKey {
    alg: Algorithm,
    hash: Hash,
    pss: bool,
    modulus: Modulus,
    e: u32,
    /// Modulus length in bytes (the signature length).
    k: usize,
    /// Modulus length in bits.
    bits: usize,
}

impl RsaPublicKey {
    /// Creates a key for `alg` from the big-endian modulus `n` and exponent `e` (leading zero
    /// bytes are ignored). Only e = 65537 is accepted; see [`RsaPublicKey::with_exponents`].
    ///
    /// Refused with [`Error::InvalidKey`]: an algorithm that is not RS*/PS*, a modulus outside
    /// 2048–4096 bits or even, an exponent the policy does not allow.
    pub fn new(alg: Algorithm, n: &[u8], e: &[u8]) -> Result<Self, Error> {
        Self::with_exponents(alg, n, e, RsaExponents::Only65537)
    }

    /// Like [`RsaPublicKey::new`], with an explicit exponent policy.
    pub fn with_exponents(
        alg: Algorithm,
        n: &[u8],
        e: &[u8],
        exponents: RsaExponents,
    ) -> Result<Self, Error> {
        let (hash, pss) = match alg {
            Algorithm::Rs256 => (Hash::Sha256, false),
            Algorithm::Rs384 => (Hash::Sha384, false),
            Algorithm::Rs512 => (Hash::Sha512, false),
            Algorithm::Ps256 => (Hash::Sha256, true),
            Algorithm::Ps384 => (Hash::Sha384, true),
            Algorithm::Ps512 => (Hash::Sha512, true),
            _ => return Err(Error::InvalidKey),
        };
        let n = strip_leading_zeros(n);
        let bits = match n.first() {
            Some(&top) => n.len() * 8 - top.leading_zeros() as usize,
            None => 0,
        };
        if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
            return Err(Error::InvalidKey);
        }
        let e = exponent(e, exponents).ok_or(Error::InvalidKey)?;
        let modulus = Modulus::new(n).ok_or(Error::InvalidKey)?;
        Ok(RsaPublicKey {
            alg,
            hash,
            pss,
            modulus,
            e,
            k: n.len(),
            bits,
        })
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The modulus length in bits.
    pub fn modulus_bits(&self) -> usize {
        self.bits
    }

    /// The public exponent.
    pub fn exponent(&self) -> u32 {
        self.e
    }

    /// Checks `sig` over `msg` (RFC 8017 §8.2.2 / §8.1.2). Every failure is
    /// [`Error::InvalidSignature`].
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        // §8.2.2 step 1: the signature is exactly k bytes (no leading-zero stripping, no padding).
        if sig.len() != self.k {
            return Err(Error::InvalidSignature);
        }
        let mut em = [0u8; MAX_MODULUS_BYTES];
        let em = em.get_mut(..self.k).ok_or(Error::InvalidSignature)?;
        // RSAVP1, including the s < n check (§5.2.2 step 1).
        self.modulus
            .public_op(self.e, sig, em)
            .ok_or(Error::InvalidSignature)?;
        let mut digest = [0u8; 64];
        let n = self.hash.digest_parts(&[msg], &mut digest);
        let ok = if self.pss {
            pss::matches(self.hash, &digest[..n], self.bits, em)
        } else {
            pkcs1::matches(self.hash, &digest[..n], em)
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl core::fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RsaPublicKey")
            .field("alg", &self.alg)
            .field("bits", &self.bits)
            .field("e", &self.e)
            .finish_non_exhaustive()
    }
}

fn strip_leading_zeros(mut x: &[u8]) -> &[u8] {
    while let [0, rest @ ..] = x {
        x = rest;
    }
    x
}

/// The exponent as a `u32`, if the policy allows it.
fn exponent(e: &[u8], policy: RsaExponents) -> Option<u32> {
    let e = strip_leading_zeros(e);
    if e.len() > 4 {
        return None;
    }
    let value = e.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
    let allowed = match policy {
        RsaExponents::Only65537 => value == 65537,
        RsaExponents::AllowOther => value >= 3 && value & 1 == 1,
    };
    allowed.then_some(value)
}
