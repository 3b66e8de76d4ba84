//! The auth designs: their names, and their runtime parameters derived from a scenario.
//!
//! A design decides three things per request: whether the shared store is consulted, how much
//! server CPU authentication costs, and when a revoked credential stops being accepted. The run
//! loop (`super::sim`) asks these questions through [`Design`]; it holds no design-specific
//! constants of its own.

use serde::{Deserialize, Serialize};

use crate::calibration::Calibration;
use crate::engine::{Dist, Nanos, micros, secs};
use crate::scenario::Designs;

/// The name of a design, as written in scenarios and results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    /// Stateless JWT: verify locally, valid until `exp`.
    Jwt,
    /// JWT + blocklist lookup on the shared store per request.
    JwtBlocklistRemote,
    /// JWT + local blocklist polled from the store.
    JwtBlocklistPoll,
    /// JWT + local blocklist updated by pub/sub.
    JwtBlocklistPush,
    /// Session looked up on the shared store per request.
    Session,
    /// Session with a local lookup cache.
    SessionCached,
    /// Session in one server's memory, sticky routing.
    SessionSticky,
    /// Short access JWT + rotating refresh token on the store.
    RefreshRotation,
}

impl DesignKind {
    /// Every design, in the order results are reported.
    pub const ALL: [Self; 8] = [
        Self::Jwt,
        Self::JwtBlocklistRemote,
        Self::JwtBlocklistPoll,
        Self::JwtBlocklistPush,
        Self::Session,
        Self::SessionCached,
        Self::SessionSticky,
        Self::RefreshRotation,
    ];

    /// The snake_case name used in scenario files and outputs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Jwt => "jwt",
            Self::JwtBlocklistRemote => "jwt_blocklist_remote",
            Self::JwtBlocklistPoll => "jwt_blocklist_poll",
            Self::JwtBlocklistPush => "jwt_blocklist_push",
            Self::Session => "session",
            Self::SessionCached => "session_cached",
            Self::SessionSticky => "session_sticky",
            Self::RefreshRotation => "refresh_rotation",
        }
    }

    /// Parses a name as written in scenarios.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }
}

impl core::fmt::Display for DesignKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Design-specific behaviour, with durations in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    /// Token valid until expiry; nothing can revoke it.
    Jwt,
    /// Blocklist read on the store per request.
    BlocklistRemote,
    /// Local blocklist; server `s` polls at `phase(s) + k·poll`.
    BlocklistPoll {
        /// Polling period.
        poll: Nanos,
    },
    /// Local blocklist; a revocation reaches every server after a delay.
    BlocklistPush {
        /// Store write → local blocklist delay.
        delay: Dist,
    },
    /// Store lookup per request.
    Session,
    /// Local cache in front of the store lookup.
    SessionCached {
        /// Time a positive lookup stays trusted.
        ttl: Nanos,
        /// Entries per server.
        slots: u32,
        /// Serve cached entries of any age when the store fails.
        stale_if_error: bool,
    },
    /// Sessions in the home server's memory.
    SessionSticky,
    /// Access JWT until expiry, then a refresh on the store.
    RefreshRotation,
}

/// A design ready to run: its policy and per-request costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Design {
    /// Which design.
    pub kind: DesignKind,
    /// Its behaviour.
    pub policy: Policy,
    /// Lifetime of the bearer credential a login issues (`u64::MAX` for sessions: the run never
    /// outlives a session in this model).
    pub credential_ttl: Nanos,
    /// CPU to verify the credential on a normal request.
    pub verify_ns: Nanos,
    /// CPU of a login (sign a token and/or create a session).
    pub login_ns: Nanos,
    /// CPU of a refresh (`refresh_rotation`: check the refresh token and sign a new access token).
    pub refresh_ns: Nanos,
    /// CPU of a local table lookup (cache, blocklist, sticky session table).
    pub local_lookup_ns: Nanos,
    /// Bytes of the credential on each request.
    pub credential_bytes: u32,
}

impl Design {
    /// Whether a normal (non-login) request must consult the shared store.
    #[must_use]
    pub fn store_per_request(&self) -> bool {
        matches!(self.policy, Policy::BlocklistRemote | Policy::Session)
    }

    /// Whether a login writes to the shared store (creating a session or refresh token).
    #[must_use]
    pub fn login_writes_store(&self) -> bool {
        matches!(
            self.policy,
            Policy::Session | Policy::SessionCached { .. } | Policy::RefreshRotation
        )
    }

    /// Whether revocations are written to the shared store.
    #[must_use]
    pub fn revocation_in_store(&self) -> bool {
        !matches!(self.policy, Policy::Jwt | Policy::SessionSticky)
    }
}

/// Builds every enabled design of a scenario with costs from `cal`, in [`DesignKind::ALL`] order.
/// Algorithms must exist in `cal` (checked by scenario validation); unknown ones cost zero here.
#[must_use]
pub fn designs_from(d: &Designs, cal: &Calibration, local_lookup_us: f64) -> Vec<Design> {
    let local = micros(local_lookup_us);
    let s = &cal.session;
    let session = |kind, policy| Design {
        kind,
        policy,
        credential_ttl: Nanos::MAX,
        verify_ns: micros(s.check_us),
        login_ns: micros(s.create_us),
        refresh_ns: 0,
        local_lookup_ns: local,
        credential_bytes: s.cookie_bytes,
    };
    let jwt = |kind, policy, alg: &str, ttl_s: f64| {
        let a = cal.algorithm(alg).copied().unwrap_or_default();
        Design {
            kind,
            policy,
            credential_ttl: secs(ttl_s),
            verify_ns: micros(a.verify_us),
            login_ns: micros(a.sign_us),
            refresh_ns: 0,
            local_lookup_ns: local,
            credential_bytes: a.token_bytes,
        }
    };
    let mut out = Vec::new();
    if let Some(p) = &d.jwt {
        out.push(jwt(DesignKind::Jwt, Policy::Jwt, &p.alg, p.ttl_s));
    }
    if let Some(p) = &d.jwt_blocklist_remote {
        out.push(jwt(
            DesignKind::JwtBlocklistRemote,
            Policy::BlocklistRemote,
            &p.alg,
            p.ttl_s,
        ));
    }
    if let Some(p) = &d.jwt_blocklist_poll {
        out.push(jwt(
            DesignKind::JwtBlocklistPoll,
            Policy::BlocklistPoll {
                poll: secs(p.poll_s),
            },
            &p.alg,
            p.ttl_s,
        ));
    }
    if let Some(p) = &d.jwt_blocklist_push {
        out.push(jwt(
            DesignKind::JwtBlocklistPush,
            Policy::BlocklistPush {
                delay: p.push_delay.to_dist(),
            },
            &p.alg,
            p.ttl_s,
        ));
    }
    if d.session.is_some() {
        out.push(session(DesignKind::Session, Policy::Session));
    }
    if let Some(p) = &d.session_cached {
        out.push(session(
            DesignKind::SessionCached,
            Policy::SessionCached {
                ttl: secs(p.cache_ttl_s),
                slots: p.cache_slots,
                stale_if_error: p.stale_if_error,
            },
        ));
    }
    if d.session_sticky.is_some() {
        out.push(session(DesignKind::SessionSticky, Policy::SessionSticky));
    }
    if let Some(p) = &d.refresh_rotation {
        let mut r = jwt(
            DesignKind::RefreshRotation,
            Policy::RefreshRotation,
            &p.alg,
            p.access_ttl_s,
        );
        // A login signs an access token and creates the refresh-token family; a refresh checks
        // the refresh token (a session-style check) and signs a new access token.
        r.login_ns += micros(s.create_us);
        r.refresh_ns = micros(s.check_us) + r.login_ns;
        out.push(r);
    }
    out
}
