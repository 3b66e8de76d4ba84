//! The `Set-Cookie` writer: [`CookieConfig`] with secure defaults, written into a caller buffer.
//!
//! Defaults: the `__Host-` prefix, `Path=/`, `Secure`, `HttpOnly`, `SameSite=Lax`, no `Domain`,
//! a session cookie (no `Max-Age`). Every relaxation is explicit, and combinations browsers would
//! silently drop (RFC 6265bis §4.1.3: `__Host-` with `Domain`, a prefixed cookie without `Secure`,
//! `SameSite=None` without `Secure`) are refused with a typed error instead.

use super::{CookieError, is_cookie_octet, is_tchar};

/// The cookie-name prefix that tells browsers to enforce attributes (RFC 6265bis §4.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// `__Host-`: `Secure`, `Path=/`, no `Domain` — the cookie is bound to the exact host, so a
    /// sibling subdomain cannot overwrite it. The default.
    Host,
    /// `__Secure-`: `Secure` only; allows `Domain` and other paths.
    Secure,
    /// No prefix. Only for deployments that cannot use one (plain-HTTP development).
    None,
}

impl Prefix {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Host => "__Host-",
            Self::Secure => "__Secure-",
            Self::None => "",
        }
    }
}

/// The `SameSite` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent on same-site requests and top-level navigations: CSRF protection for state-changing
    /// requests while links from other sites still land signed in. The default.
    Lax,
    /// Sent on same-site requests only.
    Strict,
    /// Sent on cross-site requests too. Requires `Secure`.
    None,
}

impl SameSite {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Lax => "Lax",
            Self::Strict => "Strict",
            Self::None => "None",
        }
    }
}

/// How to write (and find) one cookie.
///
/// # Examples
///
/// ```
/// use edgeauth::cookie::{CookieConfig, SameSite};
///
/// let cfg = CookieConfig::new("sid").max_age(3600);
/// let mut buf = [0u8; 256];
/// assert_eq!(
///     cfg.write("abc", &mut buf).unwrap(),
///     "__Host-sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax"
/// );
/// let strict = CookieConfig::new("sid").same_site(SameSite::Strict);
/// assert_eq!(
///     strict.write_deletion(&mut buf).unwrap(),
///     "__Host-sid=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieConfig<'a> {
    name: &'a str,
    prefix: Prefix,
    path: &'a str,
    domain: Option<&'a str>,
    max_age: Option<u64>,
    secure: bool,
    http_only: bool,
    same_site: SameSite,
}

impl<'a> CookieConfig<'a> {
    /// Secure defaults for the cookie `name` (written as `__Host-name`).
    pub const fn new(name: &'a str) -> Self {
        Self {
            name,
            prefix: Prefix::Host,
            path: "/",
            domain: None,
            max_age: None,
            secure: true,
            http_only: true,
            same_site: SameSite::Lax,
        }
    }

    /// Chooses the name prefix.
    pub const fn prefix(mut self, prefix: Prefix) -> Self {
        self.prefix = prefix;
        self
    }

    /// Sets `Path` (refused with `__Host-` unless it is `/`).
    pub const fn path(mut self, path: &'a str) -> Self {
        self.path = path;
        self
    }

    /// Sets `Domain` (refused with `__Host-`).
    pub const fn domain(mut self, domain: &'a str) -> Self {
        self.domain = Some(domain);
        self
    }

    /// Sets `Max-Age` in seconds; without it the cookie ends with the browser session.
    pub const fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Turns `Secure` on or off (off is refused with a prefix or `SameSite=None`).
    pub const fn secure(mut self, on: bool) -> Self {
        self.secure = on;
        self
    }

    /// Turns `HttpOnly` on or off. Off exposes the session ID to any injected script.
    pub const fn http_only(mut self, on: bool) -> Self {
        self.http_only = on;
        self
    }

    /// Chooses `SameSite`.
    pub const fn same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = same_site;
        self
    }

    /// The name without its prefix.
    pub const fn name(&self) -> &'a str {
        self.name
    }

    /// The name prefix in force.
    pub const fn name_prefix(&self) -> Prefix {
        self.prefix
    }

    /// A buffer size sufficient for a `Set-Cookie` value of this configuration with a value of
    /// `value_len` bytes.
    pub const fn max_len(&self, value_len: usize) -> usize {
        let domain = match self.domain {
            Some(d) => d.len() + "; Domain=".len(),
            None => 0,
        };
        self.prefix.as_str().len()
            + self.name.len()
            + 1
            + value_len
            + "; Path=".len()
            + self.path.len()
            + domain
            + "; Max-Age=18446744073709551615".len()
            + "; Secure; HttpOnly; SameSite=Strict".len()
    }

    /// True when the full cookie name in a request (`__Host-sid`) is this cookie's.
    pub fn matches_name(&self, full: &[u8]) -> bool {
        full.strip_prefix(self.prefix.as_str().as_bytes()) == Some(self.name.as_bytes())
    }

    fn validate(&self) -> Result<(), CookieError> {
        if self.name.is_empty() || !self.name.bytes().all(is_tchar) {
            return Err(CookieError::InvalidName);
        }
        let path = self.path.as_bytes();
        if path.first() != Some(&b'/') || path.iter().any(|&b| b < 0x20 || b == 0x7f || b == b';') {
            return Err(CookieError::InvalidPath);
        }
        if let Some(d) = self.domain {
            let ok = !d.is_empty()
                && d.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !ok {
                return Err(CookieError::InvalidDomain);
            }
        }
        let needs_secure = !matches!(self.prefix, Prefix::None) || self.same_site == SameSite::None;
        if needs_secure && !self.secure {
            return Err(CookieError::NeedsSecure);
        }
        if self.prefix == Prefix::Host {
            if self.domain.is_some() {
                return Err(CookieError::HostPrefixWithDomain);
            }
            if self.path != "/" {
                return Err(CookieError::HostPrefixNeedsRootPath);
            }
        }
        Ok(())
    }

    /// Writes the `Set-Cookie` header value for `value` into `out` and returns it.
    pub fn write<'o>(&self, value: &str, out: &'o mut [u8]) -> Result<&'o str, CookieError> {
        if !value.bytes().all(is_cookie_octet) {
            return Err(CookieError::InvalidValue);
        }
        self.write_inner(value, self.max_age, out)
    }

    /// Writes a deletion cookie (empty value, `Max-Age=0`) with the same name, path and domain, so
    /// the browser drops the session cookie at logout.
    pub fn write_deletion<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, CookieError> {
        self.write_inner("", Some(0), out)
    }

    fn write_inner<'o>(
        &self,
        value: &str,
        max_age: Option<u64>,
        out: &'o mut [u8],
    ) -> Result<&'o str, CookieError> {
        self.validate()?;
        let mut w = Writer { out, pos: 0 };
        w.push(self.prefix.as_str())?;
        w.push(self.name)?;
        w.push("=")?;
        w.push(value)?;
        w.push("; Path=")?;
        w.push(self.path)?;
        if let Some(d) = self.domain {
            w.push("; Domain=")?;
            w.push(d)?;
        }
        if let Some(age) = max_age {
            w.push("; Max-Age=")?;
            w.push_u64(age)?;
        }
        if self.secure {
            w.push("; Secure")?;
        }
        if self.http_only {
            w.push("; HttpOnly")?;
        }
        w.push("; SameSite=")?;
        w.push(self.same_site.as_str())?;
        let Writer { out, pos } = w;
        let written = out.get(..pos).ok_or(CookieError::BufferTooSmall)?;
        core::str::from_utf8(written).map_err(|_| CookieError::InvalidValue)
    }
}

struct Writer<'o> {
    out: &'o mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn push(&mut self, s: &str) -> Result<(), CookieError> {
        let end = self
            .pos
            .checked_add(s.len())
            .ok_or(CookieError::BufferTooSmall)?;
        let dst = self
            .out
            .get_mut(self.pos..end)
            .ok_or(CookieError::BufferTooSmall)?;
        dst.copy_from_slice(s.as_bytes());
        self.pos = end;
        Ok(())
    }

    fn push_u64(&mut self, mut v: u64) -> Result<(), CookieError> {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        let s = core::str::from_utf8(&digits[i..]).map_err(|_| CookieError::BufferTooSmall)?;
        self.push(s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn w<'o>(cfg: CookieConfig<'_>, v: &str, buf: &'o mut [u8]) -> Result<&'o str, CookieError> {
        cfg.write(v, buf)
    }

    #[test]
    fn defaults_are_secure() {
        let mut buf = [0u8; 128];
        assert_eq!(
            w(CookieConfig::new("sid"), "v", &mut buf),
            Ok("__Host-sid=v; Path=/; Secure; HttpOnly; SameSite=Lax")
        );
    }

    #[test]
    fn every_attribute() {
        let mut buf = [0u8; 160];
        let cfg = CookieConfig::new("s")
            .prefix(Prefix::Secure)
            .domain("example.com")
            .path("/app")
            .max_age(u64::MAX)
            .same_site(SameSite::None)
            .http_only(false);
        assert_eq!(
            w(cfg, "x", &mut buf),
            Ok(
                "__Secure-s=x; Path=/app; Domain=example.com; Max-Age=18446744073709551615; Secure; SameSite=None"
            )
        );
        let len = cfg.write("x", &mut buf).unwrap().len();
        assert!(cfg.max_len(1) >= len);
        let mut exact = [0u8; 96];
        assert_eq!(cfg.write("x", &mut exact).unwrap().len(), 96);
        let mut short = [0u8; 95];
        assert_eq!(cfg.write("x", &mut short), Err(CookieError::BufferTooSmall));
    }

    #[test]
    fn refusals() {
        let mut buf = [0u8; 256];
        let base = CookieConfig::new("sid");
        let rows: [(CookieConfig<'_>, &str, CookieError); 12] = [
            (
                base.domain("example.com"),
                "v",
                CookieError::HostPrefixWithDomain,
            ),
            (base.path("/a"), "v", CookieError::HostPrefixNeedsRootPath),
            (base.secure(false), "v", CookieError::NeedsSecure),
            (
                base.prefix(Prefix::Secure).secure(false),
                "v",
                CookieError::NeedsSecure,
            ),
            (
                base.prefix(Prefix::None)
                    .secure(false)
                    .same_site(SameSite::None),
                "v",
                CookieError::NeedsSecure,
            ),
            (CookieConfig::new(""), "v", CookieError::InvalidName),
            (CookieConfig::new("a b"), "v", CookieError::InvalidName),
            (CookieConfig::new("a=b"), "v", CookieError::InvalidName),
            (base, "a;b", CookieError::InvalidValue),
            (base, "a\"", CookieError::InvalidValue),
            (
                base.prefix(Prefix::Secure).path("a"),
                "v",
                CookieError::InvalidPath,
            ),
            (
                base.prefix(Prefix::Secure).domain("ex ample"),
                "v",
                CookieError::InvalidDomain,
            ),
        ];
        for (cfg, v, e) in rows {
            assert_eq!(cfg.write(v, &mut buf), Err(e), "{cfg:?}");
        }
        assert_eq!(
            base.prefix(Prefix::Secure)
                .path("/a;b")
                .write("v", &mut buf),
            Err(CookieError::InvalidPath)
        );
        assert_eq!(
            base.write("\u{e9}", &mut buf),
            Err(CookieError::InvalidValue)
        );
    }

    #[test]
    fn plain_http_development_cookie() {
        let mut buf = [0u8; 128];
        let cfg = CookieConfig::new("sid").prefix(Prefix::None).secure(false);
        assert_eq!(
            cfg.write("v", &mut buf),
            Ok("sid=v; Path=/; HttpOnly; SameSite=Lax")
        );
        assert_eq!(
            cfg.write_deletion(&mut buf),
            Ok("sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
        );
    }

    #[test]
    fn name_matching() {
        let cfg = CookieConfig::new("sid");
        assert!(cfg.matches_name(b"__Host-sid"));
        assert!(!cfg.matches_name(b"sid"));
        assert!(!cfg.matches_name(b"__Secure-sid"));
        assert!(!cfg.matches_name(b"__Host-sidx"));
        assert!(
            CookieConfig::new("sid")
                .prefix(Prefix::None)
                .matches_name(b"sid")
        );
    }
}
