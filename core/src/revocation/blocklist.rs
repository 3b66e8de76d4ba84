//! [`Blocklist`]: revoke individual JWTs by `jti` until they expire.
//!
//! Each entry is a keyed 128-bit fingerprint of the `jti` and the time after which the token can
//! no longer be accepted anyway (`exp` plus the verifier's leeway). Checking is one fingerprint and
//! one O(1)-expected lookup; entries past that time are reclaimed by [`Blocklist::sweep`], reused
//! by later insertions that meet them, and swept automatically when an insertion finds the list
//! full. Live entries are never evicted: a full list is an error and the list stays unchanged.
//! Tokens without `jti` cannot be listed; use [`super::RevokedBefore`] for those.

use rand_core::TryCryptoRng;

use super::{RevocationError, fingerprint};
use crate::session::map::FixedMap;

const DOMAIN: &[u8] = b"edgeauth/blocklist/jti\0";

/// A fixed-capacity JWT blocklist with `N` slots (at most [`Self::CAPACITY`] live entries).
///
/// # Examples
///
/// ```
/// use edgeauth::revocation::Blocklist;
///
/// // The key only spreads entries over buckets; draw it from a CSPRNG in production.
/// let mut list: Blocklist<64> = Blocklist::new([9; 32], 60);
/// list.revoke("token-123", 2_000, 1_000).unwrap();
/// assert!(list.is_jti_revoked("token-123"));
/// assert!(!list.is_jti_revoked("token-124"));
/// // After exp + leeway the entry is reclaimed: the token is refused as expired anyway.
/// assert_eq!(list.sweep(2_060), 1);
/// assert!(!list.is_jti_revoked("token-123"));
/// ```
pub struct Blocklist<const N: usize> {
    map: FixedMap<u64, N>,
    key: [u8; 32],
    leeway: u64,
}

impl<const N: usize> Blocklist<N> {
    /// Maximum number of live entries: `N - N/8`.
    pub const CAPACITY: usize = FixedMap::<u64, N>::CAPACITY;

    /// An empty list. `key` must be secret and random (it keeps attackers from choosing which
    /// bucket a `jti` lands in); `leeway` must be at least the leeway the JWT verifier allows
    /// after `exp`, or a revoked token could be accepted again during that window.
    pub const fn new(key: [u8; 32], leeway: u64) -> Self {
        Self {
            map: FixedMap::new(),
            key,
            leeway,
        }
    }

    /// An empty list with a key drawn from the caller's CSPRNG.
    pub fn from_rng<R: TryCryptoRng + ?Sized>(
        rng: &mut R,
        leeway: u64,
    ) -> Result<Self, RevocationError> {
        let mut key = [0u8; 32];
        rng.try_fill_bytes(&mut key)
            .map_err(|_| RevocationError::Rng)?;
        Ok(Self::new(key, leeway))
    }

    /// Live and not yet reclaimed entries.
    pub const fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is listed.
    pub const fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    fn fp(&self, jti: &str) -> [u8; 16] {
        fingerprint(&self.key, DOMAIN, None, jti)
    }

    /// Revokes the token `jti` whose `exp` is given, as of `now`. A token already past
    /// `exp + leeway` needs no entry and is accepted as a no-op. Revoking the same `jti` twice
    /// keeps the later expiry. [`RevocationError::Full`] (after reclaiming expired entries) leaves
    /// the list unchanged.
    pub fn revoke(&mut self, jti: &str, exp: u64, now: u64) -> Result<(), RevocationError> {
        let until = exp.saturating_add(self.leeway);
        if until <= now {
            return Ok(());
        }
        let key = self.fp(jti);
        if let Some(existing) = self.map.get_mut(&key) {
            *existing = (*existing).max(until);
            return Ok(());
        }
        let dead = |u: &u64| *u <= now;
        if self.map.insert(key, until, dead).is_ok() {
            return Ok(());
        }
        if self.sweep(now) == 0 {
            return Err(RevocationError::Full);
        }
        self.map
            .insert(key, until, dead)
            .map_err(|_| RevocationError::Full)
    }

    /// True when `jti` is listed. O(1) expected.
    pub fn is_jti_revoked(&self, jti: &str) -> bool {
        self.map.get(&self.fp(jti)).is_some()
    }

    /// Removes a listing (an operator's mistake). Returns whether it was listed.
    pub fn unrevoke(&mut self, jti: &str) -> bool {
        self.map.remove(&self.fp(jti)).is_some()
    }

    /// Reclaims entries whose `exp + leeway` has passed. Returns how many. O(N).
    pub fn sweep(&mut self, now: u64) -> usize {
        self.map.retain(|_, until| *until > now)
    }
}

impl<const N: usize> core::fmt::Debug for Blocklist<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Blocklist")
            .field("len", &self.map.len())
            .field("capacity", &Self::CAPACITY)
            .field("leeway", &self.leeway)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn revoke_check_and_time_edges() {
        let mut b: Blocklist<16> = Blocklist::new([1; 32], 30);
        // exp 100 + leeway 30 = 130: listed while now < 130.
        b.revoke("a", 100, 50).unwrap();
        assert!(b.is_jti_revoked("a"));
        assert_eq!(b.sweep(129), 0);
        assert!(b.is_jti_revoked("a"));
        assert_eq!(b.sweep(130), 1);
        assert!(!b.is_jti_revoked("a"));
        // Already unusable at revocation time: no entry.
        b.revoke("late", 100, 130).unwrap();
        assert!(b.is_empty());
        b.revoke("late", 100, 129).unwrap();
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn duplicate_revoke_keeps_later_expiry() {
        let mut b: Blocklist<16> = Blocklist::new([1; 32], 0);
        b.revoke("x", 200, 0).unwrap();
        b.revoke("x", 100, 0).unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b.sweep(150), 0);
        assert!(b.is_jti_revoked("x"));
        assert!(b.unrevoke("x"));
        assert!(!b.unrevoke("x"));
    }

    #[test]
    fn full_list_reclaims_expired_then_refuses_unchanged() {
        let mut b: Blocklist<8> = Blocklist::new([2; 32], 0);
        assert_eq!(Blocklist::<8>::CAPACITY, 7);
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        for (i, n) in names.iter().enumerate() {
            b.revoke(n, if i == 0 { 100 } else { 1_000 }, 0).unwrap();
        }
        assert_eq!(b.revoke("h", 1_000, 0), Err(RevocationError::Full));
        assert_eq!(b.len(), 7);
        assert!(names.iter().all(|n| b.is_jti_revoked(n)));
        assert!(!b.is_jti_revoked("h"));
        // At 101 the entry for "a" (exp 100) has expired: the insert reclaims it.
        b.revoke("h", 1_000, 101).unwrap();
        assert!(b.is_jti_revoked("h"));
        assert!(!b.is_jti_revoked("a"));
        assert!(names[1..].iter().all(|n| b.is_jti_revoked(n)));
        assert_eq!(b.len(), 7);
    }
}
