//! SessionTable behaviour: every operation, every error, time edges, capacity, epochs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::session::{SessionConfig, SessionError, SessionInfo, SessionTable, SplitToken};
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::{Infallible, SeedableRng, TryCryptoRng, TryRng};

const CFG: SessionConfig = SessionConfig {
    idle_timeout: 100,
    absolute_timeout: 1_000,
};

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(0x5e55)
}

/// Round-trips a token through its cookie text, as a server would see it on the next request.
fn presented(t: &SplitToken) -> SplitToken {
    let mut buf = [0u8; SplitToken::<32>::ENCODED_LEN];
    SplitToken::parse(t.encode(&mut buf).unwrap().as_bytes()).unwrap()
}

#[test]
fn create_check_touch() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let tok = t.create(7, 1, &mut r, 10).unwrap();
    let p = presented(&tok);
    let info = SessionInfo {
        user: 7,
        level: 1,
        created: 10,
        last_seen: 10,
    };
    assert_eq!(t.check(&p, 10), Ok(info));
    assert_eq!(t.touch(&p, 50).unwrap().last_seen, 50);
    assert_eq!(t.check(&p, 149).unwrap().last_seen, 50);
    assert_eq!(t.len(), 1);
}

#[test]
fn idle_timeout_edges() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let tok = t.create(1, 0, &mut r, 0).unwrap();
    assert!(t.check(&tok, 99).is_ok());
    assert_eq!(t.check(&tok, 100), Err(SessionError::IdleTimeout));
    // A touch that fails leaves last_seen unchanged.
    assert_eq!(t.touch(&tok, 100), Err(SessionError::IdleTimeout));
    assert_eq!(t.check(&tok, 100), Err(SessionError::IdleTimeout));
}

#[test]
fn absolute_timeout_edges_despite_activity() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let tok = t.create(1, 0, &mut r, 0).unwrap();
    let mut now = 0;
    while now + 90 < 1_000 {
        now += 90;
        t.touch(&tok, now).unwrap();
    }
    assert_eq!(now, 990);
    assert!(t.check(&tok, 999).is_ok());
    assert_eq!(t.check(&tok, 1_000), Err(SessionError::Expired));
}

#[test]
fn clock_going_backwards_never_extends_or_panics() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let tok = t.create(1, 0, &mut r, 500).unwrap();
    assert!(t.check(&tok, 0).is_ok());
    assert_eq!(t.touch(&tok, 400).unwrap().last_seen, 500);
    let far: SessionTable<16> = SessionTable::new(SessionConfig {
        idle_timeout: u64::MAX,
        absolute_timeout: u64::MAX,
    });
    assert_eq!(far.config().idle_timeout, u64::MAX);
    let mut far = far;
    let tok = far.create(1, 0, &mut r, u64::MAX - 1).unwrap();
    assert!(far.check(&tok, u64::MAX - 1).is_ok());
}

#[test]
fn wrong_verifier_and_unknown_selector_are_invalid() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let tok = t.create(1, 0, &mut r, 0).unwrap();
    let other: SplitToken = SplitToken::generate(&mut r).unwrap();
    assert_eq!(t.check(&other, 1), Err(SessionError::Invalid));
    // Right selector, wrong verifier.
    let forged = SplitToken::from_parts(
        tok.selector(),
        edgeauth::session::SessionId::generate(&mut r).unwrap(),
    );
    assert_eq!(t.check(&forged, 1), Err(SessionError::Invalid));
    assert_eq!(t.revoke(&forged), Err(SessionError::Invalid));
    assert!(
        t.check(&tok, 1).is_ok(),
        "a failed revoke must not end the session"
    );
    // The verifier is checked before the timeouts: no state leaks to a forger.
    assert_eq!(t.check(&forged, 5_000), Err(SessionError::Invalid));
}

#[test]
fn revoke_one_and_user() {
    let mut r = rng();
    let mut t: SessionTable<32> = SessionTable::new(CFG);
    let a1 = t.create(1, 0, &mut r, 0).unwrap();
    let a2 = t.create(1, 0, &mut r, 0).unwrap();
    let b = t.create(2, 0, &mut r, 0).unwrap();
    t.revoke(&a1).unwrap();
    assert_eq!(t.check(&a1, 1), Err(SessionError::Invalid));
    assert!(t.check(&a2, 1).is_ok());
    assert_eq!(t.revoke(&a1), Err(SessionError::Invalid));
    let a3 = t.create(1, 0, &mut r, 0).unwrap();
    assert_eq!(t.revoke_user(1), 2);
    assert_eq!(t.check(&a2, 1), Err(SessionError::Invalid));
    assert_eq!(t.check(&a3, 1), Err(SessionError::Invalid));
    assert!(t.check(&b, 1).is_ok());
    assert_eq!(t.revoke_user(1), 0);
    assert_eq!(t.len(), 1);
}

#[test]
fn revoke_all_by_epoch_then_sweep_and_reuse() {
    let mut r = rng();
    let mut t: SessionTable<8> = SessionTable::new(CFG);
    let old: Vec<_> = (0..7).map(|u| t.create(u, 0, &mut r, 0).unwrap()).collect();
    assert_eq!(
        t.create(99, 0, &mut r, 0).unwrap_err(),
        SessionError::TableFull
    );
    t.revoke_all();
    for tok in &old {
        assert_eq!(t.check(tok, 1), Err(SessionError::Revoked));
    }
    // The table is still "full" of dead entries, but create reclaims one on its probe path or
    // fails; after a sweep everything is free.
    assert_eq!(t.sweep(1), 7);
    assert!(t.is_empty());
    let fresh = t.create(5, 0, &mut r, 1).unwrap();
    assert!(t.check(&fresh, 2).is_ok());
}

#[test]
fn create_reclaims_dead_entries_without_sweep() {
    let mut r = rng();
    // One slot: the only entry is on every probe path.
    let mut t: SessionTable<1> = SessionTable::new(CFG);
    assert_eq!(SessionTable::<1>::CAPACITY, 1);
    let a = t.create(1, 0, &mut r, 0).unwrap();
    assert_eq!(
        t.create(2, 0, &mut r, 50).unwrap_err(),
        SessionError::TableFull
    );
    assert!(
        t.check(&a, 50).is_ok(),
        "a refused create leaves the table unchanged"
    );
    let b = t.create(2, 0, &mut r, 100).unwrap(); // a is idle-expired at 100
    assert_eq!(t.check(&a, 100), Err(SessionError::Invalid));
    assert_eq!(t.check(&b, 100).unwrap().user, 2);
    t.revoke_all();
    let c = t.create(3, 0, &mut r, 101).unwrap();
    assert_eq!(t.check(&c, 101).unwrap().user, 3);
    assert_eq!(t.len(), 1);
}

#[test]
fn sweep_removes_exactly_the_dead() {
    let mut r = rng();
    let mut t: SessionTable<64> = SessionTable::new(CFG);
    let early = t.create(1, 0, &mut r, 0).unwrap();
    let late = t.create(2, 0, &mut r, 50).unwrap();
    assert_eq!(t.sweep(99), 0);
    assert_eq!(t.sweep(100), 1);
    assert_eq!(t.check(&early, 100), Err(SessionError::Invalid));
    assert!(t.check(&late, 100).is_ok());
}

#[test]
fn rotate_on_privilege_change() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let before = t.create(9, 0, &mut r, 10).unwrap();
    let after = t.rotate(&before, 2, &mut r, 60).unwrap();
    assert_eq!(t.check(&before, 61), Err(SessionError::Invalid));
    let info = t.check(&after, 61).unwrap();
    assert_eq!(
        info,
        SessionInfo {
            user: 9,
            level: 2,
            created: 10,
            last_seen: 60
        }
    );
    assert_eq!(t.len(), 1);
    // Rotation keeps the absolute deadline.
    assert_eq!(t.check(&after, 1_010), Err(SessionError::Expired));
    // A dead or forged session cannot be rotated.
    assert_eq!(
        t.rotate(&before, 3, &mut r, 61).unwrap_err(),
        SessionError::Invalid
    );
}

/// A generator that always fails, to prove RNG errors change nothing.
struct Broken;
#[derive(Debug)]
struct Nope;
impl core::fmt::Display for Nope {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("nope")
    }
}
impl core::error::Error for Nope {}
impl TryRng for Broken {
    type Error = Nope;
    fn try_next_u32(&mut self) -> Result<u32, Nope> {
        Err(Nope)
    }
    fn try_next_u64(&mut self) -> Result<u64, Nope> {
        Err(Nope)
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Nope> {
        Err(Nope)
    }
}
impl TryCryptoRng for Broken {}

#[test]
fn rng_failure_is_an_error_and_changes_nothing() {
    let mut r = rng();
    let mut t: SessionTable<16> = SessionTable::new(CFG);
    let tok = t.create(1, 0, &mut r, 0).unwrap();
    assert_eq!(
        t.create(2, 0, &mut Broken, 0).unwrap_err(),
        SessionError::Rng
    );
    assert_eq!(
        t.rotate(&tok, 1, &mut Broken, 1).unwrap_err(),
        SessionError::Rng
    );
    assert_eq!(t.check(&tok, 1).unwrap().level, 0);
    assert_eq!(t.len(), 1);
    // Infallible generators satisfy the same bound.
    fn takes<R: TryCryptoRng<Error = Infallible>>(_: &R) {}
    takes(&r);
}

#[test]
fn large_table_in_a_static_like_box() {
    // 4096 slots, 3584 live sessions, all found; then all revoked per user.
    let mut r = rng();
    let mut t: Box<SessionTable<4096>> = Box::new(SessionTable::new(CFG));
    let toks: Vec<_> = (0..SessionTable::<4096>::CAPACITY as u64)
        .map(|u| t.create(u % 10, 0, &mut r, 0).unwrap())
        .collect();
    assert_eq!(
        t.create(0, 0, &mut r, 0).unwrap_err(),
        SessionError::TableFull
    );
    for (i, tok) in toks.iter().enumerate() {
        assert_eq!(t.check(tok, 1).unwrap().user, i as u64 % 10);
    }
    let removed: usize = (0..10).map(|u| t.revoke_user(u)).sum();
    assert_eq!(removed, toks.len());
    assert!(t.is_empty());
}

proptest! {
    /// Random operation sequences against a simple model: live sessions are found with the right
    /// user, revoked ones never are, and nothing panics.
    #[test]
    fn random_ops_match_model(ops in proptest::collection::vec((0u8..5, 0u64..6, 0usize..64), 1..120)) {
        let mut r = rng();
        let mut t: SessionTable<32> = SessionTable::new(SessionConfig { idle_timeout: 1_000_000, absolute_timeout: 1_000_000 });
        let mut live: Vec<(SplitToken, u64)> = Vec::new();
        let mut dead: Vec<SplitToken> = Vec::new();
        for (op, user, pick) in ops {
            match op {
                0 | 1 => match t.create(user, 0, &mut r, 0) {
                    Ok(tok) => live.push((tok, user)),
                    Err(e) => {
                        prop_assert_eq!(e, SessionError::TableFull);
                        prop_assert_eq!(live.len(), SessionTable::<32>::CAPACITY);
                    }
                },
                2 if !live.is_empty() => {
                    let (tok, _) = live.swap_remove(pick % live.len());
                    t.revoke(&tok).unwrap();
                    dead.push(tok);
                }
                3 => {
                    let n = t.revoke_user(user);
                    let (gone, keep): (Vec<_>, Vec<_>) = live.into_iter().partition(|(_, u)| *u == user);
                    prop_assert_eq!(n, gone.len());
                    dead.extend(gone.into_iter().map(|(t, _)| t));
                    live = keep;
                }
                4 if !live.is_empty() => {
                    let i = pick % live.len();
                    let fresh = t.rotate(&live[i].0, 1, &mut r, 0).unwrap();
                    let (old, u) = live.swap_remove(i);
                    dead.push(old);
                    live.push((fresh, u));
                }
                _ => {}
            }
            prop_assert_eq!(t.len(), live.len());
            for (tok, u) in &live {
                prop_assert_eq!(t.check(tok, 1).map(|i| i.user), Ok(*u));
            }
            for tok in &dead {
                prop_assert_eq!(t.check(tok, 1), Err(SessionError::Invalid));
            }
        }
    }
}
