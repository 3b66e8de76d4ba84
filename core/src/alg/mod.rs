//! JWS algorithms (RFC 7518 §3, RFC 8037): the names, and one file per algorithm family.
//!
//! A key is bound to exactly one [`Algorithm`] when it is created; verification compares the
//! token's `alg` with the key's, never the other way round, so an HMAC secret can never be used
//! to check an asymmetric token (the classic RS256→HS256 key-confusion attack) and vice versa.

#[cfg(feature = "eddsa")]
pub(crate) mod eddsa;
#[cfg(feature = "es256")]
pub(crate) mod es256;
#[cfg(feature = "es256-fast")]
pub mod es256_fast;
#[cfg(feature = "es384")]
pub(crate) mod es384;
#[cfg(any(feature = "hs256", feature = "hs384", feature = "hs512"))]
pub(crate) mod hmac;
#[cfg(feature = "rsa")]
pub mod rsa;

/// A JWS algorithm identifier (`alg`). All registered names are recognised so that an unsupported
/// algorithm is reported as such; [`Algorithm::is_supported`] says what this build can verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256.
    Hs256,
    /// HMAC with SHA-384.
    Hs384,
    /// HMAC with SHA-512.
    Hs512,
    /// EdDSA with Ed25519 (RFC 8037).
    EdDsa,
    /// ECDSA with P-256 and SHA-256.
    Es256,
    /// ECDSA with P-384 and SHA-384.
    Es384,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
}

impl Algorithm {
    /// Every algorithm name, in a fixed order.
    pub const ALL: [Algorithm; 12] = [
        Algorithm::Hs256,
        Algorithm::Hs384,
        Algorithm::Hs512,
        Algorithm::EdDsa,
        Algorithm::Es256,
        Algorithm::Es384,
        Algorithm::Rs256,
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
    ];

    /// The `alg` header value.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Hs256 => "HS256",
            Algorithm::Hs384 => "HS384",
            Algorithm::Hs512 => "HS512",
            Algorithm::EdDsa => "EdDSA",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Ps256 => "PS256",
            Algorithm::Ps384 => "PS384",
            Algorithm::Ps512 => "PS512",
        }
    }

    /// Parses an `alg` value. Names are case-sensitive (RFC 7515 §4.1.1).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// [`Algorithm::from_name`] among the algorithms this build supports (`None` for the others):
    /// the names of algorithms compiled out are then not in the binary either (on the Cortex-M4
    /// HS256-only firmware, 11 of 12).
    pub(crate) fn supported_from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(|a| a.is_supported())
            .find(|a| a.name() == name)
    }

    /// Whether this build of edgeauth can verify tokens of this algorithm.
    pub const fn is_supported(self) -> bool {
        match self {
            Algorithm::Hs256 => cfg!(feature = "hs256"),
            Algorithm::Hs384 => cfg!(feature = "hs384"),
            Algorithm::Hs512 => cfg!(feature = "hs512"),
            Algorithm::EdDsa => cfg!(feature = "eddsa"),
            Algorithm::Es256 => cfg!(feature = "es256"),
            Algorithm::Es384 => cfg!(feature = "es384"),
            Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512 => cfg!(feature = "rsa"),
        }
    }

    /// The length of this algorithm's signature in bytes, where it is fixed.
    pub const fn signature_len(self) -> Option<usize> {
        match self {
            Algorithm::Hs256 => Some(32),
            Algorithm::Hs384 => Some(48),
            Algorithm::Hs512 | Algorithm::EdDsa | Algorithm::Es256 => Some(64),
            Algorithm::Es384 => Some(96),
            _ => None,
        }
    }
}

impl core::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_names_parse_like_all_names_filtered_by_support() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
            assert_eq!(
                Algorithm::supported_from_name(alg.name()),
                Some(alg).filter(|a| a.is_supported()),
                "{alg:?}"
            );
        }
        for other in ["hs256", "none", "", "HS256 ", "ES256K"] {
            assert_eq!(Algorithm::supported_from_name(other), None, "{other}");
        }
    }
}
