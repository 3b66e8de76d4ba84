//! The member-level view of one JWK (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2): which members are
//! present, each checked for its JSON type, with nothing decoded yet.
//!
//! Owns the rule that every member edgeauth reads must have the JSON type the RFCs give it; a
//! member of the wrong type is an error, never ignored. Unknown members (`x5c`, `x5t`,
//! `x5t#S256`, `x5u`, vendor extensions) are ignored: edgeauth trusts the keys the caller loads,
//! not certificate chains.

use super::JwkError;
use crate::json::scan::{Cursor, Value};

/// Members of RSA, EC and OKP keys that only private keys have (RFC 7518 §6.3.2, §6.2.2,
/// RFC 8037 §2).
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// One JWK, as borrowed strings of a cooked document.
#[derive(Clone, Copy, Debug, Default)]
pub struct Jwk<'a> {
    /// `kty`.
    pub kty: &'a str,
    /// `kid`.
    pub kid: Option<&'a str>,
    /// `alg`.
    pub alg: Option<&'a str>,
    /// `use`.
    pub use_: Option<&'a str>,
    /// `key_ops` (the cooked array text), if present.
    pub(crate) key_ops: Option<&'a str>,
    /// `crv` (EC, OKP).
    pub crv: Option<&'a str>,
    /// `x` (EC, OKP).
    pub x: Option<&'a str>,
    /// `y` (EC).
    pub y: Option<&'a str>,
    /// `n` (RSA).
    pub n: Option<&'a str>,
    /// `e` (RSA).
    pub e: Option<&'a str>,
    /// `k` (oct): secret.
    pub(crate) k: Option<&'a str>,
    /// `d` (EC, OKP, RSA): secret.
    pub(crate) d: Option<&'a str>,
    /// Whether any private member (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`) is present.
    pub has_private: bool,
}

impl<'a> Jwk<'a> {
    /// Reads the members of the cooked JWK object `obj`.
    pub(crate) fn from_cooked(obj: &'a str) -> Result<Jwk<'a>, JwkError> {
        let members = Cursor::new(obj).members().ok_or(JwkError::NotAnObject)?;
        let mut jwk = Jwk::default();
        let mut kty = None;
        for (name, value) in members {
            let slot = match name {
                "kty" => &mut kty,
                "kid" => &mut jwk.kid,
                "alg" => &mut jwk.alg,
                "use" => &mut jwk.use_,
                "crv" => &mut jwk.crv,
                "x" => &mut jwk.x,
                "y" => &mut jwk.y,
                "n" => &mut jwk.n,
                "e" => &mut jwk.e,
                "k" => &mut jwk.k,
                "d" => &mut jwk.d,
                "key_ops" => {
                    let Value::Array(ops) = value else {
                        return Err(JwkError::InvalidMember("key_ops"));
                    };
                    let elements = Cursor::new(ops)
                        .elements()
                        .ok_or(JwkError::InvalidMember("key_ops"))?;
                    for op in elements {
                        op.as_str().ok_or(JwkError::InvalidMember("key_ops"))?;
                    }
                    jwk.key_ops = Some(ops);
                    continue;
                }
                _ => {
                    if PRIVATE_MEMBERS.contains(&name) {
                        jwk.has_private = true;
                    }
                    continue;
                }
            };
            *slot = Some(
                value
                    .as_str()
                    .ok_or(JwkError::InvalidMember(member(name)))?,
            );
        }
        jwk.has_private |= jwk.d.is_some();
        jwk.kty = kty.ok_or(JwkError::MissingMember("kty"))?;
        Ok(jwk)
    }

    /// Whether `key_ops`, when present, contains `op`.
    pub(crate) fn key_ops_allow(&self, op: &str) -> bool {
        let Some(ops) = self.key_ops else {
            return true;
        };
        Cursor::new(ops)
            .elements()
            .is_some_and(|mut it| it.any(|v| v.as_str() == Some(op)))
    }
}

/// The `'static` name of a string member, for error reporting.
fn member(name: &str) -> &'static str {
    const NAMES: [&str; 11] = [
        "kty", "kid", "alg", "use", "crv", "x", "y", "n", "e", "k", "d",
    ];
    NAMES.into_iter().find(|n| *n == name).unwrap_or("?")
}
