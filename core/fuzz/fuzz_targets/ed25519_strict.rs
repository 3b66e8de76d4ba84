//! edgeauth's Ed25519 check against `ed25519-dalek`'s `verify_strict`, which edgeauth replaced
//! with a cheaper path that must decide the same (`core/src/alg/eddsa.rs`).
//!
//! Input: a selector byte, then bytes that become the key, the message and the signature. Most
//! inputs build an honest signature and then disturb it in a way the selector picks (an `R` or
//! `S` from the input, a small-order `R`, a non-canonical `R`, a small-order key), so that the
//! accept side is reached too; the rest are raw key/message/signature bytes.
#![no_main]

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use libfuzzer_sys::fuzz_target;

/// The eight small-order points' canonical encodings, from `curve25519-dalek`.
fn torsion(i: u8) -> [u8; 32] {
    curve25519_dalek::constants::EIGHT_TORSION[usize::from(i % 8)]
        .compress()
        .to_bytes()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = [0u8; 96];
    let used = rest.len().min(96);
    bytes[..used].copy_from_slice(&rest[..used]);
    let message = rest.get(96..).unwrap_or_default();
    let (seed, noise) = bytes.split_at(32);
    let seed: [u8; 32] = seed.try_into().unwrap_or_default();
    let noise: [u8; 64] = noise.try_into().unwrap_or([0; 64]);

    let signing = SigningKey::from_bytes(&seed);
    let mut public = signing.verifying_key().to_bytes();
    let mut signature = signing.sign(message).to_bytes();
    match selector % 8 {
        0 => {}
        1 => signature[..32].copy_from_slice(&noise[..32]),
        2 => signature[32..].copy_from_slice(&noise[32..]),
        3 => signature[..32].copy_from_slice(&torsion(noise[0])),
        4 => {
            // y + p for a small y: a non-canonical encoding when it still fits in 255 bits.
            signature[..32].fill(0xff);
            signature[0] = 0xed + noise[0] % 19;
            signature[31] = 0x7f | (noise[1] & 0x80);
        }
        5 => public = torsion(noise[0]),
        6 => signature = noise,
        _ => {
            public = seed;
            signature = noise;
        }
    }
    if selector & 0x80 != 0 {
        let at = usize::from(noise[2] % 64);
        signature[at] ^= 1 << (noise[3] % 8);
    }

    let Ok(dalek) = VerifyingKey::from_bytes(&public) else {
        // Not a point: edgeauth must refuse the key too.
        assert!(edgeauth::VerifyingKey::ed25519(&public).is_err());
        return;
    };
    let ours = edgeauth::VerifyingKey::ed25519(&public).expect("dalek accepted this point");
    let strict = dalek
        .verify_strict(message, &ed25519_dalek::Signature::from_bytes(&signature))
        .is_ok();
    let edge = ours.verify_signature(message, &signature).is_ok();
    assert_eq!(edge, strict, "selector {selector}, key {public:02x?}, sig {signature:02x?}");
});
