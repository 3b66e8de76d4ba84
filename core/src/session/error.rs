//! The error type shared by session identifiers, split tokens, signed IDs and the session table.
//!
//! Failures that concern a presented credential are deliberately coarse: an unknown selector and
//! a wrong verifier are the same [`SessionError::Invalid`], and every signed-ID failure is the
//! same [`SessionError::BadTag`], so a client learns nothing about which part was wrong.

use core::fmt;

/// Why a session operation was refused.
///
/// `Copy` and `#[non_exhaustive]`; each variant says how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// The caller's random number generator failed. Retry later or fix the entropy source; no
    /// identifier is ever produced from a partial or failed fill.
    Rng,
    /// The text is not a well-formed identifier or token: wrong length, a missing or extra `.`,
    /// or a character outside the base64url alphabet (or non-canonical trailing bits). Treat the
    /// request as unauthenticated.
    Malformed,
    /// The output buffer is too small. Use at least the type's `ENCODED_LEN` (or
    /// `SIGNED_LEN`) bytes.
    BufferTooSmall,
    /// A signed identifier's tag did not verify under the current or the previous key. The ID was
    /// forged, corrupted or signed with a retired key; treat the request as unauthenticated.
    BadTag,
    /// No live session matches: the selector is unknown or the verifier does not match. Treat the
    /// request as unauthenticated.
    Invalid,
    /// The session was revoked by [`SessionTable::revoke_all`](super::SessionTable::revoke_all).
    /// Ask the user to sign in again.
    Revoked,
    /// The session was idle for at least the configured idle timeout. Ask the user to sign in
    /// again.
    IdleTimeout,
    /// The session reached its absolute lifetime. Ask the user to sign in again.
    Expired,
    /// The table holds its maximum number of live sessions. Call `sweep(now)` to reclaim expired
    /// and revoked entries, revoke sessions, or use a larger capacity. The table is unchanged.
    TableFull,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Rng => "random number generator failed",
            Self::Malformed => "malformed session identifier",
            Self::BufferTooSmall => "output buffer too small",
            Self::BadTag => "session identifier tag did not verify",
            Self::Invalid => "no matching session",
            Self::Revoked => "session revoked",
            Self::IdleTimeout => "session idle timeout reached",
            Self::Expired => "session absolute lifetime reached",
            Self::TableFull => "session table full",
        })
    }
}

impl core::error::Error for SessionError {}
