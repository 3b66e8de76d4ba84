//! Real token sizes for the wire-size chart: tokens with 3, 10 and 30 claims encoded by the
//! `edgeauth` core itself.
//!
//! The calibration records one "realistic" token size per algorithm; the bytes-on-the-wire chart
//! needs how that size grows with the claims an identity provider puts in. Rather than estimate,
//! this encodes real tokens with fixed, realistic claim sets and measures them. Algorithms the
//! core cannot sign with (RSA: the core verifies only) get the
//! HS256 token's header and payload with their own signature length, which is exact because the
//! compact form is `b64(header).b64(payload).b64(signature)` and the signature length is fixed
//! per algorithm and key size.

use std::collections::BTreeMap;

use edgeauth::{SigningKey, encode};
use serde::Serialize;

/// A claim value in the sample payloads.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Claim {
    Str(&'static str),
    Num(u64),
    Bool(bool),
    List(Vec<&'static str>),
}

/// Claim counts the chart compares.
pub const CLAIM_COUNTS: [usize; 3] = [3, 10, 30];

/// The sample claim set with the first `n` claims (registered claims first, as identity providers
/// emit them). `n` is capped at the 30 claims defined.
fn claims(n: usize) -> BTreeMap<&'static str, Claim> {
    use Claim::{Bool, List, Num, Str};
    let all: [(&'static str, Claim); 30] = [
        ("sub", Str("user-5f1c2a9e-7d4b-4e21-9a57-3c8d2b1e6f40")),
        ("exp", Num(1_795_000_900)),
        ("iat", Num(1_795_000_000)),
        ("iss", Str("https://id.example.com/")),
        ("aud", Str("https://api.example.com")),
        ("nbf", Num(1_795_000_000)),
        ("jti", Str("9b2f6c1e-3a5d-4f7b-8c2e-1d0a9b8c7e6f")),
        (
            "scope",
            Str("openid profile email orders:read orders:write"),
        ),
        ("role", Str("customer")),
        ("tenant", Str("acme-eu-west")),
        ("email", Str("jane.doe@example.com")),
        ("email_verified", Bool(true)),
        ("name", Str("Jane Doe")),
        ("given_name", Str("Jane")),
        ("family_name", Str("Doe")),
        ("locale", Str("en-GB")),
        ("zoneinfo", Str("Europe/London")),
        ("auth_time", Num(1_794_999_000)),
        ("azp", Str("web-spa-client")),
        ("sid", Str("c3f1e2d4-5b6a-4798-8e9f-0a1b2c3d4e5f")),
        ("acr", Str("urn:mace:incommon:iap:silver")),
        ("amr", List(vec!["pwd", "otp"])),
        ("groups", List(vec!["staff", "eu-support", "beta-testers"])),
        ("org_id", Str("org_8a7b6c5d4e3f")),
        ("department", Str("customer-success")),
        ("plan", Str("enterprise")),
        ("region", Str("eu-west-1")),
        ("device_id", Str("dev_2c4e6a8b0d1f")),
        (
            "permissions",
            List(vec![
                "orders:read",
                "orders:write",
                "invoices:read",
                "profile:edit",
            ]),
        ),
        ("session_state", Str("b7e5c3a1-9f8d-4b6c-a2e0-1f3d5b7a9c8e")),
    ];
    all.into_iter().take(n).collect()
}

/// Base64url length of an algorithm's signature, for algorithms this build cannot sign with.
fn signature_b64_len(alg: &str) -> Option<usize> {
    let raw: usize = match alg {
        "HS256" => 32,
        "HS384" => 48,
        "HS512" | "EdDSA" | "ES256" => 64,
        "ES384" => 96,
        "RS256" | "RS384" | "RS512" | "PS256" => 256, // 2048-bit modulus
        _ => return None,
    };
    Some((raw * 4).div_ceil(3))
}

fn key_for(alg: &str) -> Option<SigningKey> {
    match alg {
        "HS256" => SigningKey::hs256(&[0x42; 32]).ok(),
        "HS384" => SigningKey::hs384(&[0x42; 48]).ok(),
        "HS512" => SigningKey::hs512(&[0x42; 64]).ok(),
        "EdDSA" => Some(SigningKey::ed25519_from_seed(&[7; 32])),
        "ES256" => SigningKey::es256_from_bytes(&[1; 32]).ok(),
        "ES384" => SigningKey::es384_from_bytes(&[1; 48]).ok(),
        _ => None,
    }
}

/// Size of one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSize {
    /// Algorithm name.
    pub alg: String,
    /// Claims in the payload.
    pub claims: usize,
    /// Length of the compact token, bytes.
    pub bytes: usize,
    /// Encoded by the core (true) or derived from the HS256 token and the signature length.
    pub encoded: bool,
}

fn encoded_len(key: &SigningKey, n: usize) -> Option<usize> {
    let mut buf = [0u8; 4096];
    encode(key, Some("2026-01-signing-key"), &claims(n), &mut buf)
        .ok()
        .map(str::len)
}

/// Token sizes for `algs` × [`CLAIM_COUNTS`]; algorithms of unknown signature length are left
/// out.
pub fn sizes(algs: &[String]) -> Vec<TokenSize> {
    let mut out = Vec::new();
    let hs = key_for("HS256");
    for alg in algs {
        for n in CLAIM_COUNTS {
            if let Some(bytes) = key_for(alg).and_then(|k| encoded_len(&k, n)) {
                out.push(TokenSize {
                    alg: alg.clone(),
                    claims: n,
                    bytes,
                    encoded: true,
                });
            } else if let (Some(sig), Some(base)) = (
                signature_b64_len(alg),
                hs.as_ref().and_then(|k| encoded_len(k, n)),
            ) {
                // Same header length: every algorithm name here has five characters.
                let hs_sig = signature_b64_len("HS256").unwrap_or(43);
                let bytes = base - hs_sig + sig + alg.len() - 5;
                out.push(TokenSize {
                    alg: alg.clone(),
                    claims: n,
                    bytes,
                    encoded: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes_grow_with_claims_and_signature() {
        let algs: Vec<String> = ["HS256", "ES256", "RS256"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let s = sizes(&algs);
        assert_eq!(s.len(), 9);
        let get = |a: &str, n| s.iter().find(|t| t.alg == a && t.claims == n).unwrap();
        for a in ["HS256", "ES256", "RS256"] {
            assert!(get(a, 3).bytes < get(a, 10).bytes && get(a, 10).bytes < get(a, 30).bytes);
        }
        // ES256 and HS256 tokens differ only in the signature: 86 vs 43 base64url characters.
        assert_eq!(get("ES256", 10).bytes - get("HS256", 10).bytes, 86 - 43);
        assert!(get("ES256", 10).encoded);
        // RS256 (2048-bit): 342 signature characters, derived.
        assert_eq!(get("RS256", 3).bytes - get("HS256", 3).bytes, 342 - 43);
        assert!(!get("RS256", 3).encoded);
    }

    #[test]
    fn three_claim_payload_is_exact() {
        // {"exp":1795000900,"iat":1795000000,"sub":"user-…"} in key order.
        let json = serde_json::to_string(&claims(3)).unwrap();
        assert_eq!(
            json,
            r#"{"exp":1795000900,"iat":1795000000,"sub":"user-5f1c2a9e-7d4b-4e21-9a57-3c8d2b1e6f40"}"#
        );
        let key = key_for("HS256").unwrap();
        let header = r#"{"alg":"HS256","kid":"2026-01-signing-key","typ":"JWT"}"#;
        let b64 = |n: usize| (n * 4).div_ceil(3);
        assert_eq!(
            encoded_len(&key, 3).unwrap(),
            b64(header.len()) + 1 + b64(json.len()) + 1 + 43
        );
    }
}
