//! JWK Set documents (RFC 7517 §5) loaded into a fixed-capacity [`KeySet`].
//!
//! Owns the set-level policy: which refusals skip one key and which reject the document.
//!
//! *Skipped and counted* (real IdP documents mix key types and purposes, and a gateway must not
//! go down because its IdP added an Ed448 or an encryption key): an unknown `kty`; an unknown
//! `crv` or an `alg` that is not a JWS algorithm this build verifies (e.g. P-521/`ES512`,
//! `RSA-OAEP`); `use` other than `sig` or `key_ops` without `verify` (Keycloak publishes its
//! `enc` key next to its signing keys).
//!
//! *Fatal* (the document is wrong or dangerous, and loading part of it would hide that): invalid
//! JSON, no `keys` array, a non-object element, private key members (unless
//! [`JwkOptions::allow_private`]), an `alg` contradicting the key type, a weak (< 2048-bit) RSA
//! modulus, a disallowed exponent, invalid key material, a duplicate or over-long `kid`, and a
//! full set.

use super::convert::kty;
use super::{Jwk, JwkError, JwkOptions};
use crate::json;
use crate::json::scan::{Value, find_member};
use crate::keys::{InsertErrorKind, KeySet};

/// What [`load_jwks`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct JwksSummary {
    /// Keys inserted into the set.
    pub loaded: usize,
    /// Keys skipped because their `kty` is unknown (or compiled out).
    pub skipped_unknown_type: usize,
    /// Keys skipped because their `crv` or `alg` is not one this build verifies.
    pub skipped_unsupported: usize,
    /// Keys skipped because `use`/`key_ops` say they are not for verifying signatures.
    pub skipped_not_for_signatures: usize,
}

impl JwksSummary {
    /// All keys skipped, for whatever reason.
    pub fn skipped(&self) -> usize {
        self.skipped_unknown_type + self.skipped_unsupported + self.skipped_not_for_signatures
    }
}

/// A rejected key set document: why, and which element of `keys` (0-based), if one is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JwksError {
    /// The index in `keys` of the offending key.
    pub index: Option<usize>,
    /// Why.
    pub error: JwkError,
}

impl core::fmt::Display for JwksError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.index {
            Some(i) => write!(f, "key {i}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

impl core::error::Error for JwksError {}

/// Loads the JWK Set in `doc` (unescaped in place) into `keys`, under `options`.
///
/// On error, `keys` may already hold some keys of the document: load into a fresh set and
/// replace the live one only on success (key rotation then never leaves a half-loaded set).
///
/// # Examples
/// ```
/// use edgeauth::KeySet;
/// use edgeauth::jwk::{JwkOptions, load_jwks};
/// let mut doc = *br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},{"kty":"AKP","kid":"pq"}]}"#;
/// let mut keys: KeySet<'_, 4> = KeySet::new();
/// let summary = load_jwks(&mut doc, &JwkOptions::new(), &mut keys)?;
/// assert_eq!((summary.loaded, summary.skipped_unknown_type), (1, 1));
/// # Ok::<(), edgeauth::jwk::JwksError>(())
/// ```
pub fn load_jwks<'k, const N: usize>(
    doc: &mut [u8],
    options: &JwkOptions,
    keys: &mut KeySet<'k, N>,
) -> Result<JwksSummary, JwksError> {
    let whole = |error| JwksError { index: None, error };
    json::cook(doc).map_err(|e| whole(JwkError::Json(e)))?;
    let doc: &[u8] = doc;
    let Some(Value::Array(list)) = find_member(doc, "keys") else {
        return Err(whole(JwkError::MissingKeys));
    };
    let elements = json::scan::Cursor::new(list)
        .elements()
        .ok_or(whole(JwkError::MissingKeys))?;
    let mut summary = JwksSummary::default();
    for (index, element) in elements.enumerate() {
        let at = |error| JwksError {
            index: Some(index),
            error,
        };
        let Value::Object(obj) = element else {
            return Err(at(JwkError::NotAnObject));
        };
        let jwk = Jwk::from_cooked(obj).map_err(at)?;
        if let Err(JwkError::UnsupportedKeyType) = kty(&jwk) {
            summary.skipped_unknown_type += 1;
            continue;
        }
        let key = match jwk.verifying_key(options) {
            Ok(key) => key,
            Err(JwkError::UnsupportedKeyType) => {
                summary.skipped_unknown_type += 1;
                continue;
            }
            Err(JwkError::UnsupportedCurve | JwkError::UnsupportedAlgorithm) => {
                summary.skipped_unsupported += 1;
                continue;
            }
            Err(JwkError::NotForSignatures) => {
                summary.skipped_not_for_signatures += 1;
                continue;
            }
            Err(e) => return Err(at(e)),
        };
        keys.insert(jwk.kid, key).map_err(|e| {
            at(match e.kind {
                InsertErrorKind::Full => JwkError::SetFull,
                InsertErrorKind::DuplicateKid => JwkError::DuplicateKid,
                _ => JwkError::KidTooLong,
            })
        })?;
        summary.loaded += 1;
    }
    Ok(summary)
}
