//! [`Verified`]: a token whose signature and registered claims have been checked, and the
//! allocation-free ways to read its claims.

use super::header::Header;
use crate::alg::Algorithm;
use crate::claims::{RegisteredClaims, StrArray};
use crate::error::Error;
use crate::json::index::Index;
use crate::json::scan::Value;

/// A verified token. The only way to obtain one is [`crate::Verifier::verify`], so holding one
/// means the signature, the header rules and the [`crate::Validation`] all passed.
///
/// Claims are borrowed from the scratch buffer given to the verifier; strings are already
/// unescaped (`\/`, `\u00e9`, surrogate pairs).
#[derive(Clone, Copy, Debug)]
pub struct Verified<'a> {
    header: Header<'a>,
    payload: &'a str,
    /// Where the payload's top-level members are, so that reading a claim is a lookup, not a
    /// walk over the payload.
    index: Index,
    claims: RegisteredClaims<'a>,
}

impl<'a> Verified<'a> {
    pub(crate) fn new(
        header: Header<'a>,
        payload: &'a str,
        index: Index,
        claims: RegisteredClaims<'a>,
    ) -> Self {
        Verified {
            header,
            payload,
            index,
            claims,
        }
    }

    /// The algorithm the token was verified with.
    pub fn algorithm(&self) -> Algorithm {
        self.header.alg
    }

    /// The header's `kid`, if any.
    pub fn kid(&self) -> Option<&'a str> {
        self.header.kid
    }

    /// The registered claims.
    pub fn claims(&self) -> &RegisteredClaims<'a> {
        &self.claims
    }

    fn find(&self, name: &str) -> Option<Value<'a>> {
        self.index.get(self.payload, name)
    }

    /// A string claim: `Ok(None)` if absent, [`Error::CustomClaimType`] if not a string
    /// (`null` included: null is not "absent").
    pub fn str_claim(&self, name: &str) -> Result<Option<&'a str>, Error> {
        match self.find(name) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(_) => Err(Error::CustomClaimType),
        }
    }

    /// A boolean claim.
    pub fn bool_claim(&self, name: &str) -> Result<Option<bool>, Error> {
        match self.find(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(Error::CustomClaimType),
        }
    }

    /// An integer claim that fits `i64` (fractions and exponents are a type error).
    pub fn i64_claim(&self, name: &str) -> Result<Option<i64>, Error> {
        match self.find(name) {
            None => Ok(None),
            Some(Value::Number(n)) if !n.contains(['.', 'e', 'E']) => {
                n.parse().map(Some).map_err(|_| Error::CustomClaimType)
            }
            Some(_) => Err(Error::CustomClaimType),
        }
    }

    /// A non-negative integer claim that fits `u64`.
    pub fn u64_claim(&self, name: &str) -> Result<Option<u64>, Error> {
        match self.find(name) {
            None => Ok(None),
            Some(Value::Number(n)) if !n.contains(['.', 'e', 'E', '-']) => {
                n.parse().map(Some).map_err(|_| Error::CustomClaimType)
            }
            Some(_) => Err(Error::CustomClaimType),
        }
    }

    /// Any number claim as `f64`.
    pub fn f64_claim(&self, name: &str) -> Result<Option<f64>, Error> {
        match self.find(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n.parse().map(Some).map_err(|_| Error::CustomClaimType),
            Some(_) => Err(Error::CustomClaimType),
        }
    }

    /// An array-of-strings claim (e.g. `roles`, `scp`), iterated without allocation. An array
    /// holding anything but strings is a type error.
    pub fn str_array_claim(&self, name: &str) -> Result<Option<StrArray<'a>>, Error> {
        match self.index.get_typed(self.payload, name) {
            None => Ok(None),
            Some((Value::Array(a), all_strings)) => StrArray::new(a, all_strings)
                .map(Some)
                .ok_or(Error::CustomClaimType),
            Some(_) => Err(Error::CustomClaimType),
        }
    }

    /// Deserializes the whole payload into the caller's type, borrowing strings from the scratch
    /// buffer (use `&'a str` fields; `String`/`Vec` need an allocator edgeauth does not have).
    pub fn deserialize<T: serde::Deserialize<'a>>(&self) -> Result<T, Error> {
        crate::json::de::from_cooked(self.payload).map_err(Error::Deserialize)
    }

    /// The payload JSON after in-place unescaping (escaped strings are in edgeauth's internal
    /// cooked form, so this is for logging sizes and debugging, not for a JSON parser).
    pub fn cooked_payload(&self) -> &'a str {
        self.payload
    }
}
