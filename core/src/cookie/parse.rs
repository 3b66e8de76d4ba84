//! The `Cookie` request-header parser: find one cookie by name, borrowing from the header.
//!
//! Follows the RFC 6265 §4.2 grammar (`name=value` pairs separated by `;`) but tolerates what
//! browsers and proxies really send (§5.4 and RFC 6265bis §5.6): optional spaces and tabs around
//! pairs, names and values, a missing space after `;`, empty pairs, pairs without `=`, and values
//! wrapped in double quotes (the quotes are removed). It refuses control characters anywhere in
//! the header (request smuggling and header-splitting material) and a requested cookie that
//! appears twice (cookie tossing). It does not decode or interpret the value.

use super::{CookieConfig, CookieError, is_cookie_octet};

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Finds the cookie whose full name satisfies `is_name` in a `Cookie` header value.
fn find_by<'h>(
    header: &'h [u8],
    mut is_name: impl FnMut(&[u8]) -> bool,
) -> Result<Option<&'h str>, CookieError> {
    if header
        .iter()
        .any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
    {
        return Err(CookieError::ControlCharacter);
    }
    let mut found: Option<&'h [u8]> = None;
    for pair in header.split(|&b| b == b';') {
        let pair = trim_ows(pair);
        let Some(eq) = pair.iter().position(|&b| b == b'=') else {
            continue;
        };
        let (name, value) = pair.split_at(eq);
        if !is_name(trim_ows(name)) {
            continue;
        }
        if found.is_some() {
            return Err(CookieError::Duplicate);
        }
        let mut value = trim_ows(value.get(1..).unwrap_or_default());
        if let [b'"', inner @ .., b'"'] = value {
            value = inner;
        }
        found = Some(value);
    }
    match found {
        None => Ok(None),
        Some(v) if v.iter().all(|&b| is_cookie_octet(b)) => core::str::from_utf8(v)
            .map(Some)
            .map_err(|_| CookieError::InvalidValue),
        Some(_) => Err(CookieError::InvalidValue),
    }
}

/// Finds the cookie called exactly `name` (including any `__Host-` prefix) in a `Cookie` header
/// value. `Ok(None)` when absent.
///
/// # Examples
///
/// ```
/// use edgeauth::cookie::{find_cookie, CookieError};
///
/// let header = b"theme=dark; __Host-sid=\"abc.def\";lang=en";
/// assert_eq!(find_cookie(header, "__Host-sid"), Ok(Some("abc.def")));
/// assert_eq!(find_cookie(header, "sid"), Ok(None));
/// assert_eq!(find_cookie(b"a=1\r\nb=2", "a"), Err(CookieError::ControlCharacter));
/// assert_eq!(find_cookie(b"a=1; a=2", "a"), Err(CookieError::Duplicate));
/// ```
pub fn find_cookie<'h>(header: &'h [u8], name: &str) -> Result<Option<&'h str>, CookieError> {
    find_by(header, |n| n == name.as_bytes())
}

impl CookieConfig<'_> {
    /// Finds this configuration's cookie (prefix included) in a `Cookie` header value.
    ///
    /// ```
    /// use edgeauth::cookie::CookieConfig;
    ///
    /// let cfg = CookieConfig::new("sid");
    /// assert_eq!(cfg.find(b"sid=forged; __Host-sid=real"), Ok(Some("real")));
    /// ```
    pub fn find<'h>(&self, header: &'h [u8]) -> Result<Option<&'h str>, CookieError> {
        find_by(header, |n| self.matches_name(n))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let rows: [(&[u8], Option<&str>); 14] = [
            (b"sid=abc", Some("abc")),
            (b"a=1; sid=abc; b=2", Some("abc")),
            (b"a=1;sid=abc;b=2", Some("abc")),
            (b"  sid = abc  ", Some("abc")),
            (b"\tsid=abc\t;x=y", Some("abc")),
            (b"sid=\"abc\"", Some("abc")),
            (b"sid=\"\"", Some("")),
            (b"sid=", Some("")),
            (b"sid=a=b", Some("a=b")),
            (b";;sid=abc;;", Some("abc")),
            (b"novalue; sid=abc", Some("abc")),
            (b"sidx=1; xsid=2", None),
            (b"", None),
            (b"SID=abc", None),
        ];
        for (h, want) in rows {
            assert_eq!(
                find_cookie(h, "sid"),
                Ok(want),
                "{:?}",
                core::str::from_utf8(h)
            );
        }
    }

    #[test]
    fn refused_forms() {
        let rows: [(&[u8], CookieError); 8] = [
            (b"sid=a\x00b", CookieError::ControlCharacter),
            (b"sid=abc\r\nX-Evil: 1", CookieError::ControlCharacter),
            (b"other=\x7f; sid=abc", CookieError::ControlCharacter),
            (b"sid=a; sid=b", CookieError::Duplicate),
            (b"sid=a;  sid =a", CookieError::Duplicate),
            (b"sid=a b", CookieError::InvalidValue),
            (b"sid=\"a", CookieError::InvalidValue),
            (b"sid=\xc3\xa9", CookieError::InvalidValue),
        ];
        for (h, e) in rows {
            assert_eq!(find_cookie(h, "sid"), Err(e), "{h:?}");
        }
        // Non-ASCII in *other* cookies is tolerated.
        assert_eq!(find_cookie(b"n=\xc3\xa9; sid=ok", "sid"), Ok(Some("ok")));
    }

    #[test]
    fn prefixed_lookup() {
        let cfg = CookieConfig::new("sid");
        assert_eq!(cfg.find(b"__Host-sid=x"), Ok(Some("x")));
        assert_eq!(cfg.find(b"__Secure-sid=x"), Ok(None));
        assert_eq!(
            cfg.find(b"__Host-sid=x; __Host-sid=y"),
            Err(CookieError::Duplicate)
        );
    }
}
