//! Server-side sessions in a signed `__Host-` cookie: sign-in, a request, sign-out, and the same
//! cookie replayed afterwards.
//!
//! `cargo run -p edgeauth-examples --example sessions`

use edgeauth::session::SessionConfig;
use edgeauth_examples::cookie_sessions::{Sessions, cookie_header_for};
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let mut sessions = Sessions::new(SessionConfig::DEFAULT).map_err(|e| format!("{e:?}"))?;

    let set_cookie = sessions
        .sign_in(42, 1, None, now)
        .map_err(|e| format!("{e:?}"))?;
    println!("sign-in   -> Set-Cookie: {set_cookie}");

    let cookie = cookie_header_for(&set_cookie);
    match sessions.authenticate(&cookie, now + 10) {
        Ok(info) => println!("request   -> user {} at level {}", info.user, info.level),
        Err(why) => println!("request   -> refused: {why:?}"),
    }

    let deletion = sessions.sign_out(&cookie).map_err(|e| format!("{e:?}"))?;
    println!("sign-out  -> Set-Cookie: {deletion}");

    match sessions.authenticate(&cookie, now + 20) {
        Ok(info) => println!("replay    -> user {} (should not happen)", info.user),
        Err(why) => println!("replay    -> refused: {why:?}"),
    }
    Ok(())
}
