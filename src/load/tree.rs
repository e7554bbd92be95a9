//! The YAML tree the loader builds: values resolved by the core schema, and the byte span of
//! every node and every mapping key, so that any finding (a schema error found by JSON
//! pointer, a rule about one touchpoint) can point at the exact text.
//!
//! This one tree is what the JSON Schema validates ([`super::instance`]) and what the typed
//! model is deserialized from ([`super::de`]); no JSON copy of the map is ever made. It is
//! kept small because it lives as long as diagnostics may be made: spans are `u32`, keys
//! are indices into one table of distinct key texts, and text that appears verbatim in the
//! source (most of it) is stored as a span instead of a copy. A node is 32 bytes.

use foldhash::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::source::SourceFile;

/// A YAML node: its byte span in the source and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    start: u32,
    end: u32,
    pub value: NodeValue,
}

/// A node's value, resolved with the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text),
    Seq(Box<[Node]>),
    Map(Box<[Entry]>),
}

/// A text value: a span of the source when the source spells it verbatim (a plain or quoted
/// scalar without escapes or line folding), else the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Source { start: u32, end: u32 },
    Owned(Box<str>),
}

impl Text {
    /// The text, given the source it may be a span of.
    pub fn as_str<'a>(&'a self, source: &'a str) -> &'a str {
        match self {
            Text::Source { start, end } => &source[*start as usize..*end as usize],
            Text::Owned(owned) => owned,
        }
    }
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: KeyId,
    key_start: u32,
    key_end: u32,
    pub value: Node,
}

/// A mapping key's text, as an index into the document's [`Keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(u32);

/// The distinct key texts of one document. A journey map repeats a few dozen keys (`id`,
/// `name`, `emotion`...) hundreds of thousands of times; each text is stored once.
#[derive(Debug, Default)]
pub struct Keys {
    texts: Vec<Box<str>>,
    index: HashMap<Box<str>, KeyId>,
}

impl Keys {
    /// The id of `text`, adding it when new.
    pub fn intern(&mut self, text: &str) -> KeyId {
        if let Some(&id) = self.index.get(text) {
            return id;
        }
        let id = KeyId(offset(self.texts.len()));
        self.texts.push(text.into());
        self.index.insert(text.into(), id);
        id
    }

    /// The id of `text`, when some mapping of the document uses it as a key.
    pub fn find(&self, text: &str) -> Option<KeyId> {
        self.index.get(text).copied()
    }

    pub fn text(&self, id: KeyId) -> &str {
        &self.texts[id.0 as usize]
    }
}

/// Where a JSON pointer lands in the text: the value and, for a mapping member, its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// Byte offsets and counts are stored as `u32`: the loader refuses input over its size limit
/// (32 MiB by default) long before they could exceed it.
pub(super) fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("journey map sources are smaller than 4 GiB")
}

impl Node {
    pub fn new(span: Range<usize>, value: NodeValue) -> Node {
        Node {
            start: offset(span.start),
            end: offset(span.end),
            value,
        }
    }

    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn set_span(&mut self, span: Range<usize>) {
        self.start = offset(span.start);
        self.end = offset(span.end);
    }

    /// How many nodes this subtree holds (itself included); used to bound alias expansion.
    pub fn count(&self) -> usize {
        1 + match &self.value {
            NodeValue::Seq(items) => items.iter().map(Node::count).sum(),
            NodeValue::Map(entries) => entries.iter().map(|e| 1 + e.value.count()).sum(),
            _ => 0,
        }
    }

    /// [`Node::count`], or `None` as soon as the count passes `limit` (without walking the
    /// rest of a big subtree).
    pub fn count_up_to(&self, limit: usize) -> Option<usize> {
        let mut total = 1;
        let mut add = |n: usize| {
            total += n;
            (total <= limit).then_some(())
        };
        match &self.value {
            NodeValue::Seq(items) => {
                for item in items {
                    add(item.count_up_to(limit)?)?;
                }
            }
            NodeValue::Map(entries) => {
                for entry in entries {
                    add(1 + entry.value.count_up_to(limit)?)?;
                }
            }
            _ => {}
        }
        (total <= limit).then_some(total)
    }

    /// The member of a mapping node whose key is `key`.
    pub fn get(&self, key: KeyId) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }
}

impl Entry {
    pub fn new(key: KeyId, key_span: Range<usize>, value: Node) -> Entry {
        Entry {
            key,
            key_start: offset(key_span.start),
            key_end: offset(key_span.end),
            value,
        }
    }

    pub fn key_span(&self) -> Range<usize> {
        self.key_start as usize..self.key_end as usize
    }
}

/// A loaded document: its source, its root node and its key texts.
#[derive(Debug)]
pub struct Document {
    pub file: Arc<SourceFile>,
    pub root: Node,
    pub keys: Keys,
}

impl Document {
    /// The whole document's span.
    pub fn span(&self) -> Range<usize> {
        self.root.span()
    }

    /// The text of a text value.
    pub fn text<'a>(&'a self, text: &'a Text) -> &'a str {
        text.as_str(&self.file.text)
    }

    /// The text of an entry's key.
    pub fn key(&self, entry: &Entry) -> &str {
        self.keys.text(entry.key)
    }

    /// The member `key` of the mapping `node`.
    pub fn member<'a>(&self, node: &'a Node, key: &str) -> Option<&'a Entry> {
        node.get(self.keys.find(key)?)
    }

    /// Resolves an RFC 6901 JSON pointer (`/stages/0/steps/1/emotion`) to spans.
    ///
    /// This is the pointer-to-span index of the design: the tree itself is the index, walked
    /// only for the few pointers that diagnostics need, which costs nothing on the happy path.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let (key, node) = self.walk(pointer)?;
        Some(Location {
            key,
            value: node.span(),
        })
    }

    /// The span of `key` itself in the mapping at `pointer` (for unknown keys).
    pub fn key_span(&self, pointer: &str, key: &str) -> Option<Range<usize>> {
        let node = self.node(pointer)?;
        self.member(node, key).map(Entry::key_span)
    }

    /// The node at `pointer`.
    pub fn node(&self, pointer: &str) -> Option<&Node> {
        self.walk(pointer).map(|(_, node)| node)
    }

    /// The node at `pointer`, with the span of the key that holds it when it is a member.
    fn walk(&self, pointer: &str) -> Option<(Option<Range<usize>>, &Node)> {
        let mut node = &self.root;
        let mut key = None;
        if pointer.is_empty() {
            return Some((None, node));
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match &node.value {
                NodeValue::Map(_) => {
                    let entry = self.member(node, &segment)?;
                    key = Some(entry.key_span());
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_and_entries_are_small() {
        // The point of this representation: it is what keeps a 40,000-step map in budget.
        assert_eq!(std::mem::size_of::<Node>(), 32);
        assert_eq!(std::mem::size_of::<Entry>(), 48);
    }

    #[test]
    fn keys_are_stored_once() {
        let mut keys = Keys::default();
        let a = keys.intern("name");
        let b = keys.intern("id");
        assert_eq!(keys.intern("name"), a);
        assert_ne!(a, b);
        assert_eq!(keys.text(b), "id");
        assert_eq!(keys.find("id"), Some(b));
        assert_eq!(keys.find("nope"), None);
    }
}
