//! Criterion benchmarks for the session half of the core.
//!
//! * `session_check/100k`: the full gateway path for a session cookie on a table of 100,000 live
//!   sessions — signed-ID tag check, selector lookup, SHA-256 of the verifier and constant-time
//!   digest compare — next to one HS256 JWT verify in the same group, so the ratio comes from one
//!   run on one machine.
//! * `session_check/forged_tag`: a forged cookie refused by the tag alone (no table access).
//! * `cookie_parse`: finding `__Host-sid` in a realistic `Cookie` header.
//! * `session_table`: create + revoke on the 100,000-session table (size stays constant).
//! * `blocklist`: `jti` check, hit and miss, on a blocklist of 100,000 entries.
//!
//! The big tables live in `static`s (their `new` is `const`), not on the stack.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::hint::black_box;
use criterion::{Criterion, criterion_group, criterion_main};
use edgeauth::cookie::CookieConfig;
use edgeauth::revocation::Blocklist;
use edgeauth::session::{IdSigner, IdSigningKey, SessionConfig, SessionTable, SplitToken, TAG_LEN};
use edgeauth::{KeySet, SigningKey, Validation, Verifier, encode};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::sync::Mutex;

const SESSIONS: usize = 100_000;
/// 2^17 slots: 100,000 sessions is a load of 0.76 (the cap is 7/8 = 114,688).
const SLOTS: usize = 131_072;
const NOW: u64 = 1_700_000_000;

static TABLE: Mutex<SessionTable<SLOTS>> = Mutex::new(SessionTable::new(SessionConfig {
    idle_timeout: 3_600,
    absolute_timeout: 86_400,
}));
static BLOCKLIST: Mutex<Blocklist<SLOTS>> = Mutex::new(Blocklist::new([0x42; 32], 60));

const COOKIE_LEN: usize = SplitToken::<32>::ENCODED_LEN + 1 + TAG_LEN;

/// A typical small JWT payload for the HS256 comparison.
#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    iat: u64,
    exp: u64,
}

/// Fills the table and returns the signed cookie values, in random order.
fn signed_cookies(signer: &IdSigner) -> Vec<[u8; COOKIE_LEN]> {
    let mut rng = ChaCha20Rng::seed_from_u64(2026);
    let mut table = TABLE.lock().unwrap();
    let mut out = Vec::with_capacity(SESSIONS);
    for user in 0..SESSIONS as u64 {
        let tok = table.create(user, 0, &mut rng, NOW).unwrap();
        let mut plain = [0u8; SplitToken::<32>::ENCODED_LEN];
        let id = tok.encode(&mut plain).unwrap();
        let mut signed = [0u8; COOKIE_LEN];
        signer.sign(id, &mut signed).unwrap();
        out.push(signed);
    }
    // Visit sessions in a scattered order so the lookups are not cache-friendly by accident.
    let n = out.len();
    for i in 0..n {
        let j = (i.wrapping_mul(2_654_435_761) + 12_345) % n;
        out.swap(i, j);
    }
    out
}

/// The gateway's whole session-cookie check, as an application would write it.
fn check_cookie(signer: &IdSigner, table: &SessionTable<SLOTS>, cookie: &str) -> Option<u64> {
    let id = signer.verify(cookie).ok()?;
    let token = SplitToken::<32>::parse(id.as_bytes()).ok()?;
    table.check(&token, NOW + 1).ok().map(|info| info.user)
}

fn session_check(c: &mut Criterion) {
    let signer = IdSigner::new(IdSigningKey::from_bytes([7; 32]));
    let cookies = signed_cookies(&signer);
    let table = TABLE.lock().unwrap();
    assert_eq!(table.len(), SESSIONS);

    // One HS256 JWT for the comparison.
    let hs = SigningKey::hs256(b"0123456789abcdef0123456789abcdef").unwrap();
    let claims = Claims {
        sub: "user-12345",
        iat: NOW,
        exp: NOW + 3_600,
    };
    let mut jwt_buf = [0u8; 512];
    let jwt = encode(&hs, None, &claims, &mut jwt_buf).unwrap().to_owned();
    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(None, hs.verifying_key())
        .map_err(|e| e.kind)
        .unwrap();
    let verifier = Verifier::new(&keys);
    let validation = Validation::new(NOW + 1);

    let mut g = c.benchmark_group("session_check");
    let mut i = 0usize;
    g.bench_function("signed_cookie_100k_sessions", |b| {
        b.iter(|| {
            i = (i + 1) % cookies.len();
            let cookie = core::str::from_utf8(&cookies[i]).unwrap();
            black_box(check_cookie(&signer, &table, black_box(cookie)).unwrap())
        })
    });
    let mut forged = cookies[0];
    forged[COOKIE_LEN - 5] ^= 0x01;
    let forged = String::from_utf8(forged.to_vec()).unwrap();
    g.bench_function("forged_tag_refused", |b| {
        b.iter(|| black_box(check_cookie(&signer, &table, black_box(&forged))))
    });
    g.bench_function("hs256_jwt_verify", |b| {
        let mut scratch = [0u8; 512];
        b.iter(|| {
            let v = verifier
                .verify(black_box(&jwt), &validation, &mut scratch)
                .unwrap();
            black_box(v.claims().exp())
        })
    });
    g.finish();
}

fn cookie_parse(c: &mut Criterion) {
    let header = b"_ga=GA1.2.1234567890.1700000000; theme=dark; \
        __Host-sid=AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB; lang=en-GB";
    let cfg = CookieConfig::new("sid");
    c.bench_function("cookie_parse/find_host_sid", |b| {
        b.iter(|| black_box(cfg.find(black_box(header)).unwrap()))
    });
    let mut out = [0u8; 256];
    let value = "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    let cfg = cfg.max_age(3_600);
    c.bench_function("cookie_parse/write_set_cookie", |b| {
        b.iter(|| black_box(cfg.write(black_box(value), &mut out).unwrap().len()))
    });
}

fn table_ops(c: &mut Criterion) {
    let mut table = TABLE.lock().unwrap();
    if table.len() < SESSIONS {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        while table.len() < SESSIONS {
            table.create(0, 0, &mut rng, NOW).unwrap();
        }
    }
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    c.bench_function("session_table/create_then_revoke_at_100k", |b| {
        b.iter(|| {
            let tok = table.create(1, 0, &mut rng, NOW).unwrap();
            table.revoke(&tok).unwrap();
        })
    });
}

fn blocklist(c: &mut Criterion) {
    let mut list = BLOCKLIST.lock().unwrap();
    let mut jti = String::new();
    for k in 0..SESSIONS {
        jti.clear();
        jti.push_str(&format!("jti-{k:08}"));
        list.revoke(&jti, NOW + 3_600, NOW).unwrap();
    }
    assert_eq!(list.len(), SESSIONS);
    let mut g = c.benchmark_group("blocklist_100k");
    g.bench_function("check_hit", |b| {
        b.iter(|| black_box(list.is_jti_revoked(black_box("jti-00054321"))))
    });
    g.bench_function("check_miss", |b| {
        b.iter(|| black_box(list.is_jti_revoked(black_box("jti-99954321"))))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // The shared configuration: quick mode, and plots without system fonts.
    config = edgeauth_benches::config::criterion();
    targets = session_check, cookie_parse, table_ops, blocklist
}
criterion_main!(benches);
