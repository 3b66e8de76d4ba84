//! Measures one full `Verifier::verify` (strict header, alg pinning, signature, strict JSON,
//! claims) of a valid token per enabled algorithm: stack high-water mark and emulated
//! instructions. The binary's size is the "JWT" flash figure of `measure.sh`.
//!
//! Output (one line each, parsed by `measure.sh`):
//! `calibration instructions=<n> ticks=<n>`, `overhead ticks=<n>`, `size …` (bytes of the key
//! set and of one key), then per algorithm
//! `measure kind=jwt alg=<ALG> stack=<bytes> ticks=<n>`, and the same with `kind=jwt-nested` for
//! a token whose header and payload nest to the JSON depth limit (the worst-case stack).

#![no_std]
// With only `rsa` enabled there is nothing to measure here (see Cargo.toml).
#![cfg_attr(
    not(any(feature = "hs256", feature = "eddsa", feature = "es256")),
    allow(unused_imports)
)]
#![no_main]

use cortex_m_rt::entry;
use edgeauth::{KeySet, Validation, Verifier, VerifyingKey};
use edgeauth_firmware::fixtures::{self, AUDIENCE, FIXED_NOW, ISSUER};
use edgeauth_firmware::measure::{self, Ticks};
use edgeauth_firmware::out::Out;
use edgeauth_firmware::{fail, succeed};

type Keys = KeySet<'static, 3>;

#[entry]
fn main() -> ! {
    let Some(cp) = cortex_m::Peripherals::take() else {
        fail()
    };
    let mut ticks = Ticks::new(cp.SYST);
    let mut out = Out::new();
    report_calibration(&mut out, &mut ticks);

    let (Some(keys), Some(scratch)) = (
        cortex_m::singleton!(: Keys = KeySet::new()),
        cortex_m::singleton!(: [u8; 384] = [0; 384]),
    ) else {
        fail()
    };
    #[cfg(feature = "hs256")]
    add(
        keys,
        fixtures::HS256.kid,
        VerifyingKey::hs256(fixtures::HS256_SECRET),
    );
    #[cfg(feature = "eddsa")]
    add(
        keys,
        fixtures::EDDSA.kid,
        VerifyingKey::ed25519(fixtures::ED25519_PUBLIC),
    );
    #[cfg(feature = "es256")]
    add(
        keys,
        fixtures::ES256.kid,
        VerifyingKey::es256_sec1(fixtures::ES256_PUBLIC_SEC1),
    );
    let keys: &Keys = keys;
    // Memory a firmware author reserves for the key set (printed for docs/embedded.md).
    out.str("size keyset_base=")
        .u64(core::mem::size_of::<KeySet<'static, 0>>() as u64)
        .str(" keyset_per_key=")
        .u64(
            (core::mem::size_of::<KeySet<'static, 2>>()
                - core::mem::size_of::<KeySet<'static, 1>>()) as u64,
        )
        .str(" verifying_key=")
        .u64(core::mem::size_of::<VerifyingKey<'static>>() as u64)
        .nl();

    #[cfg(feature = "hs256")]
    one(
        &mut out,
        &mut ticks,
        keys,
        scratch,
        "HS256",
        &fixtures::HS256,
    );
    #[cfg(feature = "eddsa")]
    one(
        &mut out,
        &mut ticks,
        keys,
        scratch,
        "EdDSA",
        &fixtures::EDDSA,
    );
    #[cfg(feature = "es256")]
    one(
        &mut out,
        &mut ticks,
        keys,
        scratch,
        "ES256",
        &fixtures::ES256,
    );
    let _ = (&keys, &scratch, VerifyingKey::algorithm);
    succeed()
}

fn report_calibration(out: &mut Out, ticks: &mut Ticks) {
    let calibration = measure::calibrate(ticks);
    out.str("calibration instructions=")
        .u64(measure::CALIBRATION_INSTRUCTIONS)
        .str(" ticks=")
        .u64(calibration)
        .nl();
    let (_, overhead) = ticks.count(|| ());
    out.str("overhead ticks=").u64(overhead).nl();
}

#[cfg(any(feature = "hs256", feature = "eddsa", feature = "es256"))]
fn add(keys: &mut Keys, kid: &str, key: Result<VerifyingKey<'static>, edgeauth::Error>) {
    let Ok(key) = key else { fail() };
    if keys.insert(Some(kid), key).is_err() {
        fail()
    }
}

#[cfg(any(feature = "hs256", feature = "eddsa", feature = "es256"))]
fn one(
    out: &mut Out,
    ticks: &mut Ticks,
    keys: &Keys,
    scratch: &mut [u8],
    alg: &str,
    tokens: &fixtures::Tokens,
) {
    let verifier = Verifier::new(keys);
    let validation = Validation::new(FIXED_NOW)
        .issuers(&[ISSUER])
        .audiences(&[AUDIENCE]);
    let verify =
        |token: &str, scratch: &mut [u8]| verifier.verify(token, &validation, scratch).is_ok();
    // The typical token, then the deepest one the JSON reader accepts (worst-case stack).
    for (kind, token) in [("jwt", tokens.valid), ("jwt-nested", tokens.nested_valid)] {
        measure::trace_start();
        let (ok_stack, stack) = measure::stack_used(|| verify(token, &mut *scratch));
        let (ok_ticks, n) = ticks.count(|| verify(token, &mut *scratch));
        measure::trace_end();
        if !(ok_stack && ok_ticks) {
            out.str("FAIL ").str(alg).str(" valid token refused").nl();
            fail()
        }
        out.str("measure kind=")
            .str(kind)
            .str(" alg=")
            .str(alg)
            .str(" stack=")
            .u64(stack as u64)
            .str(" ticks=")
            .u64(n)
            .nl();
    }
}
