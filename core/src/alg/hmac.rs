//! HS256 / HS384 / HS512 (RFC 7518 §3.2) with `hmac` + `sha2`.
//!
//! The key holds the *pre-keyed* HMAC state (inner and outer pads already absorbed), so a verify
//! clones ~200 bytes instead of hashing the key twice. Tags are compared with `verify_slice`,
//! which is constant-time and requires the full tag length (truncated tags are refused).
//!
//! Each hash is its own feature (`hs256`, `hs384`, `hs512`; `hmac` enables all three): a state
//! variant that is compiled out is never linked, so an HS256-only firmware carries no SHA-512
//! (27 KB of flash on a Cortex-M4, where its 64-bit rounds run on a 32-bit core). An algorithm
//! whose hash is compiled out is refused with [`Error::UnsupportedAlgorithm`].

use crate::alg::Algorithm;
use crate::error::Error;
use hmac::{Hmac, KeyInit, Mac};
#[cfg(feature = "hs256")]
use sha2::Sha256;
#[cfg(feature = "hs384")]
use sha2::Sha384;
#[cfg(feature = "hs512")]
use sha2::Sha512;

#[derive(Clone)]
enum State {
    #[cfg(feature = "hs256")]
    Sha256(Hmac<Sha256>),
    #[cfg(feature = "hs384")]
    Sha384(Hmac<Sha384>),
    #[cfg(feature = "hs512")]
    Sha512(Hmac<Sha512>),
}

impl State {
    /// The pre-keyed state for `alg`. The caller has refused every non-HMAC algorithm, so the
    /// fallback arm is an HMAC whose hash is not compiled in.
    fn keyed(alg: Algorithm, secret: &[u8]) -> Result<Self, Error> {
        match alg {
            #[cfg(feature = "hs256")]
            Algorithm::Hs256 => keyed(secret).map(State::Sha256),
            #[cfg(feature = "hs384")]
            Algorithm::Hs384 => keyed(secret).map(State::Sha384),
            #[cfg(feature = "hs512")]
            Algorithm::Hs512 => keyed(secret).map(State::Sha512),
            _ => Err(Error::UnsupportedAlgorithm),
        }
    }
}

/// RFC 7518 §3.2's minimum secret length (the hash output size), or `None` for a non-HMAC `alg`.
fn min_secret_len(alg: Algorithm) -> Option<usize> {
    match alg {
        Algorithm::Hs256 => Some(32),
        Algorithm::Hs384 => Some(48),
        Algorithm::Hs512 => Some(64),
        _ => None,
    }
}

/// An HMAC secret bound to one of HS256/HS384/HS512.
#[derive(Clone)]
pub struct HmacKey {
    state: State,
}

impl HmacKey {
    /// Creates a key for `alg`. RFC 7518 §3.2 requires a secret at least as long as the hash
    /// output (32/48/64 bytes); shorter secrets are refused with [`Error::InvalidKey`], as is an
    /// algorithm that is not an HMAC. An HMAC algorithm whose feature (`hs256`, `hs384`,
    /// `hs512`) is off is [`Error::UnsupportedAlgorithm`].
    pub fn new(alg: Algorithm, secret: &[u8]) -> Result<Self, Error> {
        let min = min_secret_len(alg).ok_or(Error::InvalidKey)?;
        if !alg.is_supported() {
            return Err(Error::UnsupportedAlgorithm);
        }
        if secret.len() < min {
            return Err(Error::InvalidKey);
        }
        State::keyed(alg, secret).map(|state| HmacKey { state })
    }

    /// Creates a key for the Wycheproof/primitive layer, without the JWS minimum key length.
    #[doc(hidden)]
    pub fn new_unchecked_len(alg: Algorithm, secret: &[u8]) -> Result<Self, Error> {
        min_secret_len(alg).ok_or(Error::InvalidKey)?;
        State::keyed(alg, secret).map(|state| HmacKey { state })
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> Algorithm {
        match self.state {
            #[cfg(feature = "hs256")]
            State::Sha256(_) => Algorithm::Hs256,
            #[cfg(feature = "hs384")]
            State::Sha384(_) => Algorithm::Hs384,
            #[cfg(feature = "hs512")]
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
            #[cfg(feature = "hs256")]
            State::Sha256(m) => tag(m, msg, out),
            #[cfg(feature = "hs384")]
            State::Sha384(m) => tag(m, msg, out),
            #[cfg(feature = "hs512")]
            State::Sha512(m) => tag(m, msg, out),
        }
    }

    /// Checks `tag` over `msg` in constant time.
    // Not inlined into `VerifyingKey::verify_signature`: otherwise the dispatcher's frame is the
    // sum of every algorithm's, and an HS256 verify pays for P-256's stack (measured on the
    // Cortex-M4 firmware: 6.7 KB instead of 1.8 KB).
    #[inline(never)]
    pub(crate) fn verify(&self, msg: &[u8], tag: &[u8]) -> Result<(), Error> {
        // One frame per hash: inlined into the match, an HS256 verify would reserve the
        // SHA-512 state too when `hs384`/`hs512` are compiled in (measured on the Cortex-M4
        // firmware with `hmac`: 2,172 B of stack per HS256 verify instead of 1,500 B).
        #[inline(never)]
        fn check<M: Mac + Clone>(mac: &M, msg: &[u8], tag: &[u8]) -> Result<(), Error> {
            let mut mac = mac.clone();
            mac.update(msg);
            mac.verify_slice(tag).map_err(|_| Error::InvalidSignature)
        }
        match &self.state {
            #[cfg(feature = "hs256")]
            State::Sha256(m) => check(m, msg, tag),
            #[cfg(feature = "hs384")]
            State::Sha384(m) => check(m, msg, tag),
            #[cfg(feature = "hs512")]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each HMAC algorithm gets a key exactly when its feature (`hs256`, `hs384`, `hs512`) is
    /// compiled in; a compiled-out hash is `UnsupportedAlgorithm`, a non-HMAC `alg` `InvalidKey`.
    /// Run with `--no-default-features --features hs256` (etc.) to check a single-hash build.
    #[test]
    fn keys_exist_exactly_for_the_compiled_hashes() {
        let secret = [0x5a; 64];
        for (alg, feature) in [
            (Algorithm::Hs256, cfg!(feature = "hs256")),
            (Algorithm::Hs384, cfg!(feature = "hs384")),
            (Algorithm::Hs512, cfg!(feature = "hs512")),
        ] {
            assert_eq!(alg.is_supported(), feature, "{alg}");
            let key = HmacKey::new(alg, &secret);
            let unchecked = HmacKey::new_unchecked_len(alg, &secret[..1]);
            if feature {
                assert_eq!(key.map(|k| k.algorithm()), Ok(alg));
                assert_eq!(unchecked.map(|k| k.algorithm()), Ok(alg));
            } else {
                assert_eq!(key.err(), Some(Error::UnsupportedAlgorithm));
                assert_eq!(unchecked.err(), Some(Error::UnsupportedAlgorithm));
            }
        }
        assert_eq!(
            HmacKey::new(Algorithm::EdDsa, &secret).err(),
            Some(Error::InvalidKey)
        );
    }

    /// RFC 4231 §4.3 (test case 2, key "Jefe") for each compiled-in hash: the pre-keyed state
    /// gives the published tag, and one flipped bit is refused.
    #[test]
    fn rfc4231_case_2() {
        let msg = b"what do ya want for nothing?";
        let cases: [(Algorithm, &str); 3] = [
            (
                Algorithm::Hs256,
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                Algorithm::Hs384,
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
                 8e2240ca5e69e2c78b3239ecfab21649",
            ),
            (
                Algorithm::Hs512,
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
                 9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
            ),
        ];
        for (alg, hex) in cases.into_iter().filter(|(a, _)| a.is_supported()) {
            let tag: std::vec::Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            let key = HmacKey::new_unchecked_len(alg, b"Jefe").unwrap();
            let mut out = [0u8; 64];
            let n = key.sign(msg, &mut out);
            assert_eq!(&out[..n], &tag[..], "{alg}");
            assert_eq!(key.verify(msg, &tag), Ok(()), "{alg}");
            let mut bad = tag.clone();
            bad[0] ^= 1;
            assert_eq!(key.verify(msg, &bad), Err(Error::InvalidSignature), "{alg}");
        }
    }
}
