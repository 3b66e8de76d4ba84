//! Strict, unpadded base64url (RFC 4648 §5) for the *public* token segments.
//!
//! Decoding uses the `base64` crate's no-allocation `decode_slice`, configured to refuse padding
//! and non-canonical trailing bits: two different strings must never decode to the same bytes,
//! or a token could be re-encoded by an attacker without touching its signature. Secret material
//! (keys, session IDs) goes through `base64ct` instead, which is constant-time; token segments are
//! public, so the faster table-driven decoder is the right trade here.
//!
//! Encoding is written here because the encoder must work *in place, backwards* inside the
//! caller's output buffer (see [`encode_in_place`]) so that encoding needs no second buffer.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The exact decoded length of `encoded_len` base64url characters, or `None` for a length no
/// unpadded encoding can have (`len % 4 == 1`).
pub const fn decoded_len(encoded_len: usize) -> Option<usize> {
    let rem = encoded_len % 4;
    if rem == 1 {
        return None;
    }
    let tail = if rem == 0 { 0 } else { rem - 1 };
    Some(encoded_len / 4 * 3 + tail)
}

/// The length of the unpadded base64url encoding of `len` bytes.
pub const fn encoded_len(len: usize) -> usize {
    let rem = len % 3;
    len / 3 * 4 + if rem == 0 { 0 } else { rem + 1 }
}

/// Decodes `input` into exactly `out` (which must be [`decoded_len`] long). Any deviation from
/// canonical unpadded base64url is an error.
pub fn decode_exact(input: &[u8], out: &mut [u8]) -> Result<(), InvalidBase64> {
    match STRICT.decode_slice(input, out) {
        Ok(n) if n == out.len() => Ok(()),
        _ => Err(InvalidBase64),
    }
}

/// The input was not canonical unpadded base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidBase64;

/// Encodes `input` into `out`, returning the number of bytes written, or `None` if `out` is
/// shorter than [`encoded_len`].
pub fn encode(input: &[u8], out: &mut [u8]) -> Option<usize> {
    let n = encoded_len(input.len());
    let out = out.get_mut(..n)?;
    let mut chunks_out = out.chunks_mut(4);
    for chunk in input.chunks(3) {
        let dst = chunks_out.next()?;
        encode_group(chunk, dst);
    }
    Some(n)
}

/// Encodes the `len` bytes at the start of `buf` in place, returning the encoded length.
///
/// Groups are processed from the last to the first: group `g` reads bytes `3g..3g+3` and writes
/// `4g..4g+4`, which only overlaps input of groups `≥ g` that have already been read. Returns
/// `None` if `buf` cannot hold the encoding.
pub fn encode_in_place(buf: &mut [u8], len: usize) -> Option<usize> {
    let n = encoded_len(len);
    if buf.len() < n || buf.len() < len {
        return None;
    }
    let groups = len.div_ceil(3);
    for g in (0..groups).rev() {
        let start = g * 3;
        let end = (start + 3).min(len);
        let mut group = [0u8; 3];
        let take = end - start;
        group[..take].copy_from_slice(&buf[start..end]);
        let out_end = (g * 4 + 4).min(n);
        encode_group(&group[..take], &mut buf[g * 4..out_end]);
    }
    Some(n)
}

fn encode_group(input: &[u8], out: &mut [u8]) {
    let b0 = input.first().copied().unwrap_or(0);
    let b1 = input.get(1).copied().unwrap_or(0);
    let b2 = input.get(2).copied().unwrap_or(0);
    let sextets = [
        b0 >> 2,
        ((b0 & 0x03) << 4) | (b1 >> 4),
        ((b1 & 0x0f) << 2) | (b2 >> 6),
        b2 & 0x3f,
    ];
    for (dst, s) in out.iter_mut().zip(sextets) {
        *dst = ALPHABET[usize::from(s)];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10 test vectors, translated to the URL-safe alphabet without padding.
    const VECTORS: &[(&[u8], &str)] = &[
        (b"", ""),
        (b"f", "Zg"),
        (b"fo", "Zm8"),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg"),
        (b"fooba", "Zm9vYmE"),
        (b"foobar", "Zm9vYmFy"),
        (&[0xfb, 0xff], "-_8"),
    ];

    #[test]
    fn rfc4648_vectors_round_trip() {
        for (raw, text) in VECTORS {
            let mut out = [0u8; 16];
            let n = encode(raw, &mut out).unwrap();
            assert_eq!(&out[..n], text.as_bytes());
            let mut buf = [0u8; 16];
            buf[..raw.len()].copy_from_slice(raw);
            let n = encode_in_place(&mut buf, raw.len()).unwrap();
            assert_eq!(&buf[..n], text.as_bytes());
            let len = decoded_len(text.len()).unwrap();
            assert_eq!(len, raw.len());
            let mut dec = [0u8; 16];
            decode_exact(text.as_bytes(), &mut dec[..len]).unwrap();
            assert_eq!(&dec[..len], *raw);
        }
    }

    #[test]
    fn refuses_non_canonical_and_foreign_input() {
        // "Zh" decodes to "f" only if trailing bits are ignored; canonical is "Zg".
        for bad in ["Zh", "Zm9=", "Zm9v+", "Zm9v/", "Zm 9", "Z", "Zm9vY"] {
            let Some(len) = decoded_len(bad.len()) else {
                continue;
            };
            let mut dec = [0u8; 8];
            assert_eq!(
                decode_exact(bad.as_bytes(), &mut dec[..len]),
                Err(InvalidBase64),
                "{bad}"
            );
        }
        assert_eq!(decoded_len(5), None);
    }
}
