//! The loaded tree as a JSON Schema instance.
//!
//! jsonschema can validate any in-memory representation that answers its questions (is this
//! an object, what is member `name`, how long is this text). Answering them from the tree
//! itself means no JSON copy of the map is made: for a 40,000-step map that copy was larger
//! than the tree and the typed model together.

use std::borrow::Cow;

use jsonschema::json::{Array, Json, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde_json::{Map, Number, Value};

use super::tree::{Document, Entry, Node, NodeValue};

/// The representation marker for jsonschema: instances are nodes of a loaded [`Document`].
pub struct Yaml;

/// A handle on one value the validator looks at: a node of the document, or a mapping key
/// seen as a text value (for `propertyNames`).
#[derive(Debug, Clone, Copy)]
pub enum Instance<'a> {
    Node(&'a Document, &'a Node),
    Name(&'a str),
}

impl<'a> Instance<'a> {
    /// The root of `document`.
    pub fn root(document: &'a Document) -> Instance<'a> {
        Instance::Node(document, &document.root)
    }
}

impl Json for Yaml {
    type Node<'a> = Instance<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(Instance<'_>) -> T) -> T {
        f(Instance::Name(string))
    }
}

fn number(value: &NodeValue) -> Option<Number> {
    match value {
        NodeValue::Int(i) => Some(Number::from(*i)),
        // The loader refuses infinities and NaN, so every float converts.
        NodeValue::Float(f) => Number::from_f64(*f),
        _ => None,
    }
}

impl<'a> JsonNode<'a, Yaml> for Instance<'a> {
    type Object = Members<'a>;
    type Array = Items<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match self {
            Instance::Node(document, node) => match &node.value {
                NodeValue::Map(entries) => Some(Members { document, entries }),
                _ => None,
            },
            Instance::Name(_) => None,
        }
    }

    fn as_array(&self) -> Option<Items<'a>> {
        match self {
            Instance::Node(document, node) => match &node.value {
                NodeValue::Seq(items) => Some(Items { document, items }),
                _ => None,
            },
            Instance::Name(_) => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.text().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<Number> {
        match self {
            Instance::Node(_, node) => number(&node.value),
            Instance::Name(_) => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self {
            Instance::Node(_, node) => match node.value {
                NodeValue::Bool(b) => Some(b),
                _ => None,
            },
            Instance::Name(_) => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Instance::Node(_, node) if node.value == NodeValue::Null)
    }

    fn json_type(&self) -> JsonType {
        match self {
            Instance::Name(_) => JsonType::String,
            Instance::Node(_, node) => match node.value {
                NodeValue::Null => JsonType::Null,
                NodeValue::Bool(_) => JsonType::Boolean,
                NodeValue::Int(_) | NodeValue::Float(_) => JsonType::Number,
                NodeValue::Str(_) => JsonType::String,
                NodeValue::Seq(_) => JsonType::Array,
                NodeValue::Map(_) => JsonType::Object,
            },
        }
    }

    /// `enum` and `const` compare many times per map (every severity, state and kind), so
    /// text is compared in place rather than through a JSON copy.
    fn equals_value(&self, expected: &Value) -> bool {
        match (self.text(), expected) {
            (Some(text), Value::String(wanted)) => text == wanted,
            (Some(_), _) => false,
            (None, _) => match self {
                Instance::Node(document, node) => {
                    jsonschema::json::cmp::equal(&to_json(document, node), expected)
                }
                Instance::Name(_) => false,
            },
        }
    }

    /// The validator asks for this only to describe an instance in an error (comparisons go
    /// through [`JsonNode::equals_value`]), so a big container is described by a sample of
    /// its members: a hostile map's error must not copy a million-node list into JSON.
    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match self {
            Instance::Node(document, node) => sample_json(document, node, SAMPLE_DEPTH),
            Instance::Name(name) => Value::String((*name).to_owned()),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match self {
            Instance::Node(_, node) => Some(NodeIdentity::new(std::ptr::from_ref(*node) as usize)),
            // A key's text is never a container, so it cannot take part in a cycle.
            Instance::Name(name) => Some(NodeIdentity::tagged(name.as_ptr() as usize, 1)),
        }
    }
}

impl<'a> Instance<'a> {
    fn text(&self) -> Option<&'a str> {
        match self {
            Instance::Node(document, node) => match &node.value {
                NodeValue::Str(text) => Some(document.text(text)),
                _ => None,
            },
            Instance::Name(name) => Some(name),
        }
    }
}

/// The members of a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Members<'a> {
    document: &'a Document,
    entries: &'a [Entry],
}

impl<'a> Object<'a, Yaml> for Members<'a> {
    type Node = Instance<'a>;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&self, key: &String) -> Option<Instance<'a>> {
        // One hash of the wanted key, then a scan of a few small integers.
        let id = self.document.keys.find(key)?;
        self.entries
            .iter()
            .find(|e| e.key == id)
            .map(|e| Instance::Node(self.document, &e.value))
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter {
            document: self.document,
            entries: self.entries.iter(),
        }
    }
}

/// Iterates a mapping's members as (key text, value).
pub struct MembersIter<'a> {
    document: &'a Document,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, Instance<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let document = self.document;
        self.entries
            .next()
            .map(|e| (document.key(e), Instance::Node(document, &e.value)))
    }
}

/// The items of a sequence.
#[derive(Debug, Clone, Copy)]
pub struct Items<'a> {
    document: &'a Document,
    items: &'a [Node],
}

impl<'a> Array<'a, Yaml> for Items<'a> {
    type Node = Instance<'a>;
    type ElementsIter = ItemsIter<'a>;

    fn len(&self) -> usize {
        self.items.len()
    }

    fn elements(&self) -> ItemsIter<'a> {
        ItemsIter {
            document: self.document,
            items: self.items.iter(),
        }
    }
}

/// Iterates a sequence's items.
pub struct ItemsIter<'a> {
    document: &'a Document,
    items: std::slice::Iter<'a, Node>,
}

impl<'a> Iterator for ItemsIter<'a> {
    type Item = Instance<'a>;

    fn next(&mut self) -> Option<Instance<'a>> {
        let document = self.document;
        self.items.next().map(|n| Instance::Node(document, n))
    }
}

/// The JSON value of a node and everything under it. For error messages, for tools that
/// want the map as JSON (`import` front matter, tests), never on the checking path.
/// How deep and how wide [`sample_json`] describes a node.
const SAMPLE_DEPTH: usize = 4;
const SAMPLE_MEMBERS: usize = 20;

/// `node` as JSON, with at most [`SAMPLE_MEMBERS`] members of each container and containers
/// below `depth` levels left empty: enough to describe it in a message, bounded in size.
fn sample_json(document: &Document, node: &Node, depth: usize) -> Value {
    match &node.value {
        NodeValue::Seq(items) => Value::Array(if depth == 0 {
            Vec::new()
        } else {
            items
                .iter()
                .take(SAMPLE_MEMBERS)
                .map(|n| sample_json(document, n, depth - 1))
                .collect()
        }),
        NodeValue::Map(entries) => Value::Object(if depth == 0 {
            Map::new()
        } else {
            entries
                .iter()
                .take(SAMPLE_MEMBERS)
                .map(|e| {
                    (
                        document.key(e).to_owned(),
                        sample_json(document, &e.value, depth - 1),
                    )
                })
                .collect()
        }),
        _ => to_json(document, node),
    }
}

pub fn to_json(document: &Document, node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Int(_) | NodeValue::Float(_) => {
            number(&node.value).map_or(Value::Null, Value::Number)
        }
        NodeValue::Str(text) => Value::String(document.text(text).to_owned()),
        NodeValue::Seq(items) => Value::Array(items.iter().map(|n| to_json(document, n)).collect()),
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (document.key(e).to_owned(), to_json(document, &e.value)))
                .collect::<Map<_, _>>(),
        ),
    }
}
