//! dudect-style constant-time checks (Welch's t-test on two input classes, `dudect-bencher`).
//!
//! Each bench times one operation on two classes of inputs that differ only in *where* the secret
//! comparison would first fail: `Left` matches the secret in the first byte only, `Right` matches
//! in every byte but the last. A comparison that returns at the first difference makes `Right`
//! slower and |t| grows with the sample count; a constant-time one keeps |t| below 4.5.
//!
//! * `verifier_check`: `SessionTable::check` with a presented verifier close to the real one.
//! * `digest_compare`: the constant-time digest comparison itself, on digests that match in the
//!   first byte vs all but the last (the presented verifier's digest is not attacker-steerable,
//!   so this is the case a naive `==` would leak on).
//! * `signed_id_check`: `IdSigner::verify` with a tag close to the real HMAC tag.
//! * `control_naive_slice_eq`: the same classes through a plain `==` on byte slices, to show the
//!   test is sensitive enough to see an early-exit comparison (on many CPUs memcmp leaks).
//!
//! Run: `cargo bench -p edgeauth-benches --bench session_timing` (samples per bench:
//! `DUDECT_SAMPLES`, default 1,000,000). The summary line per bench shows the sample count and
//! `max t`; |max t| < 4.5 means no detectable leak.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::hint::black_box;
use dudect_bencher::ctbench::{BenchMetadata, BenchName, BenchOpts, run_benches_console};
use dudect_bencher::rand::{Rng, RngExt};
use dudect_bencher::{BenchRng, Class, CtRunner};
use edgeauth::session::{
    IdSigner, IdSigningKey, SessionConfig, SessionId, SessionTable, SplitToken, VerifierDigest,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use subtle::ConstantTimeEq;

fn samples() -> usize {
    std::env::var("DUDECT_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// `secret` changed so that it matches only in byte 0 (`Left`) or everywhere but the last byte
/// (`Right`).
fn near(secret: &[u8; 32], class: Class, rng: &mut BenchRng) -> [u8; 32] {
    let mut out = *secret;
    match class {
        Class::Left => {
            for b in &mut out[1..] {
                *b ^= 1 + (rng.random::<u8>() % 255);
            }
        }
        Class::Right => out[31] ^= 1 + (rng.random::<u8>() % 255),
    }
    out
}

fn class(rng: &mut BenchRng) -> Class {
    if rng.random::<bool>() {
        Class::Left
    } else {
        Class::Right
    }
}

fn verifier_check(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut table: Box<SessionTable<64>> = Box::new(SessionTable::new(SessionConfig::DEFAULT));
    let mut r = ChaCha20Rng::seed_from_u64(rng.next_u64());
    let real = table.create(1, 0, &mut r, 0).unwrap();
    let secret = *real.verifier().expose_secret();
    for _ in 0..samples() {
        let c = class(rng);
        let tok = SplitToken::from_parts(
            real.selector(),
            SessionId::from_bytes(near(&secret, c, rng)),
        );
        runner.run_one(c, || black_box(table.check(black_box(&tok), 1)).is_err());
    }
}

fn digest_compare(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut stored = [0u8; 32];
    rng.fill_bytes(&mut stored);
    let stored_d = VerifierDigest::from_bytes(stored);
    for _ in 0..samples() {
        let c = class(rng);
        let presented = VerifierDigest::from_bytes(near(&stored, c, rng));
        runner.run_one(c, || {
            bool::from(black_box(&presented).ct_eq(black_box(&stored_d)))
        });
    }
}

fn signed_id_check(runner: &mut CtRunner, rng: &mut BenchRng) {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let signer = IdSigner::new(IdSigningKey::from_bytes([9; 32]));
    let id = "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    let mut signed = [0u8; 128];
    let len = signer.sign(id, &mut signed).unwrap().len();
    let mut tag = [0u8; 32];
    Base64UrlUnpadded::decode(&signed[id.len() + 1..len], &mut tag).unwrap();
    let mut text = [0u8; 128];
    text[..=id.len()].copy_from_slice(&signed[..=id.len()]);
    for _ in 0..samples() {
        let c = class(rng);
        let wrong = near(&tag, c, rng);
        Base64UrlUnpadded::encode(&wrong, &mut text[id.len() + 1..len]).unwrap();
        let s = core::str::from_utf8(&text[..len]).unwrap();
        runner.run_one(c, || black_box(signer.verify(black_box(s))).is_err());
    }
}

fn control_naive_slice_eq(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut stored = [0u8; 32];
    rng.fill_bytes(&mut stored);
    for _ in 0..samples() {
        let c = class(rng);
        let presented = near(&stored, c, rng);
        runner.run_one(c, || black_box(&presented[..]) == black_box(&stored[..]));
    }
}

fn main() {
    // `cargo bench` passes `--bench`; an optional plain argument filters benches by name.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let benches = vec![
        BenchMetadata {
            name: BenchName("verifier_check"),
            seed: Some(0x5e55_0001),
            benchfn: verifier_check,
        },
        BenchMetadata {
            name: BenchName("digest_compare"),
            seed: Some(0x5e55_0002),
            benchfn: digest_compare,
        },
        BenchMetadata {
            name: BenchName("signed_id_check"),
            seed: Some(0x5e55_0003),
            benchfn: signed_id_check,
        },
        BenchMetadata {
            name: BenchName("control_naive_slice_eq"),
            seed: Some(0x5e55_0004),
            benchfn: control_naive_slice_eq,
        },
    ];
    let opts = BenchOpts {
        filter,
        ..BenchOpts::default()
    };
    run_benches_console(opts, benches).unwrap();
}
