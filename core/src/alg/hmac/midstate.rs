//! HMAC (RFC 2104) straight on SHA-2's compression function, from precomputed midstates.
//!
//! HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)). The pad blocks are one compression each,
//! so a key keeps the two chaining values after them (the *midstates*) and a tag costs only the
//! message's blocks, its padding block(s) and one outer block.
//!
//! Why not the `hmac` crate, which the key used to hold: its per-message path clones a buffered
//! state, copies every byte of the message through a block buffer, copies the inner digest
//! through a second one and zeroizes both copies on drop. On the HS256 benchmark token that was
//! about a quarter of the whole HMAC (`perf` on the floor, which uses it: compression 66% of the
//! time, buffer copies, finalization and drop 22%). Here the message's full blocks go to
//! `sha2`'s own compression function (hardware SHA where the CPU has it) straight from the token,
//! and only the last partial block is copied. Agreement with the `hmac` crate is tested on random
//! keys and messages around every block boundary, and RFC 4231's vectors pin the results.

#[cfg(feature = "hs256")]
use sha2::block_api::compress256;
#[cfg(any(feature = "hs384", feature = "hs512"))]
use sha2::block_api::compress512;
use zeroize::Zeroize;

/// A SHA-2 chaining value whose compression function takes `B`-byte blocks.
pub(crate) trait ChainingValue<const B: usize>: Copy + Zeroize {
    /// Bytes of the big-endian message-length field that ends the padding (8 or 16).
    const LENGTH_FIELD: usize;

    /// Absorbs whole blocks.
    fn compress(&mut self, blocks: &[[u8; B]]);

    /// Writes the state big-endian into the start of `out` (the digest before truncation), as
    /// much of it as fits.
    fn write_be(&self, out: &mut [u8]);
}

#[cfg(feature = "hs256")]
impl ChainingValue<64> for [u32; 8] {
    const LENGTH_FIELD: usize = 8;

    fn compress(&mut self, blocks: &[[u8; 64]]) {
        compress256(self, blocks);
    }

    fn write_be(&self, out: &mut [u8]) {
        for (chunk, word) in out.chunks_exact_mut(4).zip(self) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
    }
}

#[cfg(any(feature = "hs384", feature = "hs512"))]
impl ChainingValue<128> for [u64; 8] {
    const LENGTH_FIELD: usize = 16;

    fn compress(&mut self, blocks: &[[u8; 128]]) {
        compress512(self, blocks);
    }

    fn write_be(&self, out: &mut [u8]) {
        for (chunk, word) in out.chunks_exact_mut(8).zip(self) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
    }
}

/// FIPS 180-4 §5.3.3: SHA-256's initial hash value.
#[cfg(feature = "hs256")]
pub(crate) const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// FIPS 180-4 §5.3.4: SHA-384's initial hash value.
#[cfg(feature = "hs384")]
pub(crate) const SHA384_IV: [u64; 8] = [
    0xcbbb_9d5d_c105_9ed8,
    0x629a_292a_367c_d507,
    0x9159_015a_3070_dd17,
    0x152f_ecd8_f70e_5939,
    0x6733_2667_ffc0_0b31,
    0x8eb4_4a87_6858_1511,
    0xdb0c_2e0d_64f9_8fa7,
    0x47b5_481d_befa_4fa4,
];

/// FIPS 180-4 §5.3.5: SHA-512's initial hash value.
#[cfg(feature = "hs512")]
pub(crate) const SHA512_IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

/// One SHA-2 function: its initial value and digest length (SHA-384 is SHA-512's compression
/// with another initial value, truncated to 48 bytes).
#[derive(Clone, Copy)]
pub(crate) struct Hash<S> {
    pub(crate) iv: S,
    pub(crate) digest_len: usize,
}

/// Absorbs `msg` after `absorbed` bytes already compressed into `state`, then the padding
/// (FIPS 180-4 §5.1): `state` is then the (untruncated) digest.
///
/// `tail` must be all zero; it receives the last partial block and the padding (the caller
/// passes it so that the outer step can reuse it: one buffer less on a small device's stack).
/// `Secret::Scrub` zeroizes it afterwards, for hashing a secret (a long key). A token's bytes are
/// public, so the verify path skips that.
fn absorb_final<S: ChainingValue<B>, const B: usize>(
    state: &mut S,
    absorbed: usize,
    msg: &[u8],
    tail: &mut [[u8; B]; 2],
    secret: Secret,
) {
    let (blocks, rest) = msg.as_chunks::<B>();
    state.compress(blocks);
    // The rest, the 0x80 byte and the length field fit in one block or spill into a second.
    let tail_bytes = tail.as_flattened_mut();
    let used = if rest.len() + 1 + S::LENGTH_FIELD <= B {
        B
    } else {
        2 * B
    };
    if let Some(start) = tail_bytes.get_mut(..rest.len()) {
        start.copy_from_slice(rest);
    }
    if let Some(marker) = tail_bytes.get_mut(rest.len()) {
        *marker = 0x80;
    }
    // Bits fit in 64 bits for any message a slice can hold; the field's high bytes stay zero.
    let bits = ((absorbed + msg.len()) as u64).wrapping_mul(8);
    if let Some(field) = tail_bytes.get_mut(used - 8..used) {
        field.copy_from_slice(&bits.to_be_bytes());
    }
    state.compress(tail.get(..used / B).unwrap_or_default());
    if secret == Secret::Scrub {
        tail.as_flattened_mut().zeroize();
    }
}

/// Whether [`absorb_final`] hashes a secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Secret {
    Scrub,
    Public,
}

/// A key's two midstates: the chaining values after the inner and outer pad blocks.
#[derive(Clone)]
pub(crate) struct Midstates<S: Zeroize, const B: usize> {
    hash_digest_len: usize,
    inner: S,
    outer: S,
}

impl<S: ChainingValue<B>, const B: usize> Midstates<S, B> {
    /// Absorbs the pad blocks of `secret` (hashed first if longer than a block, RFC 2104 §2).
    pub(crate) fn new(hash: Hash<S>, secret: &[u8]) -> Self {
        let mut key_block = [0u8; B];
        if secret.len() > B {
            let mut digest = hash.iv;
            absorb_final(&mut digest, 0, secret, &mut [[0; B]; 2], Secret::Scrub);
            digest.write_be(key_block.get_mut(..hash.digest_len).unwrap_or_default());
            digest.zeroize();
        } else if let Some(start) = key_block.get_mut(..secret.len()) {
            start.copy_from_slice(secret);
        }
        let pad_state = |pad: u8, key_block: &[u8; B]| {
            let mut block = *key_block;
            for b in &mut block {
                *b ^= pad;
            }
            let mut state = hash.iv;
            state.compress(core::slice::from_ref(&block));
            block.zeroize();
            state
        };
        let midstates = Midstates {
            hash_digest_len: hash.digest_len,
            inner: pad_state(0x36, &key_block),
            outer: pad_state(0x5c, &key_block),
        };
        key_block.zeroize();
        midstates
    }

    /// Writes HMAC(key, `msg`) into `out`; returns the tag length (the hash's digest length).
    pub(crate) fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
        let mut inner = self.inner;
        let mut tail = [[0; B]; 2];
        absorb_final(&mut inner, B, msg, &mut tail, Secret::Public);
        let [block, _] = &mut tail;
        self.outer_step(&inner, block, out)
    }

    /// HMAC(key, `prefix || msg`) for a `prefix` shorter than a block (a domain-separation
    /// label), without copying `msg`: only the first block, which holds the prefix and the start
    /// of `msg`, is assembled. Only signed session IDs use it, and they are HMAC-SHA-256.
    #[cfg(feature = "hs256")]
    pub(crate) fn tag_prefixed(&self, prefix: &[u8], msg: &[u8], out: &mut [u8; 64]) -> usize {
        let mut inner = self.inner;
        let mut first = [0u8; B];
        let label = prefix.len().min(B);
        let room = B - label;
        if let Some(dst) = first.get_mut(..label) {
            dst.copy_from_slice(prefix.get(..label).unwrap_or_default());
        }
        if let (Some(head), Some(dst)) = (msg.get(..room), first.get_mut(label..)) {
            // The joined message fills the first block: compress it, then the rest of `msg`.
            dst.copy_from_slice(head);
            inner.compress(core::slice::from_ref(&first));
            let tail = msg.get(room..).unwrap_or_default();
            absorb_final(&mut inner, 2 * B, tail, &mut [[0; B]; 2], Secret::Public);
        } else {
            // Shorter than a block: finish from the joined copy.
            let joined = label + msg.len();
            if let Some(dst) = first.get_mut(label..joined) {
                dst.copy_from_slice(msg);
            }
            let joined = first.get(..joined).unwrap_or_default();
            absorb_final(&mut inner, B, joined, &mut [[0; B]; 2], Secret::Public);
        }
        self.outer_step(&inner, &mut first, out)
    }

    /// The outer hash over the inner digest: with its padding always one block (the digest is
    /// 32, 48 or 64 bytes), written straight from the inner state into `block` (any content: a
    /// buffer the inner step is done with). Returns the tag length.
    fn outer_step(&self, inner: &S, block: &mut [u8; B], out: &mut [u8; 64]) -> usize {
        let len = self.hash_digest_len;
        block.fill(0);
        inner.write_be(block.get_mut(..len).unwrap_or_default());
        if let Some(marker) = block.get_mut(len) {
            *marker = 0x80;
        }
        let bits = ((B + len) as u64) * 8;
        if let Some(field) = block.get_mut(B - 8..) {
            field.copy_from_slice(&bits.to_be_bytes());
        }
        let mut outer = self.outer;
        outer.compress(core::slice::from_ref(block));
        outer.write_be(out.get_mut(..len).unwrap_or_default());
        len
    }
}

impl<S: Zeroize, const B: usize> Drop for Midstates<S, B> {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}
