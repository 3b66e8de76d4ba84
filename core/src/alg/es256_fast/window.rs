//! Window sizes, signed-digit recoding, and the fixed-base window tables (building a table for a
//! point, and adding `k·P` to an accumulator from a table).
//!
//! A table for point `P` and window width `w` has `WINDOWS = ⌈257/w⌉` rows; row `i` holds the
//! affine points `j·2^(w·i)·P` for `j = 1 … 2^(w−1)`. A scalar `k < n < 2²⁵⁶` is recoded into
//! signed digits `d_i ∈ [−2^(w−1), 2^(w−1)]` with `k = Σ d_i·2^(w·i)`; then
//! `k·P = Σ sign(d_i)·T[i][|d_i|]` — one mixed addition per non-zero digit and no doubling.
//! Signed digits halve the table (negating an affine point is free); the last row only ever
//! takes the final carry, which is why there are ⌈257/w⌉ rows and not ⌈256/w⌉.

use super::point::{Affine, CHUNK, Jacobian, normalize_into};
use p256::Scalar;
use p256::elliptic_curve::ff::PrimeField as _;

mod sealed {
    pub trait Sealed {}
}

/// A window width for [`Es256Table`](super::Es256Table): [`W4`], [`W6`] or [`W8`].
///
/// Wider windows mean fewer additions per verification and larger tables (see each type).
pub trait Window: sealed::Sealed + Copy + core::fmt::Debug + Send + Sync + 'static {
    /// The window width `w` in bits.
    const BITS: u32;
    /// Rows of a table: `⌈257 / w⌉`.
    const WINDOWS: usize;
    /// Table entries per row: `2^(w−1)`.
    const HALF: usize;
    /// The storage of one point's table: `WINDOWS · HALF` affine points.
    #[doc(hidden)]
    type Storage: AsRef<[Affine]> + AsMut<[Affine]> + Send + Sync + 'static;
    /// Storage with every slot unfilled.
    #[doc(hidden)]
    const EMPTY: Self::Storage;
    /// The generator's table for this width, generated at build time (Montgomery form, 64 bytes
    /// per entry).
    #[doc(hidden)]
    fn generator_table() -> &'static [u8];
}

macro_rules! window {
    ($(#[$doc:meta])* $name:ident, $bits:literal, $file:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
        pub struct $name;

        impl sealed::Sealed for $name {}

        impl Window for $name {
            const BITS: u32 = $bits;
            const WINDOWS: usize = 257_usize.div_ceil($bits);
            const HALF: usize = 1 << ($bits - 1);
            type Storage = [Affine; (257_usize.div_ceil($bits)) * (1 << ($bits - 1))];
            const EMPTY: Self::Storage = [Affine::PLACEHOLDER; (257_usize.div_ceil($bits)) * (1 << ($bits - 1))];

            fn generator_table() -> &'static [u8] {
                static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/", $file));
                TABLE
            }
        }
    };
}

window!(
    /// 4-bit windows, for devices: 65 rows × 8 points × 64 bytes = 33,280 bytes per key (and as
    /// much again, in flash, for the shared generator table); about 130 additions per verify.
    W4,
    4,
    "es256_g_w4.bin"
);
window!(
    /// 6-bit windows: 43 rows × 32 points × 64 bytes = 88,064 bytes per key; about 86 additions.
    W6,
    6,
    "es256_g_w6.bin"
);
window!(
    /// 8-bit windows, for servers: 33 rows × 128 points × 64 bytes = 270,336 bytes per key;
    /// about 66 additions per verify.
    W8,
    8,
    "es256_g_w8.bin"
);

/// Where a table's entries come from: a key's own table, or the build-time generator bytes.
pub(crate) trait Points {
    /// Entry `index` (row-major); `None` outside the table.
    fn point(&self, index: usize) -> Option<Affine>;
}

impl Points for [Affine] {
    #[inline]
    fn point(&self, index: usize) -> Option<Affine> {
        self.get(index).copied()
    }
}

/// The generator table stored as bytes (see [`Window::generator_table`]).
pub(crate) struct GeneratorBytes(pub(crate) &'static [u8]);

impl Points for GeneratorBytes {
    #[inline]
    fn point(&self, index: usize) -> Option<Affine> {
        let start = index.checked_mul(64)?;
        let bytes: &[u8; 64] = self.0.get(start..start.checked_add(64)?)?.try_into().ok()?;
        Some(Affine::from_montgomery_le(bytes))
    }
}

/// The scalar's value as little-endian 64-bit limbs.
fn limbs(k: &Scalar) -> [u64; 4] {
    let be = k.to_repr();
    let mut out = [0u64; 4];
    for (limb, chunk) in out.iter_mut().zip(be.rchunks_exact(8)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(w);
    }
    out
}

/// `width` (≤ 8) bits of `limbs` starting at bit `start`; bits at 256 and above are zero.
#[inline]
fn bits(limbs: &[u64; 4], start: usize, width: u32) -> u32 {
    let idx = start / 64;
    let shift = start % 64;
    let lo = limbs.get(idx).copied().unwrap_or(0) >> shift;
    let hi = if shift == 0 {
        0
    } else {
        limbs.get(idx + 1).copied().unwrap_or(0) << (64 - shift)
    };
    // Masked to `width` ≤ 8 bits, so the truncation keeps every bit.
    #[allow(clippy::cast_possible_truncation)]
    let v = ((lo | hi) & ((1u64 << width) - 1)) as u32;
    v
}

/// Signed digits of `k` in base `2^w`, least significant first: `(row, |d|, negative)` for every
/// non-zero digit. A final carry is impossible for `k < 2²⁵⁶` with `⌈257/w⌉` rows.
pub(crate) fn signed_digits<W: Window>(
    k: &Scalar,
) -> impl Iterator<Item = (usize, usize, bool)> + use<W> {
    let limbs = limbs(k);
    let half = 1u32 << (W::BITS - 1);
    let full = 1u32 << W::BITS;
    let mut carry = 0u32;
    (0..W::WINDOWS).filter_map(move |row| {
        let v = bits(&limbs, row * W::BITS as usize, W::BITS) + carry;
        let (abs, neg) = if v > half {
            carry = 1;
            (full - v, true)
        } else {
            carry = 0;
            (v, false)
        };
        (abs != 0).then_some((row, abs as usize, neg))
    })
}

/// `acc + k·P`, where `table` is `P`'s table of width `W`. `None` only if the table is shorter
/// than `W` requires (a wrong generator file), never for a valid table.
pub(crate) fn add_multiple<W: Window, T: Points + ?Sized>(
    acc: Jacobian,
    table: &T,
    k: &Scalar,
) -> Option<Jacobian> {
    let mut acc = acc;
    for (row, abs, neg) in signed_digits::<W>(k) {
        let p = table.point(row * W::HALF + abs - 1)?;
        acc = if neg {
            acc.sub_affine(&p)
        } else {
            acc.add_affine(&p)
        };
    }
    Some(acc)
}

/// Fills `out` (length `WINDOWS · HALF`) with the table of the finite point `p`. Per row, the
/// multiples `j·base` are accumulated by mixed additions and converted to affine [`CHUNK`] at a
/// time with one inversion per batch; the next row's base (`2^w·base`, one doubling of
/// `2^(w−1)·base`) joins the row's last batch, so a row costs `⌈HALF / CHUNK⌉` inversions.
pub(crate) fn build_table<W: Window>(p: &Affine, out: &mut [Affine]) -> Option<()> {
    if out.len() != W::WINDOWS * W::HALF {
        return None;
    }
    let mut base = *p;
    for row in out.chunks_exact_mut(W::HALF) {
        let mut cur = Jacobian::from_affine(&base);
        let mut done = 0;
        for chunk in row.chunks_mut(CHUNK) {
            let len = chunk.len();
            let mut jac = [Jacobian::IDENTITY; CHUNK + 1];
            let mut aff = [Affine::PLACEHOLDER; CHUNK + 1];
            for slot in jac.iter_mut().take(len) {
                *slot = cur;
                done += 1;
                if done < W::HALF {
                    cur = cur.add_affine(&base);
                }
            }
            // `cur` is now `done·base`; at the end of the row that is `HALF·base`.
            let last = done == W::HALF;
            let n = if last {
                *jac.get_mut(len)? = cur.double();
                len + 1
            } else {
                len
            };
            normalize_into(jac.get(..n)?, aff.get_mut(..n)?)?;
            chunk.copy_from_slice(aff.get(..len)?);
            if last {
                base = *aff.get(len)?;
            }
        }
    }
    Some(())
}
