//! Registered claims (RFC 7519 §4.1): extraction with strict JSON types, and their validation.
//!
//! A registered claim of the wrong type is an error, never "absent": an `exp` sent as a string
//! must not turn a token into one that never expires. Time is an input (`now`, unix seconds), and
//! every addition is saturating or checked so values near `u64::MAX` cannot wrap around.

use crate::error::{Claim, Error};
use crate::json::index::{Index, short_tag};
use crate::json::scan::{Cursor, Value};

/// The largest NumericDate accepted (`i64::MAX` seconds), so that peers using signed 64-bit time
/// agree with us about every token we accept.
pub const MAX_NUMERIC_DATE: u64 = i64::MAX as u64;

/// The `aud` claim: absent, one string, or an array of strings (RFC 7519 §4.1.3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Audience<'a> {
    /// No `aud` member.
    None,
    /// A single string.
    One(&'a str),
    /// An array of strings (already checked to hold only strings).
    Many(StrArray<'a>),
}

impl<'a> Audience<'a> {
    /// Iterates over the audience values.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (one, many) = match *self {
            Audience::None => (None, None),
            Audience::One(s) => (Some(s), None),
            Audience::Many(a) => (None, Some(a)),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    /// Whether `value` is one of the audience values.
    pub fn contains(&self, value: &str) -> bool {
        self.iter().any(|a| a == value)
    }
}

/// A JSON array of strings from a verified payload, iterated without allocation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StrArray<'a> {
    cooked: &'a str,
}

impl<'a> StrArray<'a> {
    /// Wraps a cooked array, checking every element is a string unless the reader already knows
    /// (`all_strings`, from the member index).
    pub(crate) fn new(cooked: &'a str, all_strings: bool) -> Option<Self> {
        if all_strings {
            return Some(StrArray { cooked });
        }
        let mut elements = Cursor::new(cooked).elements()?;
        elements
            .all(|v| matches!(v, Value::Str(_)))
            .then_some(StrArray { cooked })
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.into_iter().count()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.into_iter().next().is_none()
    }

    /// Whether `value` is one of the strings (exact, case-sensitive comparison of the unescaped
    /// text), e.g. a role a route requires.
    ///
    /// # Examples
    /// ```
    /// use edgeauth::{KeySet, SigningKey, Validation, Verifier, encode};
    /// # #[derive(serde::Serialize)] struct C<'a> { exp: u64, roles: &'a [&'a str] }
    /// let key = SigningKey::hs256(b"0123456789abcdef0123456789abcdef")?;
    /// let mut out = [0u8; 256];
    /// let token = encode(&key, None, &C { exp: 2_000, roles: &["orders:read", "admin"] }, &mut out)?;
    /// let mut keys: KeySet<'_, 1> = KeySet::new();
    /// keys.insert(None, key.verifying_key()).map_err(|e| e.kind).unwrap();
    /// let mut scratch = [0u8; 256];
    /// let verified = Verifier::new(&keys).verify(token, &Validation::new(1_000), &mut scratch)?;
    /// let roles = verified.str_array_claim("roles")?.unwrap();
    /// assert!(roles.contains("admin"));
    /// assert!(!roles.contains("Admin"));
    /// # Ok::<(), edgeauth::Error>(())
    /// ```
    pub fn contains(&self, value: &str) -> bool {
        self.into_iter().any(|s| s == value)
    }
}

impl<'a> IntoIterator for StrArray<'a> {
    type Item = &'a str;
    type IntoIter = StrIter<'a>;

    fn into_iter(self) -> StrIter<'a> {
        StrIter {
            inner: Cursor::new(self.cooked).elements(),
        }
    }
}

/// Iterator over a [`StrArray`].
#[derive(Clone, Debug)]
pub struct StrIter<'a> {
    inner: Option<crate::json::scan::Elements<'a>>,
}

impl<'a> Iterator for StrIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        // A `StrArray` holds only strings (checked when it was made).
        self.inner.as_mut()?.next_str()
    }
}

/// The registered claims of a verified token, borrowed from the caller's scratch buffer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegisteredClaims<'a> {
    iss: Option<&'a str>,
    sub: Option<&'a str>,
    aud: Audience<'a>,
    exp: Date,
    nbf: Date,
    iat: Date,
    jti: Option<&'a str>,
}

/// A NumericDate, or none, in 8 bytes: `Option<u64>` takes 16 on 32-bit targets, and every
/// claim set is copied into the verified token (measured on the Cortex-M4: 24 B less of it to
/// copy, about 50 B less code). 2^63 marks the absence: it is the first value above
/// [`MAX_NUMERIC_DATE`], so never a date [`numeric_date`] returns. (Not `u64::MAX`: three
/// absent dates side by side would be a byte fill, which LLVM makes a `memset` call at opt "z".)
#[derive(Clone, Copy, PartialEq)]
struct Date(u64);

impl Date {
    const NONE: Date = Date(MAX_NUMERIC_DATE + 1);

    /// Whether there is a date: every date has bit 63 clear, [`Date::NONE`] has it set (one
    /// test of the high word on a 32-bit target).
    fn is_some(self) -> bool {
        self.0 >> 63 == 0
    }

    fn get(self) -> Option<u64> {
        self.is_some().then_some(self.0)
    }
}

/// As the `Option<u64>` it stands for, so that a claim set prints as it always has.
impl core::fmt::Debug for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&self.get(), f)
    }
}

impl<'a> RegisteredClaims<'a> {
    /// `iss`.
    pub fn iss(&self) -> Option<&'a str> {
        self.iss
    }
    /// `sub`.
    pub fn sub(&self) -> Option<&'a str> {
        self.sub
    }
    /// `aud`.
    pub fn aud(&self) -> Audience<'a> {
        self.aud
    }
    /// `exp`, unix seconds.
    pub fn exp(&self) -> Option<u64> {
        self.exp.get()
    }
    /// `nbf`, unix seconds.
    pub fn nbf(&self) -> Option<u64> {
        self.nbf.get()
    }
    /// `iat`, unix seconds.
    pub fn iat(&self) -> Option<u64> {
        self.iat.get()
    }
    /// `jti`.
    pub fn jti(&self) -> Option<&'a str> {
        self.jti
    }

    /// The set of claims present, computed without branches.
    fn present(&self) -> ClaimSet {
        let bit = |present: bool, claim: Claim| u8::from(present) << ClaimSet::rank(claim);
        ClaimSet(
            bit(self.iss.is_some(), Claim::Iss)
                | bit(self.sub.is_some(), Claim::Sub)
                | bit(!matches!(self.aud, Audience::None), Claim::Aud)
                | bit(self.exp.is_some(), Claim::Exp)
                | bit(self.nbf.is_some(), Claim::Nbf)
                | bit(self.iat.is_some(), Claim::Iat)
                | bit(self.jti.is_some(), Claim::Jti),
        )
    }

    /// Extracts the registered claims from a cooked payload object through its member index
    /// (duplicates already refused by the cooker), checking their JSON types.
    ///
    /// Registered names are three bytes, so a name is identified by its length and first four
    /// bytes as an integer ([`crate::json::index::name_tag`]): one pass, integer compares only.
    pub(crate) fn parse(payload: &'a str, index: &Index) -> Result<Self, Error> {
        let mut claims = RegisteredClaims {
            iss: None,
            sub: None,
            aud: Audience::None,
            exp: Date::NONE,
            nbf: Date::NONE,
            iat: Date::NONE,
            jti: None,
        };
        for (_, tag, value, all_strings) in index.short_members::<3, 3>(payload) {
            // The tag picks the claim, then one store per JSON type (not one per claim).
            let (claim, date, text) = match tag {
                ISS => (Claim::Iss, None, Some(&mut claims.iss)),
                SUB => (Claim::Sub, None, Some(&mut claims.sub)),
                JTI => (Claim::Jti, None, Some(&mut claims.jti)),
                EXP => (Claim::Exp, Some(&mut claims.exp), None),
                NBF => (Claim::Nbf, Some(&mut claims.nbf), None),
                IAT => (Claim::Iat, Some(&mut claims.iat), None),
                AUD => {
                    claims.aud = match value {
                        Value::Str(s) => Audience::One(s),
                        Value::Array(a) => Audience::Many(
                            StrArray::new(a, all_strings).ok_or(Error::ClaimType(Claim::Aud))?,
                        ),
                        _ => return Err(Error::ClaimType(Claim::Aud)),
                    };
                    continue;
                }
                _ => continue,
            };
            if let Some(slot) = date {
                *slot = Date(numeric_date(value, claim)?);
            }
            if let Some(slot) = text {
                *slot = Some(string(value, claim)?);
            }
        }
        Ok(claims)
    }
}

const ISS: u32 = short_tag(b"iss");
const SUB: u32 = short_tag(b"sub");
const AUD: u32 = short_tag(b"aud");
const EXP: u32 = short_tag(b"exp");
const NBF: u32 = short_tag(b"nbf");
const IAT: u32 = short_tag(b"iat");
const JTI: u32 = short_tag(b"jti");

fn string(value: Value<'_>, claim: Claim) -> Result<&str, Error> {
    value.as_str().ok_or(Error::ClaimType(claim))
}

/// A NumericDate (RFC 7519 §2) restricted to non-negative integers: fractional seconds are refused
/// as a wrong type because silently truncating them changes what the issuer meant.
fn numeric_date(value: Value<'_>, claim: Claim) -> Result<u64, Error> {
    let Value::Number(text) = value else {
        return Err(Error::ClaimType(claim));
    };
    // The reader already checked the JSON number grammar, so after an optional `-` anything but
    // a digit means a fraction or an exponent.
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let value = decimal(digits).ok_or(Error::ClaimType(claim))?;
    // The grammar allows no leading zeros, so 20 or more digits are at least 10^19, above the
    // maximum; up to 19 digits the value is exact.
    if negative || digits.len() > 19 || value > MAX_NUMERIC_DATE {
        return Err(Error::ClaimOutOfRange(claim));
    }
    Ok(value)
}

/// Whether [`decimal`] combines eight digits at a time: on 64-bit targets. On 32-bit ones the
/// 64-bit multiplies and masks take register pairs and cost more flash (about 190 B on the
/// Cortex-M4) than the ten-digit loop they replace saves time.
/// Off with `small-flash` on every target, so that the host tests run what small builds link.
const SWAR: bool = cfg!(target_pointer_width = "64") && !cfg!(feature = "small-flash");

/// The value of a run of ASCII digits (wrapping past `u64::MAX`, so exact up to 19 digits), or
/// `None` if any byte is not a digit.
fn decimal(digits: &[u8]) -> Option<u64> {
    decimal_with::<SWAR>(digits)
}

/// [`decimal`], with eight digits checked and combined at a time by integer arithmetic when
/// `SWAR` (a NumericDate has ten), or one byte at a time. Both give the same result for every
/// input (tested), so the choice is only about speed and size.
fn decimal_with<const SWAR: bool>(digits: &[u8]) -> Option<u64> {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let mut value = 0u64;
    let rest = if SWAR {
        let (chunks, rest) = digits.as_chunks::<8>();
        for chunk in chunks {
            let w = u64::from_le_bytes(*chunk);
            // Every byte is 0x30..=0x3F, and adding 6 keeps it below 0x40: exactly '0'..='9'.
            if w & HIGH_NIBBLES != ZEROS
                || w.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES != ZEROS
            {
                return None;
            }
            // Pairs, then quadruples, then all eight (the first byte is the most significant).
            let d = w - ZEROS;
            let pairs = (d.wrapping_mul(10 << 8 | 1) >> 8) & 0x00FF_00FF_00FF_00FF;
            let quads = (pairs.wrapping_mul(100 << 16 | 1) >> 16) & 0x0000_FFFF_0000_FFFF;
            let eight = quads.wrapping_mul(10_000 << 32 | 1) >> 32;
            value = value.wrapping_mul(100_000_000).wrapping_add(eight);
        }
        rest
    } else {
        digits
    };
    for &b in rest {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
    }
    Some(value)
}

/// A set of claims, for [`Validation::require`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimSet(u8);

/// The order in which missing claims are reported (the order of the validation rules); a
/// claim's bit in a [`ClaimSet`] is its place here, so the first missing claim is the lowest bit.
const MISSING_ORDER: [Claim; 7] = [
    Claim::Exp,
    Claim::Iat,
    Claim::Nbf,
    Claim::Iss,
    Claim::Sub,
    Claim::Aud,
    Claim::Jti,
];

impl ClaimSet {
    /// `claim`'s place in [`MISSING_ORDER`].
    const fn rank(claim: Claim) -> u8 {
        match claim {
            Claim::Exp => 0,
            Claim::Iat => 1,
            Claim::Nbf => 2,
            Claim::Iss => 3,
            Claim::Sub => 4,
            Claim::Aud => 5,
            Claim::Jti => 6,
        }
    }
    const fn bit(claim: Claim) -> u8 {
        1 << Self::rank(claim)
    }
    /// The set with `claim` added.
    pub const fn with(self, claim: Claim) -> Self {
        ClaimSet(self.0 | Self::bit(claim))
    }
    /// The set with `claim` removed.
    pub const fn without(self, claim: Claim) -> Self {
        ClaimSet(self.0 & !Self::bit(claim))
    }
    /// Whether `claim` is in the set.
    pub const fn contains(self, claim: Claim) -> bool {
        self.0 & Self::bit(claim) != 0
    }
}

/// What a verified token's claims must satisfy.
///
/// Built per request because it carries the current time. The defaults are strict: `exp` is
/// required, the leeway is zero, a token with an `aud` is refused unless an expected audience is
/// configured (RFC 7519 §4.1.3).
///
/// # Examples
/// ```
/// use edgeauth::Validation;
/// let now = 1_800_000_000;
/// let v = Validation::new(now)
///     .leeway(30)
///     .issuers(&["https://idp.example"])
///     .audiences(&["api"])
///     .max_age(3600);
/// # let _ = v;
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Validation<'v> {
    pub(crate) now: u64,
    leeway: u64,
    issuers: &'v [&'v str],
    audiences: &'v [&'v str],
    required: ClaimSet,
    max_age: Option<u64>,
}

impl<'v> Validation<'v> {
    /// Strict defaults at time `now` (unix seconds): `exp` required, no leeway, no issuer or
    /// audience expected.
    pub const fn new(now: u64) -> Self {
        Validation {
            now,
            leeway: 0,
            issuers: &[],
            audiences: &[],
            required: ClaimSet(0).with(Claim::Exp),
            max_age: None,
        }
    }

    /// Allowed clock skew in seconds for `exp`, `nbf` and `iat`.
    pub const fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// `iss` must be present and equal one of these.
    pub const fn issuers(mut self, issuers: &'v [&'v str]) -> Self {
        self.issuers = issuers;
        self
    }

    /// `aud` must be present and contain one of these.
    pub const fn audiences(mut self, audiences: &'v [&'v str]) -> Self {
        self.audiences = audiences;
        self
    }

    /// Requires `claim` to be present.
    pub const fn require(mut self, claim: Claim) -> Self {
        self.required = self.required.with(claim);
        self
    }

    /// Accepts tokens without `exp`. Such tokens never expire; only opt out when another
    /// mechanism (a revocation check, a short `max_age`) bounds their lifetime.
    pub const fn allow_missing_exp(mut self) -> Self {
        self.required = self.required.without(Claim::Exp);
        self
    }

    /// Refuses tokens whose `iat` is more than `seconds` (+ leeway) ago; requires `iat`.
    pub const fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self.required = self.required.with(Claim::Iat);
        self
    }

    /// The time this validation checks against.
    pub const fn now(&self) -> u64 {
        self.now
    }

    /// Checks `claims`; the first failing rule decides the error.
    pub fn check(&self, claims: &RegisteredClaims<'_>) -> Result<(), Error> {
        let missing = ClaimSet(self.required.0 & !claims.present().0);
        if missing != ClaimSet(0)
            && let Some(claim) = first_missing(missing)
        {
            return Err(Error::MissingClaim(claim));
        }
        self.check_values(claims)
    }

    /// The rules on the claims' values, once every required claim is present.
    fn check_values(&self, claims: &RegisteredClaims<'_>) -> Result<(), Error> {
        let now = self.now;
        if let Some(exp) = claims.exp() {
            // RFC 7519 §4.1.4: the current time must be *before* exp.
            if now >= exp.saturating_add(self.leeway) {
                return Err(Error::Expired);
            }
        }
        // The current time plus the allowed clock skew, for the rules about times to come.
        let latest = now.saturating_add(self.leeway);
        if let Some(nbf) = claims.nbf()
            && latest < nbf
        {
            return Err(Error::NotYetValid);
        }
        if let Some(iat) = claims.iat() {
            if latest < iat {
                return Err(Error::IssuedInFuture);
            }
            if let Some(max_age) = self.max_age
                && now > iat.saturating_add(max_age).saturating_add(self.leeway)
            {
                return Err(Error::TooOld);
            }
        }
        if !self.issuers.is_empty() {
            let iss = claims.iss.ok_or(Error::MissingClaim(Claim::Iss))?;
            if !self.issuers.contains(&iss) {
                return Err(Error::InvalidIssuer);
            }
        }
        match (self.audiences.is_empty(), claims.aud) {
            (true, Audience::None) => {}
            (true, _) => return Err(Error::InvalidAudience),
            (false, Audience::None) => return Err(Error::MissingClaim(Claim::Aud)),
            (false, Audience::One(aud)) => {
                if !self.audiences.contains(&aud) {
                    return Err(Error::InvalidAudience);
                }
            }
            (false, Audience::Many(auds)) => {
                if !auds.into_iter().any(|a| self.audiences.contains(&a)) {
                    return Err(Error::InvalidAudience);
                }
            }
        }
        Ok(())
    }
}

/// The first claim of `missing` in the documented order: its lowest bit.
#[cold]
fn first_missing(missing: ClaimSet) -> Option<Claim> {
    MISSING_ORDER
        .get(missing.0.trailing_zeros() as usize)
        .copied()
}

/// A revocation source consulted after a token's signature and claims are valid, so a gateway
/// gets "verified and not revoked" in one call ([`crate::Verifier::verify_with`]).
pub trait RevocationCheck {
    /// Returns true when the token with these verified claims must be refused as revoked.
    fn is_revoked(&self, claims: &RegisteredClaims<'_>, now: u64) -> bool;
}

/// No revocation: every valid token passes.
impl RevocationCheck for () {
    fn is_revoked(&self, _claims: &RegisteredClaims<'_>, _now: u64) -> bool {
        false
    }
}

impl<A: RevocationCheck, B: RevocationCheck> RevocationCheck for (A, B) {
    fn is_revoked(&self, claims: &RegisteredClaims<'_>, now: u64) -> bool {
        self.0.is_revoked(claims, now) || self.1.is_revoked(claims, now)
    }
}

impl<T: RevocationCheck + ?Sized> RevocationCheck for &T {
    fn is_revoked(&self, claims: &RegisteredClaims<'_>, now: u64) -> bool {
        (**self).is_revoked(claims, now)
    }
}

#[cfg(test)]
mod tag_tests {
    use super::*;
    use crate::json::index::name_tag;

    #[test]
    fn compile_time_tags_equal_the_index_tags() {
        for (tag, name) in [
            (ISS, "iss"),
            (SUB, "sub"),
            (AUD, "aud"),
            (EXP, "exp"),
            (NBF, "nbf"),
            (IAT, "iat"),
            (JTI, "jti"),
        ] {
            assert_eq!(tag, name_tag(name.as_bytes()), "{name}");
        }
    }
}

#[cfg(test)]
mod presence_tests {
    use super::*;

    #[test]
    fn dates_keep_every_numeric_date_and_print_as_options() {
        // Every value `numeric_date` can return is a date, the marker is none.
        for date in [0, 1, 1_800_000_000, MAX_NUMERIC_DATE] {
            assert_eq!(Date(date).get(), Some(date));
        }
        assert_eq!(Date::NONE.get(), None);
        assert_eq!(
            numeric_date(Value::Number("9223372036854775808"), Claim::Exp).ok(),
            None
        );
        let claims = with_mask(ClaimSet::bit(Claim::Exp));
        let printed = std::format!("{claims:?}");
        assert!(printed.contains("exp: Some(10)"), "{printed}");
        assert!(printed.contains("nbf: None"), "{printed}");
    }

    /// Claims with exactly the members whose bit is set in `mask` (bit = `ClaimSet::bit`).
    fn with_mask(mask: u8) -> RegisteredClaims<'static> {
        let on = |claim: Claim| mask & ClaimSet::bit(claim) != 0;
        RegisteredClaims {
            iss: on(Claim::Iss).then_some("i"),
            sub: on(Claim::Sub).then_some("s"),
            aud: if on(Claim::Aud) {
                Audience::One("a")
            } else {
                Audience::None
            },
            exp: if on(Claim::Exp) { Date(10) } else { Date::NONE },
            nbf: if on(Claim::Nbf) { Date(0) } else { Date::NONE },
            iat: if on(Claim::Iat) { Date(0) } else { Date::NONE },
            jti: on(Claim::Jti).then_some("j"),
        }
    }

    #[test]
    fn every_missing_combination_reports_the_first_in_the_documented_order() {
        // The documented order, written out again rather than read from `MISSING_ORDER`, so
        // that this test checks that table instead of repeating it.
        let order = [
            Claim::Exp,
            Claim::Iat,
            Claim::Nbf,
            Claim::Iss,
            Claim::Sub,
            Claim::Aud,
            Claim::Jti,
        ];
        for present in 0u8..128 {
            let claims = with_mask(present);
            assert_eq!(claims.present().0, present);
            for required in 0u8..128 {
                let validation = Validation {
                    required: ClaimSet(required),
                    ..Validation::new(5)
                };
                let expected = order
                    .iter()
                    .find(|&&c| required & ClaimSet::bit(c) != 0 && present & ClaimSet::bit(c) == 0)
                    .map(|&c| Error::MissingClaim(c));
                let got = validation.check(&claims).err();
                match expected {
                    Some(e) => {
                        assert_eq!(got, Some(e), "present {present:#b} required {required:#b}")
                    }
                    // All required claims present: any error is about values, never a missing claim.
                    None => assert!(
                        !matches!(got, Some(Error::MissingClaim(_))),
                        "present {present:#b} required {required:#b}: {got:?}"
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::decimal_with;
    use proptest::prelude::*;

    /// Both variants (eight digits at a time, one at a time), whichever the target uses.
    fn both(digits: &[u8]) -> [Option<u64>; 2] {
        [decimal_with::<true>(digits), decimal_with::<false>(digits)]
    }

    proptest! {
        /// Agrees with `str::parse` on every run of up to 19 digits.
        #[test]
        fn digits_parse_like_the_standard_library(text in "[0-9]{1,19}") {
            let expected = Some(text.parse::<u64>().unwrap());
            prop_assert_eq!(both(text.as_bytes()), [expected; 2]);
        }

        /// Any byte that is not a digit, at any position, is refused.
        #[test]
        fn one_non_digit_anywhere_is_refused(text in "[0-9]{0,20}", bad in any::<u8>(), at in 0usize..21) {
            prop_assume!(!bad.is_ascii_digit());
            let mut bytes = text.into_bytes();
            let at = at.min(bytes.len());
            bytes.insert(at, bad);
            prop_assert_eq!(both(&bytes), [None; 2]);
        }

        /// Past 19 digits both wrap the same way (the caller refuses such values by length).
        #[test]
        fn long_runs_wrap_identically(text in "[1-9][0-9]{19,40}") {
            let [swar, bytewise] = both(text.as_bytes());
            prop_assert_eq!(swar, bytewise);
        }
    }

    #[test]
    fn bytes_next_to_the_digit_range_are_refused() {
        for bad in [b'/', b':', b'?', b'\x00', b'\xb0', b'\xff', b' '] {
            let mut eight = *b"12345678";
            eight[3] = bad;
            assert_eq!(both(&eight), [None; 2], "{bad:#x}");
        }
        assert_eq!(both(b"4102444800"), [Some(4_102_444_800); 2]);
        assert_eq!(both(b"9223372036854775807"), [Some(i64::MAX as u64); 2]);
        assert_eq!(both(b""), [Some(0); 2]);
    }
}

#[cfg(test)]
mod index_fallback_tests {
    use super::*;
    use crate::json::cook_indexed;
    use std::string::String;

    /// `fillers` custom members, then the registered claims given as JSON members.
    fn payload(fillers: usize, registered: &str) -> String {
        let mut doc = String::from("{");
        for i in 0..fillers {
            doc.push_str(&std::format!("\"c{i}\":{i},"));
        }
        doc.push_str(registered);
        doc.push('}');
        doc
    }

    #[test]
    fn registered_claims_past_the_index_capacity_are_read_the_same() {
        let registered =
            r#""iss":"https:\/\/idp","aud":["a","b"],"exp":4102444800,"iat":7,"sub":"s""#;
        for fillers in [0, 10, 20, 40] {
            let mut doc = payload(fillers, registered).into_bytes();
            let (cooked, index) = cook_indexed(&mut doc).unwrap();
            let claims = RegisteredClaims::parse(cooked, &index).unwrap();
            assert_eq!(claims.iss(), Some("https://idp"), "{fillers}");
            assert_eq!(claims.sub(), Some("s"));
            assert_eq!(claims.exp(), Some(4_102_444_800));
            assert_eq!(claims.iat(), Some(7));
            assert_eq!(claims.nbf(), None);
            assert_eq!(
                claims.aud().iter().collect::<std::vec::Vec<_>>(),
                ["a", "b"]
            );
        }
    }

    #[test]
    fn wrong_types_past_the_index_capacity_are_refused_the_same() {
        for (registered, error) in [
            (r#""exp":"4102444800""#, Error::ClaimType(Claim::Exp)),
            (r#""nbf":1.5"#, Error::ClaimType(Claim::Nbf)),
            (r#""iat":-1"#, Error::ClaimOutOfRange(Claim::Iat)),
            (r#""aud":[1]"#, Error::ClaimType(Claim::Aud)),
            (r#""iss":null"#, Error::ClaimType(Claim::Iss)),
        ] {
            for fillers in [0, 20] {
                let mut doc = payload(fillers, registered).into_bytes();
                let (cooked, index) = cook_indexed(&mut doc).unwrap();
                assert_eq!(
                    RegisteredClaims::parse(cooked, &index),
                    Err(error),
                    "{registered} after {fillers} members"
                );
            }
        }
    }
}
