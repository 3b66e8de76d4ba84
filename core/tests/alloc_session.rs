//! Proves that every session, cookie and revocation operation performs zero heap allocations.
//!
//! A counting global allocator (`stats_alloc`, so this file needs no `unsafe`) wraps the system
//! allocator; each operation runs inside a `Region` and must leave the allocation, reallocation
//! and byte counters at zero. Runs without the libtest harness (`harness = false` in
//! `core/Cargo.toml`) so no other thread allocates while we count.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::cookie::{CookieConfig, find_cookie};
use edgeauth::revocation::{
    Blocklist, REFRESH_TOKEN_LEN, RefreshConfig, RefreshStore, RefreshToken, RevokedBefore,
};
use edgeauth::session::{SessionConfig, SessionId, SessionTable, SplitToken};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

static TABLE: std::sync::Mutex<SessionTable<1024>> =
    std::sync::Mutex::new(SessionTable::new(SessionConfig::DEFAULT));

/// Runs `f` inside a counting region and fails if it touched the heap.
fn zero<T>(name: &str, count: &mut usize, f: impl FnOnce() -> T) -> T {
    let region = Region::new(GLOBAL);
    let out = f();
    let s = region.change();
    assert_eq!(
        (s.allocations, s.reallocations, s.bytes_allocated),
        (0, 0, 0),
        "{name} allocated"
    );
    *count += 1;
    out
}

fn main() {
    // The counter must see a real allocation, or every "zero" below would be vacuous.
    let probe = Region::new(GLOBAL);
    let v = core::hint::black_box(vec![1u8; 64]);
    assert!(
        probe.change().allocations >= 1,
        "the counting allocator is not installed"
    );
    drop(v);

    let mut n = 0;
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let now = 1_000;

    // IDs and split tokens.
    let id: SessionId = zero("SessionId::generate", &mut n, || {
        SessionId::generate(&mut rng).unwrap()
    });
    let mut buf = [0u8; 256];
    let text_len = zero("SessionId::encode", &mut n, || {
        id.encode(&mut buf).unwrap().len()
    });
    zero("SessionId::parse", &mut n, || {
        SessionId::<32>::parse(&buf[..text_len]).unwrap()
    });
    zero("SessionId::digest", &mut n, || id.digest());

    // Session table (a `static`, as on a device).
    let mut table = TABLE.lock().unwrap();
    let tok: SplitToken = zero("SessionTable::create", &mut n, || {
        table.create(7, 0, &mut rng, now).unwrap()
    });
    let cookie_len = zero("SplitToken::encode", &mut n, || {
        tok.encode(&mut buf).unwrap().len()
    });
    let presented = zero("SplitToken::parse", &mut n, || {
        SplitToken::<32>::parse(&buf[..cookie_len]).unwrap()
    });
    zero("SessionTable::check", &mut n, || {
        table.check(&presented, now).unwrap()
    });
    zero("SessionTable::touch", &mut n, || {
        table.touch(&presented, now + 1).unwrap()
    });
    let rotated = zero("SessionTable::rotate", &mut n, || {
        table.rotate(&presented, 1, &mut rng, now + 2).unwrap()
    });
    zero("SessionTable::revoke", &mut n, || {
        table.revoke(&rotated).unwrap()
    });
    for u in 0..50 {
        table.create(u % 3, 0, &mut rng, now).unwrap();
    }
    zero("SessionTable::revoke_user", &mut n, || table.revoke_user(1));
    zero("SessionTable::revoke_all", &mut n, || table.revoke_all());
    zero("SessionTable::sweep", &mut n, || table.sweep(now));
    drop(table);

    // Signed IDs.
    #[cfg(feature = "hmac")]
    {
        use edgeauth::session::{IdSigner, IdSigningKey};
        let mut signer = IdSigner::new(IdSigningKey::from_bytes([3; 32]));
        signer.rotate(IdSigningKey::from_bytes([4; 32]));
        let mut signed = [0u8; 256];
        let len = zero("IdSigner::sign", &mut n, || {
            signer
                .sign(
                    core::str::from_utf8(&buf[..cookie_len]).unwrap(),
                    &mut signed,
                )
                .unwrap()
                .len()
        });
        let s = core::str::from_utf8(&signed[..len]).unwrap();
        zero("IdSigner::verify", &mut n, || signer.verify(s).unwrap());
    }

    // Cookies.
    let cfg = CookieConfig::new("sid").max_age(3_600);
    let mut out = [0u8; 256];
    zero("CookieConfig::write", &mut n, || {
        cfg.write("abc.def", &mut out).unwrap().len()
    });
    zero("CookieConfig::write_deletion", &mut n, || {
        cfg.write_deletion(&mut out).unwrap().len()
    });
    let header = b"a=1; __Host-sid=\"abc.def\"; b=2";
    zero("CookieConfig::find", &mut n, || cfg.find(header).unwrap());
    zero("find_cookie", &mut n, || find_cookie(header, "a").unwrap());

    // Revocation.
    let mut list: Blocklist<256> = Blocklist::new([1; 32], 30);
    zero("Blocklist::revoke", &mut n, || {
        list.revoke("jti-1", 2_000, now).unwrap()
    });
    zero("Blocklist::is_jti_revoked", &mut n, || {
        list.is_jti_revoked("jti-1")
    });
    zero("Blocklist::sweep", &mut n, || list.sweep(now));
    let mut rb: RevokedBefore<256> = RevokedBefore::new([2; 32], 3_600);
    zero("RevokedBefore::revoke_subject", &mut n, || {
        rb.revoke_subject(Some("iss"), "alice", now, now).unwrap()
    });
    zero("RevokedBefore::is_subject_revoked", &mut n, || {
        rb.is_subject_revoked(Some("iss"), "alice", Some(now - 1))
    });
    let mut store: RefreshStore<256> = RefreshStore::new(RefreshConfig {
        token_ttl: 100,
        family_lifetime: 1_000,
    });
    let t0 = zero("RefreshStore::issue", &mut n, || {
        store.issue(1, &mut rng, now).unwrap()
    });
    let mut rbuf = [0u8; REFRESH_TOKEN_LEN];
    let rlen = zero("RefreshToken::encode", &mut n, || {
        t0.encode(&mut rbuf).unwrap().len()
    });
    let t0p = zero("RefreshToken::parse", &mut n, || {
        RefreshToken::parse(&rbuf[..rlen]).unwrap()
    });
    let t1 = zero("RefreshStore::rotate", &mut n, || {
        store.rotate(&t0p, &mut rng, now + 1).unwrap().token
    });
    zero("RefreshStore::rotate (reuse)", &mut n, || {
        store.rotate(&t0, &mut rng, now + 2).unwrap_err()
    });
    zero("RefreshStore::revoke_family", &mut n, || {
        store.revoke_family(&t1)
    });
    zero("RefreshStore::sweep", &mut n, || store.sweep(now));

    println!("alloc_session: {n} operations, 0 heap allocations");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
