//! The benchmark token and keys: the same claims, secrets and key pairs for every library.
//!
//! The claims are those of issue 2's speed target: `sub`, `iss`, `aud`, `exp`, `iat` and a
//! two-element `roles` array; with the header `{"alg":"HS256","typ":"JWT"}` the HS256 token is
//! 271 bytes. `exp` is in 2100 so that peers, which read the system clock, accept it for decades;
//! edgeauth gets its `now` from the caller ([`NOW`]).
//!
//! The RSA tokens (RS256/384/512, PS256/384/512) cannot be produced by edgeauth, which verifies
//! RSA but does not sign it: [`token`] builds the same `header.payload` and has `jsonwebtoken`
//! (aws-lc) sign it with the committed 2048-bit test key `core/tests/data/jwks/keys/rsa2048.pem`.
//! PSS signatures are randomized (salt), so the PS tokens differ from run to run; their length
//! and the work to verify them do not.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use edgeauth::{Algorithm, SigningKey, VerifyingKey, encode};
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use serde::Serialize;

/// The subject.
pub const SUB: &str = "user-8f14e45f";
/// The issuer, checked by every verifier.
pub const ISS: &str = "https://idp.example.com";
/// The audience, checked by every verifier.
pub const AUD: &str = "api.example.com";
/// Expiry: 2100-01-01T00:00:00Z.
pub const EXP: u64 = 4_102_444_800;
/// Issued at: 2025-11-27T00:00:00Z.
pub const IAT: u64 = 1_764_201_600;
/// The custom claim every verifier extracts.
pub const ROLES: [&str; 2] = ["admin", "operator"];
/// The `now` edgeauth is given (ten minutes after issuance).
pub const NOW: u64 = IAT + 600;

/// The claims, borrowed, in the order they appear in the token.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Claims<'a> {
    /// Subject.
    pub sub: &'a str,
    /// Issuer.
    pub iss: &'a str,
    /// Audience.
    pub aud: &'a str,
    /// Expiry (unix seconds).
    pub exp: u64,
    /// Issued at (unix seconds).
    pub iat: u64,
    /// Roles.
    pub roles: [&'a str; 2],
}

/// The benchmark claims.
pub const CLAIMS: Claims<'static> = Claims {
    sub: SUB,
    iss: ISS,
    aud: AUD,
    exp: EXP,
    iat: IAT,
    roles: ROLES,
};

/// Sixty-four fixed secret bytes; HS256/384/512 use the first 32/48/64 (the RFC 7518 minimum).
const HMAC_SECRET: [u8; 64] = *b"edgeauth-bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0001";

/// The Ed25519 seed (RFC 8032 §7.1 test 1 secret key).
pub const ED25519_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

/// The P-256 private scalar (RFC 6979 §A.2.5).
pub const P256_SCALAR: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];

/// The P-384 private scalar (RFC 6979 §A.2.6).
pub const P384_SCALAR: [u8; 48] = [
    0x6b, 0x9d, 0x3d, 0xad, 0x2e, 0x1b, 0x8c, 0x1c, 0x05, 0xb1, 0x98, 0x75, 0xb6, 0x65, 0x9f, 0x4d,
    0xe2, 0x3c, 0x3b, 0x66, 0x7b, 0xf2, 0x97, 0xba, 0x9a, 0xa4, 0x77, 0x40, 0x78, 0x71, 0x37, 0xd8,
    0x96, 0xd5, 0x72, 0x4e, 0x4c, 0x70, 0xa8, 0x25, 0xf8, 0x72, 0xc9, 0xea, 0x60, 0xd2, 0xed, 0xf5,
];

/// The 2048-bit RSA test key (PKCS#8 PEM) shared with the core's JWKS tests.
const RSA2048_PEM: &str = include_str!("../../core/tests/data/jwks/keys/rsa2048.pem");

/// A benchmarked algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    /// HMAC-SHA-256.
    Hs256,
    /// HMAC-SHA-384.
    Hs384,
    /// HMAC-SHA-512.
    Hs512,
    /// Ed25519.
    EdDsa,
    /// ECDSA P-256.
    Es256,
    /// ECDSA P-384.
    Es384,
    /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit key (verify only in edgeauth).
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384, 2048-bit key.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512, 2048-bit key.
    Rs512,
    /// RSASSA-PSS with SHA-256 (salt = 32 bytes), 2048-bit key.
    Ps256,
    /// RSASSA-PSS with SHA-384 (salt = 48 bytes), 2048-bit key.
    Ps384,
    /// RSASSA-PSS with SHA-512 (salt = 64 bytes), 2048-bit key.
    Ps512,
}

impl Alg {
    /// Every benchmarked algorithm, in report order.
    pub const ALL: [Alg; 12] = [
        Alg::Hs256,
        Alg::Hs384,
        Alg::Hs512,
        Alg::EdDsa,
        Alg::Es256,
        Alg::Es384,
        Alg::Rs256,
        Alg::Rs384,
        Alg::Rs512,
        Alg::Ps256,
        Alg::Ps384,
        Alg::Ps512,
    ];

    /// The JOSE name (`alg`).
    pub const fn name(self) -> &'static str {
        self.algorithm().name()
    }

    /// edgeauth's identifier of this algorithm.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            Alg::Hs256 => Algorithm::Hs256,
            Alg::Hs384 => Algorithm::Hs384,
            Alg::Hs512 => Algorithm::Hs512,
            Alg::EdDsa => Algorithm::EdDsa,
            Alg::Es256 => Algorithm::Es256,
            Alg::Es384 => Algorithm::Es384,
            Alg::Rs256 => Algorithm::Rs256,
            Alg::Rs384 => Algorithm::Rs384,
            Alg::Rs512 => Algorithm::Rs512,
            Alg::Ps256 => Algorithm::Ps256,
            Alg::Ps384 => Algorithm::Ps384,
            Alg::Ps512 => Algorithm::Ps512,
        }
    }

    /// The lower-case prefix of this algorithm's criterion groups (`hs256_verify`, …).
    pub const fn slug(self) -> &'static str {
        match self {
            Alg::Hs256 => "hs256",
            Alg::Hs384 => "hs384",
            Alg::Hs512 => "hs512",
            Alg::EdDsa => "eddsa",
            Alg::Es256 => "es256",
            Alg::Es384 => "es384",
            Alg::Rs256 => "rs256",
            Alg::Rs384 => "rs384",
            Alg::Rs512 => "rs512",
            Alg::Ps256 => "ps256",
            Alg::Ps384 => "ps384",
            Alg::Ps512 => "ps512",
        }
    }

    /// Whether this is one of the six RSA algorithms, which edgeauth verifies but cannot sign:
    /// they have a `<alg>_verify` group and no `<alg>_encode` group.
    pub const fn is_rsa(self) -> bool {
        matches!(
            self,
            Alg::Rs256 | Alg::Rs384 | Alg::Rs512 | Alg::Ps256 | Alg::Ps384 | Alg::Ps512
        )
    }

    /// The length of the raw signature (or MAC) in bytes.
    pub const fn signature_len(self) -> usize {
        match self {
            Alg::Hs256 => 32,
            Alg::Hs384 => 48,
            Alg::Hs512 | Alg::EdDsa | Alg::Es256 => 64,
            Alg::Es384 => 96,
            Alg::Rs256 | Alg::Rs384 | Alg::Rs512 | Alg::Ps256 | Alg::Ps384 | Alg::Ps512 => 256,
        }
    }

    /// The HMAC secret for the HMAC algorithms, `None` otherwise.
    pub fn hmac_secret(self) -> Option<&'static [u8]> {
        match self {
            Alg::Hs256 => Some(&HMAC_SECRET[..32]),
            Alg::Hs384 => Some(&HMAC_SECRET[..48]),
            Alg::Hs512 => Some(&HMAC_SECRET[..]),
            _ => None,
        }
    }
}

/// A setup failure (a key or token the fixture could not build); setup only, never timed.
pub type SetupError = String;

/// Formats any debuggable error as a [`SetupError`].
pub fn setup_error(context: &str, e: impl core::fmt::Debug) -> SetupError {
    format!("{context}: {e:?}")
}

/// edgeauth's signing key for `alg`; an error for the RSA algorithms (edgeauth does not sign
/// RSA).
pub fn signing_key(alg: Alg) -> Result<SigningKey, SetupError> {
    let key = match alg {
        Alg::Hs256 => SigningKey::hs256(&HMAC_SECRET[..32]),
        Alg::Hs384 => SigningKey::hs384(&HMAC_SECRET[..48]),
        Alg::Hs512 => SigningKey::hs512(&HMAC_SECRET),
        Alg::EdDsa => Ok(SigningKey::ed25519_from_seed(&ED25519_SEED)),
        Alg::Es256 => SigningKey::es256_from_bytes(&P256_SCALAR),
        Alg::Es384 => SigningKey::es384_from_bytes(&P384_SCALAR),
        _ => return Err(setup_error("edgeauth signs no RSA", alg)),
    };
    key.map_err(|e| setup_error("signing key", e))
}

/// edgeauth's verifying key for `alg` (the RSA ones from the test key's modulus and exponent).
pub fn verifying_key(alg: Alg) -> Result<VerifyingKey<'static>, SetupError> {
    if alg.is_rsa() {
        let (n, e) = rsa_public_components()?;
        VerifyingKey::rsa(alg.algorithm(), &n, &e).map_err(|e| setup_error("edgeauth RSA key", e))
    } else {
        Ok(signing_key(alg)?.verifying_key())
    }
}

/// The benchmark token for `alg`: [`CLAIMS`] with the header `{"alg":…,"typ":"JWT"}` (no `kid`),
/// signed by edgeauth, or for RSA by `jsonwebtoken` over the very same signing input. Every
/// library verifies this same string.
pub fn token(alg: Alg) -> Result<String, SetupError> {
    if alg.is_rsa() {
        return rsa_token(alg);
    }
    let key = signing_key(alg)?;
    let mut out = [0u8; 512];
    encode(&key, None, &CLAIMS, &mut out)
        .map(str::to_owned)
        .map_err(|e| setup_error("encode", e))
}

/// `header.payload` as edgeauth's `encode` writes it, then `jsonwebtoken`'s RSA signature.
fn rsa_token(alg: Alg) -> Result<String, SetupError> {
    let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
    let payload = serde_json::to_string(&CLAIMS).map_err(|e| setup_error("payload", e))?;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let pkcs1 = rsa_private()?
        .to_pkcs1_der()
        .map_err(|e| setup_error("RSA PKCS#1", e))?;
    let key = jsonwebtoken::EncodingKey::from_rsa_der(pkcs1.as_bytes());
    let algorithm = match alg {
        Alg::Rs256 => jsonwebtoken::Algorithm::RS256,
        Alg::Rs384 => jsonwebtoken::Algorithm::RS384,
        Alg::Rs512 => jsonwebtoken::Algorithm::RS512,
        Alg::Ps256 => jsonwebtoken::Algorithm::PS256,
        Alg::Ps384 => jsonwebtoken::Algorithm::PS384,
        Alg::Ps512 => jsonwebtoken::Algorithm::PS512,
        _ => return Err(setup_error("not RSA", alg)),
    };
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key, algorithm)
        .map_err(|e| setup_error("RSA sign", e))?;
    Ok(format!("{input}.{signature}"))
}

/// The 2048-bit RSA test key.
pub fn rsa_private() -> Result<rsa::PrivateKey, SetupError> {
    let body: String = RSA2048_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = STANDARD
        .decode(body)
        .map_err(|e| setup_error("RSA PEM", e))?;
    rsa::PrivateKey::from_pkcs8_der(&der).map_err(|e| setup_error("RSA PKCS#8", e))
}

/// The big-endian modulus and public exponent of [`rsa_private`], without leading zeros.
pub fn rsa_public_components() -> Result<(Vec<u8>, Vec<u8>), SetupError> {
    let key = rsa_private()?;
    Ok((key.n_bytes().into_vec(), key.e_bytes().into_vec()))
}

/// The signing input (`header.payload`) and the base64url signature of a compact token.
pub fn split_signature(token: &str) -> Result<(&str, &str), SetupError> {
    token
        .rsplit_once('.')
        .ok_or_else(|| setup_error("token", "no '.'"))
}

/// What a verify reports back: the lengths of `sub` and of each role, and 1000 per role, so
/// that a test can tell that `sub` and both roles were really extracted.
pub fn digest<'a>(sub: &str, roles: impl IntoIterator<Item = &'a str>) -> usize {
    sub.len() + roles.into_iter().map(|r| 1000 + r.len()).sum::<usize>()
}

/// The digest every full verify of the benchmark token must return.
pub fn expected_digest() -> usize {
    digest(SUB, ROLES)
}

/// The Ed25519 public key matching [`ED25519_SEED`].
pub fn ed25519_public() -> [u8; 32] {
    ed25519_dalek::SigningKey::from_bytes(&ED25519_SEED)
        .verifying_key()
        .to_bytes()
}

/// The uncompressed SEC1 encoding (`04 ‖ x ‖ y`) of the P-256 public key matching
/// [`P256_SCALAR`].
pub fn p256_public_sec1() -> Result<Vec<u8>, SetupError> {
    let sk = p256::ecdsa::SigningKey::from_slice(&P256_SCALAR)
        .map_err(|e| setup_error("p256 scalar", e))?;
    Ok(sk.verifying_key().to_sec1_bytes().to_vec())
}

/// The uncompressed SEC1 encoding of the P-384 public key matching [`P384_SCALAR`].
pub fn p384_public_sec1() -> Result<Vec<u8>, SetupError> {
    let sk = p384::ecdsa::SigningKey::from_slice(&P384_SCALAR)
        .map_err(|e| setup_error("p384 scalar", e))?;
    Ok(sk.verifying_key().to_sec1_bytes().to_vec())
}
