//! EMSA-PSS verification (RFC 8017 §9.1.2) for PS256/PS384/PS512.
//!
//! RFC 7518 §3.5 fixes the parameters: MGF1 with the same hash as the message, and a salt as
//! long as the hash output. Any other salt length is refused (step 10 checks the exact position
//! of the 0x01 separator), so a signature made with a different salt length does not verify.

use super::Hash;
use subtle::ConstantTimeEq;

/// Verifies the k-byte RSAVP1 output `out` as EMSA-PSS of `m_hash` for a modulus of `mod_bits`.
/// `out` is used as scratch (the mask is removed in place).
pub(super) fn matches(hash: Hash, m_hash: &[u8], mod_bits: usize, out: &mut [u8]) -> bool {
    let h_len = hash.len();
    let s_len = h_len;
    let em_bits = mod_bits - 1;
    let em_len = em_bits.div_ceil(8);
    // I2OSP(m, emLen) (§8.1.2 step 2c): when emLen = k - 1 the top byte must be zero.
    let em = match out.len().checked_sub(em_len) {
        Some(0) => out,
        Some(1) if out[0] == 0 => &mut out[1..],
        _ => return false,
    };
    // Step 3.
    if em_len < h_len + s_len + 2 {
        return false;
    }
    // Step 4.
    if em[em_len - 1] != 0xbc {
        return false;
    }
    // Steps 5 and 6: the unused top bits of maskedDB must be zero.
    let db_len = em_len - h_len - 1;
    let (db, rest) = em.split_at_mut(db_len);
    let h = &rest[..h_len];
    let top_mask = 0xffu8 >> (8 * em_len - em_bits);
    if db[0] & !top_mask != 0 {
        return false;
    }
    // Steps 7 and 8: DB = maskedDB xor MGF1(H, dbLen).
    mgf1_xor(hash, h, db);
    // Step 9.
    db[0] &= top_mask;
    // Step 10: PS (zeros) then 0x01, then exactly sLen bytes of salt.
    let ps_len = em_len - h_len - s_len - 2;
    if db[..ps_len].iter().any(|&b| b != 0) || db[ps_len] != 0x01 {
        return false;
    }
    let salt = &db[db_len - s_len..];
    // Steps 12 to 14: H' = Hash(0x00 × 8 ‖ mHash ‖ salt) must equal H.
    let mut h2 = [0u8; 64];
    let n = hash.digest_parts(&[&[0u8; 8], m_hash, salt], &mut h2);
    bool::from(h2[..n].ct_eq(h))
}

/// XORs MGF1(`seed`, `out.len()`) with the same hash into `out` (RFC 8017 §B.2.1).
fn mgf1_xor(hash: Hash, seed: &[u8], out: &mut [u8]) {
    let mut block = [0u8; 64];
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(hash.len())) {
        let n = hash.digest_parts(&[seed, &counter.to_be_bytes()], &mut block);
        for (o, m) in chunk.iter_mut().zip(&block[..n]) {
            *o ^= m;
        }
    }
}
