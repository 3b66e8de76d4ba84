//! HS256 / HS384 / HS512 (RFC 7518 §3.2) on `sha2`'s compression functions.
//!
//! The key holds the two HMAC *midstates* (the SHA-2 chaining values after the inner and outer pad
//! blocks, see [`midstate`]), so a tag costs the message's blocks and one outer block, with no key
//! hashing and no buffered copy of the message. Tags are compared in constant time over the full
//! length (truncated tags are refused).
//!
//! Each hash is its own feature (`hs256`, `hs384`, `hs512`; `hmac` enables all three): a state
//! variant that is compiled out is never linked, so an HS256-only firmware carries no SHA-512
//! (27 KB of flash on a Cortex-M4, where its 64-bit rounds run on a 32-bit core). An algorithm
//! whose hash is compiled out is refused with [`Error::UnsupportedAlgorithm`].

pub(crate) mod midstate;

use crate::alg::Algorithm;
use crate::error::Error;
use midstate::{Hash, Midstates};
use subtle::ConstantTimeEq;

#[derive(Clone)]
enum State {
    #[cfg(feature = "hs256")]
    Sha256(Midstates<[u32; 8], 64>),
    #[cfg(feature = "hs384")]
    Sha384(Midstates<[u64; 8], 128>),
    #[cfg(feature = "hs512")]
    Sha512(Midstates<[u64; 8], 128>),
}

impl State {
    /// The midstates for `alg`. The caller has refused every non-HMAC algorithm, so the
    /// fallback arm is an HMAC whose hash is not compiled in.
    fn keyed(alg: Algorithm, secret: &[u8]) -> Result<Self, Error> {
        match alg {
            #[cfg(feature = "hs256")]
            Algorithm::Hs256 => Ok(State::Sha256(Midstates::new(
                Hash {
                    iv: midstate::SHA256_IV,
                    digest_len: 32,
                },
                secret,
            ))),
            #[cfg(feature = "hs384")]
            Algorithm::Hs384 => Ok(State::Sha384(Midstates::new(
                Hash {
                    iv: midstate::SHA384_IV,
                    digest_len: 48,
                },
                secret,
            ))),
            #[cfg(feature = "hs512")]
            Algorithm::Hs512 => Ok(State::Sha512(Midstates::new(
                Hash {
                    iv: midstate::SHA512_IV,
                    digest_len: 64,
                },
                secret,
            ))),
            _ => Err(Error::UnsupportedAlgorithm),
        }
    }

    /// Writes the tag of `msg` into `out`; returns its length.
    fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
        match self {
            #[cfg(feature = "hs256")]
            State::Sha256(m) => m.tag(msg, out),
            #[cfg(feature = "hs384")]
            State::Sha384(m) => m.tag(msg, out),
            #[cfg(feature = "hs512")]
            State::Sha512(m) => m.tag(msg, out),
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
        self.state.tag(msg, out)
    }

    /// Checks `tag` over `msg` in constant time; a tag of any other length than the hash's
    /// output is refused (no truncated tags).
    // Not inlined into `VerifyingKey::verify_signature`: otherwise the dispatcher's frame is the
    // sum of every algorithm's, and an HS256 verify pays for P-256's stack (measured on the
    // Cortex-M4 firmware: 6.7 KB instead of 1.8 KB).
    #[inline(never)]
    pub(crate) fn verify(&self, msg: &[u8], tag: &[u8]) -> Result<(), Error> {
        let mut expected = [0u8; 64];
        let len = self.state.tag(msg, &mut expected);
        let expected = expected.get(..len).unwrap_or_default();
        if expected.len() == tag.len() && bool::from(all_equal(expected, tag)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

/// Whether two equally long byte strings are equal, in time independent of their contents: the
/// differences are OR-ed together and only that one byte goes through `subtle`'s optimization
/// barrier. `subtle`'s slice `ct_eq` puts every byte through the barrier (a call each): 32 calls
/// were 4% of an HS256 verify.
fn all_equal(a: &[u8], b: &[u8]) -> subtle::Choice {
    let diff = a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y));
    diff.ct_eq(&0)
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

    fn unhex(hex: &str) -> std::vec::Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 4231 §4.3, §4.7 and §4.8 (test cases 2, 6 and 7) for each compiled-in hash: a short
    /// key, and a 131-byte key that every hash must hash first (longer than SHA-256's 64-byte and
    /// SHA-512's 128-byte block), with a one-block and a three-block message. The tag is the
    /// published one, and one flipped bit is refused.
    #[test]
    fn rfc4231_cases_2_6_7() {
        let long_key = [0xaa; 131];
        let cases: [(&[u8], &[u8], [&str; 3]); 3] = [
            (
                b"Jefe",
                b"what do ya want for nothing?",
                [
                    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
                     8e2240ca5e69e2c78b3239ecfab21649",
                    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
                     9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
                ],
            ),
            (
                &long_key,
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                [
                    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6\
                     0c2ef6ab4030fe8296248df163f44952",
                    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352\
                     6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
                ],
            ),
            (
                &long_key,
                b"This is a test using a larger than block-size key and a larger than block-size \
                  data. The key needs to be hashed before being used by the HMAC algorithm.",
                [
                    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5\
                     a678cc31e799176d3860e6110c46523e",
                    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944\
                     b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
                ],
            ),
        ];
        let algs = [Algorithm::Hs256, Algorithm::Hs384, Algorithm::Hs512];
        for (secret, msg, tags) in cases {
            for (alg, hex) in algs.into_iter().zip(tags) {
                if !alg.is_supported() {
                    continue;
                }
                let tag = unhex(hex);
                let key = HmacKey::new_unchecked_len(alg, secret).unwrap();
                let mut out = [0u8; 64];
                let n = key.sign(msg, &mut out);
                assert_eq!(&out[..n], &tag[..], "{alg} key {} B", secret.len());
                assert_eq!(key.verify(msg, &tag), Ok(()), "{alg}");
                let mut bad = tag.clone();
                bad[n - 1] ^= 0x80;
                assert_eq!(key.verify(msg, &bad), Err(Error::InvalidSignature), "{alg}");
                assert_eq!(
                    key.verify(msg, &tag[..n - 1]),
                    Err(Error::InvalidSignature),
                    "{alg}: a truncated tag"
                );
            }
        }
    }

    /// The tag of the `hmac` crate over `msg`, for the hash of `alg`.
    fn reference_tag(alg: Algorithm, secret: &[u8], msg: &[u8]) -> std::vec::Vec<u8> {
        use hmac::{Hmac, KeyInit, Mac};
        fn tag<M: Mac + KeyInit>(secret: &[u8], msg: &[u8]) -> std::vec::Vec<u8> {
            let mut mac = <M as KeyInit>::new_from_slice(secret).unwrap();
            mac.update(msg);
            mac.finalize().into_bytes().to_vec()
        }
        match alg {
            Algorithm::Hs256 => tag::<Hmac<sha2::Sha256>>(secret, msg),
            Algorithm::Hs384 => tag::<Hmac<sha2::Sha384>>(secret, msg),
            _ => tag::<Hmac<sha2::Sha512>>(secret, msg),
        }
    }

    /// The HMAC algorithms compiled in (at least one: this module exists only then).
    fn supported() -> std::vec::Vec<Algorithm> {
        [Algorithm::Hs256, Algorithm::Hs384, Algorithm::Hs512]
            .into_iter()
            .filter(|a| a.is_supported())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Agrees with the `hmac` crate for every hash, on keys from empty to longer than a
        /// SHA-512 block and messages whose lengths straddle every padding boundary (55/56 and
        /// 63/64 bytes past a SHA-256 block, 111/112 and 127/128 past a SHA-512 one).
        #[test]
        fn tags_agree_with_the_hmac_crate(
            secret in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            msg in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            alg in proptest::sample::select(supported()),
        ) {
            let key = HmacKey::new_unchecked_len(alg, &secret).unwrap();
            let mut out = [0u8; 64];
            let n = key.sign(&msg, &mut out);
            let expected = reference_tag(alg, &secret, &msg);
            proptest::prop_assert_eq!(&out[..n], &expected[..]);
            proptest::prop_assert_eq!(key.verify(&msg, &expected), Ok(()));
        }

        /// Every message length from 0 to 300 around the block boundaries, one random key each.
        #[test]
        fn every_padding_boundary_agrees(
            secret in proptest::collection::vec(proptest::num::u8::ANY, 1..140),
            len in 0usize..300,
        ) {
            let msg: std::vec::Vec<u8> = (0..len).map(|i| i as u8).collect();
            for alg in supported() {
                let key = HmacKey::new_unchecked_len(alg, &secret).unwrap();
                let mut out = [0u8; 64];
                let n = key.sign(&msg, &mut out);
                proptest::prop_assert_eq!(&out[..n], &reference_tag(alg, &secret, &msg)[..]);
            }
        }
    }
}
