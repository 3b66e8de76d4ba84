//! The verifier: turns an untrusted compact token into a [`Verified`] one, or a typed error.

use super::header::Header;
use super::verified::Verified;
use crate::base64url;
use crate::claims::{RegisteredClaims, RevocationCheck, Validation};
use crate::error::{Error, Part};
use crate::json;
use crate::keys::KeySet;

/// Default cap on the token length: 8 KiB, far above real JWTs (0.3–2 KiB) and small enough that
/// a hostile token costs a bounded amount of work before anything is decoded.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 8 * 1024;

/// Verifies compact JWS/JWT tokens against a [`KeySet`].
///
/// # Examples
/// ```
/// use edgeauth::{KeySet, SigningKey, Validation, Verifier, encode};
/// # #[derive(serde::Serialize)] struct C<'a> { sub: &'a str, exp: u64 }
/// let key = SigningKey::hs256(b"0123456789abcdef0123456789abcdef")?;
/// let mut out = [0u8; 256];
/// let token = encode(&key, None, &C { sub: "ada", exp: 2_000 }, &mut out)?;
///
/// let mut keys: KeySet<'_, 1> = KeySet::new();
/// keys.insert(None, key.verifying_key()).map_err(|e| e.kind).unwrap();
/// let mut scratch = [0u8; 256];
/// let verified = Verifier::new(&keys).verify(token, &Validation::new(1_000), &mut scratch)?;
/// assert_eq!(verified.claims().sub(), Some("ada"));
/// # Ok::<(), edgeauth::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Verifier<'s, 'k, const N: usize> {
    keys: &'s KeySet<'k, N>,
    max_token_len: usize,
    expected_typ: Option<&'s str>,
}

impl<'s, 'k, const N: usize> Verifier<'s, 'k, N> {
    /// A verifier over `keys` with the default length cap and `typ` policy (`JWT`).
    pub const fn new(keys: &'s KeySet<'k, N>) -> Self {
        Verifier {
            keys,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            expected_typ: Some("JWT"),
        }
    }

    /// Sets the token length cap in bytes.
    pub const fn max_token_len(mut self, max: usize) -> Self {
        self.max_token_len = max;
        self
    }

    /// Sets the accepted `typ` (e.g. `at+jwt` for RFC 9068 access tokens), or `None` to accept
    /// any. A token without `typ` is always accepted.
    pub const fn expected_typ(mut self, typ: Option<&'s str>) -> Self {
        self.expected_typ = typ;
        self
    }

    /// Verifies `token` and validates its claims.
    ///
    /// `scratch` receives the decoded header, payload and signature; it needs about 3/4 of the
    /// token's length (the exact need is reported in [`Error::BufferTooSmall`]). The returned
    /// token borrows it.
    pub fn verify<'b>(
        &self,
        token: &str,
        validation: &Validation<'_>,
        scratch: &'b mut [u8],
    ) -> Result<Verified<'b>, Error> {
        self.verify_with(token, validation, &(), scratch)
    }

    /// Like [`Verifier::verify`], then refuses the token with [`Error::Revoked`] if `revocation`
    /// says so.
    pub fn verify_with<'b>(
        &self,
        token: &str,
        validation: &Validation<'_>,
        revocation: &dyn RevocationCheck,
        scratch: &'b mut [u8],
    ) -> Result<Verified<'b>, Error> {
        let (header, payload) = self.check_signature(token, scratch)?;
        json::cook_nested(payload).map_err(|error| Error::Json {
            part: Part::Payload,
            error,
        })?;
        let payload: &'b str = core::str::from_utf8(payload).map_err(|_| Error::Json {
            part: Part::Payload,
            error: crate::JsonError::InvalidUtf8,
        })?;
        let claims = RegisteredClaims::parse(payload)?;
        validation.check(&claims)?;
        if revocation.is_revoked(&claims, validation.now) {
            return Err(Error::Revoked);
        }
        Ok(Verified::new(header, payload, claims))
    }

    /// Verifies a JWS whose payload is not a JWT claims set (RFC 7515 allows any octets): steps
    /// 1–6 of [`Verifier::verify`], then returns the header and the decoded payload bytes without
    /// interpreting them. Use [`Verifier::verify`] for JWTs: this performs no claim validation.
    pub fn verify_jws<'b>(
        &self,
        token: &str,
        scratch: &'b mut [u8],
    ) -> Result<(Header<'b>, &'b [u8]), Error> {
        let (header, payload) = self.check_signature(token, scratch)?;
        Ok((header, payload))
    }

    /// Steps 1–6: length cap, split, base64url, header, key selection, signature. Returns the
    /// parsed header and the decoded (not yet parsed) payload.
    fn check_signature<'b>(
        &self,
        token: &str,
        scratch: &'b mut [u8],
    ) -> Result<(Header<'b>, &'b mut [u8]), Error> {
        let token = token.as_bytes();
        if token.len() > self.max_token_len {
            return Err(Error::TokenTooLong {
                max: self.max_token_len,
            });
        }
        let (header_b64, payload_b64, signature_b64) = split(token)?;

        let header_len = base64url::decoded_len(header_b64.len()).ok_or(Error::Base64)?;
        let payload_len = base64url::decoded_len(payload_b64.len()).ok_or(Error::Base64)?;
        let signature_len = base64url::decoded_len(signature_b64.len()).ok_or(Error::Base64)?;
        let needed = header_len + payload_len + signature_len;
        let scratch = scratch
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        let (header, rest) = scratch.split_at_mut(header_len);
        let (payload, signature) = rest.split_at_mut(payload_len);
        base64url::decode_exact(header_b64, header).map_err(|_| Error::Base64)?;
        base64url::decode_exact(payload_b64, payload).map_err(|_| Error::Base64)?;
        base64url::decode_exact(signature_b64, signature).map_err(|_| Error::Base64)?;

        json::cook_nested(header).map_err(|error| Error::Json {
            part: Part::Header,
            error,
        })?;
        let header: &'b str = core::str::from_utf8(header).map_err(|_| Error::Json {
            part: Part::Header,
            error: crate::JsonError::InvalidUtf8,
        })?;
        let parsed = Header::parse(header, self.expected_typ)?;
        let key = self.keys.select(parsed.kid, parsed.alg)?;

        let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
        key.verify_signature(signing_input, signature)?;
        Ok((parsed, payload))
    }
}

/// The three segments of a compact token.
type Segments<'t> = (&'t [u8], &'t [u8], &'t [u8]);

/// Splits a compact token into exactly three non-empty segments.
fn split(token: &[u8]) -> Result<Segments<'_>, Error> {
    let dot = |s: &[u8]| memchr::memchr(b'.', s);
    let first = dot(token).ok_or(Error::Malformed)?;
    let (h, rest) = (&token[..first], &token[first + 1..]);
    let second = dot(rest).ok_or(Error::Malformed)?;
    let (p, s) = (&rest[..second], &rest[second + 1..]);
    if h.is_empty() || p.is_empty() || s.is_empty() || dot(s).is_some() {
        return Err(Error::Malformed);
    }
    Ok((h, p, s))
}
