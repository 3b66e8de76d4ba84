//! The benchmark token and keys: the same claims, secrets and key pairs for every library.
//!
//! The claims are those of issue 2's speed target: `sub`, `iss`, `aud`, `exp`, `iat` and a
//! two-element `roles` array; with the header `{"alg":"HS256","typ":"JWT"}` the HS256 token is
//! 271 bytes. `exp` is in 2100 so that peers, which read the system clock, accept it for decades;
//! edgeauth gets its `now` from the caller ([`NOW`]).

use edgeauth::{Error, SigningKey, encode};
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
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x69, 0x3b, 0x7d, 0x60, 0x34, 0x1c, 0xae, 0x7f, 0x60, 0xee, 0x5d,
];

/// The P-256 private scalar (RFC 6979 §A.2.5).
pub const P256_SCALAR: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];

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
}

impl Alg {
    /// Every benchmarked algorithm, in report order.
    pub const ALL: [Alg; 5] = [Alg::Hs256, Alg::Hs384, Alg::Hs512, Alg::EdDsa, Alg::Es256];

    /// The JOSE name (`alg`).
    pub const fn name(self) -> &'static str {
        match self {
            Alg::Hs256 => "HS256",
            Alg::Hs384 => "HS384",
            Alg::Hs512 => "HS512",
            Alg::EdDsa => "EdDSA",
            Alg::Es256 => "ES256",
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
        }
    }

    /// The HMAC secret for the HMAC algorithms, `None` otherwise.
    pub fn hmac_secret(self) -> Option<&'static [u8]> {
        match self {
            Alg::Hs256 => Some(&HMAC_SECRET[..32]),
            Alg::Hs384 => Some(&HMAC_SECRET[..48]),
            Alg::Hs512 => Some(&HMAC_SECRET[..]),
            Alg::EdDsa | Alg::Es256 => None,
        }
    }
}

/// A setup failure (a key or token the fixture could not build); setup only, never timed.
pub type SetupError = String;

/// Formats any debuggable error as a [`SetupError`].
pub fn setup_error(context: &str, e: impl core::fmt::Debug) -> SetupError {
    format!("{context}: {e:?}")
}

/// edgeauth's signing key for `alg`.
pub fn signing_key(alg: Alg) -> Result<SigningKey, Error> {
    match alg {
        Alg::Hs256 => SigningKey::hs256(&HMAC_SECRET[..32]),
        Alg::Hs384 => SigningKey::hs384(&HMAC_SECRET[..48]),
        Alg::Hs512 => SigningKey::hs512(&HMAC_SECRET),
        Alg::EdDsa => Ok(SigningKey::ed25519_from_seed(&ED25519_SEED)),
        Alg::Es256 => SigningKey::es256_from_bytes(&P256_SCALAR),
    }
}

/// The benchmark token for `alg`: [`CLAIMS`] signed by edgeauth, header `{"alg":…,"typ":"JWT"}`
/// without `kid`. Every library verifies this same string.
pub fn token(alg: Alg) -> Result<String, SetupError> {
    let key = signing_key(alg).map_err(|e| setup_error("signing key", e))?;
    let mut out = [0u8; 512];
    encode(&key, None, &CLAIMS, &mut out)
        .map(str::to_owned)
        .map_err(|e| setup_error("encode", e))
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
