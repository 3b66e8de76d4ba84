//! The output side of the claims serializer: a byte sink over the caller's buffer, JSON string
//! escaping and integer formatting.
//!
//! These are the per-byte costs of minting a token, so each has a fast path: escaping tests eight
//! bytes at a time and copies clean runs whole; integers use two digits per division instead of
//! `core::fmt`. Output is byte-for-byte what `serde_json` writes (checked in the tests below and in
//! `tests/encode_json.rs`).

use core::fmt;
/// Where serialized bytes go. Past the end of `buf` bytes are only counted.
pub(crate) struct Sink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> Sink<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Sink { buf, len: 0 }
    }

    /// Total bytes produced (possibly more than fit).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether everything produced fit into the buffer.
    pub(crate) fn fits(&self) -> bool {
        self.len <= self.buf.len()
    }

    #[inline]
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }

    /// Writes `s` as a JSON string literal with the escapes RFC 8259 §7 requires.
    pub(crate) fn push_json_str(&mut self, s: &str) {
        self.push(b"\"");
        self.push_escaped(s);
        self.push(b"\"");
    }

    /// Writes the content of a JSON string literal (without quotes): `"`, `\\` and the control
    /// characters are escaped exactly as `serde_json` does (short forms where JSON has one,
    /// otherwise `\u00xx` in lower-case hex); everything else, non-ASCII included, is copied.
    pub(super) fn push_escaped(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let clean = self.copy_clean_prefix(bytes);
        if clean < bytes.len() {
            self.push_escaped_from(bytes, clean);
        }
    }

    /// The common case of [`push_escaped`](Self::push_escaped): while the text needs no escape and
    /// fits, copy it word by word in the same pass that checks it. Returns how many bytes were
    /// copied (and counted): all of them, or the clean prefix before the first word that needs an
    /// escape, or 0 if the text does not fit unescaped.
    #[inline]
    fn copy_clean_prefix(&mut self, bytes: &[u8]) -> usize {
        let Some(dst) = self.buf.get_mut(self.len..self.len + bytes.len()) else {
            return 0;
        };
        let (words, tail) = bytes.as_chunks::<8>();
        let (dst_words, dst_tail) = dst.as_chunks_mut::<8>();
        let mut copied = 0;
        for (word, dst_word) in words.iter().zip(dst_words) {
            if needs_escape(u64::from_ne_bytes(*word)) {
                self.len += copied;
                return copied;
            }
            *dst_word = *word;
            copied += 8;
        }
        for (&b, dst_byte) in tail.iter().zip(dst_tail) {
            if ESCAPE[usize::from(b)] != 0 {
                self.len += copied;
                return copied;
            }
            *dst_byte = b;
            copied += 1;
        }
        self.len += copied;
        copied
    }

    /// Escapes `bytes[from..]` run by run (the slow path: an escape, or a full buffer).
    fn push_escaped_from(&mut self, bytes: &[u8], from: usize) {
        let mut run_start = from;
        while let Some(i) = next_escape(bytes, run_start) {
            self.push(&bytes[run_start..i]);
            let b = bytes[i];
            match ESCAPE[usize::from(b)] {
                b'u' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.push(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 0xf)],
                    ]);
                }
                short => self.push(&[b'\\', short]),
            }
            run_start = i + 1;
        }
        self.push(&bytes[run_start..]);
    }

    /// Writes `v` in decimal (what `Display` and `serde_json` write).
    pub(super) fn push_u64(&mut self, v: u64) {
        let mut digits = [0u8; 20];
        let start = format_u64(v, &mut digits);
        self.push(&digits[start..]);
    }

    /// Writes `v` in decimal, with a `-` when negative.
    pub(super) fn push_i64(&mut self, v: i64) {
        let mut digits = [0u8; 20];
        let start = format_u64(v.unsigned_abs(), &mut digits);
        if v < 0 {
            self.push(b"-");
        }
        self.push(&digits[start..]);
    }
}

/// For every byte, the character after the backslash of its JSON escape, or 0 if it is written
/// as is (`u` means the `\u00xx` form).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of the eight bytes in `w` needs an escape: one is below 0x20 or equal to `"` or
/// `\\`. The classic "has a zero byte / has a byte less than n" bit tricks answer this without a
/// branch per byte; they are exact about *whether* such a byte exists (a borrow only starts at a
/// byte that matches), which is all that is asked here.
#[inline(always)]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    let is_quote = quote.wrapping_sub(ONES) & !quote;
    let is_backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | is_quote | is_backslash) & HIGH != 0
}

/// The index of the first byte at or after `from` that needs an escape: eight bytes at a time
/// while none does, then byte by byte.
#[inline]
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let (words, _) = rest.as_chunks::<8>();
    let mut at = from;
    for word in words {
        if needs_escape(u64::from_ne_bytes(*word)) {
            break;
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter()
        .position(|&b| ESCAPE[usize::from(b)] != 0)
        .map(|i| at + i)
}

/// Two decimal digits for every value 0..100, for [`format_u64`].
static DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut table = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        table[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    table
};

/// Writes the decimal digits of `v` at the end of `out` and returns where they start: two digits
/// per division, as `itoa` (which `serde_json` uses) does, instead of `core::fmt`'s generic path.
fn format_u64(mut v: u64, out: &mut [u8; 20]) -> usize {
    let mut pos = out.len();
    while v >= 100 {
        let pair = DIGIT_PAIRS[(v % 100) as usize];
        v /= 100;
        pos -= 2;
        out[pos] = pair[0];
        out[pos + 1] = pair[1];
    }
    if v >= 10 {
        let pair = DIGIT_PAIRS[v as usize];
        pos -= 2;
        out[pos] = pair[0];
        out[pos + 1] = pair[1];
    } else {
        pos -= 1;
        out[pos] = b'0' + v as u8;
    }
    pos
}

/// Escapes `Display` output chunk by chunk, for `collect_str`.
pub(super) struct Escaping<'s, 'b>(pub(super) &'s mut Sink<'b>);

impl fmt::Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push_escaped(s);
        Ok(())
    }
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::{String, ToString};
    use std::vec::Vec;

    /// A deterministic stream of test values (64-bit LCG, Knuth's MMIX constants).
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed
    }

    fn formatted(v: u64) -> String {
        let mut digits = [0u8; 20];
        let start = format_u64(v, &mut digits);
        String::from_utf8(digits[start..].to_vec()).unwrap()
    }

    #[test]
    fn format_u64_matches_display() {
        let mut seed = 7;
        let mut values: Vec<u64> = (0..1000).collect();
        values.extend([u64::MAX, u64::MAX - 1, 1 << 63]);
        values.extend((0..20).flat_map(|e| {
            let p = 10u64.pow(e);
            [p - 1, p, p + 1]
        }));
        // Random values of every magnitude: shift a random word right by a random amount.
        values.extend((0..4000).map(|_| lcg(&mut seed) >> (lcg(&mut seed) % 64)));
        for v in values {
            assert_eq!(formatted(v), v.to_string());
        }
    }

    #[test]
    fn push_i64_matches_display() {
        for v in [0, 1, -1, 9, -10, i64::MAX, i64::MIN, i64::MIN + 1] {
            let mut buf = [0u8; 24];
            let mut sink = Sink::new(&mut buf);
            sink.push_i64(v);
            let len = sink.len();
            assert_eq!(&buf[..len], v.to_string().as_bytes());
        }
    }

    /// The escape-free prefix found the slow way.
    fn naive_next_escape(bytes: &[u8], from: usize) -> Option<usize> {
        (from..bytes.len()).find(|&i| matches!(bytes[i], 0..=0x1f | b'"' | b'\\'))
    }

    #[test]
    fn next_escape_agrees_with_a_byte_loop() {
        // Every byte value at every position of a 24-byte string, from every start offset; the
        // filler bytes are chosen next to the tested ranges (0x20, 0x21, 0x5b, 0x5d, 0x80, 0xff).
        for filler in [b' ', b'!', b'#', b'[', b']', b'a', 0x7f, 0x80, 0xff] {
            for b in 0..=255u8 {
                for at in 0..24 {
                    let mut bytes = [filler; 24];
                    bytes[at] = b;
                    for from in 0..=24 {
                        assert_eq!(
                            next_escape(&bytes, from),
                            naive_next_escape(&bytes, from),
                            "filler {filler:#x} byte {b:#x} at {at} from {from}"
                        );
                    }
                }
            }
        }
    }

    /// `serde_json`'s escaping, spelled out byte by byte.
    fn naive_escaped(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\0'..='\u{1f}' => out.push_str(&std::format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn push_escaped_matches_a_naive_escaper_at_every_buffer_size() {
        let mut seed = 3;
        let alphabet = [
            'a', 'Z', '0', ' ', '"', '\\', '\n', '\u{1}', '\u{1f}', 'é', '€', '😀',
        ];
        for _ in 0..300 {
            let len = (lcg(&mut seed) % 40) as usize;
            let s: String = (0..len)
                .map(|_| {
                    // Mostly plain letters, so long clean runs occur as well as dense escapes.
                    let r = (lcg(&mut seed) >> 33) as usize;
                    if r.is_multiple_of(3) {
                        alphabet[r % alphabet.len()]
                    } else {
                        'q'
                    }
                })
                .collect();
            let expected = naive_escaped(&s);
            for size in 0..=expected.len() + 9 {
                let mut buf = [0u8; 256];
                // A prefix is already in the sink, as in a real document.
                let mut sink = Sink::new(&mut buf[..size + 1]);
                sink.push(b"[");
                sink.push_escaped(&s);
                assert_eq!(sink.len(), expected.len() + 1, "{s:?} size {size}");
                if size >= expected.len() {
                    assert!(sink.fits());
                    assert_eq!(&buf[1..=expected.len()], expected.as_bytes(), "{s:?}");
                } else {
                    assert!(!sink.fits());
                }
            }
        }
    }

    #[test]
    fn sink_counts_past_the_end_and_keeps_what_fits() {
        let mut buf = [0u8; 5];
        let mut sink = Sink::new(&mut buf);
        sink.push(b"abc");
        sink.push(b"def");
        sink.push_u64(12);
        assert_eq!(sink.len(), 8);
        assert!(!sink.fits());
        assert_eq!(&buf, b"abc\0\0");
    }
}
