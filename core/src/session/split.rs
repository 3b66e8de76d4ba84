//! Split tokens: the cookie value `selector.verifier`.
//!
//! The *selector* is a public, random 128-bit lookup key; the *verifier* is a secret
//! [`SessionId`] of which the store keeps only the SHA-256 digest. A lookup by selector therefore
//! leaks no timing about the secret part, and a leaked store yields no usable cookie (the
//! attacker would need a SHA-256 preimage). This file owns the token type and its text form, not
//! the store.

use base64ct::{Base64UrlUnpadded, Encoding};
use core::fmt;
use rand_core::TryCryptoRng;
use subtle::Choice;

use super::{DEFAULT_ID_BYTES, SessionError, SessionId, VerifierDigest, encoded_len};

/// Selector size in bytes (128 bits, so random selectors never collide in practice).
pub const SELECTOR_BYTES: usize = 16;
/// Length of a selector's base64url text.
pub const SELECTOR_LEN: usize = encoded_len(SELECTOR_BYTES);

/// The public half of a split token: the store's lookup key.
///
/// Not secret, so it derives the usual traits; knowing a selector does not let anyone use,
/// revoke or time-probe the session.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Selector(pub(crate) [u8; SELECTOR_BYTES]);

impl Selector {
    /// Draws a fresh selector from the caller's CSPRNG.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, SessionError> {
        let mut bytes = [0u8; SELECTOR_BYTES];
        rng.try_fill_bytes(&mut bytes)
            .map_err(|_| SessionError::Rng)?;
        Ok(Self(bytes))
    }

    /// Wraps raw selector bytes.
    pub const fn from_bytes(bytes: [u8; SELECTOR_BYTES]) -> Self {
        Self(bytes)
    }

    /// The raw selector bytes.
    pub const fn to_bytes(&self) -> [u8; SELECTOR_BYTES] {
        self.0
    }

    /// Parses the base64url text form (exactly [`SELECTOR_LEN`] characters).
    pub fn parse(text: &[u8]) -> Result<Self, SessionError> {
        if text.len() != SELECTOR_LEN {
            return Err(SessionError::Malformed);
        }
        let mut bytes = [0u8; SELECTOR_BYTES];
        match Base64UrlUnpadded::decode(text, &mut bytes) {
            Ok(d) if d.len() == SELECTOR_BYTES => Ok(Self(bytes)),
            _ => Err(SessionError::Malformed),
        }
    }

    /// Writes the base64url text form into `out`.
    pub fn encode<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, SessionError> {
        Base64UrlUnpadded::encode(&self.0, out).map_err(|_| SessionError::BufferTooSmall)
    }
}

/// A split session token `selector.verifier` with an `N`-byte verifier (default 256 bits).
///
/// # Examples
///
/// ```
/// use edgeauth::session::SplitToken;
/// use rand_chacha::ChaCha20Rng;
/// use rand_core::SeedableRng;
/// use subtle::ConstantTimeEq;
///
/// let mut rng = ChaCha20Rng::seed_from_u64(1);
/// let token: SplitToken = SplitToken::generate(&mut rng).unwrap();
/// let stored = token.digest(); // the server keeps (selector, digest) only
///
/// let mut buf = [0u8; SplitToken::<32>::ENCODED_LEN];
/// let cookie_value = token.encode(&mut buf).unwrap();
/// let presented = SplitToken::<32>::parse(cookie_value.as_bytes()).unwrap();
/// assert_eq!(presented.selector(), token.selector());
/// assert!(bool::from(presented.matches(&stored)));
/// ```
pub struct SplitToken<const N: usize = DEFAULT_ID_BYTES> {
    selector: Selector,
    verifier: SessionId<N>,
}

impl<const N: usize> SplitToken<N> {
    /// Length of the text form: selector, `.`, verifier.
    pub const ENCODED_LEN: usize = SELECTOR_LEN + 1 + SessionId::<N>::ENCODED_LEN;

    /// Draws a fresh selector and verifier from the caller's CSPRNG.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, SessionError> {
        let selector = Selector::generate(rng)?;
        let verifier = SessionId::generate(rng)?;
        Ok(Self { selector, verifier })
    }

    /// Builds a token from its parts.
    pub fn from_parts(selector: Selector, verifier: SessionId<N>) -> Self {
        Self { selector, verifier }
    }

    /// Parses `selector.verifier`. Refuses wrong lengths, a missing or misplaced `.`, and any
    /// non-alphabet character.
    pub fn parse(text: &[u8]) -> Result<Self, SessionError> {
        if text.len() != Self::ENCODED_LEN || text.get(SELECTOR_LEN) != Some(&b'.') {
            return Err(SessionError::Malformed);
        }
        let (sel, rest) = text.split_at(SELECTOR_LEN);
        let selector = Selector::parse(sel)?;
        let verifier = SessionId::parse(rest.get(1..).unwrap_or_default())?;
        Ok(Self { selector, verifier })
    }

    /// Writes `selector.verifier` into `out` (at least [`Self::ENCODED_LEN`] bytes).
    pub fn encode<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, SessionError> {
        let out = out
            .get_mut(..Self::ENCODED_LEN)
            .ok_or(SessionError::BufferTooSmall)?;
        let (sel, rest) = out.split_at_mut(SELECTOR_LEN);
        self.selector.encode(sel)?;
        let (dot, ver) = rest.split_at_mut(1);
        dot[0] = b'.';
        self.verifier.encode(ver)?;
        core::str::from_utf8(out).map_err(|_| SessionError::BufferTooSmall)
    }

    /// The public lookup key.
    pub fn selector(&self) -> Selector {
        self.selector
    }

    /// The secret half.
    pub fn verifier(&self) -> &SessionId<N> {
        &self.verifier
    }

    /// SHA-256 of the verifier: what the store keeps.
    pub fn digest(&self) -> VerifierDigest {
        self.verifier.digest()
    }

    /// Constant-time comparison of this token's verifier digest with the stored one.
    pub fn matches(&self, stored: &VerifierDigest) -> Choice {
        self.verifier.matches(stored)
    }
}

impl<const N: usize> fmt::Debug for SplitToken<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SplitToken")
            .field("selector", &self.selector)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    #[test]
    fn lengths() {
        assert_eq!(SELECTOR_LEN, 22);
        assert_eq!(SplitToken::<32>::ENCODED_LEN, 22 + 1 + 43);
        assert_eq!(SplitToken::<16>::ENCODED_LEN, 22 + 1 + 22);
    }

    #[test]
    fn known_text_parses_to_known_parts() {
        let text = b"AAAAAAAAAAAAAAAAAAAAAA.-_8AAAAAAAAAAAAAAAAAAA";
        let t = SplitToken::<16>::parse(text).unwrap();
        assert_eq!(t.selector().to_bytes(), [0u8; 16]);
        let mut v = [0u8; 16];
        v[0] = 0xfb;
        v[1] = 0xff;
        assert_eq!(t.verifier().expose_secret(), &v);
        let mut buf = [0u8; 45];
        assert_eq!(t.encode(&mut buf).unwrap().as_bytes(), text);
    }

    #[test]
    fn parse_refuses_malformed() {
        let good = b"AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA";
        assert!(SplitToken::<16>::parse(good).is_ok());
        let cases: [&[u8]; 6] = [
            b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            b"AAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAA",
            b"AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA",
            b"AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA=",
            b"AAAAAAAAAAAAAAAAAAAA/A.AAAAAAAAAAAAAAAAAAAAAA",
            b"AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAA.A",
        ];
        for c in cases {
            assert_eq!(
                SplitToken::<16>::parse(c).unwrap_err(),
                SessionError::Malformed
            );
        }
    }

    #[test]
    fn roundtrip_and_match() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let t: SplitToken = SplitToken::generate(&mut rng).unwrap();
        let other: SplitToken = SplitToken::generate(&mut rng).unwrap();
        let mut buf = [0u8; 66];
        let text = t.encode(&mut buf).unwrap();
        let p = SplitToken::<32>::parse(text.as_bytes()).unwrap();
        assert_eq!(p.selector(), t.selector());
        assert!(bool::from(p.matches(&t.digest())));
        assert!(!bool::from(other.matches(&t.digest())));
        let mut small = [0u8; 65];
        assert_eq!(
            t.encode(&mut small).unwrap_err(),
            SessionError::BufferTooSmall
        );
    }
}
