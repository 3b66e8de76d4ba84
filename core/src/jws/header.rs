//! The JOSE header of a token: what is read from it and what is refused.

use crate::alg::Algorithm;
use crate::error::{Error, ForbiddenHeader};
use crate::json::index::{Index, short_tag};
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
#[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
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
    ///
    /// The shortcut is compiled for 64-bit targets without `small-flash` only: on a
    /// microcontroller its code (about 200 B) matters more than the time it saves.
    pub(crate) fn read(decoded: &'a mut [u8], expected_typ: Option<&str>) -> Result<Self, Error> {
        #[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
        if let Some(alg) = common_shape_algorithm(decoded) {
            return Header {
                alg,
                kid: None,
                typ: Some("JWT"),
            }
            .check(expected_typ);
        }
        Header::read_json(decoded, expected_typ)
    }

    /// [`Header::read`] through the strict JSON reader. In its own frame on 32-bit targets so
    /// that the header's member index is off the stack when the signature check runs (measured on
    /// the Cortex-M4 firmware, see `Verifier::check_signature`).
    #[cfg_attr(target_pointer_width = "32", inline(never))]
    fn read_json(decoded: &'a mut [u8], expected_typ: Option<&str>) -> Result<Self, Error> {
        let mut index = Index::new();
        let cooked = crate::json::cook_into(decoded, &mut index).map_err(|error| Error::Json {
            part: crate::error::Part::Header,
            error,
        })?;
        Header::parse(cooked, &index, expected_typ)
    }

    /// Recognizes a token that starts with the base64url text of `{"alg":"<name>","typ":"JWT"}`
    /// for a supported algorithm (what edgeauth and most libraries write) and returns that header
    /// and the length of its text, without decoding it. Base64url decoding is strict and
    /// therefore one-to-one, so this header text decodes to exactly these bytes, and the reader
    /// would produce exactly this result from them; every other header (`kid`, other members,
    /// another order) returns `None` and is decoded and read as usual.
    ///
    /// Only on 64-bit targets: there the time matters most, and flash for the table does not.
    #[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
    pub(crate) fn read_plain(
        token: &[u8],
        expected_typ: Option<&str>,
    ) -> Option<Result<(Self, usize), Error>> {
        // Every plain header of a five-character name is 36 characters; characters 8..16 hold
        // the start of the name, so one integer compare finds the only candidate.
        const LEN: usize = 36;
        let (text, rest) = token.split_first_chunk::<LEN>()?;
        if rest.first() != Some(&b'.') {
            return None;
        }
        let wanted = probe(text)?;
        let position = PLAIN_PROBES.iter().position(|&p| p == wanted)?;
        let alg = *Algorithm::ALL.get(position)?;
        // Fixed-size arrays: the compare is inlined, not a `memcmp` call.
        let plain = crate::jws::encode::plain_header(alg)?.first_chunk::<LEN>()?;
        if !alg.is_supported() || plain != text {
            return None;
        }
        let header = Header {
            alg,
            kid: None,
            typ: Some("JWT"),
        };
        Some(header.check(expected_typ).map(|h| (h, LEN)))
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
        // Every name acted on has three or four bytes, told apart by length and tag alone.
        for (len, tag, value, _) in index.short_members::<3, 4>(cooked) {
            let known = MEMBER_TAGS
                .iter()
                .position(|&t| t == tag && len == tag_len(t))
                .and_then(|i| MEMBERS.get(i));
            match known.copied() {
                Some(Member::Alg) => alg = Some(value.as_str().ok_or(Error::MissingAlgorithm)?),
                Some(Member::Kid) => match value {
                    Value::Str(s) if s.len() <= MAX_KID_LEN => kid = Some(s),
                    _ => return Err(Error::InvalidKeyId),
                },
                Some(Member::Typ) => typ = Some(value.as_str().ok_or(Error::InvalidType)?),
                Some(Member::Forbidden(which)) => return Err(Error::ForbiddenHeader(which)),
                // RFC 7515 §4: members that are not understood must be ignored.
                None => {}
            }
        }
        let name = alg.ok_or(Error::MissingAlgorithm)?;
        if same_ignoring_case(name.as_bytes(), b"none") {
            return Err(Error::AlgorithmNone);
        }
        // An algorithm this build does not support is refused either way; looking among the
        // supported ones only keeps the other names out of the binary.
        let alg = Algorithm::supported_from_name(name).ok_or(Error::UnsupportedAlgorithm)?;
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
#[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
fn common_shape_algorithm(decoded: &[u8]) -> Option<Algorithm> {
    COMMON_SHAPES.iter().find_map(|(before, after)| {
        let rest = decoded.strip_prefix(*before)?.strip_suffix(*after)?;
        let name = core::str::from_utf8(rest).ok().filter(|n| n.len() == 5)?;
        Algorithm::from_name(name)
    })
}

/// Characters 8..16 of a plain header text as an integer: they encode the first bytes of the
/// algorithm name, and differ for every algorithm (checked by a test).
#[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
const fn probe(text: &[u8]) -> Option<u64> {
    if text.len() < 16 {
        return None;
    }
    let mut bytes = [0u8; 8];
    let mut i = 0;
    while i < 8 {
        bytes[i] = text[8 + i];
        i += 1;
    }
    Some(u64::from_le_bytes(bytes))
}

/// [`probe`] of every algorithm's plain header, indexed like [`Algorithm::ALL`].
#[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
static PLAIN_PROBES: [u64; Algorithm::ALL.len()] = {
    let mut probes = [0u64; Algorithm::ALL.len()];
    let mut i = 0;
    while i < probes.len() {
        let (text, _) = &crate::jws::encode::PLAIN_HEADERS[i];
        probes[i] = match probe(text) {
            Some(p) => p,
            None => panic!("plain header shorter than 16 characters"),
        };
        i += 1;
    }
    probes
};

/// A header member [`Header::parse`] acts on.
#[derive(Clone, Copy)]
enum Member {
    Alg,
    Kid,
    Typ,
    Forbidden(ForbiddenHeader),
}

/// The members [`Header::parse`] acts on: a table searched by one loop rather than a `match` on
/// nine constants (smaller on a microcontroller, as fast for a header's few members).
const MEMBERS: [Member; 9] = [
    Member::Alg,
    Member::Kid,
    Member::Typ,
    Member::Forbidden(ForbiddenHeader::Crit),
    Member::Forbidden(ForbiddenHeader::Jku),
    Member::Forbidden(ForbiddenHeader::X5u),
    Member::Forbidden(ForbiddenHeader::Jwk),
    Member::Forbidden(ForbiddenHeader::X5c),
    Member::Forbidden(ForbiddenHeader::B64),
];

/// The names of the [`MEMBERS`], in the same order (not linked: only their tags are).
const MEMBER_NAMES: [&[u8]; 9] = [
    b"alg", b"kid", b"typ", b"crit", b"jku", b"x5u", b"jwk", b"x5c", b"b64",
];

/// The [`short_tag`]s of the [`MEMBER_NAMES`] (a table parallel to [`MEMBERS`]: rows of both
/// would be padded to 12 bytes). Checked at compile time against [`tag_len`].
const MEMBER_TAGS: [u32; 9] = {
    let mut tags = [0; 9];
    let mut i = 0;
    while i < tags.len() {
        tags[i] = short_tag(MEMBER_NAMES[i]);
        assert!(
            tag_len(tags[i]) == MEMBER_NAMES[i].len(),
            "a name tag_len cannot tell"
        );
        i += 1;
    }
    tags
};

/// The length of the name a [`MEMBER_TAGS`] entry stands for: its nonzero bytes (no listed
/// name holds a NUL, so `kid` + U+0000, which has `kid`'s tag, is told apart by length).
const fn tag_len(tag: u32) -> usize {
    if tag >> 24 == 0 { 3 } else { 4 }
}

/// `typ` equals `expected` or `application/` + `expected`, ignoring ASCII case. Compared as bytes:
/// `str` slicing would link the char-boundary panic machinery (~1 KB on Thumb), and an ASCII
/// prefix that matches ends on a char boundary anyway.
fn typ_matches(typ: &str, expected: &str) -> bool {
    let (typ, expected) = (typ.as_bytes(), expected.as_bytes());
    if same_ignoring_case(typ, expected) {
        return true;
    }
    const PREFIX: &[u8] = b"application/";
    typ.split_at_checked(PREFIX.len())
        .is_some_and(|(prefix, rest)| {
            same_ignoring_case(prefix, PREFIX) && same_ignoring_case(rest, expected)
        })
}

/// `eq_ignore_ascii_case`, as one out-of-line loop on 32-bit targets (inlined at each of the
/// header's four compares it costs about 140 B more on the Cortex-M4).
#[cfg_attr(target_pointer_width = "32", inline(never))]
fn same_ignoring_case(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

#[cfg(all(test, target_pointer_width = "64", not(feature = "small-flash")))]
mod tests {
    use super::*;
    use crate::base64url;

    /// `text` decoded, then read the ordinary way.
    fn decoded_and_read(text: &[u8], expected_typ: Option<&str>) -> Result<Header<'static>, Error> {
        let mut buf = [0u8; 64];
        let len = base64url::decoded_len(text.len()).ok_or(Error::Base64)?;
        base64url::decode_exact(text, &mut buf[..len]).map_err(|_| Error::Base64)?;
        let header = Header::read(&mut buf[..len], expected_typ)?;
        // Detach from the buffer: plain headers borrow nothing but 'static text.
        Ok(Header {
            alg: header.alg,
            kid: None,
            typ: header.typ.map(|_| "JWT"),
        })
    }

    #[test]
    fn every_plain_header_is_recognized_and_agrees_with_the_reader() {
        let mut seen = 0;
        for alg in Algorithm::ALL {
            let text = crate::jws::encode::plain_header(alg).unwrap();
            let mut token = std::vec::Vec::from(text);
            token.extend_from_slice(b".e30.sig");
            for expected in [None, Some("JWT"), Some("jwt"), Some("at+jwt")] {
                let plain = Header::read_plain(&token, expected);
                if !alg.is_supported() {
                    // Compiled out: left to the reader, which refuses it as unsupported.
                    assert_eq!(plain, None, "{alg:?}");
                    continue;
                }
                assert_eq!(
                    plain.unwrap(),
                    decoded_and_read(text, expected).map(|h| (h, text.len())),
                    "{alg:?} {expected:?}"
                );
            }
            seen += 1;
        }
        assert_eq!(seen, Algorithm::ALL.len());
    }

    #[test]
    fn probes_tell_every_algorithm_apart() {
        for (i, a) in PLAIN_PROBES.iter().enumerate() {
            for b in &PLAIN_PROBES[..i] {
                assert_ne!(a, b, "{:?}", Algorithm::ALL[i]);
            }
        }
    }

    #[test]
    fn names_are_matched_by_length_and_tag_exactly() {
        let read = |json: &str| {
            let mut buf = std::vec::Vec::from(json.as_bytes());
            Header::read(&mut buf, Some("JWT")).map(|h| (h.alg, h.kid.is_some(), h.typ.is_some()))
        };
        // Any compiled-in algorithm will do (the test runs under single-algorithm features too).
        let alg = *Algorithm::ALL.iter().find(|a| a.is_supported()).unwrap();
        let name = alg.name();
        // Names that share a tag with a known one but are longer, or share its first bytes, are
        // not understood and therefore ignored.
        assert_eq!(
            read(&std::format!(
                r#"{{"alg":"{name}","alg\u0000":"none","kid\u0000":5,"crit\u0000":1,"cri":1,"jk":1,"x5":1,"b6":1}}"#
            )),
            Ok((alg, false, false))
        );
        assert_eq!(
            read(&std::format!(
                r#"{{"typ":"jwt","kid":"k1","alg":"{name}"}}"#
            )),
            Ok((alg, true, true))
        );
        for (name, forbidden) in [
            ("crit", ForbiddenHeader::Crit),
            ("jku", ForbiddenHeader::Jku),
            ("x5u", ForbiddenHeader::X5u),
            ("jwk", ForbiddenHeader::Jwk),
            ("x5c", ForbiddenHeader::X5c),
            ("b64", ForbiddenHeader::B64),
        ] {
            let json = std::format!(r#"{{"alg":"{}","{name}":[]}}"#, alg.name());
            assert_eq!(
                read(&json),
                Err(Error::ForbiddenHeader(forbidden)),
                "{name}"
            );
        }
        assert_eq!(read(r#"{"alg":5}"#), Err(Error::MissingAlgorithm));
        let typ = std::format!(r#"{{"alg":"{name}","typ":5}}"#);
        assert_eq!(read(&typ), Err(Error::InvalidType));
        let kid = std::format!(r#"{{"alg":"{name}","kid":5}}"#);
        assert_eq!(read(&kid), Err(Error::InvalidKeyId));
        assert_eq!(read(r#"{"alg":"NoNe"}"#), Err(Error::AlgorithmNone));
    }

    #[test]
    fn anything_else_is_left_to_the_reader() {
        let plain = crate::jws::encode::plain_header(Algorithm::Hs256).unwrap();
        // No separator after it, a longer header, a single changed character anywhere.
        assert!(Header::read_plain(plain, None).is_none());
        let mut longer = std::vec::Vec::from(plain);
        longer.extend_from_slice(b"AAAA.e30.sig");
        assert!(Header::read_plain(&longer, None).is_none());
        for i in 0..plain.len() {
            let mut token = std::vec::Vec::from(plain);
            token[i] = if token[i] == b'A' { b'B' } else { b'A' };
            token.extend_from_slice(b".e30.sig");
            assert!(Header::read_plain(&token, None).is_none(), "position {i}");
        }
        // `{"typ":"JWT","alg":"HS256"}` (jsonwebtoken's order) is read from the decoded bytes.
        let other = b"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig";
        assert!(Header::read_plain(other, None).is_none());
    }
}
