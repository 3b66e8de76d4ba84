//! The adversarial table: each row is a hostile or malformed input and the exact error it must
//! produce, covering every verification rule in order (format, base64url, header, key selection,
//! signature, payload JSON, claim types, claim validation). No row may panic or be accepted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use edgeauth::{
    Claim, Error, ForbiddenHeader, JsonError, KeySet, Part, Validation, Verifier, VerifyingKey,
};
use hmac::{Hmac, KeyInit, Mac};

const SECRET: &[u8; 32] = b"adversarial-table-secret-32bytes";
const OTHER_SECRET: &[u8; 32] = b"a-different-secret-of-32-bytes!!";
const NOW: u64 = 1_800_000_000;
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const CLAIMS: &str =
    r#"{"iss":"https://idp.example","aud":"api","sub":"u1","exp":1800000600,"iat":1799999000}"#;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Builds a compact token from raw header and payload bytes, HS256-signed with `secret`.
fn mint_bytes_with(secret: &[u8], header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

fn mint(header: &str, payload: &str) -> String {
    mint_bytes_with(SECRET, header.as_bytes(), payload.as_bytes())
}

fn claims(replace: &str) -> String {
    // Replaces the whole claims object; rows that only change one claim spell it out in full so
    // the expected error is obvious from the row.
    replace.to_string()
}

fn nested(depth: usize) -> String {
    format!(
        r#"{{"exp":1800000600,"aud":"api","iss":"https://idp.example","x":{}1{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

/// A valid claims object with 17 extra members `m0`..`m16`, then one more member named `last`.
fn many_members_then(last: &str) -> String {
    let mut body = String::from(r#"{"iss":"https://idp.example","aud":"api","exp":1800000600"#);
    for i in 0..17 {
        body.push_str(&format!(r#","m{i}":{i}"#));
    }
    body.push_str(&format!(r#","{last}":true}}"#));
    body
}

struct Row {
    name: &'static str,
    token: String,
    expected: Result<(), Error>,
}

fn row(name: &'static str, token: String, expected: Result<(), Error>) -> Row {
    Row {
        name,
        token,
        expected,
    }
}

fn json_err(part: Part, error: JsonError) -> Result<(), Error> {
    Err(Error::Json { part, error })
}

fn rows() -> Vec<Row> {
    use Error::*;
    use JsonError as J;
    use Part::{Header as H, Payload as P};
    let good = mint(HEADER, CLAIMS);
    let (gh, gp) = {
        let mut it = good.split('.');
        (
            it.next().unwrap().to_string(),
            it.next().unwrap().to_string(),
        )
    };
    let gs = good.rsplit('.').next().unwrap().to_string();
    let hdr = |h: &str| mint(h, CLAIMS);
    let pay = |p: &str| mint(HEADER, p);
    let c = |body: &str| pay(&claims(body));
    vec![
        // 1. Length cap, before anything else.
        row(
            "over the length cap",
            format!("{good}{}", "A".repeat(8 * 1024)),
            Err(TokenTooLong { max: 8192 }),
        ),
        // 2. Three non-empty segments.
        row("empty token", String::new(), Err(Malformed)),
        row("one segment", gh.clone(), Err(Malformed)),
        row("two segments", format!("{gh}.{gp}"), Err(Malformed)),
        row("four segments", format!("{good}.{gs}"), Err(Malformed)),
        row("empty header", format!(".{gp}.{gs}"), Err(Malformed)),
        row(
            "empty payload (detached)",
            format!("{gh}..{gs}"),
            Err(Malformed),
        ),
        row(
            "empty signature (alg none style)",
            format!("{gh}.{gp}."),
            Err(Malformed),
        ),
        // 3. Strict base64url.
        row("padding in header", format!("{gh}=.{gp}.{gs}"), Err(Base64)),
        row(
            "standard alphabet +",
            format!("{gh}.{gp}+.{gs}"),
            Err(Base64),
        ),
        row(
            "standard alphabet /",
            format!("{gh}.{gp}.{}/", &gs[..gs.len() - 1]),
            Err(Base64),
        ),
        row(
            "impossible length 4n+1",
            format!("{gh}A.{gp}.{gs}"),
            Err(Base64),
        ),
        row(
            "non-canonical trailing bits",
            format!("{gh}.{gp}.{}B", &gs[..gs.len() - 1]),
            Err(Base64),
        ),
        row("space inside", format!("{gh}.{gp} .{gs}"), Err(Base64)),
        row("non-ASCII inside", format!("{gh}.{gp}é.{gs}"), Err(Base64)),
        // 4. Header.
        row(
            "header not JSON",
            hdr("alg=HS256"),
            json_err(H, J::NotAnObject),
        ),
        row(
            "header is an array",
            hdr(r#"["HS256"]"#),
            json_err(H, J::NotAnObject),
        ),
        row(
            "header trailing data",
            hdr(r#"{"alg":"HS256"}x"#),
            json_err(H, J::TrailingData),
        ),
        row(
            "header duplicate alg",
            hdr(r#"{"alg":"HS256","alg":"none"}"#),
            json_err(H, J::DuplicateMember),
        ),
        row(
            "header escaped duplicate",
            hdr(r#"{"alg":"HS256","\u0061lg":"HS256"}"#),
            json_err(H, J::DuplicateMember),
        ),
        row(
            "header control character",
            hdr("{\"alg\":\"HS256\",\"x\":\"a\u{1}b\"}"),
            json_err(H, J::ControlCharacter),
        ),
        row(
            "header too deep",
            hdr(&format!(
                r#"{{"alg":"HS256","x":{}{}}}"#,
                "[".repeat(16),
                "]".repeat(16)
            )),
            json_err(H, J::TooDeep),
        ),
        row(
            "header invalid UTF-8",
            mint_bytes_with(
                SECRET,
                b"{\"alg\":\"HS256\",\"x\":\"\xc3\x28\"}",
                CLAIMS.as_bytes(),
            ),
            json_err(H, J::InvalidUtf8),
        ),
        row(
            "missing alg",
            hdr(r#"{"typ":"JWT"}"#),
            Err(MissingAlgorithm),
        ),
        row(
            "alg not a string",
            hdr(r#"{"alg":256}"#),
            Err(MissingAlgorithm),
        ),
        row("alg null", hdr(r#"{"alg":null}"#), Err(MissingAlgorithm)),
        row("alg none", hdr(r#"{"alg":"none"}"#), Err(AlgorithmNone)),
        row("alg None", hdr(r#"{"alg":"None"}"#), Err(AlgorithmNone)),
        row("alg NONE", hdr(r#"{"alg":"NONE"}"#), Err(AlgorithmNone)),
        row(
            "alg nOnE escaped",
            hdr(r#"{"alg":"n\u004fnE"}"#),
            Err(AlgorithmNone),
        ),
        row(
            "alg unknown",
            hdr(r#"{"alg":"HS257"}"#),
            Err(UnsupportedAlgorithm),
        ),
        row(
            "alg wrong case",
            hdr(r#"{"alg":"hs256"}"#),
            Err(UnsupportedAlgorithm),
        ),
        row(
            "alg never supported (P-521)",
            hdr(r#"{"alg":"ES512"}"#),
            Err(UnsupportedAlgorithm),
        ),
        row(
            "alg EdDSA against an HMAC key",
            hdr(r#"{"alg":"EdDSA"}"#),
            Err(AlgorithmMismatch),
        ),
        row(
            "alg ES256 against an HMAC key",
            hdr(r#"{"alg":"ES256"}"#),
            Err(AlgorithmMismatch),
        ),
        row(
            "crit",
            hdr(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#),
            Err(ForbiddenHeader(self::ForbiddenHeader::Crit)),
        ),
        row(
            "jku",
            hdr(r#"{"alg":"HS256","jku":"https://evil.example/jwks"}"#),
            Err(ForbiddenHeader(self::ForbiddenHeader::Jku)),
        ),
        row(
            "x5u",
            hdr(r#"{"alg":"HS256","x5u":"https://evil.example/cert"}"#),
            Err(ForbiddenHeader(self::ForbiddenHeader::X5u)),
        ),
        row(
            "jwk",
            hdr(r#"{"alg":"HS256","jwk":{"kty":"oct","k":"AAAA"}}"#),
            Err(ForbiddenHeader(self::ForbiddenHeader::Jwk)),
        ),
        row(
            "x5c",
            hdr(r#"{"alg":"HS256","x5c":["MIIB"]}"#),
            Err(ForbiddenHeader(self::ForbiddenHeader::X5c)),
        ),
        row(
            "b64 false",
            hdr(r#"{"alg":"HS256","b64":false}"#),
            Err(ForbiddenHeader(self::ForbiddenHeader::B64)),
        ),
        row(
            "typ JOSE",
            hdr(r#"{"alg":"HS256","typ":"JOSE"}"#),
            Err(InvalidType),
        ),
        row(
            "typ not a string",
            hdr(r#"{"alg":"HS256","typ":1}"#),
            Err(InvalidType),
        ),
        row(
            "typ lowercase jwt is fine",
            hdr(r#"{"alg":"HS256","typ":"jwt"}"#),
            Ok(()),
        ),
        row(
            "typ application/jwt is fine",
            hdr(r#"{"alg":"HS256","typ":"application/JWT"}"#),
            Ok(()),
        ),
        row(
            "unknown header member ignored",
            hdr(r#"{"alg":"HS256","x-trace":"abc"}"#),
            Ok(()),
        ),
        // 5. Key selection.
        row(
            "unknown kid",
            hdr(r#"{"alg":"HS256","kid":"nope"}"#),
            Err(UnknownKey),
        ),
        row(
            "kid not a string",
            hdr(r#"{"alg":"HS256","kid":7}"#),
            Err(InvalidKeyId),
        ),
        row(
            "kid too long",
            hdr(&format!(r#"{{"alg":"HS256","kid":"{}"}}"#, "k".repeat(129))),
            Err(InvalidKeyId),
        ),
        row(
            "kid of a key with another alg",
            hdr(r#"{"alg":"HS256","kid":"hs512"}"#),
            Err(AlgorithmMismatch),
        ),
        // 6. Signature.
        row(
            "signed with another secret",
            mint_bytes_with(OTHER_SECRET, HEADER.as_bytes(), CLAIMS.as_bytes()),
            Err(InvalidSignature),
        ),
        row(
            "truncated signature",
            format!("{gh}.{gp}.{}", &gs[..gs.len() - 3]),
            Err(InvalidSignature),
        ),
        row(
            "short signature",
            format!("{gh}.{gp}.AAAA"),
            Err(InvalidSignature),
        ),
        row(
            "signature of another payload",
            format!("{gh}.{}.{gs}", b64(br#"{"exp":1}"#)),
            Err(InvalidSignature),
        ),
        row(
            "payload swapped, header kept",
            format!(
                "{gh}.{gp}.{}",
                mint(HEADER, "{}").rsplit('.').next().unwrap()
            ),
            Err(InvalidSignature),
        ),
        // 7a. Payload JSON (only after a good signature).
        row(
            "payload not JSON",
            pay("hello"),
            json_err(P, J::NotAnObject),
        ),
        row(
            "payload duplicate exp",
            c(r#"{"exp":1800000600,"exp":1}"#),
            json_err(P, J::DuplicateMember),
        ),
        row(
            "payload lone surrogate",
            c(r#"{"exp":1800000600,"n":"\ud800"}"#),
            json_err(P, J::LoneSurrogate),
        ),
        row(
            "payload raw control char",
            c("{\"exp\":1800000600,\"n\":\"a\tb\"}"),
            json_err(P, J::ControlCharacter),
        ),
        row(
            "payload invalid escape",
            c(r#"{"exp":1800000600,"n":"\q"}"#),
            json_err(P, J::InvalidEscape),
        ),
        row(
            "payload leading zero",
            c(r#"{"exp":01800000600}"#),
            json_err(P, J::InvalidNumber),
        ),
        row(
            "payload too deep",
            pay(&nested(16)),
            json_err(P, J::TooDeep),
        ),
        row(
            "payload trailing comma",
            c(r#"{"exp":1800000600,}"#),
            json_err(P, J::Syntax),
        ),
        row(
            "payload garbage in unknown member",
            c(r#"{"exp":1800000600,"x":[1,,2]}"#),
            json_err(P, J::Syntax),
        ),
        row(
            "duplicate of a member beyond the first 16",
            pay(&many_members_then("m14")),
            json_err(P, J::DuplicateMember),
        ),
        row(
            "18 distinct extra members are fine",
            pay(&many_members_then("m17x")),
            Ok(()),
        ),
        row(
            "payload truncated",
            c(r#"{"exp":1800000600"#),
            json_err(P, J::UnexpectedEnd),
        ),
        row(
            "payload invalid UTF-8",
            mint_bytes_with(
                SECRET,
                HEADER.as_bytes(),
                b"{\"exp\":1800000600,\"n\":\"\xff\"}",
            ),
            json_err(P, J::InvalidUtf8),
        ),
        // 7b. Registered claim types.
        row(
            "exp as string",
            c(r#"{"exp":"1800000600"}"#),
            Err(ClaimType(Claim::Exp)),
        ),
        row(
            "exp as float",
            c(r#"{"exp":1800000600.5}"#),
            Err(ClaimType(Claim::Exp)),
        ),
        row(
            "exp with exponent",
            c(r#"{"exp":1.8e9}"#),
            Err(ClaimType(Claim::Exp)),
        ),
        row("exp null", c(r#"{"exp":null}"#), Err(ClaimType(Claim::Exp))),
        row(
            "exp negative",
            c(r#"{"exp":-1}"#),
            Err(ClaimOutOfRange(Claim::Exp)),
        ),
        row(
            "exp above i64::MAX",
            c(r#"{"exp":9223372036854775808}"#),
            Err(ClaimOutOfRange(Claim::Exp)),
        ),
        row(
            "exp above u64::MAX",
            c(r#"{"exp":18446744073709551616}"#),
            Err(ClaimOutOfRange(Claim::Exp)),
        ),
        row(
            "nbf as float",
            c(r#"{"exp":1800000600,"nbf":1.0}"#),
            Err(ClaimType(Claim::Nbf)),
        ),
        row(
            "iat as string",
            c(r#"{"exp":1800000600,"iat":"now"}"#),
            Err(ClaimType(Claim::Iat)),
        ),
        row(
            "iss as number",
            c(r#"{"exp":1800000600,"iss":1}"#),
            Err(ClaimType(Claim::Iss)),
        ),
        row(
            "sub null",
            c(r#"{"exp":1800000600,"sub":null}"#),
            Err(ClaimType(Claim::Sub)),
        ),
        row(
            "aud number",
            c(r#"{"exp":1800000600,"aud":1}"#),
            Err(ClaimType(Claim::Aud)),
        ),
        row(
            "aud array with a number",
            c(r#"{"exp":1800000600,"aud":["api",1]}"#),
            Err(ClaimType(Claim::Aud)),
        ),
        row(
            "aud object",
            c(r#"{"exp":1800000600,"aud":{"api":true}}"#),
            Err(ClaimType(Claim::Aud)),
        ),
        row(
            "jti bool",
            c(r#"{"exp":1800000600,"jti":true}"#),
            Err(ClaimType(Claim::Jti)),
        ),
        // 7c. Claim validation.
        row(
            "missing exp",
            c(r#"{"iss":"https://idp.example","aud":"api"}"#),
            Err(MissingClaim(Claim::Exp)),
        ),
        row(
            "exp equals now",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":1800000000}"#),
            Err(Expired),
        ),
        row(
            "exp one second ago",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":1799999999}"#),
            Err(Expired),
        ),
        row(
            "exp one second ahead",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":1800000001}"#),
            Ok(()),
        ),
        row(
            "exp at i64::MAX",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":9223372036854775807}"#),
            Ok(()),
        ),
        row(
            "nbf in the future",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":1800000600,"nbf":1800000001}"#),
            Err(NotYetValid),
        ),
        row(
            "nbf exactly now",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":1800000600,"nbf":1800000000}"#),
            Ok(()),
        ),
        row(
            "iat in the future",
            c(r#"{"iss":"https://idp.example","aud":"api","exp":1800000600,"iat":1800000001}"#),
            Err(IssuedInFuture),
        ),
        row(
            "wrong issuer",
            c(r#"{"iss":"https://evil.example","aud":"api","exp":1800000600}"#),
            Err(InvalidIssuer),
        ),
        row(
            "issuer differs by a trailing slash",
            c(r#"{"iss":"https://idp.example/","aud":"api","exp":1800000600}"#),
            Err(InvalidIssuer),
        ),
        row(
            "missing issuer",
            c(r#"{"aud":"api","exp":1800000600}"#),
            Err(MissingClaim(Claim::Iss)),
        ),
        row(
            "escaped issuer matches",
            c(r#"{"iss":"https:\/\/idp.example","aud":"api","exp":1800000600}"#),
            Ok(()),
        ),
        row(
            "wrong audience",
            c(r#"{"iss":"https://idp.example","aud":"web","exp":1800000600}"#),
            Err(InvalidAudience),
        ),
        row(
            "audience array without ours",
            c(r#"{"iss":"https://idp.example","aud":["web","admin"],"exp":1800000600}"#),
            Err(InvalidAudience),
        ),
        row(
            "audience array with ours",
            c(r#"{"iss":"https://idp.example","aud":["web","api"],"exp":1800000600}"#),
            Ok(()),
        ),
        row(
            "empty audience array",
            c(r#"{"iss":"https://idp.example","aud":[],"exp":1800000600}"#),
            Err(InvalidAudience),
        ),
        row(
            "missing audience",
            c(r#"{"iss":"https://idp.example","exp":1800000600}"#),
            Err(MissingClaim(Claim::Aud)),
        ),
        row("the good token", good.clone(), Ok(())),
    ]
}

fn keyset() -> KeySet<'static, 3> {
    let mut keys = KeySet::new();
    keys.insert(None, VerifyingKey::hs256(SECRET).unwrap())
        .map_err(|e| e.kind)
        .unwrap();
    keys.insert(Some("hs512"), VerifyingKey::hs512(&[9u8; 64]).unwrap())
        .map_err(|e| e.kind)
        .unwrap();
    keys
}

#[test]
fn every_row_gets_its_exact_outcome() {
    let keys = keyset();
    let verifier = Verifier::new(&keys);
    let validation = Validation::new(NOW)
        .issuers(&["https://idp.example"])
        .audiences(&["api"]);
    let rows = rows();
    assert!(rows.len() >= 50, "only {} rows", rows.len());
    let mut failures = Vec::new();
    for r in &rows {
        let mut scratch = [0u8; 16 * 1024];
        let got = verifier
            .verify(&r.token, &validation, &mut scratch)
            .map(|_| ());
        if got != r.expected {
            failures.push(format!(
                "{}: expected {:?}, got {:?}",
                r.name, r.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn ambiguous_key_without_kid_and_small_buffer() {
    let mut keys: KeySet<'_, 2> = KeySet::new();
    keys.insert(Some("a"), VerifyingKey::hs256(SECRET).unwrap())
        .map_err(|e| e.kind)
        .unwrap();
    keys.insert(Some("b"), VerifyingKey::hs256(OTHER_SECRET).unwrap())
        .map_err(|e| e.kind)
        .unwrap();
    let token = mint(HEADER, CLAIMS);
    let validation = Validation::new(NOW)
        .issuers(&["https://idp.example"])
        .audiences(&["api"]);
    let mut scratch = [0u8; 1024];
    assert_eq!(
        Verifier::new(&keys)
            .verify(&token, &validation, &mut scratch)
            .err(),
        Some(Error::AmbiguousKey)
    );
    // The scratch buffer needs exactly the decoded header + payload + signature.
    let needed = HEADER.len() + CLAIMS.len() + 32;
    let keys = keyset();
    let mut small = vec![0u8; needed - 1];
    assert_eq!(
        Verifier::new(&keys)
            .verify(&token, &validation, &mut small)
            .err(),
        Some(Error::BufferTooSmall { needed })
    );
    let mut exact = vec![0u8; needed];
    assert!(
        Verifier::new(&keys)
            .verify(&token, &validation, &mut exact)
            .is_ok()
    );
}

#[test]
fn leeway_max_age_and_opt_outs() {
    let keys = keyset();
    let verifier = Verifier::new(&keys);
    let mut scratch = [0u8; 1024];
    let expired = mint(HEADER, r#"{"exp":1799999990,"iat":1799990000}"#);
    let strict = Validation::new(NOW);
    assert_eq!(
        verifier.verify(&expired, &strict, &mut scratch).err(),
        Some(Error::Expired)
    );
    assert!(
        verifier
            .verify(&expired, &strict.leeway(11), &mut scratch)
            .is_ok()
    );
    assert_eq!(
        verifier
            .verify(&expired, &strict.leeway(10), &mut scratch)
            .err(),
        Some(Error::Expired)
    );
    let fresh = mint(HEADER, r#"{"exp":1800000600,"iat":1799990000}"#);
    assert_eq!(
        verifier
            .verify(&fresh, &strict.max_age(9_999), &mut scratch)
            .err(),
        Some(Error::TooOld)
    );
    assert!(
        verifier
            .verify(&fresh, &strict.max_age(10_000), &mut scratch)
            .is_ok()
    );
    let no_iat = mint(HEADER, r#"{"exp":1800000600}"#);
    assert_eq!(
        verifier
            .verify(&no_iat, &strict.max_age(60), &mut scratch)
            .err(),
        Some(Error::MissingClaim(Claim::Iat))
    );
    let no_exp = mint(HEADER, r#"{"sub":"svc"}"#);
    assert_eq!(
        verifier.verify(&no_exp, &strict, &mut scratch).err(),
        Some(Error::MissingClaim(Claim::Exp))
    );
    assert!(
        verifier
            .verify(&no_exp, &strict.allow_missing_exp(), &mut scratch)
            .is_ok()
    );
    // Leeway near u64::MAX saturates instead of wrapping into "expired long ago".
    let far = mint(HEADER, r#"{"exp":9223372036854775807}"#);
    assert!(
        verifier
            .verify(
                &far,
                &Validation::new(u64::MAX - 1).leeway(u64::MAX),
                &mut scratch
            )
            .is_ok()
    );
    // A configured typ replaces JWT.
    let at = mint(r#"{"alg":"HS256","typ":"at+jwt"}"#, r#"{"exp":1800000600}"#);
    assert_eq!(
        verifier.verify(&at, &strict, &mut scratch).err(),
        Some(Error::InvalidType)
    );
    let at_verifier = Verifier::new(&keys).expected_typ(Some("at+jwt"));
    assert!(at_verifier.verify(&at, &strict, &mut scratch).is_ok());
}
