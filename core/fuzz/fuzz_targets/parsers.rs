//! The other parsers that read untrusted bytes: JWK and JWKS documents, `Cookie` headers, session
//! IDs (plain, split and signed). Each must return without panicking.
#![no_main]

use edgeauth::KeySet;
use edgeauth::cookie::find_cookie;
use edgeauth::jwk::{Jwk, JwkOptions, load_jwks};
use edgeauth::session::{IdSigner, IdSigningKey, SessionId, SplitToken};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = JwkOptions::new().allow_private(true);
    let mut doc = data.to_vec();
    if let Ok(jwk) = Jwk::parse(&mut doc) {
        let _ = jwk.verifying_key(&options);
        let _ = jwk.signing_key(&options);
    }
    let mut doc = data.to_vec();
    let mut keys: KeySet<'static, 4> = KeySet::new();
    let _ = load_jwks(&mut doc, &options, &mut keys);

    let _ = find_cookie(data, "session");
    let _ = find_cookie(data, "__Host-id");
    let _ = SessionId::<32>::parse(data);
    let _ = SplitToken::<32>::parse(data);
    if let Ok(text) = core::str::from_utf8(data) {
        let signer = IdSigner::new(IdSigningKey::from_bytes([5; 32]));
        let _ = signer.verify(text);
    }
});
