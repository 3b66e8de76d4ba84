//! Any text as a compact token, against a key set holding an HS256, an EdDSA and an ES256 key:
//! the verifier must return (an error, almost always) without panicking, with a roomy and with a
//! too-small scratch buffer, through `verify` and `verify_jws`.
#![no_main]

use edgeauth::{KeySet, SigningKey, Validation, Verifier, VerifyingKey};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn keys() -> &'static KeySet<'static, 3> {
    static KEYS: OnceLock<KeySet<'static, 3>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = KeySet::new();
        let hs256 = VerifyingKey::hs256(b"fuzz-secret-0123456789abcdefghij").unwrap();
        let eddsa = SigningKey::ed25519_from_seed(&[7; 32]).verifying_key();
        let es256 = SigningKey::es256_from_bytes(&[9; 32])
            .unwrap()
            .verifying_key();
        for (kid, key) in [("h", hs256), ("e", eddsa), ("p", es256)] {
            keys.insert(Some(kid), key).map_err(|e| e.kind).unwrap();
        }
        keys
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = core::str::from_utf8(data) else {
        return;
    };
    let verifier = Verifier::new(keys());
    let validation = Validation::new(1_700_000_000).allow_missing_exp();
    let mut scratch = [0u8; 8192];
    let _ = verifier.verify(token, &validation, &mut scratch);
    let _ = verifier.verify_jws(token, &mut scratch);
    let mut small = [0u8; 48];
    let _ = verifier.verify(token, &validation, &mut small);
    let _ = verifier
        .expected_typ(None)
        .max_token_len(64)
        .verify(token, &validation, &mut scratch);
});
