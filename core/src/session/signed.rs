//! HMAC-SHA256-tagged identifiers: `id.tag`.
//!
//! A gateway that holds the server secret refuses forged, random or corrupted identifiers with one
//! HMAC computation, before touching any store, so a flood of garbage cookies costs the store
//! nothing. Verification accepts the current key and, during a rotation, the previous one. The tag
//! is compared in constant time and every failure is the same opaque [`SessionError::BadTag`].
//! This file does not check that the inner identifier exists; the session table does.
//!
//! The MAC input is a fixed context label followed by the identifier text, so a tag can never be
//! confused with an HS256 JWT signature even if an operator reuses a secret.

use crate::alg::hmac::midstate::{self, Hash, Midstates};
use base64ct::{Base64UrlUnpadded, Encoding};
use core::fmt;
use rand_core::TryCryptoRng;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{SessionError, encoded_len};

/// Size of a signing key in bytes (the HMAC-SHA256 output size, RFC 2104 §3).
pub const SIGNING_KEY_BYTES: usize = 32;
/// Length of the base64url tag text (a full 256-bit HMAC-SHA256 output).
pub const TAG_LEN: usize = encoded_len(32);

/// Domain-separation label prefixed to every MAC input.
const CONTEXT: &[u8] = b"edgeauth/session-id/v1\0";

/// A server secret for tagging session identifiers. Zeroized on drop; `Debug` prints no bytes.
pub struct IdSigningKey {
    bytes: [u8; SIGNING_KEY_BYTES],
}

impl IdSigningKey {
    /// Draws a fresh key from the caller's CSPRNG.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, SessionError> {
        let mut bytes = [0u8; SIGNING_KEY_BYTES];
        if rng.try_fill_bytes(&mut bytes).is_err() {
            bytes.zeroize();
            return Err(SessionError::Rng);
        }
        Ok(Self { bytes })
    }

    /// Wraps a key loaded from configuration. It must be 32 uniformly random bytes.
    pub const fn from_bytes(bytes: [u8; SIGNING_KEY_BYTES]) -> Self {
        Self { bytes }
    }

    /// The key's HMAC-SHA256 midstates: what [`IdSigner`] keeps, so that a tag costs the
    /// identifier's blocks and one outer block, not two more compressions for the key pads.
    fn midstates(&self) -> TagKey {
        TagKey(Midstates::new(
            Hash {
                iv: midstate::SHA256_IV,
                digest_len: 32,
            },
            &self.bytes,
        ))
    }
}

/// A signing key in the form [`IdSigner`] uses: the HMAC-SHA256 midstates, which are as secret as
/// the key (zeroized on drop by [`Midstates`]).
#[derive(Clone)]
struct TagKey(Midstates<[u32; 8], 64>);

impl TagKey {
    /// HMAC-SHA256 over `CONTEXT || id`.
    fn tag(&self, id: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 64];
        self.0.tag_prefixed(CONTEXT, id, &mut out);
        let mut tag = [0u8; 32];
        tag.copy_from_slice(out.get(..32).unwrap_or_default());
        tag
    }
}

impl fmt::Debug for IdSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdSigningKey").finish_non_exhaustive()
    }
}

impl Drop for IdSigningKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl ZeroizeOnDrop for IdSigningKey {}

/// Signs and verifies `id.tag` with a current key and an optional previous key.
///
/// # Examples
///
/// ```
/// use edgeauth::session::{IdSigner, IdSigningKey, SessionError};
///
/// let mut signer = IdSigner::new(IdSigningKey::from_bytes([7; 32]));
/// let mut buf = [0u8; 128];
/// let signed = signer.sign("some-session-id", &mut buf).unwrap();
/// let mut copy = [0u8; 128];
/// copy[..signed.len()].copy_from_slice(signed.as_bytes());
/// let signed = core::str::from_utf8(&copy[..signed.len()]).unwrap();
/// assert_eq!(signer.verify(signed), Ok("some-session-id"));
///
/// // After a rotation the old tag still verifies (previous key) until the next rotation.
/// signer.rotate(IdSigningKey::from_bytes([8; 32]));
/// assert_eq!(signer.verify(signed), Ok("some-session-id"));
/// signer.rotate(IdSigningKey::from_bytes([9; 32]));
/// assert_eq!(signer.verify(signed), Err(SessionError::BadTag));
/// ```
///
/// The signer keeps each key's HMAC midstates rather than its bytes (two SHA-256 compressions
/// done once, not per tag); the keys passed in are dropped, and zeroized, on construction.
pub struct IdSigner {
    current: TagKey,
    previous: Option<TagKey>,
}

impl fmt::Debug for IdSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdSigner")
            .field("previous", &self.previous.is_some())
            .finish_non_exhaustive()
    }
}

impl IdSigner {
    /// A signer with only a current key.
    pub fn new(current: IdSigningKey) -> Self {
        Self {
            current: current.midstates(),
            previous: None,
        }
    }

    /// A signer in the middle of a rotation: new IDs are tagged with `current`; IDs tagged with
    /// `previous` still verify.
    pub fn with_previous(current: IdSigningKey, previous: IdSigningKey) -> Self {
        Self {
            current: current.midstates(),
            previous: Some(previous.midstates()),
        }
    }

    /// Makes `next` the current key and the current key the previous one; the old previous key is
    /// dropped (and zeroized), so IDs tagged with it stop verifying.
    pub fn rotate(&mut self, next: IdSigningKey) {
        let old = core::mem::replace(&mut self.current, next.midstates());
        self.previous = Some(old);
    }

    /// Length of `id.tag` for an identifier of `id_len` bytes.
    pub const fn signed_len(id_len: usize) -> usize {
        id_len + 1 + TAG_LEN
    }

    /// Writes `id.tag` into `out` using the current key.
    pub fn sign<'o>(&self, id: &str, out: &'o mut [u8]) -> Result<&'o str, SessionError> {
        let out = out
            .get_mut(..Self::signed_len(id.len()))
            .ok_or(SessionError::BufferTooSmall)?;
        let (head, tag_out) = out.split_at_mut(id.len() + 1);
        let (id_out, dot) = head.split_at_mut(id.len());
        id_out.copy_from_slice(id.as_bytes());
        dot[0] = b'.';
        let tag = self.current.tag(id.as_bytes());
        Base64UrlUnpadded::encode(&tag, tag_out).map_err(|_| SessionError::BufferTooSmall)?;
        core::str::from_utf8(out).map_err(|_| SessionError::Malformed)
    }

    /// Verifies `id.tag` and returns the inner `id`.
    ///
    /// The tag is the last [`TAG_LEN`] characters after the final `.`, so the identifier itself
    /// may contain dots (a split token does). Both keys are always tried when a previous key is
    /// set, and the results are combined with constant-time operations.
    pub fn verify<'a>(&self, signed: &'a str) -> Result<&'a str, SessionError> {
        let bytes = signed.as_bytes();
        let Some(id_len) = bytes.len().checked_sub(TAG_LEN + 1) else {
            return Err(SessionError::BadTag);
        };
        if id_len == 0 || bytes.get(id_len) != Some(&b'.') {
            return Err(SessionError::BadTag);
        }
        let (id, rest) = bytes.split_at(id_len);
        let mut presented = [0u8; 32];
        match Base64UrlUnpadded::decode(rest.get(1..).unwrap_or_default(), &mut presented) {
            Ok(d) if d.len() == 32 => {}
            _ => return Err(SessionError::BadTag),
        }
        let mut ok: Choice = self.current.tag(id).ct_eq(&presented);
        if let Some(prev) = &self.previous {
            ok |= prev.tag(id).ct_eq(&presented);
        }
        if bool::from(ok) {
            signed.get(..id_len).ok_or(SessionError::BadTag)
        } else {
            Err(SessionError::BadTag)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::Sha256;

    /// Independent check of the construction: HMAC-SHA256 over `CONTEXT || id`, computed with the
    /// RFC 4231 test case 2 shape (a different key) via the same `hmac` crate, then encoded.
    #[test]
    fn tag_is_hmac_sha256_over_context_and_id() {
        let key = [0x0b; 32];
        let signer = IdSigner::new(IdSigningKey::from_bytes(key));
        let mut buf = [0u8; 64];
        let signed = signer.sign("abc", &mut buf).unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(b"edgeauth/session-id/v1\0abc");
        let want: [u8; 32] = mac.finalize().into_bytes().into();
        let mut tag = [0u8; 43];
        let tag = Base64UrlUnpadded::encode(&want, &mut tag).unwrap();
        assert_eq!(&signed[..4], "abc.");
        assert_eq!(&signed[4..], tag);
    }

    proptest::proptest! {
        /// The tag is the `hmac` crate's HMAC-SHA256 over `CONTEXT || id` for identifiers of
        /// every length around the block boundaries (the 23-byte label plus the identifier fills
        /// the first 64-byte block at 41 bytes, the padding spills at 33 and 97).
        #[test]
        fn tags_agree_with_the_hmac_crate(
            key in proptest::array::uniform32(proptest::num::u8::ANY),
            id in "[A-Za-z0-9_.-]{1,200}",
        ) {
            let signer = IdSigner::new(IdSigningKey::from_bytes(key));
            let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
            mac.update(CONTEXT);
            mac.update(id.as_bytes());
            let want: [u8; 32] = mac.finalize().into_bytes().into();
            proptest::prop_assert_eq!(signer.current.tag(id.as_bytes()), want);
        }
    }

    #[test]
    fn forged_and_malformed_are_bad_tag() {
        let signer = IdSigner::new(IdSigningKey::from_bytes([1; 32]));
        let mut buf = [0u8; 64];
        let signed = signer.sign("id", &mut buf).unwrap();
        let mut flipped = [0u8; 64];
        let n = signed.len();
        flipped[..n].copy_from_slice(signed.as_bytes());
        flipped[0] = b'j';
        let f = core::str::from_utf8(&flipped[..n]).unwrap();
        assert_eq!(signer.verify(f), Err(SessionError::BadTag));
        assert_eq!(signer.verify(""), Err(SessionError::BadTag));
        assert_eq!(signer.verify("id"), Err(SessionError::BadTag));
        assert_eq!(signer.verify(&signed[2..]), Err(SessionError::BadTag));
        let other = IdSigner::new(IdSigningKey::from_bytes([2; 32]));
        assert_eq!(other.verify(signed), Err(SessionError::BadTag));
        let mut small = [0u8; 45];
        assert_eq!(
            signer.sign("id", &mut small),
            Err(SessionError::BufferTooSmall)
        );
    }
}
