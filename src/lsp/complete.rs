//! What may be written at the cursor, read from the text around it (a map being typed is
//! seldom valid YAML), and the schema's keys, values and documentation.
//!
//! The keys that lead to the cursor are found from indentation, as YAML's block structure
//! gives them: the nearest line above that is less indented (or a list item at the same
//! column) holds the parent key. List items are not part of a path: `stages > steps >
//! touchpoints` is the path of a step's touchpoints.

use std::ops::Range;

use serde_json::Value;

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Writing a key of the mapping at `path`.
    Key {
        path: Vec<String>,
        typed: Range<usize>,
    },
    /// Writing the value of the key at the end of `path` (also an item of its flow list).
    Value {
        path: Vec<String>,
        typed: Range<usize>,
    },
    /// Writing a block list item of the list at `path`: a scalar, or the first key of an item.
    Item {
        path: Vec<String>,
        typed: Range<usize>,
    },
}

/// The slot at byte `offset` of `text`.
pub fn slot_at(text: &str, offset: usize) -> Slot {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let before: Vec<&str> = text[..line_start].lines().collect();
    let line = Line::read(prefix);
    let word_start = prefix
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.' || c == '/'))
        .map_or(0, |i| {
            i + prefix[i..].chars().next().map_or(1, char::len_utf8)
        });
    let typed = line_start + word_start..offset;
    let parents = |col: usize, item: bool| parents(&before, col, item);
    let rest = &prefix[line.content..];
    if let Some(colon) = key_colon(rest) {
        let key = rest[..colon].trim().to_string();
        let value = &rest[colon + 1..];
        let mut path = match line.dash {
            Some(dash) => parents(dash, true),
            None => parents(line.content, false),
        };
        path.push(key);
        // `emotion: {ann: 1, b|`: a key of the flow mapping.
        if let Some(open) = value.rfind('{')
            && !value[open..].contains('}')
        {
            let inner = &value[open + 1..];
            let in_key = !inner
                .rsplit(',')
                .next()
                .is_some_and(|last| last.contains(':'));
            if in_key {
                return Slot::Key { path, typed };
            }
        }
        return Slot::Value { path, typed };
    }
    match line.dash {
        Some(dash) => Slot::Item {
            path: parents(dash, true),
            typed,
        },
        None => Slot::Key {
            path: parents(line.content, false),
            typed,
        },
    }
}

/// The parts of a line (or the part before the cursor) that locate it.
struct Line {
    /// The column of the last `- ` of the line, when it is a list item.
    dash: Option<usize>,
    /// The column where its content (after any dashes) starts.
    content: usize,
}

impl Line {
    fn read(line: &str) -> Line {
        let mut at = line.len() - line.trim_start_matches(' ').len();
        let mut dash = None;
        while line[at..].starts_with("- ") || &line[at..] == "-" {
            dash = Some(at);
            at += 1;
            at += line[at..].len() - line[at..].trim_start_matches(' ').len();
        }
        Line { dash, content: at }
    }
}

/// The byte index of the `:` that ends a block key at the start of `rest`, if it has one.
fn key_colon(rest: &str) -> Option<usize> {
    if rest.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let bytes = rest.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t'))
}

/// The keys that lead to content at column `col` (a list item's dash when `item`), from
/// the lines above it, outermost first.
fn parents(before: &[&str], mut col: usize, mut item: bool) -> Vec<String> {
    let mut path = Vec::new();
    for raw in before.iter().rev() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line = Line::read(raw);
        let start = raw.len() - trimmed.len();
        if !item && line.dash.is_some_and(|d| d < col) && line.content == col {
            // The first key of the list item our mapping is.
            col = line.dash.unwrap_or(0);
            item = true;
            continue;
        }
        let is_parent = if item {
            start < col || (start == col && line.dash.is_none())
        } else {
            line.content < col
        };
        if !is_parent {
            continue;
        }
        let rest = &raw[line.content..];
        let Some(colon) = key_colon(rest) else {
            continue;
        };
        path.push(rest[..colon].trim().to_string());
        match line.dash {
            Some(dash) => {
                col = dash;
                item = true;
            }
            None => {
                col = line.content;
                item = false;
            }
        }
        if col == 0 && !item {
            break;
        }
    }
    path.reverse();
    path
}

/// The schema of the value at `path` (list items passed through).
pub fn schema_at<'a>(schema: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut node = schema;
    for key in path {
        let object = object_schema(schema, node)?;
        node = object.get("properties")?.get(key.as_str()).or_else(|| {
            // A per-persona emotion's keys: any id.
            object
                .get("patternProperties")
                .and_then(Value::as_object)
                .and_then(|p| p.values().next())
        })?;
    }
    Some(node)
}

/// The object schema a value at `node` has (through references, lists and alternatives).
pub fn object_schema<'a>(schema: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let node = resolve(schema, node);
    if node.get("properties").is_some() || node.get("patternProperties").is_some() {
        return Some(node);
    }
    if let Some(items) = node.get("items") {
        return object_schema(schema, items);
    }
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| node.get(*k).and_then(Value::as_array))
        .flatten()
        .find_map(|branch| object_schema(schema, branch))
}

/// `node` with its `$ref` followed.
pub fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..8 {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(name) = target.strip_prefix("#/$defs/") else {
            break;
        };
        match schema.get("$defs").and_then(|d| d.get(name)) {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// The keys an object at `path` may have, with their documentation, in schema order.
pub fn keys_at(schema: &Value, path: &[String]) -> Vec<(String, String)> {
    let node = if path.is_empty() {
        Some(schema)
    } else {
        schema_at(schema, path)
    };
    node.and_then(|n| object_schema(schema, n))
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(key, value)| (key.clone(), description(schema, value)))
                .collect()
        })
        .unwrap_or_default()
}

/// The values a scalar at `path` may take, when the schema lists them (`state`, `kind`...).
pub fn values_at(schema: &Value, path: &[String]) -> Vec<(String, String)> {
    let Some(node) = schema_at(schema, path) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    collect_values(schema, node, &mut found, 0);
    found
}

fn collect_values(schema: &Value, node: &Value, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > 6 {
        return;
    }
    let node = resolve(schema, node);
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        out.extend(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(|v| (v.to_string(), description(schema, node))),
        );
    }
    if let Some(value) = node.get("const").and_then(Value::as_str) {
        out.push((value.to_string(), description(schema, node)));
    }
    for key in ["anyOf", "oneOf"] {
        for branch in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_values(schema, branch, out, depth + 1);
        }
    }
}

/// A schema node's documentation: its own description, else its definition's.
pub fn description(schema: &Value, node: &Value) -> String {
    node.get("description")
        .or_else(|| resolve(schema, node).get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(text_with_cursor: &str) -> Slot {
        let at = text_with_cursor.find('|').unwrap();
        let text = text_with_cursor.replace('|', "");
        slot_at(&text, at)
    }

    fn path(slot: &Slot) -> Vec<&str> {
        match slot {
            Slot::Key { path, .. } | Slot::Value { path, .. } | Slot::Item { path, .. } => {
                path.iter().map(String::as_str).collect()
            }
        }
    }

    #[test]
    fn the_path_to_the_cursor_follows_indentation() {
        let map = "journeymap: 1\nstages:\n  - id: a\n    steps:\n      - id: s\n        touchpoints: [app, ki|]\n";
        let s = slot(map);
        assert!(matches!(s, Slot::Value { .. }), "{s:?}");
        assert_eq!(path(&s), ["stages", "steps", "touchpoints"]);
        if let Slot::Value { typed, .. } = &s {
            assert_eq!(&map.replace('|', "")[typed.clone()], "ki");
        }

        let s = slot("stages:\n- id: a\n  steps:\n  - id: s\n    personas:\n      - an|\n");
        assert!(matches!(s, Slot::Item { .. }), "{s:?}");
        assert_eq!(path(&s), ["stages", "steps", "personas"]);

        let s = slot("stages:\n  - id: a\n    steps:\n      - id: s\n        na|");
        assert!(matches!(s, Slot::Key { .. }), "{s:?}");
        assert_eq!(path(&s), ["stages", "steps"]);

        let s = slot("stages:\n  - id: a\n    steps:\n      - id: s\n        emotion: {ann: 1, b|");
        assert!(matches!(s, Slot::Key { .. }), "{s:?}");
        assert_eq!(path(&s), ["stages", "steps", "emotion"]);

        let s = slot("id: m\nsta|");
        assert_eq!(
            s,
            Slot::Key {
                path: vec![],
                typed: 6..9
            }
        );

        let s = slot("stages:\n  - |");
        assert!(matches!(s, Slot::Item { .. }), "{s:?}");
        assert_eq!(path(&s), ["stages"]);

        let s = slot("state: fu|");
        assert!(matches!(s, Slot::Value { .. }), "{s:?}");
        assert_eq!(path(&s), ["state"]);
    }

    #[test]
    fn the_schema_gives_keys_values_and_documentation() {
        let schema = crate::schema::value();
        let step_keys = keys_at(schema, &["stages".into(), "steps".into()]);
        assert!(
            step_keys
                .iter()
                .any(|(k, d)| k == "touchpoints" && !d.is_empty())
        );
        let top = keys_at(schema, &[]);
        assert_eq!(top[0].0, "journeymap");
        let states: Vec<String> = values_at(schema, &["state".into()])
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        assert!(states.contains(&"future".to_string()), "{states:?}");
    }
}
