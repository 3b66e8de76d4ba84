//! The reference check for the strict JSON reader, shared by `tests/json_differential.rs` and
//! the `signed_json` fuzz target (`core/fuzz`): a header and payload are signed with HS256 by the
//! `hmac` crate (so even headers edgeauth's own encoder would refuse get a valid signature), the
//! token is verified, and the outcome is judged against `serde_json`.
//!
//! What must hold: a correctly signed token is never refused as forged; whatever edgeauth
//! accepts, `serde_json` reads as an object too, and every top-level string, boolean, integer and
//! string-array member reads back through the typed accessors exactly as `serde_json` sees it; a
//! document `serde_json` accepts is refused only for edgeauth's documented extra strictness
//! (a duplicate member, nesting deeper than 16). Any violation panics.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use edgeauth::{Error, JsonError, KeySet, Part, Validation, Verifier, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

/// The HS256 secret both sides use.
pub const SECRET: &[u8] = b"fuzz-secret-0123456789abcdefghij";
/// The header of a token whose test input is a payload only.
pub const PLAIN_HEADER: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;

/// The compact HS256 token of exactly these header and payload bytes.
pub fn sign(header: &[u8], payload: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET).unwrap();
    mac.update(input.as_bytes());
    let tag = mac.finalize().into_bytes();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag))
}

/// `serde_json`'s reading of `doc`, or `None` where it refuses it for a reason edgeauth does not
/// share: a number outside `f64`'s range (edgeauth checks the grammar only and leaves values to
/// the accessors).
fn reference(doc: &[u8]) -> Option<Result<Value, ()>> {
    match serde_json::from_slice::<Value>(doc) {
        Ok(value) => Some(Ok(value)),
        Err(e) if e.to_string().contains("number out of range") => None,
        Err(_) => Some(Err(())),
    }
}

/// The nesting depth of a `serde_json` value (the top-level object is 1).
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether some object in `doc` names a member twice: `serde_json` keeps the last one silently,
/// edgeauth refuses the document. Detected by comparing member counts: `serde_json` reading the
/// raw text into a map of arbitrary values drops the duplicates.
fn may_have_duplicates(doc: &[u8], value: &Value) -> bool {
    let colons_outside_strings = count_member_separators(doc);
    colons_outside_strings != count_members(value)
}

fn count_members(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.iter().map(count_members).sum(),
        Value::Object(members) => {
            members.len() + members.values().map(count_members).sum::<usize>()
        }
        _ => 0,
    }
}

/// The number of `:` outside strings, i.e. of object members, in a valid JSON text.
fn count_member_separators(doc: &[u8]) -> usize {
    let (mut in_string, mut escaped, mut count) = (false, false, 0);
    for &b in doc {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b':' {
            count += 1;
        }
    }
    count
}

/// A refusal of a document `serde_json` accepted must be one of edgeauth's documented extras.
fn check_refusal(part: Part, doc: &[u8], error: JsonError) {
    let Some(Ok(value)) = reference(doc) else {
        return;
    };
    if !value.is_object() {
        return;
    }
    let explained = match error {
        JsonError::DuplicateMember => may_have_duplicates(doc, &value),
        JsonError::TooDeep => depth(&value) > edgeauth::json::MAX_DEPTH,
        _ => false,
    };
    assert!(
        explained,
        "{part:?} accepted by serde_json but refused with {error:?}: {:?}",
        String::from_utf8_lossy(doc)
    );
}

/// Signs `header.payload` with HS256 and verifies it; panics on any violation of the rules above.
/// Returns whether edgeauth accepted the token.
pub fn check(header: &[u8], payload: &[u8]) -> bool {
    let token = sign(header, payload);

    let mut keys: KeySet<'static, 1> = KeySet::new();
    keys.insert(Some("h"), VerifyingKey::hs256(SECRET).unwrap())
        .map_err(|e| e.kind)
        .unwrap();
    let validation = Validation::new(1_700_000_000).allow_missing_exp();
    let mut scratch = [0u8; 16384];
    let verified = match Verifier::new(&keys).verify(&token, &validation, &mut scratch) {
        Ok(verified) => verified,
        Err(Error::Json { part, error }) => {
            let doc = if part == Part::Header {
                header
            } else {
                payload
            };
            check_refusal(part, doc, error);
            return false;
        }
        Err(Error::InvalidSignature) => panic!("a correctly signed token was refused as forged"),
        Err(_) => return false,
    };

    // Accepted: the header and payload are JSON objects for serde_json too.
    let Some(header_value) = reference(header) else {
        return true;
    };
    let header_value = header_value.expect("edgeauth accepted a header serde_json refuses");
    assert_eq!(
        header_value.get("alg").and_then(Value::as_str),
        Some("HS256")
    );
    let Some(payload_value) = reference(payload) else {
        return true;
    };
    let payload_value = payload_value.expect("edgeauth accepted a payload serde_json refuses");
    let members = payload_value
        .as_object()
        .expect("edgeauth accepted a non-object payload");
    assert!(
        !may_have_duplicates(payload, &payload_value),
        "duplicate member accepted"
    );
    assert!(depth(&payload_value) <= edgeauth::json::MAX_DEPTH);

    // Every top-level member reads back exactly as serde_json sees it.
    for (name, value) in members {
        match value {
            Value::String(s) => assert_eq!(verified.str_claim(name), Ok(Some(s.as_str()))),
            Value::Bool(b) => assert_eq!(verified.bool_claim(name), Ok(Some(*b))),
            Value::Number(n) if n.is_u64() => {
                assert_eq!(verified.u64_claim(name), Ok(n.as_u64()));
            }
            Value::Number(n) if n.is_i64() => {
                assert_eq!(verified.i64_claim(name), Ok(n.as_i64()));
            }
            Value::Array(items) if items.iter().all(Value::is_string) => {
                let ours: Vec<&str> = verified
                    .str_array_claim(name)
                    .unwrap()
                    .unwrap()
                    .into_iter()
                    .collect();
                let theirs: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                assert_eq!(ours, theirs);
            }
            _ => assert_eq!(verified.str_claim(name), Err(Error::CustomClaimType)),
        }
    }
    let claims = verified.claims();
    let text = |name: &str| members.get(name).and_then(Value::as_str);
    assert_eq!(claims.sub(), text("sub"));
    assert_eq!(claims.iss(), text("iss"));
    assert_eq!(claims.jti(), text("jti"));
    assert_eq!(claims.exp(), members.get("exp").and_then(Value::as_u64));
    let _ = verified.deserialize::<Value>();
    true
}
