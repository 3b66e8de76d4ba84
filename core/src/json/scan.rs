//! Stage two of the reader: read-only traversal of a *cooked* document.
//!
//! Everything here assumes [`super::cook`] accepted the document, but nothing relies on it for
//! memory safety or to avoid panics: every access is bounds-checked and an unexpected byte ends the
//! traversal with `None`.

use super::COOKED;

/// A JSON value borrowed from a cooked document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    /// An (already unescaped) string.
    Str(&'a str),
    /// A number, as its JSON text.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An array, as its cooked text including the brackets.
    Array(&'a str),
    /// An object, as its cooked text including the braces.
    Object(&'a str),
}

impl<'a> Value<'a> {
    /// The string, if this value is one.
    pub(crate) fn as_str(&self) -> Option<&'a str> {
        match *self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A position in a cooked document.
///
/// The cooked document is kept as `&str`: cooking keeps it valid UTF-8 (the marker and length
/// bytes are ASCII), so it is validated once and every string is then a sub-slice, with no
/// per-string UTF-8 check.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    /// A cursor over cooked bytes (validates UTF-8 once).
    pub(crate) fn from_bytes(buf: &'a [u8]) -> Option<Self> {
        core::str::from_utf8(buf).ok().map(Cursor::new)
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    /// Out of line on 32-bit targets, like the cooker's: inlined at every call it costs ~300 B of
    /// flash on the Cortex-M4.
    #[cfg_attr(target_pointer_width = "32", inline(never))]
    pub(crate) fn skip_ws(&mut self) {
        let bytes = self.bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Reads a string at the cursor (after whitespace).
    pub(crate) fn string(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let bytes = self.bytes();
        // Both forms end in one slicing (one bounds and char-boundary check in the code).
        let (start, end) = match *bytes.get(self.pos)? {
            b'"' => {
                let start = self.pos + 1;
                let end = closing_quote(bytes, start)?;
                self.pos = end + 1;
                (start, end)
            }
            COOKED => {
                let lo = usize::from(*bytes.get(self.pos + 1)?);
                let hi = usize::from(*bytes.get(self.pos + 2)?);
                let start = self.pos + 3;
                self.pos = start + (lo | (hi << 7));
                (start, self.pos)
            }
            _ => return None,
        };
        self.text.get(start..end)
    }

    /// Consumes `byte` (after whitespace).
    pub(crate) fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads any value at the cursor (after whitespace).
    ///
    /// Every kind but strings is cut out of the text at one place (one bounds and char-boundary
    /// check in the code, not one per kind: about 150 B less on the Cortex-M4).
    pub(crate) fn value(&mut self) -> Option<Value<'a>> {
        self.skip_ws();
        let start = self.pos;
        let first = self.peek()?;
        if first == b'"' || first == COOKED {
            return self.string().map(Value::Str);
        }
        match first {
            b'{' | b'[' => self.skip_container()?,
            b't' | b'n' => self.pos += 4,
            b'f' => self.pos += 5,
            _ => {
                let bytes = self.bytes();
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = bytes.get(self.pos)
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
            }
        }
        let text = self.text.get(start..self.pos)?;
        Some(match first {
            b'{' => Value::Object(text),
            b'[' => Value::Array(text),
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'n' => Value::Null,
            _ => Value::Number(text),
        })
    }

    /// Skips the array or object at the cursor, strings included.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        let bytes = self.bytes();
        loop {
            match *bytes.get(self.pos)? {
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b'"' => {
                    self.pos = closing_quote(bytes, self.pos + 1)? + 1;
                }
                COOKED => {
                    let lo = usize::from(*bytes.get(self.pos + 1)?);
                    let hi = usize::from(*bytes.get(self.pos + 2)?);
                    self.pos += 3 + (lo | (hi << 7));
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Iterates over the members of the object at the cursor.
    pub(crate) fn members(mut self) -> Option<Members<'a>> {
        self.eat(b'{')?;
        Some(Members {
            cursor: self,
            first: true,
            done: false,
        })
    }

    /// Iterates over the elements of the array at the cursor.
    pub(crate) fn elements(mut self) -> Option<Elements<'a>> {
        self.eat(b'[')?;
        Some(Elements {
            cursor: self,
            first: true,
            done: false,
        })
    }
}

/// Iterator over `(name, value)` members of a cooked object.
#[derive(Clone, Debug)]
pub(crate) struct Members<'a> {
    cursor: Cursor<'a>,
    first: bool,
    done: bool,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let c = &mut self.cursor;
        c.skip_ws();
        if c.eat(b'}').is_some() || (!self.first && c.eat(b',').is_none()) {
            self.done = true;
            return None;
        }
        self.first = false;
        let item = (|| {
            let name = c.string()?;
            c.eat(b':')?;
            let value = c.value()?;
            Some((name, value))
        })();
        if item.is_none() {
            self.done = true;
        }
        item
    }
}

/// Iterator over the elements of a cooked array.
#[derive(Clone, Debug)]
pub(crate) struct Elements<'a> {
    cursor: Cursor<'a>,
    first: bool,
    done: bool,
}

impl<'a> Elements<'a> {
    /// Moves to the next element; false at the end of the array.
    fn advance(&mut self) -> bool {
        if self.done {
            return false;
        }
        let c = &mut self.cursor;
        c.skip_ws();
        if c.eat(b']').is_some() || (!self.first && c.eat(b',').is_none()) {
            self.done = true;
            return false;
        }
        self.first = false;
        true
    }

    /// The next element of an array known to hold only strings: reads it as a string directly,
    /// without the type dispatch of [`Cursor::value`]. Ends (`None`) at anything else.
    pub(crate) fn next_str(&mut self) -> Option<&'a str> {
        if !self.advance() {
            return None;
        }
        let item = self.cursor.string();
        self.done |= item.is_none();
        item
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.advance() {
            return None;
        }
        let item = self.cursor.value();
        self.done |= item.is_none();
        item
    }
}

/// Finds the member `name` in the cooked object `obj`.
pub(crate) fn find_member<'a>(obj: &'a [u8], name: &str) -> Option<Value<'a>> {
    find_member_str(core::str::from_utf8(obj).ok()?, name)
}

/// Finds the member `name` in the cooked object `obj`.
pub(crate) fn find_member_str<'a>(obj: &'a str, name: &str) -> Option<Value<'a>> {
    Cursor::new(obj)
        .members()?
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Whether the cooked object `obj` has two members with the same (unescaped) name.
pub(crate) fn has_duplicate_member(obj: &[u8]) -> bool {
    has_duplicate_member_with::<REMEMBER_NAMES>(obj)
}

/// Whether [`has_duplicate_member`] keeps the first names in a table (one walk for up to
/// [`REMEMBERED`] members) rather than walking the members before each one again: on 64-bit
/// targets. On 32-bit ones the table's code costs more flash (about 230 B on the Cortex-M4) than
/// the rare nested object with several members costs time.
/// Off with `small-flash` on every target, so that the host tests run what small builds link.
const REMEMBER_NAMES: bool = cfg!(target_pointer_width = "64") && !cfg!(feature = "small-flash");

/// Names [`has_duplicate_member_with`] remembers before it falls back to the quadratic walk.
const REMEMBERED: usize = 16;

/// [`has_duplicate_member`], with the table of names when `REMEMBER`; both give the same answer
/// for every object (tested).
fn has_duplicate_member_with<const REMEMBER: bool>(obj: &[u8]) -> bool {
    let Some(members) = Cursor::from_bytes(obj).and_then(Cursor::members) else {
        return false;
    };
    if !REMEMBER {
        return has_duplicate_member_slow(members);
    }
    let mut names: [&str; REMEMBERED] = [""; REMEMBERED];
    for (count, (name, _)) in members.clone().enumerate() {
        let Some((seen, [slot, ..])) = names.split_at_mut_checked(count) else {
            return has_duplicate_member_slow(members);
        };
        if seen.contains(&name) {
            return true;
        }
        *slot = name;
    }
    false
}

/// Quadratic fallback for objects with many members; bounded by the token size cap.
fn has_duplicate_member_slow(members: Members<'_>) -> bool {
    // A name is a duplicate when its first occurrence is not where it is.
    members
        .clone()
        .enumerate()
        .any(|(index, (name, _))| members.clone().position(|(n, _)| n == name) != Some(index))
}

/// The position of the `"` that closes a plain (not cooked) string whose text starts at `start`.
/// Plain strings in a cooked document hold no backslash or control character, so the first byte
/// that ends a plain run must be that quote.
fn closing_quote(bytes: &[u8], start: usize) -> Option<usize> {
    let end = plain_run_end(bytes, start);
    (bytes.get(end) == Some(&b'"')).then_some(end)
}

/// Bytes that end the plain part of a string: `"`, `\` and the control characters.
fn ends_plain_run(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The position of the first byte at or after `i` that ends a plain string run, or `buf.len()`.
///
/// A machine word at a time (eight bytes on 64-bit targets, four on 32-bit ones, where 64-bit
/// arithmetic takes register pairs): for each word the classic "has zero byte" bit trick finds
/// `"`, `\\` and bytes below 0x20 at once. The trick can flag a byte *above* a real hit (a borrow
/// carries upward) but never below one, so the lowest flagged byte is exact.
pub(crate) fn plain_run_end(buf: &[u8], mut i: usize) -> usize {
    const BYTES: usize = core::mem::size_of::<usize>();
    const ONES: usize = usize::MAX / 0xff;
    const HIGH: usize = ONES * 0x80;
    let has_zero = |x: usize| x.wrapping_sub(ONES) & !x;
    while let Some(word) = buf.get(i..).and_then(<[u8]>::first_chunk::<BYTES>) {
        let w = usize::from_le_bytes(*word);
        let quote = has_zero(w ^ (ONES * usize::from(b'"')));
        let backslash = has_zero(w ^ (ONES * usize::from(b'\\')));
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let hits = (quote | backslash | control) & HIGH;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += BYTES;
    }
    while let Some(&b) = buf.get(i) {
        if ends_plain_run(b) {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::string::String;

    proptest! {
        /// Both variants find a duplicate name exactly when there is one, below and above the
        /// number of names the table remembers, with values that hold names of their own.
        #[test]
        fn duplicate_members_are_found_with_and_without_the_table(
            names in proptest::collection::vec("[ab]{0,2}|[a-z]{3,6}", 0..40)
        ) {
            let mut obj = String::from("{");
            for (i, name) in names.iter().enumerate() {
                if i > 0 {
                    obj.push(',');
                }
                obj.push_str(&std::format!(r#" "{name}" : [{i},{{"{name}":"x"}}]"#));
            }
            obj.push('}');
            let mut seen = std::collections::HashSet::new();
            let expected = !names.iter().all(|n| seen.insert(n));
            prop_assert_eq!(has_duplicate_member_with::<true>(obj.as_bytes()), expected);
            prop_assert_eq!(has_duplicate_member_with::<false>(obj.as_bytes()), expected);
        }
    }

    #[test]
    fn values_of_every_kind_are_cut_out_and_the_cursor_moves_past_them() {
        let text = r#" "s" , -1.5e3 ,true, false ,null,[1,["]"]],{"k":{}} ]"#;
        let mut c = Cursor::new(text);
        let mut values = std::vec::Vec::new();
        while let Some(v) = c.value() {
            values.push(v);
            c.eat(b',');
        }
        assert_eq!(
            values,
            [
                Value::Str("s"),
                Value::Number("-1.5e3"),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                Value::Array(r#"[1,["]"]]"#),
                Value::Object(r#"{"k":{}}"#),
            ]
        );
        // A literal cut short by the end of the text ends the traversal.
        for cut in ["tru", "f", "nul"] {
            assert_eq!(Cursor::new(cut).value(), None, "{cut}");
        }
    }

    #[test]
    fn cooked_names_compare_by_their_unescaped_text() {
        // `"a\u0062"` cooked: marker, length 2 (low, high), the text, then spaces.
        let obj = b"{\"ab\":1,\x01\x02\x00ab    :2}";
        assert!(has_duplicate_member_with::<true>(obj));
        assert!(has_duplicate_member_with::<false>(obj));
        let obj = b"{\"ac\":1,\x01\x02\x00ab    :2}";
        assert!(!has_duplicate_member_with::<true>(obj));
        assert!(!has_duplicate_member_with::<false>(obj));
    }
}
