//! JWK parsing (RFC 7517, 7518 §6, 8037), refusals, and RFC 7638 thumbprints.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::jwk::{Jwk, JwkError, JwkOptions, thumbprint_b64};
use edgeauth::{Algorithm, Error};
use serde_json::Value;

fn vectors(name: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/");
    let text = std::fs::read_to_string(format!("{path}{name}")).expect("shared vectors present");
    serde_json::from_str(&text).expect("valid JSON")
}

fn case<'v>(file: &'v Value, name: &str) -> &'v Value {
    file["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["name"] == name)
        .expect("test present")
}

fn doc(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("serializable")
}

/// Parses `json` and returns the verifying key's algorithm, or the refusal.
fn load(json: &str, options: &JwkOptions) -> Result<Algorithm, JwkError> {
    let mut buf = json.as_bytes().to_vec();
    let jwk = Jwk::parse(&mut buf)?;
    jwk.verifying_key(options).map(|k| k.algorithm())
}

fn verify_token(key: &edgeauth::VerifyingKey<'_>, token: &str) -> Result<(), Error> {
    use base64::Engine as _;
    let (input, sig) = token.rsplit_once('.').expect("segments");
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sig)
        .expect("base64url");
    key.verify_signature(input.as_bytes(), &sig)
}

#[cfg(feature = "eddsa")]
#[test]
fn rfc8037_jwks_parse_verify_and_thumbprint() {
    let file = vectors("rfc8037.json");
    let t = &file["tests"][0];
    // A.2: the public key; it verifies the A.4 token.
    let mut public = doc(&t["public_key"]);
    let jwk = Jwk::parse(&mut public).expect("A.2 parses");
    let key = jwk.verifying_key(&JwkOptions::new()).expect("A.2 loads");
    assert_eq!(key.algorithm(), Algorithm::EdDsa);
    assert_eq!(
        verify_token(&key, t["token"].as_str().expect("token")),
        Ok(())
    );
    // A.3: the thumbprint.
    let mut out = [0u8; 43];
    assert_eq!(
        thumbprint_b64(&jwk, &mut out),
        Ok(t["jwk_thumbprint_sha256_b64"].as_str().expect("thumbprint"))
    );
    // A.1: the private key is refused as a public key, loads as a signing key whose public
    // half is A.2, and its thumbprint is the same.
    let mut private = doc(&t["key"]);
    let jwk = Jwk::parse(&mut private).expect("A.1 parses");
    assert_eq!(
        jwk.verifying_key(&JwkOptions::new()).err(),
        Some(JwkError::PrivateKeyMaterial)
    );
    let signing = jwk
        .signing_key(&JwkOptions::new().allow_private(true))
        .expect("A.1 loads as a signing key");
    assert_eq!(signing.algorithm(), Algorithm::EdDsa);
    assert_eq!(
        thumbprint_b64(&jwk, &mut out),
        Ok(t["jwk_thumbprint_sha256_b64"].as_str().expect("thumbprint"))
    );
}

#[cfg(all(feature = "hmac", feature = "rsa", feature = "es256"))]
#[test]
fn rfc7515_jwks_parse() {
    let file = vectors("rfc7515.json");
    // A.1: a 64-byte oct key. Secret by nature: needs allow_private and an algorithm.
    let a1 = case(&file, "RFC7515-A.1-HS256");
    let a1_key = doc(&a1["key"]);
    let text = core::str::from_utf8(&a1_key).expect("utf-8");
    assert_eq!(
        load(text, &JwkOptions::new()),
        Err(JwkError::MissingAlgorithm)
    );
    assert_eq!(
        load(
            text,
            &JwkOptions::new().oct_default_alg(Some(Algorithm::Hs256))
        ),
        Err(JwkError::PrivateKeyMaterial)
    );
    let mut buf = a1_key.clone();
    let options = JwkOptions::new()
        .oct_default_alg(Some(Algorithm::Hs256))
        .allow_private(true);
    let key = Jwk::parse(&mut buf)
        .and_then(|j| j.verifying_key(&options))
        .expect("A.1 loads");
    assert_eq!(
        verify_token(&key, a1["token"].as_str().expect("token")),
        Ok(())
    );

    // A.2: RSA, public half and private key.
    let a2 = case(&file, "RFC7515-A.2-RS256");
    let mut buf = doc(&a2["public_key"]);
    let key = Jwk::parse(&mut buf)
        .and_then(|j| j.verifying_key(&JwkOptions::new()))
        .expect("A.2 loads");
    assert_eq!(
        verify_token(&key, a2["token"].as_str().expect("token")),
        Ok(())
    );
    // RSA private JWKs never become signing keys: edgeauth is verify-only for RSA.
    let mut buf = doc(&a2["key"]);
    assert_eq!(
        Jwk::parse(&mut buf)
            .and_then(|j| j.signing_key(&JwkOptions::new().allow_private(true)))
            .err(),
        Some(JwkError::UnsupportedAlgorithm)
    );

    // A.3: P-256, public half verifies; the private key loads as a signing key.
    let a3 = case(&file, "RFC7515-A.3-ES256");
    let mut buf = doc(&a3["public_key"]);
    let key = Jwk::parse(&mut buf)
        .and_then(|j| j.verifying_key(&JwkOptions::new()))
        .expect("A.3 loads");
    assert_eq!(key.algorithm(), Algorithm::Es256);
    assert_eq!(
        verify_token(&key, a3["token"].as_str().expect("token")),
        Ok(())
    );
    let mut buf = doc(&a3["key"]);
    let signing = Jwk::parse(&mut buf)
        .and_then(|j| j.signing_key(&JwkOptions::new().allow_private(true)))
        .expect("A.3 private key loads");
    assert_eq!(signing.algorithm(), Algorithm::Es256);

    // A.4: P-521 is not supported.
    let a4 = case(&file, "RFC7515-A.4-ES512");
    let text = String::from_utf8(doc(&a4["public_key"])).expect("utf-8");
    assert_eq!(
        load(&text, &JwkOptions::new()),
        Err(JwkError::UnsupportedCurve)
    );
}

/// RFC 7638 §3.1: the example key and its SHA-256 thumbprint.
#[test]
fn rfc7638_thumbprint_example() {
    let mut jwk = br#"{
      "kty": "RSA",
      "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      "e": "AQAB",
      "alg": "RS256",
      "kid": "2011-04-29"
     }"#
    .to_vec();
    let jwk = Jwk::parse(&mut jwk).expect("parses");
    let mut out = [0u8; 43];
    assert_eq!(
        thumbprint_b64(&jwk, &mut out),
        Ok("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    );
    assert_eq!(jwk.kid, Some("2011-04-29"));
    #[cfg(feature = "rsa")]
    assert_eq!(
        jwk.verifying_key(&JwkOptions::new()).map(|k| k.algorithm()),
        Ok(Algorithm::Rs256)
    );
}

const N_2048: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
const P256_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const P256_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

fn rsa_jwk(extra: &str, n: &str, e: &str) -> String {
    format!(r#"{{"kty":"RSA"{extra},"n":"{n}","e":"{e}"}}"#)
}

#[cfg(feature = "rsa")]
#[test]
fn rsa_refusals() {
    let o = JwkOptions::new();
    assert_eq!(load(&rsa_jwk("", N_2048, "AQAB"), &o), Ok(Algorithm::Rs256));
    assert_eq!(
        load(&rsa_jwk(r#","alg":"PS512""#, N_2048, "AQAB"), &o),
        Ok(Algorithm::Ps512)
    );
    // Alg contradicting the key type, or not a JWS algorithm at all.
    for alg in ["ES256", "HS256", "EdDSA"] {
        assert_eq!(
            load(&rsa_jwk(&format!(r#","alg":"{alg}""#), N_2048, "AQAB"), &o),
            Err(JwkError::AlgorithmMismatch),
            "{alg}"
        );
    }
    for alg in ["RSA-OAEP", "none", "rs256"] {
        assert_eq!(
            load(&rsa_jwk(&format!(r#","alg":"{alg}""#), N_2048, "AQAB"), &o),
            Err(JwkError::UnsupportedAlgorithm),
            "{alg}"
        );
    }
    // No default algorithm configured.
    assert_eq!(
        load(&rsa_jwk("", N_2048, "AQAB"), &o.rsa_default_alg(None)),
        Err(JwkError::MissingAlgorithm)
    );
    // use / key_ops.
    assert_eq!(
        load(&rsa_jwk(r#","use":"enc""#, N_2048, "AQAB"), &o),
        Err(JwkError::NotForSignatures)
    );
    assert_eq!(
        load(
            &rsa_jwk(r#","key_ops":["encrypt","wrapKey"]"#, N_2048, "AQAB"),
            &o
        ),
        Err(JwkError::NotForSignatures)
    );
    assert_eq!(
        load(
            &rsa_jwk(r#","use":"sig","key_ops":["verify"]"#, N_2048, "AQAB"),
            &o
        ),
        Ok(Algorithm::Rs256)
    );
    assert_eq!(
        load(&rsa_jwk(r#","key_ops":"verify""#, N_2048, "AQAB"), &o),
        Err(JwkError::InvalidMember("key_ops"))
    );
    // Private members.
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        assert_eq!(
            load(
                &rsa_jwk(&format!(r#","{member}":"AQAB""#), N_2048, "AQAB"),
                &o
            ),
            Err(JwkError::PrivateKeyMaterial),
            "{member}"
        );
    }
    // Sizes: 1024 bits (the first 128 bytes of the 2048-bit modulus), 2047 bits, 4104 bits.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let n_bytes = b64.decode(N_2048).expect("n");
    assert_eq!(
        load(&rsa_jwk("", &b64.encode(&n_bytes[..128]), "AQAB"), &o),
        Err(JwkError::WeakKey)
    );
    let n_2047 = {
        let mut n = n_bytes.clone();
        n[0] = 0x7f;
        b64.encode(n)
    };
    assert_eq!(
        load(&rsa_jwk("", &n_2047, "AQAB"), &o),
        Err(JwkError::WeakKey)
    );
    let n_4104 = "_".repeat(684);
    assert_eq!(
        load(&rsa_jwk("", &n_4104, "AQAB"), &o),
        Err(JwkError::KeyTooLarge)
    );
    // Exponents: 3 and 2^32+1 need the policy; even and 1 never load.
    assert_eq!(
        load(&rsa_jwk("", N_2048, "Aw"), &o),
        Err(JwkError::ExponentNotAllowed)
    );
    let allow = o.rsa_exponents(edgeauth::RsaExponents::AllowOther);
    assert_eq!(
        load(&rsa_jwk("", N_2048, "Aw"), &allow),
        Ok(Algorithm::Rs256)
    );
    assert_eq!(
        load(&rsa_jwk("", N_2048, "AQ"), &allow),
        Err(JwkError::InvalidKey)
    );
    assert_eq!(
        load(&rsa_jwk("", N_2048, "BA"), &allow),
        Err(JwkError::InvalidKey)
    );
    assert_eq!(
        load(&rsa_jwk("", N_2048, "AQAAAAE"), &allow),
        Err(JwkError::ExponentNotAllowed)
    );
    // Non-minimal or non-canonical encodings.
    assert_eq!(
        load(&rsa_jwk("", &format!("AA{N_2048}"), "AQAB"), &o),
        Err(JwkError::InvalidMember("n"))
    );
    assert_eq!(
        load(&rsa_jwk("", N_2048, "AAEAAQ"), &o),
        Err(JwkError::InvalidMember("e"))
    );
    assert_eq!(
        load(&rsa_jwk("", N_2048, "AQAB="), &o),
        Err(JwkError::InvalidMember("e"))
    );
    assert_eq!(
        load(&rsa_jwk("", N_2048, "AQAC"), &o),
        Err(JwkError::InvalidKey)
    );
    assert_eq!(
        load(&rsa_jwk("", &N_2048.replace('w', "x"), "AQAB"), &o),
        Err(JwkError::InvalidMember("n"))
    );
    // Member types and presence.
    assert_eq!(
        load(r#"{"kty":"RSA","n":5,"e":"AQAB"}"#, &o),
        Err(JwkError::InvalidMember("n"))
    );
    assert_eq!(
        load(&rsa_jwk(r#","kid":7"#, N_2048, "AQAB"), &o),
        Err(JwkError::InvalidMember("kid"))
    );
    assert_eq!(
        load(r#"{"kty":"RSA","e":"AQAB"}"#, &o),
        Err(JwkError::MissingMember("n"))
    );
}

#[test]
fn type_and_document_refusals() {
    let o = JwkOptions::new();
    assert_eq!(
        load(r#"{"n":"AQAB"}"#, &o),
        Err(JwkError::MissingMember("kty"))
    );
    assert_eq!(
        load(r#"{"kty":"AKP"}"#, &o),
        Err(JwkError::UnsupportedKeyType)
    );
    assert_eq!(
        load(r#"{"kty":"rsa"}"#, &o),
        Err(JwkError::UnsupportedKeyType)
    );
    assert_eq!(
        load(r#"{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}"#, &o),
        Err(JwkError::UnsupportedCurve)
    );
    assert_eq!(
        load(r#"{"kty":"OKP","crv":"X25519","x":"AA"}"#, &o),
        Err(JwkError::UnsupportedCurve)
    );
    assert_eq!(
        load(r#"{"kty":"EC","x":"AA"}"#, &o),
        Err(JwkError::MissingMember("crv"))
    );
    assert!(matches!(
        load(r#"{"kty":"RSA","kty":"EC"}"#, &o),
        Err(JwkError::Json(_))
    ));
    assert!(matches!(load(r#"["kty"]"#, &o), Err(JwkError::Json(_))));
    assert!(matches!(
        load(r#"{"kty":"RSA""#, &o),
        Err(JwkError::Json(_))
    ));
}

#[cfg(feature = "es256")]
#[test]
fn ec_refusals() {
    let o = JwkOptions::new();
    let ec = |extra: &str, x: &str, y: &str| {
        format!(r#"{{"kty":"EC","crv":"P-256"{extra},"x":"{x}","y":"{y}"}}"#)
    };
    assert_eq!(load(&ec("", P256_X, P256_Y), &o), Ok(Algorithm::Es256));
    assert_eq!(
        load(&ec(r#","alg":"ES384""#, P256_X, P256_Y), &o),
        Err(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        load(&ec(r#","alg":"RS256""#, P256_X, P256_Y), &o),
        Err(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        load(&ec(r#","d":"AA""#, P256_X, P256_Y), &o),
        Err(JwkError::PrivateKeyMaterial)
    );
    // Short coordinate (leading zero byte dropped), point not on the curve.
    assert_eq!(
        load(&ec("", &P256_X[1..], P256_Y), &o),
        Err(JwkError::InvalidMember("x"))
    );
    let off_curve = P256_Y.replace('x', "y");
    assert_eq!(
        load(&ec("", P256_X, &off_curve), &o),
        Err(JwkError::InvalidKey)
    );
    assert_eq!(
        load(&ec("", P256_X, ""), &o),
        Err(JwkError::InvalidMember("y"))
    );
}

#[cfg(feature = "hmac")]
#[test]
fn oct_keys() {
    let o = JwkOptions::new().allow_private(true);
    let k32 =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    assert_eq!(
        load(&format!(r#"{{"kty":"oct","alg":"HS512","k":"{k32}"}}"#), &o),
        Ok(Algorithm::Hs512)
    );
    // 16-byte secret: too short for HS256.
    assert_eq!(
        load(
            r#"{"kty":"oct","alg":"HS256","k":"AAAAAAAAAAAAAAAAAAAAAA"}"#,
            &o
        ),
        Err(JwkError::InvalidKey)
    );
    assert_eq!(
        load(&format!(r#"{{"kty":"oct","alg":"RS256","k":"{k32}"}}"#), &o),
        Err(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        load(
            &format!(r#"{{"kty":"oct","alg":"HS256","k":"{k32}="}}"#),
            &o
        ),
        Err(JwkError::InvalidMember("k"))
    );
}
