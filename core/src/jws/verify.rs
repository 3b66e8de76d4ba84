//! The verifier: turns an untrusted compact token into a [`Verified`] one, or a typed error.

use super::header::Header;
use super::verified::Verified;
use crate::base64url;
use crate::claims::{RegisteredClaims, RevocationCheck, Validation};
use crate::error::{Error, Part};
use crate::json::{self, index::Index};
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
        read_claims(header, payload, validation, revocation)
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
    ///
    /// On 32-bit targets this, [`read_claims`] and the header's JSON path are separate frames, so
    /// that no member index or claims are on the stack while the signature primitive runs (measured
    /// on the Cortex-M4 firmware at opt "s": JWT-layer stack over the bare primitive ES256 +1,200
    /// -> +728 B, HS256 +760 -> +288 B, EdDSA +552 -> +80 B, for about 400-500 B more flash).
    #[cfg_attr(target_pointer_width = "32", inline(never))]
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
        let plain = plain_header(token, self.expected_typ);
        let fast = match plain {
            _ if !ONE_PASS => None,
            Some(Ok((_, chars))) => decode_segments(token, chars, scratch),
            Some(Err(_)) => None,
            None => decode_segments(token, 0, scratch),
        };
        let (lens, plain) = match fast {
            Some(lens) => (lens, plain),
            None => (decode_segments_strictly(token, scratch)?, None),
        };
        // The decoders checked every length: one (unreachable) error path for the three cuts.
        let (header, payload, signature) = lens.cut(scratch).ok_or(Error::Malformed)?;
        let parsed = match plain {
            Some(Ok((parsed, _))) => parsed,
            _ => Header::read(header, self.expected_typ)?,
        };
        let key = self.keys.select(parsed.kid, parsed.alg)?;
        let signing_input = token.get(..lens.signing_input).ok_or(Error::Malformed)?;
        key.verify_signature(signing_input, signature)?;
        Ok((parsed, payload))
    }
}

/// Step 7 of [`Verifier::verify`] onwards: the payload read strictly, its registered claims
/// validated, the revocation check. Its own frame on 32-bit targets (see
/// [`Verifier::check_signature`]); inlined on 64-bit ones, where the call cost instructions.
#[cfg_attr(target_pointer_width = "32", inline(never))]
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn read_claims<'b>(
    header: Header<'b>,
    payload: &'b mut [u8],
    validation: &Validation<'_>,
    revocation: &dyn RevocationCheck,
) -> Result<Verified<'b>, Error> {
    let mut index = Index::new();
    let payload = json::cook_into(payload, &mut index).map_err(|error| Error::Json {
        part: Part::Payload,
        error,
    })?;
    check_claims(header, payload, &index, validation, revocation)
}

/// The rest of [`read_claims`] once the payload is cooked. Its own frame on 32-bit targets, so
/// that the claims and the returned token's parts are not on the stack while the reader
/// recurses into a deeply nested payload. Measured on the Cortex-M4 firmware (HS256, stack over
/// the bare primitive, typical / depth-16 token): opt "s" -28 / +660 B -> -80 / +604 B, opt "z"
/// +364 / +1,036 B -> +276 / +948 B, for about 50 B of flash. On 64-bit targets it is inlined:
/// the HS256 benchmark verify runs the same 22,393 instructions (`instructions.sh`).
#[cfg_attr(target_pointer_width = "32", inline(never))]
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn check_claims<'b>(
    header: Header<'b>,
    payload: &'b str,
    index: &Index,
    validation: &Validation<'_>,
    revocation: &dyn RevocationCheck,
) -> Result<Verified<'b>, Error> {
    let claims = RegisteredClaims::parse(payload, index)?;
    validation.check(&claims)?;
    if revocation.is_revoked(&claims, validation.now) {
        return Err(Error::Revoked);
    }
    Ok(Verified::new(header, payload, *index, claims))
}

/// Where the three decoded segments are in the scratch buffer (one after the other) and how long
/// the signing input (`header.payload` as sent) is.
#[derive(Clone, Copy, Debug)]
struct SegmentLens {
    header: usize,
    payload: usize,
    signature: usize,
    signing_input: usize,
}

impl SegmentLens {
    fn total(&self) -> usize {
        self.header + self.payload + self.signature
    }

    /// The three segments' places in `scratch`, one after the other; `None` if it is too short.
    fn cut<'s>(&self, scratch: &'s mut [u8]) -> Option<SegmentsMut<'s>> {
        let (header, rest) = scratch
            .get_mut(..self.total())?
            .split_at_mut_checked(self.header)?;
        let (payload, signature) = rest.split_at_mut_checked(self.payload)?;
        Some((header, payload, signature))
    }
}

/// The decoded header, payload and signature in the scratch buffer.
type SegmentsMut<'s> = (&'s mut [u8], &'s mut [u8], &'s mut [u8]);

/// Whether [`Verifier::check_signature`] tries [`decode_segments`] before
/// [`decode_segments_strictly`]: yes, unless the `small-flash` feature asks for the smallest
/// code (the one-pass decoder is about 240 B on the Cortex-M4; without it a token is split
/// before it is decoded, about 10% more instructions for an HS256 verify there).
const ONE_PASS: bool = !cfg!(feature = "small-flash");

/// Steps 2 and 3 in one pass for a well-formed token: each segment is decoded up to the byte that
/// ends it, which must be the `.` separator (or the end, for the signature). Returns `None` for
/// anything unusual — a missing or extra separator, an empty segment, a byte outside the alphabet,
/// a full scratch buffer — and the caller then runs [`decode_segments_strictly`], which finds the
/// exact error in the documented order. Both lay the segments out identically in the scratch
/// buffer (a recognized plain header's room is reserved but left unwritten).
///
/// `known_header` is the length of a header text already recognized by [`plain_header`], or 0.
/// Such a header is not decoded, but its room in the scratch buffer is kept, so that the buffer
/// size a token needs does not depend on how its header was read.
fn decode_segments(token: &[u8], known_header: usize, scratch: &mut [u8]) -> Option<SegmentLens> {
    let header = if known_header > 0 {
        base64url::Run {
            chars: known_header,
            bytes: base64url::decoded_len(known_header)?,
        }
    } else {
        base64url::decode_run(token, scratch).ok()?
    };
    let payload_at = header.chars + 1;
    if header.chars == 0 || token.get(header.chars) != Some(&b'.') {
        return None;
    }
    let payload =
        base64url::decode_run(token.get(payload_at..)?, scratch.get_mut(header.bytes..)?).ok()?;
    let signature_at = payload_at + payload.chars + 1;
    if payload.chars == 0 || token.get(signature_at - 1) != Some(&b'.') {
        return None;
    }
    let signature_text = token.get(signature_at..)?;
    let signature = base64url::decode_run(
        signature_text,
        scratch.get_mut(header.bytes + payload.bytes..)?,
    )
    .ok()?;
    if signature.chars == 0 || signature.chars != signature_text.len() {
        return None;
    }
    Some(SegmentLens {
        header: header.bytes,
        payload: payload.bytes,
        signature: signature.bytes,
        signing_input: signature_at - 1,
    })
}

/// [`Header::read_plain`] where it exists (64-bit targets without `small-flash`): the header,
/// read from its encoded text, and that text's length; `None` if the header is not one of the
/// plain ones.
#[cfg(all(target_pointer_width = "64", not(feature = "small-flash")))]
fn plain_header(
    token: &[u8],
    expected_typ: Option<&str>,
) -> Option<Result<(Header<'static>, usize), Error>> {
    Header::read_plain(token, expected_typ)
}

/// On 32-bit targets and with `small-flash` every header is decoded (the table of encoded
/// headers costs flash).
#[cfg(not(all(target_pointer_width = "64", not(feature = "small-flash"))))]
fn plain_header(_: &[u8], _: Option<&str>) -> Option<Result<(Header<'static>, usize), Error>> {
    None
}

/// Steps 2 and 3 one rule at a time, so that a bad token gets the first error in the documented
/// order: [`Error::Malformed`] (not three non-empty segments), [`Error::Base64`] for a length no
/// encoding has, [`Error::BufferTooSmall`] with the exact size needed, then [`Error::Base64`] for
/// any other deviation found while decoding.
fn decode_segments_strictly(token: &[u8], scratch: &mut [u8]) -> Result<SegmentLens, Error> {
    let (header_b64, payload_b64, signature_b64) = split(token)?;
    let header = base64url::decoded_len(header_b64.len()).ok_or(Error::Base64)?;
    let payload = base64url::decoded_len(payload_b64.len()).ok_or(Error::Base64)?;
    let signature = base64url::decoded_len(signature_b64.len()).ok_or(Error::Base64)?;
    let lens = SegmentLens {
        header,
        payload,
        signature,
        signing_input: header_b64.len() + 1 + payload_b64.len(),
    };
    let needed = lens.total();
    // The same cuts as `SegmentLens::cut`, written out: calling it here too made the Cortex-M4
    // firmware 108 B larger at opt "s" (LTO inlines it differently), which the ES256
    // small-flash build cannot afford.
    let scratch = scratch
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let (h, rest) = scratch
        .split_at_mut_checked(header)
        .ok_or(Error::BufferTooSmall { needed })?;
    let (p, s) = rest
        .split_at_mut_checked(payload)
        .ok_or(Error::BufferTooSmall { needed })?;
    base64url::decode_exact(header_b64, h).map_err(|_| Error::Base64)?;
    base64url::decode_exact(payload_b64, p).map_err(|_| Error::Base64)?;
    base64url::decode_exact(signature_b64, s).map_err(|_| Error::Base64)?;
    Ok(lens)
}

/// The three segments of a compact token.
type Segments<'t> = (&'t [u8], &'t [u8], &'t [u8]);

/// Splits a compact token into exactly three non-empty segments.
fn split(token: &[u8]) -> Result<Segments<'_>, Error> {
    // One byte loop that notes the first two `.` and refuses a third (`contains` would link a
    // word-at-a-time search, about 300 B on the Cortex-M4; `<[u8]>::split` is 40 B more code
    // than this loop there).
    let mut dots = [0usize; 2];
    let mut found = 0;
    for (i, &b) in token.iter().enumerate() {
        if b == b'.' {
            *dots.get_mut(found).ok_or(Error::Malformed)? = i;
            found += 1;
        }
    }
    let [first, second] = dots;
    let parts = (found == 2).then(|| {
        (
            token.get(..first),
            token.get(first + 1..second),
            token.get(second + 1..),
        )
    });
    match parts {
        Some((Some(h), Some(p), Some(s))) if !h.is_empty() && !p.is_empty() && !s.is_empty() => {
            Ok((h, p, s))
        }
        _ => Err(Error::Malformed),
    }
}
