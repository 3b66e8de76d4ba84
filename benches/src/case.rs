//! A [`Case`]: one library's verify and encode operations for one algorithm, ready to time.

use crate::fixture::{Alg, SetupError};
use crate::libs;

/// One timed operation. It returns what it extracted ([`crate::fixture::digest`]) for a verify,
/// the token length for an encode, or the library's error as text. Boxed so that every library
/// goes through the same (one indirect call) harness.
pub type Op = Box<dyn FnMut() -> Result<usize, String>>;

/// A library (or baseline) that appears in the benchmark groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Library {
    /// The raw-primitive floor: base64url-decode the signature + the MAC/signature check only
    /// (verify), or base64url + MAC/signature over pre-serialized JSON (encode).
    Floor,
    /// edgeauth with the typed accessors (`str_array_claim`).
    Edgeauth,
    /// edgeauth, `now` read from `SystemTime` inside the timed loop (as the peers do).
    EdgeauthClock,
    /// edgeauth with `Verified::deserialize` into a borrowing struct.
    EdgeauthSerde,
    /// edgeauth with the ES256 precomputed-table key (`es256-fast`, W8); ES256 verify only.
    EdgeauthFast,
    /// edgeauth's signature check alone, measured exactly as the floor is (base64url-decode the
    /// signature, then `VerifyingKey::verify_signature` over the signing input; no JSON, no
    /// claims). HMAC algorithms only, where the primitive is edgeauth's own code (HMAC on `sha2`'s
    /// compression function) rather than the floor's `hmac` crate: it shows how much of the gap
    /// to the floor is the primitive and how much the JWT layer.
    EdgeauthSignature,
    /// `jsonwebtoken` 11 with the `aws_lc_rs` backend.
    Jsonwebtoken,
    /// `jwt-simple` 0.15, `pure-rust` feature.
    JwtSimple,
    /// `jwt-compact` 0.9 (RustCrypto `hmac`, `ed25519-dalek`, `p256`).
    JwtCompact,
}

impl Library {
    /// The benchmark id used in criterion's output and the report.
    pub const fn id(self) -> &'static str {
        match self {
            Library::Floor => "floor",
            Library::Edgeauth => "edgeauth",
            Library::EdgeauthClock => "edgeauth-clock",
            Library::EdgeauthSerde => "edgeauth-serde",
            Library::EdgeauthFast => "edgeauth-fast",
            Library::EdgeauthSignature => "edgeauth-signature",
            Library::Jsonwebtoken => "jsonwebtoken",
            Library::JwtSimple => "jwt-simple",
            Library::JwtCompact => "jwt-compact",
        }
    }

    /// Every library, in report order.
    pub const ALL: [Library; 9] = [
        Library::Floor,
        Library::EdgeauthSignature,
        Library::Edgeauth,
        Library::EdgeauthFast,
        Library::EdgeauthClock,
        Library::EdgeauthSerde,
        Library::Jsonwebtoken,
        Library::JwtSimple,
        Library::JwtCompact,
    ];

    /// Whether this is edgeauth (in any of its variants).
    pub const fn is_edgeauth(self) -> bool {
        matches!(
            self,
            Library::Edgeauth
                | Library::EdgeauthSignature
                | Library::EdgeauthFast
                | Library::EdgeauthClock
                | Library::EdgeauthSerde
        )
    }

    /// Whether this is a third-party crate.
    pub const fn is_peer(self) -> bool {
        matches!(
            self,
            Library::Jsonwebtoken | Library::JwtSimple | Library::JwtCompact
        )
    }
}

/// One library's operations for one algorithm.
pub struct Case {
    /// Who does the work.
    pub library: Library,
    /// Full verify of the shared token (signature, `exp`/`iss`/`aud`, `sub` + `roles`).
    pub verify: Option<Op>,
    /// Encode of the shared claims.
    pub encode: Option<Op>,
}

impl core::fmt::Debug for Case {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Case")
            .field("library", &self.library)
            .field("verify", &self.verify.is_some())
            .field("encode", &self.encode.is_some())
            .finish()
    }
}

/// Every case for `alg`, floor first. The signature-only edgeauth row is built for the HMAC
/// algorithms (see [`Library::EdgeauthSignature`]). The edgeauth variants with the clock and with serde are
/// only built for HS256, where the fixed costs are large enough relative to the MAC to matter;
/// the precomputed-table key only for ES256. A peer appears only for the algorithms it
/// supports (`jwt-compact` has no ES384). For RSA no case encodes: edgeauth does not sign RSA,
/// so there is no `<rsa alg>_encode` group.
pub fn cases(alg: Alg) -> Result<Vec<Case>, SetupError> {
    let token = crate::fixture::token(alg)?;
    let mut out = vec![libs::floor::case(alg, &token)?];
    if alg.hmac_secret().is_some() {
        out.push(libs::edgeauth::signature_case(alg, &token)?);
    }
    out.push(libs::edgeauth::case(alg, &token)?);
    if alg == Alg::Es256 {
        out.push(libs::edgeauth::fast_case(alg, &token)?);
    }
    if alg == Alg::Hs256 {
        out.push(libs::edgeauth::clock_case(alg, &token)?);
        out.push(libs::edgeauth::serde_case(alg, &token)?);
    }
    out.push(libs::jsonwebtoken::case(alg, &token)?);
    out.push(libs::jwt_simple::case(alg, &token)?);
    if alg != Alg::Es384 {
        out.push(libs::jwt_compact::case(alg, &token)?);
    }
    Ok(out)
}
