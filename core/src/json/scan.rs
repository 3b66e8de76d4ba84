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
    Array(&'a [u8]),
    /// An object, as its cooked text including the braces.
    Object(&'a [u8]),
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
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Cursor { buf, pos: 0 }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    pub(crate) fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Reads a string at the cursor (after whitespace).
    pub(crate) fn string(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let bytes = match self.peek()? {
            b'"' => {
                let start = self.pos + 1;
                let len = self.buf.get(start..)?.iter().position(|&b| b == b'"')?;
                self.pos = start + len + 1;
                &self.buf[start..start + len]
            }
            COOKED => {
                let len_bytes = self.buf.get(self.pos + 1..self.pos + 3)?;
                let len = usize::from(u16::from_le_bytes([len_bytes[0], len_bytes[1]]));
                let start = self.pos + 3;
                let bytes = self.buf.get(start..start + len)?;
                self.pos = start + len;
                bytes
            }
            _ => return None,
        };
        core::str::from_utf8(bytes).ok()
    }

    /// Consumes `byte` (after whitespace).
    pub(crate) fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads any value at the cursor (after whitespace).
    pub(crate) fn value(&mut self) -> Option<Value<'a>> {
        self.skip_ws();
        let start = self.pos;
        Some(match self.peek()? {
            b'"' | COOKED => Value::Str(self.string()?),
            b'{' => {
                self.skip_container()?;
                Value::Object(&self.buf[start..self.pos])
            }
            b'[' => {
                self.skip_container()?;
                Value::Array(&self.buf[start..self.pos])
            }
            b't' => {
                self.pos += 4;
                Value::Bool(true)
            }
            b'f' => {
                self.pos += 5;
                Value::Bool(false)
            }
            b'n' => {
                self.pos += 4;
                Value::Null
            }
            _ => {
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                }
                let text = core::str::from_utf8(self.buf.get(start..self.pos)?).ok()?;
                if text.is_empty() {
                    return None;
                }
                Value::Number(text)
            }
        })
    }

    /// Skips the array or object at the cursor, strings included.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b'"' | COOKED => {
                    self.string()?;
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

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let c = &mut self.cursor;
        c.skip_ws();
        if c.eat(b']').is_some() || (!self.first && c.eat(b',').is_none()) {
            self.done = true;
            return None;
        }
        self.first = false;
        let item = c.value();
        if item.is_none() {
            self.done = true;
        }
        item
    }
}

/// Finds the member `name` in the cooked object `obj`.
pub(crate) fn find_member<'a>(obj: &'a [u8], name: &str) -> Option<Value<'a>> {
    Cursor::new(obj)
        .members()?
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Duplicate tracking for a caller that walks an object's members once anyway.
pub(crate) struct SeenNames<'a> {
    names: [&'a str; 16],
    len: usize,
}

impl<'a> SeenNames<'a> {
    pub(crate) fn new() -> Self {
        SeenNames {
            names: [""; 16],
            len: 0,
        }
    }

    /// Records `name`; true if it was seen before. Past 16 names it records nothing: call
    /// [`SeenNames::needs_full_check`] after the walk.
    pub(crate) fn is_duplicate(&mut self, name: &'a str) -> bool {
        if self.names[..self.len.min(16)].contains(&name) {
            return true;
        }
        if let Some(slot) = self.names.get_mut(self.len) {
            *slot = name;
        }
        self.len += 1;
        false
    }

    /// Whether there were too many members to check them all on the way.
    pub(crate) fn needs_full_check(&self) -> bool {
        self.len > 16
    }
}

/// Whether the cooked object `obj` has two members with the same (unescaped) name.
pub(crate) fn has_duplicate_member(obj: &[u8]) -> bool {
    const FAST: usize = 16;
    let Some(members) = Cursor::new(obj).members() else {
        return false;
    };
    let mut names: [&str; FAST] = [""; FAST];
    for (count, (name, _)) in members.clone().enumerate() {
        if count == FAST {
            return has_duplicate_member_slow(members);
        }
        if names[..count].contains(&name) {
            return true;
        }
        names[count] = name;
    }
    false
}

/// Quadratic fallback for objects with many members; bounded by the token size cap.
fn has_duplicate_member_slow(members: Members<'_>) -> bool {
    let outer = members.clone();
    for (index, (name, _)) in outer.enumerate() {
        if members.clone().take(index).any(|(n, _)| n == name) {
            return true;
        }
    }
    false
}
