//! The JOSE header of a token: what is read from it and what is refused.

use crate::alg::Algorithm;
use crate::error::{Error, ForbiddenHeader};
use crate::json::index::Index;
use crate::json::scan::Value;
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

/// The two spellings of the most common header, `{"alg":"<5 characters>","typ":"JWT"}` and the
/// same with `typ` first (as `jsonwebtoken` writes it): the text around the algorithm name.
const COMMON_SHAPES: [(&[u8], &[u8]); 2] = [
    (br#"{"alg":""#, br#"","typ":"JWT"}"#),
    (br#"{"typ":"JWT","alg":""#, br#""}"#),
];

impl<'a> Header<'a> {
    /// Reads a decoded header (step 4): the common shapes above directly, anything else through
    /// the strict JSON reader.
    ///
    /// The shortcut changes nothing about what is accepted: a header byte-identical to
    /// `{"alg":"HS256","typ":"JWT"}` has no escapes, no duplicates and no other members, so the
    /// reader would produce exactly this result; any other algorithm text (unknown, `none`,
    /// escaped, not UTF-8) falls through to the reader, which reports it.
    pub(crate) fn read(decoded: &'a mut [u8], expected_typ: Option<&str>) -> Result<Self, Error> {
        if let Some(alg) = common_shape_algorithm(decoded) {
            return Header {
                alg,
                kid: None,
                typ: Some("JWT"),
            }
            .check(expected_typ);
        }
        let (cooked, index) = crate::json::cook_indexed(decoded).map_err(|error| Error::Json {
            part: crate::error::Part::Header,
            error,
        })?;
        Header::parse(cooked, &index, expected_typ)
    }

    /// Reads a cooked header object through its member index (duplicates already refused by the
    /// cooker). `expected_typ` is the accepted `typ` (compared without regard to case, with or
    /// without the `application/` prefix of RFC 7515 §4.1.9).
    pub(crate) fn parse(
        cooked: &'a str,
        index: &Index,
        expected_typ: Option<&str>,
    ) -> Result<Self, Error> {
        let mut alg = None;
        let mut kid = None;
        let mut typ = None;
        for (name, value, _) in index.members(cooked) {
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
        let name = alg.ok_or(Error::MissingAlgorithm)?;
        if name.eq_ignore_ascii_case("none") {
            return Err(Error::AlgorithmNone);
        }
        let alg = Algorithm::from_name(name).ok_or(Error::UnsupportedAlgorithm)?;
        Header { alg, kid, typ }.check(expected_typ)
    }

    /// The rules that do not depend on how the header was read: a supported algorithm and the
    /// expected `typ`.
    fn check(self, expected_typ: Option<&str>) -> Result<Self, Error> {
        if !self.alg.is_supported() {
            return Err(Error::UnsupportedAlgorithm);
        }
        if let (Some(typ), Some(expected)) = (self.typ, expected_typ)
            && !typ_matches(typ, expected)
        {
            return Err(Error::InvalidType);
        }
        Ok(self)
    }
}

/// The algorithm of a header in one of the [`COMMON_SHAPES`] with a known five-character name.
fn common_shape_algorithm(decoded: &[u8]) -> Option<Algorithm> {
    COMMON_SHAPES.iter().find_map(|(before, after)| {
        let rest = decoded.strip_prefix(*before)?.strip_suffix(*after)?;
        let name = core::str::from_utf8(rest).ok().filter(|n| n.len() == 5)?;
        Algorithm::from_name(name)
    })
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
