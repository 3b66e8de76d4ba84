//! The strict JSON reader against `serde_json`, behind valid signatures: generated documents
//! (valid and broken, built from JSON tokens and hostile fragments) go through
//! `common/json_oracle.rs`, the same check the `signed_json` fuzz target runs. Whatever
//! edgeauth accepts must read exactly as `serde_json` reads it; whatever `serde_json` accepts,
//! edgeauth may refuse only as a duplicate member or as nested deeper than 16.

#[path = "common/json_oracle.rs"]
mod json_oracle;

use proptest::prelude::*;

/// Member names: custom ones, registered ones (whose wrong JSON types are claim errors), and
/// escaped spellings that collide with other names once unescaped (`su\u0062` is `sub`).
const NAMES: &[&str] = &[
    r#""a""#,
    r#""x""#,
    r#""roles""#,
    r#""ad\/min""#,
    r#""\u00e9\ud83d\ude00""#,
    r#""""#,
    r#""n""#,
    r#""sub""#,
    r#""iss""#,
    r#""jti""#,
    r#""su\u0062""#,
];

/// Well-formed values: strings with escapes, numbers at the edges of the grammar and of
/// `u64`/`i64`, literals.
const VALUES: &[&str] = &[
    r#""v""#,
    r#""\u00e9\ud83d\ude00""#,
    r#""a\"b\\c\nd""#,
    r#""""#,
    "0",
    "-0",
    "7",
    "1.5",
    "2e3",
    "-1E-2",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "true",
    "false",
    "null",
    "[]",
    "{}",
];

/// Fragments that break a document, or that only some readers accept: lone surrogates, unknown
/// escapes, raw control characters in strings, numbers outside the grammar, truncated literals,
/// stray structure.
const HOSTILE: &[&str] = &[
    r#""\ud800""#,
    r#""\udc00x""#,
    r#""\q""#,
    "\"tab\there\"",
    "01",
    "1.",
    ".5",
    "+1",
    "nul",
    "tru",
    "\u{7f}",
    "\u{e9}",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    " ",
    "\n",
];

/// A value: mostly well-formed, sometimes a string array, a small object or hostile text.
fn value() -> impl Strategy<Value = String> {
    let any = prop::sample::select([VALUES, HOSTILE, NAMES].concat());
    prop_oneof![
        8 => prop::sample::select(VALUES).prop_map(str::to_owned),
        2 => prop::collection::vec(prop::sample::select(NAMES), 0..4)
            .prop_map(|items| format!("[{}]", items.join(","))),
        1 => prop::collection::vec((prop::sample::select(NAMES), prop::sample::select(VALUES)), 0..3)
            .prop_map(|m| format!("{{{}}}", m.iter().map(|(n, v)| format!("{n}:{v}")).collect::<Vec<_>>().join(","))),
        1 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => prop::collection::vec(any, 0..6).prop_map(|parts| parts.concat()),
    ]
}

/// A document: usually an object of members, sometimes any sequence of fragments.
fn document() -> impl Strategy<Value = String> {
    let any = prop::sample::select([VALUES, HOSTILE, NAMES].concat());
    let member =
        (prop::sample::select(NAMES), value()).prop_map(|(name, value)| format!("{name}:{value}"));
    prop_oneof![
        4 => prop::collection::vec(member, 0..6).prop_map(|m| format!("{{{}}}", m.join(","))),
        1 => prop::collection::vec(any, 0..24).prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn payloads_read_exactly_as_serde_json_reads_them(payload in document()) {
        json_oracle::check(json_oracle::PLAIN_HEADER, payload.as_bytes());
    }

    #[test]
    fn headers_read_exactly_as_serde_json_reads_them(extra in document()) {
        // `{"alg":"HS256",` + the members of a generated document: reaches the header rules.
        let header = match extra.strip_prefix('{') {
            Some(rest) if rest != "}" => format!(r#"{{"alg":"HS256",{rest}"#),
            _ => extra.clone(),
        };
        json_oracle::check(header.as_bytes(), br#"{"sub":"a"}"#);
    }
}

/// The generator reaches both outcomes in bulk, so that the properties above cannot pass by
/// refusing (or accepting) everything: of 2,000 documents from a fixed seed, at least a fifth are
/// accepted and at least a fifth refused.
#[test]
fn generated_documents_are_both_accepted_and_refused() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Default::default()),
    );
    let strategy = document();
    let accepted = (0..2000)
        .filter(|_| {
            let payload = strategy.new_tree(&mut runner).unwrap().current();
            json_oracle::check(json_oracle::PLAIN_HEADER, payload.as_bytes())
        })
        .count();
    assert!(
        (400..=1600).contains(&accepted),
        "accepted {accepted} of 2000"
    );
}

/// Fixed cases: an escaped string is read unescaped, a duplicate member is refused, and the
/// oracle reports both outcomes.
#[test]
fn the_oracle_sees_both_outcomes() {
    assert!(json_oracle::check(
        json_oracle::PLAIN_HEADER,
        br#"{"sub":"a\/b","roles":["x"]}"#
    ));
    assert!(!json_oracle::check(
        json_oracle::PLAIN_HEADER,
        br#"{"a":1,"a":2}"#
    ));
    assert!(!json_oracle::check(
        json_oracle::PLAIN_HEADER,
        br#"{"a":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}"#
    ));
}
