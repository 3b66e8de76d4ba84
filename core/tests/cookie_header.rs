//! Cookie writer and parser together: round trips, hostile headers, and a no-panic property.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::cookie::{CookieConfig, CookieError, Prefix, SameSite, find_cookie};
use edgeauth::session::SplitToken;
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

#[test]
fn session_cookie_round_trip() {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let tok: SplitToken = SplitToken::generate(&mut rng).unwrap();
    let mut vbuf = [0u8; SplitToken::<32>::ENCODED_LEN];
    let value = tok.encode(&mut vbuf).unwrap();

    let cfg = CookieConfig::new("sid").max_age(3_600);
    let mut out = vec![0u8; cfg.max_len(value.len())];
    let set = cfg.write(value, &mut out).unwrap();
    assert_eq!(
        set,
        format!("__Host-sid={value}; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax")
    );

    // What a browser sends back: name=value pairs only, among other cookies.
    let header = format!("_ga=GA1.2.3; __Host-sid={value}; theme=dark");
    let found = cfg.find(header.as_bytes()).unwrap().unwrap();
    let back = SplitToken::<32>::parse(found.as_bytes()).unwrap();
    assert_eq!(back.selector(), tok.selector());
    assert!(bool::from(back.matches(&tok.digest())));
}

#[test]
fn strict_and_none() {
    let mut buf = [0u8; 128];
    assert_eq!(
        CookieConfig::new("s")
            .same_site(SameSite::None)
            .write("v", &mut buf),
        Ok("__Host-s=v; Path=/; Secure; HttpOnly; SameSite=None")
    );
    assert_eq!(
        CookieConfig::new("s")
            .prefix(Prefix::None)
            .secure(false)
            .same_site(SameSite::None)
            .write("v", &mut buf),
        Err(CookieError::NeedsSecure)
    );
}

#[test]
fn real_world_headers() {
    // Shapes seen from browsers, curl and proxies.
    let rows: [(&str, Option<&str>); 6] = [
        ("__Host-sid=abc", Some("abc")),
        ("a=b;__Host-sid=abc", Some("abc")),
        ("a=b;   __Host-sid=abc   ;c=d", Some("abc")),
        ("__Host-sid=\"abc\"; a=\"x y\"", Some("abc")),
        ("sid=abc; __Secure-sid=abc", None),
        ("__host-sid=abc", None),
    ];
    let cfg = CookieConfig::new("sid");
    for (h, want) in rows {
        assert_eq!(cfg.find(h.as_bytes()), Ok(want), "{h}");
    }
    assert_eq!(
        find_cookie(b"x=\"a\tb\"", "x"),
        Err(CookieError::InvalidValue)
    );
}

proptest! {
    /// Arbitrary bytes never panic, and a success always returns cookie-octets only.
    #[test]
    fn never_panics(header in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(Some(v)) = find_cookie(&header, "sid") {
            prop_assert!(v.bytes().all(|b| (0x21..=0x7e).contains(&b) && !b",;\\\"".contains(&b)));
        }
    }

    /// Any valid cookie value written among noise is found again unchanged.
    #[test]
    fn finds_written_value(value in "[A-Za-z0-9._~-]{0,40}", noise in "[a-z]{1,8}=[a-z0-9]{0,8}") {
        let header = format!("{noise}; sid={value}; {noise}x=1");
        prop_assert_eq!(find_cookie(header.as_bytes(), "sid"), Ok(Some(value.as_str())));
    }
}
