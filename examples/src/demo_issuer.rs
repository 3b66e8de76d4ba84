//! The issuer side of the demos: an Ed25519 key, its JWK Set, and access tokens signed with it.
//! A real gateway gets the JWK Set from its identity provider and never holds the private key;
//! the tests and `examples/gateway.rs` need both ends.

use edgeauth::{Error, SigningKey, encode};
use serde::Serialize;

/// The issuer's private key: RFC 8032 §7.1 test 1, the Ed25519 key of RFC 8037's examples.
pub const ISSUER_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

/// The key's `kid` in [`JWKS`].
pub const KID: &str = "2026-11";

/// The issuer's JWK Set as fetched from its `jwks_uri`: the public half of [`ISSUER_SEED`]
/// (RFC 8037 §A.2).
pub const JWKS: &str = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"2026-11","use":"sig",
    "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;

/// The claims of an access token for the demo API.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct AccessClaims<'a> {
    /// Issuer.
    pub iss: &'a str,
    /// Subject (the user).
    pub sub: &'a str,
    /// Audience (the API).
    pub aud: &'a str,
    /// Expiry, unix seconds.
    pub exp: u64,
    /// The user's roles.
    pub roles: &'a [&'a str],
}

/// An `Authorization` header value carrying `claims` signed by the issuer under `kid`.
pub fn bearer_header(kid: &str, claims: &AccessClaims<'_>) -> Result<String, Error> {
    let key = SigningKey::ed25519_from_seed(&ISSUER_SEED);
    let mut out = [0u8; 1024];
    Ok(format!(
        "Bearer {}",
        encode(&key, Some(kid), claims, &mut out)?
    ))
}
