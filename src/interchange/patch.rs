//! `import … --base MAP`: the new map written as edits to the base file's text, so that its
//! comments, key order and formatting survive for every value that did not change. A person
//! who keeps a map by hand and round-trips its steps through a spreadsheet gets back the file
//! they wrote, with only the changed values rewritten.
//!
//! The edits work on the base's YAML tree (every node and key has its byte span): an equal
//! value keeps its text; a changed plain or quoted scalar is replaced where it stands; a
//! mapping's members and a block sequence's items are edited one by one (members only in the
//! base are removed, new ones are added after the last); anything else (a block scalar, a
//! flow collection, a change of type) is written again by the project's writer at the same
//! place and indentation. The edited text is then read back: unless it is exactly the new
//! map, it is not used, and the caller writes the map whole.

use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::yaml;
use crate::load::{self, Document, Limits, Node, NodeValue};
use crate::model::JourneyMap;
use crate::source::SourceFile;

/// The base text edited into `map`, and how many of its comment lines were kept; `None` when
/// the base cannot be edited (it does not parse, uses anchors, or the edits do not read back
/// as `map`).
pub fn edit_base(base: &str, base_map: &JourneyMap, map: &JourneyMap) -> Option<Edited> {
    if base.contains(['&', '*']) && uses_anchors(base) {
        return None;
    }
    let file = Arc::new(SourceFile::new("base", None, base.to_string()));
    let document = load::parse(&file, &Limits::default()).ok()?;
    let new = serde_json::to_value(map).ok()?;
    let old = serde_json::to_value(base_map).ok()?;
    let mut editor = Editor {
        document: &document,
        text: base,
        edits: Vec::new(),
    };
    editor
        .mapping(&document.root, &new, Some(&old), Place::Root)
        .ok()?;
    let text = editor.apply()?;
    let reread = Arc::new(SourceFile::new("edited", None, text.clone()));
    let checked = crate::validate::check_file(
        &reread,
        &crate::validate::Options::default(),
        &crate::validate::Config::default(),
    );
    if checked.map.as_ref() != Some(map) {
        return None;
    }
    Some(Edited {
        comments_kept: comment_lines(&text).min(comment_lines(base)),
        comments_in_base: comment_lines(base),
        text,
    })
}

/// An edited base file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// Comment lines of the base that are still there (a comment on a value written again is
    /// lost with it).
    pub comments_kept: usize,
    pub comments_in_base: usize,
}

/// Lines that hold only a comment.
fn comment_lines(text: &str) -> usize {
    text.lines()
        .filter(|line| line.trim_start().starts_with('#'))
        .count()
}

/// Whether the text has an anchor or alias outside quotes and comments (roughly: a `&` or `*`
/// right after a blank, `[`, `{` or `,`, or at the start of a line): aliased nodes share
/// spans, so such a base is written whole.
fn uses_anchors(text: &str) -> bool {
    text.lines().any(|line| {
        let code = line.split(" #").next().unwrap_or(line);
        let bytes = code.as_bytes();
        bytes.iter().enumerate().any(|(i, &b)| {
            (b == b'&' || b == b'*')
                && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b','))
                && bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric())
        })
    })
}

/// Where a node stands: what holds it decides how it can be written again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The document's root mapping.
    Root,
    /// The value of a mapping member.
    Member,
    /// An item of a block sequence.
    Item,
}

/// Cannot be edited in place: the one who holds the node writes it again.
struct WriteAgain;

struct Editor<'a> {
    document: &'a Document,
    text: &'a str,
    edits: Vec<(Range<usize>, String)>,
}

impl Editor<'_> {
    /// The text with every edit made; `None` if two edits overlap (a layout the editor did
    /// not foresee: the caller then writes the map whole).
    fn apply(mut self) -> Option<String> {
        self.edits
            .sort_by_key(|(range, _)| (range.start, range.end));
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (range, replacement) in &self.edits {
            out.push_str(self.text.get(at..range.start)?);
            out.push_str(replacement);
            at = range.end;
        }
        out.push_str(self.text.get(at..)?);
        Some(out)
    }

    /// Edits `node`, held at `place`, into `new`; `old` is the same part of the base as the
    /// model writes it (which leaves out what is spelled as its default).
    fn node(
        &mut self,
        node: &Node,
        new: &Value,
        old: Option<&Value>,
        place: Place,
    ) -> Result<(), WriteAgain> {
        if same(self.document, node, new) {
            return Ok(());
        }
        let span = node.span();
        let opening = self.text[span.clone()].chars().next();
        let block_style = !matches!(opening, Some('[' | '{'));
        // Edits made inside a node that is then written again whole are taken back.
        let mark = self.edits.len();
        let result = match (&node.value, new) {
            (NodeValue::Map(_), Value::Object(_)) if block_style && !is_empty(new) => {
                self.mapping(node, new, old, place)
            }
            (NodeValue::Seq(_), Value::Array(_)) if block_style && !is_empty(new) => {
                self.sequence(node, new, old)
            }
            (value, new) if is_scalar(value) && is_scalar_value(new) => {
                self.scalar(node, new, place)
            }
            _ => Err(WriteAgain),
        };
        if result.is_err() {
            self.edits.truncate(mark);
        }
        result
    }

    /// A scalar replaced where it stands, when it is a plain or quoted one on one line.
    fn scalar(&mut self, node: &Node, new: &Value, place: Place) -> Result<(), WriteAgain> {
        let mut span = node.span();
        let before = &self.text[line_start(self.text, span.start)..span.start];
        if before.contains(['|', '>']) || self.text[span.clone()].contains('\n') {
            return Err(WriteAgain);
        }
        // A quoted scalar's span may leave out its quotes.
        let bytes = self.text.as_bytes();
        if span.start > 0
            && matches!(bytes[span.start - 1], b'"' | b'\'')
            && bytes.get(span.end) == Some(&bytes[span.start - 1])
        {
            span = span.start - 1..span.end + 1;
        }
        let flow = place != Place::Root && inside_flow(self.text, span.start);
        let written = match new {
            Value::String(text) => yaml::string_scalar(text, flow),
            other => yaml::scalar_text(other),
        };
        self.edits.push((span, written));
        Ok(())
    }

    /// A block mapping edited member by member. A member the new map lacks is removed, unless
    /// the base's model lacks it too: then it spells out a default, and stays.
    fn mapping(
        &mut self,
        node: &Node,
        new: &Value,
        old: Option<&Value>,
        place: Place,
    ) -> Result<(), WriteAgain> {
        let (NodeValue::Map(entries), Value::Object(members)) = (&node.value, new) else {
            return Err(WriteAgain);
        };
        let indent = match place {
            Place::Root => 0,
            _ => column(
                self.text,
                entries
                    .first()
                    .map_or(node.span().start, |e| e.key_span().start),
            ),
        };
        for (i, entry) in entries.iter().enumerate() {
            let key = self.document.key(entry);
            // The first member of a sequence item shares its line with the dash.
            let shares_dash = i == 0 && place == Place::Item;
            let was = old.and_then(|o| o.get(key));
            match members.get(key) {
                Some(value) => {
                    if self.node(&entry.value, value, was, Place::Member).is_err() {
                        if shares_dash {
                            return Err(WriteAgain);
                        }
                        let range = self.member_lines(entry);
                        self.edits
                            .push((range, yaml::render_entry(key, value, indent)));
                    }
                }
                None if was.is_none() && old.is_some() => {}
                None if shares_dash => return Err(WriteAgain),
                None => {
                    let range = self.member_lines(entry);
                    self.edits.push((range, String::new()));
                }
            }
        }
        let added: Vec<(&String, &Value)> = members
            .iter()
            .filter(|(key, _)| !entries.iter().any(|e| self.document.key(e) == key.as_str()))
            .collect();
        if !added.is_empty() {
            let end = entries
                .iter()
                .map(|e| e.value.span().end.max(e.key_span().end))
                .max()
                .unwrap_or(node.span().end);
            let at = next_line_start(self.text, end);
            let mut text = String::new();
            if at == self.text.len() && !self.text.ends_with('\n') {
                text.push('\n');
            }
            for (key, value) in added {
                text.push_str(&yaml::render_entry(key, value, indent));
            }
            self.edits.push((at..at, text));
        }
        Ok(())
    }

    /// A block sequence edited item by item: the common items in place, the base's extra items
    /// removed, the new map's extra items added after the last.
    fn sequence(
        &mut self,
        node: &Node,
        new: &Value,
        old: Option<&Value>,
    ) -> Result<(), WriteAgain> {
        let (NodeValue::Seq(items), Value::Array(values)) = (&node.value, new) else {
            return Err(WriteAgain);
        };
        let Some(first) = items.first() else {
            return Err(WriteAgain);
        };
        let dash_of = |item: &Node| dash_before(self.text, item.span().start);
        let Some(first_dash) = dash_of(first) else {
            return Err(WriteAgain);
        };
        let indent = column(self.text, first_dash);
        if let (Some(base_ids), Some(new_ids)) = (self.item_ids(items), item_ids(values)) {
            return self.sequence_by_id(items, values, old, indent, &base_ids, &new_ids);
        }
        for (i, (item, value)) in items.iter().zip(values).enumerate() {
            let range = self.item_lines(item).ok_or(WriteAgain)?;
            let was = old.and_then(|o| o.get(i));
            if self.node(item, value, was, Place::Item).is_err() {
                self.edits.push((
                    range,
                    yaml::render_items(std::slice::from_ref(value), indent),
                ));
            }
        }
        if items.len() > values.len() {
            let Some(dash) = dash_of(&items[values.len()]) else {
                return Err(WriteAgain);
            };
            let end = items.last().map_or(dash, |item| item.span().end);
            self.edits.push((
                line_start(self.text, dash)..next_line_start(self.text, end),
                String::new(),
            ));
        } else if values.len() > items.len() {
            let end = items.last().map_or(node.span().end, |item| item.span().end);
            let at = next_line_start(self.text, end);
            let mut text = String::new();
            if at == self.text.len() && !self.text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&yaml::render_items(&values[items.len()..], indent));
            self.edits.push((at..at, text));
        }
        Ok(())
    }
}

impl Editor<'_> {
    /// The whole lines of a mapping member, from its key to the end of its value.
    fn member_lines(&self, entry: &load::Entry) -> Range<usize> {
        let key = entry.key_span();
        line_start(self.text, key.start)
            ..next_line_start(self.text, entry.value.span().end.max(key.end))
    }

    /// The whole lines of a block sequence item, from its dash to the end of its value.
    fn item_lines(&self, item: &Node) -> Option<Range<usize>> {
        let dash = dash_before(self.text, item.span().start)?;
        Some(line_start(self.text, dash)..next_line_start(self.text, item.span().end))
    }

    /// The `id` of every item when each is a mapping with a distinct `id`.
    fn item_ids(&self, items: &[Node]) -> Option<Vec<String>> {
        let ids: Vec<String> = items
            .iter()
            .map(
                |item| match &self.document.member(item, "id")?.value.value {
                    NodeValue::Str(text) => Some(self.document.text(text).to_string()),
                    _ => None,
                },
            )
            .collect::<Option<_>>()?;
        distinct(&ids).then_some(ids)
    }

    /// Items matched by `id`: a kept item is edited in place, a removed one deleted, a new one
    /// added after the item before it. A reordering is written again whole.
    fn sequence_by_id(
        &mut self,
        items: &[Node],
        values: &[Value],
        old: Option<&Value>,
        indent: usize,
        base_ids: &[String],
        new_ids: &[String],
    ) -> Result<(), WriteAgain> {
        let kept_in_base: Vec<&String> =
            base_ids.iter().filter(|id| new_ids.contains(id)).collect();
        let kept_in_new: Vec<&String> = new_ids.iter().filter(|id| base_ids.contains(id)).collect();
        if kept_in_base != kept_in_new {
            return Err(WriteAgain);
        }
        for (item, id) in items.iter().zip(base_ids) {
            if !new_ids.contains(id) {
                let range = self.item_lines(item).ok_or(WriteAgain)?;
                self.edits.push((range, String::new()));
            }
        }
        // Where the next new item goes: after the last kept item, or before the first item.
        let first = self.item_lines(&items[0]).ok_or(WriteAgain)?;
        let mut at = first.start;
        for (value, id) in values.iter().zip(new_ids) {
            match base_ids.iter().position(|b| b == id) {
                Some(i) => {
                    let was = old.and_then(|o| o.as_array()).and_then(|o| {
                        o.iter()
                            .find(|v| v.get("id").and_then(Value::as_str) == Some(id))
                    });
                    let range = self.item_lines(&items[i]).ok_or(WriteAgain)?;
                    if self.node(&items[i], value, was, Place::Item).is_err() {
                        self.edits.push((
                            range.clone(),
                            yaml::render_items(std::slice::from_ref(value), indent),
                        ));
                    }
                    at = range.end;
                }
                None => {
                    let mut text = String::new();
                    if at == self.text.len() && !self.text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(&yaml::render_items(std::slice::from_ref(value), indent));
                    self.edits.push((at..at, text));
                }
            }
        }
        Ok(())
    }
}

/// The `id` of every value when each is a mapping with a distinct `id`.
fn item_ids(values: &[Value]) -> Option<Vec<String>> {
    let ids: Vec<String> = values
        .iter()
        .map(|v| v.get("id")?.as_str().map(str::to_string))
        .collect::<Option<_>>()?;
    distinct(&ids).then_some(ids)
}

fn distinct(ids: &[String]) -> bool {
    let mut sorted: Vec<&String> = ids.iter().collect();
    sorted.sort();
    sorted.windows(2).all(|w| w[0] != w[1])
}

/// Whether `node` holds the same data as `value`.
fn same(document: &Document, node: &Node, value: &Value) -> bool {
    match (&node.value, value) {
        (NodeValue::Null, Value::Null) => true,
        (NodeValue::Bool(a), Value::Bool(b)) => a == b,
        (NodeValue::Int(a), Value::Number(b)) => {
            b.as_i64() == Some(*a) || b.as_f64() == Some(*a as f64)
        }
        (NodeValue::Float(a), Value::Number(b)) => b.as_f64() == Some(*a),
        (NodeValue::Str(a), Value::String(b)) => document.text(a) == b,
        (NodeValue::Seq(items), Value::Array(values)) => {
            items.len() == values.len()
                && items.iter().zip(values).all(|(n, v)| same(document, n, v))
        }
        (NodeValue::Map(entries), Value::Object(members)) => {
            same_members(document, entries, members)
        }
        _ => false,
    }
}

fn same_members(
    document: &Document,
    entries: &[load::Entry],
    members: &Map<String, Value>,
) -> bool {
    entries.len() == members.len()
        && entries.iter().all(|entry| {
            members
                .get(document.key(entry))
                .is_some_and(|value| same(document, &entry.value, value))
        })
}

fn is_scalar(value: &NodeValue) -> bool {
    !matches!(value, NodeValue::Seq(_) | NodeValue::Map(_))
}

fn is_scalar_value(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        _ => false,
    }
}

/// The byte where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The byte after the line break ending the line that holds the byte before `at` (a span's
/// end), or the end of the text.
fn next_line_start(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The column (in bytes, which is what YAML indentation counts in spaces) of `at`.
fn column(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

/// The `-` of the block sequence item whose content starts at `at`: the first thing before
/// it other than blanks and line breaks (`- id: x`, or a dash alone on the line above).
fn dash_before(text: &str, at: usize) -> Option<usize> {
    let before = text[..at].trim_end_matches([' ', '\n', '\r']);
    before.ends_with('-').then(|| before.len() - 1)
}

/// Whether `at` is inside a flow collection (`[a, b]`) on its line.
fn inside_flow(text: &str, at: usize) -> bool {
    let before = &text[line_start(text, at)..at];
    let opened = before.matches(['[', '{']).count();
    let closed = before.matches([']', '}']).count();
    opened > closed
}
