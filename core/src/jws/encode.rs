//! Encoding: header + claims, signed, written as a compact token into the caller's buffer.

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
    let mut header_buf = [0u8; HEADER_CAP];
    let mut header = Sink::new(&mut header_buf);
    header.push(b"{\"alg\":\"");
    header.push(alg.name().as_bytes());
    header.push(b"\"");
    if let Some(kid) = kid {
        if kid.len() > MAX_KID_LEN {
            return Err(Error::InvalidKeyId);
        }
        header.push(b",\"kid\":");
        header.push_json_str(kid);
    }
    header.push(b",\"typ\":\"JWT\"}");
    if !header.fits() {
        return Err(Error::InvalidKeyId);
    }
    let header_json_len = header.len();
    let header_b64_len = base64url::encoded_len(header_json_len);
    let payload_at = header_b64_len + 1;

    let payload_json_len = {
        let mut payload = Sink::new(out.get_mut(payload_at..).unwrap_or_default());
        to_sink(claims, &mut payload).map_err(|_| Error::Serialize)?;
        payload.len()
    };
    let payload_end = payload_at + base64url::encoded_len(payload_json_len);
    let signature_len = alg.signature_len().ok_or(Error::InvalidKey)?;
    let needed = payload_end + 1 + base64url::encoded_len(signature_len);
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }

    base64url::encode(&header_buf[..header_json_len], &mut out[..header_b64_len])
        .ok_or(Error::BufferTooSmall { needed })?;
    out[header_b64_len] = b'.';
    base64url::encode_in_place(&mut out[payload_at..payload_end], payload_json_len)
        .ok_or(Error::BufferTooSmall { needed })?;
    sign_into(key, out, payload_end, needed)
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
