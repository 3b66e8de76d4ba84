//! [`SessionTable`]: a fixed-capacity, heap-free store of live sessions keyed by selector.
//!
//! Each entry keeps the selector, the SHA-256 digest of the verifier, the user, a caller-defined
//! privilege level, the creation and last-seen times, and the epoch it was created in. A check is
//! a selector lookup (O(1) expected), a constant-time digest comparison, then the idle and
//! absolute timeouts. `revoke_all` bumps the epoch in O(1); entries of older epochs are refused
//! at once and reclaimed by `sweep` or by `create` when it meets them.
//!
//! Eviction policy: none for live sessions. A full table refuses `create` with
//! [`SessionError::TableFull`] and stays unchanged; only dead entries (expired or revoked by epoch)
//! are ever overwritten. The table fits in a `static`: [`SessionTable::new`] is `const`.
//!
//! Time rule: a session is alive while `now < last_seen + idle_timeout` and
//! `now < created + absolute_timeout` (so it is refused *exactly at* either timeout); sums
//! saturate, and a clock that goes backwards never makes a session older.

use rand_core::TryCryptoRng;

use super::map::FixedMap;
use super::{DEFAULT_ID_BYTES, SessionError, SplitToken};

/// Timeouts for a [`SessionTable`], in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionConfig {
    /// A session unused for this long is dead (OWASP suggests 2–30 minutes depending on risk).
    pub idle_timeout: u64,
    /// A session older than this is dead whatever its activity (OWASP suggests 4–8 hours).
    pub absolute_timeout: u64,
}

impl SessionConfig {
    /// 30 minutes idle, 8 hours absolute.
    pub const DEFAULT: Self = Self {
        idle_timeout: 30 * 60,
        absolute_timeout: 8 * 60 * 60,
    };
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What a successful check returns about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionInfo {
    /// The caller's user identifier given at creation.
    pub user: u64,
    /// The caller-defined privilege level (for example 0 = signed in, 1 = recently re-authenticated).
    pub level: u32,
    /// When the session was created (unix seconds); the absolute timeout counts from here.
    pub created: u64,
    /// The last time the session was created, touched or rotated.
    pub last_seen: u64,
}

#[derive(Clone, Copy)]
struct Record {
    digest: [u8; 32],
    user: u64,
    level: u32,
    epoch: u32,
    created: u64,
    last_seen: u64,
}

/// A fixed-capacity session store with `N` slots and `V`-byte verifiers (default 32).
///
/// At most [`Self::CAPACITY`] = `N - N/8` sessions are live at once.
///
/// # Examples
///
/// ```
/// use edgeauth::session::{SessionConfig, SessionError, SessionTable, SplitToken};
/// use rand_chacha::ChaCha20Rng;
/// use rand_core::SeedableRng;
///
/// let mut rng = ChaCha20Rng::seed_from_u64(3);
/// let mut table: SessionTable<64> = SessionTable::new(SessionConfig::DEFAULT);
/// let token = table.create(42, 0, &mut rng, 1_000).unwrap();
///
/// // The cookie carries `token.encode(..)`; on the next request:
/// let mut buf = [0u8; SplitToken::<32>::ENCODED_LEN];
/// let presented = SplitToken::<32>::parse(token.encode(&mut buf).unwrap().as_bytes()).unwrap();
/// assert_eq!(table.touch(&presented, 1_060).unwrap().user, 42);
///
/// table.revoke_all();
/// assert_eq!(table.check(&presented, 1_061), Err(SessionError::Revoked));
/// ```
pub struct SessionTable<const N: usize, const V: usize = DEFAULT_ID_BYTES> {
    map: FixedMap<Record, N>,
    config: SessionConfig,
    epoch: u32,
}

/// How many times `create` redraws a selector that is already in use (probability 2^-128 each).
const SELECTOR_RETRIES: usize = 4;

impl<const N: usize, const V: usize> SessionTable<N, V> {
    /// Maximum number of live sessions: `N - N/8`.
    pub const CAPACITY: usize = FixedMap::<Record, N>::CAPACITY;

    /// An empty table. `const`, so it can initialise a `static`.
    pub const fn new(config: SessionConfig) -> Self {
        Self {
            map: FixedMap::new(),
            config,
            epoch: 0,
        }
    }

    /// The timeouts in force.
    pub const fn config(&self) -> SessionConfig {
        self.config
    }

    /// Occupied entries, including dead ones not yet swept.
    pub const fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no entry is stored.
    pub const fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    fn status(&self, r: &Record, now: u64) -> Result<(), SessionError> {
        if r.epoch != self.epoch {
            return Err(SessionError::Revoked);
        }
        if now >= r.created.saturating_add(self.config.absolute_timeout) {
            return Err(SessionError::Expired);
        }
        if now >= r.last_seen.saturating_add(self.config.idle_timeout) {
            return Err(SessionError::IdleTimeout);
        }
        Ok(())
    }

    fn insert_new<R: TryCryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
        mut record: Record,
        now: u64,
    ) -> Result<SplitToken<V>, SessionError> {
        for _ in 0..SELECTOR_RETRIES {
            let token = SplitToken::<V>::generate(rng)?;
            let key = token.selector().to_bytes();
            if self.map.find(&key).is_some() {
                continue;
            }
            record.digest = token.digest().to_bytes();
            let epoch = self.epoch;
            let cfg = self.config;
            let dead = |r: &Record| {
                r.epoch != epoch
                    || now >= r.created.saturating_add(cfg.absolute_timeout)
                    || now >= r.last_seen.saturating_add(cfg.idle_timeout)
            };
            self.map
                .insert(key, record, dead)
                .map_err(|_| SessionError::TableFull)?;
            return Ok(token);
        }
        Err(SessionError::Rng)
    }

    /// Creates a session for `user` at privilege `level` and returns its token (the cookie value
    /// is `token.encode(..)`). [`SessionError::TableFull`] leaves the table unchanged.
    pub fn create<R: TryCryptoRng + ?Sized>(
        &mut self,
        user: u64,
        level: u32,
        rng: &mut R,
        now: u64,
    ) -> Result<SplitToken<V>, SessionError> {
        let record = Record {
            digest: [0; 32],
            user,
            level,
            epoch: self.epoch,
            created: now,
            last_seen: now,
        };
        self.insert_new(rng, record, now)
    }

    /// Looks the token up and checks verifier, epoch and timeouts. The verifier is checked before
    /// anything else, so a client without it learns nothing about the session's state.
    pub fn check(&self, token: &SplitToken<V>, now: u64) -> Result<SessionInfo, SessionError> {
        let r = self.verified(token)?;
        self.status(r, now)?;
        Ok(SessionInfo {
            user: r.user,
            level: r.level,
            created: r.created,
            last_seen: r.last_seen,
        })
    }

    fn verified(&self, token: &SplitToken<V>) -> Result<&Record, SessionError> {
        let r = self
            .map
            .get(&token.selector().to_bytes())
            .ok_or(SessionError::Invalid)?;
        if bool::from(token.matches(&super::VerifierDigest(r.digest))) {
            Ok(r)
        } else {
            Err(SessionError::Invalid)
        }
    }

    /// [`check`](Self::check), then records activity at `now` (restarting the idle timeout).
    pub fn touch(&mut self, token: &SplitToken<V>, now: u64) -> Result<SessionInfo, SessionError> {
        let mut info = self.check(token, now)?;
        let r = self
            .map
            .get_mut(&token.selector().to_bytes())
            .ok_or(SessionError::Invalid)?;
        r.last_seen = r.last_seen.max(now);
        info.last_seen = r.last_seen;
        Ok(info)
    }

    /// Replaces a live session's token with a fresh one and sets its privilege `level`. Call it on
    /// every privilege change (sign-in, re-authentication, role change) so a token fixed or
    /// observed before the change is worthless after it. The creation time is kept, so the
    /// absolute timeout still counts from the original sign-in.
    pub fn rotate<R: TryCryptoRng + ?Sized>(
        &mut self,
        token: &SplitToken<V>,
        level: u32,
        rng: &mut R,
        now: u64,
    ) -> Result<SplitToken<V>, SessionError> {
        let info = self.check(token, now)?;
        // Draw the new token before removing the old entry, so an RNG failure changes nothing.
        let fresh = SplitToken::<V>::generate(rng)?;
        let key = fresh.selector().to_bytes();
        if self.map.find(&key).is_some() {
            return Err(SessionError::Rng);
        }
        self.map.remove(&token.selector().to_bytes());
        let record = Record {
            digest: fresh.digest().to_bytes(),
            user: info.user,
            level,
            epoch: self.epoch,
            created: info.created,
            last_seen: now.max(info.last_seen),
        };
        // One slot was just freed, so this cannot be full.
        self.map
            .insert(key, record, |_| false)
            .map_err(|_| SessionError::TableFull)?;
        Ok(fresh)
    }

    /// Ends one session (logout). The verifier must match, so knowing a selector is not enough to
    /// sign someone out. Dead sessions can be revoked too.
    pub fn revoke(&mut self, token: &SplitToken<V>) -> Result<(), SessionError> {
        self.verified(token)?;
        self.map.remove(&token.selector().to_bytes());
        Ok(())
    }

    /// Ends every session of `user` (password change, account lock). Returns how many. O(N).
    pub fn revoke_user(&mut self, user: u64) -> usize {
        self.map.retain(|_, r| r.user != user)
    }

    /// Ends every session at once in O(1) by moving to a new epoch. Old entries are reclaimed by
    /// [`sweep`](Self::sweep) or overwritten by `create`. On the (2^32)th call the epoch counter
    /// would wrap and revive ancient entries, so then the table is cleared instead (O(N)).
    pub fn revoke_all(&mut self) {
        match self.epoch.checked_add(1) {
            Some(e) => self.epoch = e,
            None => {
                self.map.clear();
                self.epoch = 0;
            }
        }
    }

    /// Removes expired, idle and epoch-revoked entries. Returns how many. O(N).
    pub fn sweep(&mut self, now: u64) -> usize {
        let epoch = self.epoch;
        let cfg = self.config;
        self.map.retain(|_, r| {
            r.epoch == epoch
                && now < r.created.saturating_add(cfg.absolute_timeout)
                && now < r.last_seen.saturating_add(cfg.idle_timeout)
        })
    }
}

impl<const N: usize, const V: usize> core::fmt::Debug for SessionTable<N, V> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SessionTable")
            .field("len", &self.map.len())
            .field("capacity", &Self::CAPACITY)
            .field("epoch", &self.epoch)
            .field("config", &self.config)
            .finish()
    }
}
