//! Measures the bare signature check of each enabled algorithm with its primitive crate alone
//! (`hmac` `verify_slice`, `ed25519-dalek` `verify_strict`, `p256` ECDSA `verify`) over the same
//! signing input and signature as the `jwt` binary: no base64url, no JSON, no claims, no key
//! selection. The difference to `jwt` is the cost of the JWT layer.
//!
//! Output: as `jwt`, with `kind=bare`.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
#[allow(unused_imports)]
use edgeauth_firmware::fixtures;
use edgeauth_firmware::measure::{self, Ticks};
use edgeauth_firmware::out::Out;
use edgeauth_firmware::{fail, succeed};

#[entry]
fn main() -> ! {
    let Some(cp) = cortex_m::Peripherals::take() else {
        fail()
    };
    let mut ticks = Ticks::new(cp.SYST);
    let mut out = Out::new();
    let calibration = measure::calibrate(&mut ticks);
    out.str("calibration instructions=")
        .u64(measure::CALIBRATION_INSTRUCTIONS)
        .str(" ticks=")
        .u64(calibration)
        .nl();
    let (_, overhead) = ticks.count(|| ());
    out.str("overhead ticks=").u64(overhead).nl();

    #[cfg(feature = "hs256")]
    {
        use hmac::{Hmac, KeyInit, Mac};
        // Pre-keyed state in a static, as edgeauth's `HmacKey` keeps it.
        let Some(Ok(mac)) = cortex_m::singleton!(: Result<Hmac<sha2::Sha256>, hmac::digest::InvalidLength> =
            Hmac::<sha2::Sha256>::new_from_slice(fixtures::HS256_SECRET))
        else {
            fail()
        };
        let mac: &Hmac<sha2::Sha256> = mac;
        let t = &fixtures::HS256;
        one(&mut out, &mut ticks, "HS256", || {
            let mut m = mac.clone();
            m.update(t.signing_input.as_bytes());
            m.verify_slice(t.signature).is_ok()
        });
    }
    #[cfg(feature = "eddsa")]
    {
        use ed25519_dalek::{Signature, VerifyingKey};
        let Some(Ok(vk)) = cortex_m::singleton!(: Result<VerifyingKey, ed25519_dalek::SignatureError> =
            VerifyingKey::from_bytes(fixtures::ED25519_PUBLIC))
        else {
            fail()
        };
        let vk: &VerifyingKey = vk;
        let t = &fixtures::EDDSA;
        one(&mut out, &mut ticks, "EdDSA", || {
            let Ok(sig) = <&[u8; 64]>::try_from(t.signature) else {
                return false;
            };
            vk.verify_strict(t.signing_input.as_bytes(), &Signature::from_bytes(sig))
                .is_ok()
        });
    }
    #[cfg(feature = "es256")]
    {
        use p256::ecdsa::signature::Verifier as _;
        use p256::ecdsa::{Signature, VerifyingKey};
        let Some(Ok(vk)) = cortex_m::singleton!(: Result<VerifyingKey, p256::ecdsa::Error> =
            VerifyingKey::from_sec1_bytes(fixtures::ES256_PUBLIC_SEC1))
        else {
            fail()
        };
        let vk: &VerifyingKey = vk;
        let t = &fixtures::ES256;
        one(&mut out, &mut ticks, "ES256", || {
            let Ok(sig) = Signature::from_slice(t.signature) else {
                return false;
            };
            vk.verify(t.signing_input.as_bytes(), &sig).is_ok()
        });
    }
    succeed()
}

#[allow(dead_code)]
fn one(out: &mut Out, ticks: &mut Ticks, alg: &str, verify: impl Fn() -> bool) {
    measure::trace_start();
    let (ok_stack, stack) = measure::stack_used(&verify);
    let (ok_ticks, n) = ticks.count(&verify);
    measure::trace_end();
    if !(ok_stack && ok_ticks) {
        out.str("FAIL ")
            .str(alg)
            .str(" valid signature refused")
            .nl();
        fail()
    }
    out.str("measure kind=bare alg=")
        .str(alg)
        .str(" stack=")
        .u64(stack as u64)
        .str(" ticks=")
        .u64(n)
        .nl();
}
