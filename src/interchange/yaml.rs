//! Writes a journey map as YAML: keys in the order of the format (the model's field order),
//! block style, a blank line between sections, and every string quoted that a YAML 1.2 (or
//! 1.1) reader could take for something else.
//!
//! The emitter is small on purpose: journey maps hold only mappings, sequences, strings,
//! integers and finite numbers. Correctness is proven by the tests, which read everything
//! written here back through the project's own loader.

use std::ops::Range;

use serde_json::{Map, Value};

use crate::model::JourneyMap;

/// The comment that tells editors (the YAML language server) which schema to use.
pub fn schema_comment(schema: &str) -> String {
    format!("# yaml-language-server: $schema={schema}\n")
}

/// The text of a map file: the schema comment (when `schema` is given) and the map.
pub fn map_to_yaml(map: &JourneyMap, schema: Option<&str>) -> String {
    map_to_yaml_with_nodes(map, schema).text
}

/// A written map file, with where each of its values was written.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub text: String,
    /// The JSON pointer of every value (`/stages/0/steps/1/name`) and the bytes written for
    /// it: from its key (or its `-`) to the end of its value. In the order of the text (a
    /// value before the values inside it).
    pub nodes: Vec<(String, Range<usize>)>,
    /// For each node, the index of the innermost node around it.
    parents: Vec<Option<usize>>,
}

impl Written {
    /// The pointer of the innermost value written at byte `at` (`""` for the whole map). The
    /// ranges nest, so this is a binary search and a walk up at most the map's depth.
    pub fn pointer_at(&self, at: usize) -> &str {
        let mut index = self
            .nodes
            .partition_point(|(_, range)| range.start <= at)
            .checked_sub(1);
        while let Some(i) = index {
            let (pointer, range) = &self.nodes[i];
            if at < range.end {
                return pointer;
            }
            index = self.parents[i];
        }
        ""
    }

    /// Puts the nodes in the order of the text and links each to the node around it.
    fn index(&mut self) {
        self.nodes
            .sort_by_key(|(_, range)| (range.start, std::cmp::Reverse(range.end)));
        let mut open: Vec<usize> = Vec::new();
        self.parents = Vec::with_capacity(self.nodes.len());
        for (i, (_, range)) in self.nodes.iter().enumerate() {
            while open
                .last()
                .is_some_and(|&o| self.nodes[o].1.end <= range.start)
            {
                open.pop();
            }
            self.parents.push(open.last().copied());
            open.push(i);
        }
    }
}

/// [`map_to_yaml`], remembering where each value went, so that a finding about the written
/// text can be traced back to the part of the map (and from there to the input it came from).
pub fn map_to_yaml_with_nodes(map: &JourneyMap, schema: Option<&str>) -> Written {
    let value = serde_json::to_value(map).unwrap_or(Value::Null);
    write_value(&value, schema, false)
}

/// Any YAML data (a map read from a file, keys in the order they should be written) in the
/// layout of [`map_to_yaml`], remembering where each value went (`journeymap fmt`).
pub fn value_to_yaml_with_nodes(value: &Value) -> Written {
    write_value(value, None, true)
}

fn write_value(value: &Value, schema: Option<&str>, exact_floats: bool) -> Written {
    let mut w = Writer {
        exact_floats,
        ..Writer::default()
    };
    if let Some(schema) = schema {
        w.out.push_str(&schema_comment(schema));
    }
    match &value {
        Value::Object(entries) => w.top_level(entries),
        other => {
            w.out.push_str(&scalar(other, exact_floats));
            w.out.push('\n');
        }
    }
    let mut written = Written {
        text: w.out,
        nodes: w.nodes,
        parents: Vec::new(),
    };
    written.index();
    written
}

/// `key: value` as the writer writes a member at `indent` (for edits to a file the writer did
/// not write: [`super::patch`]).
pub fn render_entry(key: &str, value: &Value, indent: usize) -> String {
    let mut w = Writer::default();
    w.entry("", indent, key, value, false);
    w.out
}

/// Block sequence items as the writer writes them at `indent`.
pub fn render_items(items: &[Value], indent: usize) -> String {
    let mut w = Writer::default();
    w.sequence("", indent, items, false);
    w.out
}

/// A scalar (not a string: see [`string_scalar`]) as the writer writes it.
pub fn scalar_text(value: &Value) -> String {
    scalar(value, false)
}

/// Top-level keys whose (block) value gets a blank line before it.
const SECTIONS: [&str; 3] = ["personas", "channels", "stages"];

fn is_empty_collection(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(entries) => entries.is_empty(),
        _ => false,
    }
}

/// The widest line that a flow sequence (`[a, b]`) may make.
const FLOW_WIDTH: usize = 80;

/// The longest item a flow sequence may hold.
const FLOW_ITEM: usize = 40;

/// Lines longer than this are folded (`>-`) when the text allows it.
const LINE_WIDTH: usize = 100;

/// The width folded text is wrapped at.
const FOLD_WIDTH: usize = 92;

/// A JSON pointer segment: `~` and `/` escaped (RFC 6901).
pub(crate) fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[derive(Default)]
struct Writer {
    out: String,
    nodes: Vec<(String, Range<usize>)>,
    /// Write an integral float as a float (`1.0`), not as `1`: `fmt` keeps each value's type.
    exact_floats: bool,
}

impl Writer {
    fn top_level(&mut self, entries: &Map<String, Value>) {
        for (key, value) in entries {
            if SECTIONS.contains(&key.as_str()) && !is_empty_collection(value) {
                self.out.push('\n');
            }
            let spaced = key == "stages";
            self.entry("", 0, key, value, spaced);
        }
    }

    /// Writes `key: value` at `indent`; `spaced` puts a blank line between the items of a
    /// sequence value (the stages).
    fn entry(&mut self, path: &str, indent: usize, key: &str, value: &Value, spaced: bool) {
        push_indent(&mut self.out, indent);
        let start = self.out.len();
        let path = format!("{path}/{}", segment(key));
        self.out.push_str(&string_scalar(key, false));
        self.out.push(':');
        self.value_after_key(&path, indent, value, spaced);
        self.nodes.push((path, start..self.out.len()));
    }

    /// Writes what follows `key:` (or `- `): a scalar on the same line, or a block below it.
    fn value_after_key(&mut self, path: &str, indent: usize, value: &Value, spaced: bool) {
        let out = &mut self.out;
        match value {
            Value::Array(items) if items.is_empty() => out.push_str(" []\n"),
            Value::Object(entries) if entries.is_empty() => out.push_str(" {}\n"),
            Value::Array(items) => {
                if let Some(parts) = flow_sequence(items, self.exact_floats) {
                    // `[a, b]`: each item and its `, ` (or the brackets), in bytes.
                    let width = parts.iter().map(|p| p.len() + 2).sum::<usize>();
                    if out_line_width(out) + 1 + width <= FLOW_WIDTH {
                        out.push_str(" [");
                        for (i, part) in parts.iter().enumerate() {
                            if i > 0 {
                                out.push_str(", ");
                            }
                            let start = out.len();
                            out.push_str(part);
                            self.nodes.push((format!("{path}/{i}"), start..out.len()));
                        }
                        out.push_str("]\n");
                        return;
                    }
                }
                out.push('\n');
                self.sequence(path, indent + 2, items, spaced);
            }
            Value::Object(entries) => {
                out.push('\n');
                for (key, value) in entries {
                    self.entry(path, indent + 2, key, value, false);
                }
            }
            Value::String(text) if literal_block_ok(text) => {
                out.push_str(if text.ends_with('\n') {
                    " |\n"
                } else {
                    " |-\n"
                });
                push_literal_lines(out, indent + 2, text);
            }
            Value::String(text)
                if out_line_width(out) + 1 + text.chars().count() > LINE_WIDTH
                    && folded_block_ok(text) =>
            {
                out.push_str(" >-\n");
                push_folded_lines(out, indent + 2, text);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, self.exact_floats));
                out.push('\n');
            }
        }
    }

    fn sequence(&mut self, path: &str, indent: usize, items: &[Value], spaced: bool) {
        for (i, item) in items.iter().enumerate() {
            if spaced && i > 0 {
                self.out.push('\n');
            }
            push_indent(&mut self.out, indent);
            let start = self.out.len();
            let item_path = format!("{path}/{i}");
            self.out.push('-');
            match item {
                Value::Object(entries) if !entries.is_empty() => {
                    // The first key goes on the dash's line; the rest line up under it.
                    for (j, (key, value)) in entries.iter().enumerate() {
                        if j == 0 {
                            self.out.push(' ');
                            let key_start = self.out.len();
                            let key_path = format!("{item_path}/{}", segment(key));
                            self.out.push_str(&string_scalar(key, false));
                            self.out.push(':');
                            self.value_after_key(&key_path, indent + 2, value, false);
                            self.nodes.push((key_path, key_start..self.out.len()));
                        } else {
                            self.entry(&item_path, indent + 2, key, value, false);
                        }
                    }
                }
                Value::Array(inner) if !inner.is_empty() => {
                    self.out.push('\n');
                    self.sequence(&item_path, indent + 2, inner, false);
                }
                other => self.value_after_key(&item_path, indent, other, false),
            }
            self.nodes.push((item_path, start..self.out.len()));
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// The width of the line being written so far.
fn out_line_width(out: &str) -> usize {
    let start = out.rfind('\n').map_or(0, |i| i + 1);
    out[start..].chars().count()
}

/// The items of `[a, b, c]` when every item is a number or a string that needs no quotes in
/// flow context.
fn flow_sequence(items: &[Value], exact_floats: bool) -> Option<Vec<String>> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(text)
                if is_plain_safe(text, true) && text.chars().count() <= FLOW_ITEM =>
            {
                parts.push(text.clone())
            }
            Value::Number(_) | Value::Bool(_) => parts.push(scalar(item, exact_floats)),
            _ => return None,
        }
    }
    Some(parts)
}

/// A scalar in block context.
fn scalar(value: &Value, exact_floats: bool) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if exact_floats && n.is_f64() => {
            let text = number(n);
            if text.contains(['.', 'e']) {
                text
            } else {
                format!("{text}.0")
            }
        }
        Value::Number(n) => number(n),
        Value::String(s) => string_scalar(s, false),
        // Collections never reach here; keep the output valid YAML regardless.
        Value::Array(_) | Value::Object(_) => "null".to_string(),
    }
}

/// Numbers as YAML reads them back: integers plain, integral floats without `.0`, other floats
/// in their shortest exact form; an exponent with a dot in the mantissa and a sign
/// (`1.0e+20`, `2.5e-7`), since YAML 1.1 readers take `1e20` or `1e-7` for a string.
fn number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let text = match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => return format!("{}", f as i64),
        _ => n.to_string(),
    };
    match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let dot = if mantissa.contains('.') { "" } else { ".0" };
            let sign = if exponent.starts_with(['+', '-']) {
                ""
            } else {
                "+"
            };
            format!("{mantissa}{dot}e{sign}{exponent}")
        }
        None => text,
    }
}

/// A string as a plain scalar when that reads back as the same string, double-quoted
/// otherwise.
pub fn string_scalar(text: &str, flow: bool) -> String {
    if is_plain_safe(text, flow) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Words that some YAML reader (1.2 core schema, or 1.1 as many tools still use) resolves to
/// null, a boolean, a number or a special tag (`<<` merges, `=` is 1.1's "value" tag).
const SPECIAL_WORDS: [&str; 16] = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf",
    ".nan", "<<", "=",
];

/// The characters that mean something at the start of a plain scalar.
const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";

/// The characters that end or open something inside a flow sequence (`[a, b]`). A plain item
/// holds none of them.
const FLOW_BREAKERS: [char; 8] = [',', '[', ']', '{', '}', ':', '#', '?'];

/// Whether `text` can be written without quotes and still read back as this same string, by
/// the project's loader (YAML 1.2) and by YAML 1.1 readers. Conservative on purpose: anything
/// in doubt is quoted, and quoting never changes what a reader gets.
///
/// `flow` asks about an item of a flow sequence, where more characters end a scalar and where
/// some readers take a blank followed by an indicator (`[Too slow -]`) for the start of a new
/// token: there every blank must be one space followed by a letter or digit.
pub fn is_plain_safe(text: &str, flow: bool) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return false;
    };
    if SPECIAL_WORDS.contains(&text.to_lowercase().as_str()) {
        return false;
    }
    if looks_numeric(text) {
        return false;
    }
    if INDICATORS.contains(first) || text.starts_with("...") {
        return false;
    }
    if !text.chars().all(plain_char) || blank_edge(first) || blank_edge(last) || last == ':' {
        return false;
    }
    // `: ` starts a value and ` #` a comment, whatever the blank.
    let chars: Vec<char> = text.chars().collect();
    let blank_around = chars.windows(2).any(|pair| match pair {
        [':', next] => next.is_whitespace(),
        [before, '#'] => before.is_whitespace(),
        _ => false,
    });
    if blank_around {
        return false;
    }
    if flow {
        if text.contains(FLOW_BREAKERS) || last == '-' {
            return false;
        }
        let words_ok = chars.windows(2).all(|pair| match pair {
            [' ', next] => next.is_alphanumeric(),
            [c, _] => !c.is_whitespace(),
            _ => true,
        });
        if !words_ok {
            return false;
        }
    }
    true
}

/// A character that may stand in a plain scalar: printable in YAML, and neither a tab, a byte
/// order mark nor a character that YAML 1.1 takes for a line break (NEL, LS, PS).
fn plain_char(c: char) -> bool {
    printable(c) && !matches!(c, '\t' | '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// Whether `c`, first or last in a plain scalar, would be lost or misread: any blank, and the
/// invisible byte order mark.
fn blank_edge(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// A conservative test for text that a YAML reader might take as a number, a date, a
/// timestamp or a sexagesimal time (`12`, `1e3`, `0x1F`, `2026-10-01`, `07:30`, `1_000`, `.5`,
/// `2026-01-02T10:00:00Z`, `2026-01-02 10:00:00 +01:00`, `e-2`).
fn looks_numeric(text: &str) -> bool {
    // `e-2`, `E5`: the `yaml` package's YAML 1.1 float needs no digit before the exponent.
    let unsigned = text.trim_start_matches(['+', '-']);
    if let Some(exponent) = unsigned.strip_prefix(['e', 'E']) {
        let digits = exponent.trim_start_matches(['+', '-']);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            return true;
        }
    }
    let first = text.as_bytes()[0];
    (first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.'))
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO_.:+-tTzZ \t".contains(&b))
}

/// YAML's printable characters (minus the line break and BOM that plain text must not hold).
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// A character that block scalars (`|`, `>`) may hold as it is: printable and read the same by
/// every YAML version (not LS, PS or a BOM).
fn block_char(c: char) -> bool {
    printable(c) && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// A double-quoted scalar, escaping everything that is not printable.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if printable(c) && c != '\u{feff}' => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Whether a multi-line string reads better, and safely, as a literal block (`|` / `|-`):
/// printable lines, none with trailing blanks, not starting with a blank, at most one final
/// line break.
fn literal_block_ok(text: &str) -> bool {
    if !text.contains('\n') || text.ends_with("\n\n") || text == "\n" {
        return false;
    }
    if text.starts_with([' ', '\t', '\n']) {
        return false;
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').all(|line| {
        !line.ends_with([' ', '\t']) && line.chars().all(|c| block_char(c) || c == '\t')
    })
}

/// Whether a long one-line string can be written folded (`>-`): words separated by single
/// spaces, all printable. Folding turns each line break back into one space.
fn folded_block_ok(text: &str) -> bool {
    !text.is_empty()
        && text.contains(' ')
        && !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && text.chars().all(block_char)
}

fn push_folded_lines(out: &mut String, indent: usize, text: &str) {
    let width = FOLD_WIDTH.saturating_sub(indent).max(40);
    let mut line_len = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        }
        if line_len == 0 {
            push_indent(out, indent);
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out.push('\n');
}

fn push_literal_lines(out: &mut String, indent: usize, text: &str) {
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_would_read_as_something_else() {
        for text in [
            "",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "12",
            "-3",
            "1e3",
            "0x1F",
            "2026-10-01",
            "07:30",
            ".5",
            "- item",
            "a: b",
            "a #b",
            "#tag",
            "ends:",
            " lead",
            "trail ",
            "@x",
            "`x`",
            "'q'",
            "\"q\"",
            "a\tb",
            "line\nbreak",
            "<<",
            "...",
            "%x",
            "*ref",
            "&a",
            "!t",
            "|",
            ">",
            "=",
            "2026-01-02T10:00:00Z",
            "2026-01-02 10:00:00",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{85}b",
            "\u{a0}lead",
            "trail\u{3000}",
            "\u{feff}",
            "a:\u{a0}b",
            "a\u{3000}#b",
        ] {
            assert!(!is_plain_safe(text, false), "{text:?} must be quoted");
        }
        for text in [
            "Pays at checkout",
            "70%",
            "3 min",
            "Zoë's step",
            "a:b",
            "C#",
            "Is a bill question option 2 or 4?",
        ] {
            assert!(is_plain_safe(text, false), "{text:?} can be plain");
        }
        assert!(!is_plain_safe("a, b", true));
        assert!(is_plain_safe("a, b", false));
        for text in ["Too slow -", "a -b", "a?", "x  y", "a\u{a0}b", "a &b", "a-"] {
            assert!(
                !is_plain_safe(text, true),
                "{text:?} must be quoted in a flow sequence"
            );
            assert!(
                is_plain_safe(text, false) || text.contains('\u{a0}'),
                "{text:?}"
            );
        }
        for text in ["busy-parent", "Team lead", "Zoë's note", "3-D Secure"] {
            assert!(
                is_plain_safe(text, true),
                "{text:?} can be plain in a flow sequence"
            );
        }
    }

    /// Regression (found by tests/yaml-readers): the `yaml` package reads `e-2` as a YAML 1.1
    /// float (NaN), so an id like that is quoted.
    #[test]
    fn yaml_bare_exponent_is_quoted() {
        for text in ["e-2", "E5", "-e+10", "e_1"] {
            assert!(!is_plain_safe(text, false), "{text}");
        }
        for text in ["e", "e-", "e-x", "eleven", "e2e"] {
            assert!(is_plain_safe(text, false), "{text}");
        }
    }

    /// Regression (found by tests/yaml-readers): `1e+20` and `1e-7` read as strings in
    /// PyYAML (YAML 1.1 wants a dot and a signed exponent).
    #[test]
    fn yaml_exponent_floats_are_written_for_yaml_1_1_readers() {
        for (value, written) in [
            (1e20, "1.0e+20"),
            (1e-7, "1.0e-7"),
            (2.5e-7, "2.5e-7"),
            (0.5, "0.5"),
        ] {
            let n = serde_json::Number::from_f64(value).unwrap();
            assert_eq!(number(&n), written);
            assert_eq!(written.parse::<f64>().unwrap(), value);
        }
    }

    #[test]
    fn escapes_in_double_quotes() {
        assert_eq!(double_quoted("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(double_quoted("\u{1}\u{feff}\u{85}"), "\"\\x01\\uFEFF\\N\"");
        assert_eq!(
            double_quoted("\u{2028}\u{2029}\u{7f}\u{9f}"),
            "\"\\L\\P\\x7F\\x9F\""
        );
    }

    #[test]
    fn literal_blocks_only_when_safe() {
        assert!(literal_block_ok("a\nb"));
        assert!(literal_block_ok("a\n  b\n"));
        assert!(!literal_block_ok("a \nb"));
        assert!(!literal_block_ok(" a\nb"));
        assert!(!literal_block_ok("a\nb\n\n"));
        assert!(!literal_block_ok("a\r\nb"));
        assert!(!literal_block_ok("a\u{2028}\nb"));
        assert!(!folded_block_ok("a b\u{2029} c"));
    }
}
