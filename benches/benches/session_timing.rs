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
//! * `control_early_exit_eq`: the same classes through a plain `==` on byte slices, to show the
//!   test is sensitive enough to see an early-exit comparison (on many CPUs memcmp leaks).
//!
//! Run: `cargo bench -p edgeauth-benches --bench session_timing`. Samples per bench:
//! `DUDECT_SAMPLES` if set, else 1,000,000 (~6 s for all four benches on one idle EPYC core), or
//! 100,000 (under a second) in the package's quick mode (`EDGEAUTH_BENCH_QUICK=1`,
//! [`edgeauth_benches::config::quick`]), which keeps the control's leak obvious (|t| in the
//! hundreds) but can miss a leak of a few cycles; use the full count (or more) for a verdict.
//! The summary line per bench shows the sample count and `max t`; |max t| < 4.5 means no
//! detectable leak.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::hint::black_box;
use dudect_bencher::ctbench::{BenchMetadata, BenchName, BenchOpts, run_benches_console};
use dudect_bencher::rand::{Rng, RngExt};
use dudect_bencher::{BenchRng, Class, CtRunner};
use edgeauth::session::{
    IdSigner, IdSigningKey, SessionConfig, SessionId, SessionTable, SplitToken, TAG_LEN,
    VerifierDigest,
};
use edgeauth_benches::config::quick;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use subtle::ConstantTimeEq;

/// Samples per bench by default.
const FULL_SAMPLES: usize = 1_000_000;
/// Samples per bench in quick mode: a smoke run, like the criterion benches' quick settings.
const QUICK_SAMPLES: usize = 100_000;

/// `DUDECT_SAMPLES` if set (an unparsable value is an error, not silently the default), else
/// [`QUICK_SAMPLES`] or [`FULL_SAMPLES`] by the package's quick mode.
fn samples() -> usize {
    match std::env::var("DUDECT_SAMPLES") {
        Ok(s) => s
            .parse()
            .unwrap_or_else(|e| panic!("DUDECT_SAMPLES={s:?}: {e}")),
        Err(_) if quick() => QUICK_SAMPLES,
        Err(_) => FULL_SAMPLES,
    }
}

/// Inputs are prepared in batches, *then* timed in a separate loop: preparing a `Left` input does
/// more work than a `Right` one, and doing that right before each measurement would leave a
/// class-dependent cache and branch-predictor state that the t-test picks up as a false leak.
const BATCH: usize = 8_192;

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

fn batches() -> usize {
    samples().div_ceil(BATCH)
}

fn verifier_check(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut table: Box<SessionTable<16_384>> = Box::new(SessionTable::new(SessionConfig::DEFAULT));
    let mut r = ChaCha20Rng::seed_from_u64(rng.next_u64());
    for _ in 0..batches() {
        // A fresh session per sample, so both classes see equally varied secrets.
        let inputs: Vec<(Class, SplitToken)> = (0..BATCH)
            .map(|_| {
                let real = table.create(1, 0, &mut r, 0).unwrap();
                let c = class(rng);
                let tok = SplitToken::from_parts(
                    real.selector(),
                    SessionId::from_bytes(near(real.verifier().expose_secret(), c, rng)),
                );
                (c, tok)
            })
            .collect();
        for (c, tok) in &inputs {
            runner.run_one(*c, || black_box(table.check(black_box(tok), 1)).is_err());
        }
        table.revoke_all();
        table.sweep(1);
    }
}

fn digest_compare(runner: &mut CtRunner, rng: &mut BenchRng) {
    for _ in 0..batches() {
        let inputs: Vec<(Class, VerifierDigest, VerifierDigest)> = (0..BATCH)
            .map(|_| {
                let mut stored = [0u8; 32];
                rng.fill_bytes(&mut stored);
                let c = class(rng);
                let presented = near(&stored, c, rng);
                (
                    c,
                    VerifierDigest::from_bytes(stored),
                    VerifierDigest::from_bytes(presented),
                )
            })
            .collect();
        for (c, stored, presented) in &inputs {
            runner.run_one(*c, || {
                bool::from(black_box(presented).ct_eq(black_box(stored)))
            });
        }
    }
}

fn signed_id_check(runner: &mut CtRunner, rng: &mut BenchRng) {
    use base64ct::{Base64UrlUnpadded, Encoding};
    const ID_LEN: usize = 64; // base64url of 48 random bytes
    const LEN: usize = ID_LEN + 1 + TAG_LEN;
    let signer = IdSigner::new(IdSigningKey::from_bytes([9; 32]));
    for _ in 0..batches() {
        // A fresh ID (so a fresh real tag) per sample: the classes differ only in how close the
        // presented tag is to the real one.
        let inputs: Vec<(Class, [u8; LEN])> = (0..BATCH)
            .map(|_| {
                let mut raw = [0u8; 48];
                rng.fill_bytes(&mut raw);
                let mut id = [0u8; ID_LEN];
                let id = Base64UrlUnpadded::encode(&raw, &mut id).unwrap();
                let mut text = [0u8; LEN];
                signer.sign(id, &mut text).unwrap();
                let mut tag = [0u8; 32];
                Base64UrlUnpadded::decode(&text[ID_LEN + 1..], &mut tag).unwrap();
                let c = class(rng);
                let wrong = near(&tag, c, rng);
                Base64UrlUnpadded::encode(&wrong, &mut text[ID_LEN + 1..]).unwrap();
                (c, text)
            })
            .collect();
        for (c, text) in &inputs {
            let s = core::str::from_utf8(text).unwrap();
            runner.run_one(*c, || black_box(signer.verify(black_box(s))).is_err());
        }
    }
}

/// The comparison this crate must never use: it returns at the first differing byte.
#[inline(never)]
fn early_exit_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    for i in 0..32 {
        if black_box(a[i]) != black_box(b[i]) {
            return false;
        }
    }
    true
}

fn control_early_exit_eq(runner: &mut CtRunner, rng: &mut BenchRng) {
    for _ in 0..batches() {
        let inputs: Vec<(Class, [u8; 32], [u8; 32])> = (0..BATCH)
            .map(|_| {
                let mut stored = [0u8; 32];
                rng.fill_bytes(&mut stored);
                let c = class(rng);
                (c, stored, near(&stored, c, rng))
            })
            .collect();
        for (c, stored, presented) in &inputs {
            runner.run_one(*c, || {
                early_exit_eq(black_box(presented), black_box(stored))
            });
        }
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
            name: BenchName("control_early_exit_eq"),
            seed: Some(0x5e55_0004),
            benchfn: control_early_exit_eq,
        },
    ];
    let opts = BenchOpts {
        filter,
        ..BenchOpts::default()
    };
    run_benches_console(opts, benches).unwrap();
}
