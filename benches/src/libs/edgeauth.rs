//! edgeauth: `Verifier::verify` with `exp`/`iss`/`aud` checks, then `sub` and `roles` read with
//! the typed accessors (or `Verified::deserialize`); `encode` into a caller buffer (not for RSA,
//! which edgeauth verifies but does not sign). For ES256 also the precomputed-table key
//! (`es256-fast`, window width 8, table built once at setup like a gateway does at start-up).

use crate::case::{Case, Library, Op};
use crate::fixture::{self, AUD, Alg, CLAIMS, ISS, NOW, SetupError, setup_error};
use edgeauth::alg::es256_fast::{Es256Table, W8};
use edgeauth::{KeySet, Validation, Verifier, VerifyingKey, encode};
use serde::Deserialize;

/// Scratch and output buffers: comfortably above the ~590-byte RSA-2048 tokens.
const BUF: usize = 1024;

fn key_set(alg: Alg) -> Result<KeySet<'static, 1>, SetupError> {
    key_set_of(fixture::verifying_key(alg)?)
}

fn key_set_of(key: VerifyingKey<'static>) -> Result<KeySet<'static, 1>, SetupError> {
    let mut keys: KeySet<'static, 1> = KeySet::new();
    keys.insert(None, key)
        .map_err(|e| setup_error("edgeauth key set", e.kind))?;
    Ok(keys)
}

fn encode_op(alg: Alg) -> Result<Op, SetupError> {
    let key = fixture::signing_key(alg)?;
    let mut out = [0u8; BUF];
    Ok(Box::new(move || {
        encode(&key, None, &CLAIMS, &mut out)
            .map(str::len)
            .map_err(|e| format!("{e:?}"))
    }))
}

/// The full verify with a fixed `now` against `keys`.
fn verify_op(keys: KeySet<'static, 1>, token: &str) -> Op {
    let token = token.to_owned();
    let mut scratch = [0u8; BUF];
    Box::new(move || verify_and_extract(&keys, &token, NOW, &mut scratch))
}

/// One full verify at `now` (`exp`/`iss`/`aud` checked), then `sub` and `roles` read with the
/// typed accessors; returns their digest.
#[inline]
fn verify_and_extract(
    keys: &KeySet<'static, 1>,
    token: &str,
    now: u64,
    scratch: &mut [u8],
) -> Result<usize, String> {
    let validation = Validation::new(now).issuers(&[ISS]).audiences(&[AUD]);
    let verified = Verifier::new(keys)
        .verify(token, &validation, scratch)
        .map_err(|e| format!("{e:?}"))?;
    let sub = verified.claims().sub().ok_or("no sub")?;
    let roles = verified
        .str_array_claim("roles")
        .map_err(|e| format!("{e:?}"))?
        .ok_or("no roles")?;
    Ok(fixture::digest(sub, roles))
}

/// Verify with a fixed `now` (the API's design: the caller owns the clock) and encode (except
/// RSA).
pub fn case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    Ok(Case {
        library: Library::Edgeauth,
        verify: Some(verify_op(key_set(alg)?, token)),
        encode: if alg.is_rsa() {
            None
        } else {
            Some(encode_op(alg)?)
        },
    })
}

/// edgeauth's signature check alone (HMAC algorithms), timed as the floor's: the same
/// base64url decode of the signature, then the key's `verify_signature`. Returns the signature
/// length, as the floor does.
pub fn signature_case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let key = fixture::verifying_key(alg)?;
    let (signing_input, signature) = fixture::split_signature(token)?;
    let (signing_input, signature) = (signing_input.to_owned(), signature.to_owned());
    let verify: Op = Box::new(move || {
        let mut tag = [0u8; 64];
        let n = URL_SAFE_NO_PAD
            .decode_slice(&signature, &mut tag)
            .map_err(|e| format!("{e:?}"))?;
        key.verify_signature(signing_input.as_bytes(), &tag[..n])
            .map_err(|e| format!("{e:?}"))?;
        Ok(n)
    });
    Ok(Case {
        library: Library::EdgeauthSignature,
        verify: Some(verify),
        encode: None,
    })
}

/// ES256 only: the same verify through `VerifyingKey::es256_precomputed` with a W8 table (the
/// fastest width, ~270 KB per key with the shared generator table). The table is leaked once
/// per case so the key set can be `'static` like the others; setup only.
pub fn fast_case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let VerifyingKey::Es256(public) = fixture::verifying_key(alg)? else {
        return Err(setup_error("edgeauth-fast", alg));
    };
    // Filled in place: the W8 table is ~270 KB, too big to pass around on a test thread's stack.
    let mut table: Box<Es256Table<W8>> = Box::new(Es256Table::EMPTY);
    table
        .fill(&public)
        .map_err(|e| setup_error("es256 table", e))?;
    let table: &'static Es256Table<W8> = Box::leak(table);
    Ok(Case {
        library: Library::EdgeauthFast,
        verify: Some(verify_op(
            key_set_of(VerifyingKey::es256_precomputed(table))?,
            token,
        )),
        encode: None,
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
        verify_and_extract(&keys, &token, now, &mut scratch)
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
