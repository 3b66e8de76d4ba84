//! Session identifiers and the heap-free session table.
//!
//! This module owns everything a server needs to hand out and check an opaque session cookie
//! value: random identifiers from the caller's CSPRNG ([`SessionId`]), split tokens whose secret
//! half is stored only as a SHA-256 digest ([`SplitToken`], [`VerifierDigest`]), optional
//! HMAC-tagged identifiers that a gateway can refuse without a store lookup ([`IdSigner`], feature
//! `hs256`, part of `hmac`), and a fixed-capacity table of live sessions ([`SessionTable`]). It
//! does not own cookie syntax (see [`crate::cookie`]) nor JWT revocation (see
//! [`crate::revocation`]).
//!
//! The secret types here never derive `Debug`, `PartialEq` or `Hash`: equality is constant time
//! ([`subtle::ConstantTimeEq`]) and their bytes are zeroized on drop.

mod error;
mod id;
pub(crate) mod map;
#[cfg(feature = "hs256")]
mod signed;
mod split;
mod table;

pub use error::SessionError;
pub use id::{
    DEFAULT_ID_BYTES, MAX_ID_BYTES, MIN_ID_BYTES, SessionId, VerifierDigest, encoded_len,
};
#[cfg(feature = "hs256")]
pub use signed::{IdSigner, IdSigningKey, SIGNING_KEY_BYTES, TAG_LEN};
pub use split::{SELECTOR_BYTES, SELECTOR_LEN, Selector, SplitToken};
pub use table::{SessionConfig, SessionInfo, SessionTable};
