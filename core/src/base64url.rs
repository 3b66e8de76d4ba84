//! Strict, unpadded base64url (RFC 4648 §5) for the *public* token segments.
//!
//! Decoding refuses padding, characters outside the URL-safe alphabet and non-canonical trailing
//! bits: two different strings must never decode to the same bytes, or a token could be
//! re-encoded by an attacker without touching its signature. Secret material (keys, session IDs)
//! goes through `base64ct` instead, which is constant-time; token segments are public, so a
//! table-driven decoder is the right trade here.
//!
//! The decoder is our own rather than the `base64` crate's `decode_slice` (which it replaced; that
//! crate is still a dev-dependency and the differential tests check both agree on every input)
//! for two measured reasons (`docs/json-and-base64.md`): it decodes a run *up to the first byte
//! outside the alphabet*, so the verifier finds the `.` separators while decoding instead of in a
//! separate pass, and it links a 256-byte table and one small loop instead of the general engine,
//! which matters on the Cortex-M4 builds.
//!
//! Encoding is written here because the encoder must work *in place, backwards* inside the
//! caller's output buffer (see [`encode_in_place`]) so that encoding needs no second buffer.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The exact decoded length of `encoded_len` base64url characters, or `None` for a length no
/// unpadded encoding can have (`len % 4 == 1`).
pub const fn decoded_len(encoded_len: usize) -> Option<usize> {
    let rem = encoded_len % 4;
    if rem == 1 {
        return None;
    }
    let tail = if rem == 0 { 0 } else { rem - 1 };
    Some(encoded_len / 4 * 3 + tail)
}

/// The length of the unpadded base64url encoding of `len` bytes.
pub const fn encoded_len(len: usize) -> usize {
    let rem = len % 3;
    len / 3 * 4 + if rem == 0 { 0 } else { rem + 1 }
}

/// Marks a byte outside the alphabet in [`DECODE`]: -1, so that OR-ing it into an accumulator
/// sets every bit from there up (see [`decode_run`]).
const INVALID: i8 = -1;

/// Sextet value of every byte, [`INVALID`] outside the URL-safe alphabet.
static DECODE: [i8; 256] = decode_table();

const fn decode_table() -> [i8; 256] {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as i8;
        i += 1;
    }
    table
}

fn sextet(c: u8) -> i64 {
    if TABLE {
        i64::from(DECODE[usize::from(c)])
    } else {
        i64::from(sextet_by_range(c))
    }
}

/// Whether [`sextet`] reads [`DECODE`]: yes, unless the `small-flash` feature asks for the
/// smallest code. The table is 256 B of flash; the ranges are about 50 B of code and add about
/// six instructions per character (measured on the Cortex-M4: 188 B less, +1,560 instructions
/// for a 262-character HS256 token).
const TABLE: bool = !cfg!(feature = "small-flash");

/// [`DECODE`] computed by ranges: the sextet of `c`, or [`INVALID`] outside the alphabet.
fn sextet_by_range(c: u8) -> i8 {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return INVALID,
    };
    // At most 63: fits.
    value as i8
}

/// Decodes eight characters into six bytes, or `None` if one is outside the alphabet.
///
/// The sextets are shifted into a signed accumulator; an invalid character (-1) sets all 64
/// bits, and the 6-bit shifts that follow keep bit 63 set, so one sign test checks all eight.
/// This is the variant for 32-bit targets (one 256-byte table: flash matters there), where
/// [`BLOCKS`] is false today, so that it is compiled but not linked.
#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
fn decode_block_small(chunk: &[u8]) -> Option<[u8; 6]> {
    let acc = chunk.iter().fold(0i64, |acc, &c| (acc << 6) | sextet(c));
    let [_, _, out @ ..] = acc.to_be_bytes();
    (acc >= 0 && chunk.len() == 8).then_some(out)
}

/// Bit set in [`SHIFTED`] for a byte outside the alphabet; the data bits are 0..24.
#[cfg(target_pointer_width = "64")]
const SHIFTED_INVALID: u32 = 1 << 31;

/// For position `k` of a 4-character quantum, each byte's sextet already shifted into place
/// (`<< 18 - 6k`), or [`SHIFTED_INVALID`]: a quantum is then four loads OR-ed together, about
/// three instructions per character instead of five. 4 KiB, so only on 64-bit targets.
#[cfg(target_pointer_width = "64")]
static SHIFTED: [[u32; 256]; 4] = shifted_tables();

#[cfg(target_pointer_width = "64")]
const fn shifted_tables() -> [[u32; 256]; 4] {
    let mut tables = [[SHIFTED_INVALID; 256]; 4];
    let mut k = 0;
    while k < 4 {
        let mut i = 0;
        while i < 64 {
            tables[k][ALPHABET[i] as usize] = (i as u32) << (18 - 6 * k);
            i += 1;
        }
        k += 1;
    }
    tables
}

/// One quantum (four characters) through the pre-shifted tables: the 24 data bits, or
/// [`SHIFTED_INVALID`] set if a character is outside the alphabet.
#[cfg(target_pointer_width = "64")]
fn shifted_quantum(w: u8, x: u8, y: u8, z: u8) -> u32 {
    SHIFTED[0][usize::from(w)]
        | SHIFTED[1][usize::from(x)]
        | SHIFTED[2][usize::from(y)]
        | SHIFTED[3][usize::from(z)]
}

/// [`decode_block_small`] with the pre-shifted tables (64-bit targets).
#[cfg(target_pointer_width = "64")]
fn decode_block(chunk: &[u8]) -> Option<[u8; 6]> {
    let &[a, b, c, d, e, f, g, h] = chunk else {
        return None;
    };
    let (high, low) = (shifted_quantum(a, b, c, d), shifted_quantum(e, f, g, h));
    if (high | low) & SHIFTED_INVALID != 0 {
        return None;
    }
    let [_, _, out @ ..] = ((u64::from(high) << 24) | u64::from(low)).to_be_bytes();
    Some(out)
}

/// Sixteen characters into twelve bytes (64-bit targets): [`decode_block`] twice with one
/// alphabet check and one loop step, which is where most of a token's payload is decoded.
#[cfg(target_pointer_width = "64")]
fn decode_wide_block(chunk: &[u8; 16]) -> Option<[u8; 12]> {
    let &[a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = chunk;
    let quanta = [
        shifted_quantum(a, b, c, d),
        shifted_quantum(e, f, g, h),
        shifted_quantum(i, j, k, l),
        shifted_quantum(m, n, o, p),
    ];
    if (quanta[0] | quanta[1] | quanta[2] | quanta[3]) & SHIFTED_INVALID != 0 {
        return None;
    }
    // Twelve bytes as one 8-byte and one 4-byte big-endian word: the first holds quanta 0 and 1
    // and the high byte of quantum 2, the second the rest of quantum 2 and quantum 3.
    let [q0, q1, q2, q3] = quanta.map(u64::from);
    let head = (q0 << 40 | q1 << 16 | q2 >> 8).to_be_bytes();
    let tail = ((q2 << 24 | q3) as u32).to_be_bytes();
    let mut out = [0u8; 12];
    let (out_head, out_tail) = out.split_at_mut(8);
    out_head.copy_from_slice(&head);
    out_tail.copy_from_slice(&tail);
    Some(out)
}

#[cfg(not(target_pointer_width = "64"))]
use decode_block_small as decode_block;

/// Decodes `input` into exactly `out` (which must be [`decoded_len`] long). Any deviation from
/// canonical unpadded base64url is an error.
pub fn decode_exact(input: &[u8], out: &mut [u8]) -> Result<(), InvalidBase64> {
    match decode_run(input, out) {
        Ok(run) if run.chars == input.len() && run.bytes == out.len() => Ok(()),
        _ => Err(InvalidBase64),
    }
}

/// What [`decode_run`] consumed and produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// Input characters decoded: the run ends at `input[chars]` (a byte outside the alphabet,
    /// such as the `.` between token segments) or at the end of the input.
    pub chars: usize,
    /// Bytes written at the start of `out`.
    pub bytes: usize,
}

/// Decodes the longest prefix of `input` made of base64url characters into the start of `out`.
///
/// The run must be canonical unpadded base64url on its own (its length is not `1 mod 4` and its
/// unused trailing bits are zero); `out` must have room for it. Otherwise the result is an error.
pub fn decode_run(input: &[u8], out: &mut [u8]) -> Result<Run, InvalidBase64> {
    decode_run_with::<BLOCKS>(input, out)
}

/// Whether [`decode_run`] decodes sixteen and eight characters at a time before its quantum loop: on 64-bit
/// targets. On 32-bit ones the quantum loop alone decodes everything: the block step's 64-bit
/// accumulator saves little there and costs 220 B of flash (measured on the Cortex-M4 firmware).
/// Off with the `small-flash` feature on every target, so that the host tests run the code the
/// small builds link.
const BLOCKS: bool = cfg!(target_pointer_width = "64") && !cfg!(feature = "small-flash");

/// [`decode_run`], with or without the block step (the tests run both on the host).
fn decode_run_with<const BLOCKS: bool>(input: &[u8], out: &mut [u8]) -> Result<Run, InvalidBase64> {
    let mut read = 0;
    let mut written = 0;
    // Sixteen characters → twelve bytes per step, then eight → six, while all are in the
    // alphabet.
    if BLOCKS {
        #[cfg(target_pointer_width = "64")]
        {
            let (chunks, _) = input.as_chunks::<16>();
            let (dsts, _) = out.as_chunks_mut::<12>();
            for (chunk, dst) in chunks.iter().zip(dsts) {
                let Some(bytes) = decode_wide_block(chunk) else {
                    break;
                };
                *dst = bytes;
                read += 16;
                written += 12;
            }
        }
        let rest_in = input.get(read..).unwrap_or_default();
        let rest_out = out.get_mut(written..).unwrap_or_default();
        if let (Some(chunk), Some(dst)) = (rest_in.get(..8), rest_out.get_mut(..6))
            && let Some(bytes) = decode_block(chunk)
        {
            dst.copy_from_slice(&bytes);
            read += 8;
            written += 6;
        }
    }
    // The rest, one quantum (four characters → three bytes) at a time.
    let mut quantum = 0u32;
    let mut pending = 0;
    for &c in input.get(read..).unwrap_or_default() {
        let Ok(v) = u32::try_from(sextet(c)) else {
            break;
        };
        quantum = (quantum << 6) | v;
        pending += 1;
        read += 1;
        if pending == 4 {
            let dst = out.get_mut(written..written + 3).ok_or(InvalidBase64)?;
            dst.copy_from_slice(&quantum.to_be_bytes()[1..]);
            written += 3;
            quantum = 0;
            pending = 0;
        }
    }
    // A final partial quantum: 2 characters carry 1 byte (+4 zero bits), 3 carry 2 (+2 zero bits).
    let (bytes, unused_bits) = match pending {
        0 => {
            return Ok(Run {
                chars: read,
                bytes: written,
            });
        }
        2 => (1, 4),
        3 => (2, 2),
        _ => return Err(InvalidBase64),
    };
    if quantum & ((1 << unused_bits) - 1) != 0 {
        return Err(InvalidBase64);
    }
    // Written byte by byte: a variable-length copy would be a `memcpy` call.
    let [_, _, high, low] = (quantum >> unused_bits).to_be_bytes();
    match bytes {
        1 => *out.get_mut(written).ok_or(InvalidBase64)? = low,
        _ => {
            let dst = out.get_mut(written..written + 2).ok_or(InvalidBase64)?;
            dst.copy_from_slice(&[high, low]);
        }
    }
    Ok(Run {
        chars: read,
        bytes: written + bytes,
    })
}

#[cfg(test)]
mod decode_tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use proptest::prelude::*;

    /// The `base64` crate configured exactly as strictly: the independent reference.
    const REFERENCE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(false),
    );

    /// Inputs of `len` bytes drawn from the URL-safe alphabet plus the bytes a decoder must stop
    /// at or refuse: the standard alphabet's `+` and `/`, padding, the separator, a space, NUL
    /// and a non-ASCII byte.
    fn near_alphabet(
        len: impl Into<prop::collection::SizeRange>,
    ) -> impl Strategy<Value = std::vec::Vec<u8>> {
        const BYTES: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. \x00\xff";
        prop::collection::vec(prop::sample::select(BYTES), len)
    }

    fn ours(input: &[u8]) -> Option<std::vec::Vec<u8>> {
        let len = decoded_len(input.len())?;
        let mut out = std::vec![0u8; len];
        decode_exact(input, &mut out).ok().map(|()| out)
    }

    #[test]
    fn the_range_decoder_gives_the_table_for_every_byte() {
        // Both against the alphabet of RFC 4648 §5 directly, not against each other only.
        for c in 0..=255u8 {
            let expected = ALPHABET
                .iter()
                .position(|&a| a == c)
                .map_or(INVALID, |i| i as i8);
            assert_eq!(DECODE[usize::from(c)], expected, "{c:#04x}");
            assert_eq!(sextet_by_range(c), expected, "{c:#04x}");
        }
    }

    #[test]
    fn runs_stop_at_the_first_byte_outside_the_alphabet() {
        let mut out = [0u8; 16];
        // "Zm9vYmFy" is "foobar": one full 8-character block, then the separator.
        assert_eq!(
            decode_run(b"Zm9vYmFy.Zg", &mut out),
            Ok(Run { chars: 8, bytes: 6 })
        );
        assert_eq!(&out[..6], b"foobar");
        // A partial quantum before the separator.
        assert_eq!(
            decode_run(b"Zm9vYg.x", &mut out),
            Ok(Run { chars: 6, bytes: 4 })
        );
        assert_eq!(&out[..4], b"foob");
        assert_eq!(decode_run(b".", &mut out), Ok(Run { chars: 0, bytes: 0 }));
        // Non-canonical trailing bits and a lone character are refused even mid-token.
        assert_eq!(decode_run(b"Zh.", &mut out), Err(InvalidBase64));
        assert_eq!(decode_run(b"Zm9vY.", &mut out), Err(InvalidBase64));
        // Not enough room is an error, not a truncation.
        assert_eq!(decode_run(b"Zm9vYmFy", &mut out[..5]), Err(InvalidBase64));
    }

    proptest! {
        /// Both block decoders (the 64-bit one runs in `decode_run` on this host; the 32-bit one
        /// is what the Cortex-M builds use) agree with the reference on every 8-byte input.
        #[test]
        fn both_block_decoders_agree_with_the_base64_crate(
            chunk in near_alphabet(8)
        ) {
            let expected = REFERENCE.decode(&chunk).ok();
            let small = decode_block_small(&chunk).map(|b| b.to_vec());
            prop_assert_eq!(&small, &expected);
            prop_assert_eq!(decode_block(&chunk).map(|b| b.to_vec()), expected);
        }

        /// The sixteen-character block agrees with the reference on every 16-byte input, so a
        /// byte outside the alphabet in either half refuses the whole block.
        #[test]
        fn the_wide_block_agrees_with_the_base64_crate(
            chunk in near_alphabet(16)
        ) {
            let expected = REFERENCE.decode(&chunk).ok();
            let chunk: [u8; 16] = chunk.try_into().unwrap();
            prop_assert_eq!(decode_wide_block(&chunk).map(|b| b.to_vec()), expected);
        }

        /// The quantum loop alone (32-bit targets) decodes exactly like the full decoder.
        #[test]
        fn the_quantum_loop_alone_agrees(
            input in near_alphabet(0..60),
            room in 0usize..50,
        ) {
            let (mut a, mut b) = ([0u8; 50], [0u8; 50]);
            let full = decode_run_with::<true>(&input, &mut a[..room]);
            let quanta = decode_run_with::<false>(&input, &mut b[..room]);
            prop_assert_eq!(full, quanta);
            if let Ok(run) = full {
                prop_assert_eq!(&a[..run.bytes], &b[..run.bytes]);
            }
        }

        #[test]
        fn the_quantum_loop_alone_decodes_valid_encodings(raw in prop::collection::vec(any::<u8>(), 0..100)) {
            let text = std::format!("{}.x", REFERENCE.encode(&raw));
            let mut out = [0u8; 100];
            let run = decode_run_with::<false>(text.as_bytes(), &mut out).unwrap();
            prop_assert_eq!(run.chars, text.len() - 2);
            prop_assert_eq!(&out[..run.bytes], &raw[..]);
        }

        #[test]
        fn agrees_with_the_base64_crate_on_valid_encodings(raw in prop::collection::vec(any::<u8>(), 0..200)) {
            let text = REFERENCE.encode(&raw);
            prop_assert_eq!(ours(text.as_bytes()), Some(raw));
        }

        #[test]
        fn agrees_with_the_base64_crate_on_any_input(
            input in near_alphabet(0..40)
        ) {
            let expected = REFERENCE.decode(&input).ok();
            prop_assert_eq!(ours(&input), expected, "{:?}", std::string::String::from_utf8_lossy(&input));
        }

        #[test]
        fn a_run_ends_exactly_at_the_separator(raw in prop::collection::vec(any::<u8>(), 0..100), tail in "[.][A-Za-z0-9_-]{0,8}") {
            let text = std::format!("{}{tail}", REFERENCE.encode(&raw));
            let mut out = [0u8; 128];
            let run = decode_run(text.as_bytes(), &mut out).unwrap();
            prop_assert_eq!(run.chars, text.len() - tail.len());
            prop_assert_eq!(&out[..run.bytes], &raw[..]);
        }
    }
}

/// The input was not canonical unpadded base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidBase64;

/// Encodes `input` into `out`, returning the number of bytes written, or `None` if `out` is
/// shorter than [`encoded_len`].
pub fn encode(input: &[u8], out: &mut [u8]) -> Option<usize> {
    let n = encoded_len(input.len());
    let out = out.get_mut(..n)?;
    // Two groups (6 bytes → 8 characters) per step, then at most one group, then the tail.
    let (pairs, rest) = input.as_chunks::<6>();
    let (out_pairs, out_rest) = out.as_chunks_mut::<8>();
    for (src, dst) in pairs.iter().zip(out_pairs.iter_mut()) {
        let hi = u32::from_be_bytes([src[0], src[1], src[2], src[3]]);
        let lo = u16::from_be_bytes([src[4], src[5]]);
        *dst = encode_pair((u64::from(hi) << 32) | (u64::from(lo) << 16));
    }
    let (group, tail) = rest.as_chunks::<3>();
    let (quad, out_tail) = out_rest.as_chunks_mut::<4>();
    if let (Some(src), Some(dst)) = (group.first(), quad.first_mut()) {
        *dst = encode_group(src[0], src[1], src[2]);
    }
    encode_tail(tail, out_tail);
    Some(n)
}

/// Encodes `input` at compile time (for constant token parts such as a fixed header), returning
/// the encoding in the first [`encoded_len`] bytes of an `M`-byte array and that length.
///
/// Fails to compile (const panic) if `M` is too small.
pub(crate) const fn encode_const<const M: usize>(input: &[u8]) -> ([u8; M], usize) {
    let n = encoded_len(input.len());
    assert!(n <= M, "encode_const: output array too small");
    let mut out = [0u8; M];
    let mut i = 0;
    let mut o = 0;
    while i < input.len() {
        let b1 = if i + 1 < input.len() { input[i + 1] } else { 0 };
        let b2 = if i + 2 < input.len() { input[i + 2] } else { 0 };
        let quad = encode_group(input[i], b1, b2);
        let mut k = 0;
        while k < 4 && o < n {
            out[o] = quad[k];
            o += 1;
            k += 1;
        }
        i += 3;
    }
    (out, n)
}

/// Encodes the `len` bytes at the start of `buf` in place, returning the encoded length.
///
/// Groups are processed from the last to the first: group `g` reads bytes `3g..3g+3` and writes
/// `4g..4g+4`, which only overlaps input of groups `≥ g` that have already been read. Returns
/// `None` if `buf` cannot hold the encoding.
pub fn encode_in_place(buf: &mut [u8], len: usize) -> Option<usize> {
    let n = encoded_len(len);
    let buf = buf.get_mut(..n.max(len))?;
    let full = len / 3;
    // The partial last group first: its input lies after every full group's.
    let mut tail = [0u8; 2];
    let tail_in = buf.get(full * 3..len)?;
    tail.get_mut(..tail_in.len())?.copy_from_slice(tail_in);
    encode_tail(&tail[..tail_in.len()], buf.get_mut(full * 4..n)?);
    // Then a lone full group if their number is odd, then pairs of groups.
    let pairs = full / 2;
    if full % 2 == 1 {
        let g = full - 1;
        let i = g * 3;
        let quad = encode_group(buf[i], buf[i + 1], buf[i + 2]);
        buf[g * 4..g * 4 + 4].copy_from_slice(&quad);
    }
    let (buf, _) = buf.split_at_mut(pairs * 8);
    let (octets, _) = buf.as_chunks_mut::<8>();
    for k in (0..pairs).rev() {
        // Pair `k` reads bytes `6k..6k+6`, loaded as one word `6k..6k+8` (within the first
        // `8 * pairs` bytes since `k < pairs`); the two bytes after its input are ignored, and
        // must be, since pair `k + 1` has already overwritten them.
        let word = octets
            .as_flattened()
            .get(k * 6..)
            .and_then(<[u8]>::first_chunk::<8>)
            .copied()
            .unwrap_or_default();
        octets[k] = encode_pair(u64::from_be_bytes(word));
    }
    Some(n)
}

/// The eight characters of two full groups, whose six bytes are the top 48 bits of `v` (the low
/// 16 bits are ignored).
#[inline(always)]
fn encode_pair(v: u64) -> [u8; 8] {
    let c = |shift: u32| ALPHABET[(v >> shift) as usize & 63];
    [c(58), c(52), c(46), c(40), c(34), c(28), c(22), c(16)]
}

/// The four characters of one full 3-byte group.
#[inline(always)]
const fn encode_group(b0: u8, b1: u8, b2: u8) -> [u8; 4] {
    let v = ((b0 as u32) << 16) | ((b1 as u32) << 8) | b2 as u32;
    [
        ALPHABET[(v >> 18) as usize & 63],
        ALPHABET[(v >> 12) as usize & 63],
        ALPHABET[(v >> 6) as usize & 63],
        ALPHABET[v as usize & 63],
    ]
}

/// Encodes a final partial group of 0–2 bytes into its 0, 2 or 3 characters (`out` is exactly
/// that long).
#[inline(always)]
fn encode_tail(input: &[u8], out: &mut [u8]) {
    let b0 = input.first().copied().unwrap_or(0);
    let b1 = input.get(1).copied().unwrap_or(0);
    let quad = encode_group(b0, b1, 0);
    for (dst, c) in out.iter_mut().zip(quad) {
        *dst = c;
    }
}

/// The encoders against the `base64` crate, for every input length across several groups.
#[cfg(test)]
mod encoder_tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn sample(len: usize) -> std::vec::Vec<u8> {
        // Every byte value appears (the multiplier is odd), so every sextet is exercised.
        (0..len).map(|i| (i * 167 + len) as u8).collect()
    }

    #[test]
    fn encode_and_encode_in_place_match_the_base64_crate() {
        for len in 0..300 {
            let input = sample(len);
            let expected = URL_SAFE_NO_PAD.encode(&input);
            assert_eq!(encoded_len(len), expected.len());

            let mut out = [0u8; 400];
            let n = encode(&input, &mut out).unwrap();
            assert_eq!(&out[..n], expected.as_bytes());
            assert_eq!(
                encode(&input, &mut out[..n.saturating_sub(1)]).is_none(),
                n > 0
            );

            let mut buf = [0xeeu8; 400];
            buf[..len].copy_from_slice(&input);
            let n = encode_in_place(&mut buf[..expected.len()], len).unwrap();
            assert_eq!(&buf[..n], expected.as_bytes());
            // Nothing past the encoding is touched.
            assert!(buf[n..].iter().all(|&b| b == 0xee));
            if n > 0 {
                assert_eq!(encode_in_place(&mut buf[..n - 1], len), None);
            }
        }
    }

    #[test]
    fn encode_const_matches_encode() {
        const HEADER: ([u8; 40], usize) = encode_const(b"{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assert_eq!(
            &HEADER.0[..HEADER.1],
            b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        );
        for len in 0..30 {
            let input = sample(len);
            let (out, n) = encode_const::<40>(&input);
            assert_eq!(&out[..n], URL_SAFE_NO_PAD.encode(&input).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10 test vectors, translated to the URL-safe alphabet without padding.
    const VECTORS: &[(&[u8], &str)] = &[
        (b"", ""),
        (b"f", "Zg"),
        (b"fo", "Zm8"),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg"),
        (b"fooba", "Zm9vYmE"),
        (b"foobar", "Zm9vYmFy"),
        (&[0xfb, 0xff], "-_8"),
    ];

    #[test]
    fn rfc4648_vectors_round_trip() {
        for (raw, text) in VECTORS {
            let mut out = [0u8; 16];
            let n = encode(raw, &mut out).unwrap();
            assert_eq!(&out[..n], text.as_bytes());
            let mut buf = [0u8; 16];
            buf[..raw.len()].copy_from_slice(raw);
            let n = encode_in_place(&mut buf, raw.len()).unwrap();
            assert_eq!(&buf[..n], text.as_bytes());
            let len = decoded_len(text.len()).unwrap();
            assert_eq!(len, raw.len());
            let mut dec = [0u8; 16];
            decode_exact(text.as_bytes(), &mut dec[..len]).unwrap();
            assert_eq!(&dec[..len], *raw);
        }
    }

    #[test]
    fn refuses_non_canonical_and_foreign_input() {
        // "Zh" decodes to "f" only if trailing bits are ignored; canonical is "Zg".
        for bad in ["Zh", "Zm9=", "Zm9v+", "Zm9v/", "Zm 9", "Z", "Zm9vY"] {
            let Some(len) = decoded_len(bad.len()) else {
                continue;
            };
            let mut dec = [0u8; 8];
            assert_eq!(
                decode_exact(bad.as_bytes(), &mut dec[..len]),
                Err(InvalidBase64),
                "{bad}"
            );
        }
        assert_eq!(decoded_len(5), None);
    }
}
