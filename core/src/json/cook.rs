//! Stage one of the reader: strict validation plus in-place unescaping ("cooking").
//!
//! Owns the JSON grammar (RFC 8259) and every refusal the verifier makes about JSON. It does not
//! interpret members; that is the header and claims code's job, on the cooked result. While it
//! walks the top-level object it records where each member is ([`Index`]), so that nobody has to
//! walk the document again to find a claim.

use super::index::{Index, Kind};
use super::{COOKED, MAX_DEPTH, scan};
use crate::error::JsonError;

/// Validates `buf` as exactly one JSON object (surrounding whitespace allowed) and cooks its
/// strings in place. On error the buffer's content is unspecified.
pub(crate) fn cook(buf: &mut [u8]) -> Result<(), JsonError> {
    cook_indexed(buf).map(|_| ())
}

/// Like [`cook`], and returns the cooked document with the index of its top-level members
/// (duplicate names already refused).
pub(crate) fn cook_indexed(buf: &mut [u8]) -> Result<(&str, Index), JsonError> {
    let mut index = Index::new();
    let doc = cook_into(buf, &mut index)?;
    Ok((doc, index))
}

/// [`cook_indexed`] writing the index into `index` (which must be empty), for a caller that keeps
/// it inside a larger value: moving a finished index costs more than the lookups it saves.
pub(crate) fn cook_into<'b>(buf: &'b mut [u8], index: &mut Index) -> Result<&'b str, JsonError> {
    // UTF-8 is checked once, on the cooked result: outside strings the grammar admits only ASCII,
    // and cooking neither repairs nor breaks an encoding (it copies string bytes unchanged and
    // writes whole characters for escapes), so the cooked text is valid exactly when the input is.
    let mut c = Cooker { buf, pos: 0, index };
    c.skip_ws();
    match c.peek() {
        Some(b'{') => c.object(1)?,
        Some(_) => return Err(JsonError::NotAnObject),
        None => return Err(JsonError::UnexpectedEnd),
    }
    c.skip_ws();
    if c.pos != c.buf.len() {
        return Err(JsonError::TrailingData);
    }
    let Cooker { buf, index, .. } = c;
    let doc = core::str::from_utf8(buf).map_err(|_| JsonError::InvalidUtf8)?;
    if index.has_duplicate(doc) {
        return Err(JsonError::DuplicateMember);
    }
    Ok(doc)
}

/// The number of ASCII digits `bytes` starts with; eight bytes at a time.
///
/// Per byte `t = b ^ '0'` is `0..=9` exactly for a digit; `t | (t + 6)` then has a zero high
/// nibble only for those. The addition can carry into the byte above a non-digit (0xFA and up)
/// but never below one, so the lowest flagged byte is exact.
fn digit_run_len(bytes: &[u8]) -> usize {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let mut count = 0;
    let (chunks, rest) = bytes.as_chunks::<8>();
    for chunk in chunks {
        let t = u64::from_le_bytes(*chunk) ^ ZEROS;
        let non_digits = (t | t.wrapping_add(0x0606_0606_0606_0606)) & HIGH_NIBBLES;
        if non_digits != 0 {
            return count + (non_digits.trailing_zeros() / 8) as usize;
        }
        count += 8;
    }
    count + rest.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// [`digit_run_len`] one byte at a time (what 32-bit targets use).
fn digit_run_len_bytewise(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

struct Cooker<'b, 'i> {
    buf: &'b mut [u8],
    pos: usize,
    index: &'i mut Index,
}

impl Cooker<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Out of line on 32-bit targets: it is inlined at eight places otherwise (~140 B of flash
    /// on the Cortex-M4) for a loop that rarely runs more than once in compact JSON.
    #[cfg_attr(target_pointer_width = "32", inline(never))]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        match self.peek() {
            Some(b) if b == byte => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(JsonError::Syntax),
            None => Err(JsonError::UnexpectedEnd),
        }
    }

    /// Validates (and cooks) the value at the cursor; returns its type and `(start, len)` of what
    /// the index records for it: the unescaped text of a string, the JSON text of anything else.
    #[inline(always)]
    fn value(&mut self, depth: usize) -> Result<(Kind, (usize, usize)), JsonError> {
        let start = self.pos;
        // Strings and numbers first, as tests rather than in the `match`: that would become one
        // indirect jump through a table, which predicts worse than two compares.
        let first = self.peek();
        if first == Some(b'"') {
            return self.string().map(|text| (Kind::Str, text));
        }
        if first.is_some_and(|b| b.is_ascii_digit()) {
            return self
                .number()
                .map(|()| (Kind::Number, (start, self.pos - start)));
        }
        let kind = match first {
            Some(b'{') => self.object(depth + 1).map(|()| Kind::Object),
            Some(b'[') => self.array(depth + 1).map(|all_strings| {
                if all_strings {
                    Kind::StrArray
                } else {
                    Kind::Array
                }
            }),
            Some(b'-' | b'0'..=b'9') => self.number().map(|()| Kind::Number),
            Some(b'+' | b'.') => Err(JsonError::InvalidNumber),
            Some(b't') => self.literal(b"true").map(|()| Kind::True),
            Some(b'f') => self.literal(b"false").map(|()| Kind::False),
            Some(b'n') => self.literal(b"null").map(|()| Kind::Null),
            Some(_) => Err(JsonError::Syntax),
            None => Err(JsonError::UnexpectedEnd),
        }?;
        Ok((kind, (start, self.pos - start)))
    }

    fn object(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        let start = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        let mut members = 0usize;
        loop {
            let name = match self.peek() {
                Some(b'"') => self.string()?,
                Some(_) => return Err(JsonError::Syntax),
                None => return Err(JsonError::UnexpectedEnd),
            };
            // Compact JSON (what token issuers write) has `":` right after the name.
            if self.peek() == Some(b':') {
                self.pos += 1;
            } else {
                self.skip_ws();
                self.expect(b':')?;
            }
            self.skip_ws();
            let (kind, value) = self.value(depth)?;
            if depth == 1 {
                self.index.push(self.buf, name, value, kind);
            }
            members += 1;
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => return Err(JsonError::Syntax),
                None => return Err(JsonError::UnexpectedEnd),
            }
        }
        // The top level is checked through the index by `cook_indexed`.
        if depth > 1
            && members > 1
            && scan::has_duplicate_member(self.buf.get(start..self.pos).unwrap_or_default())
        {
            return Err(JsonError::DuplicateMember);
        }
        Ok(())
    }

    /// Validates (and cooks) the array at the cursor; returns whether all its elements are strings
    /// (true for `[]`), which lets a string-array claim skip its own type check later.
    fn array(&mut self, depth: usize) -> Result<bool, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(true);
        }
        let mut all_strings = true;
        loop {
            let (kind, _) = self.value(depth)?;
            all_strings &= kind == Kind::Str;
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(all_strings);
                }
                Some(_) => return Err(JsonError::Syntax),
                None => return Err(JsonError::UnexpectedEnd),
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        let end = self.pos + word.len();
        match self.buf.get(self.pos..end) {
            Some(s) if s == word => {}
            Some(_) => return Err(JsonError::Syntax),
            None => return Err(JsonError::UnexpectedEnd),
        }
        self.pos = end;
        match self.peek() {
            Some(b) if b.is_ascii_alphanumeric() || b == b'_' => Err(JsonError::Syntax),
            _ => Ok(()),
        }
    }

    fn digits(&mut self) -> usize {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        // On 32-bit targets the eight-at-a-time count takes 64-bit arithmetic in register pairs,
        // which costs more flash than the few digits of a token's numbers save time.
        // `small-flash` takes the byte loop on every target (the host tests run what it links).
        let count = if cfg!(target_pointer_width = "64") && !cfg!(feature = "small-flash") {
            digit_run_len(rest)
        } else {
            digit_run_len_bytewise(rest)
        };
        self.pos += count;
        count
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(JsonError::InvalidNumber),
            None => return Err(JsonError::UnexpectedEnd),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(JsonError::InvalidNumber);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(JsonError::InvalidNumber);
            }
        }
        // `01`, `1.2.3`, `1e5e5`, `-x`: the number grammar ended but the token did not.
        match self.peek() {
            Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_') => {
                Err(JsonError::InvalidNumber)
            }
            _ => Ok(()),
        }
    }

    /// Validates the string at `self.pos` (which is `"`), cooks it if it has escapes, and returns
    /// `(start, len)` of its (unescaped) text.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn string(&mut self) -> Result<(usize, usize), JsonError> {
        let open = self.pos;
        // Fast path: most strings in tokens have no escapes and are left untouched.
        let end = scan::plain_run_end(self.buf, open + 1);
        match self.buf.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                Ok((open + 1, end - open - 1))
            }
            Some(b'\\') => self.cook_string(open, end),
            Some(_) => Err(JsonError::ControlCharacter),
            None => Err(JsonError::UnexpectedEnd),
        }
    }

    /// The rest of [`Cooker::string`] for a string with escapes; `i` is the first backslash.
    #[cold]
    fn cook_string(&mut self, open: usize, mut i: usize) -> Result<(usize, usize), JsonError> {
        // Slow path: decode escapes, writing at `w <= i` (every escape is longer than its UTF-8).
        let mut w = i;
        let close = loop {
            let b = *self.buf.get(i).ok_or(JsonError::UnexpectedEnd)?;
            match b {
                b'"' => break i,
                b'\\' => {
                    let (ch, used) = self.escape(i)?;
                    let mut utf8 = [0u8; 4];
                    for &e in ch.encode_utf8(&mut utf8).as_bytes() {
                        self.put(w, e)?;
                        w += 1;
                    }
                    i += used;
                }
                b if b < 0x20 => return Err(JsonError::ControlCharacter),
                b => {
                    self.put(w, b)?;
                    w += 1;
                    i += 1;
                }
            }
        };
        let len = w - (open + 1);
        // Two 7-bit length bytes keep the cooked document valid UTF-8 (see `super::scan`).
        if len >= 1 << 14 {
            return Err(JsonError::StringTooLong);
        }
        let region = self
            .buf
            .get_mut(open..=close)
            .ok_or(JsonError::UnexpectedEnd)?;
        lay_out_cooked(region, len)?;
        self.pos = close + 1;
        Ok((open + 3, len))
    }

    /// Writes one byte of cooked text at `w`. `w` never passes the read position, so the error is
    /// unreachable; it keeps the cold path free of bounds-check panics.
    fn put(&mut self, w: usize, byte: u8) -> Result<(), JsonError> {
        *self.buf.get_mut(w).ok_or(JsonError::UnexpectedEnd)? = byte;
        Ok(())
    }

    /// Decodes the escape at `i` (a backslash); returns the character and the bytes consumed.
    fn escape(&self, i: usize) -> Result<(char, usize), JsonError> {
        let kind = *self.buf.get(i + 1).ok_or(JsonError::UnexpectedEnd)?;
        if kind == b'u' {
            return self.unicode_escape(i);
        }
        // The two-character escapes of RFC 8259 §7 as (letter, character) pairs: a scan of 16
        // bytes is less code than a `match` on a cold path.
        const SIMPLE: &[u8; 16] = b"\"\"\\\\//b\x08f\x0cn\nr\rt\t";
        SIMPLE
            .as_chunks::<2>()
            .0
            .iter()
            .find(|[letter, _]| *letter == kind)
            .map(|&[_, ch]| (char::from(ch), 2))
            .ok_or(JsonError::InvalidEscape)
    }

    fn unicode_escape(&self, i: usize) -> Result<(char, usize), JsonError> {
        let first = self.hex4(i + 2)?;
        match first {
            0xD800..=0xDBFF => {
                // A high surrogate must be followed immediately by `\u` + a low surrogate.
                if self.buf.get(i + 6..i + 8) != Some(b"\\u") {
                    return Err(JsonError::LoneSurrogate);
                }
                let second = self.hex4(i + 8)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(JsonError::LoneSurrogate);
                }
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                let ch = char::from_u32(code).ok_or(JsonError::LoneSurrogate)?;
                Ok((ch, 12))
            }
            0xDC00..=0xDFFF => Err(JsonError::LoneSurrogate),
            _ => Ok((char::from_u32(first).ok_or(JsonError::InvalidEscape)?, 6)),
        }
    }

    fn hex4(&self, at: usize) -> Result<u32, JsonError> {
        let digits = self.buf.get(at..at + 4).ok_or(JsonError::UnexpectedEnd)?;
        let mut v = 0u32;
        for &d in digits {
            // `to_digit(16)` takes exactly `0-9`, `a-f` and `A-F`.
            let nibble = char::from(d).to_digit(16).ok_or(JsonError::InvalidEscape)?;
            v = (v << 4) | nibble;
        }
        Ok(v)
    }
}

/// Lays out a cooked string in `region` (its bytes from the opening to the closing quote, with the
/// unescaped text at `1..1 + len`): [`COOKED`], two 7-bit length bytes, the text, then spaces.
///
/// Every escape is longer than the UTF-8 it decodes to and a cooked string has at least one, so
/// the text ends at least one byte before the closing quote and `len + 3 <= region.len()`; the
/// error is unreachable and only keeps the code free of panics.
fn lay_out_cooked(region: &mut [u8], len: usize) -> Result<(), JsonError> {
    // The text moves two bytes to the right, by a rotation done as swaps from the end (the two
    // bytes after the text land in front of it, where the length goes). Not `copy_within` or a
    // copying loop, which LLVM turns into a call to a general `memmove` (~1.6 KB on Thumb) for
    // this cold path.
    let mut rest = region.get_mut(1..len + 3).ok_or(JsonError::UnexpectedEnd)?;
    while let Some((last, init)) = rest.split_last_mut() {
        let [.., source, _] = init else { break };
        core::mem::swap(last, source);
        rest = init;
    }
    if let [tag, low, high, rest @ ..] = region {
        *tag = COOKED;
        *low = (len & 0x7f) as u8;
        *high = (len >> 7) as u8;
        for b in rest.iter_mut().skip(len) {
            *b = b' ';
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cook_str(s: &str) -> Result<([u8; 256], usize), JsonError> {
        let mut buf = [0u8; 256];
        buf[..s.len()].copy_from_slice(s.as_bytes());
        cook(&mut buf[..s.len()])?;
        Ok((buf, s.len()))
    }

    #[test]
    fn table_of_refusals() {
        let cases: &[(&str, JsonError)] = &[
            ("", JsonError::UnexpectedEnd),
            ("[]", JsonError::NotAnObject),
            ("\"a\"", JsonError::NotAnObject),
            ("{}x", JsonError::TrailingData),
            ("{} {}", JsonError::TrailingData),
            ("{\"a\":1,}", JsonError::Syntax),
            ("{\"a\" 1}", JsonError::Syntax),
            ("{\"a\":1", JsonError::UnexpectedEnd),
            ("{\"a\":01}", JsonError::InvalidNumber),
            ("{\"a\":+1}", JsonError::InvalidNumber),
            ("{\"a\":.5}", JsonError::InvalidNumber),
            ("{\"a\":1.}", JsonError::InvalidNumber),
            ("{\"a\":1e}", JsonError::InvalidNumber),
            ("{\"a\":-}", JsonError::InvalidNumber),
            ("{\"a\":tru}", JsonError::Syntax),
            ("{\"a\":truex}", JsonError::Syntax),
            ("{\"a\":\"x\ny\"}", JsonError::ControlCharacter),
            ("{\"a\":\"\\x\"}", JsonError::InvalidEscape),
            ("{\"a\":\"\\u12G4\"}", JsonError::InvalidEscape),
            ("{\"a\":\"\\ud800\"}", JsonError::LoneSurrogate),
            ("{\"a\":\"\\udc00\"}", JsonError::LoneSurrogate),
            ("{\"a\":\"\\ud800\\u0041\"}", JsonError::LoneSurrogate),
            ("{\"a\":1,\"a\":2}", JsonError::DuplicateMember),
            ("{\"a\":1,\"\\u0061\":2}", JsonError::DuplicateMember),
            ("{\"o\":{\"b\":1,\"b\":1}}", JsonError::DuplicateMember),
            ("{'a':1}", JsonError::Syntax),
            ("{\"a\":NaN}", JsonError::Syntax),
        ];
        for (input, expected) in cases {
            assert_eq!(cook_str(input).err(), Some(*expected), "{input:?}");
        }
    }

    #[test]
    fn refuses_invalid_utf8_and_deep_nesting() {
        let mut bad = *b"{\"a\":\"\xff\"}";
        assert_eq!(cook(&mut bad), Err(JsonError::InvalidUtf8));
        // 16 levels are fine, 17 are not.
        let ok = "{\"a\":[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]}";
        assert!(cook_str(ok).is_ok());
        let deep = "{\"a\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}";
        assert_eq!(cook_str(deep).err(), Some(JsonError::TooDeep));
    }

    #[test]
    fn cooks_escapes_in_place_and_keeps_layout() {
        let input = "{\"iss\":\"https:\\/\\/idp\",\"n\":\"\\ud83d\\ude00\\u00e9\\\"\"}";
        let (buf, len) = cook_str(input).unwrap();
        let cooked = core::str::from_utf8(&buf[..len]).unwrap();
        let mut members = scan::Cursor::new(cooked).members().unwrap();
        let (name, value) = members.next().unwrap();
        assert_eq!(name, "iss");
        assert_eq!(value.as_str(), Some("https://idp"));
        let (name, value) = members.next().unwrap();
        assert_eq!(name, "n");
        assert_eq!(value.as_str(), Some("\u{1F600}é\""));
        assert!(members.next().is_none());
    }

    /// What `{"a":"<text>"}` cooks to, as the value of `a`, or the refusal.
    fn cooked_member(text: &str) -> Result<std::string::String, JsonError> {
        let mut buf = std::format!("{{\"a\":\"{text}\"}}").into_bytes();
        let (doc, index) = cook_indexed(&mut buf)?;
        let value = index.get(doc, "a").and_then(|v| v.as_str());
        Ok(value.expect("a string member").into())
    }

    /// The same document through `serde_json`, the independent reference.
    fn serde_member(text: &str) -> Option<std::string::String> {
        let json = std::format!("{{\"a\":\"{text}\"}}");
        let value: serde_json::Value = serde_json::from_str(&json).ok()?;
        Some(value["a"].as_str()?.into())
    }

    #[test]
    fn every_escape_letter_decodes_as_serde_json_decodes_it() {
        for letter in (0x20u8..0x7f).map(char::from) {
            let text = std::format!("x\\{letter}y");
            let ours = cooked_member(&text);
            assert_eq!(ours.clone().ok(), serde_member(&text), "{text:?}");
            if ours.is_err() {
                // `\uy"}` ends before its four hex digits could.
                let expected = if letter == 'u' {
                    JsonError::UnexpectedEnd
                } else {
                    JsonError::InvalidEscape
                };
                assert_eq!(ours, Err(expected), "{text:?}");
            }
        }
    }

    #[test]
    fn every_hex_digit_pair_decodes_as_serde_json_decodes_it() {
        for high in (0x20u8..0x7f).map(char::from) {
            for low in (0x20u8..0x7f).map(char::from) {
                // `"` and `\` would end the string or start another escape.
                if matches!(high, '"' | '\\') || matches!(low, '"' | '\\') {
                    continue;
                }
                let text = std::format!("\\u00{high}{low}");
                let ours = cooked_member(&text);
                assert_eq!(ours.clone().ok(), serde_member(&text), "{text:?}");
                if let Err(error) = ours {
                    assert_eq!(error, JsonError::InvalidEscape, "{text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Agrees with a byte-at-a-time count on any input, digits or not.
        #[test]
        fn digit_runs_are_counted_exactly(bytes in proptest::collection::vec(
            proptest::prop_oneof![0x2Fu8..=0x3A, proptest::num::u8::ANY], 0..40)) {
            let expected = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            proptest::prop_assert_eq!(digit_run_len(&bytes), expected);
            proptest::prop_assert_eq!(digit_run_len_bytewise(&bytes), expected);
        }
    }
}
