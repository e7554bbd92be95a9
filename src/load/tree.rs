//! The YAML tree the loader builds: every node and every mapping key keeps its byte span, so
//! that any finding (a schema error found by JSON pointer, a rule about one touchpoint) can
//! point at the exact text.

use std::ops::Range;

use serde_json::{Map as JsonMap, Number, Value};

/// A YAML node with its byte span in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: NodeValue,
}

/// A node's value, resolved with the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping. Keys are always text in a journey map.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

/// Where a JSON pointer lands in the text: the value and, for a mapping member, its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

impl Node {
    /// How many nodes this subtree holds (itself included); used to bound alias expansion.
    pub fn count(&self) -> usize {
        1 + match &self.value {
            NodeValue::Seq(items) => items.iter().map(Node::count).sum(),
            NodeValue::Map(entries) => entries.iter().map(|e| 1 + e.value.count()).sum(),
            _ => 0,
        }
    }

    /// The member `key` of a mapping node.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Resolves an RFC 6901 JSON pointer (`/stages/0/steps/1/emotion`) to spans.
    ///
    /// This is the pointer-to-span index of the design: the tree itself is the index, walked
    /// only for the few pointers that diagnostics need, which costs nothing on the happy path.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let (key, node) = self.walk(pointer)?;
        Some(Location {
            key,
            value: node.span.clone(),
        })
    }

    /// The span of `key` itself in the mapping at `pointer` (for unknown keys).
    pub fn key_span(&self, pointer: &str, key: &str) -> Option<Range<usize>> {
        let (_, node) = self.walk(pointer)?;
        node.get(key).map(|e| e.key_span.clone())
    }

    /// The node at `pointer`, with the span of the key that holds it when it is a member.
    fn walk(&self, pointer: &str) -> Option<(Option<Range<usize>>, &Node)> {
        let mut node = self;
        let mut key = None;
        if pointer.is_empty() {
            return Some((None, node));
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match &node.value {
                NodeValue::Map(entries) => {
                    let entry = entries.iter().find(|e| e.key == segment)?;
                    key = Some(entry.key_span.clone());
                    node = &entry.value;
                }
                NodeValue::Seq(items) => {
                    node = items.get(segment.parse::<usize>().ok()?)?;
                    key = None;
                }
                _ => return None,
            }
        }
        Some((key, node))
    }

    /// The JSON form of the tree, which the schema validates and the model deserializes from.
    pub fn to_json(&self) -> Value {
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::Number((*i).into()),
            // Non-finite floats were rejected while loading, so this is always a number.
            NodeValue::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect::<JsonMap<_, _>>(),
            ),
        }
    }
}
