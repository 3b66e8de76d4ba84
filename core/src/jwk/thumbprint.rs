//! JWK thumbprints (RFC 7638) with SHA-256.
//!
//! The hash input is the canonical JSON of the required public members in lexicographic order,
//! with no whitespace (§3.2). It is fed to the hash piece by piece, so nothing is built in memory.
//! The member values are hashed as they appear in the JWK; edgeauth's decoders accept only
//! canonical base64url, so the same key always has the same thumbprint.

use super::convert::{Kty, kty};
use super::{Jwk, JwkError};
use crate::base64url;
use sha2::{Digest, Sha256};

/// The length of a base64url-encoded SHA-256 thumbprint.
pub const THUMBPRINT_B64_LEN: usize = 43;

pub(super) fn thumbprint(jwk: &Jwk<'_>) -> Result<[u8; 32], JwkError> {
    let kty = kty(jwk)?;
    let mut h = Sha256::new();
    let mut first = true;
    let mut member = |name: &str, value: Option<&str>| -> Result<(), JwkError> {
        let value = value.ok_or(JwkError::MissingMember("thumbprint member"))?;
        // Values are base64url or fixed names: nothing to escape, but refuse what would need it.
        if value.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            return Err(JwkError::InvalidMember("thumbprint member"));
        }
        h.update(if first { "{\"" } else { ",\"" });
        first = false;
        h.update(name);
        h.update("\":\"");
        h.update(value);
        h.update("\"");
        Ok(())
    };
    match kty {
        Kty::Rsa => {
            member("e", jwk.e)?;
            member("kty", Some(jwk.kty))?;
            member("n", jwk.n)?;
        }
        Kty::P256 | Kty::P384 => {
            member("crv", jwk.crv)?;
            member("kty", Some(jwk.kty))?;
            member("x", jwk.x)?;
            member("y", jwk.y)?;
        }
        Kty::Ed25519 => {
            member("crv", jwk.crv)?;
            member("kty", Some(jwk.kty))?;
            member("x", jwk.x)?;
        }
        Kty::Oct => {
            member("k", jwk.k)?;
            member("kty", Some(jwk.kty))?;
        }
    }
    h.update("}");
    Ok(h.finalize().into())
}

/// The thumbprint as base64url text (43 characters), written into `out`.
pub fn thumbprint_b64<'o>(
    jwk: &Jwk<'_>,
    out: &'o mut [u8; THUMBPRINT_B64_LEN],
) -> Result<&'o str, JwkError> {
    let digest = thumbprint(jwk)?;
    base64url::encode(&digest, out).ok_or(JwkError::InvalidKey)?;
    core::str::from_utf8(out).map_err(|_| JwkError::InvalidKey)
}
