//! The JOSE header of a token: what is read from it and what is refused.

use crate::alg::Algorithm;
use crate::error::{Error, ForbiddenHeader, JsonError, Part};
use crate::json::scan::{self, Cursor, SeenNames, Value};
use crate::keys::MAX_KID_LEN;

/// The header members edgeauth acts on, borrowed from the cooked header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    /// The algorithm (`alg`), already known to be supported.
    pub alg: Algorithm,
    /// The key id (`kid`), if any.
    pub kid: Option<&'a str>,
    /// The media type (`typ`), if any.
    pub typ: Option<&'a str>,
}

impl<'a> Header<'a> {
    /// Reads a cooked header object. `expected_typ` is the accepted `typ` (compared without
    /// regard to case, with or without the `application/` prefix of RFC 7515 §4.1.9).
    pub(crate) fn parse(cooked: &'a str, expected_typ: Option<&str>) -> Result<Self, Error> {
        let mut alg = None;
        let mut kid = None;
        let mut typ = None;
        let members = Cursor::new(cooked).members().ok_or(Error::Malformed)?;
        let mut seen = SeenNames::new();
        let duplicate = Error::Json {
            part: Part::Header,
            error: JsonError::DuplicateMember,
        };
        for (name, value) in members {
            if seen.is_duplicate(name) {
                return Err(duplicate);
            }
            match name {
                "alg" => alg = Some(value.as_str().ok_or(Error::MissingAlgorithm)?),
                "kid" => match value {
                    Value::Str(s) if s.len() <= MAX_KID_LEN => kid = Some(s),
                    _ => return Err(Error::InvalidKeyId),
                },
                "typ" => typ = Some(value.as_str().ok_or(Error::InvalidType)?),
                "crit" => return Err(Error::ForbiddenHeader(ForbiddenHeader::Crit)),
                "jku" => return Err(Error::ForbiddenHeader(ForbiddenHeader::Jku)),
                "x5u" => return Err(Error::ForbiddenHeader(ForbiddenHeader::X5u)),
                "jwk" => return Err(Error::ForbiddenHeader(ForbiddenHeader::Jwk)),
                "x5c" => return Err(Error::ForbiddenHeader(ForbiddenHeader::X5c)),
                "b64" => return Err(Error::ForbiddenHeader(ForbiddenHeader::B64)),
                // RFC 7515 §4: members that are not understood must be ignored.
                _ => {}
            }
        }
        if seen.needs_full_check() && scan::has_duplicate_member(cooked.as_bytes()) {
            return Err(duplicate);
        }
        let name = alg.ok_or(Error::MissingAlgorithm)?;
        if name.eq_ignore_ascii_case("none") {
            return Err(Error::AlgorithmNone);
        }
        let alg = Algorithm::from_name(name).ok_or(Error::UnsupportedAlgorithm)?;
        if !alg.is_supported() {
            return Err(Error::UnsupportedAlgorithm);
        }
        if let (Some(typ), Some(expected)) = (typ, expected_typ)
            && !typ_matches(typ, expected)
        {
            return Err(Error::InvalidType);
        }
        Ok(Header { alg, kid, typ })
    }
}

fn typ_matches(typ: &str, expected: &str) -> bool {
    if typ.eq_ignore_ascii_case(expected) {
        return true;
    }
    let prefix = "application/";
    typ.len() == prefix.len() + expected.len()
        && typ.is_char_boundary(prefix.len())
        && typ[..prefix.len()].eq_ignore_ascii_case(prefix)
        && typ[prefix.len()..].eq_ignore_ascii_case(expected)
}
