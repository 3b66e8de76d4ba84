//! From a checked [`Jwk`] view to keys: key type, curve and algorithm binding, `use`/`key_ops`,
//! private-member policy, and decoding of the key material.
//!
//! Public members are decoded with the strict token decoder; secret members (`k`, `d`) with
//! `base64ct`, which is constant-time, into stack buffers that are zeroized afterwards.

use super::{Jwk, JwkError, JwkOptions};
use crate::alg::Algorithm;
use crate::base64url;
use crate::keys::{SigningKey, VerifyingKey};
use zeroize::Zeroize;

/// The key types edgeauth knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kty {
    Oct,
    Rsa,
    P256,
    P384,
    Ed25519,
}

/// The largest `oct` secret accepted, in bytes (HMAC hashes longer keys anyway).
const MAX_OCT_LEN: usize = 256;

/// Classifies `kty`/`crv`.
pub(super) fn kty(jwk: &Jwk<'_>) -> Result<Kty, JwkError> {
    let crv = || jwk.crv.ok_or(JwkError::MissingMember("crv"));
    Ok(match jwk.kty {
        "oct" => Kty::Oct,
        "RSA" => Kty::Rsa,
        "EC" => match crv()? {
            "P-256" => Kty::P256,
            "P-384" => Kty::P384,
            _ => return Err(JwkError::UnsupportedCurve),
        },
        "OKP" => match crv()? {
            "Ed25519" => Kty::Ed25519,
            _ => return Err(JwkError::UnsupportedCurve),
        },
        _ => return Err(JwkError::UnsupportedKeyType),
    })
}

/// The checks shared by verifying and signing keys: type, `use`/`key_ops`, algorithm binding.
pub(super) fn classify(
    jwk: &Jwk<'_>,
    options: &JwkOptions,
    op: &str,
) -> Result<(Kty, Algorithm), JwkError> {
    let kty = kty(jwk)?;
    if jwk.use_.is_some_and(|u| u != "sig") || !jwk.key_ops_allow(op) {
        return Err(JwkError::NotForSignatures);
    }
    let alg = match jwk.alg {
        Some(name) => Algorithm::from_name(name).ok_or(JwkError::UnsupportedAlgorithm)?,
        None => match kty {
            Kty::Oct => options.oct_default_alg.ok_or(JwkError::MissingAlgorithm)?,
            Kty::Rsa => options.rsa_default_alg.ok_or(JwkError::MissingAlgorithm)?,
            Kty::P256 => Algorithm::Es256,
            Kty::P384 => Algorithm::Es384,
            Kty::Ed25519 => Algorithm::EdDsa,
        },
    };
    let fits = match kty {
        Kty::Oct => matches!(alg, Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512),
        Kty::Rsa => matches!(
            alg,
            Algorithm::Rs256
                | Algorithm::Rs384
                | Algorithm::Rs512
                | Algorithm::Ps256
                | Algorithm::Ps384
                | Algorithm::Ps512
        ),
        Kty::P256 => alg == Algorithm::Es256,
        Kty::P384 => alg == Algorithm::Es384,
        Kty::Ed25519 => alg == Algorithm::EdDsa,
    };
    if !fits {
        return Err(JwkError::AlgorithmMismatch);
    }
    if !alg.is_supported() {
        return Err(JwkError::UnsupportedAlgorithm);
    }
    Ok((kty, alg))
}

/// Decodes the public member `value` (named `name`) into exactly `N` bytes.
#[allow(dead_code)] // Unused when no asymmetric algorithm is compiled in.
fn fixed<const N: usize>(value: Option<&str>, name: &'static str) -> Result<[u8; N], JwkError> {
    let value = value.ok_or(JwkError::MissingMember(name))?;
    let mut out = [0u8; N];
    if base64url::decoded_len(value.len()) != Some(N) {
        return Err(JwkError::InvalidMember(name));
    }
    base64url::decode_exact(value.as_bytes(), &mut out)
        .map_err(|_| JwkError::InvalidMember(name))?;
    Ok(out)
}

/// Decodes the public member `value` into `buf`, returning the decoded prefix.
#[allow(dead_code)] // Unused without the `rsa` feature.
fn variable<'b>(
    value: Option<&str>,
    name: &'static str,
    buf: &'b mut [u8],
    too_long: JwkError,
) -> Result<&'b [u8], JwkError> {
    let value = value.ok_or(JwkError::MissingMember(name))?;
    let len = base64url::decoded_len(value.len()).ok_or(JwkError::InvalidMember(name))?;
    let out = buf.get_mut(..len).ok_or(too_long)?;
    base64url::decode_exact(value.as_bytes(), out).map_err(|_| JwkError::InvalidMember(name))?;
    // Base64urlUInt (RFC 7518 §2): the minimum number of octets, so no leading zero byte.
    if out.first().is_none_or(|&b| b == 0) {
        return Err(JwkError::InvalidMember(name));
    }
    Ok(out)
}

/// Decodes a secret member into `buf` in constant time.
#[allow(dead_code)] // Unused with only `rsa`.
fn secret<'b>(
    value: Option<&str>,
    name: &'static str,
    buf: &'b mut [u8],
) -> Result<&'b [u8], JwkError> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let value = value.ok_or(JwkError::MissingMember(name))?;
    Base64UrlUnpadded::decode(value, buf)
        .map(|b| -> &[u8] { b })
        .map_err(|_| JwkError::InvalidMember(name))
}

pub(super) fn verifying_key(
    jwk: &Jwk<'_>,
    options: &JwkOptions,
) -> Result<VerifyingKey<'static>, JwkError> {
    let (kty, alg) = classify(jwk, options, "verify")?;
    if (jwk.has_private || kty == Kty::Oct) && !options.allow_private {
        return Err(JwkError::PrivateKeyMaterial);
    }
    match kty {
        #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
        Kty::Oct => {
            let mut buf = [0u8; MAX_OCT_LEN];
            let key = secret(jwk.k, "k", &mut buf).and_then(|k| {
                crate::alg::hmac::HmacKey::new(alg, k).map_err(|_| JwkError::InvalidKey)
            });
            buf.zeroize();
            key.map(VerifyingKey::Hmac)
        }
        #[cfg(feature = "rsa")]
        Kty::Rsa => {
            use crate::alg::rsa::{MAX_MODULUS_BITS, MIN_MODULUS_BITS, RsaPublicKey};
            let mut n_buf = [0u8; MAX_MODULUS_BITS / 8];
            let n = variable(jwk.n, "n", &mut n_buf, JwkError::KeyTooLarge)?;
            let bits = n.len() * 8 - n[0].leading_zeros() as usize;
            if bits < MIN_MODULUS_BITS {
                return Err(JwkError::WeakKey);
            }
            let mut e_buf = [0u8; 4];
            let e = variable(jwk.e, "e", &mut e_buf, JwkError::ExponentNotAllowed)?;
            let key = RsaPublicKey::with_exponents(alg, n, e, options.rsa_exponents);
            key.map(VerifyingKey::Rsa).map_err(|_| {
                if RsaPublicKey::with_exponents(alg, n, e, crate::RsaExponents::AllowOther).is_ok()
                {
                    JwkError::ExponentNotAllowed
                } else {
                    JwkError::InvalidKey
                }
            })
        }
        #[cfg(feature = "es256")]
        Kty::P256 => {
            let x = fixed::<32>(jwk.x, "x")?;
            let y = fixed::<32>(jwk.y, "y")?;
            VerifyingKey::es256_coordinates(&x, &y).map_err(|_| JwkError::InvalidKey)
        }
        #[cfg(feature = "es384")]
        Kty::P384 => {
            let x = fixed::<48>(jwk.x, "x")?;
            let y = fixed::<48>(jwk.y, "y")?;
            VerifyingKey::es384_coordinates(&x, &y).map_err(|_| JwkError::InvalidKey)
        }
        #[cfg(feature = "eddsa")]
        Kty::Ed25519 => {
            let x = fixed::<32>(jwk.x, "x")?;
            VerifyingKey::ed25519(&x).map_err(|_| JwkError::InvalidKey)
        }
        #[allow(unreachable_patterns)] // Reached only when a feature is compiled out.
        _ => {
            let _ = alg;
            Err(JwkError::UnsupportedKeyType)
        }
    }
}

pub(super) fn signing_key(jwk: &Jwk<'_>, options: &JwkOptions) -> Result<SigningKey, JwkError> {
    let (kty, alg) = classify(jwk, options, "sign")?;
    // The verifying key from the public members; the private one must match it.
    let public = match kty {
        Kty::Oct => None,
        Kty::Rsa => return Err(JwkError::UnsupportedAlgorithm),
        _ => Some(verifying_key(jwk, &options.allow_private(true))?),
    };
    let mut buf = [0u8; MAX_OCT_LEN];
    let key = (|| -> Result<SigningKey, JwkError> {
        match kty {
            #[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
            Kty::Oct => {
                let k = secret(jwk.k, "k", &mut buf)?;
                // `classify` checked that `alg` is an HMAC this build supports.
                crate::alg::hmac::HmacKey::new(alg, k)
                    .map(SigningKey::Hmac)
                    .map_err(|_| JwkError::InvalidKey)
            }
            #[cfg(feature = "es256")]
            Kty::P256 => {
                let d = secret(jwk.d, "d", &mut buf)?;
                let d: &[u8; 32] = d.try_into().map_err(|_| JwkError::InvalidMember("d"))?;
                SigningKey::es256_from_bytes(d).map_err(|_| JwkError::InvalidKey)
            }
            #[cfg(feature = "es384")]
            Kty::P384 => {
                let d = secret(jwk.d, "d", &mut buf)?;
                let d: &[u8; 48] = d.try_into().map_err(|_| JwkError::InvalidMember("d"))?;
                SigningKey::es384_from_bytes(d).map_err(|_| JwkError::InvalidKey)
            }
            #[cfg(feature = "eddsa")]
            Kty::Ed25519 => {
                let d = secret(jwk.d, "d", &mut buf)?;
                let d: &[u8; 32] = d.try_into().map_err(|_| JwkError::InvalidMember("d"))?;
                Ok(SigningKey::ed25519_from_seed(d))
            }
            #[allow(unreachable_patterns)]
            _ => {
                let _ = alg;
                Err(JwkError::UnsupportedKeyType)
            }
        }
    })();
    buf.zeroize();
    let key = key?;
    match public {
        Some(public) if !same_public(&key.verifying_key(), &public) => Err(JwkError::InvalidKey),
        _ => Ok(key),
    }
}

/// Whether two asymmetric verifying keys are the same point.
fn same_public(a: &VerifyingKey<'_>, b: &VerifyingKey<'_>) -> bool {
    match (a, b) {
        #[cfg(feature = "es256")]
        (VerifyingKey::Es256(a), VerifyingKey::Es256(b)) => a == b,
        #[cfg(feature = "es384")]
        (VerifyingKey::Es384(a), VerifyingKey::Es384(b)) => a == b,
        #[cfg(feature = "eddsa")]
        (VerifyingKey::Ed25519(a), VerifyingKey::Ed25519(b)) => a == b,
        _ => false,
    }
}
