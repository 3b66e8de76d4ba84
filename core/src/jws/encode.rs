//! Encoding: header + claims, signed, written as a compact token into the caller's buffer.

use crate::alg::Algorithm;
use crate::base64url;
use crate::error::Error;
use crate::json::ser::{Sink, to_sink};
use crate::keys::{MAX_KID_LEN, SigningKey};
use serde::Serialize;

/// Header JSON is built on the stack; `{"alg":"HS256","kid":"…","typ":"JWT"}` with a maximal,
/// fully escaped `kid` (6 bytes per control character) fits.
const HEADER_CAP: usize = 48 + 6 * MAX_KID_LEN;

/// Signs `claims` with `key` and writes the compact token `header.payload.signature` into `out`.
///
/// The header is `{"alg":…,"kid":…,"typ":"JWT"}` (`kid` only when given). Ed25519 and ES256
/// (RFC 6979) signatures are deterministic, so the same input always gives the same token. If `out`
/// is too small the error says exactly how many bytes are needed.
///
/// # Examples
/// ```
/// use edgeauth::{SigningKey, encode};
/// let key = SigningKey::hs256(&[0x42; 32])?;
/// let mut out = [0u8; 16];
/// let err = encode(&key, Some("k1"), &("not", "an", "object"), &mut out).unwrap_err();
/// assert!(matches!(err, edgeauth::Error::BufferTooSmall { .. }));
/// # Ok::<(), edgeauth::Error>(())
/// ```
pub fn encode<'o, T: Serialize + ?Sized>(
    key: &SigningKey,
    kid: Option<&str>,
    claims: &T,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let alg = key.algorithm();
    // Without a `kid` the header depends only on the algorithm: its base64url text is a constant.
    if let (None, Some(text)) = (kid, plain_header(alg)) {
        return encode_with_header(key, Header::Encoded(text), claims, out);
    }
    if kid.is_some_and(|kid| kid.len() > MAX_KID_LEN) {
        return Err(Error::InvalidKeyId);
    }
    let mut header_buf = [0u8; HEADER_CAP];
    let mut header = Sink::new(&mut header_buf);
    header.push(b"{\"alg\":\"");
    header.push(alg.name().as_bytes());
    header.push(b"\"");
    if let Some(kid) = kid {
        header.push(b",\"kid\":");
        header.push_json_str(kid);
    }
    header.push(b",\"typ\":\"JWT\"}");
    if !header.fits() {
        return Err(Error::InvalidKeyId);
    }
    let len = header.len();
    encode_with_header(key, Header::Json(&header_buf[..len]), claims, out)
}

/// The protected header of a token being encoded.
#[derive(Clone, Copy)]
enum Header<'h> {
    /// Already base64url text (the precomputed headers without `kid`).
    Encoded(&'h [u8]),
    /// JSON still to be encoded.
    Json(&'h [u8]),
}

/// [`encode`] once the header is known: the payload is serialized straight into `out` after the
/// header's place, encoded in place, then signed.
fn encode_with_header<'o, T: Serialize + ?Sized>(
    key: &SigningKey,
    header: Header<'_>,
    claims: &T,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let header_b64_len = match header {
        Header::Encoded(text) => text.len(),
        Header::Json(json) => base64url::encoded_len(json.len()),
    };
    let payload_at = header_b64_len + 1;

    let payload_json_len = {
        let mut payload = Sink::new(out.get_mut(payload_at..).unwrap_or_default());
        to_sink(claims, &mut payload).map_err(|_| Error::Serialize)?;
        payload.len()
    };
    let payload_end = payload_at + base64url::encoded_len(payload_json_len);
    let signature_len = key.algorithm().signature_len().ok_or(Error::InvalidKey)?;
    let needed = payload_end + 1 + base64url::encoded_len(signature_len);
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }

    match header {
        Header::Encoded(text) => out[..header_b64_len].copy_from_slice(text),
        Header::Json(json) => {
            base64url::encode(json, &mut out[..header_b64_len])
                .ok_or(Error::BufferTooSmall { needed })?;
        }
    }
    out[header_b64_len] = b'.';
    base64url::encode_in_place(&mut out[payload_at..payload_end], payload_json_len)
        .ok_or(Error::BufferTooSmall { needed })?;
    sign_into(key, out, payload_end, needed)
}

/// The header edgeauth writes when there is no `kid`, before the algorithm name and after it.
const PLAIN_HEADER: (&[u8], &[u8]) = (b"{\"alg\":\"", b"\",\"typ\":\"JWT\"}");

/// Room for the base64url of a plain header with an algorithm name of up to 16 bytes.
const PLAIN_HEADER_B64_CAP: usize =
    base64url::encoded_len(PLAIN_HEADER.0.len() + 16 + PLAIN_HEADER.1.len());

/// The base64url text of the plain header of every algorithm, indexed like [`Algorithm::ALL`];
/// computed at compile time, so an encode without `kid` neither serializes nor encodes it.
pub(crate) static PLAIN_HEADERS: [([u8; PLAIN_HEADER_B64_CAP], usize); Algorithm::ALL.len()] = {
    let mut table = [([0u8; PLAIN_HEADER_B64_CAP], 0); Algorithm::ALL.len()];
    let mut i = 0;
    while i < Algorithm::ALL.len() {
        let alg = Algorithm::ALL[i];
        // The lookup in `plain_header` indexes by discriminant.
        assert!(
            alg as usize == i,
            "Algorithm::ALL must be in declaration order"
        );
        let name = alg.name().as_bytes();
        assert!(
            name.len() <= 16,
            "algorithm name too long for PLAIN_HEADERS"
        );
        // Names are JSON-safe as written (RFC 7518 §3.1), so they are copied without escaping.
        let mut k = 0;
        while k < name.len() {
            assert!(name[k] >= 0x20 && name[k] != b'"' && name[k] != b'\\');
            k += 1;
        }
        let mut json = [0u8; PLAIN_HEADER.0.len() + 16 + PLAIN_HEADER.1.len()];
        let mut len = 0;
        let parts = [PLAIN_HEADER.0, name, PLAIN_HEADER.1];
        let mut p = 0;
        while p < parts.len() {
            let mut k = 0;
            while k < parts[p].len() {
                json[len] = parts[p][k];
                len += 1;
                k += 1;
            }
            p += 1;
        }
        let (json, _) = json.split_at(len);
        table[i] = base64url::encode_const(json);
        i += 1;
    }
    table
};

/// The precomputed base64url header for `alg` without a `kid`: what [`encode`] writes, and what
/// the verifier recognizes without decoding (`Header::read_plain`).
pub(crate) fn plain_header(alg: Algorithm) -> Option<&'static [u8]> {
    let (text, len) = PLAIN_HEADERS.get(alg as usize)?;
    text.get(..*len)
}

/// The longest header [`encode_raw`] accepts, in bytes (it is checked on the stack).
pub const MAX_RAW_HEADER_LEN: usize = 1024;

/// Signs caller-supplied header and payload octets exactly as given (RFC 7515 §5.1) and writes
/// the compact token into `out`.
///
/// For headers edgeauth does not build itself and for non-JSON payloads. The header must still
/// pass the verifier's rules — strict JSON, an `alg` equal to the key's algorithm, none of the
/// refused members — so this cannot mint a token edgeauth would refuse for its header.
pub fn encode_raw<'o>(
    key: &SigningKey,
    header_json: &[u8],
    payload: &[u8],
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let mut header_copy = [0u8; MAX_RAW_HEADER_LEN];
    let copy = header_copy
        .get_mut(..header_json.len())
        .ok_or(Error::Json {
            part: crate::Part::Header,
            error: crate::JsonError::StringTooLong,
        })?;
    copy.copy_from_slice(header_json);
    let header = super::header::Header::read(copy, None)?;
    if header.alg != key.algorithm() {
        return Err(Error::AlgorithmMismatch);
    }

    let header_end = base64url::encoded_len(header_json.len());
    let payload_end = header_end + 1 + base64url::encoded_len(payload.len());
    let signature_len = key.algorithm().signature_len().ok_or(Error::InvalidKey)?;
    let needed = payload_end + 1 + base64url::encoded_len(signature_len);
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    base64url::encode(header_json, &mut out[..header_end])
        .ok_or(Error::BufferTooSmall { needed })?;
    out[header_end] = b'.';
    base64url::encode(payload, &mut out[header_end + 1..payload_end])
        .ok_or(Error::BufferTooSmall { needed })?;
    sign_into(key, out, payload_end, needed)
}

/// Shared tail of both encoders: `out[..payload_end]` holds `header.payload`; appends `.` and the
/// base64url signature over it, and returns the token (`needed` bytes, already checked to fit).
fn sign_into<'o>(
    key: &SigningKey,
    out: &'o mut [u8],
    payload_end: usize,
    needed: usize,
) -> Result<&'o str, Error> {
    let too_small = Error::BufferTooSmall { needed };
    *out.get_mut(payload_end).ok_or(too_small)? = b'.';
    // Large enough for every signature edgeauth can produce (ES384: 96 bytes).
    let mut signature = [0u8; 96];
    let n = key.sign(&out[..payload_end], &mut signature)?;
    let target = out.get_mut(payload_end + 1..needed).ok_or(too_small)?;
    base64url::encode(&signature[..n], target).ok_or(too_small)?;
    core::str::from_utf8(&out[..needed]).map_err(|_| Error::Serialize)
}
