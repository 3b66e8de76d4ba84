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
fn p384_public_key_is_uncompressed_sec1() -> Result<(), String> {
    let point = fixture::p384_public_sec1()?;
    assert_eq!(point.len(), 97);
    assert_eq!(point[0], 4);
    // RFC 6979 §A.2.6: Ux = EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64….
    assert_eq!(&point[1..5], &[0xec, 0x3a, 0x4e, 0x41]);
    Ok(())
}

#[test]
fn rsa_tokens_carry_a_2048_bit_signature_over_the_shared_claims() -> Result<(), String> {
    let (n, e) = fixture::rsa_public_components()?;
    assert_eq!(n.len(), 256);
    assert_eq!(e, [1, 0, 1]);
    let hs256 = fixture::token(Alg::Hs256)?;
    let payload = hs256.split('.').nth(1).ok_or("no payload")?;
    for alg in Alg::ALL.into_iter().filter(|a| a.is_rsa()) {
        let token = fixture::token(alg)?;
        let mut parts = token.split('.');
        let header = parts.next().ok_or("no header")?;
        // `{"alg":"RS256","typ":"JWT"}`: same length as the HS256 header.
        assert_eq!(header.len(), b64(27), "{alg:?}");
        assert_eq!(parts.next(), Some(payload), "{alg:?}");
        assert_eq!(parts.next().map(str::len), Some(b64(256)), "{alg:?}");
        assert_eq!(parts.next(), None, "{alg:?}");
    }
    Ok(())
}

/// Which rows each group has: the peers only where they support the algorithm, the ES256
/// precomputed key only in ES256, no encode for RSA.
#[test]
fn groups_have_the_documented_rows() -> Result<(), String> {
    for alg in Alg::ALL {
        let cases = cases(alg)?;
        let ids = |encode: bool| -> Vec<&str> {
            cases
                .iter()
                .filter(|c| {
                    if encode {
                        c.encode.is_some()
                    } else {
                        c.verify.is_some()
                    }
                })
                .map(|c| c.library.id())
                .collect()
        };
        // The usual group: the floor, edgeauth and the three peers; the HMAC groups also have
        // edgeauth's signature check alone.
        const USUAL: &[&str] = &[
            "floor",
            "edgeauth",
            "jsonwebtoken",
            "jwt-simple",
            "jwt-compact",
        ];
        const HMAC_VERIFY: &[&str] = &[
            "floor",
            "edgeauth-signature",
            "edgeauth",
            "jsonwebtoken",
            "jwt-simple",
            "jwt-compact",
        ];
        let (verify, encode): (&[&str], &[&str]) = match alg {
            Alg::Hs256 => (
                &[
                    "floor",
                    "edgeauth-signature",
                    "edgeauth",
                    "edgeauth-clock",
                    "edgeauth-serde",
                    "jsonwebtoken",
                    "jwt-simple",
                    "jwt-compact",
                ],
                USUAL,
            ),
            Alg::Es256 => (
                &[
                    "floor",
                    "edgeauth",
                    "edgeauth-fast",
                    "jsonwebtoken",
                    "jwt-simple",
                    "jwt-compact",
                ],
                USUAL,
            ),
            Alg::Es384 => (
                &["floor", "edgeauth", "jsonwebtoken", "jwt-simple"],
                &["floor", "edgeauth", "jsonwebtoken", "jwt-simple"],
            ),
            a if a.is_rsa() => (USUAL, &[]),
            Alg::EdDsa => (USUAL, USUAL),
            _ => (HMAC_VERIFY, USUAL),
        };
        assert_eq!(ids(false), verify, "{alg:?} verify");
        assert_eq!(ids(true), encode, "{alg:?} encode");
    }
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
                if matches!(case.library, Library::Floor | Library::EdgeauthSignature) {
                    // The floor and the signature-only row report the length of the signature
                    // they checked.
                    let sig = match alg {
                        Alg::Hs256 => 32,
                        Alg::Hs384 => 48,
                        Alg::Hs512 | Alg::EdDsa | Alg::Es256 => 64,
                        Alg::Es384 => 96,
                        _ => 256,
                    };
                    assert_eq!(alg.signature_len(), sig, "{who}");
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
