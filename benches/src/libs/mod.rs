//! One adapter per library: how each one is set up, verifies the shared token and encodes the
//! shared claims, written the way that library's documentation recommends.

pub mod edgeauth;
pub mod floor;
pub mod jsonwebtoken;
pub mod jwt_compact;
pub mod jwt_simple;

use serde::{Deserialize, Serialize};

/// The claims as an owned struct, for the peers (they deserialize into `DeserializeOwned`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedClaims {
    /// Subject.
    pub sub: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry.
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// Roles.
    pub roles: Vec<String>,
}

impl OwnedClaims {
    /// The benchmark claims, owned.
    pub fn fixture() -> Self {
        let c = crate::fixture::CLAIMS;
        OwnedClaims {
            sub: c.sub.to_owned(),
            iss: c.iss.to_owned(),
            aud: c.aud.to_owned(),
            exp: c.exp,
            iat: c.iat,
            roles: c.roles.iter().map(|r| (*r).to_owned()).collect(),
        }
    }
}
