//! The quick-start flows of `docs/sessions.md`, run end to end so the guide cannot rot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "hmac")]

use edgeauth::cookie::CookieConfig;
use edgeauth::revocation::{Blocklist, RevokedBefore};
use edgeauth::session::{
    IdSigner, IdSigningKey, SessionConfig, SessionError, SessionTable, SplitToken,
};
use edgeauth::{Error, KeySet, SigningKey, Validation, Verifier};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

#[test]
fn server_side_session_flow() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let signer = IdSigner::new(IdSigningKey::generate(&mut rng).unwrap());
    let mut table: Box<SessionTable<4096>> = Box::new(SessionTable::new(SessionConfig::DEFAULT));
    assert_eq!(SessionTable::<4096>::CAPACITY, 3584);
    let cookie = CookieConfig::new("sid");

    let now = 1_700_000_000;
    let token = table.create(42, 0, &mut rng, now).unwrap();
    let mut id_buf = [0u8; SplitToken::<32>::ENCODED_LEN];
    let mut signed_buf = [0u8; 128];
    let signed = signer
        .sign(token.encode(&mut id_buf).unwrap(), &mut signed_buf)
        .unwrap();
    assert_eq!(signed.len(), 66 + 1 + 43);
    let mut header_buf = [0u8; 256];
    let set_cookie = cookie.write(signed, &mut header_buf).unwrap();
    assert_eq!(
        set_cookie,
        format!("__Host-sid={signed}; Path=/; Secure; HttpOnly; SameSite=Lax")
    );

    let request_header = format!("theme=dark; __Host-sid={signed}");
    let value = cookie.find(request_header.as_bytes()).unwrap().unwrap();
    let id = signer.verify(value).unwrap();
    let presented = SplitToken::<32>::parse(id.as_bytes()).unwrap();
    assert_eq!(table.touch(&presented, now + 5).unwrap().user, 42);

    table.revoke(&presented).unwrap();
    assert_eq!(table.check(&presented, now + 6), Err(SessionError::Invalid));
    assert_eq!(
        cookie.write_deletion(&mut header_buf).unwrap(),
        "__Host-sid=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"
    );
}

#[test]
fn jwt_revocation_flow() {
    let key = SigningKey::hs256(b"0123456789abcdef0123456789abcdef").unwrap();
    let mut keys: KeySet<'_, 1> = KeySet::new();
    keys.insert(None, key.verifying_key())
        .map_err(|e| e.kind)
        .unwrap();
    let mut blocklist: Blocklist<1024> = Blocklist::new([7; 32], 60);
    let mut revoked: RevokedBefore<1024> = RevokedBefore::new([8; 32], 3_600 + 60);
    blocklist
        .revoke("jti-123", 1_700_003_600, 1_700_000_000)
        .unwrap();
    revoked
        .revoke_subject(Some("https://idp"), "alice", 1_700_000_001, 1_700_000_000)
        .unwrap();

    let mut scratch = [0u8; 1024];
    let validation = Validation::new(1_700_000_100).leeway(60);
    let result = Verifier::new(&keys).verify_with(
        "not.a.token",
        &validation,
        &(&blocklist, &revoked),
        &mut scratch,
    );
    assert!(result.is_err());
    assert_ne!(result.err(), Some(Error::Revoked));
}
