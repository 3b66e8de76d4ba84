//! A gateway checking bearer tokens: loads the issuer's JWK Set, then answers a few requests the
//! way an HTTP handler would (status, `WWW-Authenticate`). The issuer side is simulated with an
//! Ed25519 key whose public half is in the JWK Set.
//!
//! `cargo run -p edgeauth-examples --example gateway`

use edgeauth::{SigningKey, encode};
use edgeauth_examples::bearer::{Gateway, Policy, SCRATCH_LEN};
use serde::Serialize;
use std::time::{SystemTime, UNIX_EPOCH};

/// The issuer's key set as fetched from its `jwks_uri` (RFC 8037 §A.2's public key).
const JWKS: &str = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"2026-11","use":"sig",
    "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;

/// The issuer's private key (RFC 8037 §A.1), only to mint the demo tokens.
const ISSUER_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
    roles: &'a [&'a str],
}

fn mint(claims: &Claims<'_>) -> Result<String, edgeauth::Error> {
    let key = SigningKey::ed25519_from_seed(&ISSUER_SEED);
    let mut out = [0u8; 1024];
    Ok(format!(
        "Bearer {}",
        encode(&key, Some("2026-11"), claims, &mut out)?
    ))
}

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let policy = Policy {
        issuer: "https://idp.example",
        audience: "orders-api",
        leeway: 30,
        required_role: Some("orders:read"),
    };
    let gateway = Gateway::from_jwks(&mut JWKS.as_bytes().to_vec(), policy)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();

    let good = Claims {
        iss: "https://idp.example",
        sub: "alice",
        aud: "orders-api",
        exp: now + 300,
        roles: &["orders:read"],
    };
    let requests = [
        ("valid token", Some(mint(&good)?)),
        ("no Authorization header", None),
        (
            "expired",
            Some(mint(&Claims {
                exp: now - 3600,
                ..good
            })?),
        ),
        (
            "wrong audience",
            Some(mint(&Claims {
                aud: "billing",
                ..good
            })?),
        ),
        ("missing role", Some(mint(&Claims { roles: &[], ..good })?)),
        (
            "not a bearer credential",
            Some("Basic YWxpY2U6cGFzcw==".to_owned()),
        ),
    ];
    for (what, header) in requests {
        let mut scratch = [0u8; SCRATCH_LEN];
        match gateway.authorize(header.as_deref(), now, &mut scratch) {
            Ok(principal) => {
                let roles: Vec<&str> = principal.roles.into_iter().flatten().collect();
                println!("{what:<24} 200 sub={} roles={roles:?}", principal.subject);
            }
            Err(rejection) => println!(
                "{what:<24} {} WWW-Authenticate: {}",
                rejection.status,
                rejection.www_authenticate("orders")
            ),
        }
    }
    Ok(())
}
