//! Server-side sessions behind a signed `__Host-` cookie: what a web server needs from sign-in to
//! sign-out, built from edgeauth's session table, ID signer and cookie helpers.
//!
//! Why this shape (see `docs/sessions.md` and `docs/decision-guide.md`):
//! - The cookie carries a **split token** (a public selector and a secret verifier); the table
//!   stores only a digest of the verifier and compares it in constant time, so a leaked table
//!   does not yield usable cookies and a timing probe learns nothing.
//! - The token is also **HMAC-tagged** ([`IdSigner`]): a forged or mangled cookie is refused
//!   before any table lookup, which keeps floods of garbage cookies cheap.
//! - The cookie is `__Host-` prefixed, `Secure`, `HttpOnly`, `SameSite=Lax`, `Path=/`: the
//!   browser refuses to let a subdomain or plain-HTTP page set or overwrite it.
//! - **Sign-in rotates**: a session token that existed before authentication (session fixation)
//!   is worthless after it. **Sign-out revokes** the entry, and "sign out everywhere" revokes every
//!   session of the user at once; both take effect on the next request, with no token lifetime to
//!   wait out (the revocation-latency difference `results/REPORT.md` measures).
//! - Randomness comes from the operating system (`getrandom`'s [`SysRng`]).

use edgeauth::cookie::CookieConfig;
use edgeauth::session::{
    IdSigner, IdSigningKey, SessionConfig, SessionError, SessionInfo, SessionTable, SplitToken,
};
use getrandom::SysRng;

/// Table slots (a power of two); [`SessionTable::CAPACITY`] live sessions fit.
pub const SLOTS: usize = 4096;

/// The cookie's name; browsers see `__Host-sid`.
pub const COOKIE: CookieConfig<'static> = CookieConfig::new("sid");

/// Bytes of a `Set-Cookie` value: the name, the signed token and the attributes.
const SET_COOKIE_LEN: usize = 256;

/// Why a request has no session. Every case means "sign in again"; the variants are for logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoSession {
    /// No session cookie in the request.
    NoCookie,
    /// The `Cookie` header is malformed (control characters, the cookie twice).
    BadHeader,
    /// The cookie's value is not a token this server issued (bad tag or shape).
    Forged,
    /// The token was valid once but is not now: signed out, timed out, or unknown.
    Ended(SessionError),
}

/// A server's sessions: the table, the cookie signer and the OS random source.
pub struct Sessions {
    table: Box<SessionTable<SLOTS>>,
    signer: IdSigner,
}

impl Sessions {
    /// Fresh sessions with a random cookie-signing key. A server with several instances would
    /// load the key from its secret store instead ([`IdSigningKey::from_bytes`]).
    pub fn new(config: SessionConfig) -> Result<Self, SessionError> {
        Ok(Sessions {
            table: Box::new(SessionTable::new(config)),
            signer: IdSigner::new(IdSigningKey::generate(&mut SysRng)?),
        })
    }

    /// Sign-in of `user` at privilege `level`: returns the `Set-Cookie` header value. A session
    /// presented with the sign-in request (`previous`, e.g. an anonymous cart) is rotated rather
    /// than kept, so a token planted before sign-in is dead after it.
    pub fn sign_in(
        &mut self,
        user: u64,
        level: u32,
        previous: Option<&str>,
        now: u64,
    ) -> Result<String, SessionError> {
        let token = match previous.and_then(|cookie| self.token(cookie).ok()) {
            Some(old) => match self.table.rotate(&old, level, &mut SysRng, now) {
                Ok(fresh) => fresh,
                Err(_) => self.table.create(user, level, &mut SysRng, now)?,
            },
            None => self.table.create(user, level, &mut SysRng, now)?,
        };
        let mut id = [0u8; SplitToken::<32>::ENCODED_LEN];
        let mut signed = [0u8; SET_COOKIE_LEN];
        let value = self.signer.sign(token.encode(&mut id)?, &mut signed)?;
        let mut header = [0u8; SET_COOKIE_LEN];
        let set_cookie = COOKIE
            .write(value, &mut header)
            .map_err(|_| SessionError::BufferTooSmall)?;
        Ok(set_cookie.to_owned())
    }

    /// The per-request check of a `Cookie` header: the session's user and level, its idle timer
    /// restarted.
    pub fn authenticate(
        &mut self,
        cookie_header: &str,
        now: u64,
    ) -> Result<SessionInfo, NoSession> {
        let token = self.token(cookie_header)?;
        self.table.touch(&token, now).map_err(NoSession::Ended)
    }

    /// Sign-out: ends the session of this `Cookie` header and returns the `Set-Cookie` value that
    /// deletes the cookie in the browser.
    pub fn sign_out(&mut self, cookie_header: &str) -> Result<String, NoSession> {
        let token = self.token(cookie_header)?;
        self.table.revoke(&token).map_err(NoSession::Ended)?;
        let mut header = [0u8; SET_COOKIE_LEN];
        let deletion = COOKIE
            .write_deletion(&mut header)
            .map_err(|_| NoSession::Ended(SessionError::BufferTooSmall))?;
        Ok(deletion.to_owned())
    }

    /// "Sign out everywhere" (password change, stolen device): ends every session of `user`;
    /// returns how many there were.
    pub fn sign_out_everywhere(&mut self, user: u64) -> usize {
        self.table.revoke_user(user)
    }

    /// The session token in a `Cookie` header, its signature checked.
    fn token(&self, cookie_header: &str) -> Result<SplitToken<32>, NoSession> {
        let value = COOKIE
            .find(cookie_header.as_bytes())
            .map_err(|_| NoSession::BadHeader)?
            .ok_or(NoSession::NoCookie)?;
        let id = self.signer.verify(value).map_err(|_| NoSession::Forged)?;
        SplitToken::<32>::parse(id.as_bytes()).map_err(|_| NoSession::Forged)
    }
}

/// The `Cookie` request header a browser sends back for a `Set-Cookie` value.
pub fn cookie_header_for(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    const NOW: u64 = 1_800_000_000;

    fn sessions() -> Sessions {
        Sessions::new(SessionConfig::DEFAULT).unwrap()
    }

    #[test]
    fn sign_in_sets_a_host_cookie_that_authenticates() {
        let mut s = sessions();
        let set_cookie = s.sign_in(42, 1, None, NOW).unwrap();
        assert!(set_cookie.starts_with("__Host-sid="));
        assert!(set_cookie.ends_with("; Path=/; Secure; HttpOnly; SameSite=Lax"));
        let cookie = format!("theme=dark; {}", cookie_header_for(&set_cookie));
        let info = s.authenticate(&cookie, NOW + 60).unwrap();
        assert_eq!((info.user, info.level, info.last_seen), (42, 1, NOW + 60));
    }

    #[test]
    fn sign_in_rotates_a_planted_session() {
        let mut s = sessions();
        let planted = cookie_header_for(&s.sign_in(0, 0, None, NOW).unwrap());
        let signed_in = cookie_header_for(&s.sign_in(42, 1, Some(&planted), NOW + 5).unwrap());
        assert_ne!(planted, signed_in);
        assert_eq!(
            s.authenticate(&planted, NOW + 6),
            Err(NoSession::Ended(SessionError::Invalid))
        );
        // The rotated session keeps the original user and takes the new level.
        let info = s.authenticate(&signed_in, NOW + 6).unwrap();
        assert_eq!((info.user, info.level, info.created), (0, 1, NOW));
    }

    #[test]
    fn sign_out_ends_the_session_at_once() {
        let mut s = sessions();
        let cookie = cookie_header_for(&s.sign_in(42, 1, None, NOW).unwrap());
        assert_eq!(
            s.sign_out(&cookie).unwrap(),
            "__Host-sid=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"
        );
        assert_eq!(
            s.authenticate(&cookie, NOW + 1),
            Err(NoSession::Ended(SessionError::Invalid))
        );
    }

    #[test]
    fn sign_out_everywhere_ends_every_session_of_the_user() {
        let mut s = sessions();
        let laptop = cookie_header_for(&s.sign_in(42, 1, None, NOW).unwrap());
        let phone = cookie_header_for(&s.sign_in(42, 1, None, NOW).unwrap());
        let other = cookie_header_for(&s.sign_in(7, 1, None, NOW).unwrap());
        assert_eq!(s.sign_out_everywhere(42), 2);
        assert!(s.authenticate(&laptop, NOW + 1).is_err());
        assert!(s.authenticate(&phone, NOW + 1).is_err());
        assert_eq!(s.authenticate(&other, NOW + 1).unwrap().user, 7);
    }

    #[test]
    fn idle_sessions_time_out() {
        let mut s = sessions();
        let cookie = cookie_header_for(&s.sign_in(42, 1, None, NOW).unwrap());
        let idle = SessionConfig::DEFAULT.idle_timeout;
        assert!(s.authenticate(&cookie, NOW + idle - 1).is_ok());
        // Touched at NOW + idle - 1, so idle again from there.
        assert_eq!(
            s.authenticate(&cookie, NOW + 2 * idle),
            Err(NoSession::Ended(SessionError::IdleTimeout))
        );
    }

    #[test]
    fn forged_and_foreign_cookies_are_refused_before_the_table() {
        let mut s = sessions();
        let cookie = cookie_header_for(&s.sign_in(42, 1, None, NOW).unwrap());
        // One character of the value changed: the tag no longer matches.
        let mut forged = cookie.clone().into_bytes();
        let last = forged.len() - 1;
        forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert_eq!(s.authenticate(&forged, NOW), Err(NoSession::Forged));
        // Another server's cookie (another signing key) is forged here too.
        let mut elsewhere = sessions();
        let foreign = cookie_header_for(&elsewhere.sign_in(42, 1, None, NOW).unwrap());
        assert_eq!(s.authenticate(&foreign, NOW), Err(NoSession::Forged));
        assert_eq!(s.authenticate("theme=dark", NOW), Err(NoSession::NoCookie));
        let twice = format!("{cookie}; {cookie}");
        assert_eq!(s.authenticate(&twice, NOW), Err(NoSession::BadHeader));
    }
}
