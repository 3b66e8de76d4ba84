//! [`RevokedBefore`]: per-subject "tokens issued before T are refused" timestamps.
//!
//! One entry signs a user out everywhere (password change, stolen device): every token of that
//! issuer and subject whose `iat` is before T is refused, and tokens without `iat` are refused
//! too (their age cannot be proven). Tokens issued at or after T pass. An entry can be dropped
//! once every token it refuses has expired, i.e. at `T + max_token_age` where `max_token_age` is
//! the longest `exp - iat` (plus leeway) the verifier accepts; [`RevokedBefore::sweep`] and full
//! insertions reclaim such entries. Live entries are never evicted.

use rand_core::TryCryptoRng;

use super::{RevocationError, fingerprint};
use crate::session::map::FixedMap;

const DOMAIN: &[u8] = b"edgeauth/revoked-before/iss-sub\0";

/// Fixed-capacity per-subject revocation timestamps with `N` slots.
///
/// # Examples
///
/// ```
/// use edgeauth::revocation::RevokedBefore;
///
/// let mut rb: RevokedBefore<64> = RevokedBefore::new([5; 32], 3_600);
/// // Password changed at 1_000: refuse everything issued up to and including 1_000.
/// rb.revoke_subject(Some("https://idp"), "alice", 1_001, 1_000).unwrap();
/// assert!(rb.is_subject_revoked(Some("https://idp"), "alice", Some(1_000)));
/// assert!(!rb.is_subject_revoked(Some("https://idp"), "alice", Some(1_001)));
/// assert!(rb.is_subject_revoked(Some("https://idp"), "alice", None));
/// assert!(!rb.is_subject_revoked(Some("https://other"), "alice", Some(10)));
/// ```
pub struct RevokedBefore<const N: usize> {
    map: FixedMap<u64, N>,
    key: [u8; 32],
    max_token_age: u64,
}

impl<const N: usize> RevokedBefore<N> {
    /// Maximum number of live entries: `N - N/8`.
    pub const CAPACITY: usize = FixedMap::<u64, N>::CAPACITY;

    /// An empty list. `key` must be secret and random; `max_token_age` is the longest lifetime
    /// (`exp - iat`, plus leeway) of any token the verifier accepts, which bounds how long an entry
    /// must be kept.
    pub const fn new(key: [u8; 32], max_token_age: u64) -> Self {
        Self {
            map: FixedMap::new(),
            key,
            max_token_age,
        }
    }

    /// An empty list with a key drawn from the caller's CSPRNG.
    pub fn from_rng<R: TryCryptoRng + ?Sized>(
        rng: &mut R,
        max_token_age: u64,
    ) -> Result<Self, RevocationError> {
        let mut key = [0u8; 32];
        rng.try_fill_bytes(&mut key)
            .map_err(|_| RevocationError::Rng)?;
        Ok(Self::new(key, max_token_age))
    }

    /// Entries stored (live or not yet reclaimed).
    pub const fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no subject is revoked.
    pub const fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    fn fp(&self, iss: Option<&str>, sub: &str) -> [u8; 16] {
        fingerprint(&self.key, DOMAIN, iss, sub)
    }

    /// Refuses tokens of (`iss`, `sub`) with `iat < before`. To cut off everything issued up to
    /// now, pass `before = now + 1` (`iat` has one-second resolution). A later call can only move
    /// the cut-off forward. [`RevocationError::Full`] leaves the list unchanged.
    pub fn revoke_subject(
        &mut self,
        iss: Option<&str>,
        sub: &str,
        before: u64,
        now: u64,
    ) -> Result<(), RevocationError> {
        let key = self.fp(iss, sub);
        if let Some(t) = self.map.get_mut(&key) {
            *t = (*t).max(before);
            return Ok(());
        }
        let age = self.max_token_age;
        let dead = |t: &u64| t.saturating_add(age) <= now;
        if self.map.insert(key, before, dead).is_ok() {
            return Ok(());
        }
        if self.sweep(now) == 0 {
            return Err(RevocationError::Full);
        }
        self.map
            .insert(key, before, dead)
            .map_err(|_| RevocationError::Full)
    }

    /// True when a token of (`iss`, `sub`) issued at `iat` must be refused.
    pub fn is_subject_revoked(&self, iss: Option<&str>, sub: &str, iat: Option<u64>) -> bool {
        match self.map.get(&self.fp(iss, sub)) {
            Some(&before) => iat.is_none_or(|iat| iat < before),
            None => false,
        }
    }

    /// Lifts a subject's revocation. Returns whether there was one.
    pub fn unrevoke_subject(&mut self, iss: Option<&str>, sub: &str) -> bool {
        self.map.remove(&self.fp(iss, sub)).is_some()
    }

    /// Drops entries whose every refused token has expired (`before + max_token_age <= now`).
    pub fn sweep(&mut self, now: u64) -> usize {
        let age = self.max_token_age;
        self.map.retain(|_, t| t.saturating_add(age) > now)
    }
}

impl<const N: usize> core::fmt::Debug for RevokedBefore<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RevokedBefore")
            .field("len", &self.map.len())
            .field("capacity", &Self::CAPACITY)
            .field("max_token_age", &self.max_token_age)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_edges_and_monotonic() {
        let mut rb: RevokedBefore<16> = RevokedBefore::new([1; 32], 100);
        rb.revoke_subject(None, "u", 50, 40).unwrap();
        assert!(rb.is_subject_revoked(None, "u", Some(49)));
        assert!(!rb.is_subject_revoked(None, "u", Some(50)));
        assert!(rb.is_subject_revoked(None, "u", None));
        assert!(!rb.is_subject_revoked(Some("iss"), "u", Some(0)));
        assert!(!rb.is_subject_revoked(None, "v", None));
        // Moving the cut-off backwards is ignored.
        rb.revoke_subject(None, "u", 10, 41).unwrap();
        assert!(rb.is_subject_revoked(None, "u", Some(49)));
        rb.revoke_subject(None, "u", 60, 42).unwrap();
        assert!(rb.is_subject_revoked(None, "u", Some(59)));
        assert_eq!(rb.len(), 1);
        // Kept until before + max_token_age = 160.
        assert_eq!(rb.sweep(159), 0);
        assert_eq!(rb.sweep(160), 1);
        assert!(!rb.is_subject_revoked(None, "u", None));
    }

    #[test]
    fn full_then_reclaim() {
        let mut rb: RevokedBefore<8> = RevokedBefore::new([1; 32], 10);
        for (i, s) in ["a", "b", "c", "d", "e", "f", "g"].iter().enumerate() {
            rb.revoke_subject(None, s, if i == 0 { 5 } else { 100 }, 0)
                .unwrap();
        }
        assert_eq!(
            rb.revoke_subject(None, "h", 100, 14),
            Err(RevocationError::Full)
        );
        assert_eq!(rb.len(), 7);
        assert!(!rb.is_subject_revoked(None, "h", None));
        rb.revoke_subject(None, "h", 100, 15).unwrap();
        assert!(rb.is_subject_revoked(None, "h", None));
        assert!(!rb.is_subject_revoked(None, "a", None));
        assert!(rb.unrevoke_subject(None, "h"));
    }
}
