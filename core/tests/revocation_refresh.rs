//! Refresh-token rotation: the happy path, every refusal, reuse detection revoking the family,
//! time edges and capacity.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::revocation::{
    REFRESH_TOKEN_LEN, RefreshConfig, RefreshStore, RefreshToken, RevocationError,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const CFG: RefreshConfig = RefreshConfig {
    token_ttl: 100,
    family_lifetime: 1_000,
};

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(0xf00d)
}

fn over_the_wire(t: &RefreshToken) -> RefreshToken {
    let mut buf = [0u8; REFRESH_TOKEN_LEN];
    RefreshToken::parse(t.encode(&mut buf).unwrap().as_bytes()).unwrap()
}

#[test]
fn rotation_chain() {
    let mut r = rng();
    let mut s: RefreshStore<16> = RefreshStore::new(CFG);
    let mut t = s.issue(42, &mut r, 0).unwrap();
    assert_eq!(t.generation(), 0);
    for g in 1..=9u32 {
        let grant = s
            .rotate(&over_the_wire(&t), &mut r, u64::from(g) * 90)
            .unwrap();
        assert_eq!(grant.user, 42);
        assert_eq!(grant.token.generation(), g);
        t = grant.token;
    }
    assert_eq!(s.len(), 1);
}

#[test]
fn reuse_of_any_spent_token_revokes_the_family() {
    for replay_gen in 0..3usize {
        let mut r = rng();
        let mut s: RefreshStore<16> = RefreshStore::new(CFG);
        let mut chain = vec![s.issue(1, &mut r, 0).unwrap()];
        for i in 0..3 {
            let next = s.rotate(&chain[i], &mut r, 1).unwrap().token;
            chain.push(next);
        }
        let other_family = s.issue(1, &mut r, 0).unwrap();
        assert_eq!(
            s.rotate(&chain[replay_gen], &mut r, 2).unwrap_err(),
            RevocationError::Reused
        );
        // The legitimate current token is dead too.
        assert_eq!(
            s.rotate(&chain[3], &mut r, 3).unwrap_err(),
            RevocationError::Invalid
        );
        // Other families of the same user are untouched.
        assert!(s.rotate(&other_family, &mut r, 3).is_ok());
    }
}

#[test]
fn thief_first_then_user() {
    let mut r = rng();
    let mut s: RefreshStore<16> = RefreshStore::new(CFG);
    let stolen = s.issue(1, &mut r, 0).unwrap();
    let copy = over_the_wire(&stolen);
    let thief = s.rotate(&copy, &mut r, 5).unwrap().token;
    // The user presents the same (now spent) token: detected, family revoked.
    assert_eq!(
        s.rotate(&stolen, &mut r, 6).unwrap_err(),
        RevocationError::Reused
    );
    assert_eq!(
        s.rotate(&thief, &mut r, 7).unwrap_err(),
        RevocationError::Invalid
    );
}

#[test]
fn tampered_generation_or_secret_counts_as_reuse() {
    let mut r = rng();
    let mut s: RefreshStore<16> = RefreshStore::new(CFG);
    let t = s.issue(1, &mut r, 0).unwrap();
    let mut buf = [0u8; REFRESH_TOKEN_LEN];
    let text = t.encode(&mut buf).unwrap().as_bytes().to_vec();
    // Flip one secret character (keeping it canonical base64url).
    let mut forged = text.clone();
    forged[40] = if forged[40] == b'A' { b'B' } else { b'A' };
    let forged = RefreshToken::parse(&forged).unwrap();
    assert_eq!(
        s.rotate(&forged, &mut r, 1).unwrap_err(),
        RevocationError::Reused
    );
    assert_eq!(
        s.rotate(&t, &mut r, 1).unwrap_err(),
        RevocationError::Invalid
    );
}

#[test]
fn expiry_edges() {
    let mut r = rng();
    let mut s: RefreshStore<16> = RefreshStore::new(CFG);
    let t = s.issue(1, &mut r, 0).unwrap();
    let u = s.issue(2, &mut r, 0).unwrap();
    assert!(s.rotate(&t, &mut r, 99).is_ok());
    assert_eq!(
        s.rotate(&u, &mut r, 100).unwrap_err(),
        RevocationError::Expired
    );
    assert_eq!(
        s.rotate(&u, &mut r, 100).unwrap_err(),
        RevocationError::Invalid
    );

    // The family lifetime holds however often it rotates.
    let mut t = s.issue(3, &mut r, 0).unwrap();
    let mut now = 0;
    while now + 90 < 1_000 {
        now += 90;
        t = s.rotate(&t, &mut r, now).unwrap().token;
    }
    assert_eq!(
        s.rotate(&t, &mut r, 1_000).unwrap_err(),
        RevocationError::Expired
    );
}

#[test]
fn revoke_family_user_and_sweep() {
    let mut r = rng();
    let mut s: RefreshStore<16> = RefreshStore::new(CFG);
    let a = s.issue(1, &mut r, 0).unwrap();
    let b = s.issue(1, &mut r, 0).unwrap();
    let c = s.issue(2, &mut r, 50).unwrap();
    assert!(s.revoke_family(&a));
    assert!(!s.revoke_family(&a));
    assert_eq!(
        s.rotate(&a, &mut r, 1).unwrap_err(),
        RevocationError::Invalid
    );
    assert_eq!(s.revoke_user(1), 1);
    assert_eq!(
        s.rotate(&b, &mut r, 1).unwrap_err(),
        RevocationError::Invalid
    );
    assert_eq!(s.sweep(149), 0);
    assert_eq!(s.sweep(150), 1);
    assert_eq!(
        s.rotate(&c, &mut r, 1).unwrap_err(),
        RevocationError::Invalid
    );
    assert!(s.is_empty());
}

#[test]
fn full_store_is_unchanged_then_reclaims_expired() {
    let mut r = rng();
    let mut s: RefreshStore<1> = RefreshStore::new(CFG);
    let a = s.issue(1, &mut r, 0).unwrap();
    assert_eq!(s.issue(2, &mut r, 99).unwrap_err(), RevocationError::Full);
    assert_eq!(s.len(), 1);
    let b = s.issue(2, &mut r, 100).unwrap();
    assert_eq!(
        s.rotate(&a, &mut r, 100).unwrap_err(),
        RevocationError::Invalid
    );
    assert_eq!(s.rotate(&b, &mut r, 101).unwrap().user, 2);
}

/// A generator that always fails.
struct Broken;
#[derive(Debug)]
struct Nope;
impl core::fmt::Display for Nope {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("nope")
    }
}
impl core::error::Error for Nope {}
impl rand_core::TryRng for Broken {
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
impl rand_core::TryCryptoRng for Broken {}

#[test]
fn rng_failure_changes_nothing() {
    let mut r = rng();
    let mut s: RefreshStore<16> = RefreshStore::new(CFG);
    assert_eq!(
        s.issue(1, &mut Broken, 0).unwrap_err(),
        RevocationError::Rng
    );
    assert!(s.is_empty());
    let t = s.issue(1, &mut r, 0).unwrap();
    assert_eq!(
        s.rotate(&t, &mut Broken, 1).unwrap_err(),
        RevocationError::Rng
    );
    // The presented token is still the current one.
    assert_eq!(s.rotate(&t, &mut r, 2).unwrap().token.generation(), 1);
    assert_eq!(
        edgeauth::revocation::Blocklist::<8>::from_rng(&mut Broken, 0).unwrap_err(),
        RevocationError::Rng
    );
    assert_eq!(
        edgeauth::revocation::RevokedBefore::<8>::from_rng(&mut Broken, 0).unwrap_err(),
        RevocationError::Rng
    );
}
