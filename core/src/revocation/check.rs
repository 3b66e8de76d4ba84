//! [`RevocationCheck`] for the revocation structures, so `Verifier::verify_with` refuses revoked
//! tokens in the same call that verifies them.
//!
//! The checks run only on claims whose signature and validation already passed. A token without
//! `jti` is never on a [`Blocklist`]; a token without `sub` is never refused by [`RevokedBefore`]
//! (require those claims in the `Validation` if your issuer always sets them). Use a tuple
//! `(&blocklist, &revoked_before)` to apply both.

use crate::claims::{RegisteredClaims, RevocationCheck};

use super::{Blocklist, RevokedBefore};

impl<const N: usize> RevocationCheck for Blocklist<N> {
    fn is_revoked(&self, claims: &RegisteredClaims<'_>, _now: u64) -> bool {
        claims.jti().is_some_and(|jti| self.is_jti_revoked(jti))
    }
}

impl<const N: usize> RevocationCheck for RevokedBefore<N> {
    fn is_revoked(&self, claims: &RegisteredClaims<'_>, _now: u64) -> bool {
        claims
            .sub()
            .is_some_and(|sub| self.is_subject_revoked(claims.iss(), sub, claims.iat()))
    }
}
