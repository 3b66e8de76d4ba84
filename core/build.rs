//! Build script: generates the P-256 generator's window tables for the `es256-fast` feature.
//!
//! Each table (window widths 4, 6, 8) is written to `OUT_DIR/es256_g_w{w}.bin` and included in
//! the crate as a `static` byte array, so it lives in flash/rodata, is shared by every key, and
//! needs neither a runtime once-cell (a `no_std` core has no portable one without atomics or a
//! critical section) nor `unsafe`. A `const fn` would also work, but the compiler's const
//! evaluator takes about 2 ms per field multiplication here — minutes for these tables.
//!
//! Layout: row-major, row `i` holds `j·2^(w·i)·G` for `j = 1 … 2^(w−1)`, `⌈257/w⌉` rows; each
//! point is `x` then `y`, each 32 bytes little-endian in Montgomery form (`v·2²⁵⁶ mod p`), the
//! representation `p256` computes in, so loading an entry costs no multiplication. The tables
//! are computed with `p256`'s own (complete-formula) point arithmetic, independently of the
//! hand-written formulas they feed; the crate's tests check them entry by entry.

fn main() -> Result<(), Box<dyn core::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "es256-fast")]
    generator_tables::write_all()?;
    Ok(())
}

#[cfg(feature = "es256-fast")]
mod generator_tables {
    use p256::elliptic_curve::bigint::U256;
    use p256::elliptic_curve::ff::PrimeField as _;
    use p256::elliptic_curve::group::{Curve as _, Group as _};
    use p256::elliptic_curve::hazmat::FieldArithmetic;
    use p256::elliptic_curve::point::AffineCoordinates as _;
    use p256::{AffinePoint, NistP256, ProjectivePoint};

    type Fe = <NistP256 as FieldArithmetic>::FieldElement;

    pub(super) fn write_all() -> Result<(), Box<dyn core::error::Error>> {
        let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?);
        for w in [4u32, 6, 8] {
            std::fs::write(out_dir.join(format!("es256_g_w{w}.bin")), table(w)?)?;
        }
        Ok(())
    }

    fn montgomery_le(bytes: &p256::FieldBytes) -> Result<[u8; 32], &'static str> {
        let fe: Fe = Option::from(Fe::from_repr(*bytes)).ok_or("coordinate ≥ p")?;
        let m: primefield::MontyFieldElement<_, { U256::LIMBS }> = fe.into();
        let mut out = [0u8; 32];
        out.copy_from_slice(m.as_montgomery().to_le_bytes().as_ref());
        Ok(out)
    }

    fn table(w: u32) -> Result<Vec<u8>, &'static str> {
        let rows = 257usize.div_ceil(w as usize);
        let half = 1usize << (w - 1);
        let mut bytes = Vec::with_capacity(rows * half * 64);
        let mut base = ProjectivePoint::GENERATOR;
        for _ in 0..rows {
            let mut row = Vec::with_capacity(half);
            let mut cur = base;
            for _ in 0..half {
                row.push(cur);
                cur += base;
            }
            let mut affine = vec![AffinePoint::IDENTITY; half];
            ProjectivePoint::batch_normalize(&row, &mut affine);
            for p in &affine {
                bytes.extend_from_slice(&montgomery_le(&p.x())?);
                bytes.extend_from_slice(&montgomery_le(&p.y())?);
            }
            for _ in 0..w {
                base = base.double();
            }
        }
        Ok(bytes)
    }
}
