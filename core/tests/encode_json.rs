//! `encode` writes exactly what `serde_json` would: the payload segment of every token decodes to
//! the bytes of `serde_json::to_vec(&claims)` (string escaping of every byte value, integer
//! extremes, maps, enums, nesting), the header segment to the JSON edgeauth documents, and every
//! input JSON cannot represent is a typed error; a too-small buffer reports the exact size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use edgeauth::{Error, SigningKey, encode};
use serde::Serialize;
use std::collections::BTreeMap;

fn key() -> SigningKey {
    SigningKey::hs256(&[0x5a; 32]).unwrap()
}

/// The token's three segments, base64url-decoded (header, payload) or raw (signature).
fn segments(token: &str) -> (Vec<u8>, Vec<u8>) {
    let mut parts = token.split('.');
    let header = URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap();
    let payload = URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap();
    assert!(parts.next().is_some());
    assert!(parts.next().is_none());
    (header, payload)
}

/// Encodes `claims` and checks the payload against `serde_json`; returns the token length.
fn assert_payload_is_serde_json<T: Serialize + ?Sized>(claims: &T) -> usize {
    let expected = serde_json::to_vec(claims).unwrap();
    let mut out = vec![0u8; 128 + expected.len() * 2];
    let token = encode(&key(), None, claims, &mut out).unwrap();
    let (_, payload) = segments(token);
    assert_eq!(
        String::from_utf8_lossy(&payload),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(payload, expected);
    token.len()
}

#[derive(Serialize)]
struct Text<'a> {
    s: &'a str,
}

#[test]
fn every_ascii_byte_is_escaped_like_serde_json() {
    for b in 0u8..=0x7f {
        let one = char::from(b).to_string();
        assert_payload_is_serde_json(&Text { s: &one });
        // The same byte inside longer text, at every offset of an eight-byte word and beyond.
        for at in 0..20 {
            let mut s = "abcdefghijklmnopqrstu".to_string();
            s.insert(at, char::from(b));
            assert_payload_is_serde_json(&Text { s: &s });
        }
    }
}

#[test]
fn non_ascii_and_mixed_strings_match_serde_json() {
    let samples = [
        "",
        "é",
        "naïve café",
        "\u{7f}\u{80}\u{2028}\u{2029}\u{fffd}\u{ffff}",
        "😀 emoji 👩‍👩‍👧",
        "日本語のテキストと\"引用\"と\\バックスラッシュ",
        "\u{1}\u{1f}\"\\\u{8}\u{c}\n\r\t mixed \u{1b}[0m",
        "a long run without any escape at all, more than several words long ................",
        "ends with a quote\"",
        "\"starts with a quote",
        "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\",
    ];
    for s in samples {
        assert_payload_is_serde_json(&Text { s });
        // As a map key and as a `char` sequence too.
        let mut map = BTreeMap::new();
        map.insert(s, 1);
        assert_payload_is_serde_json(&map);
        let chars: Vec<char> = s.chars().collect();
        assert_payload_is_serde_json(&chars);
    }
}

#[test]
fn integers_match_serde_json_at_every_width_and_extreme() {
    #[derive(Serialize)]
    struct Ints {
        a: u8,
        b: u16,
        c: u32,
        d: u64,
        e: i8,
        f: i16,
        g: i32,
        h: i64,
        i: u128,
        j: i128,
    }
    let extremes = [
        Ints {
            a: 0,
            b: 0,
            c: 0,
            d: 0,
            e: 0,
            f: 0,
            g: 0,
            h: 0,
            i: 0,
            j: 0,
        },
        Ints {
            a: u8::MAX,
            b: u16::MAX,
            c: u32::MAX,
            d: u64::MAX,
            e: i8::MAX,
            f: i16::MAX,
            g: i32::MAX,
            h: i64::MAX,
            i: u128::MAX,
            j: i128::MAX,
        },
        Ints {
            a: 1,
            b: 1,
            c: 1,
            d: 1,
            e: i8::MIN,
            f: i16::MIN,
            g: i32::MIN,
            h: i64::MIN,
            i: 1,
            j: i128::MIN,
        },
    ];
    for ints in &extremes {
        assert_payload_is_serde_json(ints);
    }
    // Every power of ten and its neighbours, both signs: each digit-count boundary.
    let mut values = Vec::new();
    let mut p: u64 = 1;
    loop {
        values.extend([p - 1, p, p + 1]);
        match p.checked_mul(10) {
            Some(next) => p = next,
            None => break,
        }
    }
    values.extend([u64::MAX - 1, u64::MAX, 1 << 63, (1 << 63) - 1]);
    assert_payload_is_serde_json(&values);
    let signed: Vec<i64> = values
        .iter()
        .map(|&v| i64::try_from(v).unwrap_or(i64::MIN))
        .flat_map(|v| [v, v.wrapping_neg()])
        .collect();
    assert_payload_is_serde_json(&signed);
    // Integer map keys are quoted, as serde_json does.
    let keys: BTreeMap<i64, bool> = signed.iter().map(|&v| (v, true)).collect();
    assert_payload_is_serde_json(&keys);
    let keys: BTreeMap<u64, u8> = values.iter().map(|&v| (v, 7)).collect();
    assert_payload_is_serde_json(&keys);
    let keys: BTreeMap<i8, ()> = [i8::MIN, -1, 0, 1, i8::MAX]
        .into_iter()
        .map(|v| (v, ()))
        .collect();
    assert_payload_is_serde_json(&keys);
}

#[test]
fn structures_match_serde_json() {
    #[derive(Serialize)]
    enum E {
        Unit,
        New(u32),
        Tuple(i8, &'static str),
        Struct { x: bool, y: Option<u8> },
    }
    #[derive(Serialize)]
    struct Unit;
    #[derive(Serialize)]
    struct Wrapper(u16);
    #[derive(Serialize)]
    struct Nested<'a> {
        sub: &'a str,
        exp: u64,
        roles: [&'a str; 2],
        enums: Vec<E>,
        unit: Unit,
        wrapped: Wrapper,
        none: Option<u8>,
        tuple: (u8, char, bool),
        #[serde(with = "serde_bytes_like")]
        bytes: &'a [u8],
        floats: [f64; 4],
        map: BTreeMap<char, Vec<u8>>,
    }
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &&[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }
    let claims = Nested {
        sub: "user-8f14e45f",
        exp: 4_102_444_800,
        roles: ["admin", "op\"erator"],
        enums: vec![
            E::Unit,
            E::New(7),
            E::Tuple(-3, "t"),
            E::Struct { x: true, y: None },
        ],
        unit: Unit,
        wrapped: Wrapper(65_535),
        none: None,
        tuple: (0, '\u{0}', false),
        bytes: &[0, 1, 255],
        // Values whose shortest round-trip form has no exponent, where `Display` and serde_json's
        // `ryu` agree.
        floats: [0.5, -2.25, 1.0, 123_456.789],
        map: [('k', vec![1, 2]), ('"', vec![])].into_iter().collect(),
    };
    assert_payload_is_serde_json(&claims);
}

#[test]
fn header_without_kid_is_the_documented_json_for_every_algorithm() {
    let keys = [
        (SigningKey::hs256(&[1; 32]).unwrap(), "HS256"),
        (SigningKey::hs384(&[2; 48]).unwrap(), "HS384"),
        (SigningKey::hs512(&[3; 64]).unwrap(), "HS512"),
        (SigningKey::ed25519_from_seed(&[4; 32]), "EdDSA"),
        (SigningKey::es256_from_bytes(&[5; 32]).unwrap(), "ES256"),
    ];
    for (key, name) in keys {
        let mut out = [0u8; 512];
        let token = encode(&key, None, &Text { s: "x" }, &mut out).unwrap();
        let (header, _) = segments(token);
        let expected = format!(r#"{{"alg":"{name}","typ":"JWT"}}"#);
        assert_eq!(String::from_utf8(header).unwrap(), expected);
        let (head, _) = token.split_once('.').unwrap();
        assert_eq!(head, URL_SAFE_NO_PAD.encode(expected));
    }
}

#[test]
fn header_with_kid_matches_serde_json() {
    #[derive(Serialize)]
    struct Header<'a> {
        alg: &'a str,
        kid: &'a str,
        typ: &'a str,
    }
    for kid in [
        "k1",
        "",
        "a\"b\\c",
        "\u{1}\u{7f}é\n",
        "key-2026-11-27T00:00:00Z",
    ] {
        let mut out = [0u8; 512];
        let token = encode(&key(), Some(kid), &Text { s: "x" }, &mut out).unwrap();
        let (header, _) = segments(token);
        let expected = serde_json::to_vec(&Header {
            alg: "HS256",
            kid,
            typ: "JWT",
        })
        .unwrap();
        assert_eq!(header, expected);
    }
}

#[test]
fn unrepresentable_values_are_typed_errors() {
    let mut out = [0u8; 512];
    let mut bool_keys = BTreeMap::new();
    bool_keys.insert(true, 1);
    assert_eq!(
        encode(&key(), None, &bool_keys, &mut out),
        Err(Error::Serialize)
    );
    let mut unit_keys = BTreeMap::new();
    unit_keys.insert((), 1);
    assert_eq!(
        encode(&key(), None, &unit_keys, &mut out),
        Err(Error::Serialize)
    );
    let mut seq_keys = BTreeMap::new();
    seq_keys.insert(vec![1u8], 1);
    assert_eq!(
        encode(&key(), None, &seq_keys, &mut out),
        Err(Error::Serialize)
    );
    let mut option_keys = BTreeMap::new();
    option_keys.insert(Some(1u8), 1);
    assert_eq!(
        encode(&key(), None, &option_keys, &mut out),
        Err(Error::Serialize)
    );
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(
            encode(&key(), None, &[bad], &mut out),
            Err(Error::Serialize)
        );
    }
    assert_eq!(
        encode(&key(), None, &[f32::NAN], &mut out),
        Err(Error::Serialize)
    );
}

#[test]
fn too_small_buffer_reports_the_exact_size_needed() {
    let claims = Text {
        s: "a claim long enough to span several base64 groups \"quoted\" \u{1}",
    };
    for kid in [None, Some("kid-1")] {
        let mut big = [0u8; 512];
        let len = encode(&key(), kid, &claims, &mut big).unwrap().len();
        for size in 0..len {
            let mut out = vec![0u8; size];
            assert_eq!(
                encode(&key(), kid, &claims, &mut out),
                Err(Error::BufferTooSmall { needed: len }),
                "size {size}"
            );
        }
        let mut exact = vec![0u8; len];
        let token = encode(&key(), kid, &claims, &mut exact).unwrap();
        assert_eq!(token.as_bytes(), &big[..len]);
    }
}

#[test]
fn payload_lengths_cover_every_base64_tail() {
    // Payload JSON of every length from 8 to 80 bytes: both partial-group tails and full groups.
    for n in 0..73 {
        let s = "x".repeat(n);
        let len = assert_payload_is_serde_json(&Text { s: &s });
        let mut exact = vec![0u8; len];
        assert!(encode(&key(), None, &Text { s: &s }, &mut exact).is_ok());
    }
}

#[test]
fn floats_match_serde_json_digit_for_digit() {
    #[derive(Serialize)]
    struct F {
        d: f64,
        s: f32,
    }
    // Includes the value a property test found where Rust's `Display` (…2.0313) and serde_json's
    // shortest-digits formatter (…2.0312) pick different last digits for the same f64.
    let doubles = [
        780_133_949_782.031_3,
        0.1,
        1.0,
        -0.0,
        1e-7,
        1e21,
        123_456_789.0,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        -2.5e-8,
    ];
    let singles = [0.1f32, 1.0, 3.402_823_5e38, 1e-45, 16_777_216.0, -0.3];
    for (&d, &s) in doubles.iter().zip(singles.iter().cycle()) {
        assert_payload_is_serde_json(&F { d, s });
    }
}
