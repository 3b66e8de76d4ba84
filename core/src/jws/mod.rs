//! JWS compact serialization (RFC 7515 §7.1) for JWTs: encoding and strict verification.
//!
//! Verification runs in a fixed order, each step with its own error, and the payload is only
//! parsed after the signature is known to be good: length cap → three segments → strict base64url
//! → header (alg pinning, forbidden members, `typ`) → key selection → signature → claims.

mod encode;
mod header;
mod verified;
mod verify;

pub use encode::{MAX_RAW_HEADER_LEN, encode, encode_raw};
pub use header::Header;
pub use verified::Verified;
pub use verify::{DEFAULT_MAX_TOKEN_LEN, Verifier};
