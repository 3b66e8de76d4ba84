//! `jwt-compact` 0.9: `UntrustedToken::new`, `validator::<Custom>(&key).validate`,
//! `validate_expiration`, then `iss`/`aud` compared by hand (the crate leaves them to the
//! caller); `token(&header, &claims, &key)` to encode. RS*/PS* (feature `rsa`, the pure-Rust
//! `rsa` 0.9 crate) verify only, the key loaded from a JWK (`n`, `e`); jwt-compact has no ES384.

use crate::case::{Case, Library, Op};
use crate::fixture::{self, AUD, Alg, ISS, SetupError, setup_error};
use jwt_compact::alg::{Ed25519, Es256, Hs256, Hs256Key, Hs384, Hs384Key, Hs512, Hs512Key};
use jwt_compact::alg::{Rsa, RsaPublicKey};
use jwt_compact::alg::{SigningKey as _, VerifyingKey as _};
use jwt_compact::jwk::JsonWebKey;
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
    let verify = verify_op(alg.clone(), vk, token);
    let claims = claims()?;
    let header = Header::empty().with_token_type("JWT");
    let encode: Op = Box::new(move || {
        alg.token(&header, &claims, &sk)
            .map(|t| t.len())
            .map_err(|e| format!("{e:?}"))
    });
    Ok((verify, encode))
}

fn verify_op<A>(alg: std::rc::Rc<A>, vk: A::VerifyingKey, token: &str) -> Op
where
    A: Algorithm + 'static,
    A::VerifyingKey: 'static,
{
    let token = token.to_owned();
    let time = TimeOptions::default();
    Box::new(move || {
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
    })
}

/// RS*/PS*: verify only, the public key from a JWK.
fn rsa_case(alg: Rsa, token: &str) -> Result<Case, SetupError> {
    let (n, e) = fixture::rsa_public_components()?;
    let jwk = JsonWebKey::Rsa {
        modulus: n.into(),
        public_exponent: e.into(),
        private_parts: None,
    };
    let vk = RsaPublicKey::try_from(&jwk).map_err(|e| setup_error("jwt-compact rsa", e))?;
    Ok(Case {
        library: Library::JwtCompact,
        verify: Some(verify_op(std::rc::Rc::new(alg), vk, token)),
        encode: None,
    })
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
        Alg::Rs256 => return rsa_case(Rsa::rs256(), token),
        Alg::Rs384 => return rsa_case(Rsa::rs384(), token),
        Alg::Rs512 => return rsa_case(Rsa::rs512(), token),
        Alg::Ps256 => return rsa_case(Rsa::ps256(), token),
        Alg::Ps384 => return rsa_case(Rsa::ps384(), token),
        Alg::Ps512 => return rsa_case(Rsa::ps512(), token),
        Alg::Es384 => return Err(setup_error("jwt-compact has no ES384", alg)),
    };
    Ok(Case {
        library: Library::JwtCompact,
        verify: Some(verify),
        encode: Some(encode),
    })
}
