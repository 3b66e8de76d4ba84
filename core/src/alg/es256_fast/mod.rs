//! ES256 verification with per-key precomputed window tables (feature `es256-fast`).
//!
//! ECDSA verification computes `R = u1·G + u2·Q` and checks `R.x mod n = r`. A gateway verifies
//! many tokens against the same few issuer keys, so both `G` and `Q` are fixed for a key's
//! lifetime: [`Es256Table`] holds, once per key, the multiples `j·2^(w·i)·Q` (see [`Window`]),
//! and a build-time table holds the same multiples of `G`, shared by every key. A verification
//! is then about `2·⌈257/w⌉` mixed additions on Jacobian points (`point.rs`), with no doubling,
//! and no field inversion at the end: with `R = (X : Y : Z)`, `R.x = X/Z²`, so `R.x ≡ r` is
//! checked as `X = r·Z²`, and, when `r + n < p` (an `R.x` in `[n, p)` also reduces to `r`), as
//! `X = (r + n)·Z²`.
//!
//! # Variable time
//! Every operation here runs in time that depends on its inputs (digit values, special cases of
//! the addition formula, early rejection). That is deliberate and safe: verification only
//! touches public data — the public key, the signature, the signed message — and no secret.
//! Never use this code with secret scalars.
//!
//! # Where the table lives
//! [`Es256Table`] is a plain value of [`Es256Table::TABLE_BYTES`] bytes with no heap inside;
//! the caller decides where it goes, and [`VerifyingKey`] only borrows it:
//!
//! ```
//! use edgeauth::alg::es256_fast::{Es256Table, W8};
//! use edgeauth::{KeySet, SigningKey, VerifyingKey};
//! # let signer = SigningKey::es256_from_bytes(&[7u8; 32])?;
//! # let VerifyingKey::Es256(public) = signer.verifying_key() else { unreachable!() };
//! // A server: the 264 KiB table on the heap.
//! let table: Box<Es256Table<W8>> = Box::new(Es256Table::new(&public)?);
//! let mut keys: KeySet<'_, 4> = KeySet::new();
//! keys.insert(Some("issuer-1"), VerifyingKey::es256_precomputed(&*table)).map_err(|e| e.kind).unwrap();
//! # Ok::<(), edgeauth::Error>(())
//! ```
//!
//! On a device without a heap, a `static` works without `unsafe` through any safe
//! write-once cell; with `std` (or a `no_std` equivalent such as `static_cell`), for example:
//!
//! ```
//! use std::sync::OnceLock;
//! use edgeauth::alg::es256_fast::{Es256Table, W4};
//! use edgeauth::{SigningKey, VerifyingKey};
//! static TABLE: OnceLock<Es256Table<W4>> = OnceLock::new();
//! # let signer = SigningKey::es256_from_bytes(&[7u8; 32])?;
//! # let VerifyingKey::Es256(public) = signer.verifying_key() else { unreachable!() };
//! let table: &'static Es256Table<W4> = TABLE.get_or_init(|| {
//!     let mut t = Es256Table::EMPTY;
//!     let _ = t.fill(&public); // an unfilled table refuses every signature
//!     t
//! });
//! let key: VerifyingKey<'static> = VerifyingKey::es256_precomputed(table);
//! # Ok::<(), edgeauth::Error>(())
//! ```

pub(crate) mod point;
#[cfg(test)]
mod tests;
pub(crate) mod window;

pub use window::{W4, W6, W8, Window};

use crate::alg::es256::Es256PublicKey;
use crate::error::Error;
#[cfg(doc)]
use crate::keys::VerifyingKey;
use p256::elliptic_curve::bigint::{Limb, U256};
use p256::elliptic_curve::ff::{Field as _, PrimeField as _};
use p256::elliptic_curve::ops::Reduce as _;
use p256::elliptic_curve::point::AffineCoordinates as _;
use p256::{FieldBytes, Scalar};
use point::{Affine, Fe, Jacobian};
use sha2::{Digest as _, Sha256};
use window::{GeneratorBytes, add_multiple, build_table};

/// The field modulus p.
const P: U256 =
    U256::from_be_hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
/// The group order n.
const N: U256 =
    U256::from_be_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/// A P-256 public key with its precomputed window table, for fast ES256 verification.
///
/// `W` is the window width ([`W4`] for devices, [`W8`] for servers); see [`Window`] for sizes.
/// Building the table ([`Es256Table::new`] or [`Es256Table::fill`]) takes about a millisecond
/// (see `docs/es256-fast.md`); a verification then costs a fraction of `p256`'s.
pub struct Es256Table<W: Window> {
    key: Option<Es256PublicKey>,
    points: W::Storage,
}

impl<W: Window> Es256Table<W> {
    /// Size of the table in bytes (64 per affine point).
    pub const TABLE_BYTES: usize = W::WINDOWS * W::HALF * 64;

    /// A table that holds no key yet and refuses every signature until [`Es256Table::fill`]ed.
    /// Lets the caller place the storage first (for example in a `static` cell) and fill it in
    /// place, without a second copy on the stack.
    pub const EMPTY: Self = Es256Table {
        key: None,
        points: W::EMPTY,
    };

    /// Precomputes the table for `key`.
    pub fn new(key: &Es256PublicKey) -> Result<Self, Error> {
        let mut table = Self::EMPTY;
        table.fill(key)?;
        Ok(table)
    }

    /// Precomputes the table for `key` in place, replacing any previous key. On error (which a
    /// valid [`Es256PublicKey`] cannot cause) the table is left empty and refuses everything.
    pub fn fill(&mut self, key: &Es256PublicKey) -> Result<(), Error> {
        self.key = None;
        let q = key.as_p256().as_affine();
        let (x, y) = (q.x(), q.y());
        let q = Affine {
            x: Option::from(Fe::from_repr(x)).ok_or(Error::InvalidKey)?,
            y: Option::from(Fe::from_repr(y)).ok_or(Error::InvalidKey)?,
        };
        build_table::<W>(&q, self.points.as_mut()).ok_or(Error::InvalidKey)?;
        self.key = Some(*key);
        Ok(())
    }

    /// The key this table was built for (`None` for an unfilled table).
    pub fn public_key(&self) -> Option<&Es256PublicKey> {
        self.key.as_ref()
    }

    /// Checks an ES256 signature (64-byte `r‖s`) over `msg`. Every failure is
    /// [`Error::InvalidSignature`]. Accepts exactly what `p256`'s verifier accepts (high-S
    /// included, as JWS does not require low-S).
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let digest: [u8; 32] = Sha256::digest(msg).into();
        self.verify_digest(&digest, sig)
    }

    /// [`Es256Table::verify`] for a SHA-256 digest computed by the caller.
    pub fn verify_digest(&self, digest: &[u8; 32], sig: &[u8]) -> Result<(), Error> {
        if self.key.is_none() {
            return Err(Error::InvalidSignature);
        }
        verify_with::<W, _>(self.points.as_ref(), digest, sig).ok_or(Error::InvalidSignature)
    }
}

/// The ECDSA verification equation with both window tables; `None` for every rejection.
fn verify_with<W: Window, T: window::Points + ?Sized>(
    q_table: &T,
    digest: &[u8; 32],
    sig: &[u8],
) -> Option<()> {
    let sig: &[u8; 64] = sig.try_into().ok()?;
    let (r_bytes, s_bytes) = sig.split_at(32);
    let r_repr = FieldBytes::try_from(r_bytes).ok()?;
    let s_repr = FieldBytes::try_from(s_bytes).ok()?;
    // r, s ∈ [1, n − 1]: `from_repr` refuses values ≥ n.
    let r: Scalar = Option::from(Scalar::from_repr(r_repr))?;
    let s: Scalar = Option::from(Scalar::from_repr(s_repr))?;
    if bool::from(r.is_zero()) || bool::from(s.is_zero()) {
        return None;
    }
    // For P-256 with SHA-256 the digest is exactly as long as n: bits2int is the identity and
    // the reduction subtracts n at most once.
    let z = Scalar::reduce(&FieldBytes::from(*digest));
    let s_inv: Scalar = Option::from(s.invert_vartime())?;
    let u1 = z * s_inv;
    let u2 = r * s_inv;
    let g_table = GeneratorBytes(W::generator_table());
    let acc = add_multiple::<W, _>(Jacobian::IDENTITY, &g_table, &u1)?;
    let acc = add_multiple::<W, _>(acc, q_table, &u2)?;
    if acc.is_identity() {
        return None;
    }
    let zz = acc.z.square();
    let r_fe: Fe = Option::from(Fe::from_repr(r_repr))?;
    if acc.x == r_fe.multiply(&zz) {
        return Some(());
    }
    // R.x ∈ [n, p) also reduces to r; possible only when r + n < p (r below about 2¹²⁸).
    let (r_plus_n, carry) = U256::from_be_slice(r_bytes).carrying_add(&N, Limb::ZERO);
    if carry == Limb::ZERO && r_plus_n < P {
        let alt: Fe = Option::from(Fe::from_uint(&r_plus_n))?;
        if acc.x == alt.multiply(&zz) {
            return Some(());
        }
    }
    None
}

/// Object-safe view of an [`Es256Table`] of any width, so [`VerifyingKey`] needs no type
/// parameter for `W`.
trait Precomputed: Send + Sync {
    fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error>;
    fn window_bits(&self) -> u32;
    fn public_key(&self) -> Option<&Es256PublicKey>;
}

impl<W: Window> Precomputed for Es256Table<W> {
    fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        Es256Table::verify(self, msg, sig)
    }
    fn window_bits(&self) -> u32 {
        W::BITS
    }
    fn public_key(&self) -> Option<&Es256PublicKey> {
        Es256Table::public_key(self)
    }
}

/// A borrowed [`Es256Table`] of any window width: what [`VerifyingKey::Es256Precomputed`]
/// holds. Copying it copies the reference, not the table.
#[derive(Clone, Copy)]
pub struct Es256TableRef<'k>(&'k dyn Precomputed);

impl<'k> Es256TableRef<'k> {
    /// Borrows `table`.
    pub fn new<W: Window>(table: &'k Es256Table<W>) -> Self {
        Es256TableRef(table)
    }

    /// The window width of the borrowed table.
    pub fn window_bits(&self) -> u32 {
        self.0.window_bits()
    }

    /// The key of the borrowed table (`None` if it was never filled).
    pub fn public_key(&self) -> Option<&'k Es256PublicKey> {
        self.0.public_key()
    }

    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        self.0.verify(msg, sig)
    }
}

impl<'k, W: Window> From<&'k Es256Table<W>> for Es256TableRef<'k> {
    fn from(table: &'k Es256Table<W>) -> Self {
        Es256TableRef::new(table)
    }
}

impl core::fmt::Debug for Es256TableRef<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Es256TableRef")
            .field("window_bits", &self.window_bits())
            .finish_non_exhaustive()
    }
}

impl<W: Window> core::fmt::Debug for Es256Table<W> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Es256Table")
            .field("window_bits", &W::BITS)
            .field("filled", &self.key.is_some())
            .finish_non_exhaustive()
    }
}

/// Test hooks: `k·P` through the window tables, compared with `ProjectivePoint * Scalar`.
#[cfg(test)]
pub(crate) fn table_mul<W: Window>(table: &Es256Table<W>, k: &Scalar) -> Option<Affine> {
    let acc = add_multiple::<W, _>(Jacobian::IDENTITY, table.points.as_ref(), k)?;
    point::to_affine(&acc)
}

#[cfg(test)]
pub(crate) fn generator_mul<W: Window>(k: &Scalar) -> Option<Affine> {
    let acc = add_multiple::<W, _>(Jacobian::IDENTITY, &GeneratorBytes(W::generator_table()), k)?;
    point::to_affine(&acc)
}

#[cfg(test)]
pub(crate) fn generator_entry<W: Window>(index: usize) -> Option<Affine> {
    use window::Points as _;
    GeneratorBytes(W::generator_table()).point(index)
}
