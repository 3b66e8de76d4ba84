//! The benchmark adapters do the work they claim: every verify of the shared token returns the
//! claims it should and every encode produces a token of the expected length.

use edgeauth_benches::fixture::{self, expected_digest};
use edgeauth_benches::{Alg, Library, cases};

/// base64url length without padding of `n` bytes.
fn b64(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

#[test]
fn hs256_token_is_the_specified_271_bytes() -> Result<(), String> {
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let payload = r#"{"sub":"user-8f14e45f","iss":"https://idp.example.com","aud":"api.example.com","exp":4102444800,"iat":1764201600,"roles":["admin","operator"]}"#;
    let token = fixture::token(Alg::Hs256)?;
    let expected = b64(header.len()) + 1 + b64(payload.len()) + 1 + b64(32);
    assert_eq!(expected, 271);
    assert_eq!(token.len(), expected);
    let (h, rest) = token.split_once('.').ok_or("no dot")?;
    assert_eq!(h, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
    assert_eq!(
        rest.split_once('.').ok_or("no dot")?.0.len(),
        b64(payload.len())
    );
    Ok(())
}

#[test]
fn p256_public_key_is_uncompressed_sec1() -> Result<(), String> {
    let point = fixture::p256_public_sec1()?;
    assert_eq!(point.len(), 65);
    assert_eq!(point[0], 4);
    // RFC 6979 §A.2.5: Ux = 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6.
    assert_eq!(&point[1..5], &[0x60, 0xfe, 0xd4, 0xba]);
    Ok(())
}

#[test]
fn every_verify_extracts_sub_and_roles_and_every_encode_succeeds() -> Result<(), String> {
    for alg in Alg::ALL {
        let token_len = fixture::token(alg)?.len();
        for mut case in cases(alg)? {
            let who = format!("{} {}", alg.name(), case.library.id());
            if let Some(verify) = case.verify.as_mut() {
                let got = verify().map_err(|e| format!("{who} verify: {e}"))?;
                if case.library == Library::Floor {
                    // The floor reports the length of the signature it checked.
                    let sig = match alg {
                        Alg::Hs256 => 32,
                        Alg::Hs384 => 48,
                        Alg::Hs512 | Alg::EdDsa | Alg::Es256 => 64,
                    };
                    assert_eq!(got, sig, "{who}");
                } else {
                    assert_eq!(got, expected_digest(), "{who}");
                }
            }
            if let Some(encode) = case.encode.as_mut() {
                let len = encode().map_err(|e| format!("{who} encode: {e}"))?;
                if case.library.is_edgeauth() || case.library == Library::Floor {
                    // Same header, claims and signature length: the very same token length.
                    assert_eq!(len, token_len, "{who}");
                } else {
                    // Peers order members differently and jsonwebtoken puts `typ` first, but
                    // the content is the same: within 10% of edgeauth's length.
                    assert!(len.abs_diff(token_len) * 10 < token_len, "{who}: {len}");
                }
            }
        }
    }
    Ok(())
}
