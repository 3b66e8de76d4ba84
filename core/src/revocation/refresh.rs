//! [`RefreshStore`]: refresh-token rotation with reuse detection (OAuth 2.0 Security BCP,
//! RFC 9700 §4.14.2).
//!
//! A *family* starts at sign-in. Each refresh token names its family (a random 128-bit selector),
//! its generation, and carries a fresh 256-bit secret of which the store keeps only the SHA-256
//! digest. Redeeming the current token returns the next one and spends the old. Any presentation
//! of the family's selector that is not the current generation with the matching secret means a
//! token was copied — by a thief or by a client replaying a spent token — so the whole family is
//! revoked and both parties must sign in again. The selector appears only inside the family's
//! own tokens, so only someone who held one of them can trigger this. The store does not mint
//! access tokens; the caller does that after a successful [`RefreshStore::rotate`].

use base64ct::{Base64UrlUnpadded, Encoding};
use core::fmt;
use rand_core::TryCryptoRng;

use super::RevocationError;
use crate::session::map::FixedMap;
use crate::session::{SessionId, VerifierDigest, encoded_len};

const HEAD_BYTES: usize = 20;
const HEAD_LEN: usize = encoded_len(HEAD_BYTES);
/// Length of a refresh token's text: base64url(selector ‖ generation), `.`, base64url(secret).
pub const REFRESH_TOKEN_LEN: usize = HEAD_LEN + 1 + SessionId::<32>::ENCODED_LEN;

/// A refresh token: family selector, generation, secret. `Debug` hides the secret.
pub struct RefreshToken {
    family: [u8; 16],
    generation: u32,
    secret: SessionId<32>,
}

impl RefreshToken {
    /// Parses the text form (exactly [`REFRESH_TOKEN_LEN`] bytes).
    pub fn parse(text: &[u8]) -> Result<Self, RevocationError> {
        if text.len() != REFRESH_TOKEN_LEN || text.get(HEAD_LEN) != Some(&b'.') {
            return Err(RevocationError::Malformed);
        }
        let (head, rest) = text.split_at(HEAD_LEN);
        let mut raw = [0u8; HEAD_BYTES];
        match Base64UrlUnpadded::decode(head, &mut raw) {
            Ok(d) if d.len() == HEAD_BYTES => {}
            _ => return Err(RevocationError::Malformed),
        }
        let secret = SessionId::parse(rest.get(1..).unwrap_or_default())
            .map_err(|_| RevocationError::Malformed)?;
        let mut family = [0u8; 16];
        family.copy_from_slice(&raw[..16]);
        let mut g = [0u8; 4];
        g.copy_from_slice(&raw[16..]);
        Ok(Self {
            family,
            generation: u32::from_be_bytes(g),
            secret,
        })
    }

    /// Writes the text form into `out` (at least [`REFRESH_TOKEN_LEN`] bytes).
    pub fn encode<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, RevocationError> {
        let out = out
            .get_mut(..REFRESH_TOKEN_LEN)
            .ok_or(RevocationError::BufferTooSmall)?;
        let mut raw = [0u8; HEAD_BYTES];
        raw[..16].copy_from_slice(&self.family);
        raw[16..].copy_from_slice(&self.generation.to_be_bytes());
        let (head, rest) = out.split_at_mut(HEAD_LEN);
        Base64UrlUnpadded::encode(&raw, head).map_err(|_| RevocationError::BufferTooSmall)?;
        let (dot, secret) = rest.split_at_mut(1);
        dot[0] = b'.';
        self.secret
            .encode(secret)
            .map_err(|_| RevocationError::BufferTooSmall)?;
        core::str::from_utf8(out).map_err(|_| RevocationError::BufferTooSmall)
    }

    /// The generation: 0 for the token issued at sign-in, +1 per rotation.
    pub const fn generation(&self) -> u32 {
        self.generation
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshToken")
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

/// Lifetimes for a [`RefreshStore`], in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshConfig {
    /// How long one refresh token stays redeemable after it was issued (an idle limit).
    pub token_ttl: u64,
    /// How long a family lives from sign-in, however often it rotates (an absolute limit).
    pub family_lifetime: u64,
}

/// A successful rotation: the next refresh token and the family's user.
#[derive(Debug)]
pub struct RefreshGrant {
    /// The new refresh token; the presented one is now spent.
    pub token: RefreshToken,
    /// The user the family was issued to.
    pub user: u64,
}

#[derive(Clone, Copy)]
struct Family {
    digest: [u8; 32],
    user: u64,
    generation: u32,
    created: u64,
    issued: u64,
}

/// A fixed-capacity refresh-token store with `N` slots (at most [`Self::CAPACITY`] families).
///
/// # Examples
///
/// ```
/// use edgeauth::revocation::{RefreshConfig, RefreshStore, RevocationError};
/// use rand_chacha::ChaCha20Rng;
/// use rand_core::SeedableRng;
///
/// let mut rng = ChaCha20Rng::seed_from_u64(5);
/// let cfg = RefreshConfig { token_ttl: 86_400, family_lifetime: 30 * 86_400 };
/// let mut store: RefreshStore<64> = RefreshStore::new(cfg);
/// let t0 = store.issue(7, &mut rng, 0).unwrap();
/// let t1 = store.rotate(&t0, &mut rng, 10).unwrap().token;
/// // Replaying t0 (stolen, or a buggy client) revokes the family: t1 dies too.
/// assert_eq!(store.rotate(&t0, &mut rng, 20).unwrap_err(), RevocationError::Reused);
/// assert_eq!(store.rotate(&t1, &mut rng, 21).unwrap_err(), RevocationError::Invalid);
/// ```
pub struct RefreshStore<const N: usize> {
    map: FixedMap<Family, N>,
    config: RefreshConfig,
}

impl<const N: usize> RefreshStore<N> {
    /// Maximum number of live families: `N - N/8`.
    pub const CAPACITY: usize = FixedMap::<Family, N>::CAPACITY;

    /// An empty store. `const`, so it can initialise a `static`.
    pub const fn new(config: RefreshConfig) -> Self {
        Self {
            map: FixedMap::new(),
            config,
        }
    }

    /// Families stored (live or not yet reclaimed).
    pub const fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no family is stored.
    pub const fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    fn expired(cfg: &RefreshConfig, f: &Family, now: u64) -> bool {
        now >= f.created.saturating_add(cfg.family_lifetime)
            || now >= f.issued.saturating_add(cfg.token_ttl)
    }

    /// Starts a family for `user` at sign-in and returns its first token. Expired families met on
    /// the way are reclaimed; [`RevocationError::Full`] leaves the store unchanged.
    pub fn issue<R: TryCryptoRng + ?Sized>(
        &mut self,
        user: u64,
        rng: &mut R,
        now: u64,
    ) -> Result<RefreshToken, RevocationError> {
        let mut family = [0u8; 16];
        rng.try_fill_bytes(&mut family)
            .map_err(|_| RevocationError::Rng)?;
        if self.map.find(&family).is_some() {
            // 2^-128 per call; refusing is simpler and safer than overwriting another family.
            return Err(RevocationError::Rng);
        }
        let secret = SessionId::<32>::generate(rng).map_err(|_| RevocationError::Rng)?;
        let record = Family {
            digest: secret.digest().to_bytes(),
            user,
            generation: 0,
            created: now,
            issued: now,
        };
        let cfg = self.config;
        self.map
            .insert(family, record, |f| Self::expired(&cfg, f, now))
            .map_err(|_| RevocationError::Full)?;
        Ok(RefreshToken {
            family,
            generation: 0,
            secret,
        })
    }

    /// Redeems `presented` and returns the next token of its family.
    ///
    /// * unknown family → [`RevocationError::Invalid`];
    /// * wrong generation or wrong secret → the family is revoked, [`RevocationError::Reused`];
    /// * family or token lifetime reached → the family is removed, [`RevocationError::Expired`];
    /// * RNG failure → [`RevocationError::Rng`], nothing changed (the presented token still works).
    pub fn rotate<R: TryCryptoRng + ?Sized>(
        &mut self,
        presented: &RefreshToken,
        rng: &mut R,
        now: u64,
    ) -> Result<RefreshGrant, RevocationError> {
        let cfg = self.config;
        let idx = self
            .map
            .find(&presented.family)
            .ok_or(RevocationError::Invalid)?;
        let fam = *self
            .map
            .get(&presented.family)
            .ok_or(RevocationError::Invalid)?;
        let current = presented.generation == fam.generation;
        let secret_ok = bool::from(
            presented
                .secret
                .matches(&VerifierDigest::from_bytes(fam.digest)),
        );
        if !(current && secret_ok) {
            self.map.remove_at(idx);
            return Err(RevocationError::Reused);
        }
        let Some(next_gen) = fam.generation.checked_add(1) else {
            self.map.remove_at(idx);
            return Err(RevocationError::Expired);
        };
        if Self::expired(&cfg, &fam, now) {
            self.map.remove_at(idx);
            return Err(RevocationError::Expired);
        }
        let secret = SessionId::<32>::generate(rng).map_err(|_| RevocationError::Rng)?;
        let f = self
            .map
            .get_mut(&presented.family)
            .ok_or(RevocationError::Invalid)?;
        f.generation = next_gen;
        f.digest = secret.digest().to_bytes();
        f.issued = now.max(f.issued);
        Ok(RefreshGrant {
            token: RefreshToken {
                family: presented.family,
                generation: next_gen,
                secret,
            },
            user: fam.user,
        })
    }

    /// Revokes the family of `token` (logout). Any token of the family, spent or current, is
    /// accepted here: whoever holds one may end the family. Returns whether it existed.
    pub fn revoke_family(&mut self, token: &RefreshToken) -> bool {
        self.map.remove(&token.family).is_some()
    }

    /// Revokes every family of `user`. Returns how many. O(N).
    pub fn revoke_user(&mut self, user: u64) -> usize {
        self.map.retain(|_, f| f.user != user)
    }

    /// Removes expired families. Returns how many. O(N).
    pub fn sweep(&mut self, now: u64) -> usize {
        let cfg = self.config;
        self.map.retain(|_, f| !Self::expired(&cfg, f, now))
    }
}

impl<const N: usize> fmt::Debug for RefreshStore<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshStore")
            .field("len", &self.map.len())
            .field("capacity", &Self::CAPACITY)
            .field("config", &self.config)
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn text_form_is_fixed_and_known() {
        assert_eq!(REFRESH_TOKEN_LEN, 27 + 1 + 43);
        let t = RefreshToken {
            family: [0xff; 16],
            generation: 0x0102_0304,
            secret: SessionId::from_bytes([0; 32]),
        };
        let mut buf = [0u8; REFRESH_TOKEN_LEN];
        let text = t.encode(&mut buf).unwrap();
        // 16 x 0xff then 01 02 03 04, base64url without padding.
        assert_eq!(
            text,
            "_____________________wECAwQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        );
        let back = RefreshToken::parse(text.as_bytes()).unwrap();
        assert_eq!(back.generation(), 0x0102_0304);
        assert_eq!(back.family, [0xff; 16]);
        let mut small = [0u8; REFRESH_TOKEN_LEN - 1];
        assert_eq!(
            t.encode(&mut small).unwrap_err(),
            RevocationError::BufferTooSmall
        );
    }

    #[test]
    fn parse_refusals() {
        let good = b"_____________________wECAwQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(RefreshToken::parse(good).is_ok());
        let mut bad = *good;
        bad[27] = b'A';
        assert_eq!(
            RefreshToken::parse(&bad).unwrap_err(),
            RevocationError::Malformed
        );
        let mut bad = *good;
        bad[3] = b'=';
        assert_eq!(
            RefreshToken::parse(&bad).unwrap_err(),
            RevocationError::Malformed
        );
        let mut bad = *good;
        bad[70] = b'B';
        assert_eq!(
            RefreshToken::parse(&bad).unwrap_err(),
            RevocationError::Malformed
        );
        assert_eq!(
            RefreshToken::parse(&good[..70]).unwrap_err(),
            RevocationError::Malformed
        );
    }
}
