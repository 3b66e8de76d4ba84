//! A gateway checking bearer tokens: loads the issuer's JWK Set, then answers a few requests the
//! way an HTTP handler would (status, `WWW-Authenticate`). The issuer side is simulated with an
//! Ed25519 key whose public half is in the JWK Set.
//!
//! `cargo run -p edgeauth-examples --example gateway`

use edgeauth_examples::bearer::{Gateway, Policy, SCRATCH_LEN};
use edgeauth_examples::demo_issuer::{AccessClaims, JWKS, KID, bearer_header};
use std::time::{SystemTime, UNIX_EPOCH};

fn mint(claims: &AccessClaims<'_>) -> Result<String, edgeauth::Error> {
    bearer_header(KID, claims)
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

    let good = AccessClaims {
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
            Some(mint(&AccessClaims {
                exp: now - 3600,
                ..good
            })?),
        ),
        (
            "wrong audience",
            Some(mint(&AccessClaims {
                aud: "billing",
                ..good
            })?),
        ),
        (
            "missing role",
            Some(mint(&AccessClaims { roles: &[], ..good })?),
        ),
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
