//! The index of a cooked object's top-level members, recorded by the cooker in the same pass.
//!
//! Reading a claim used to mean walking the payload again from its first byte: once for the
//! registered claims, once more for every custom claim the caller asks for. The cooker already
//! visits every member, so it notes where each top-level name and value is; claims and accessors
//! then look members up here. Offsets are `u16` and at most [`CAPACITY`] members are recorded, so
//! the index stays small enough to live inside [`crate::Verified`]; a larger document is marked
//! incomplete and every lookup falls back to walking the cooked text ([`super::scan`]), which
//! gives the same answers more slowly.

use super::scan::{self, Members, Value};

/// Most top-level members recorded. Real JWT headers have 2–4 and claim sets 5–15.
pub(crate) const CAPACITY: usize = 16;

/// The JSON type of a recorded value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string; the recorded range is the unescaped text.
    Str,
    /// A number; the range is its JSON text.
    Number,
    /// `true`.
    True,
    /// `false`.
    False,
    /// `null`.
    Null,
    /// An array; the range is its cooked text, brackets included.
    Array,
    /// An object; the range is its cooked text, braces included.
    Object,
}

/// One recorded member: byte offsets into the cooked object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    name_start: u16,
    name_len: u16,
    value_start: u16,
    value_len: u16,
    kind: Kind,
}

const EMPTY: Entry = Entry {
    name_start: 0,
    name_len: 0,
    value_start: 0,
    value_len: 0,
    kind: Kind::Null,
};

/// Where the top-level members of one cooked object are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Index {
    entries: [Entry; CAPACITY],
    len: u8,
    complete: bool,
}

impl Index {
    /// An empty, complete index (an object with no members).
    pub(crate) const fn new() -> Self {
        Index {
            entries: [EMPTY; CAPACITY],
            len: 0,
            complete: true,
        }
    }

    /// Records a member; past [`CAPACITY`] members or 64 KiB offsets the index gives up and
    /// becomes incomplete.
    pub(crate) fn push(&mut self, name: (usize, usize), value: (usize, usize), kind: Kind) {
        let fits = |n: usize| u16::try_from(n).ok();
        let entry = (|| {
            Some(Entry {
                name_start: fits(name.0)?,
                name_len: fits(name.1)?,
                value_start: fits(value.0)?,
                value_len: fits(value.1)?,
                kind,
            })
        })();
        match (entry, self.entries.get_mut(usize::from(self.len))) {
            (Some(entry), Some(slot)) if self.complete => {
                *slot = entry;
                self.len += 1;
            }
            _ => self.complete = false,
        }
    }

    /// Whether every member was recorded.
    #[cfg(test)]
    pub(crate) fn is_complete(&self) -> bool {
        self.complete
    }

    fn recorded(&self) -> &[Entry] {
        self.entries
            .get(..usize::from(self.len))
            .unwrap_or_default()
    }

    /// The members of `doc` (the cooked object this index was made for), in document order.
    pub(crate) fn members<'d>(&self, doc: &'d str) -> MemberIter<'d, '_> {
        if self.complete {
            MemberIter::Indexed {
                doc,
                entries: self.recorded().iter(),
            }
        } else {
            MemberIter::Scanned(scan::Cursor::new(doc).members())
        }
    }

    /// The value of member `name` in `doc`.
    pub(crate) fn get<'a>(&self, doc: &'a str, name: &str) -> Option<Value<'a>> {
        if !self.complete {
            return scan::find_member_str(doc, name);
        }
        let entry = self
            .recorded()
            .iter()
            .find(|e| usize::from(e.name_len) == name.len() && entry_name(doc, e) == Some(name))?;
        entry_value(doc, entry)
    }

    /// Whether two top-level members of `doc` have the same (unescaped) name.
    pub(crate) fn has_duplicate(&self, doc: &str) -> bool {
        if !self.complete {
            return scan::has_duplicate_member(doc.as_bytes());
        }
        let entries = self.recorded();
        entries.iter().enumerate().any(|(i, a)| {
            entries[..i]
                .iter()
                .any(|b| a.name_len == b.name_len && entry_name(doc, a) == entry_name(doc, b))
        })
    }
}

fn entry_name<'a>(doc: &'a str, e: &Entry) -> Option<&'a str> {
    let start = usize::from(e.name_start);
    doc.get(start..start + usize::from(e.name_len))
}

fn entry_value<'a>(doc: &'a str, e: &Entry) -> Option<Value<'a>> {
    let start = usize::from(e.value_start);
    let text = doc.get(start..start + usize::from(e.value_len))?;
    Some(match e.kind {
        Kind::Str => Value::Str(text),
        Kind::Number => Value::Number(text),
        Kind::True => Value::Bool(true),
        Kind::False => Value::Bool(false),
        Kind::Null => Value::Null,
        Kind::Array => Value::Array(text),
        Kind::Object => Value::Object(text),
    })
}

/// Iterator over `(name, value)` top-level members, from the index or, if it is incomplete, by
/// walking the document.
pub(crate) enum MemberIter<'d, 'i> {
    Indexed {
        doc: &'d str,
        entries: core::slice::Iter<'i, Entry>,
    },
    Scanned(Option<Members<'d>>),
}

impl<'d> Iterator for MemberIter<'d, '_> {
    type Item = (&'d str, Value<'d>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            MemberIter::Indexed { doc, entries } => {
                let e = entries.next()?;
                Some((entry_name(doc, e)?, entry_value(doc, e)?))
            }
            MemberIter::Scanned(members) => members.as_mut()?.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::cook_indexed;
    use super::*;
    use crate::error::JsonError;
    use std::string::String;
    use std::vec::Vec;

    /// An object with `n` members `m0..m{n-1}` whose values are their numbers.
    fn object(n: usize) -> String {
        let members: Vec<String> = (0..n).map(|i| std::format!("\"m{i}\":{i}")).collect();
        std::format!("{{{}}}", members.join(","))
    }

    #[test]
    fn records_every_member_with_its_unescaped_name_and_value() {
        let mut doc = *br#" {"a\u0062":"x\/y", "n": -1.5e3, "t":true,"f":false,"z":null,"arr":[1,"2"],"o":{"k":{}}} "#;
        let (cooked, index) = cook_indexed(&mut doc).unwrap();
        assert!(index.is_complete());
        let members: Vec<_> = index.members(cooked).collect();
        assert_eq!(
            members,
            [
                ("ab", Value::Str("x/y")),
                ("n", Value::Number("-1.5e3")),
                ("t", Value::Bool(true)),
                ("f", Value::Bool(false)),
                ("z", Value::Null),
                ("arr", Value::Array("[1,\"2\"]")),
                ("o", Value::Object("{\"k\":{}}")),
            ]
        );
        // The walk over the cooked text agrees member for member.
        let walked: Vec<_> = scan::Cursor::new(cooked).members().unwrap().collect();
        assert_eq!(members, walked);
        assert_eq!(index.get(cooked, "ab"), Some(Value::Str("x/y")));
        assert_eq!(index.get(cooked, "a"), None);
    }

    #[test]
    fn past_capacity_lookups_walk_the_document_and_give_the_same_answers() {
        for n in [CAPACITY, CAPACITY + 1, 40] {
            let mut doc = object(n).into_bytes();
            let (cooked, index) = cook_indexed(&mut doc).unwrap();
            assert_eq!(index.is_complete(), n <= CAPACITY, "{n} members");
            assert_eq!(index.members(cooked).count(), n);
            let last = std::format!("m{}", n - 1);
            let expected = std::format!("{}", n - 1);
            assert_eq!(index.get(cooked, &last), Some(Value::Number(&expected)));
        }
    }

    #[test]
    fn duplicates_are_found_before_and_past_capacity_and_through_escapes() {
        for n in [2, CAPACITY, CAPACITY + 5] {
            let mut text = object(n);
            text.insert_str(text.len() - 1, ",\"m\\u0030\":0");
            let mut doc = text.into_bytes();
            assert_eq!(
                cook_indexed(&mut doc).err(),
                Some(JsonError::DuplicateMember),
                "{n} members"
            );
        }
    }
}
