//! JWK Set loading: the IdP-shaped sample in `data/jwks/` (made by `data/jwks/generate.py`,
//! signed by OpenSSL) loads, every token verifies with the key its `kid` names, and the set-level
//! refusals behave as documented in `edgeauth::jwk::load_jwks`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(all(feature = "rsa", feature = "es256", feature = "es384"))]

use edgeauth::jwk::{JwkError, JwkOptions, JwksError, load_jwks};
use edgeauth::{Algorithm, Error, KeySet, Validation, Verifier};
use serde_json::Value;

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/jwks/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("committed test data")
}

#[test]
fn idp_sample_loads_and_verifies_every_token() {
    let mut doc = data("idp_jwks.json");
    let mut keys: KeySet<'_, 8> = KeySet::new();
    let summary = load_jwks(&mut doc, &JwkOptions::new(), &mut keys).expect("sample loads");
    // 4 RSA + P-256 + P-384 loaded; the RSA-OAEP `enc` key, the X25519 key and the AKP key not.
    assert_eq!(summary.loaded, 6);
    assert_eq!(summary.skipped_not_for_signatures, 1);
    assert_eq!(summary.skipped_unsupported, 1);
    assert_eq!(summary.skipped_unknown_type, 1);
    assert_eq!(summary.skipped(), 3);
    let kids: Vec<_> = keys
        .iter()
        .map(|(kid, k)| (kid.expect("kid"), k.algorithm()))
        .collect();
    assert_eq!(
        kids,
        [
            ("k2026-01-a9F3", Algorithm::Rs256),
            ("k2026-04-Qz71", Algorithm::Rs256),
            ("k2026-07-ps3K", Algorithm::Ps256),
            ("k2026-10-L4rg", Algorithm::Rs512),
            ("ec-p256-1", Algorithm::Es256),
            ("ec-p384-1", Algorithm::Es384),
        ]
    );

    let tokens: Value = serde_json::from_slice(&data("idp_tokens.json")).expect("JSON");
    let issuer = [tokens["issuer"].as_str().expect("issuer")];
    let audience = [tokens["audience"].as_str().expect("audience")];
    let now = tokens["now"].as_u64().expect("now");
    let validation = Validation::new(now).issuers(&issuer).audiences(&audience);
    let verifier = Verifier::new(&keys);
    let list = tokens["tokens"].as_array().expect("tokens");
    assert_eq!(list.len(), 6);
    for t in list {
        let token = t["token"].as_str().expect("token");
        let mut scratch = [0u8; 2048];
        let verified = verifier
            .verify(token, &validation, &mut scratch)
            .unwrap_or_else(|e| panic!("{} ({}) refused: {e}", t["kid"], t["alg"]));
        assert_eq!(verified.kid(), t["kid"].as_str());
        // The last signature character changed: refused (base64 or signature, never accepted).
        let mut forged = token.to_string();
        let last = forged.pop().expect("non-empty");
        forged.push(if last == 'A' { 'Q' } else { 'A' });
        let err = verifier.verify(&forged, &validation, &mut scratch).err();
        assert!(
            matches!(err, Some(Error::InvalidSignature | Error::Base64)),
            "{}: {err:?}",
            t["kid"]
        );
    }
}

#[test]
fn four_key_rsa_document_loads() {
    let mut doc = data("rsa4_jwks.json");
    let mut keys: KeySet<'_, 4> = KeySet::new();
    let summary = load_jwks(&mut doc, &JwkOptions::new(), &mut keys).expect("loads");
    assert_eq!((summary.loaded, summary.skipped()), (4, 0));
    // A set one key too small is refused at the fifth... here at the fourth key.
    let mut doc = data("rsa4_jwks.json");
    let mut small: KeySet<'_, 3> = KeySet::new();
    assert_eq!(
        load_jwks(&mut doc, &JwkOptions::new(), &mut small),
        Err(JwksError {
            index: Some(3),
            error: JwkError::SetFull
        })
    );
}

const KEY_A: &str = r#"{"kty":"EC","crv":"P-256","kid":"a","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;

fn load(doc: &str) -> Result<usize, JwksError> {
    let mut buf = doc.as_bytes().to_vec();
    let mut keys: KeySet<'_, 4> = KeySet::new();
    load_jwks(&mut buf, &JwkOptions::new(), &mut keys).map(|s| s.loaded)
}

#[test]
fn set_level_refusals() {
    let at = |index, error| {
        Err(JwksError {
            index: Some(index),
            error,
        })
    };
    assert_eq!(load(&format!(r#"{{"keys":[{KEY_A}]}}"#)), Ok(1));
    assert_eq!(load(r#"{"keys":[]}"#), Ok(0));
    // Duplicate kid.
    assert_eq!(
        load(&format!(r#"{{"keys":[{KEY_A},{KEY_A}]}}"#)),
        at(1, JwkError::DuplicateKid)
    );
    // Private members anywhere in the set are fatal.
    let private = KEY_A.replace(r#""kid":"a""#, r#""kid":"b","d":"AAAA""#);
    assert_eq!(
        load(&format!(r#"{{"keys":[{KEY_A},{private}]}}"#)),
        at(1, JwkError::PrivateKeyMaterial)
    );
    // An alg contradicting the key type is fatal, an unknown alg skips the key.
    let wrong = KEY_A.replace(r#""kid":"a""#, r#""kid":"b","alg":"RS256""#);
    assert_eq!(
        load(&format!(r#"{{"keys":[{KEY_A},{wrong}]}}"#)),
        at(1, JwkError::AlgorithmMismatch)
    );
    let unknown = KEY_A.replace(r#""kid":"a""#, r#""kid":"b","alg":"ES512""#);
    assert_eq!(load(&format!(r#"{{"keys":[{KEY_A},{unknown}]}}"#)), Ok(1));
    // Unknown kty, use=enc: skipped.
    assert_eq!(
        load(&format!(
            r#"{{"keys":[{{"kty":"XYZ"}},{KEY_A},{{"kty":"RSA","use":"enc"}}]}}"#
        )),
        Ok(1)
    );
    // Document shape.
    let whole = |error| Err(JwksError { index: None, error });
    assert_eq!(load(r#"{"keys":{}}"#), whole(JwkError::MissingKeys));
    assert_eq!(load(r#"{"key":[]}"#), whole(JwkError::MissingKeys));
    assert_eq!(load(r#"{"keys":[1]}"#), at(0, JwkError::NotAnObject));
    assert_eq!(
        load(r#"{"keys":[{"kid":"x"}]}"#),
        at(0, JwkError::MissingMember("kty"))
    );
    assert!(matches!(
        load(r#"{"keys":[}"#),
        Err(JwksError {
            index: None,
            error: JwkError::Json(_)
        })
    ));
    // kid longer than MAX_KID_LEN.
    let long = KEY_A.replace(r#""kid":"a""#, &format!(r#""kid":"{}""#, "k".repeat(129)));
    assert_eq!(
        load(&format!(r#"{{"keys":[{long}]}}"#)),
        at(0, JwkError::KidTooLong)
    );
}
