//! serde reads the typed model straight from the loaded tree, as it would from JSON.
//!
//! The tree is already validated against the schema when this runs, so errors here are rare
//! (the schema and the types disagree: a bug) and carry serde's plain message.

use serde::de::value::{BorrowedStrDeserializer, Error, StrDeserializer};
use serde::de::{
    self, DeserializeOwned, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::tree::{Document, Entry, Node, NodeValue};

impl Document {
    /// Deserializes the whole document into `T`.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, Error> {
        T::deserialize(NodeDeserializer {
            document: self,
            node: &self.root,
        })
    }
}

/// One node, seen by serde.
#[derive(Clone, Copy)]
struct NodeDeserializer<'a> {
    document: &'a Document,
    node: &'a Node,
}

impl<'de> Deserializer<'de> for NodeDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let document = self.document;
        match &self.node.value {
            NodeValue::Null => visitor.visit_unit(),
            NodeValue::Bool(b) => visitor.visit_bool(*b),
            NodeValue::Int(i) => visitor.visit_i64(*i),
            NodeValue::Float(f) => visitor.visit_f64(*f),
            NodeValue::Str(text) => visitor.visit_borrowed_str(document.text(text)),
            NodeValue::Seq(items) => {
                let mut access = Items {
                    document,
                    items: items.iter(),
                };
                let value = visitor.visit_seq(&mut access)?;
                match access.items.len() {
                    0 => Ok(value),
                    left => Err(de::Error::invalid_length(
                        items.len() - left,
                        &"fewer items",
                    )),
                }
            }
            NodeValue::Map(entries) => visitor.visit_map(Members {
                document,
                entries: entries.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node.value {
            NodeValue::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants are written as text (`severity: high`), the only enum form the format
    /// uses outside untagged choices.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.value {
            NodeValue::Str(text) => {
                let variant: StrDeserializer<'_, Error> =
                    self.document.text(text).into_deserializer();
                variant.deserialize_enum(name, variants, visitor)
            }
            _ => Err(de::Error::invalid_type(
                de::Unexpected::Other("a non-text value"),
                &"one of the listed words",
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Items<'a> {
    document: &'a Document,
    items: std::slice::Iter<'a, Node>,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            None => Ok(None),
            Some(node) => seed
                .deserialize(NodeDeserializer {
                    document: self.document,
                    node,
                })
                .map(Some),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Members<'a> {
    document: &'a Document,
    entries: std::slice::Iter<'a, Entry>,
    /// The value of the key just handed out.
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            None => Ok(None),
            Some(entry) => {
                self.value = Some(&entry.value);
                let key = BorrowedStrDeserializer::<Error>::new(self.document.key(entry));
                seed.deserialize(key).map(Some)
            }
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        seed.deserialize(NodeDeserializer {
            document: self.document,
            node,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
