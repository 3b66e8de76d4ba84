//! The `calibrate` measurement: time the `edgeauth` core's real operations on this machine.
//!
//! For each algorithm the core supports we encode a realistic access token (issuer, subject,
//! audience, expiry, issue time, a 22-character `jti`, scope and roles) and verify it with a
//! `Verifier` configured like a gateway (issuer and audience pinned). For sessions we time what a
//! gateway does around the store lookup — find the cookie in a `Cookie` header, check the ID's
//! HMAC tag, parse the split token and compare the verifier digest — and what a login does —
//! generate a split token, tag it and write `Set-Cookie`. Each figure is the *minimum* over many
//! short timed batches: the simulator needs the intrinsic CPU cost of an operation, and on a busy
//! machine every other statistic mostly measures the neighbours (a batch only gets slower when
//! it is preempted, never faster).

use core::hint::black_box;
use std::collections::BTreeMap;
use std::time::Instant;

use edgeauth::cookie::{CookieConfig, find_cookie};
use edgeauth::session::{IdSigner, IdSigningKey, SplitToken};
use edgeauth::{Algorithm, KeySet, SigningKey, Validation, Verifier, VerifyingKey, encode};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use super::rs256_fixture as rs;
use super::{AlgorithmCost, Calibration, SessionCost};

/// How long to measure.
#[derive(Debug, Clone, Copy)]
pub struct MeasureOptions {
    /// Target duration of one batch, milliseconds (short, to fit between preemptions).
    pub batch_ms: u64,
    /// Batches per operation (the fastest is kept).
    pub batches: u32,
}

impl Default for MeasureOptions {
    fn default() -> Self {
        Self {
            batch_ms: 2,
            batches: 300,
        }
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
    iat: u64,
    jti: &'a str,
    scope: &'a str,
    roles: [&'a str; 2],
}

const NOW: u64 = 1_800_000_000;
const ISS: &str = "https://idp.example.com";
const AUD: &str = "api.example.com";

/// Fastest per-operation time of `op` in µs over batches of about `batch_ms` each.
fn time_us(opts: MeasureOptions, mut op: impl FnMut()) -> f64 {
    // Size one batch from a short trial run.
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            op();
        }
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if ms >= 2.0 || n >= 1 << 30 {
            let per = ms / n as f64;
            n = ((opts.batch_ms as f64 / per.max(1e-9)) as u64).max(1);
            break;
        }
        n *= 4;
    }
    let mut samples: Vec<f64> = (0..opts.batches.max(1))
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                op();
            }
            t.elapsed().as_secs_f64() * 1e6 / n as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    // Nanosecond resolution is all the timer (and the model) can honour.
    (samples[0] * 1e3).round() / 1e3
}

fn measure_alg(
    name: &str,
    key: &SigningKey,
    opts: MeasureOptions,
) -> Result<AlgorithmCost, String> {
    measure_alg_with(name, key, key.verifying_key(), opts)
}

/// ES256 verified through the core's per-key precomputed table (`es256-fast`, 8-bit windows),
/// the way a server that verifies many tokens against a few issuer keys would configure it.
fn measure_es256_precomputed(opts: MeasureOptions) -> Result<AlgorithmCost, String> {
    use edgeauth::alg::es256_fast::{Es256Table, W8};
    let key = SigningKey::es256_from_bytes(&[0x11; 32])
        .map_err(|e| format!("ES256: key setup failed: {e}"))?;
    let VerifyingKey::Es256(public) = key.verifying_key() else {
        return Err("ES256: unexpected verifying key type".into());
    };
    let table: Box<Es256Table<W8>> =
        Box::new(Es256Table::new(&public).map_err(|e| format!("ES256: table setup failed: {e}"))?);
    measure_alg_with(
        "ES256_precomputed",
        &key,
        VerifyingKey::es256_precomputed(&*table),
        opts,
    )
}

fn measure_alg_with(
    name: &str,
    key: &SigningKey,
    verifying: VerifyingKey<'_>,
    opts: MeasureOptions,
) -> Result<AlgorithmCost, String> {
    let claims = Claims {
        iss: ISS,
        sub: "user-4f1c9a2e",
        aud: AUD,
        exp: NOW + 900,
        iat: NOW,
        jti: "Zq3x8NwVb1yK5mT0rL2sHg",
        scope: "read:orders write:orders",
        roles: ["customer", "beta"],
    };
    let mut buf = [0u8; 2048];
    let token = encode(key, Some("2026-11"), &claims, &mut buf)
        .map_err(|e| format!("{name}: encode failed: {e}"))?
        .to_owned();
    let mut keys: KeySet<'_, 2> = KeySet::new();
    keys.insert(Some("2026-11"), verifying)
        .map_err(|e| format!("{name}: key insert failed: {:?}", e.kind))?;
    let verifier = Verifier::new(&keys);
    let validation = Validation::new(NOW + 10).issuers(&[ISS]).audiences(&[AUD]);
    let mut scratch = [0u8; 2048];
    verifier
        .verify(&token, &validation, &mut scratch)
        .map_err(|e| format!("{name}: the freshly encoded token did not verify: {e}"))?;
    let sign_us = time_us(opts, || {
        let mut out = [0u8; 2048];
        let r = encode(key, Some("2026-11"), black_box(&claims), &mut out).map(str::len);
        black_box(r.ok());
    });
    let verify_us = time_us(opts, || {
        let r = verifier
            .verify(black_box(&token), &validation, &mut scratch)
            .is_ok();
        black_box(r);
    });
    Ok(AlgorithmCost {
        verify_us,
        sign_us,
        token_bytes: u32::try_from(token.len()).unwrap_or(u32::MAX),
    })
}

/// RS256 verification of the fixture token. `sign_us` is 0: the core does not sign RSA, because
/// RSA-signed tokens are minted by an identity provider, off the simulated cluster.
fn measure_rs256(opts: MeasureOptions) -> Result<AlgorithmCost, String> {
    let n: Vec<u8> = (0..rs::MODULUS_HEX.len() / 2)
        .map(|i| u8::from_str_radix(&rs::MODULUS_HEX[2 * i..2 * i + 2], 16))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("RS256: bad fixture modulus: {e}"))?;
    let key = VerifyingKey::rsa(Algorithm::Rs256, &n, &[1, 0, 1])
        .map_err(|e| format!("RS256: key setup failed: {e}"))?;
    let mut keys: KeySet<'_, 2> = KeySet::new();
    keys.insert(Some(rs::KID), key)
        .map_err(|e| format!("RS256: key insert failed: {:?}", e.kind))?;
    let verifier = Verifier::new(&keys);
    let validation = Validation::new(rs::NOW)
        .issuers(&[rs::ISSUER])
        .audiences(&[rs::AUDIENCE]);
    let mut scratch = [0u8; 2048];
    verifier
        .verify(rs::TOKEN, &validation, &mut scratch)
        .map_err(|e| format!("RS256: the fixture token did not verify: {e}"))?;
    let verify_us = time_us(opts, || {
        let r = verifier
            .verify(black_box(rs::TOKEN), &validation, &mut scratch)
            .is_ok();
        black_box(r);
    });
    Ok(AlgorithmCost {
        verify_us,
        sign_us: 0.0,
        token_bytes: u32::try_from(rs::TOKEN.len()).unwrap_or(u32::MAX),
    })
}

fn measure_session(opts: MeasureOptions) -> Result<SessionCost, String> {
    let mut rng = StdRng::seed_from_u64(7);
    let signer = IdSigner::new(IdSigningKey::from_bytes([0x5a; 32]));
    let cookie = CookieConfig::new("sid");
    let make = |rng: &mut StdRng| -> Result<(String, String), String> {
        let tok: SplitToken = SplitToken::generate(rng).map_err(|e| format!("session: {e:?}"))?;
        let mut id_buf = [0u8; 128];
        let id = tok
            .encode(&mut id_buf)
            .map_err(|e| format!("session: {e:?}"))?;
        let mut signed_buf = [0u8; 256];
        let signed = signer
            .sign(id, &mut signed_buf)
            .map_err(|e| format!("session: {e:?}"))?;
        let mut set_buf = [0u8; 512];
        let set = cookie
            .write(signed, &mut set_buf)
            .map_err(|e| format!("session: {e:?}"))?;
        Ok((signed.to_owned(), set.to_owned()))
    };
    let (value, _set_cookie) = make(&mut rng)?;
    let stored = SplitToken::<32>::parse(
        signer
            .verify(&value)
            .map_err(|e| format!("session: {e:?}"))?
            .as_bytes(),
    )
    .map_err(|e| format!("session: {e:?}"))?
    .digest();
    let header = format!("theme=dark; __Host-sid={value}; _ga=GA1.2.123456789.1700000000");
    let check = |h: &[u8]| -> bool {
        let Ok(Some(v)) = find_cookie(h, "__Host-sid") else {
            return false;
        };
        let Ok(id) = signer.verify(v) else {
            return false;
        };
        let Ok(tok) = SplitToken::<32>::parse(id.as_bytes()) else {
            return false;
        };
        bool::from(tok.matches(&stored))
    };
    if !check(header.as_bytes()) {
        return Err("session: the freshly created cookie did not check".into());
    }
    let check_us = time_us(opts, || {
        black_box(check(black_box(header.as_bytes())));
    });
    let create_us = time_us(opts, || {
        black_box(make(&mut rng).is_ok());
    });
    Ok(SessionCost {
        check_us,
        create_us,
        cookie_bytes: u32::try_from("__Host-sid=".len() + value.len()).unwrap_or(u32::MAX),
    })
}

/// Measures every algorithm and the session path; `machine` describes where (CPU model, cores).
///
/// # Errors
/// A core operation failed on valid input (a bug in the core or in this measurement).
pub fn measure(machine: &str, opts: MeasureOptions) -> Result<Calibration, String> {
    let keys: [(&str, Result<SigningKey, edgeauth::Error>); 6] = [
        ("HS256", SigningKey::hs256(&[0x42; 32])),
        ("HS384", SigningKey::hs384(&[0x42; 48])),
        ("HS512", SigningKey::hs512(&[0x42; 64])),
        ("EdDSA", Ok(SigningKey::ed25519_from_seed(&[0x17; 32]))),
        ("ES256", SigningKey::es256_from_bytes(&[0x11; 32])),
        ("ES384", SigningKey::es384_from_bytes(&[0x11; 48])),
    ];
    let mut algorithms = BTreeMap::new();
    for (name, key) in keys {
        let key = key.map_err(|e| format!("{name}: key setup failed: {e}"))?;
        algorithms.insert(name.to_owned(), measure_alg(name, &key, opts)?);
    }
    algorithms.insert("RS256".to_owned(), measure_rs256(opts)?);
    algorithms.insert(
        "ES256_precomputed".to_owned(),
        measure_es256_precomputed(opts)?,
    );
    Ok(Calibration {
        machine: machine.to_owned(),
        generated_by: "edgeauth-sim calibrate".to_owned(),
        edgeauth_version: env!("CARGO_PKG_VERSION").to_owned(),
        algorithms,
        session: measure_session(opts)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_default_parses_and_quick_measurement_is_sane() {
        let d = Calibration::committed_default();
        assert!(d.is_ok(), "{:?}", d.err().map(|e| e.to_string()));
        let c = measure(
            "test",
            MeasureOptions {
                batch_ms: 2,
                batches: 1,
            },
        );
        assert!(c.is_ok(), "{:?}", c.as_ref().err());
        let Ok(c) = c else { return };
        assert_eq!(
            c.algorithm_names(),
            vec![
                "ES256",
                "ES256_precomputed",
                "ES384",
                "EdDSA",
                "HS256",
                "HS384",
                "HS512",
                "RS256"
            ]
        );
        // Token sizes are exact properties of the encoder, not timings: every `alg` name has five
        // characters, so tokens differ only by the signature: 32/48/64 bytes for HS256/384/512
        // and 64 for Ed25519 and ES256 (r‖s), i.e. 43/64/86/86/86 base64url characters.
        let len = |a: &str| c.algorithms[a].token_bytes;
        assert_eq!(len("HS384"), len("HS256") + 21);
        assert_eq!(len("HS512"), len("HS256") + 43);
        assert_eq!(len("EdDSA"), len("HS256") + 43);
        assert_eq!(len("ES256"), len("HS256") + 43);
        assert_eq!(len("ES256_precomputed"), len("ES256"));
        // ES384: r‖s of 2 × 48 bytes, 128 base64url characters.
        assert_eq!(len("ES384"), len("HS256") + 128 - 43);
        // The RS256 fixture: 2048-bit signature in a 669-character token; never signed here.
        assert_eq!(len("RS256"), 669);
        assert_eq!(c.algorithms["RS256"].sign_us, 0.0);
        assert!(c.algorithms.values().all(|a| a.verify_us > 0.0));
        assert!(c.session.cookie_bytes > 40);
    }
}
