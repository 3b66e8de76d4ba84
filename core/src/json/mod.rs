//! A strict, allocation-free JSON reader and writer for JOSE headers and JWT claims.
//!
//! Why not an existing crate: `serde-json-core` hands out escaped text un-unescaped, rejects
//! surrogate pairs, accepts raw control characters and garbage inside ignored members, and cannot
//! express "string or array"; `picojson` is a pull parser whose unescaped strings live in a scratch
//! buffer only until the next event, so a verified token could not hand out all of its claims as
//! `&str` at once, and it has no duplicate-member check. See `docs/json-and-base64.md`.
//!
//! The reader works in two stages on the caller's buffer (the decoded segment):
//!
//! 1. `cook` validates the whole document once — UTF-8, grammar, nesting depth, control
//!    characters, escapes and surrogate pairs, duplicate member names — and rewrites every string
//!    that contains escapes *in place* into its unescaped form (the "cooked" form, below).
//! 2. `scan` walks the cooked document; every string it yields is already unescaped and borrowed
//!    from the caller's buffer, so claims, typed accessors and serde all borrow `&str` for free.
//!
//! Cooked form: a string without escapes is left untouched (`"abc"`). A string with escapes, which
//! is always at least one byte longer than its decoded text, becomes the marker byte `0x01`, the
//! decoded length as two 7-bit bytes (low, high), the decoded UTF-8, then spaces up to the end of
//! the original string. `0x01` cannot occur outside a string in valid JSON and spaces are
//! whitespace, so the cooked document keeps every value at its original offset — and, since every
//! byte written is ASCII or copied UTF-8, it stays valid UTF-8 and is walked as a `&str`.

mod cook;
pub(crate) mod de;
pub(crate) mod index;
pub(crate) mod scan;
pub(crate) mod ser;

#[cfg(test)]
pub(crate) use cook::cook_indexed;
pub(crate) use cook::{cook, cook_into};

/// The deepest nesting of arrays and objects the reader accepts (the top-level object counts as
/// one level). Deeper documents are refused before they can exhaust a small device's stack.
pub const MAX_DEPTH: usize = 16;

/// Marker byte that starts a cooked (unescaped, length-prefixed) string.
pub(crate) const COOKED: u8 = 0x01;
