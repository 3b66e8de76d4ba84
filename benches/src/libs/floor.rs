//! The raw-primitive floor each group is measured against.
//!
//! Verify: base64url-decode the signature, then only the cryptographic check over the signing
//! input: a pre-keyed HMAC state cloned, updated and compared in constant time
//! (`verify_slice`); `ed25519-dalek`'s `verify_strict`; `p256`'s / `p384`'s
//! `VerifyingKey::verify`; for RS*/PS* the pure-Rust `rsa` 0.10 (`pkcs1v15` / `pss`
//! `VerifyingKey`, PSS salt = hash length as RFC 7518 requires). No splitting, no JSON, no
//! claims. Encode: base64url of pre-serialized header and payload JSON, the MAC or signature,
//! base64url of it; none for RSA (edgeauth cannot sign RSA, so there is no encode group). Same
//! crate versions as the core; `rsa` 0.10 is not the core's RSA code (that is its own
//! fixed-size arithmetic), and unlike the other floors it allocates (`BoxedUint`).

use crate::case::{Case, Library, Op};
use crate::fixture::{self, Alg, CLAIMS, SetupError, setup_error};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

const BUF: usize = 512;

/// The floor case for `alg`.
pub fn case(alg: Alg, token: &str) -> Result<Case, SetupError> {
    let (signing_input, signature) = fixture::split_signature(token)?;
    let (signing_input, signature) = (signing_input.to_owned(), signature.to_owned());
    let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
    let payload = serde_json::to_string(&CLAIMS).map_err(|e| setup_error("payload", e))?;
    let (verify, encode) = match (alg, alg.hmac_secret()) {
        (Alg::Hs256, Some(secret)) => hmac_ops::<Hmac<Sha256>>(secret, signing_input, signature),
        (Alg::Hs384, Some(secret)) => hmac_ops::<Hmac<Sha384>>(secret, signing_input, signature),
        (Alg::Hs512, Some(secret)) => hmac_ops::<Hmac<Sha512>>(secret, signing_input, signature),
        (Alg::EdDsa, _) => Ok(ed25519_ops(signing_input, &signature)?),
        (Alg::Es256, _) => Ok(p256_ops(signing_input, &signature)?),
        (Alg::Es384, _) => Ok(p384_ops(signing_input, &signature)?),
        (Alg::Rs256, _) => return rsa_case::<Sha256>(signing_input, &signature, false),
        (Alg::Rs384, _) => return rsa_case::<Sha384>(signing_input, &signature, false),
        (Alg::Rs512, _) => return rsa_case::<Sha512>(signing_input, &signature, false),
        (Alg::Ps256, _) => return rsa_case::<Sha256>(signing_input, &signature, true),
        (Alg::Ps384, _) => return rsa_case::<Sha384>(signing_input, &signature, true),
        (Alg::Ps512, _) => return rsa_case::<Sha512>(signing_input, &signature, true),
        _ => Err(setup_error("floor", alg)),
    }?;
    let encode = encode(header, payload);
    Ok(Case {
        library: Library::Floor,
        verify: Some(verify),
        encode: Some(encode),
    })
}

/// An encode floor, given the signature primitive.
type EncodeFactory = Box<dyn FnOnce(String, String) -> Op>;

/// base64url `header.payload` into `out`, returning the signing-input length.
fn encode_signing_input(header: &str, payload: &str, out: &mut [u8]) -> Result<usize, String> {
    let h = URL_SAFE_NO_PAD
        .encode_slice(header, out)
        .map_err(|e| format!("{e:?}"))?;
    *out.get_mut(h).ok_or("buffer")? = b'.';
    let p = URL_SAFE_NO_PAD
        .encode_slice(payload, out.get_mut(h + 1..).ok_or("buffer")?)
        .map_err(|e| format!("{e:?}"))?;
    Ok(h + 1 + p)
}

/// Appends `.` and the base64url signature after the signing input.
fn append_signature(out: &mut [u8], at: usize, signature: &[u8]) -> Result<usize, String> {
    *out.get_mut(at).ok_or("buffer")? = b'.';
    let s = URL_SAFE_NO_PAD
        .encode_slice(signature, out.get_mut(at + 1..).ok_or("buffer")?)
        .map_err(|e| format!("{e:?}"))?;
    Ok(at + 1 + s)
}

fn hmac_ops<M: Mac + KeyInit + Clone + 'static>(
    secret: &[u8],
    signing_input: String,
    signature: String,
) -> Result<(Op, EncodeFactory), SetupError> {
    let mac = <M as KeyInit>::new_from_slice(secret).map_err(|e| setup_error("hmac key", e))?;
    let sign_mac = mac.clone();
    let verify: Op = Box::new(move || {
        let mut tag = [0u8; 64];
        let n = URL_SAFE_NO_PAD
            .decode_slice(&signature, &mut tag)
            .map_err(|e| format!("{e:?}"))?;
        let mut m = mac.clone();
        m.update(signing_input.as_bytes());
        m.verify_slice(&tag[..n]).map_err(|e| format!("{e:?}"))?;
        Ok(n)
    });
    let encode: EncodeFactory = Box::new(move |header, payload| {
        let mut out = [0u8; BUF];
        Box::new(move || {
            let at = encode_signing_input(&header, &payload, &mut out)?;
            let mut m = sign_mac.clone();
            m.update(&out[..at]);
            let tag = m.finalize().into_bytes();
            append_signature(&mut out, at, &tag)
        })
    });
    Ok((verify, encode))
}

fn ed25519_ops(signing_input: String, signature: &str) -> Result<(Op, EncodeFactory), SetupError> {
    let sk = ed25519_dalek::SigningKey::from_bytes(&fixture::ED25519_SEED);
    let vk = sk.verifying_key();
    let mut raw = [0u8; 64];
    URL_SAFE_NO_PAD
        .decode_slice(signature, &mut raw)
        .map_err(|e| setup_error("signature", e))?;
    let sig = ed25519_dalek::Signature::from_bytes(&raw);
    let verify: Op = Box::new(move || {
        vk.verify_strict(signing_input.as_bytes(), &sig)
            .map_err(|e| format!("{e:?}"))?;
        Ok(64)
    });
    let encode: EncodeFactory = Box::new(move |header, payload| {
        use ed25519_dalek::Signer as _;
        let mut out = [0u8; BUF];
        Box::new(move || {
            let at = encode_signing_input(&header, &payload, &mut out)?;
            let sig = sk.sign(&out[..at]).to_bytes();
            append_signature(&mut out, at, &sig)
        })
    });
    Ok((verify, encode))
}

fn p256_ops(signing_input: String, signature: &str) -> Result<(Op, EncodeFactory), SetupError> {
    use p256::ecdsa::signature::{Signer as _, Verifier as _};
    let sk = p256::ecdsa::SigningKey::from_slice(&fixture::P256_SCALAR)
        .map_err(|e| setup_error("p256 key", e))?;
    let vk = *sk.verifying_key();
    let mut raw = [0u8; 64];
    URL_SAFE_NO_PAD
        .decode_slice(signature, &mut raw)
        .map_err(|e| setup_error("signature", e))?;
    let sig = p256::ecdsa::Signature::from_slice(&raw).map_err(|e| setup_error("sig", e))?;
    let verify: Op = Box::new(move || {
        vk.verify(signing_input.as_bytes(), &sig)
            .map_err(|e| format!("{e:?}"))?;
        Ok(64)
    });
    let encode: EncodeFactory = Box::new(move |header, payload| {
        let mut out = [0u8; BUF];
        Box::new(move || {
            let at = encode_signing_input(&header, &payload, &mut out)?;
            let sig: p256::ecdsa::Signature = sk.sign(&out[..at]);
            append_signature(&mut out, at, &sig.to_bytes())
        })
    });
    Ok((verify, encode))
}

fn p384_ops(signing_input: String, signature: &str) -> Result<(Op, EncodeFactory), SetupError> {
    use p384::ecdsa::signature::{Signer as _, Verifier as _};
    let sk = p384::ecdsa::SigningKey::from_slice(&fixture::P384_SCALAR)
        .map_err(|e| setup_error("p384 key", e))?;
    let vk = *sk.verifying_key();
    let mut raw = [0u8; 96];
    URL_SAFE_NO_PAD
        .decode_slice(signature, &mut raw)
        .map_err(|e| setup_error("signature", e))?;
    let sig = p384::ecdsa::Signature::from_slice(&raw).map_err(|e| setup_error("sig", e))?;
    let verify: Op = Box::new(move || {
        vk.verify(signing_input.as_bytes(), &sig)
            .map_err(|e| format!("{e:?}"))?;
        Ok(96)
    });
    let encode: EncodeFactory = Box::new(move |header, payload| {
        let mut out = [0u8; BUF];
        Box::new(move || {
            let at = encode_signing_input(&header, &payload, &mut out)?;
            let sig: p384::ecdsa::Signature = sk.sign(&out[..at]);
            append_signature(&mut out, at, &sig.to_bytes())
        })
    });
    Ok((verify, encode))
}

/// RS*/PS* with `rsa` 0.10: the signature is base64url-decoded inside the timed operation
/// (it is 342 characters, not negligible), then checked. Verify only.
fn rsa_case<D>(signing_input: String, signature: &str, pss: bool) -> Result<Case, SetupError>
where
    D: rsa::sha2::Digest
        + rsa::sha2::digest::FixedOutputReset
        + rsa::pkcs8::der::oid::AssociatedOid
        + 'static,
{
    use rsa::signature::Verifier as _;
    let public = fixture::rsa_private()?.to_public_key();
    let signature = signature.to_owned();
    let decode = move |raw: &mut [u8; 256]| -> Result<usize, String> {
        URL_SAFE_NO_PAD
            .decode_slice(&signature, raw)
            .map_err(|e| format!("{e:?}"))
    };
    let verify: Op = if pss {
        let vk = rsa::pss::VerifyingKey::<D>::new(public);
        Box::new(move || {
            let mut raw = [0u8; 256];
            let n = decode(&mut raw)?;
            let sig = rsa::pss::Signature::try_from(&raw[..n]).map_err(|e| format!("{e:?}"))?;
            vk.verify(signing_input.as_bytes(), &sig)
                .map_err(|e| format!("{e:?}"))?;
            Ok(n)
        })
    } else {
        let vk = rsa::pkcs1v15::VerifyingKey::<D>::new(public);
        Box::new(move || {
            let mut raw = [0u8; 256];
            let n = decode(&mut raw)?;
            let sig =
                rsa::pkcs1v15::Signature::try_from(&raw[..n]).map_err(|e| format!("{e:?}"))?;
            vk.verify(signing_input.as_bytes(), &sig)
                .map_err(|e| format!("{e:?}"))?;
            Ok(n)
        })
    };
    Ok(Case {
        library: Library::Floor,
        verify: Some(verify),
        encode: None,
    })
}
