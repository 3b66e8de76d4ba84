//! Measures the bare signature check of each enabled algorithm with its primitive crate alone
//! (`hmac` `verify_slice`, `ed25519-dalek` `verify_strict`, `p256` ECDSA `verify`) over the same
//! signing input and signature as the `jwt` binary: no base64url, no JSON, no claims, no key
//! selection. The difference to `jwt` is the cost of the JWT layer.
//!
//! Output: as `jwt`, with `kind=bare`.
//!
//! It holds the same token fixtures as `jwt` (the valid and the nested token, see [`same_tokens`])
//! and slices the signing input from the valid token, so that the flash difference between the
//! two binaries is code, not test data: the tokens (about 620 B per algorithm) are input a device
//! receives, not part of the JWT layer. Only the decoded signature (32 or 64 B) is data that `jwt`
//! does not have.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
#[allow(unused_imports)]
use edgeauth_firmware::fixtures;
use edgeauth_firmware::measure::{self, Ticks};
use edgeauth_firmware::out::Out;
use edgeauth_firmware::{fail, succeed};

/// Keeps the valid and the nested token of `$tokens` in flash (`#[used]`: nothing reads the nested
/// one here) and evaluates to the signing input, sliced from the valid token, and the decoded
/// signature. Constants of the fields used rather than a reference to the whole `Tokens` value,
/// which can put every token of the fixture into flash (it did for EdDSA).
macro_rules! same_tokens {
    ($tokens:expr) => {{
        #[used]
        static TOKENS: [&str; 2] = [$tokens.valid, $tokens.nested_valid];
        const SIGNING_INPUT_LEN: usize = $tokens.signing_input.len();
        const SIGNATURE: &[u8] = $tokens.signature;
        let input: &[u8] = TOKENS[0]
            .as_bytes()
            .get(..SIGNING_INPUT_LEN)
            .unwrap_or_default();
        (input, SIGNATURE)
    }};
}

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
        let (input, signature) = same_tokens!(fixtures::HS256);
        one(&mut out, &mut ticks, "HS256", || {
            let mut m = mac.clone();
            m.update(input);
            m.verify_slice(signature).is_ok()
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
        let (input, signature) = same_tokens!(fixtures::EDDSA);
        one(&mut out, &mut ticks, "EdDSA", || {
            let Ok(sig) = <&[u8; 64]>::try_from(signature) else {
                return false;
            };
            vk.verify_strict(input, &Signature::from_bytes(sig)).is_ok()
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
        let (input, signature) = same_tokens!(fixtures::ES256);
        one(&mut out, &mut ticks, "ES256", || {
            let Ok(sig) = Signature::from_slice(signature) else {
                return false;
            };
            vk.verify(input, &sig).is_ok()
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
