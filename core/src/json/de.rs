//! `serde::Deserializer` over a cooked document, so callers read custom claims into their own
//! types without allocation.
//!
//! Strings are handed to the visitor with `visit_borrowed_str`, borrowed from the caller's scratch
//! buffer (they were unescaped in place by [`super::cook`]), so `&'a str` fields work. Limits: there
//! is no allocator, so `String`/`Vec` fields cannot be used, and an error keeps only serde's static
//! information (see [`DeserializeError`]).

use super::scan::{Cursor, Elements, Members, Value};
use crate::error::DeserializeError;
use core::fmt;
use serde::de::{self, Visitor};

impl de::Error for DeserializeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        DeserializeError::Custom
    }
    fn invalid_type(_unexp: de::Unexpected<'_>, _exp: &dyn de::Expected) -> Self {
        DeserializeError::InvalidType
    }
    fn invalid_value(_unexp: de::Unexpected<'_>, _exp: &dyn de::Expected) -> Self {
        DeserializeError::InvalidValue
    }
    fn invalid_length(_len: usize, _exp: &dyn de::Expected) -> Self {
        DeserializeError::InvalidLength
    }
    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        DeserializeError::UnknownVariant
    }
    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        DeserializeError::UnknownField
    }
    fn missing_field(field: &'static str) -> Self {
        DeserializeError::MissingField(field)
    }
    fn duplicate_field(field: &'static str) -> Self {
        DeserializeError::DuplicateField(field)
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl core::error::Error for DeserializeError {}

/// Deserializes `T` from the cooked JSON `doc`.
pub(crate) fn from_cooked<'a, T: de::Deserialize<'a>>(doc: &'a str) -> Result<T, DeserializeError> {
    let value = Cursor::new(doc)
        .value()
        .ok_or(DeserializeError::InvalidType)?;
    T::deserialize(ValueDeserializer(value))
}

/// A deserializer for one already-located value.
struct ValueDeserializer<'a>(Value<'a>);

fn visit_number<'de, V: Visitor<'de>>(
    text: &str,
    visitor: V,
) -> Result<V::Value, DeserializeError> {
    let is_integer = !text.contains(['.', 'e', 'E']);
    if is_integer {
        if let Ok(v) = text.parse::<u64>() {
            return visitor.visit_u64(v);
        }
        if let Ok(v) = text.parse::<i64>() {
            return visitor.visit_i64(v);
        }
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => visitor.visit_f64(v),
        _ => Err(DeserializeError::NumberOutOfRange),
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = DeserializeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Number(n) => visit_number(n, visitor),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Null => visitor.visit_unit(),
            Value::Array(a) => {
                let elements = Cursor::new(a)
                    .elements()
                    .ok_or(DeserializeError::InvalidType)?;
                let mut seq = SeqAccess { elements, count: 0 };
                let out = visitor.visit_seq(&mut seq)?;
                if seq.elements.next().is_some() {
                    return Err(DeserializeError::InvalidLength);
                }
                Ok(out)
            }
            Value::Object(o) => {
                let members = Cursor::new(o)
                    .members()
                    .ok_or(DeserializeError::InvalidType)?;
                visitor.visit_map(MapAccess {
                    members,
                    pending: None,
                })
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Str(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Str(s) => visitor.visit_enum(EnumAccess {
                variant: s,
                content: None,
            }),
            Value::Object(o) => {
                let mut members = Cursor::new(o)
                    .members()
                    .ok_or(DeserializeError::InvalidType)?;
                let (variant, content) = members.next().ok_or(DeserializeError::InvalidLength)?;
                if members.next().is_some() {
                    return Err(DeserializeError::InvalidLength);
                }
                visitor.visit_enum(EnumAccess {
                    variant,
                    content: Some(content),
                })
            }
            _ => Err(DeserializeError::InvalidType),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct SeqAccess<'a> {
    elements: Elements<'a>,
    count: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = DeserializeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        match self.elements.next() {
            Some(v) => {
                self.count += 1;
                seed.deserialize(ValueDeserializer(v)).map(Some)
            }
            None => Ok(None),
        }
    }
}

struct MapAccess<'a> {
    members: Members<'a>,
    pending: Option<Value<'a>>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = DeserializeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.members.next() {
            Some((name, value)) => {
                self.pending = Some(value);
                seed.deserialize(ValueDeserializer(Value::Str(name)))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self.pending.take().ok_or(DeserializeError::InvalidLength)?;
        seed.deserialize(ValueDeserializer(value))
    }
}

struct EnumAccess<'a> {
    variant: &'a str,
    content: Option<Value<'a>>,
}

impl<'de> de::EnumAccess<'de> for EnumAccess<'de> {
    type Error = DeserializeError;
    type Variant = VariantAccess<'de>;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        let v = seed.deserialize(ValueDeserializer(Value::Str(self.variant)))?;
        Ok((v, VariantAccess(self.content)))
    }
}

struct VariantAccess<'a>(Option<Value<'a>>);

impl<'de> de::VariantAccess<'de> for VariantAccess<'de> {
    type Error = DeserializeError;

    fn unit_variant(self) -> Result<(), Self::Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(DeserializeError::InvalidType),
        }
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        let v = self.0.ok_or(DeserializeError::InvalidType)?;
        seed.deserialize(ValueDeserializer(v))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let v = self.0.ok_or(DeserializeError::InvalidType)?;
        de::Deserializer::deserialize_any(ValueDeserializer(v), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let v = self.0.ok_or(DeserializeError::InvalidType)?;
        de::Deserializer::deserialize_any(ValueDeserializer(v), visitor)
    }
}
