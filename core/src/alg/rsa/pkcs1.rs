//! EMSA-PKCS1-v1_5 (RFC 8017 §9.2) for RS256/RS384/RS512.
//!
//! The expected encoded message is *built* from the hash of the signing input and compared with
//! the recovered one as a whole. Nothing of the recovered message is parsed: verifiers that walk
//! the padding and then parse the DigestInfo ASN.1 are what Bleichenbacher's 2006 e = 3 forgery
//! and its many descendants (garbage after the digest, lenient length fields, missing NULL) exploit.

use super::Hash;
use subtle::ConstantTimeEq;

/// `DigestInfo` DER prefixes from RFC 8017 §9.2 note 1 (with the NULL parameters).
const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA384_PREFIX: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
const SHA512_PREFIX: [u8; 19] = [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// Whether `em` (the k-byte output of RSAVP1) equals EMSA-PKCS1-v1_5(`digest`) for `hash`.
pub(super) fn matches(hash: Hash, digest: &[u8], em: &[u8]) -> bool {
    let prefix = match hash {
        Hash::Sha256 => &SHA256_PREFIX,
        Hash::Sha384 => &SHA384_PREFIX,
        Hash::Sha512 => &SHA512_PREFIX,
    };
    let t_len = prefix.len() + digest.len();
    // RFC 8017 §9.2 step 3: at least 8 bytes of 0xff padding.
    if em.len() < t_len + 11 {
        return false;
    }
    let ps_end = em.len() - t_len - 1;
    let mut expected = [0u8; super::MAX_MODULUS_BYTES];
    let Some(expected) = expected.get_mut(..em.len()) else {
        return false;
    };
    expected[1] = 0x01;
    expected[2..ps_end].fill(0xff);
    expected[ps_end] = 0x00;
    expected[ps_end + 1..ps_end + 1 + prefix.len()].copy_from_slice(prefix);
    expected[ps_end + 1 + prefix.len()..].copy_from_slice(digest);
    bool::from(expected.ct_eq(em))
}
