//! edgeauth: `Verifier::verify` with `exp`/`iss`/`aud` checks, then `sub` and `roles` read with
//! the typed accessors (or `Verified::deserialize`); `encode` into a caller buffer.

use crate::case::{Case, Library, Op};
use crate::fixture::{self, AUD, Alg, CLAIMS, ISS, NOW, SetupError, setup_error};
use edgeauth::{KeySet, Validation, Verifier, encode};
use serde::Deserialize;

/// Scratch and output buffers: comfortably above the ~330-byte EdDSA/ES256 tokens.
const BUF: usize = 512;

fn key_set(alg: Alg) -> Result<KeySet<'static, 1>, SetupError> {
    let key = fixture::signing_key(alg).map_err(|e| setup_error("edgeauth key", e))?;
    let mut keys: KeySet<'static, 1> = KeySet::new();
    keys.insert(None, key.verifying_key())
        .map_err(|e| setup_error("edgeauth key set", e.kind))?;
    Ok(keys)
}

fn encode_op(alg: Alg) -> Result<Op, SetupError> {
    let key = fixture::signing_key(alg).map_err(|e| setup_error("edgeauth key", e))?;
    let mut out = [0u8; BUF];
    Ok(Box::new(move || {
        encode(&key, None, &CLAIMS, &mut out)
            .map(str::len)
            .map_err(|e| format!("{e:?}"))
    }))
}

/// Verify with a fixed `now` (the API's design: the caller owns the clock) and encode.
pub fn case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let keys = key_set(alg)?;
    let token = token.to_owned();
    let mut scratch = [0u8; BUF];
    let verify: Op = Box::new(move || {
        let validation = Validation::new(NOW).issuers(&[ISS]).audiences(&[AUD]);
        let verified = Verifier::new(&keys)
            .verify(&token, &validation, &mut scratch)
            .map_err(|e| format!("{e:?}"))?;
        let sub = verified.claims().sub().ok_or("no sub")?;
        let roles = verified
            .str_array_claim("roles")
            .map_err(|e| format!("{e:?}"))?
            .ok_or("no roles")?;
        Ok(fixture::digest(sub, roles))
    });
    Ok(Case {
        library: Library::Edgeauth,
        verify: Some(verify),
        encode: Some(encode_op(alg)?),
    })
}

/// Like [`case`], but `now` is read from `SystemTime` inside the timed operation, as the peers
/// do internally. Verify only.
pub fn clock_case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let keys = key_set(alg)?;
    let token = token.to_owned();
    let mut scratch = [0u8; BUF];
    let verify: Op = Box::new(move || {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| format!("{e:?}"))?
            .as_secs();
        let validation = Validation::new(now).issuers(&[ISS]).audiences(&[AUD]);
        let verified = Verifier::new(&keys)
            .verify(&token, &validation, &mut scratch)
            .map_err(|e| format!("{e:?}"))?;
        let sub = verified.claims().sub().ok_or("no sub")?;
        let roles = verified
            .str_array_claim("roles")
            .map_err(|e| format!("{e:?}"))?
            .ok_or("no roles")?;
        Ok(fixture::digest(sub, roles))
    });
    Ok(Case {
        library: Library::EdgeauthClock,
        verify: Some(verify),
        encode: None,
    })
}

/// The custom claims, deserialized without allocation (strings borrowed from the scratch).
#[derive(Debug, Deserialize)]
struct Custom<'a> {
    sub: &'a str,
    roles: [&'a str; 2],
}

/// Like [`case`], but the custom claims are read with `Verified::deserialize`. Verify only.
pub fn serde_case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let keys = key_set(alg)?;
    let token = token.to_owned();
    let mut scratch = [0u8; BUF];
    let verify: Op = Box::new(move || {
        let validation = Validation::new(NOW).issuers(&[ISS]).audiences(&[AUD]);
        let verified = Verifier::new(&keys)
            .verify(&token, &validation, &mut scratch)
            .map_err(|e| format!("{e:?}"))?;
        let custom: Custom<'_> = verified.deserialize().map_err(|e| format!("{e:?}"))?;
        Ok(fixture::digest(custom.sub, custom.roles))
    });
    Ok(Case {
        library: Library::EdgeauthSerde,
        verify: Some(verify),
        encode: None,
    })
}
