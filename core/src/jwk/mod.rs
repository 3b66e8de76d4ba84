//! JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037) and key sets, parsed without allocation into
//! [`VerifyingKey`]s, [`SigningKey`]s and a fixed-capacity [`KeySet`](crate::KeySet); RFC 7638
//! thumbprints.
//!
//! Owns the JWK rules; the JSON grammar is [`crate::json`]'s (the same strict reader the verifier
//! uses: duplicate members, bad escapes and deep nesting are refused before any key is looked at).
//! Every function works on the caller's `&mut [u8]` buffer holding the document: strings are
//! unescaped in place and borrowed from it.
//!
//! What is refused for a single key (each a [`JwkError`]): an unknown `kty` or `crv`; an `alg`
//! that is not a JWS algorithm this build verifies, or that contradicts the key type (`RS256` on
//! an EC key…); private members in a key loaded as a public key (unless
//! [`JwkOptions::allow_private`]); `use` other than `sig` or `key_ops` without `verify`; an RSA
//! modulus under 2048 bits (or over 4096); an exponent other than 65537 unless the options allow
//! it; non-canonical base64url; EC coordinates that are not full-length or not on the curve.
//! [`load_jwks`] says which of these skip a key of a set and which reject the whole document.

mod convert;
mod jwks;
mod parse;
mod thumbprint;

pub use jwks::{JwksError, JwksSummary, load_jwks};
pub use parse::Jwk;
pub use thumbprint::{THUMBPRINT_B64_LEN, thumbprint_b64};

use crate::alg::Algorithm;
#[cfg(feature = "rsa")]
use crate::alg::rsa::RsaExponents;
use crate::error::JsonError;
use crate::json;
use crate::keys::{SigningKey, VerifyingKey};

/// Why a JWK was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwkError {
    /// The document is not acceptable JSON.
    Json(JsonError),
    /// The JWK (or a `keys` element) is not a JSON object.
    NotAnObject,
    /// A required member is absent.
    MissingMember(&'static str),
    /// A member has the wrong JSON type, is not canonical base64url, or has the wrong length.
    InvalidMember(&'static str),
    /// `kty` is not `oct`, `RSA`, `EC` or `OKP`, or its feature is not compiled in.
    UnsupportedKeyType,
    /// `crv` is not `P-256`, `P-384` (EC) or `Ed25519` (OKP), or its feature is not compiled in.
    UnsupportedCurve,
    /// `alg` names no JWS algorithm this build verifies (`RSA-OAEP`, `ES512`, `none`…).
    UnsupportedAlgorithm,
    /// `alg` is a JWS algorithm, but not one this key type can be used with.
    AlgorithmMismatch,
    /// The key has no `alg` and [`JwkOptions`] gives no default for its type.
    MissingAlgorithm,
    /// Private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, or an `oct` key's `k`) in a key
    /// loaded as a public key. A published key set that contains them has leaked its keys.
    PrivateKeyMaterial,
    /// `use` is not `sig`, or `key_ops` does not contain `verify` (`sign` for signing keys).
    NotForSignatures,
    /// An RSA modulus under 2048 bits.
    WeakKey,
    /// An RSA modulus over 4096 bits.
    KeyTooLarge,
    /// An RSA exponent other than 65537 without [`JwkOptions::rsa_exponents`] allowing it.
    ExponentNotAllowed,
    /// The key material is well-formed but not a valid key (point not on the curve, even
    /// modulus, HMAC secret shorter than the hash, private scalar not matching `x`/`y`…).
    InvalidKey,
    /// Two keys of the set have the same `kid`.
    DuplicateKid,
    /// A `kid` longer than [`crate::MAX_KID_LEN`].
    KidTooLong,
    /// The [`KeySet`](crate::KeySet) is full.
    SetFull,
    /// The key set document has no `keys` array.
    MissingKeys,
}

impl core::fmt::Display for JwkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            JwkError::Json(e) => write!(f, "JWK JSON: {e}"),
            JwkError::NotAnObject => f.write_str("JWK is not a JSON object"),
            JwkError::MissingMember(m) => write!(f, "JWK member `{m}` is missing"),
            JwkError::InvalidMember(m) => write!(f, "JWK member `{m}` is invalid"),
            JwkError::UnsupportedKeyType => f.write_str("unsupported `kty`"),
            JwkError::UnsupportedCurve => f.write_str("unsupported `crv`"),
            JwkError::UnsupportedAlgorithm => f.write_str("unsupported `alg`"),
            JwkError::AlgorithmMismatch => f.write_str("`alg` contradicts the key type"),
            JwkError::MissingAlgorithm => f.write_str("no `alg` and no default for this type"),
            JwkError::PrivateKeyMaterial => f.write_str("private key members in a public key"),
            JwkError::NotForSignatures => {
                f.write_str("key is not for signatures (`use`/`key_ops`)")
            }
            JwkError::WeakKey => f.write_str("RSA modulus under 2048 bits"),
            JwkError::KeyTooLarge => f.write_str("RSA modulus over 4096 bits"),
            JwkError::ExponentNotAllowed => f.write_str("RSA exponent not allowed"),
            JwkError::InvalidKey => f.write_str("invalid key material"),
            JwkError::DuplicateKid => f.write_str("duplicate `kid` in the key set"),
            JwkError::KidTooLong => f.write_str("`kid` too long"),
            JwkError::SetFull => f.write_str("key set full"),
            JwkError::MissingKeys => f.write_str("key set has no `keys` array"),
        }
    }
}

impl core::error::Error for JwkError {}

/// How JWKs are turned into keys. [`JwkOptions::new`] is the strict default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JwkOptions {
    /// The algorithm of an RSA key without `alg` (default `RS256`, what IdPs that omit `alg`,
    /// e.g. Microsoft Entra ID, sign with). `None` refuses such keys.
    pub rsa_default_alg: Option<Algorithm>,
    /// The algorithm of an `oct` key without `alg` (default `None`: refused, because guessing
    /// the hash of a shared secret is never needed).
    pub oct_default_alg: Option<Algorithm>,
    /// Accept private members: they are ignored when a verifying key is built. Needed for
    /// `oct` keys, which are secret by nature, and for private JWKs of your own issuer.
    pub allow_private: bool,
    /// Which RSA exponents are accepted (default: 65537 only).
    #[cfg(feature = "rsa")]
    pub rsa_exponents: RsaExponents,
}

impl JwkOptions {
    /// The strict defaults: public keys only, RSA without `alg` is RS256, e = 65537 only.
    pub const fn new() -> Self {
        JwkOptions {
            rsa_default_alg: Some(Algorithm::Rs256),
            oct_default_alg: None,
            allow_private: false,
            #[cfg(feature = "rsa")]
            rsa_exponents: RsaExponents::Only65537,
        }
    }

    /// Sets [`JwkOptions::rsa_default_alg`].
    pub const fn rsa_default_alg(mut self, alg: Option<Algorithm>) -> Self {
        self.rsa_default_alg = alg;
        self
    }

    /// Sets [`JwkOptions::oct_default_alg`].
    pub const fn oct_default_alg(mut self, alg: Option<Algorithm>) -> Self {
        self.oct_default_alg = alg;
        self
    }

    /// Sets [`JwkOptions::allow_private`].
    pub const fn allow_private(mut self, allow: bool) -> Self {
        self.allow_private = allow;
        self
    }

    /// Sets [`JwkOptions::rsa_exponents`].
    #[cfg(feature = "rsa")]
    pub const fn rsa_exponents(mut self, exponents: RsaExponents) -> Self {
        self.rsa_exponents = exponents;
        self
    }
}

impl Default for JwkOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Jwk<'a> {
    /// Validates and unescapes the JWK document in `doc` (in place) and reads its members.
    pub fn parse(doc: &'a mut [u8]) -> Result<Jwk<'a>, JwkError> {
        json::cook(doc).map_err(JwkError::Json)?;
        let doc: &'a [u8] = doc;
        let doc = core::str::from_utf8(doc).map_err(|_| JwkError::Json(JsonError::InvalidUtf8))?;
        Jwk::from_cooked(doc)
    }

    /// The verifying key this JWK describes, under `options`.
    pub fn verifying_key(&self, options: &JwkOptions) -> Result<VerifyingKey<'static>, JwkError> {
        convert::verifying_key(self, options)
    }

    /// The signing key this private JWK describes (`oct`, EC with `d`, OKP with `d`). The public
    /// members must match the private scalar. RSA private keys are refused: edgeauth does not
    /// sign with RSA (see [`crate::alg::rsa`]).
    pub fn signing_key(&self, options: &JwkOptions) -> Result<SigningKey, JwkError> {
        convert::signing_key(self, options)
    }

    /// The RFC 7638 SHA-256 thumbprint of the key's public members.
    pub fn thumbprint(&self) -> Result<[u8; 32], JwkError> {
        thumbprint::thumbprint(self)
    }
}
