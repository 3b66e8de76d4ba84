//! `jwt-simple` 0.15 (`pure-rust`): `verify_token::<Roles>` with `VerificationOptions` naming
//! the allowed issuer and audience (`exp` is always checked); `authenticate`/`sign` of a
//! `JWTClaims` built once and cloned per call (the API takes the claims by value). RS*/PS* are
//! verify only (`<Alg>PublicKey::from_components(n, e)`; with `pure-rust`, jwt-simple's RSA is
//! `superboring` over the `rsa` crate); ES384 verifies and signs.

use crate::case::{Case, Library, Op};
use crate::fixture::{self, AUD, Alg, ISS, SetupError, setup_error};
use jwt_simple::prelude::*;

/// The custom part of the claims (`sub`, `iss`, `aud`, `exp`, `iat` are jwt-simple's own).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Roles {
    /// Roles.
    pub roles: Vec<String>,
}

fn options() -> VerificationOptions {
    VerificationOptions {
        allowed_issuers: Some(HashSet::from_strings(&[ISS])),
        allowed_audiences: Some(HashSet::from_strings(&[AUD])),
        ..Default::default()
    }
}

fn claims() -> JWTClaims<Roles> {
    let mut c = Claims::with_custom_claims(
        Roles {
            roles: fixture::ROLES.iter().map(|r| (*r).to_owned()).collect(),
        },
        Duration::from_secs(60),
    )
    .with_subject(fixture::SUB)
    .with_issuer(ISS)
    .with_audience(AUD);
    c.issued_at = Some(UnixTimeStamp::from_secs(fixture::IAT));
    c.expires_at = Some(UnixTimeStamp::from_secs(fixture::EXP));
    c.invalid_before = None;
    c
}

fn digest(c: &JWTClaims<Roles>) -> Result<usize, String> {
    let sub = c.subject.as_deref().ok_or("no sub")?;
    Ok(fixture::digest(
        sub,
        c.custom.roles.iter().map(String::as_str),
    ))
}

macro_rules! mac_case {
    ($key:ty, $secret:expr, $token:expr) => {{
        let key = <$key>::from_bytes($secret);
        let sign_key = key.clone();
        let token = $token;
        let opts = options();
        let verify: Op = Box::new(move || {
            let c = key
                .verify_token::<Roles>(&token, Some(opts.clone()))
                .map_err(|e| format!("{e:?}"))?;
            digest(&c)
        });
        let claims = claims();
        let encode: Op = Box::new(move || {
            sign_key
                .authenticate(claims.clone())
                .map(|t| t.len())
                .map_err(|e| format!("{e:?}"))
        });
        (verify, encode)
    }};
}

macro_rules! signature_case {
    ($pair:expr, $token:expr) => {{
        let pair = $pair;
        let public = pair.public_key();
        let token = $token;
        let opts = options();
        let verify: Op = Box::new(move || {
            let c = public
                .verify_token::<Roles>(&token, Some(opts.clone()))
                .map_err(|e| format!("{e:?}"))?;
            digest(&c)
        });
        let claims = claims();
        let encode: Op = Box::new(move || {
            pair.sign(claims.clone())
                .map(|t| t.len())
                .map_err(|e| format!("{e:?}"))
        });
        (verify, encode)
    }};
}

/// Verify only, for the RSA public keys.
macro_rules! public_case {
    ($key:ty, $token:expr) => {{
        let (n, e) = fixture::rsa_public_components()?;
        let public =
            <$key>::from_components(&n, &e).map_err(|e| setup_error("jwt-simple rsa", e))?;
        let token = $token;
        let opts = options();
        let verify: Op = Box::new(move || {
            let c = public
                .verify_token::<Roles>(&token, Some(opts.clone()))
                .map_err(|e| format!("{e:?}"))?;
            digest(&c)
        });
        return Ok(Case {
            library: Library::JwtSimple,
            verify: Some(verify),
            encode: None,
        });
    }};
}

/// The `jwt-simple` case for `alg`.
pub fn case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let token = token.to_owned();
    let secret = alg.hmac_secret().unwrap_or_default();
    let (verify, encode) = match alg {
        Alg::Hs256 => mac_case!(HS256Key, secret, token),
        Alg::Hs384 => mac_case!(HS384Key, secret, token),
        Alg::Hs512 => mac_case!(HS512Key, secret, token),
        Alg::EdDsa => {
            let pair = [&fixture::ED25519_SEED[..], &fixture::ed25519_public()[..]].concat();
            let pair =
                Ed25519KeyPair::from_bytes(&pair).map_err(|e| setup_error("jwt-simple ed", e))?;
            signature_case!(pair, token)
        }
        Alg::Es256 => {
            let pair = ES256KeyPair::from_bytes(&fixture::P256_SCALAR)
                .map_err(|e| setup_error("jwt-simple es256", e))?;
            signature_case!(pair, token)
        }
        Alg::Es384 => {
            let pair = ES384KeyPair::from_bytes(&fixture::P384_SCALAR)
                .map_err(|e| setup_error("jwt-simple es384", e))?;
            signature_case!(pair, token)
        }
        Alg::Rs256 => public_case!(RS256PublicKey, token),
        Alg::Rs384 => public_case!(RS384PublicKey, token),
        Alg::Rs512 => public_case!(RS512PublicKey, token),
        Alg::Ps256 => public_case!(PS256PublicKey, token),
        Alg::Ps384 => public_case!(PS384PublicKey, token),
        Alg::Ps512 => public_case!(PS512PublicKey, token),
    };
    Ok(Case {
        library: Library::JwtSimple,
        verify: Some(verify),
        encode: Some(encode),
    })
}
