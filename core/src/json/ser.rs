//! A `serde::Serializer` that writes compact JSON into a caller buffer, for encoding claims.
//!
//! Written here rather than taken from `serde-json-core` because that serializer panics
//! (`unreachable!`) on non-string map keys and copies `serialize_bytes` input raw into the output,
//! which can produce invalid JSON; a token minter must never panic or emit malformed JSON.
//!
//! The writer keeps counting after the buffer is full, so a too-small buffer costs one pass and
//! still reports exactly how many bytes were needed.

mod key;
mod sink;

pub(crate) use sink::Sink;

use core::fmt::{self, Write as _};
use key::KeySerializer;
use serde::ser::{self, Serialize};
use sink::Escaping;

/// Serialization failed: JSON cannot represent the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SerializeError;

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("value cannot be represented as JSON")
    }
}

impl core::error::Error for SerializeError {}

impl ser::Error for SerializeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        SerializeError
    }
}

/// Serializes `value` as compact JSON into `sink`.
pub(crate) fn to_sink<T: Serialize + ?Sized>(
    value: &T,
    sink: &mut Sink<'_>,
) -> Result<(), SerializeError> {
    value.serialize(Serializer { sink })
}

pub(crate) struct Serializer<'s, 'b> {
    sink: &'s mut Sink<'b>,
}

fn display(sink: &mut Sink<'_>, v: impl fmt::Display) -> Result<(), SerializeError> {
    write!(sink, "{v}").map_err(|_| SerializeError)
}

/// Writes a finite float as `serde_json` does: the shortest decimal that reads back as the same
/// value, by the same formatter (`zmij`), so encoded payloads are byte-identical to serde_json's
/// (`1.0`, `0.1`, `1e-7`, `1e21`). `f32` is formatted as `f32` (`0.1f32` is `0.1`, not the
/// digits of its `f64` widening). NaN and infinities have no JSON form: an error.
fn float<F: zmij::Float>(sink: &mut Sink<'_>, v: F, finite: bool) -> Result<(), SerializeError> {
    if !finite {
        return Err(SerializeError);
    }
    let mut buffer = zmij::Buffer::new();
    sink.push(buffer.format_finite(v).as_bytes());
    Ok(())
}

/// State for sequences and maps: writes the separators.
pub(crate) struct Compound<'s, 'b> {
    sink: &'s mut Sink<'b>,
    first: bool,
    close: &'static [u8],
}

impl<'s, 'b> Compound<'s, 'b> {
    fn open(sink: &'s mut Sink<'b>, open: &'static [u8], close: &'static [u8]) -> Self {
        sink.push(open);
        Compound {
            sink,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.sink.push(b",");
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
        self.comma();
        value.serialize(Serializer { sink: self.sink })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), SerializeError> {
        self.sink.push(if self.first { b"\"" } else { b",\"" });
        self.first = false;
        self.sink.push_escaped(key);
        self.sink.push(b"\":");
        value.serialize(Serializer { sink: self.sink })
    }

    fn finish(self) -> Result<(), SerializeError> {
        self.sink.push(self.close);
        Ok(())
    }
}

impl<'s, 'b> ser::Serializer for Serializer<'s, 'b> {
    type Ok = ();
    type Error = SerializeError;
    type SerializeSeq = Compound<'s, 'b>;
    type SerializeTuple = Compound<'s, 'b>;
    type SerializeTupleStruct = Compound<'s, 'b>;
    type SerializeTupleVariant = Compound<'s, 'b>;
    type SerializeMap = Compound<'s, 'b>;
    type SerializeStruct = Compound<'s, 'b>;
    type SerializeStructVariant = Compound<'s, 'b>;

    fn serialize_bool(self, v: bool) -> Result<(), SerializeError> {
        self.sink.push(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), SerializeError> {
        self.sink.push_i64(i64::from(v));
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerializeError> {
        self.sink.push_i64(i64::from(v));
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerializeError> {
        self.sink.push_i64(i64::from(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerializeError> {
        self.sink.push_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), SerializeError> {
        display(self.sink, v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerializeError> {
        self.sink.push_u64(u64::from(v));
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerializeError> {
        self.sink.push_u64(u64::from(v));
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerializeError> {
        self.sink.push_u64(u64::from(v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerializeError> {
        self.sink.push_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), SerializeError> {
        display(self.sink, v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerializeError> {
        float(self.sink, v, v.is_finite())
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerializeError> {
        float(self.sink, v, v.is_finite())
    }
    fn serialize_char(self, v: char) -> Result<(), SerializeError> {
        let mut buf = [0u8; 4];
        self.sink.push_json_str(v.encode_utf8(&mut buf));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), SerializeError> {
        self.sink.push_json_str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), SerializeError> {
        // Same as serde_json: an array of numbers.
        let mut seq = Compound::open(self.sink, b"[", b"]");
        for b in v {
            seq.element(b)?;
        }
        seq.finish()
    }
    fn serialize_none(self) -> Result<(), SerializeError> {
        self.sink.push(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SerializeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerializeError> {
        self.sink.push(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerializeError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), SerializeError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        let mut map = Compound::open(self.sink, b"{", b"}");
        map.field(variant, value)?;
        map.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'s, 'b>, SerializeError> {
        Ok(Compound::open(self.sink, b"[", b"]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'s, 'b>, SerializeError> {
        Ok(Compound::open(self.sink, b"[", b"]"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'b>, SerializeError> {
        Ok(Compound::open(self.sink, b"[", b"]"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'b>, SerializeError> {
        self.sink.push(b"{");
        self.sink.push_json_str(variant);
        self.sink.push(b":");
        Ok(Compound::open(self.sink, b"[", b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'s, 'b>, SerializeError> {
        Ok(Compound::open(self.sink, b"{", b"}"))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'b>, SerializeError> {
        Ok(Compound::open(self.sink, b"{", b"}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'b>, SerializeError> {
        self.sink.push(b"{");
        self.sink.push_json_str(variant);
        self.sink.push(b":");
        Ok(Compound::open(self.sink, b"{", b"}}"))
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        write!(Escaping(self.sink), "{value}").map_err(|_| SerializeError)?;
        self.sink.push(b"\"");
        Ok(())
    }
}

/// The sequence-like serializer traits differ only in the name of the element method.
macro_rules! sequence_like {
    ($($name:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$name for Compound<'_, '_> {
            type Ok = ();
            type Error = SerializeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
                self.element(value)
            }
            fn end(self) -> Result<(), SerializeError> {
                self.finish()
            }
        }
    )*};
}

sequence_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = SerializeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerializeError> {
        self.comma();
        key.serialize(KeySerializer { sink: self.sink })?;
        self.sink.push(b":");
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
        value.serialize(Serializer { sink: self.sink })
    }
    fn end(self) -> Result<(), SerializeError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = SerializeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), SerializeError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = SerializeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), SerializeError> {
        self.finish()
    }
}
