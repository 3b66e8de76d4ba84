//! Encode and verify perform zero heap allocations, for every algorithm (counting allocator).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::{KeySet, SigningKey, Validation, Verifier, encode};
use edgeauth_alloc_counter::{CountingAllocator, count, is_installed};
use serde::{Deserialize, Serialize};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

#[derive(Serialize)]
struct Claims<'a> {
    sub: &'a str,
    iss: &'a str,
    aud: &'a str,
    exp: u64,
    iat: u64,
    roles: [&'a str; 2],
    note: &'a str,
}

#[derive(Deserialize)]
struct Custom<'a> {
    #[serde(borrow)]
    roles: [&'a str; 2],
    note: &'a str,
}

#[test]
fn encode_and_verify_never_allocate() {
    assert!(
        is_installed(),
        "the counting allocator must be the global allocator"
    );
    let keys = [
        SigningKey::hs256(&[1; 32]).unwrap(),
        SigningKey::hs384(&[2; 48]).unwrap(),
        SigningKey::hs512(&[3; 64]).unwrap(),
        SigningKey::ed25519_from_seed(&[4; 32]),
        SigningKey::es256_from_bytes(&[5; 32]).unwrap(),
    ];
    let claims = Claims {
        sub: "user-1",
        iss: "https://idp.example",
        aud: "api",
        exp: 1_800_000_600,
        iat: 1_800_000_000,
        roles: ["admin", "ops"],
        note: "escaped \"quotes\" and \u{e9}\u{1F600}",
    };
    for key in &keys {
        let mut set: KeySet<'_, 1> = KeySet::new();
        set.insert(Some("k"), key.verifying_key())
            .map_err(|e| e.kind)
            .unwrap();
        let mut out = [0u8; 1024];
        let mut scratch = [0u8; 1024];
        let (encode_allocs, token) =
            count(|| encode(key, Some("k"), &claims, &mut out).map(|t| t.len()));
        let len = token.unwrap();
        assert_eq!(encode_allocs, 0, "{:?} encode", key.algorithm());
        let token = core::str::from_utf8(&out[..len]).unwrap();
        let validation = Validation::new(1_800_000_100)
            .issuers(&["https://idp.example"])
            .audiences(&["api"]);
        let (verify_allocs, note) = count(|| {
            let v = Verifier::new(&set)
                .verify(token, &validation, &mut scratch)
                .unwrap();
            let roles = v
                .str_array_claim("roles")
                .unwrap()
                .unwrap()
                .into_iter()
                .count();
            let custom: Custom<'_> = v.deserialize().unwrap();
            assert_eq!(roles, 2);
            assert_eq!(custom.roles, ["admin", "ops"]);
            custom.note.len()
        });
        assert_eq!(verify_allocs, 0, "{:?} verify", key.algorithm());
        assert_eq!(note, claims.note.len());
    }
}
