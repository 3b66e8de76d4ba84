//! HTTP cookies for session identifiers: a `Set-Cookie` writer with secure defaults and a `Cookie`
//! request-header parser, both allocation-free.
//!
//! This module owns cookie syntax only (RFC 6265 and the `__Host-`/`__Secure-` prefixes of
//! RFC 6265bis); it does not know what the value means (see [`crate::session`]).

mod parse;
mod set_cookie;

use core::fmt;

pub use parse::find_cookie;
pub use set_cookie::{CookieConfig, Prefix, SameSite};

/// Why a cookie could not be written or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// The cookie name is empty or has a character outside the RFC 7230 `token` set. Use letters,
    /// digits and `!#$%&'*+-.^_`|~`.
    InvalidName,
    /// The value has a character outside RFC 6265 `cookie-octet` (controls, space, `"`, `,`, `;`,
    /// `\`, non-ASCII). Encode it (session IDs are base64url and always fit).
    InvalidValue,
    /// The `Domain` attribute is empty or has a character that is not a letter, digit, `-` or `.`.
    InvalidDomain,
    /// The `Path` attribute does not start with `/` or has a control character or `;`.
    InvalidPath,
    /// A `__Host-` cookie may not carry `Domain` (it must be bound to the exact host). Drop the
    /// domain or use [`Prefix::Secure`].
    HostPrefixWithDomain,
    /// A `__Host-` cookie needs `Path=/`. Use the default path or [`Prefix::Secure`].
    HostPrefixNeedsRootPath,
    /// `__Host-` and `__Secure-` cookies, and `SameSite=None`, need the `Secure` attribute.
    NeedsSecure,
    /// The output buffer is too small. [`CookieConfig::max_len`] gives a sufficient size.
    BufferTooSmall,
    /// The `Cookie` header has a control character (other than horizontal tab) or a non-ASCII
    /// byte. Refuse the request.
    ControlCharacter,
    /// The requested cookie appears more than once. Browsers send duplicates when a sibling
    /// subdomain or a deeper path set the same name (cookie tossing), so neither value is trusted.
    Duplicate,
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidName => "invalid cookie name",
            Self::InvalidValue => "invalid cookie value",
            Self::InvalidDomain => "invalid cookie domain",
            Self::InvalidPath => "invalid cookie path",
            Self::HostPrefixWithDomain => "__Host- cookie with a Domain attribute",
            Self::HostPrefixNeedsRootPath => "__Host- cookie needs Path=/",
            Self::NeedsSecure => "cookie needs the Secure attribute",
            Self::BufferTooSmall => "output buffer too small",
            Self::ControlCharacter => "control character in Cookie header",
            Self::Duplicate => "cookie appears more than once",
        })
    }
}

impl core::error::Error for CookieError {}

/// RFC 7230 §3.2.6 `tchar`, the characters allowed in a cookie name (RFC 6265 §4.1.1).
pub(crate) const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// RFC 6265 §4.1.1 `cookie-octet`: US-ASCII except controls, whitespace, DQUOTE, comma,
/// semicolon and backslash.
pub(crate) const fn is_cookie_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}
