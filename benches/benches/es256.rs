//! ES256 verification with per-key precomputed tables (`edgeauth::alg::es256_fast`) against the
//! plain `p256` key and aws-lc-rs, in one criterion group so every number comes from the same run.
//!
//! Members of group `es256_fast`:
//! - `aws_lc_rs_raw`: aws-lc-rs `ECDSA_P256_SHA256_FIXED` with a pre-parsed key (the anchor);
//! - `p256_raw`: edgeauth's plain key (`p256`'s verifier), signature only;
//! - `table_w{4,6,8}_raw`: the precomputed key, signature only (SHA-256 included, like the others);
//! - `jwt_w{4,8}` / `jwt_p256`: the full JWT path (`Verifier::verify`: split, base64url, header,
//!   key selection, signature, claims) with the precomputed / plain key.
//!
//! Group `es256_fast_build` times building one key's table per window width.

use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED, ParsedPublicKey};
use base64ct::{Base64UrlUnpadded, Encoding as _};
use core::hint::black_box;
use criterion::{Criterion, criterion_group, criterion_main};
use edgeauth::alg::es256_fast::{Es256Table, W4, W6, W8, Window};
use edgeauth::{
    Es256PublicKey, KeySet, SigningKey, Validation, Verifier, VerifyingKey, encode_raw,
};
use p256::elliptic_curve::sec1::ToSec1Point as _;

/// A broken setup must stop the run loudly rather than time an error path.
fn fail(what: &str, e: impl core::fmt::Debug) -> ! {
    eprintln!("es256 bench setup: {what}: {e:?}");
    std::process::exit(2)
}

struct Fixture {
    token: String,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    public: Es256PublicKey,
    sec1: Vec<u8>,
}

/// A typical access token: `kid`, issuer, subject, expiry.
const HEADER: &[u8] = br#"{"alg":"ES256","typ":"JWT","kid":"k1"}"#;
const PAYLOAD: &[u8] =
    br#"{"iss":"https://issuer.example","sub":"user-1234","exp":2000000000,"iat":1700000000}"#;

fn fixture() -> Result<Fixture, Box<dyn core::error::Error>> {
    let key = SigningKey::es256_from_bytes(&[0x5a; 32])?;
    let VerifyingKey::Es256(public) = key.verifying_key() else {
        return Err("not an ES256 key".into());
    };
    let mut out = [0u8; 1024];
    let token = encode_raw(&key, HEADER, PAYLOAD, &mut out)?.to_owned();
    let dot = token.rfind('.').ok_or("no dot")?;
    let signing_input = token.as_bytes()[..dot].to_vec();
    let mut sig = [0u8; 64];
    let signature = Base64UrlUnpadded::decode(&token[dot + 1..], &mut sig)
        .map_err(|e| format!("{e:?}"))?
        .to_vec();
    let sec1 = public
        .as_p256()
        .as_affine()
        .to_sec1_point(false)
        .as_bytes()
        .to_vec();
    Ok(Fixture {
        token,
        signing_input,
        signature,
        public,
        sec1,
    })
}

fn jwt_case<'k>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    key: VerifyingKey<'k>,
    token: &str,
) {
    let mut keys: KeySet<'k, 1> = KeySet::new();
    if let Err(e) = keys.insert(Some("k1"), key) {
        fail(name, e.kind);
    }
    let verifier = Verifier::new(&keys);
    let validation = Validation::new(1_800_000_000);
    let mut scratch = [0u8; 1024];
    if let Err(e) = verifier.verify(token, &validation, &mut scratch) {
        fail(name, e);
    }
    group.bench_function(name, |b| {
        b.iter(|| {
            verifier
                .verify(black_box(token), &validation, &mut scratch)
                .map(|v| v.claims().sub().is_some())
        })
    });
}

fn raw_table<W: Window>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    f: &Fixture,
) {
    let table = match Es256Table::<W>::new(&f.public) {
        Ok(t) => Box::new(t),
        Err(e) => fail("table", e),
    };
    if let Err(e) = table.verify(&f.signing_input, &f.signature) {
        fail("table verify", e);
    }
    group.bench_function(format!("table_w{}_raw", W::BITS), |b| {
        b.iter(|| table.verify(black_box(&f.signing_input), black_box(&f.signature)))
    });
}

fn es256(c: &mut Criterion) {
    let f = match fixture() {
        Ok(f) => f,
        Err(e) => fail("fixture", e),
    };
    let aws = match ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &f.sec1) {
        Ok(k) => k,
        Err(e) => fail("aws-lc-rs key", e),
    };
    if let Err(e) = aws.verify_sig(&f.signing_input, &f.signature) {
        fail("aws-lc-rs verify", e);
    }

    let mut group = c.benchmark_group("es256_fast");
    group.bench_function("aws_lc_rs_raw", |b| {
        b.iter(|| aws.verify_sig(black_box(&f.signing_input), black_box(&f.signature)))
    });
    let plain = VerifyingKey::Es256(f.public);
    group.bench_function("p256_raw", |b| {
        b.iter(|| plain.verify_signature(black_box(&f.signing_input), black_box(&f.signature)))
    });
    raw_table::<W4>(&mut group, &f);
    raw_table::<W6>(&mut group, &f);
    raw_table::<W8>(&mut group, &f);

    let (w4, w8) = match (
        Es256Table::<W4>::new(&f.public),
        Es256Table::<W8>::new(&f.public),
    ) {
        (Ok(a), Ok(b)) => (Box::new(a), Box::new(b)),
        (Err(e), _) | (_, Err(e)) => fail("tables", e),
    };
    jwt_case(
        &mut group,
        "jwt_w8",
        VerifyingKey::es256_precomputed(&*w8),
        &f.token,
    );
    jwt_case(
        &mut group,
        "jwt_w4",
        VerifyingKey::es256_precomputed(&*w4),
        &f.token,
    );
    jwt_case(
        &mut group,
        "jwt_p256",
        VerifyingKey::Es256(f.public),
        &f.token,
    );
    group.finish();

    let mut build = c.benchmark_group("es256_fast_build");
    build.sample_size(20);
    let mut slot4: Box<Es256Table<W4>> = Box::new(Es256Table::EMPTY);
    build.bench_function("table_w4", |b| b.iter(|| slot4.fill(black_box(&f.public))));
    let mut slot6: Box<Es256Table<W6>> = Box::new(Es256Table::EMPTY);
    build.bench_function("table_w6", |b| b.iter(|| slot6.fill(black_box(&f.public))));
    let mut slot8: Box<Es256Table<W8>> = Box::new(Es256Table::EMPTY);
    build.bench_function("table_w8", |b| b.iter(|| slot8.fill(black_box(&f.public))));
    build.finish();
}

criterion_group! {
    name = benches;
    // The shared configuration: quick mode, and plots without system fonts.
    config = edgeauth_benches::config::criterion();
    targets = es256
}
criterion_main!(benches);
