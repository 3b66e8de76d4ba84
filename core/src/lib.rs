#![no_std]
#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(test)]
extern crate std;

pub mod alg;
pub(crate) mod base64url;
pub mod claims;
pub mod cookie;
mod error;
pub mod json;
pub mod jwk;
pub mod jws;
pub mod keys;
pub mod revocation;
pub mod session;

pub use alg::Algorithm;
#[cfg(feature = "eddsa")]
pub use alg::eddsa::{Ed25519PrivateKey, Ed25519PublicKey};
#[cfg(feature = "es256")]
pub use alg::es256::{Es256PrivateKey, Es256PublicKey};
#[cfg(feature = "es384")]
pub use alg::es384::{Es384PrivateKey, Es384PublicKey};
#[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
pub use alg::hmac::HmacKey;
#[cfg(feature = "rsa")]
pub use alg::rsa::{RsaExponents, RsaPublicKey};
pub use claims::{Audience, ClaimSet, RegisteredClaims, RevocationCheck, StrArray, Validation};
pub use error::{Claim, DeserializeError, Error, ForbiddenHeader, JsonError, Part};
pub use jws::{
    DEFAULT_MAX_TOKEN_LEN, Header, MAX_RAW_HEADER_LEN, Verified, Verifier, encode, encode_raw,
};
pub use keys::{InsertError, InsertErrorKind, KeySet, MAX_KID_LEN, SigningKey, VerifyingKey};
