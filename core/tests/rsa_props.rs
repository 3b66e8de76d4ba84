//! Property tests against the `rsa` crate (0.10): for keys of each supported width (2048, 2049,
//! 3072, 4096 bits; committed PEMs made by `data/jwks/generate.py`, so no key generation here)
//! and each RS/PS algorithm, signatures made by `rsa` over random messages verify, and flipping
//! any one bit of the signature, or of the message, makes verification fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "rsa")]

use edgeauth::{Algorithm, Error, VerifyingKey};
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use rsa::pkcs8::DecodePrivateKey;
use rsa::sha2::{Sha256, Sha384, Sha512};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::{PrivateKey, pkcs1v15, pss};
use std::sync::OnceLock;

const SIZES: [u32; 4] = [2048, 2049, 3072, 4096];
const ALGS: [Algorithm; 6] = [
    Algorithm::Rs256,
    Algorithm::Rs384,
    Algorithm::Rs512,
    Algorithm::Ps256,
    Algorithm::Ps384,
    Algorithm::Ps512,
];

fn private_keys() -> &'static [PrivateKey] {
    static KEYS: OnceLock<Vec<PrivateKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        SIZES
            .iter()
            .map(|bits| {
                let path = format!(
                    "{}/tests/data/jwks/keys/rsa{bits}.pem",
                    env!("CARGO_MANIFEST_DIR")
                );
                let pem = std::fs::read_to_string(path).expect("committed test key");
                PrivateKey::from_pkcs8_pem(&pem).expect("PKCS#8 RSA key")
            })
            .collect()
    })
}

fn sign(key: &PrivateKey, alg: Algorithm, msg: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let key = key.clone();
    match alg {
        Algorithm::Rs256 => pkcs1v15::SigningKey::<Sha256>::new(key).sign(msg).to_vec(),
        Algorithm::Rs384 => pkcs1v15::SigningKey::<Sha384>::new(key).sign(msg).to_vec(),
        Algorithm::Rs512 => pkcs1v15::SigningKey::<Sha512>::new(key).sign(msg).to_vec(),
        Algorithm::Ps256 => pss::SigningKey::<Sha256>::new(key)
            .sign_with_rng(&mut rng, msg)
            .to_vec(),
        Algorithm::Ps384 => pss::SigningKey::<Sha384>::new(key)
            .sign_with_rng(&mut rng, msg)
            .to_vec(),
        _ => pss::SigningKey::<Sha512>::new(key)
            .sign_with_rng(&mut rng, msg)
            .to_vec(),
    }
}

fn verifying_key(key: &PrivateKey, alg: Algorithm) -> VerifyingKey<'static> {
    VerifyingKey::rsa(alg, &key.n().to_be_bytes(), &key.e().to_be_bytes())
        .expect("key within 2048..=4096 bits, e = 65537")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn rsa_crate_signatures_verify_and_bit_flips_fail(
        size in 0..SIZES.len(),
        alg in 0..ALGS.len(),
        msg in proptest::collection::vec(any::<u8>(), 0..300),
        seed in any::<u64>(),
        flip in any::<usize>(),
    ) {
        let private = &private_keys()[size];
        let alg = ALGS[alg];
        let key = verifying_key(private, alg);
        let sig = sign(private, alg, &msg, seed);
        prop_assert_eq!(sig.len(), SIZES[size].div_ceil(8) as usize);
        prop_assert_eq!(key.verify_signature(&msg, &sig), Ok(()));

        let mut bad = sig.clone();
        let bit = flip % (bad.len() * 8);
        bad[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(key.verify_signature(&msg, &bad), Err(Error::InvalidSignature));

        let mut bad_msg = msg.clone();
        if bad_msg.is_empty() {
            bad_msg.push(0);
        } else {
            let bit = flip % (bad_msg.len() * 8);
            bad_msg[bit / 8] ^= 1 << (bit % 8);
        }
        prop_assert_eq!(key.verify_signature(&bad_msg, &sig), Err(Error::InvalidSignature));
    }
}

/// Every (size, algorithm) pair at least once, and cross-algorithm refusal: a signature is
/// accepted only by a key bound to the algorithm that made it.
#[test]
fn every_size_and_algorithm_and_no_cross_acceptance() {
    for (private, bits) in private_keys().iter().zip(SIZES) {
        for (i, &alg) in ALGS.iter().enumerate() {
            let msg = format!("{bits}-bit {alg} message");
            let sig = sign(private, alg, msg.as_bytes(), i as u64);
            for &other in &ALGS {
                let expected = if other == alg {
                    Ok(())
                } else {
                    Err(Error::InvalidSignature)
                };
                assert_eq!(
                    verifying_key(private, other).verify_signature(msg.as_bytes(), &sig),
                    expected,
                    "{bits}-bit key, signed {alg}, verified as {other}"
                );
            }
        }
    }
}

/// PSS with a salt length other than the hash length (RFC 7518 §3.5 requires equal) is refused.
#[test]
fn pss_with_other_salt_length_is_refused() {
    let private = &private_keys()[0];
    let key = verifying_key(private, Algorithm::Ps256);
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    for salt in [0usize, 20, 31, 33, 64] {
        let signer = pss::SigningKey::<Sha256>::new_with_salt_len(private.clone(), salt);
        let sig = signer.sign_with_rng(&mut rng, b"msg").to_vec();
        assert_eq!(
            key.verify_signature(b"msg", &sig),
            Err(Error::InvalidSignature),
            "salt {salt}"
        );
    }
    let signer = pss::SigningKey::<Sha256>::new_with_salt_len(private.clone(), 32);
    let sig = signer.sign_with_rng(&mut rng, b"msg").to_vec();
    assert_eq!(key.verify_signature(b"msg", &sig), Ok(()));
}
