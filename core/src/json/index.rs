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

/// Whether the cooker records members at all: yes, unless the `small-flash` feature asks for
/// the smallest code. Without records every lookup walks the cooked text, which gives the same
/// answers (the tests run both ways) with about 700 B less code on the Cortex-M4, for roughly
/// twice the JSON layer's instructions: worth it where the signature check dwarfs the JSON
/// (EdDSA, ES256), not for HMAC.
pub(crate) const RECORDS: bool = !cfg!(feature = "small-flash");

/// Slots in an [`Index`]: none when nothing is recorded, so the index costs no stack either.
const SLOTS: usize = if RECORDS { CAPACITY } else { 0 };

/// The JSON type of a recorded value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    /// A string; the recorded range is the unescaped text.
    Str = 0,
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
    /// An array whose elements are all strings (or none); the range is as for [`Kind::Array`].
    StrArray,
    /// An object; the range is its cooked text, braces included.
    Object,
}

/// One recorded member: byte offsets into the cooked object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// [`name_tag`] of the name: with `name_len`, compared before any bytes are.
    name_tag: u32,
    name_start: u16,
    value_start: u16,
    value_len: u16,
    name_len: u8,
    kind: Kind,
}

/// An unused slot: all zero bytes (`Kind::Str` is discriminant 0), so a new index is a memset
/// rather than a copy of a constant.
const EMPTY: Entry = Entry {
    name_tag: 0,
    name_start: 0,
    name_len: 0,
    value_start: 0,
    value_len: 0,
    kind: Kind::Str,
};

/// Where the top-level members of one cooked object are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Index {
    entries: [Entry; SLOTS],
    len: u8,
    complete: bool,
}

impl Index {
    /// An empty, complete index (an object with no members).
    pub(crate) const fn new() -> Self {
        Index {
            entries: [EMPTY; SLOTS],
            len: 0,
            complete: true,
        }
    }

    /// Records a member; past [`CAPACITY`] members, 64 KiB offsets or 255-byte names the index
    /// gives up and becomes incomplete.
    #[inline]
    pub(crate) fn push(
        &mut self,
        doc: &[u8],
        name: (usize, usize),
        value: (usize, usize),
        kind: Kind,
    ) {
        if !RECORDS {
            self.complete = false;
            return;
        }
        let fits = |n: usize| u16::try_from(n).ok();
        let entry = (|| {
            Some(Entry {
                name_tag: tag_at(doc, name.0, name.1)?,
                name_start: fits(name.0)?,
                name_len: u8::try_from(name.1).ok()?,
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
        self.indexed()
    }

    /// Whether lookups may use the recorded entries: every member was recorded. A constant
    /// `false` without [`RECORDS`], so the code that reads entries is not linked.
    fn indexed(&self) -> bool {
        RECORDS && self.complete
    }

    fn recorded(&self) -> &[Entry] {
        self.entries
            .get(..usize::from(self.len))
            .unwrap_or_default()
    }

    /// The members of `doc` (the cooked object this index was made for), in document order.
    #[cfg(test)]
    pub(crate) fn members<'d>(&self, doc: &'d str) -> MemberIter<'d, '_> {
        if self.indexed() {
            MemberIter::Indexed {
                doc,
                entries: self.recorded().iter(),
            }
        } else {
            MemberIter::Scanned(scan::Cursor::new(doc).members())
        }
    }

    /// The members of `doc` whose name is `MIN..=MAX` bytes long (at most 4), as
    /// `(name_len, name_tag, value, all_strings)` in document order: for callers that match names
    /// of at most four bytes, which the tag and length identify exactly, without slicing out the
    /// names. Walks the document when the index is incomplete.
    ///
    /// The bounds are constants so that the length test folds to one compare, and the lower one
    /// matters for speed: a member skipped here costs no [`Value`].
    #[inline]
    pub(crate) fn short_members<'d, const MIN: usize, const MAX: usize>(
        &self,
        doc: &'d str,
    ) -> Short<'d, '_, MIN, MAX> {
        Short(if self.indexed() {
            ShortFrom::Indexed {
                doc,
                entries: self.recorded().iter(),
            }
        } else {
            ShortFrom::Walked(scan::Cursor::new(doc).members())
        })
    }

    /// The value of member `name` in `doc`.
    pub(crate) fn get<'a>(&self, doc: &'a str, name: &str) -> Option<Value<'a>> {
        self.get_typed(doc, name).map(|(value, _)| value)
    }

    /// Like [`Index::get`], plus whether the value is known to be an array of only strings
    /// (`false` also when the index cannot tell).
    pub(crate) fn get_typed<'a>(&self, doc: &'a str, name: &str) -> Option<(Value<'a>, bool)> {
        if !self.indexed() {
            return walk_for(doc, name);
        }
        let tag = name_tag(name.as_bytes());
        let entry = self.recorded().iter().find(|e| {
            e.name_tag == tag
                && usize::from(e.name_len) == name.len()
                && (name.len() <= 4 || entry_name(doc, e) == Some(name))
        })?;
        Some((entry_value(doc, entry)?, entry.kind == Kind::StrArray))
    }

    /// Whether two top-level members of `doc` have the same (unescaped) name.
    pub(crate) fn has_duplicate(&self, doc: &str) -> bool {
        self.has_duplicate_with::<HASH_FILTER>(doc)
    }

    /// [`Index::has_duplicate`], with the hash filter when `FILTER`; both give the same answer
    /// (tested).
    fn has_duplicate_with<const FILTER: bool>(&self, doc: &str) -> bool {
        if !self.indexed() {
            return scan::has_duplicate_member(doc.as_bytes());
        }
        let entries = self.recorded();
        // One bit per (tag, length) hash: distinct names almost never share one, so the pairwise
        // comparison below runs only when two entries might be equal.
        let collision = !FILTER || {
            let mut seen = 0u64;
            let mut collision = false;
            for e in entries {
                let hash = (e.name_tag ^ u32::from(e.name_len)).wrapping_mul(0x9E37_79B9) >> 26;
                let bit = 1u64 << hash;
                collision |= seen & bit != 0;
                seen |= bit;
            }
            collision
        };
        collision
            && entries.iter().enumerate().any(|(i, a)| {
                entries.iter().take(i).any(|b| {
                    a.name_tag == b.name_tag
                        && a.name_len == b.name_len
                        && (a.name_len <= 4 || entry_name(doc, a) == entry_name(doc, b))
                })
            })
    }
}

/// Whether [`Index::has_duplicate`] filters by a hash of each name before comparing pairs: on
/// 64-bit targets. On 32-bit ones the filter's code (a 64-bit bit set) costs more flash (about
/// 100 B on the Cortex-M4) than the at most 120 pair comparisons of a full index cost time.
const HASH_FILTER: bool = cfg!(target_pointer_width = "64");

/// [`Index::get_typed`] for an incomplete index: walks the document.
#[cold]
fn walk_for<'a>(doc: &'a str, name: &str) -> Option<(Value<'a>, bool)> {
    scan::find_member_str(doc, name).map(|value| (value, false))
}

/// The first four bytes of a name (zero-padded), as an integer: names of up to four bytes are
/// told apart by this and their length alone, longer ones mostly are.
pub(crate) fn name_tag(name: &[u8]) -> u32 {
    match name.first_chunk::<4>() {
        Some(four) => u32::from_le_bytes(*four),
        None => {
            let mut padded = [0u8; 4];
            padded[..name.len()].copy_from_slice(name);
            u32::from_le_bytes(padded)
        }
    }
}

/// [`name_tag`] of a name of at most four bytes, at compile time (for `match` arms).
pub(crate) const fn short_tag(name: &[u8]) -> u32 {
    let mut tag = 0;
    let mut i = 0;
    while i < name.len() && i < 4 {
        tag |= (name[i] as u32) << (8 * i);
        i += 1;
    }
    tag
}

/// [`name_tag`] of the `len`-byte name at `doc[start..]`: one 4-byte load, masked to the name's
/// length (a name is always followed by at least `":` and a value, so the load stays inside).
#[inline]
fn tag_at(doc: &[u8], start: usize, len: usize) -> Option<u32> {
    let rest = doc.get(start..)?;
    match rest.first_chunk::<4>() {
        Some(four) if len < 4 => Some(u32::from_le_bytes(*four) & ((1u32 << (8 * len)) - 1)),
        Some(four) => Some(u32::from_le_bytes(*four)),
        None => Some(name_tag(rest.get(..len)?)),
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
        Kind::Array | Kind::StrArray => Value::Array(text),
        Kind::Object => Value::Object(text),
    })
}

/// Iterator of [`Index::short_members`].
pub(crate) struct Short<'d, 'i, const MIN: usize, const MAX: usize>(ShortFrom<'d, 'i>);

/// Where [`Short`] takes the members from.
pub(crate) enum ShortFrom<'d, 'i> {
    Indexed {
        doc: &'d str,
        entries: core::slice::Iter<'i, Entry>,
    },
    Walked(Option<Members<'d>>),
}

impl<'d, const MIN: usize, const MAX: usize> Iterator for Short<'d, '_, MIN, MAX> {
    type Item = (usize, u32, Value<'d>, bool);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if cfg!(target_pointer_width = "64") {
            // Inlined with constant bounds (one compare per member on the verify hot path).
            short_step(&mut self.0, |len| (MIN..=MAX).contains(&len), MIN, MAX)
        } else {
            short_next(&mut self.0, MIN, MAX)
        }
    }
}

/// [`Short::next`] for names of `min..=max` bytes on 32-bit targets: one copy shared by the
/// header and the claims (about 120 B less on the Cortex-M4 than a copy per caller). 64-bit
/// targets inline [`short_step`] with constant bounds instead.
#[cfg_attr(not(target_pointer_width = "64"), inline(never))]
fn short_next<'d>(
    from: &mut ShortFrom<'d, '_>,
    min: usize,
    max: usize,
) -> Option<(usize, u32, Value<'d>, bool)> {
    short_step(from, |len| (min..=max).contains(&len), min, max)
}

/// The next member whose name is `min..=max` bytes long (`in_range` tests exactly that; a
/// closure over constants lets the 64-bit caller fold it to one compare).
#[inline(always)]
fn short_step<'d>(
    from: &mut ShortFrom<'d, '_>,
    in_range: impl Fn(usize) -> bool,
    min: usize,
    max: usize,
) -> Option<(usize, u32, Value<'d>, bool)> {
    match from {
        ShortFrom::Indexed { .. } if !RECORDS => None,
        ShortFrom::Indexed { doc, entries } => entries.find_map(|e| {
            let len = usize::from(e.name_len);
            if !in_range(len) {
                return None;
            }
            let all_strings = e.kind == Kind::StrArray;
            Some((len, e.name_tag, entry_value(doc, e)?, all_strings))
        }),
        ShortFrom::Walked(members) => walked_short(members.as_mut()?, min, max),
    }
}

/// [`Short::next`] for an incomplete index.
#[cold]
fn walked_short<'d>(
    members: &mut Members<'d>,
    min: usize,
    max: usize,
) -> Option<(usize, u32, Value<'d>, bool)> {
    members
        .find(|(name, _)| (min..=max).contains(&name.len()))
        .map(|(name, value)| (name.len(), name_tag(name.as_bytes()), value, false))
}

/// Iterator over `(name, value)` top-level members, from the index or, if it is incomplete, by
/// walking the document.
#[cfg(test)]
pub(crate) enum MemberIter<'d, 'i> {
    Indexed {
        doc: &'d str,
        entries: core::slice::Iter<'i, Entry>,
    },
    Scanned(Option<Members<'d>>),
}

#[cfg(test)]
impl<'d> Iterator for MemberIter<'d, '_> {
    /// Name, value, and whether the value is known to be an array of only strings.
    type Item = (&'d str, Value<'d>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            MemberIter::Indexed { doc, entries } => {
                let e = entries.next()?;
                let str_array = e.kind == Kind::StrArray;
                Some((entry_name(doc, e)?, entry_value(doc, e)?, str_array))
            }
            MemberIter::Scanned(members) => {
                let (name, value) = members.as_mut()?.next()?;
                Some((name, value, false))
            }
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
        assert_eq!(index.is_complete(), RECORDS);
        let members: Vec<_> = index.members(cooked).map(|(n, v, _)| (n, v)).collect();
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
    fn compile_time_tags_equal_the_index_tags() {
        for name in ["", "a", "ab", "iss", "crit", "x5c", "b64"] {
            assert_eq!(
                short_tag(name.as_bytes()),
                name_tag(name.as_bytes()),
                "{name}"
            );
        }
    }

    #[test]
    fn short_members_yield_the_names_in_the_length_range_before_and_past_capacity() {
        for fillers in [0, CAPACITY + 1] {
            let mut text = String::from(r#"{"alg":"x","crit":[],"kid\u0000":1,"k":null}"#);
            if fillers > 0 {
                let rest = object(fillers);
                text.truncate(text.len() - 1);
                text.push(',');
                text.push_str(&rest[1..]);
            }
            let mut doc = text.into_bytes();
            let (cooked, index) = cook_indexed(&mut doc).unwrap();
            // Everything but the fillers (`m0`, `m1`, ...).
            // Checks that the 32-bit targets' out-of-line step gives the same members.
            fn mine<'d, const MIN: usize>(
                cooked: &'d str,
                index: &Index,
            ) -> Vec<(usize, u32, Value<'d>, bool)> {
                let not_filler =
                    |(_, tag, ..): &(usize, u32, Value<'_>, bool)| tag & 0xff != u32::from(b'm');
                let mut from = index.short_members::<MIN, 4>(cooked).0;
                let out_of_line: Vec<_> = core::iter::from_fn(|| short_next(&mut from, MIN, 4))
                    .filter(not_filler)
                    .collect();
                let members: Vec<_> = index
                    .short_members::<MIN, 4>(cooked)
                    .filter(not_filler)
                    .collect();
                assert_eq!(members, out_of_line);
                members
            }
            let alg = (3, short_tag(b"alg"), Value::Str("x"), false);
            let k = (1, short_tag(b"k"), Value::Null, false);
            assert_eq!(
                mine::<0>(cooked, &index),
                [
                    alg,
                    (
                        4,
                        short_tag(b"crit"),
                        Value::Array("[]"),
                        RECORDS && fillers == 0
                    ),
                    // `kid` + U+0000: the same tag as `kid`, told apart by its length.
                    (4, short_tag(b"kid"), Value::Number("1"), false),
                    k,
                ],
                "{fillers} fillers"
            );
            assert_eq!(
                mine::<4>(cooked, &index),
                [mine::<0>(cooked, &index)[1], mine::<0>(cooked, &index)[2]],
                "{fillers} fillers"
            );
            assert_eq!(
                mine::<2>(cooked, &index),
                mine::<0>(cooked, &index)[..3],
                "{fillers} fillers"
            );
        }
    }

    proptest::proptest! {
        /// With and without the hash filter, a duplicate name among the recorded members is
        /// found exactly when there is one (short names told apart by tag, long ones by text).
        #[test]
        fn duplicates_among_recorded_members_are_found_with_and_without_the_filter(
            names in proptest::collection::vec("[ab]{1,6}", 0..=CAPACITY)
        ) {
            let mut doc = String::from("{");
            let mut index = Index::new();
            for name in &names {
                let start = doc.len() + 1;
                doc.push_str(&std::format!("\"{name}\":0,"));
                let value = doc.len() - 2;
                index.push(doc.as_bytes(), (start, name.len()), (value, 1), Kind::Number);
            }
            doc.push('}');
            let mut seen = std::collections::HashSet::new();
            let expected = !names.iter().all(|n| seen.insert(n));
            proptest::prop_assert_eq!(index.has_duplicate_with::<true>(&doc), expected);
            proptest::prop_assert_eq!(index.has_duplicate_with::<false>(&doc), expected);
        }
    }

    #[test]
    fn past_capacity_lookups_walk_the_document_and_give_the_same_answers() {
        for n in [CAPACITY, CAPACITY + 1, 40] {
            let mut doc = object(n).into_bytes();
            let (cooked, index) = cook_indexed(&mut doc).unwrap();
            assert_eq!(index.is_complete(), RECORDS && n <= CAPACITY, "{n} members");
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
