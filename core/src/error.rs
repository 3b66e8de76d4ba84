//! Error types of the JWS/JWT layer.
//!
//! Format and claim problems are variants of one `#[non_exhaustive]`, `Copy` enum so a gateway can
//! map each to a log line or a metric without allocating. A signature that does not verify is a
//! single opaque variant ([`Error::InvalidSignature`]): telling an attacker *why* a forgery failed
//! (wrong length, bad point, high S…) only helps the attacker.

use core::fmt;

/// A registered JWT claim (RFC 7519 §4.1), used to say which claim an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Claim {
    /// `iss`, the issuer.
    Iss,
    /// `sub`, the subject.
    Sub,
    /// `aud`, the audience (a string or an array of strings).
    Aud,
    /// `exp`, the expiration time.
    Exp,
    /// `nbf`, the not-before time.
    Nbf,
    /// `iat`, the issued-at time.
    Iat,
    /// `jti`, the token identifier.
    Jti,
}

impl Claim {
    /// The claim's member name as it appears in the JSON payload.
    pub const fn name(self) -> &'static str {
        match self {
            Claim::Iss => "iss",
            Claim::Sub => "sub",
            Claim::Aud => "aud",
            Claim::Exp => "exp",
            Claim::Nbf => "nbf",
            Claim::Iat => "iat",
            Claim::Jti => "jti",
        }
    }
}

/// Which JSON document of the token an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The JOSE header (first segment).
    Header,
    /// The claims set (second segment).
    Payload,
}

/// Why a JSON document was refused by the strict reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonError {
    /// The document is not valid UTF-8 (RFC 8259 §8.1 requires UTF-8).
    InvalidUtf8,
    /// The document ended inside a value.
    UnexpectedEnd,
    /// A byte that the JSON grammar does not allow at this position.
    Syntax,
    /// Non-whitespace data follows the top-level value.
    TrailingData,
    /// The top-level value is not an object.
    NotAnObject,
    /// An object has two members with the same name (after unescaping). Parsers disagree on which
    /// one wins, which is how claim-smuggling attacks work, so duplicates are refused.
    DuplicateMember,
    /// Arrays and objects are nested deeper than [`crate::json::MAX_DEPTH`].
    TooDeep,
    /// A raw control character (U+0000–U+001F) inside a string; JSON requires them escaped.
    ControlCharacter,
    /// A backslash escape that JSON does not define, or a malformed `\u` escape.
    InvalidEscape,
    /// A `\u` escape of a UTF-16 surrogate that is not part of a valid high/low pair.
    LoneSurrogate,
    /// A number that does not follow the JSON number grammar (leading zeros, `+`, `.5`, …).
    InvalidNumber,
    /// A string containing escapes is longer than 16,383 bytes once unescaped.
    StringTooLong,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonError::InvalidUtf8 => "invalid UTF-8",
            JsonError::UnexpectedEnd => "unexpected end of JSON",
            JsonError::Syntax => "JSON syntax error",
            JsonError::TrailingData => "data after the JSON value",
            JsonError::NotAnObject => "not a JSON object",
            JsonError::DuplicateMember => "duplicate member name",
            JsonError::TooDeep => "JSON nested too deeply",
            JsonError::ControlCharacter => "raw control character in a string",
            JsonError::InvalidEscape => "invalid escape sequence",
            JsonError::LoneSurrogate => "unpaired UTF-16 surrogate escape",
            JsonError::InvalidNumber => "invalid JSON number",
            JsonError::StringTooLong => "escaped string longer than 16383 bytes",
        })
    }
}

/// A header member that edgeauth refuses outright.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ForbiddenHeader {
    /// `crit`: edgeauth understands no extensions, so RFC 7515 §4.1.11 requires refusal.
    Crit,
    /// `jku`: a URL to fetch keys from — lets the token choose its own key.
    Jku,
    /// `x5u`: a URL to fetch a certificate from — lets the token choose its own key.
    X5u,
    /// `jwk`: an embedded key — lets the token choose its own key.
    Jwk,
    /// `x5c`: an embedded certificate chain — lets the token choose its own key.
    X5c,
    /// `b64` (RFC 7797): unencoded payloads change what is signed.
    B64,
}

/// Why a token was refused, or why a key or an encoding request was refused.
///
/// Each variant's documentation says what to fix. The enum is `Copy` so it can be logged or
/// counted without allocation, and `#[non_exhaustive]` so new checks are not breaking changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The token is longer than the configured cap ([`crate::Verifier::max_token_len`]); nothing
    /// was decoded. Raise the cap only if your issuer really mints tokens that large.
    TokenTooLong {
        /// The cap in bytes.
        max: usize,
    },
    /// The token is not three non-empty base64url segments separated by dots.
    Malformed,
    /// A segment is not strict base64url: padding, a character outside the URL-safe alphabet, an
    /// impossible length, or non-zero trailing bits (non-canonical encodings allow token
    /// malleability).
    Base64,
    /// The caller's buffer is too small; `needed` is the size that would have been enough.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
    /// The header or payload is not acceptable JSON.
    Json {
        /// Which segment.
        part: Part,
        /// What is wrong with it.
        error: JsonError,
    },
    /// The header has no `alg` member, or it is not a string.
    MissingAlgorithm,
    /// The header's `alg` is `none` (in any capitalisation). Unsecured tokens are never accepted.
    AlgorithmNone,
    /// The header names an algorithm edgeauth does not implement (or that is not compiled in).
    UnsupportedAlgorithm,
    /// The header's `alg` differs from the algorithm the selected key is bound to.
    AlgorithmMismatch,
    /// The header contains a member edgeauth refuses (see [`ForbiddenHeader`]).
    ForbiddenHeader(ForbiddenHeader),
    /// The header's `typ` is not `JWT` (or the configured value), or not a string.
    InvalidType,
    /// The header's `kid` is not a string, or longer than [`crate::keys::MAX_KID_LEN`].
    InvalidKeyId,
    /// No key in the key set matches the token's `kid` and `alg`.
    UnknownKey,
    /// The token has no `kid` and the key set holds more than one key for its algorithm; give
    /// your keys ids and have the issuer put `kid` in its tokens.
    AmbiguousKey,
    /// The signature did not verify. Deliberately opaque.
    InvalidSignature,
    /// A registered claim has the wrong JSON type (a string `exp`, a float `nbf`, a number `iss`,
    /// an `aud` array holding a non-string…).
    ClaimType(Claim),
    /// A numeric registered claim is negative or larger than `i64::MAX` seconds.
    ClaimOutOfRange(Claim),
    /// A claim required by the [`crate::Validation`] is absent (`exp` is required by default).
    MissingClaim(Claim),
    /// `exp` is in the past (beyond the leeway).
    Expired,
    /// `nbf` is in the future (beyond the leeway).
    NotYetValid,
    /// `iat` is in the future (beyond the leeway): a wrong clock or a forged token.
    IssuedInFuture,
    /// `iat` is older than the configured maximum age.
    TooOld,
    /// `iss` is not one of the expected issuers.
    InvalidIssuer,
    /// No `aud` value matches an expected audience, or the token has an `aud` while no audience is
    /// configured (RFC 7519 §4.1.3: a recipient that is not named must refuse).
    InvalidAudience,
    /// The caller's revocation check refused the token (blocklisted `jti`, subject revoked…).
    Revoked,
    /// A custom claim exists but has a different JSON type than the accessor asked for.
    CustomClaimType,
    /// The payload could not be deserialized into the caller's type.
    Deserialize(DeserializeError),
    /// A key was refused when it was created (too short HMAC secret, invalid public key…).
    InvalidKey,
    /// The claims could not be serialized to JSON (non-finite float, non-string map key…).
    Serialize,
}

/// Why deserializing custom claims into the caller's type failed (no allocation, so only the
/// static parts of serde's messages are kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeserializeError {
    /// A value had a JSON type the target type does not accept.
    InvalidType,
    /// A value had the right type but an unacceptable value.
    InvalidValue,
    /// An array or map had the wrong number of elements.
    InvalidLength,
    /// An enum variant name is unknown.
    UnknownVariant,
    /// A field is unknown (with `#[serde(deny_unknown_fields)]`).
    UnknownField,
    /// A required field is missing; the field's name.
    MissingField(&'static str),
    /// A field appears twice.
    DuplicateField(&'static str),
    /// A number does not fit the target integer type.
    NumberOutOfRange,
    /// Another error raised by a `Deserialize` implementation (its message is not kept).
    Custom,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TokenTooLong { max } => write!(f, "token longer than {max} bytes"),
            Error::Malformed => f.write_str("token is not three non-empty dot-separated segments"),
            Error::Base64 => f.write_str("segment is not strict unpadded base64url"),
            Error::BufferTooSmall { needed } => {
                write!(f, "buffer too small: {needed} bytes needed")
            }
            Error::Json { part, error } => write!(f, "{part:?} JSON: {error}"),
            Error::MissingAlgorithm => f.write_str("header has no string `alg`"),
            Error::AlgorithmNone => f.write_str("`alg: none` is never accepted"),
            Error::UnsupportedAlgorithm => f.write_str("unsupported `alg`"),
            Error::AlgorithmMismatch => f.write_str("`alg` does not match the key's algorithm"),
            Error::ForbiddenHeader(h) => write!(f, "forbidden header member {h:?}"),
            Error::InvalidType => f.write_str("unexpected `typ`"),
            Error::InvalidKeyId => f.write_str("invalid `kid`"),
            Error::UnknownKey => f.write_str("no key matches `kid` and `alg`"),
            Error::AmbiguousKey => f.write_str("token has no `kid` and several keys match `alg`"),
            Error::InvalidSignature => f.write_str("invalid signature"),
            Error::ClaimType(c) => write!(f, "claim `{}` has the wrong JSON type", c.name()),
            Error::ClaimOutOfRange(c) => write!(f, "claim `{}` is out of range", c.name()),
            Error::MissingClaim(c) => write!(f, "required claim `{}` is missing", c.name()),
            Error::Expired => f.write_str("token expired"),
            Error::NotYetValid => f.write_str("token not valid yet (`nbf`)"),
            Error::IssuedInFuture => f.write_str("`iat` is in the future"),
            Error::TooOld => f.write_str("token older than the maximum age"),
            Error::InvalidIssuer => f.write_str("unexpected issuer"),
            Error::InvalidAudience => f.write_str("audience does not match"),
            Error::Revoked => f.write_str("token revoked"),
            Error::CustomClaimType => f.write_str("custom claim has a different JSON type"),
            Error::Deserialize(e) => write!(f, "claims do not match the target type: {e:?}"),
            Error::InvalidKey => f.write_str("invalid key"),
            Error::Serialize => f.write_str("claims cannot be serialized as JSON"),
        }
    }
}

impl core::error::Error for Error {}
