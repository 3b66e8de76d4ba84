//! `jsonwebtoken` 11 (aws-lc backend): `decode::<OwnedClaims>` with a `Validation` that checks
//! `exp` (its default), `iss` and `aud`; `encode` with `Header::new(alg)` (not for RSA: the
//! RSA groups have no encode, because edgeauth does not sign RSA).

use super::OwnedClaims;
use crate::case::{Case, Library, Op};
use crate::fixture::{self, AUD, Alg, ISS, SetupError, setup_error};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};

/// PKCS#8 v1 prefix of an Ed25519 private key (RFC 8410 §7), followed by the 32-byte seed.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// PKCS#8 of a P-256 key (RFC 5915 `ECPrivateKey` inside, named curve in the algorithm
/// identifier), up to the 32-byte scalar; [`P256_PKCS8_MIDDLE`] and the 65-byte public point
/// follow.
const P256_PKCS8_PREFIX: [u8; 36] = [
    0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
    0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x6d, 0x30, 0x6b, 0x02,
    0x01, 0x01, 0x04, 0x20,
];
const P256_PKCS8_MIDDLE: [u8; 5] = [0xa1, 0x44, 0x03, 0x42, 0x00];

/// The same for P-384 (`secp384r1`, 1.3.132.0.34): up to the 48-byte scalar, then
/// [`P384_PKCS8_MIDDLE`] and the 97-byte public point.
const P384_PKCS8_PREFIX: [u8; 35] = [
    0x30, 0x81, 0xb6, 0x02, 0x01, 0x00, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
    0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x04, 0x81, 0x9e, 0x30, 0x81, 0x9b, 0x02, 0x01,
    0x01, 0x04, 0x30,
];
const P384_PKCS8_MIDDLE: [u8; 5] = [0xa1, 0x64, 0x03, 0x62, 0x00];

/// The RSA algorithms: no encoding key (verify only).
fn rsa_keys(alg: Alg) -> Result<(Algorithm, DecodingKey), SetupError> {
    let a = match alg {
        Alg::Rs256 => Algorithm::RS256,
        Alg::Rs384 => Algorithm::RS384,
        Alg::Rs512 => Algorithm::RS512,
        Alg::Ps256 => Algorithm::PS256,
        Alg::Ps384 => Algorithm::PS384,
        Alg::Ps512 => Algorithm::PS512,
        _ => return Err(setup_error("jsonwebtoken: not RSA", alg)),
    };
    let (n, e) = fixture::rsa_public_components()?;
    Ok((a, DecodingKey::from_rsa_raw_components(&n, &e)))
}

fn keys(alg: Alg) -> Result<(Algorithm, EncodingKey, DecodingKey), SetupError> {
    Ok(match alg {
        Alg::Hs256 | Alg::Hs384 | Alg::Hs512 => {
            let secret = alg.hmac_secret().unwrap_or_default();
            let a = match alg {
                Alg::Hs256 => Algorithm::HS256,
                Alg::Hs384 => Algorithm::HS384,
                _ => Algorithm::HS512,
            };
            (
                a,
                EncodingKey::from_secret(secret),
                DecodingKey::from_secret(secret),
            )
        }
        Alg::EdDsa => {
            let der = [&ED25519_PKCS8_PREFIX[..], &fixture::ED25519_SEED[..]].concat();
            (
                Algorithm::EdDSA,
                EncodingKey::from_ed_der(&der),
                DecodingKey::from_ed_der(&fixture::ed25519_public()),
            )
        }
        Alg::Es256 => {
            let point = fixture::p256_public_sec1()?;
            let der = [
                &P256_PKCS8_PREFIX[..],
                &fixture::P256_SCALAR[..],
                &P256_PKCS8_MIDDLE[..],
                &point[..],
            ]
            .concat();
            (
                Algorithm::ES256,
                EncodingKey::from_ec_der(&der),
                DecodingKey::from_ec_der(&point),
            )
        }
        Alg::Es384 => {
            let point = fixture::p384_public_sec1()?;
            let der = [
                &P384_PKCS8_PREFIX[..],
                &fixture::P384_SCALAR[..],
                &P384_PKCS8_MIDDLE[..],
                &point[..],
            ]
            .concat();
            (
                Algorithm::ES384,
                EncodingKey::from_ec_der(&der),
                DecodingKey::from_ec_der(&point),
            )
        }
        _ => {
            return Err(setup_error(
                "jsonwebtoken: RSA has no encoding key here",
                alg,
            ));
        }
    })
}

/// The `jsonwebtoken` case for `alg`.
pub fn case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let (algorithm, encoding, decoding) = if alg.is_rsa() {
        let (a, d) = rsa_keys(alg)?;
        (a, None, d)
    } else {
        let (a, e, d) = keys(alg)?;
        (a, Some(e), d)
    };
    let token = token.to_owned();
    let mut validation = Validation::new(algorithm);
    validation.set_issuer(&[ISS]);
    validation.set_audience(&[AUD]);
    let verify: Op = Box::new(move || {
        let data =
            decode::<OwnedClaims>(&token, &decoding, &validation).map_err(|e| format!("{e:?}"))?;
        let c = data.claims;
        Ok(fixture::digest(&c.sub, c.roles.iter().map(String::as_str)))
    });
    let encode = encoding.map(|encoding| -> Op {
        let claims = OwnedClaims::fixture();
        let header = Header::new(algorithm);
        Box::new(move || {
            encode(&header, &claims, &encoding)
                .map(|t| t.len())
                .map_err(|e| format!("{e:?}"))
        })
    });
    Ok(Case {
        library: Library::Jsonwebtoken,
        verify: Some(verify),
        encode,
    })
}
