//! HS256 / HS384 / HS512 (RFC 7518 §3.2) with `hmac` + `sha2`.
//!
//! The key holds the *pre-keyed* HMAC state (inner and outer pads already absorbed), so a verify
//! clones ~200 bytes instead of hashing the key twice. Tags are compared with `verify_slice`,
//! which is constant-time and requires the full tag length (truncated tags are refused).

use crate::alg::Algorithm;
use crate::error::Error;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

#[derive(Clone)]
enum State {
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

/// An HMAC secret bound to one of HS256/HS384/HS512.
#[derive(Clone)]
pub struct HmacKey {
    state: State,
}

impl HmacKey {
    /// Creates a key for `alg`. RFC 7518 §3.2 requires a secret at least as long as the hash
    /// output (32/48/64 bytes); shorter secrets are refused with [`Error::InvalidKey`], as is an
    /// algorithm that is not an HMAC.
    pub fn new(alg: Algorithm, secret: &[u8]) -> Result<Self, Error> {
        let min = match alg {
            Algorithm::Hs256 => 32,
            Algorithm::Hs384 => 48,
            Algorithm::Hs512 => 64,
            _ => return Err(Error::InvalidKey),
        };
        if secret.len() < min {
            return Err(Error::InvalidKey);
        }
        let state = match alg {
            Algorithm::Hs256 => State::Sha256(keyed(secret)?),
            Algorithm::Hs384 => State::Sha384(keyed(secret)?),
            _ => State::Sha512(keyed(secret)?),
        };
        Ok(HmacKey { state })
    }

    /// Creates a key for the Wycheproof/primitive layer, without the JWS minimum key length.
    #[doc(hidden)]
    pub fn new_unchecked_len(alg: Algorithm, secret: &[u8]) -> Result<Self, Error> {
        let state = match alg {
            Algorithm::Hs256 => State::Sha256(keyed(secret)?),
            Algorithm::Hs384 => State::Sha384(keyed(secret)?),
            Algorithm::Hs512 => State::Sha512(keyed(secret)?),
            _ => return Err(Error::InvalidKey),
        };
        Ok(HmacKey { state })
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> Algorithm {
        match self.state {
            State::Sha256(_) => Algorithm::Hs256,
            State::Sha384(_) => Algorithm::Hs384,
            State::Sha512(_) => Algorithm::Hs512,
        }
    }

    /// Writes the tag of `msg` into `out` and returns its length.
    pub(crate) fn sign(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
        fn tag<M: Mac + Clone>(mac: &M, msg: &[u8], out: &mut [u8]) -> usize {
            let mut mac = mac.clone();
            mac.update(msg);
            let bytes = mac.finalize().into_bytes();
            let n = bytes.len();
            out[..n].copy_from_slice(&bytes);
            n
        }
        match &self.state {
            State::Sha256(m) => tag(m, msg, out),
            State::Sha384(m) => tag(m, msg, out),
            State::Sha512(m) => tag(m, msg, out),
        }
    }

    /// Checks `tag` over `msg` in constant time.
    // Not inlined into `VerifyingKey::verify_signature`: otherwise the dispatcher's frame is the
    // sum of every algorithm's, and an HS256 verify pays for P-256's stack (measured on the
    // Cortex-M4 firmware: 6.7 KB instead of 1.8 KB).
    #[inline(never)]
    pub(crate) fn verify(&self, msg: &[u8], tag: &[u8]) -> Result<(), Error> {
        fn check<M: Mac + Clone>(mac: &M, msg: &[u8], tag: &[u8]) -> Result<(), Error> {
            let mut mac = mac.clone();
            mac.update(msg);
            mac.verify_slice(tag).map_err(|_| Error::InvalidSignature)
        }
        match &self.state {
            State::Sha256(m) => check(m, msg, tag),
            State::Sha384(m) => check(m, msg, tag),
            State::Sha512(m) => check(m, msg, tag),
        }
    }
}

fn keyed<M: KeyInit>(secret: &[u8]) -> Result<M, Error> {
    M::new_from_slice(secret).map_err(|_| Error::InvalidKey)
}

impl core::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HmacKey")
            .field("alg", &self.algorithm())
            .finish_non_exhaustive()
    }
}
