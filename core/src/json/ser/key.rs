//! The serializer for map keys: JSON object keys must be strings.

use super::SerializeError;
use super::sink::Sink;
use core::fmt;
use serde::ser::{self, Serialize};

/// Map keys must be JSON strings: strings pass, integers are quoted (as serde_json does), anything
/// else is an error instead of a panic.
pub(super) struct KeySerializer<'s, 'b> {
    pub(super) sink: &'s mut Sink<'b>,
}

impl ser::Serializer for KeySerializer<'_, '_> {
    type Ok = ();
    type Error = SerializeError;
    type SerializeSeq = ser::Impossible<(), SerializeError>;
    type SerializeTuple = ser::Impossible<(), SerializeError>;
    type SerializeTupleStruct = ser::Impossible<(), SerializeError>;
    type SerializeTupleVariant = ser::Impossible<(), SerializeError>;
    type SerializeMap = ser::Impossible<(), SerializeError>;
    type SerializeStruct = ser::Impossible<(), SerializeError>;
    type SerializeStructVariant = ser::Impossible<(), SerializeError>;

    fn serialize_str(self, v: &str) -> Result<(), SerializeError> {
        self.sink.push_json_str(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), SerializeError> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
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
    fn serialize_i8(self, v: i8) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_i64(i64::from(v));
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_i64(i64::from(v));
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_i64(i64::from(v));
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_i64(v);
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_u64(u64::from(v));
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_u64(u64::from(v));
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_u64(u64::from(v));
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerializeError> {
        self.sink.push(b"\"");
        self.sink.push_u64(v);
        self.sink.push(b"\"");
        Ok(())
    }
    fn serialize_bool(self, _v: bool) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_f64(self, _v: f64) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_none(self) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_unit(self) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerializeError> {
        Err(SerializeError)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerializeError> {
        Err(SerializeError)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, SerializeError> {
        Err(SerializeError)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerializeError> {
        Err(SerializeError)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, SerializeError> {
        Err(SerializeError)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, SerializeError> {
        Err(SerializeError)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerializeError> {
        Err(SerializeError)
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, _value: &T) -> Result<(), SerializeError> {
        Err(SerializeError)
    }
}
