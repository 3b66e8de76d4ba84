//! A gateway's bearer-token check: `Authorization: Bearer <JWT>` verified against the issuer's
//! JWK Set, with the answers RFC 6750 §3 defines for each failure.
//!
//! What a gateway has to decide, and what this module decides for it:
//! - **Keys come from the issuer's JWKS** (fetched by the gateway over TLS; edgeauth never
//!   fetches). A rotation is loaded into a *fresh* key set and swapped in only if the whole
//!   document loaded, so a bad document never leaves the gateway half-keyed.
//! - **Policy is explicit**: one issuer, one audience (this service), a small clock leeway, and
//!   optionally a role the route requires.
//! - **Failures are answered, not explained**: a missing header gets `401` with a bare
//!   challenge; a bad token `401 invalid_token`; a good token without the role
//!   `403 insufficient_scope`; a header that is not a bearer credential `400 invalid_request`.
//!   A forged signature gets the same answer as any other bad token.
//! - **An unknown `kid`** usually means the issuer rotated: [`Rejection::refetch_keys`] tells the
//!   caller to refresh the JWKS (rate-limited) and retry once.

use edgeauth::jwk::{JwkOptions, JwksError, JwksSummary, load_jwks};
use edgeauth::{Error, KeySet, StrArray, Validation, Verifier};

/// Keys an issuer publishes at once (current, next and previous during a rotation, plus one).
pub const MAX_KEYS: usize = 4;

/// The longest token accepted, in bytes; longer ones are refused before any decoding.
pub const MAX_TOKEN_LEN: usize = 4096;

/// Scratch bytes a request needs: the decoded token is at most 3/4 of its text.
pub const SCRATCH_LEN: usize = MAX_TOKEN_LEN * 3 / 4;

/// What a route accepts.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'p> {
    /// The issuer (`iss`) the tokens must come from.
    pub issuer: &'p str,
    /// This service's identifier, which must be in `aud`.
    pub audience: &'p str,
    /// Clock skew tolerated on `exp`/`nbf`/`iat`, in seconds.
    pub leeway: u64,
    /// A role the `roles` claim must contain, if the route needs one.
    pub required_role: Option<&'p str>,
}

/// A verified caller, borrowing from the request's scratch buffer.
#[derive(Clone, Copy, Debug)]
pub struct Principal<'s> {
    /// `sub`.
    pub subject: &'s str,
    /// `roles`, if the token has them.
    pub roles: Option<StrArray<'s>>,
}

/// How to answer a refused request (RFC 6750 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// HTTP status: 400, 401 or 403.
    pub status: u16,
    /// The `error` attribute of the challenge; `None` when no credentials were sent (§3.1: the
    /// challenge then carries no error).
    pub error: Option<&'static str>,
    /// A short, developer-facing `error_description`.
    pub description: &'static str,
    /// The token named a key the gateway does not have: refresh the JWKS, then retry once.
    pub refetch_keys: bool,
}

impl Rejection {
    const fn new(status: u16, error: Option<&'static str>, description: &'static str) -> Self {
        Rejection {
            status,
            error,
            description,
            refetch_keys: false,
        }
    }

    fn invalid_token(description: &'static str) -> Self {
        Self::new(401, Some("invalid_token"), description)
    }

    /// The answer to a token edgeauth refused. Every signature failure is the same opaque
    /// [`Error::InvalidSignature`], so nothing here tells a forger what was wrong.
    fn from_verify(error: Error) -> Self {
        match error {
            Error::Expired => Self::invalid_token("the token has expired"),
            Error::NotYetValid | Error::IssuedInFuture => {
                Self::invalid_token("the token is not valid yet")
            }
            Error::InvalidIssuer | Error::InvalidAudience => {
                Self::invalid_token("the token is not for this service")
            }
            Error::UnknownKey => Rejection {
                refetch_keys: true,
                ..Self::invalid_token("the token's signing key is unknown")
            },
            Error::Revoked => Self::invalid_token("the token has been revoked"),
            _ => Self::invalid_token("the token is invalid"),
        }
    }

    /// The `WWW-Authenticate` header value for this answer.
    pub fn www_authenticate(&self, realm: &str) -> String {
        match self.error {
            None => format!("Bearer realm=\"{realm}\""),
            Some(error) => format!(
                "Bearer realm=\"{realm}\", error=\"{error}\", error_description=\"{}\"",
                self.description
            ),
        }
    }
}

/// The credential of an `Authorization` header value: the scheme `Bearer` (any case, RFC 7235
/// §2.1), one space, and a token of RFC 6750's `b64token` characters (which every compact JWT
/// is made of).
pub fn bearer_credential(authorization: &str) -> Result<&str, Rejection> {
    let malformed = Rejection::new(400, Some("invalid_request"), "expected `Bearer <token>`");
    let (scheme, token) = authorization.split_once(' ').ok_or(malformed)?;
    let b64token = |c: char| c.is_ascii_alphanumeric() || "-._~+/=".contains(c);
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || !token.chars().all(b64token) {
        return Err(malformed);
    }
    Ok(token)
}

/// A gateway's view of one issuer: its keys and the route policy.
#[derive(Debug)]
pub struct Gateway<'p> {
    keys: KeySet<'static, MAX_KEYS>,
    policy: Policy<'p>,
}

impl<'p> Gateway<'p> {
    /// A gateway for the issuer whose JWK Set is `jwks` (the document is unescaped in place).
    pub fn from_jwks(jwks: &mut [u8], policy: Policy<'p>) -> Result<Self, JwksError> {
        let mut keys = KeySet::new();
        load_jwks(jwks, &JwkOptions::new(), &mut keys)?;
        Ok(Gateway { keys, policy })
    }

    /// Replaces the keys with those of a newly fetched JWK Set, only if all of it loads; on error
    /// the old keys stay in service.
    pub fn reload_jwks(&mut self, jwks: &mut [u8]) -> Result<JwksSummary, JwksError> {
        let mut fresh = KeySet::new();
        let summary = load_jwks(jwks, &JwkOptions::new(), &mut fresh)?;
        self.keys = fresh;
        Ok(summary)
    }

    /// Checks a request's `Authorization` header (`None` if absent) at `now` (unix seconds, from
    /// the gateway's clock). `scratch` holds the decoded token; the principal borrows it.
    pub fn authorize<'s>(
        &self,
        authorization: Option<&str>,
        now: u64,
        scratch: &'s mut [u8; SCRATCH_LEN],
    ) -> Result<Principal<'s>, Rejection> {
        let header = authorization.ok_or(Rejection::new(401, None, "credentials required"))?;
        let token = bearer_credential(header)?;
        let issuers = [self.policy.issuer];
        let audiences = [self.policy.audience];
        let validation = Validation::new(now)
            .issuers(&issuers)
            .audiences(&audiences)
            .leeway(self.policy.leeway);
        let verified = Verifier::new(&self.keys)
            .max_token_len(MAX_TOKEN_LEN)
            .verify(token, &validation, scratch)
            .map_err(Rejection::from_verify)?;
        let subject = verified
            .claims()
            .sub()
            .ok_or(Rejection::invalid_token("the token has no subject"))?;
        let roles = verified
            .str_array_claim("roles")
            .map_err(|_| Rejection::invalid_token("`roles` must be an array of strings"))?;
        if let Some(role) = self.policy.required_role
            && !roles.is_some_and(|roles| roles.contains(role))
        {
            return Err(Rejection::new(
                403,
                Some("insufficient_scope"),
                "the token lacks the role this route requires",
            ));
        }
        Ok(Principal { subject, roles })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::demo_issuer::{AccessClaims as Claims, JWKS, KID, bearer_header};
    use edgeauth::{SigningKey, encode};

    const NOW: u64 = 1_800_000_000;
    const POLICY: Policy<'static> = Policy {
        issuer: "https://idp.example",
        audience: "orders-api",
        leeway: 30,
        required_role: Some("orders:read"),
    };

    const GOOD: Claims<'static> = Claims {
        iss: "https://idp.example",
        sub: "alice",
        aud: "orders-api",
        exp: NOW + 300,
        roles: &["orders:read", "orders:write"],
    };

    fn mint(kid: &str, claims: &Claims<'_>) -> String {
        bearer_header(kid, claims).unwrap()
    }

    fn gateway() -> Gateway<'static> {
        Gateway::from_jwks(&mut JWKS.as_bytes().to_vec(), POLICY).unwrap()
    }

    fn answer(header: Option<&str>) -> Result<(String, Vec<String>), Rejection> {
        let mut scratch = [0u8; SCRATCH_LEN];
        gateway().authorize(header, NOW, &mut scratch).map(|p| {
            let roles = p.roles.map(|r| r.into_iter().map(str::to_owned).collect());
            (p.subject.to_owned(), roles.unwrap_or_default())
        })
    }

    #[test]
    fn a_good_token_yields_its_subject_and_roles() {
        let (subject, roles) = answer(Some(&mint(KID, &GOOD))).unwrap();
        assert_eq!(subject, "alice");
        assert_eq!(roles, ["orders:read", "orders:write"]);
        // The scheme is case-insensitive (RFC 7235 §2.1).
        let lower = mint(KID, &GOOD).replacen("Bearer", "bearer", 1);
        assert_eq!(answer(Some(&lower)).unwrap().0, "alice");
    }

    #[test]
    fn each_failure_gets_the_rfc_6750_answer() {
        let no_header = answer(None).unwrap_err();
        assert_eq!((no_header.status, no_header.error), (401, None));
        assert_eq!(
            no_header.www_authenticate("orders"),
            r#"Bearer realm="orders""#
        );

        let basic = answer(Some("Basic YWxpY2U6cGFzcw==")).unwrap_err();
        assert_eq!((basic.status, basic.error), (400, Some("invalid_request")));

        let expired = answer(Some(&mint(
            KID,
            &Claims {
                exp: NOW - 31,
                ..GOOD
            },
        )))
        .unwrap_err();
        assert_eq!(expired, Rejection::invalid_token("the token has expired"));
        assert_eq!(
            expired.www_authenticate("orders"),
            r#"Bearer realm="orders", error="invalid_token", error_description="the token has expired""#
        );
        // Within the 30 s leeway it is still accepted.
        assert!(
            answer(Some(&mint(
                KID,
                &Claims {
                    exp: NOW - 29,
                    ..GOOD
                }
            )))
            .is_ok()
        );

        let other_audience = answer(Some(&mint(
            KID,
            &Claims {
                aud: "billing",
                ..GOOD
            },
        )));
        assert_eq!(
            other_audience.unwrap_err().description,
            "the token is not for this service"
        );

        let no_role = answer(Some(&mint(
            KID,
            &Claims {
                roles: &["orders:write"],
                ..GOOD
            },
        )));
        let no_role = no_role.unwrap_err();
        assert_eq!(
            (no_role.status, no_role.error),
            (403, Some("insufficient_scope"))
        );

        let rotated = answer(Some(&mint("2027-01", &GOOD))).unwrap_err();
        assert!(rotated.refetch_keys);
        assert_eq!(rotated.status, 401);
    }

    #[test]
    fn a_forged_token_is_answered_like_any_bad_token() {
        // Same header and claims, signed by another Ed25519 key.
        let key = SigningKey::ed25519_from_seed(&[1; 32]);
        let mut out = [0u8; 1024];
        let forged = encode(&key, Some(KID), &GOOD, &mut out).unwrap();
        let rejection = answer(Some(&format!("Bearer {forged}"))).unwrap_err();
        assert_eq!(rejection, Rejection::invalid_token("the token is invalid"));
        // A token with a character outside b64token never reaches the verifier.
        let spaced = answer(Some("Bearer a.b c")).unwrap_err();
        assert_eq!(spaced.status, 400);
    }

    #[test]
    fn a_bad_jwks_keeps_the_old_keys() {
        let mut gateway = gateway();
        let mut broken = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"not base64!"}]}"#.to_vec();
        assert!(gateway.reload_jwks(&mut broken).is_err());
        let mut scratch = [0u8; SCRATCH_LEN];
        let token = mint(KID, &GOOD);
        assert_eq!(
            gateway
                .authorize(Some(&token), NOW, &mut scratch)
                .unwrap()
                .subject,
            "alice"
        );
        // A good document with a new kid replaces the set: the old kid is then unknown.
        let mut next = JWKS.replace(KID, "2027-01").into_bytes();
        assert_eq!(gateway.reload_jwks(&mut next).unwrap().loaded, 1);
        let mut scratch = [0u8; SCRATCH_LEN];
        let old = gateway
            .authorize(Some(&token), NOW, &mut scratch)
            .unwrap_err();
        assert!(old.refetch_keys);
    }
}
