//! Code a gateway or server author can copy, tested like the rest of the project.
//!
//! - [`bearer`]: a gateway that checks `Authorization: Bearer` JWTs against its issuer's JWK Set
//!   and answers failures the way RFC 6750 says (status, `WWW-Authenticate`), with key rotation.
//! - [`cookie_sessions`]: server-side sessions behind a signed `__Host-` cookie: sign-in, the
//!   per-request check, sign-out and "sign out everywhere".
//!
//! Both are runnable: `cargo run -p edgeauth-examples --example gateway` and
//! `--example sessions`. The embedded counterpart is `examples/firmware` (a Cortex-M4 build with
//! no allocator).

pub mod bearer;
pub mod cookie_sessions;
pub mod demo_issuer;
