//! `jwt-compact` 0.9: `UntrustedToken::new`, `validator::<Custom>(&key).validate`,
//! `validate_expiration`, then `iss`/`aud` compared by hand (the crate leaves them to the
//! caller); `token(&header, &claims, &key)` to encode.

use crate::case::{Case, Library, Op};
use crate::fixture::{self, AUD, Alg, ISS, SetupError, setup_error};
use jwt_compact::alg::{Ed25519, Es256, Hs256, Hs256Key, Hs384, Hs384Key, Hs512, Hs512Key};
use jwt_compact::alg::{SigningKey as _, VerifyingKey as _};
use jwt_compact::{Algorithm, AlgorithmExt, Claims, Header, TimeOptions, UntrustedToken};
use serde::{Deserialize, Serialize};

/// The claims besides `exp`/`nbf`/`iat`, which jwt-compact handles itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Custom {
    /// Subject.
    pub sub: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Roles.
    pub roles: Vec<String>,
}

fn claims() -> Result<Claims<Custom>, SetupError> {
    let at = |secs: u64| {
        i64::try_from(secs)
            .ok()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .ok_or_else(|| setup_error("timestamp", secs))
    };
    let mut c = Claims::new(Custom {
        sub: fixture::SUB.to_owned(),
        iss: ISS.to_owned(),
        aud: AUD.to_owned(),
        roles: fixture::ROLES.iter().map(|r| (*r).to_owned()).collect(),
    });
    c.expiration = Some(at(fixture::EXP)?);
    c.issued_at = Some(at(fixture::IAT)?);
    Ok(c)
}

fn ops<A>(
    alg: A,
    sk: A::SigningKey,
    vk: A::VerifyingKey,
    token: &str,
) -> Result<(Op, Op), SetupError>
where
    A: Algorithm + 'static,
    A::SigningKey: 'static,
    A::VerifyingKey: 'static,
{
    let alg = std::rc::Rc::new(alg);
    let sign_alg = alg.clone();
    let token = token.to_owned();
    let time = TimeOptions::default();
    let verify: Op = Box::new(move || {
        let untrusted = UntrustedToken::new(&token).map_err(|e| format!("{e:?}"))?;
        let token = alg
            .validator::<Custom>(&vk)
            .validate(&untrusted)
            .map_err(|e| format!("{e:?}"))?;
        let claims = token
            .claims()
            .validate_expiration(&time)
            .map_err(|e| format!("{e:?}"))?;
        if claims.custom.iss != ISS {
            return Err("iss".to_owned());
        }
        if claims.custom.aud != AUD {
            return Err("aud".to_owned());
        }
        Ok(fixture::digest(
            &claims.custom.sub,
            claims.custom.roles.iter().map(String::as_str),
        ))
    });
    let claims = claims()?;
    let header = Header::empty().with_token_type("JWT");
    let encode: Op = Box::new(move || {
        sign_alg
            .token(&header, &claims, &sk)
            .map(|t| t.len())
            .map_err(|e| format!("{e:?}"))
    });
    Ok((verify, encode))
}

/// The `jwt-compact` case for `alg`.
pub fn case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let secret = alg.hmac_secret().unwrap_or_default();
    let (verify, encode) = match alg {
        Alg::Hs256 => ops(Hs256, Hs256Key::new(secret), Hs256Key::new(secret), token)?,
        Alg::Hs384 => ops(Hs384, Hs384Key::new(secret), Hs384Key::new(secret), token)?,
        Alg::Hs512 => ops(Hs512, Hs512Key::new(secret), Hs512Key::new(secret), token)?,
        Alg::EdDsa => {
            let sk = <Ed25519 as Algorithm>::SigningKey::from_slice(&fixture::ED25519_SEED)
                .map_err(|e| setup_error("jwt-compact ed", e))?;
            let vk = <Ed25519 as Algorithm>::VerifyingKey::from_slice(&fixture::ed25519_public())
                .map_err(|e| setup_error("jwt-compact ed", e))?;
            ops(Ed25519, sk, vk, token)?
        }
        Alg::Es256 => {
            let sk = <Es256 as Algorithm>::SigningKey::from_slice(&fixture::P256_SCALAR)
                .map_err(|e| setup_error("jwt-compact es256", e))?;
            let vk = <Es256 as Algorithm>::VerifyingKey::from_slice(&fixture::p256_public_sec1()?)
                .map_err(|e| setup_error("jwt-compact es256", e))?;
            ops(Es256, sk, vk, token)?
        }
    };
    Ok(Case {
        library: Library::JwtCompact,
        verify: Some(verify),
        encode: Some(encode),
    })
}
