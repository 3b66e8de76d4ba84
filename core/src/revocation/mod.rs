//! Heap-free revocation state for JWTs and refresh tokens.
//!
//! A JWT is valid until `exp` by construction; these structures let a gateway refuse some tokens
//! earlier without a network round-trip:
//!
//! * [`Blocklist`] — refuse one token by `jti` until its `exp` (plus leeway), then forget it.
//! * [`RevokedBefore`] — refuse every token of a subject issued before a time: "sign out
//!   everywhere" with one entry.
//! * [`RefreshStore`] — refresh-token rotation with reuse detection: a refresh token works once;
//!   presenting a spent one revokes its whole family.
//!
//! [`Blocklist`] and [`RevokedBefore`] implement [`crate::claims::RevocationCheck`], so
//! `Verifier::verify_with` gives "verified and not revoked" in one call (a tuple `(a, b)` checks
//! both). Strings (`jti`, `iss`/`sub`) are never stored: each becomes a 128-bit fingerprint under
//! a per-instance secret key, so entries have a fixed size and an attacker who picks `jti` values
//! cannot aim them at one hash bucket. This module does not verify tokens; the JWS verifier does.

mod blocklist;
mod check;
mod refresh;
mod revoked_before;

use core::fmt;
use sha2::{Digest, Sha256};

pub use blocklist::Blocklist;
pub use refresh::{REFRESH_TOKEN_LEN, RefreshConfig, RefreshGrant, RefreshStore, RefreshToken};
pub use revoked_before::RevokedBefore;

/// Why a revocation operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevocationError {
    /// The structure holds its maximum number of live entries even after reclaiming expired ones.
    /// Use a larger capacity or shorter token lifetimes. Nothing was changed.
    Full,
    /// The caller's random number generator failed. Nothing was changed.
    Rng,
    /// The refresh token text is malformed (wrong length, missing `.`, non-base64url character).
    Malformed,
    /// The refresh token is unknown: never issued, already revoked, or expired and swept.
    Invalid,
    /// The refresh token (or its family) reached its lifetime. Ask the user to sign in again.
    Expired,
    /// A spent refresh token was presented: it was stolen or replayed. The whole family has been
    /// revoked; ask the user to sign in again and consider alerting them.
    Reused,
    /// The output buffer is too small; use [`REFRESH_TOKEN_LEN`] bytes.
    BufferTooSmall,
}

impl fmt::Display for RevocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Full => "revocation store full",
            Self::Rng => "random number generator failed",
            Self::Malformed => "malformed refresh token",
            Self::Invalid => "unknown refresh token",
            Self::Expired => "refresh token expired",
            Self::Reused => "refresh token reused: family revoked",
            Self::BufferTooSmall => "output buffer too small",
        })
    }
}

impl core::error::Error for RevocationError {}

/// A 128-bit keyed fingerprint of one or two strings: SHA-256 over the key, a domain label and
/// each field prefixed by its length (so `("ab", "c")` and `("a", "bc")` differ), truncated.
///
/// Collisions need about 2^64 entries; the key keeps the bucket choice out of an attacker's hands.
pub(crate) fn fingerprint(key: &[u8; 32], domain: &[u8], a: Option<&str>, b: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(key);
    h.update(domain);
    match a {
        Some(a) => {
            h.update([1]);
            h.update((a.len() as u64).to_be_bytes());
            h.update(a.as_bytes());
        }
        None => h.update([0]),
    }
    h.update((b.len() as u64).to_be_bytes());
    h.update(b.as_bytes());
    let full: [u8; 32] = h.finalize().into();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_length_prefixed_sha256() {
        let key = [3u8; 32];
        let mut h = Sha256::new();
        h.update(key);
        h.update(b"d");
        h.update([1]);
        h.update(2u64.to_be_bytes());
        h.update(b"ab");
        h.update(1u64.to_be_bytes());
        h.update(b"c");
        let want: [u8; 32] = h.finalize().into();
        assert_eq!(fingerprint(&key, b"d", Some("ab"), "c"), want[..16]);
        assert_ne!(
            fingerprint(&key, b"d", Some("ab"), "c"),
            fingerprint(&key, b"d", Some("a"), "bc")
        );
        assert_ne!(
            fingerprint(&key, b"d", None, "c"),
            fingerprint(&key, b"d", Some(""), "c")
        );
        assert_ne!(
            fingerprint(&key, b"d", None, "c"),
            fingerprint(&[4u8; 32], b"d", None, "c")
        );
    }
}
