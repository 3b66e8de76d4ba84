//! The RSA public operation `s^e mod n` on fixed-size integers, for 2048-, 3072- and 4096-bit
//! moduli.
//!
//! Owns the per-key Montgomery parameters and the exponentiation. The modulus is stored in the
//! smallest of three fixed widths that holds it, so a 2048-bit key never pays for 4096-bit
//! arithmetic, and everything lives inline (no heap): the largest variant is about 1.6 KB.
//!
//! Everything here is public data (modulus, exponent, signature), so variable-time code is fine.
//!
//! The exponent is applied as `s^e = (s^((e-1)/2))^2 · s`: the square-and-multiply runs in
//! Montgomery form, and the very last multiplication takes the *plain* signature as its second
//! operand. A Montgomery product `a·R · s · R⁻¹ = a·s` then yields the plain result directly, so
//! converting out of Montgomery form costs nothing. For e = 65537 that is exactly one conversion
//! into Montgomery form, 16 squarings and one multiplication.

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Limb, U2048, U3072, U4096, Uint, Word};

/// Bytes per limb on this target.
const LIMB_BYTES: usize = Limb::BYTES;

/// Largest modulus supported, in bytes (4096 bits).
pub(crate) const MAX_MODULUS_BYTES: usize = 512;

/// Montgomery parameters of a modulus, in the narrowest width that fits it.
#[derive(Clone, Copy)]
#[allow(clippy::large_enum_variant)] // No heap: the widths differ by design.
pub(crate) enum Modulus {
    /// Up to 2048 bits.
    W2048(FixedMontyParams<{ U2048::LIMBS }>),
    /// 2049 to 3072 bits.
    W3072(FixedMontyParams<{ U3072::LIMBS }>),
    /// 3073 to 4096 bits.
    W4096(FixedMontyParams<{ U4096::LIMBS }>),
}

impl Modulus {
    /// Precomputes the Montgomery parameters of the big-endian modulus `n` (no leading zero
    /// byte; at most 512 bytes). `None` if `n` is even or too long.
    pub(crate) fn new(n: &[u8]) -> Option<Modulus> {
        fn params<const L: usize>(n: &[u8]) -> Option<FixedMontyParams<L>> {
            let n = from_be::<L>(n)?;
            let odd = n.to_odd().into_option()?;
            Some(FixedMontyParams::new_vartime(odd))
        }
        Some(match n.len() {
            0..=256 => Modulus::W2048(params(n)?),
            257..=384 => Modulus::W3072(params(n)?),
            385..=MAX_MODULUS_BYTES => Modulus::W4096(params(n)?),
            _ => return None,
        })
    }

    /// Computes `s^e mod n` for the big-endian `sig` and writes it big-endian into `out`, which
    /// has the same length as `sig`. `None` if `s ≥ n` (RFC 8017 §5.2.2 step 1) or `sig` is
    /// longer than the width.
    pub(crate) fn public_op(&self, e: u32, sig: &[u8], out: &mut [u8]) -> Option<()> {
        match self {
            Modulus::W2048(p) => pow_public(p, e, sig, out),
            Modulus::W3072(p) => pow_public(p, e, sig, out),
            Modulus::W4096(p) => pow_public(p, e, sig, out),
        }
    }
}

impl core::fmt::Debug for Modulus {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let width = match self {
            Modulus::W2048(_) => 2048,
            Modulus::W3072(_) => 3072,
            Modulus::W4096(_) => 4096,
        };
        f.debug_struct("Modulus")
            .field("width", &width)
            .finish_non_exhaustive()
    }
}

/// `s^e mod n`, with the plain-operand last multiplication described in the module docs.
#[inline(never)]
fn pow_public<const L: usize>(
    params: &FixedMontyParams<L>,
    e: u32,
    sig: &[u8],
    out: &mut [u8],
) -> Option<()> {
    let s = from_be::<L>(sig)?;
    if s.cmp_vartime(params.modulus().as_ref()).is_ge() || e & 1 == 0 {
        return None;
    }
    let base = FixedMontyForm::new(&s, params);
    // acc = s^(e >> 1) in Montgomery form, left to right over the bits of e >> 1.
    let half = e >> 1;
    let mut acc = base;
    if half == 0 {
        // e = 1 never reaches here (refused at key load); keep the arithmetic total anyway.
        acc = FixedMontyForm::one(params);
    } else {
        let top = Word::BITS - 1 - (half as Word).leading_zeros();
        let mut bit = top;
        while bit > 0 {
            bit -= 1;
            // Runs of zero bits (all of them for 65537) become one repeated squaring.
            let mut zeros = 1;
            while half >> bit & 1 == 0 && bit > 0 {
                zeros += 1;
                bit -= 1;
            }
            if half >> bit & 1 == 0 {
                acc = acc.square_repeat_vartime(zeros);
            } else {
                acc = acc.square_repeat_vartime(zeros).mul(&base);
            }
        }
    }
    // acc² · s with s as a plain operand: the Montgomery product leaves Montgomery form.
    let plain_s = FixedMontyForm::from_montgomery(s, params);
    let result = acc.square().mul(&plain_s);
    to_be(result.as_montgomery(), out)
}

/// Reads big-endian `bytes` (at most `L` limbs' worth) into a `Uint<L>`.
fn from_be<const L: usize>(bytes: &[u8]) -> Option<Uint<L>> {
    if bytes.len() > L * LIMB_BYTES {
        return None;
    }
    let mut limbs = [Limb::ZERO; L];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks(LIMB_BYTES)) {
        let mut word: Word = 0;
        for &b in chunk {
            word = word << 8 | Word::from(b);
        }
        *limb = Limb(word);
    }
    Some(Uint::new(limbs))
}

/// Writes `x` big-endian into exactly `out.len()` bytes; `None` if it does not fit.
fn to_be<const L: usize>(x: &Uint<L>, out: &mut [u8]) -> Option<()> {
    let mut bytes = x.as_limbs().iter().flat_map(|l| l.0.to_le_bytes());
    for o in out.iter_mut().rev() {
        *o = bytes.next().unwrap_or(0);
    }
    // Anything left over must be zero, or the value did not fit.
    bytes.all(|b| b == 0).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_modulus_pow_matches_closed_form() {
        // n = 2^64 - 59 (prime, odd) in a 2048-bit container: s^e mod n against u128 arithmetic.
        let n: u64 = u64::MAX - 58;
        let m = Modulus::new(&n.to_be_bytes()).expect("odd modulus");
        for &(s, e) in &[
            (2u64, 3u32),
            (12345, 65537),
            (n - 1, 17),
            (0, 65537),
            (1, 3),
        ] {
            let mut out = [0u8; 8];
            m.public_op(e, &s.to_be_bytes(), &mut out).expect("s < n");
            let mut expect: u128 = 1;
            for _ in 0..e {
                expect = expect * u128::from(s) % u128::from(n);
            }
            assert_eq!(u64::from_be_bytes(out), expect as u64, "s={s} e={e}");
        }
    }

    #[test]
    fn refuses_s_not_below_n_and_even_modulus() {
        let n: u64 = u64::MAX - 58;
        let m = Modulus::new(&n.to_be_bytes()).expect("odd modulus");
        let mut out = [0u8; 8];
        assert!(m.public_op(3, &n.to_be_bytes(), &mut out).is_none());
        assert!(m.public_op(3, &u64::MAX.to_be_bytes(), &mut out).is_none());
        assert!(Modulus::new(&[0x10, 0x00]).is_none());
        assert!(Modulus::new(&[0xff; 513]).is_none());
    }
}
