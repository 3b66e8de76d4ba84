//! P-256 points in affine and Jacobian coordinates over `p256`'s field element, with the
//! hand-written formulas the precomputed verifier needs (mixed addition and doubling).
//!
//! `p256`'s own `ProjectivePoint` uses complete formulas (Renes–Costello–Batina), where a mixed
//! addition costs as much as a doubling, and it hides its coordinates. Here a Jacobian point
//! `(X : Y : Z)` stands for the affine point `(X/Z², Y/Z³)`, and `Z = 0` is the point at infinity.
//! The formulas come from the Explicit-Formulas Database (EFD), "short Weierstrass curves,
//! Jacobian coordinates with a = −3" (`g1p/auto-shortw-jacobian-3`):
//!
//! * mixed addition `madd-2004-hmv` (8M + 3S; Hankerson–Menezes–Vanstone, *Guide to ECC*,
//!   Algorithm 3.22), which assumes `Z2 = 1` and two distinct, non-opposite, finite inputs;
//! * doubling `dbl-2001-b` (3M + 5S; Bernstein 2001), which needs a = −3.
//!
//! The exceptional inputs of the addition formula (an input at infinity, `P + P`, `P − P`) are
//! detected and handled explicitly, so [`Jacobian::add_affine`] is correct for every input.
//! Everything here is **variable time**: it is only ever applied to public data (public keys,
//! signatures, message digests), never to secrets.

use p256::NistP256;
use p256::elliptic_curve::bigint::U256;
use p256::elliptic_curve::hazmat::FieldArithmetic;

/// An element of the P-256 base field (Montgomery form inside `p256`).
pub(crate) type Fe = <NistP256 as FieldArithmetic>::FieldElement;

/// A finite point `(x, y)` in affine coordinates: one entry of a precomputed table.
///
/// There is no encoding of the point at infinity: table entries are non-zero multiples of a point
/// of prime order, so they are never at infinity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affine {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
}

impl Affine {
    /// A placeholder for table slots that have not been filled yet (not a curve point).
    pub(crate) const PLACEHOLDER: Affine = Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
    };

    /// `−P`: the same `x`, the opposite `y`.
    #[inline]
    pub(crate) fn neg(&self) -> Affine {
        Affine {
            x: self.x,
            y: self.y.neg(),
        }
    }

    /// Reads a point stored as two 32-byte little-endian integers already in Montgomery form
    /// (`x·2²⁵⁶ mod p`, then `y·2²⁵⁶ mod p`): the layout of the build-time generator tables.
    /// Costs no multiplication, unlike decoding canonical bytes.
    #[inline]
    pub(crate) fn from_montgomery_le(bytes: &[u8; 64]) -> Affine {
        let (x, y) = bytes.split_at(32);
        Affine {
            x: fe_from_montgomery_le(x),
            y: fe_from_montgomery_le(y),
        }
    }

    /// The inverse of [`Affine::from_montgomery_le`] (used by tests to check the stored tables).
    #[cfg(test)]
    pub(crate) fn to_montgomery_le(self) -> [u8; 64] {
        let mut out = [0u8; 64];
        for (fe, chunk) in [self.x, self.y].into_iter().zip(out.chunks_exact_mut(32)) {
            let m: primefield::MontyFieldElement<_, { U256::LIMBS }> = fe.into();
            chunk.copy_from_slice(&m.as_montgomery().to_le_bytes());
        }
        out
    }
}

/// A field element from 32 little-endian bytes in Montgomery form (`bytes` always has 32 bytes:
/// it is half of a 64-byte array).
#[inline]
fn fe_from_montgomery_le(bytes: &[u8]) -> Fe {
    Fe::from(primefield::MontyFieldElement::from_montgomery(
        U256::from_le_slice(bytes),
    ))
}

/// A point in Jacobian coordinates: `(X : Y : Z)` is `(X/Z², Y/Z³)`, and `Z = 0` is infinity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
}

impl Jacobian {
    /// The point at infinity (the group identity).
    pub(crate) const IDENTITY: Jacobian = Jacobian {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    /// Whether this is the point at infinity.
    #[inline]
    pub(crate) fn is_identity(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    /// The same point with `Z = 1`.
    #[inline]
    pub(crate) fn from_affine(p: &Affine) -> Jacobian {
        Jacobian {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    /// `2P` by EFD `dbl-2001-b` (a = −3), 3M + 5S:
    ///
    /// ```text
    /// delta = Z1²         gamma = Y1²          beta = X1·gamma
    /// alpha = 3·(X1 − delta)·(X1 + delta)
    /// X3 = alpha² − 8·beta
    /// Z3 = (Y1 + Z1)² − gamma − delta
    /// Y3 = alpha·(4·beta − X3) − 8·gamma²
    /// ```
    ///
    /// Infinity maps to `Z3 = 0` (infinity). P-256 has odd order, so no finite point has `Y = 0`
    /// and the result is never a spurious infinity.
    pub(crate) fn double(&self) -> Jacobian {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.multiply(&gamma);
        let t = self.x.sub(&delta).multiply(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2_8 = gamma.square().double().double().double();
        let y3 = alpha.multiply(&beta4.sub(&x3)).sub(&gamma2_8);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `P + Q` for Jacobian `P` and affine `Q` by EFD `madd-2004-hmv`, 8M + 3S:
    ///
    /// ```text
    /// T1 = Z1²      T2 = T1·Z1     T1 = T1·X2     T2 = T2·Y2
    /// T1 = T1 − X1  (H)            T2 = T2 − Y1   (R)
    /// Z3 = Z1·T1    T4 = T1²       T1 = T1·T4     (H³)   T4 = T4·X1   (V = X1·H²)
    /// X3 = T2² − T1 − 2·T4
    /// Y3 = T2·(T4 − X3) − T1·Y1
    /// ```
    ///
    /// The formula is wrong for its exceptional inputs, which are handled first: `P` at infinity
    /// gives `Q`; `H = 0` means equal `x`, so `R = 0` is `P = Q` (doubled instead) and `R ≠ 0`
    /// is `P = −Q` (infinity).
    pub(crate) fn add_affine(&self, q: &Affine) -> Jacobian {
        if self.is_identity() {
            return Jacobian::from_affine(q);
        }
        let z1z1 = self.z.square();
        let u2 = z1z1.multiply(&q.x);
        let s2 = z1z1.multiply(&self.z).multiply(&q.y);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y);
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                self.double()
            } else {
                Jacobian::IDENTITY
            };
        }
        let z3 = self.z.multiply(&h);
        let hh = h.square();
        let hhh = h.multiply(&hh);
        let v = self.x.multiply(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        let y3 = r.multiply(&v.sub(&x3)).sub(&hhh.multiply(&self.y));
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `P − Q` (adds `−Q`).
    #[inline]
    pub(crate) fn sub_affine(&self, q: &Affine) -> Jacobian {
        self.add_affine(&q.neg())
    }
}

/// How many table entries are converted to affine per field inversion. Bounds the stack that
/// building a table needs (a few KB) on small devices while keeping inversions rare.
pub(crate) const CHUNK: usize = 16;

/// The most points [`normalize_into`] takes at once: a chunk plus the next row's base.
const MAX_BATCH: usize = CHUNK + 1;

/// Converts finite Jacobian points to affine with one inversion for all of them (Montgomery's
/// simultaneous-inversion trick: 3M per point plus one inversion). `points.len()` must not
/// exceed `CHUNK + 1` and must equal `out.len()`; `None` if any point is at infinity (never the case
/// for table entries) or the lengths are wrong.
pub(crate) fn normalize_into(points: &[Jacobian], out: &mut [Affine]) -> Option<()> {
    if points.len() > MAX_BATCH || points.len() != out.len() {
        return None;
    }
    let mut prefix = [Fe::ONE; MAX_BATCH];
    let mut acc = Fe::ONE;
    for (p, slot) in points.iter().zip(prefix.iter_mut()) {
        acc = acc.multiply(&p.z);
        *slot = acc;
    }
    let mut inv = Option::<Fe>::from(acc.invert_vartime())?;
    for i in (0..points.len()).rev() {
        let p = points.get(i)?;
        let before = if i == 0 { Fe::ONE } else { *prefix.get(i - 1)? };
        let zinv = inv.multiply(&before);
        inv = inv.multiply(&p.z);
        let zinv2 = zinv.square();
        *out.get_mut(i)? = Affine {
            x: p.x.multiply(&zinv2),
            y: p.y.multiply(&zinv2).multiply(&zinv),
        };
    }
    Some(())
}

/// One point to affine (one inversion); `None` at infinity.
#[cfg(test)]
pub(crate) fn to_affine(p: &Jacobian) -> Option<Affine> {
    let mut out = [Affine::PLACEHOLDER];
    normalize_into(core::slice::from_ref(p), &mut out)?;
    Some(out[0])
}
