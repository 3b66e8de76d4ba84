//! ES384: signatures made by the `p384` crate directly verify, any changed bit or length is
//! refused, keys load from SEC1 and coordinates, and `encode` + `Verifier` round-trip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "es384")]

use edgeauth::{Algorithm, Error, KeySet, SigningKey, Validation, Verifier, VerifyingKey, encode};
use p384::ecdsa::signature::Signer as _;

const SCALAR: [u8; 48] = [
    0x6b, 0x9d, 0x3d, 0xad, 0x2e, 0x1b, 0x8c, 0x1c, 0x05, 0xb1, 0x98, 0x75, 0xb6, 0x65, 0x9f, 0x4d,
    0xe2, 0x3c, 0x3b, 0x66, 0x7b, 0xf2, 0x97, 0xba, 0x9a, 0xa4, 0x77, 0x40, 0x78, 0x71, 0x37, 0xd8,
    0x96, 0xd5, 0x72, 0x4e, 0x4c, 0x70, 0xa8, 0x25, 0xf8, 0x72, 0xc9, 0xea, 0x60, 0xd2, 0xed, 0xf5,
];

#[test]
fn p384_signatures_verify_and_tampering_is_refused() {
    let signer = p384::ecdsa::SigningKey::from_slice(&SCALAR).expect("valid scalar");
    let point = signer.verifying_key().to_sec1_point(false);
    let key = VerifyingKey::es384_sec1(point.as_bytes()).expect("valid point");
    assert_eq!(key.algorithm(), Algorithm::Es384);
    let compressed = signer.verifying_key().to_sec1_point(true);
    let key_c = VerifyingKey::es384_sec1(compressed.as_bytes()).expect("compressed point");
    let coords = point.as_bytes();
    let x: &[u8; 48] = coords[1..49].try_into().expect("48");
    let y: &[u8; 48] = coords[49..].try_into().expect("48");
    let key_xy = VerifyingKey::es384_coordinates(x, y).expect("coordinates");

    for msg in [&b""[..], b"header.payload", &[0xa5; 1000]] {
        let sig: p384::ecdsa::Signature = signer.sign(msg);
        let sig = sig.to_bytes();
        assert_eq!(sig.len(), 96);
        for k in [&key, &key_c, &key_xy] {
            assert_eq!(k.verify_signature(msg, &sig), Ok(()));
        }
        for bit in [0, 100, 383, 384, 700, 767] {
            let mut bad = sig.to_vec();
            bad[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(
                key.verify_signature(msg, &bad),
                Err(Error::InvalidSignature)
            );
        }
        assert_eq!(
            key.verify_signature(msg, &sig[..95]),
            Err(Error::InvalidSignature)
        );
        let mut long = sig.to_vec();
        long.push(0);
        assert_eq!(
            key.verify_signature(msg, &long),
            Err(Error::InvalidSignature)
        );
    }
    // r = 0 and s = 0 are refused.
    assert_eq!(
        key.verify_signature(b"m", &[0u8; 96]),
        Err(Error::InvalidSignature)
    );
    // Points not on the curve are refused at load.
    let mut y_bad = *y;
    y_bad[47] ^= 1;
    assert_eq!(
        VerifyingKey::es384_coordinates(x, &y_bad).err(),
        Some(Error::InvalidKey)
    );
    assert_eq!(
        SigningKey::es384_from_bytes(&[0u8; 48]).err(),
        Some(Error::InvalidKey)
    );
}

/// `encode` signs into a 96-byte buffer, which ES384's `r‖s` fills exactly.
#[test]
fn encode_then_verify_round_trip() {
    #[derive(serde::Serialize)]
    struct Claims<'a> {
        sub: &'a str,
        exp: u64,
    }
    let key = SigningKey::es384_from_bytes(&SCALAR).expect("valid scalar");
    assert_eq!(key.algorithm(), Algorithm::Es384);
    let mut out = [0u8; 512];
    let token = encode(
        &key,
        Some("p384"),
        &Claims {
            sub: "ada",
            exp: 2_000,
        },
        &mut out,
    )
    .expect("encodes");
    let signature = token.rsplit('.').next().expect("segments");
    assert_eq!(signature.len(), 128, "96 bytes in base64url");

    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(Some("p384"), key.verifying_key())
        .map_err(|e| e.kind)
        .expect("room");
    let mut scratch = [0u8; 512];
    let verified = Verifier::new(&keys)
        .verify(token, &Validation::new(1_000), &mut scratch)
        .expect("verifies");
    assert_eq!(verified.algorithm(), Algorithm::Es384);
    assert_eq!(verified.claims().sub(), Some("ada"));
    // RFC 6979: deterministic.
    let mut again = [0u8; 512];
    let token2 = encode(
        &key,
        Some("p384"),
        &Claims {
            sub: "ada",
            exp: 2_000,
        },
        &mut again,
    )
    .expect("encodes");
    assert_eq!(token, token2);
}
