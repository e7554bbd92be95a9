//! The canonical layout of a map file, for `journeymap fmt`: keys in the order of the format
//! (the order of the schema's `properties`, which is the model's field order and that of
//! docs/format.md; keys the format does not know follow in their own order), two-space block
//! style, strings quoted by the rule every common YAML reader agrees with, short lists of
//! scalars in flow style when they fit, a blank line between sections and between stages —
//! the layout [`crate::interchange::yaml`] writes — with every comment of the source kept
//! beside the value it was written beside.
//!
//! The text is written from the loader's tree, not from the typed model, so shorthand stays
//! shorthand and a map with schema errors can still be formatted. Values cannot change: the
//! formatted text is read back and compared with the source's data (types included) before
//! it is handed out, and a difference is an error, never a silent change.
//!
//! What is not kept: anchors and aliases (the aliased value is written out in full), the
//! `---` marker, blank lines other than the canonical ones, and the line endings (`\n`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::interchange::yaml::segment;
use crate::load::instance::to_json;
use crate::load::{Document, Node, NodeValue};
use crate::source::SourceFile;

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file is not YAML the loader reads: its diagnostics say where.
    Unreadable(Vec<crate::diagnostics::Diagnostic>),
    /// Formatting would have changed the data (a safety net: this is a bug in the writer).
    WouldChange { pointer: String },
}

/// `file`'s text in the canonical layout.
pub fn format(file: &Arc<SourceFile>) -> Result<String, FormatError> {
    let limits = crate::load::Limits::default();
    let document = crate::load::parse(file, &limits).map_err(FormatError::Unreadable)?;
    let value = ordered(
        &document,
        &document.root,
        crate::schema::value(),
        Some(crate::schema::value()),
    );
    let written = crate::interchange::yaml::value_to_yaml_with_nodes(&value);
    let comments = comments(&document);
    let text = place_comments(&file.text, &written, &comments, &anchors(&document));
    let again = Arc::new(SourceFile::new(file.name.clone(), None, text.clone()));
    let reread = crate::load::parse(&again, &limits).map_err(|_| FormatError::WouldChange {
        pointer: String::new(),
    })?;
    let before = to_json(&document, &document.root);
    let after = to_json(&reread, &reread.root);
    if let Some(pointer) = first_difference(&before, &after, String::new()) {
        return Err(FormatError::WouldChange { pointer });
    }
    Ok(text)
}

/// The JSON value of `node`, each mapping's keys in the order of its schema (`schema`, within
/// the whole schema `root`), the rest after them in source order.
fn ordered(document: &Document, node: &Node, root: &Value, schema: Option<&Value>) -> Value {
    match &node.value {
        NodeValue::Map(entries) => {
            let properties = schema
                .and_then(|s| variant(root, s, "properties"))
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object);
            let rank = |key: &str| {
                properties
                    .and_then(|p| p.keys().position(|k| k == key))
                    .unwrap_or(usize::MAX)
            };
            let mut order: Vec<usize> = (0..entries.len()).collect();
            // Stable: keys the schema does not know keep their order, after the known ones.
            order.sort_by_key(|&i| rank(document.key(&entries[i])));
            let mut out = Map::new();
            for i in order {
                let key = document.key(&entries[i]);
                let child = properties.and_then(|p| p.get(key));
                out.insert(
                    key.to_owned(),
                    ordered(document, &entries[i].value, root, child),
                );
            }
            Value::Object(out)
        }
        NodeValue::Seq(items) => {
            let item_schema = schema
                .and_then(|s| variant(root, s, "items"))
                .and_then(|s| s.get("items"));
            Value::Array(
                items
                    .iter()
                    .map(|item| ordered(document, item, root, item_schema))
                    .collect(),
            )
        }
        _ => to_json(document, node),
    }
}

/// The schema `schema` (its `$ref` followed), or the first of its `anyOf`/`oneOf`/`allOf`
/// alternatives, that has `keyword` (`properties` for a mapping, `items` for a sequence).
fn variant<'a>(root: &'a Value, schema: &'a Value, keyword: &str) -> Option<&'a Value> {
    let mut schema = schema;
    for _ in 0..16 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        schema = root.pointer(reference.strip_prefix('#')?)?;
    }
    if schema.get(keyword).is_some() {
        return Some(schema);
    }
    ["anyOf", "oneOf", "allOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .find_map(|alternative| {
            let resolved = match alternative.get("$ref").and_then(Value::as_str) {
                Some(reference) => root.pointer(reference.strip_prefix('#')?)?,
                None => alternative,
            };
            resolved.get(keyword).is_some().then_some(resolved)
        })
}

/// A comment of the source.
#[derive(Debug, Clone, PartialEq)]
struct Comment {
    /// Byte offset of its `#`.
    at: usize,
    /// From `#` to the end of the line, trailing blanks removed.
    text: String,
    /// Whether code comes before it on its line.
    trailing: bool,
}

/// The comments of `document`'s source: each `#` that starts a line or follows a blank, and
/// lies in no scalar or key.
fn comments(document: &Document) -> Vec<Comment> {
    let source = document.file.text.as_str();
    let mut spans = Vec::new();
    collect_spans(source, &document.root, &mut spans);
    spans.sort_unstable();
    // Scalars and keys do not nest: only the last one starting before `at` can hold it.
    let inside = |at: usize| {
        let i = spans.partition_point(|&(start, _)| start <= at);
        i > 0 && at < spans[i - 1].1
    };
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut search = 0;
        while let Some(offset) = line[search..].find('#') {
            let i = search + offset;
            let starts = i == 0 || matches!(bytes[i - 1], b' ' | b'\t');
            if starts && !inside(line_start + i) {
                found.push(Comment {
                    at: line_start + i,
                    text: line[i..].trim_end().to_string(),
                    trailing: !line[..i].trim().is_empty(),
                });
                break;
            }
            search = i + 1;
        }
        line_start += line.len();
    }
    found
}

/// The spans of every scalar and key, where a `#` is text, not a comment.
fn collect_spans(source: &str, node: &Node, spans: &mut Vec<(usize, usize)>) {
    match &node.value {
        NodeValue::Map(entries) => {
            for entry in entries.iter() {
                let key = entry.key_span();
                spans.push((key.start, quoted_end(source, key.start).unwrap_or(key.end)));
                collect_spans(source, &entry.value, spans);
            }
        }
        NodeValue::Seq(items) => items
            .iter()
            .for_each(|item| collect_spans(source, item, spans)),
        _ => {
            let span = node.span();
            // A quoted scalar's own end is shorter than the loader's span; a block
            // scalar's can be longer.
            let end = match block_header(source, span.start) {
                Some(header) => block_end(source, header).max(span.end),
                None => quoted_end(source, span.start).unwrap_or(span.end),
            };
            spans.push((span.start, end));
        }
    }
}

/// Where the header (`|`, `>-`, `|2`...) of the block scalar whose content starts at
/// `content` is, if it is one: the loader's span of a block scalar starts at its content, on a
/// line below the header (which may carry a comment).
fn block_header(source: &str, content: usize) -> Option<usize> {
    let before = &source[..content];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if line_start == 0 || !before[line_start..].trim().is_empty() {
        return None;
    }
    // The last line above that is not blank: the header's.
    let mut end = line_start - 1;
    loop {
        let start = source[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &source[start..end];
        if !line.trim().is_empty() {
            let code = match line.find(" #") {
                Some(i) => &line[..i],
                None => line,
            }
            .trim_end();
            let token_start = code.rfind([' ', '\t']).map_or(0, |i| i + 1);
            return is_block_header(&code[token_start..]).then_some(start + token_start);
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// The end of the block scalar whose header is at `header`: its last line indented at least
/// as deep as its content, blank lines between included. The loader's span of a block scalar
/// can stop short of its last line, where a line such as `#35;` would be taken for a comment.
fn block_end(source: &str, header: usize) -> usize {
    let header_end = source[header..]
        .find('\n')
        .map_or(source.len(), |i| header + i);
    let header_line = source[..header].rfind('\n').map_or(0, |i| i + 1);
    let indent_of = |line: &str| line.len() - line.trim_start_matches(' ').len();
    // An explicit indentation indicator counts from the header line's own indentation.
    let explicit = source[header..header_end]
        .split(['#', ' '])
        .next()
        .and_then(|token| token.chars().find(char::is_ascii_digit))
        .and_then(|digit| digit.to_digit(10));
    let mut content_indent = explicit.map(|d| indent_of(&source[header_line..header]) + d as usize);
    let mut end = header_end;
    let mut line_start = (header_end + 1).min(source.len());
    for line in source[line_start..].split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            let indent = *content_indent.get_or_insert(indent_of(text));
            if indent == 0 || indent_of(text) < indent {
                break;
            }
            end = line_start + text.len();
        }
        line_start += line.len();
    }
    end
}

/// The end of the quoted scalar starting at `start` (after its closing quote), or `None` if
/// none starts there. The loader's span of a quoted scalar runs on to the next token, past
/// any comment after it.
fn quoted_end(source: &str, start: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let quote = *bytes.get(start).filter(|b| matches!(b, b'"' | b'\''))?;
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where each value starts in the source (a member at its key), with its JSON pointer, in
/// the order of the source; a value before the values inside it that start with it.
fn anchors(document: &Document) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    walk_anchors(document, &document.root, String::new(), None, &mut out);
    out.sort_by_key(|(start, _, pointer)| (*start, pointer.len()));
    out
}

fn walk_anchors(
    document: &Document,
    node: &Node,
    pointer: String,
    start: Option<usize>,
    out: &mut Vec<(usize, usize, String)>,
) {
    let span = node.span();
    match &node.value {
        NodeValue::Map(entries) => {
            for entry in entries.iter() {
                let key = segment(document.key(entry));
                walk_anchors(
                    document,
                    &entry.value,
                    format!("{pointer}/{key}"),
                    Some(entry.key_span().start),
                    out,
                );
            }
        }
        NodeValue::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_anchors(document, item, format!("{pointer}/{i}"), None, out);
            }
        }
        _ => {}
    }
    if !pointer.is_empty() {
        out.push((start.unwrap_or(span.start), span.end, pointer));
    }
}

/// The written text with each comment put back: a comment on a line of its own before the
/// line where the value after it was written, at that line's indentation; a comment after
/// code at the end of the first line written for the value that started last on its line.
/// Comments before the first value start the file, and comments after the last end it.
fn place_comments(
    source: &str,
    written: &crate::interchange::yaml::Written,
    comments: &[Comment],
    anchors: &[(usize, usize, String)],
) -> String {
    let text = written.text.as_str();
    let mut starts: BTreeMap<&str, usize> = BTreeMap::new();
    for (pointer, range) in &written.nodes {
        starts
            .entry(pointer.as_str())
            .and_modify(|s| *s = (*s).min(range.start))
            .or_insert(range.start);
    }
    // Lines of text to insert before the line starting at a byte offset, and text to add at
    // the end of the line containing a byte offset.
    let mut before: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut after: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut at_end: Vec<String> = Vec::new();
    // Comments before the first value are the file's header (the editor's schema line, a
    // title block): they stay at the top, whatever key comes first now.
    let first_value = anchors.first().map_or(usize::MAX, |(start, _, _)| *start);
    let mut at_start: Vec<String> = Vec::new();
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i);
    for comment in comments {
        if comment.at < first_value {
            at_start.push(comment.text.clone());
            continue;
        }
        let target = if comment.trailing {
            // The value that starts last before the comment, if it starts on its line.
            let next = anchors.partition_point(|(start, _, _)| *start < comment.at);
            let on_its_line = next
                .checked_sub(1)
                .map(|i| &anchors[i])
                .filter(|(start, _, _)| !source[*start..comment.at].contains('\n'));
            // After a block scalar's header (`key: |-  # c`): the scalar starts on the next
            // line, so the comment belongs to the value that starts next.
            let after_header = || {
                anchors
                    .get(next)
                    .filter(|_| after_block_header(source, comment.at))
            };
            on_its_line
                .or_else(after_header)
                .and_then(|(_, _, pointer)| starts.get(pointer.as_str()).copied())
        } else {
            None
        };
        if let Some(at) = target {
            after
                .entry(line_end(at))
                .or_default()
                .push(comment.text.clone());
            continue;
        }
        // On a line of its own (or a trailing comment with no value before it): before the
        // value that starts next, outermost first.
        let next = anchors
            .iter()
            .find(|(start, _, _)| *start > comment.at)
            .and_then(|(_, _, pointer)| starts.get(pointer.as_str()).copied());
        match next {
            Some(at) => before
                .entry(line_start(at))
                .or_default()
                .push(comment.text.clone()),
            None => at_end.push(comment.text.clone()),
        }
    }
    let mut out = String::with_capacity(text.len() + comments.len() * 40);
    for line in at_start {
        out.push_str(&line);
        out.push('\n');
    }
    let mut from = 0;
    let mut cuts: Vec<usize> = before.keys().chain(after.keys()).copied().collect();
    cuts.sort_unstable();
    cuts.dedup();
    for cut in cuts {
        out.push_str(&text[from..cut]);
        from = cut;
        if let Some(texts) = after.get(&cut) {
            for t in texts {
                out.push_str("  ");
                out.push_str(t);
            }
        }
        if let Some(lines) = before.get(&cut) {
            let indent = text[cut..].len() - text[cut..].trim_start_matches(' ').len();
            for line in lines {
                out.extend(std::iter::repeat_n(' ', indent));
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(&text[from..]);
    for line in at_end {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Whether the code before `at` on its line ends with a block scalar's header (`|`, `>-`,
/// `|2+`...).
fn after_block_header(source: &str, at: usize) -> bool {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let code = source[line_start..at].trim_end();
    is_block_header(code.rsplit([' ', '\t']).next().unwrap_or(""))
}

/// Whether `token` is a block scalar's header: `|` or `>`, then a chomping and an
/// indentation indicator in either order.
fn is_block_header(token: &str) -> bool {
    let mut chars = token.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && token.len() <= 3
}

/// The first JSON pointer where `a` and `b` differ (numbers compared with their type).
fn first_difference(a: &Value, b: &Value, pointer: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return Some(pointer);
            }
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => first_difference(v, w, format!("{pointer}/{}", segment(k))),
                None => Some(format!("{pointer}/{}", segment(k))),
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(pointer);
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| first_difference(v, w, format!("{pointer}/{i}")))
        }
        (Value::Number(x), Value::Number(y)) => {
            (x.is_f64() != y.is_f64() || x != y).then_some(pointer)
        }
        _ => (a != b).then_some(pointer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The safety net that refuses a formatted file whose data differs (`WouldChange`): it
    /// names the first place of a difference, types of numbers included.
    #[test]
    fn the_first_difference_is_named_by_its_pointer() {
        let a = json!({"stages": [{"id": "a", "steps": [{"emotion": 1.0}]}], "a/b": "x"});
        assert_eq!(first_difference(&a, &a.clone(), String::new()), None);
        let mut b = a.clone();
        b["stages"][0]["steps"][0]["emotion"] = json!(1);
        assert_eq!(
            first_difference(&a, &b, String::new()).as_deref(),
            Some("/stages/0/steps/0/emotion"),
            "1.0 written as 1 is a change"
        );
        let mut c = a.clone();
        c["a/b"] = json!("y");
        assert_eq!(
            first_difference(&a, &c, String::new()).as_deref(),
            Some("/a~1b")
        );
        let mut d = a.clone();
        d["stages"].as_array_mut().unwrap().push(json!({}));
        assert_eq!(
            first_difference(&a, &d, String::new()).as_deref(),
            Some("/stages")
        );
    }
}
