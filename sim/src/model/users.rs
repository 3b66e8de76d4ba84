//! Users, their credentials, and the record of every revocation.
//!
//! A user holds one credential at a time, identified by a generation number that a login
//! increments. Expiry is a timestamp checked when a request arrives, never a scheduled event, so
//! a million users cost a million small structs and no events. A revocation targets the user's
//! current credential and opens a [`Revocation`] record; the holder keeps presenting that
//! credential (at the user's request rate) until a server refuses it or it expires, and the record
//! collects every request wrongly accepted meanwhile.

use crate::engine::Nanos;

/// One user's credential: the part of a user every request reads and writes.
///
/// 16 bytes (four per cache line): a request lands on a random user among millions, so this
/// table is the run's main source of cache and TLB misses, and its size is what matters. What
/// only some requests need lives in side tables: the sticky home server ([`Users::homes`],
/// read only by `session_sticky`, written on login) and the latest revocation
/// ([`Users::revoked`], read only for users the run loop's "ever revoked" bitset flags).
#[derive(Debug, Clone, Copy)]
pub struct Cred {
    /// When the current bearer token expires (`Nanos::MAX` for sessions).
    pub expires: Nanos,
    /// Generation of the current credential.
    pub gen_: u32,
    /// The user has no usable credential: the next request is a login.
    pub needs_login: bool,
}

/// `session_sticky`: the server holding a user's session, and its epoch when the session was
/// created (a crash changes the server's epoch).
#[derive(Debug, Clone, Copy)]
pub struct Home {
    /// The server.
    pub server: u32,
    /// Its epoch at login.
    pub epoch: u32,
}

/// One revoked credential.
#[derive(Debug, Clone, Copy)]
pub struct Revocation {
    /// When the revocation was issued.
    pub revoked_at: Nanos,
    /// When it took effect in the shared store (`Nanos::MAX` if the design has no store record).
    pub in_store: Nanos,
    /// `jwt_blocklist_push`: when the pushed update reached the servers.
    pub pushed: Nanos,
    /// Decision time of the last request accepted after `revoked_at` (`None`: none was).
    pub last_accepted: Option<Nanos>,
    /// Requests accepted after `revoked_at`.
    pub wrongly_accepted: u32,
    /// The user, to tell at the end of the run whether the credential is still live.
    pub user: u32,
}

impl Revocation {
    /// The exposure window: revoke → last wrongly accepted request (0 if none).
    #[must_use]
    pub fn window(&self) -> Nanos {
        self.last_accepted
            .map_or(0, |t| t.saturating_sub(self.revoked_at))
    }
}

/// All users and revocation records.
#[derive(Debug)]
pub struct Users {
    /// Indexed by user id.
    pub creds: Vec<Cred>,
    /// Indexed by user id (see [`Home`]).
    pub homes: Vec<Home>,
    /// Indexed by user id: the latest revocation, packed as `(record index + 1) << 32 |
    /// generation`, 0 if the user was never revoked. Zero-initialised, so the operating system
    /// maps its pages only when a revocation first writes to them.
    revoked: Vec<u64>,
    /// In revocation order.
    pub revocations: Vec<Revocation>,
}

impl Users {
    /// `n` users, each holding a valid credential. Token expiries are spread uniformly over one
    /// lifetime (`expiry(u)` gives each user's), as in a system that has been running for a while;
    /// sticky homes are spread by `home(u)`, and only kept `with_homes` (the home table is as
    /// large as the credential table, and only `session_sticky` uses it).
    pub fn new(
        n: u32,
        mut expiry: impl FnMut(u32) -> Nanos,
        mut home: impl FnMut(u32) -> u32,
        with_homes: bool,
    ) -> Self {
        Self {
            creds: (0..n)
                .map(|u| Cred {
                    expires: expiry(u),
                    gen_: 0,
                    needs_login: false,
                })
                .collect(),
            homes: (0..if with_homes { n } else { 0 })
                .map(|u| Home {
                    server: home(u),
                    epoch: 0,
                })
                .collect(),
            revoked: vec![0; n as usize],
            revocations: Vec::new(),
        }
    }

    /// The generation and record index of `user`'s latest revocation, if any.
    fn latest(&self, user: u32) -> Option<(u32, usize)> {
        let v = *self.revoked.get(user as usize)?;
        // Fits: the high half of a u64.
        #[allow(clippy::cast_possible_truncation)]
        let (rec, gen_) = ((v >> 32) as u32, v as u32);
        (rec != 0).then(|| (gen_, rec as usize - 1))
    }

    /// Revokes `user`'s current credential at `now`. Returns `false` (and records nothing) when the
    /// user holds no live credential or it is already revoked.
    pub fn revoke(&mut self, user: u32, now: Nanos, in_store: Nanos, pushed: Nanos) -> bool {
        let Some(&u) = self.creds.get(user as usize) else {
            return false;
        };
        if u.needs_login || self.latest(user).is_some_and(|(g, _)| g == u.gen_) || now >= u.expires
        {
            return false;
        }
        // Record index + 1 must fit the packed u32 half.
        let Ok(idx) = u32::try_from(self.revocations.len() + 1) else {
            return false;
        };
        self.revoked[user as usize] = (u64::from(idx) << 32) | u64::from(u.gen_);
        self.revocations.push(Revocation {
            revoked_at: now,
            in_store,
            pushed,
            last_accepted: None,
            wrongly_accepted: 0,
            user,
        });
        true
    }

    /// The revocation record covering credential `gen_` of `user`, if that credential is revoked.
    pub fn revocation_of(&mut self, user: u32, gen_: u32) -> Option<&mut Revocation> {
        match self.latest(user) {
            Some((g, rec)) if g == gen_ => self.revocations.get_mut(rec),
            _ => None,
        }
    }

    /// Whether a revoked credential can still be used at time `end` (its exposure is censored).
    #[must_use]
    pub fn still_live(&self, r: &Revocation, end: Nanos) -> bool {
        self.creds.get(r.user as usize).is_some_and(|u| {
            self.latest(r.user).is_some_and(|(g, _)| g == u.gen_)
                && !u.needs_login
                && u.expires > end
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoke_once_per_credential() {
        let mut u = Users::new(2, |_| 1_000, |_| 0, false);
        assert!(u.homes.is_empty());
        assert_eq!(Users::new(3, |_| 0, |x| x + 7, true).homes[2].server, 9);
        assert!(u.revoke(0, 10, 20, 30));
        assert!(!u.revoke(0, 11, 21, 31), "already revoked");
        assert!(!u.revoke(1, 1_000, 0, 0), "expired at revocation time");
        assert!(u.revocation_of(0, 0).is_some());
        assert!(u.revocation_of(0, 1).is_none());
        assert!(u.revocation_of(1, 0).is_none());
        if let Some(r) = u.revocation_of(0, 0) {
            r.last_accepted = Some(250);
        }
        assert_eq!(u.revocations[0].window(), 240);
        assert!(u.still_live(&u.revocations[0], 500));
        assert!(!u.still_live(&u.revocations[0], 1_000));
        u.creds[0].needs_login = true;
        assert!(!u.revoke(0, 12, 0, 0), "no credential to revoke");
    }
}
