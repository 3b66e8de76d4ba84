//! Random session identifiers ([`SessionId`]) and the SHA-256 digest a store keeps in their place
//! ([`VerifierDigest`]).
//!
//! An identifier is `N` bytes from the caller's CSPRNG (256 bits by default, at least 128 bits,
//! enforced at compile time) written as unpadded base64url. Encoding and decoding go through
//! `base64ct`, whose table lookups do not branch on the secret bytes. This file does not know about
//! selectors, tags or stores.

use base64ct::{Base64UrlUnpadded, Encoding};
use core::fmt;
use rand_core::TryCryptoRng;
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::SessionError;

/// Smallest identifier size in bytes (128 bits): below this, online guessing against a large
/// session population becomes plausible (OWASP session management guidance asks for 64 bits of
/// *entropy* at least; we double it and never trust a generator's claims).
pub const MIN_ID_BYTES: usize = 16;
/// Largest identifier size in bytes accepted by [`SessionId`] (512 bits).
pub const MAX_ID_BYTES: usize = 64;
/// Default identifier size in bytes (256 bits).
pub const DEFAULT_ID_BYTES: usize = 32;

/// Length of the unpadded base64url text for `bytes` bytes: `ceil(4 * bytes / 3)`.
pub const fn encoded_len(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

/// A secret session identifier of `N` random bytes (default 32 = 256 bits).
///
/// `N` below [`MIN_ID_BYTES`] or above [`MAX_ID_BYTES`] is refused at compile time. The bytes are
/// zeroized on drop; equality is constant time; `Debug` prints no bytes.
///
/// # Examples
///
/// ```
/// use edgeauth::session::SessionId;
/// use rand_chacha::ChaCha20Rng;
/// use rand_core::SeedableRng;
///
/// let mut rng = ChaCha20Rng::seed_from_u64(7);
/// let id: SessionId = SessionId::generate(&mut rng).unwrap();
/// let mut buf = [0u8; SessionId::<32>::ENCODED_LEN];
/// let text = id.encode(&mut buf).unwrap();
/// assert_eq!(text.len(), 43);
/// assert!(SessionId::<32>::parse(text.as_bytes()).unwrap() == id);
/// ```
pub struct SessionId<const N: usize = DEFAULT_ID_BYTES> {
    bytes: [u8; N],
}

impl<const N: usize> SessionId<N> {
    /// Length of the base64url text form.
    pub const ENCODED_LEN: usize = encoded_len(N);

    const SIZE_OK: () = assert!(
        N >= MIN_ID_BYTES && N <= MAX_ID_BYTES,
        "SessionId size must be between 16 and 64 bytes"
    );

    /// Draws a fresh identifier from the caller's CSPRNG.
    ///
    /// Accepts fallible generators (`TryCryptoRng`); a failure is [`SessionError::Rng`] and the
    /// partially filled buffer is wiped.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, SessionError> {
        #[allow(clippy::let_unit_value)]
        let () = Self::SIZE_OK;
        let mut bytes = [0u8; N];
        if rng.try_fill_bytes(&mut bytes).is_err() {
            bytes.zeroize();
            return Err(SessionError::Rng);
        }
        Ok(Self { bytes })
    }

    /// Wraps bytes the caller already holds (for example read back from its own store).
    pub fn from_bytes(bytes: [u8; N]) -> Self {
        #[allow(clippy::let_unit_value)]
        let () = Self::SIZE_OK;
        Self { bytes }
    }

    /// Parses the base64url text form. Refuses any other length, any character outside the
    /// URL-safe alphabet, padding, and non-canonical trailing bits.
    pub fn parse(text: &[u8]) -> Result<Self, SessionError> {
        #[allow(clippy::let_unit_value)]
        let () = Self::SIZE_OK;
        if text.len() != Self::ENCODED_LEN {
            return Err(SessionError::Malformed);
        }
        let mut bytes = [0u8; N];
        let ok = matches!(Base64UrlUnpadded::decode(text, &mut bytes), Ok(d) if d.len() == N);
        if ok {
            Ok(Self { bytes })
        } else {
            bytes.zeroize();
            Err(SessionError::Malformed)
        }
    }

    /// Writes the base64url text form into `out` and returns it.
    pub fn encode<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, SessionError> {
        Base64UrlUnpadded::encode(&self.bytes, out).map_err(|_| SessionError::BufferTooSmall)
    }

    /// The secret bytes. Handle with care: never log them, never compare them with `==` on slices.
    pub fn expose_secret(&self) -> &[u8; N] {
        &self.bytes
    }

    /// SHA-256 of the raw identifier bytes: what a store keeps instead of the identifier, so a
    /// leaked store yields no usable cookie.
    pub fn digest(&self) -> VerifierDigest {
        VerifierDigest(Sha256::digest(self.bytes).into())
    }

    /// Constant-time check of this identifier against a stored digest.
    pub fn matches(&self, stored: &VerifierDigest) -> Choice {
        self.digest().ct_eq(stored)
    }
}

impl<const N: usize> ConstantTimeEq for SessionId<N> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.bytes.ct_eq(&other.bytes)
    }
}

/// Constant-time, via [`ConstantTimeEq`].
impl<const N: usize> PartialEq for SessionId<N> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<const N: usize> Eq for SessionId<N> {}

impl<const N: usize> fmt::Debug for SessionId<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionId").finish_non_exhaustive()
    }
}

impl<const N: usize> Drop for SessionId<N> {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl<const N: usize> ZeroizeOnDrop for SessionId<N> {}

/// SHA-256 of a secret identifier or verifier: the only form a store keeps.
///
/// Not secret by itself (the preimage has at least 128 bits of entropy), but compared only in
/// constant time so a lookup leaks nothing about how close a guess came. `Copy` so tables can
/// hold it in plain arrays; `Debug` prints no bytes.
#[derive(Clone, Copy)]
pub struct VerifierDigest(pub(crate) [u8; 32]);

impl VerifierDigest {
    /// Wraps a digest the caller stored earlier (for example in its own database).
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The digest bytes, to persist in the caller's own store.
    pub const fn to_bytes(&self) -> [u8; 32] {
        self.0
    }
}

impl ConstantTimeEq for VerifierDigest {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl fmt::Debug for VerifierDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierDigest").finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    #[test]
    fn encoded_lengths_match_closed_form() {
        assert_eq!(encoded_len(16), 22);
        assert_eq!(encoded_len(32), 43);
        assert_eq!(encoded_len(64), 86);
        assert_eq!(SessionId::<32>::ENCODED_LEN, 43);
    }

    #[test]
    fn known_bytes_encode_to_known_text() {
        // RFC 4648 §10 style check with the URL-safe alphabet: 0xfb 0xff → "-_8".
        let mut bytes = [0u8; 16];
        bytes[0] = 0xfb;
        bytes[1] = 0xff;
        let id = SessionId::<16>::from_bytes(bytes);
        let mut buf = [0u8; 22];
        assert_eq!(id.encode(&mut buf).unwrap(), "-_8AAAAAAAAAAAAAAAAAAA");
        let back = SessionId::<16>::parse(b"-_8AAAAAAAAAAAAAAAAAAA").unwrap();
        assert_eq!(back.expose_secret(), &bytes);
    }

    #[test]
    fn parse_refuses_bad_input() {
        let zeros = SessionId::<32>::parse(&[b'A'; 43]).unwrap();
        assert_eq!(zeros.expose_secret(), &[0u8; 32]);
        // 43 chars = 258 bits for 256 data bits: the last char carries 4 data bits and 2 zero bits.
        let mut canonical = [b'A'; 43];
        canonical[42] = b'w'; // 0b110000: data bits 1100, zero bits 00
        assert!(SessionId::<32>::parse(&canonical).is_ok());
        canonical[42] = b'x'; // 0b110001: non-zero padding bit
        assert_eq!(
            SessionId::<32>::parse(&canonical),
            Err(SessionError::Malformed)
        );
        let mut plus = [b'A'; 43];
        plus[3] = b'+';
        assert_eq!(SessionId::<32>::parse(&plus), Err(SessionError::Malformed));
        assert_eq!(
            SessionId::<32>::parse(&[b'A'; 42]),
            Err(SessionError::Malformed)
        );
        assert_eq!(
            SessionId::<32>::parse(&[b'A'; 44]),
            Err(SessionError::Malformed)
        );
        assert_eq!(SessionId::<32>::parse(b""), Err(SessionError::Malformed));
    }

    #[test]
    fn generate_roundtrip_and_digest() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let a: SessionId = SessionId::generate(&mut rng).unwrap();
        let b: SessionId = SessionId::generate(&mut rng).unwrap();
        assert!(a != b);
        let mut buf = [0u8; 43];
        let text = a.encode(&mut buf).unwrap();
        let parsed = SessionId::<32>::parse(text.as_bytes()).unwrap();
        assert!(parsed == a);
        assert!(bool::from(a.matches(&parsed.digest())));
        assert!(!bool::from(b.matches(&a.digest())));
        let expected: [u8; 32] = Sha256::digest(a.expose_secret()).into();
        assert_eq!(a.digest().to_bytes(), expected);
        let mut small = [0u8; 42];
        assert_eq!(a.encode(&mut small), Err(SessionError::BufferTooSmall));
    }

    #[test]
    fn debug_prints_no_bytes() {
        use core::fmt::Write;
        let id = SessionId::<16>::from_bytes([0xab; 16]);
        let mut s = heapless::String::<64>::new();
        write!(s, "{id:?} {:?}", id.digest()).unwrap();
        assert_eq!(s.as_str(), "SessionId { .. } VerifierDigest { .. }");
    }
}
