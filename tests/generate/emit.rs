//! A small, careful YAML emitter with varied styles: block and flow collections; plain,
//! single-quoted, double-quoted (with escapes), literal and folded scalars; anchors and
//! aliases for repeated values (names reused, as YAML allows); comments, blank lines, quoted
//! and explicit keys, shuffled keys, other spellings of numbers, CRLF line ends, a byte order
//! mark, `%YAML 1.2` and document markers.
//!
//! Every choice is made so that a YAML 1.2 reader (core schema) reads back exactly the value
//! given: a plain scalar is used only when it cannot resolve to anything but that string.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

/// A small deterministic generator (splitmix64), so that one seed decides every choice.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn order(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
        v
    }
}

/// The style of one document: how often each construct is used.
#[derive(Debug, Clone)]
pub struct Style {
    /// Spaces per nesting level (2, 3 or 4).
    pub indent: usize,
    /// Whether a sequence under a key starts in the key's column (`key:\n- a`).
    pub seq_in_key_column: bool,
    /// Percent of collections written in flow style.
    pub flow: u64,
    /// Percent of flow collections spread over several lines.
    pub multiline_flow: u64,
    /// Percent of strings quoted although plain would read back.
    pub quote: u64,
    /// Percent of quoted strings in single quotes, when they can be.
    pub single: u64,
    /// Percent of characters escaped in double quotes when they need not be.
    pub escapes: u64,
    /// Percent of strings written as block scalars (`|`, `>`), when they can be.
    pub blocks: u64,
    /// Percent of repeated values anchored, and of later repeats written as aliases.
    pub aliases: u64,
    pub comments: u64,
    pub blank_lines: u64,
    pub quoted_keys: u64,
    pub explicit_keys: u64,
    /// Percent of numbers written in another form (`+1`, `1.0`, `0x1`, `1e0`).
    pub number_forms: u64,
    pub shuffle_keys: bool,
    pub crlf: bool,
    pub bom: bool,
    /// 0 nothing, 1 `---`, 2 `%YAML 1.2` and `---`, 3 `--- # comment`.
    pub start: u8,
    pub end: bool,
    pub schema_comment: bool,
}

impl Style {
    pub fn random(rng: &mut Rng) -> Style {
        let mut pct = |max: u64| {
            if rng.chance(30) {
                0
            } else {
                rng.below(max + 1)
            }
        };
        let flow = pct(60);
        let multiline_flow = pct(40);
        let quote = pct(50);
        let single = pct(100);
        let escapes = pct(40);
        let blocks = pct(80);
        let aliases = pct(80);
        let comments = pct(20);
        let blank_lines = pct(15);
        let quoted_keys = pct(15);
        let explicit_keys = pct(8);
        let number_forms = pct(40);
        Style {
            indent: 2 + rng.below(3) as usize,
            seq_in_key_column: rng.chance(40),
            flow,
            multiline_flow,
            quote,
            single,
            escapes,
            blocks,
            aliases,
            comments,
            blank_lines,
            quoted_keys,
            explicit_keys,
            number_forms,
            shuffle_keys: rng.chance(60),
            crlf: rng.chance(15),
            bom: rng.chance(10),
            start: if rng.chance(70) {
                0
            } else {
                1 + rng.below(3) as u8
            },
            end: rng.chance(10),
            schema_comment: rng.chance(30),
        }
    }
}

/// YAML text for `value` (a mapping) in a style drawn from `seed`, and the names of the
/// constructs it used.
pub fn emit(value: &Value, seed: u64) -> (String, BTreeSet<&'static str>) {
    let mut rng = Rng::new(seed);
    let style = Style::random(&mut rng);
    let mut counts = HashMap::new();
    count(value, &mut counts);
    let mut e = Emitter {
        rng,
        style,
        out: String::new(),
        counts,
        anchors: HashMap::new(),
        names: HashMap::new(),
        next_anchor: 0,
        used: BTreeSet::new(),
        after_keep: false,
    };
    if e.style.bom {
        e.out.push('\u{feff}');
        e.used.insert("bom");
    }
    if e.style.schema_comment {
        e.out
            .push_str("# yaml-language-server: $schema=../schema/journeymap.schema.json\n");
    }
    match e.style.start {
        1 => e.out.push_str("---\n"),
        2 => e.out.push_str("%YAML 1.2\n---\n"),
        3 => e.out.push_str("--- # a journey map\n"),
        _ => {}
    }
    if e.style.start > 0 {
        e.used.insert("document-start");
    }
    match value {
        Value::Object(m) => e.block_map(m, 0, false),
        other => {
            let text = e.flow(other, 2);
            e.out.push_str(&text);
            e.out.push('\n');
        }
    }
    if e.style.end {
        e.out.push_str("...\n");
        e.used.insert("document-end");
    }
    let mut text = e.out;
    if e.style.crlf {
        text = text.replace('\n', "\r\n");
        e.used.insert("crlf");
    }
    (text, e.used)
}

/// The same value as JSON text (JSON is YAML 1.2).
pub fn emit_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

fn canon(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn count(v: &Value, counts: &mut HashMap<String, usize>) {
    *counts.entry(canon(v)).or_default() += 1;
    match v {
        Value::Object(m) => m.values().for_each(|c| count(c, counts)),
        Value::Array(a) => a.iter().for_each(|c| count(c, counts)),
        _ => {}
    }
}

enum Props {
    None,
    Anchor(String),
    Alias(String),
}

const ANCHOR_NAMES: [&str; 10] = ["a", "x", "p", "ñ", "名前", "r-1", "a.b", "😀", "_", "A"];

const COMMENTS: [&str; 10] = [
    "",
    " note",
    " 日本語のコメント",
    " key: value",
    " - item",
    " \"unclosed",
    " #",
    " &a *b !tag",
    " {{ x }} <script>",
    "...",
];

struct Emitter {
    rng: Rng,
    style: Style,
    out: String,
    counts: HashMap<String, usize>,
    /// The anchor that names each value, while that name still stands for it.
    anchors: HashMap<String, String>,
    /// The value each anchor name stands for now.
    names: HashMap<String, String>,
    next_anchor: usize,
    used: BTreeSet<&'static str>,
    /// Whether the last thing written was a block scalar that keeps its final line breaks
    /// (`|+`): a blank line now would become part of it.
    after_keep: bool,
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

impl Emitter {
    fn chance(&mut self, p: u64) -> bool {
        self.rng.chance(p)
    }

    fn props(&mut self, v: &Value) -> Props {
        let c = canon(v);
        if let Some(name) = self.anchors.get(&c).cloned() {
            if self.chance(self.style.aliases.max(1) / 2 + 50) {
                self.used.insert("alias");
                return Props::Alias(name);
            }
        }
        let repeated = self.counts.get(&c).copied().unwrap_or(0) >= 2;
        let anchor = (repeated && self.chance(self.style.aliases))
            || (self.style.aliases > 0 && self.chance(2));
        if !anchor {
            return Props::None;
        }
        let name = if !self.names.is_empty() && self.chance(15) {
            // Reuse a name for another value: an alias means the latest node of that name.
            let mut all: Vec<String> = self.names.keys().cloned().collect();
            all.sort();
            let name = all[self.rng.below(all.len() as u64) as usize].clone();
            if let Some(old) = self.names.get(&name).cloned() {
                self.anchors.remove(&old);
            }
            self.used.insert("redefined-anchor");
            name
        } else {
            self.next_anchor += 1;
            format!(
                "{}{}",
                ANCHOR_NAMES[self.rng.below(ANCHOR_NAMES.len() as u64) as usize],
                self.next_anchor
            )
        };
        if let Some(previous) = self.anchors.insert(c.clone(), name.clone()) {
            self.names.remove(&previous);
        }
        self.names.insert(name.clone(), c);
        self.used.insert("anchor");
        Props::Anchor(name)
    }

    fn comment_text(&mut self) -> &'static str {
        COMMENTS[self.rng.below(COMMENTS.len() as u64) as usize]
    }

    /// Maybe ` # comment` at the end of a line.
    fn trailing_comment(&mut self) {
        if self.chance(self.style.comments) {
            let c = self.comment_text();
            self.out.push_str(" #");
            self.out.push_str(c);
            self.used.insert("comment");
        }
    }

    /// Comment lines and blank lines before an entry.
    fn before_entry(&mut self, col: usize) {
        if !self.after_keep && self.chance(self.style.blank_lines) {
            self.out.push('\n');
            self.used.insert("blank-line");
        }
        if self.chance(self.style.comments) {
            let c = self.comment_text();
            self.out.push_str(&pad(col));
            self.out.push('#');
            self.out.push_str(c);
            self.out.push('\n');
            self.used.insert("comment");
        }
        self.after_keep = false;
    }

    fn keys(&mut self, m: &Map<String, Value>) -> Vec<usize> {
        if self.style.shuffle_keys {
            self.rng.order(m.len())
        } else {
            (0..m.len()).collect()
        }
    }

    fn key_text(&mut self, k: &str, flow: bool) -> String {
        if self.chance(self.style.quoted_keys) || !plain_ok(k, flow) {
            self.used.insert("quoted-key");
            if self.chance(50) && single_ok(k) {
                single_quoted(k)
            } else {
                self.double_quoted(k)
            }
        } else {
            k.to_string()
        }
    }

    /// The entries of a block mapping at column `col`; with `first_inline`, the first entry
    /// goes on the current line (after `- `).
    fn block_map(&mut self, m: &Map<String, Value>, col: usize, first_inline: bool) {
        self.used.insert("block-map");
        let entries: Vec<(&String, &Value)> = m.iter().collect();
        for (n, i) in self.keys(m).into_iter().enumerate() {
            let (k, v) = entries[i];
            let inline = first_inline && n == 0;
            if !inline {
                self.before_entry(col);
                self.out.push_str(&pad(col));
            }
            let key = self.key_text(k, false);
            if !inline && self.chance(self.style.explicit_keys) {
                self.used.insert("explicit-key");
                self.out.push_str("? ");
                self.out.push_str(&key);
                self.out.push('\n');
                self.out.push_str(&pad(col));
                self.out.push(':');
                // A sequence under an explicit key's `:` is indented, to stay plainly valid.
                let same = std::mem::replace(&mut self.style.seq_in_key_column, false);
                self.node(v, col, false);
                self.style.seq_in_key_column = same;
            } else {
                self.out.push_str(&key);
                self.out.push(':');
                self.node(v, col, false);
            }
        }
    }

    /// The items of a block sequence, each `-` at column `col`.
    fn block_seq(&mut self, a: &[Value], col: usize) {
        self.used.insert("block-seq");
        for v in a {
            self.before_entry(col);
            self.out.push_str(&pad(col));
            self.out.push('-');
            self.node(v, col, true);
        }
    }

    /// What follows `key:` or `-` (at column `col`): the node, to the end of its last line.
    fn node(&mut self, v: &Value, col: usize, item: bool) {
        let w = self.style.indent;
        let anchor = match self.props(v) {
            Props::Alias(name) => {
                self.out.push_str(" *");
                self.out.push_str(&name);
                self.trailing_comment();
                self.out.push('\n');
                return;
            }
            Props::Anchor(name) => format!(" &{name}"),
            Props::None => String::new(),
        };
        let flow = self.chance(self.style.flow);
        match v {
            Value::Object(m) if !m.is_empty() && !flow => {
                if item && anchor.is_empty() && self.chance(75) {
                    self.out.push(' ');
                    self.block_map(m, col + 2, true);
                } else {
                    self.out.push_str(&anchor);
                    self.trailing_comment();
                    self.out.push('\n');
                    self.block_map(m, col + w, false);
                }
            }
            Value::Array(a) if !a.is_empty() && !flow => {
                self.out.push_str(&anchor);
                self.trailing_comment();
                self.out.push('\n');
                let c = if !item && self.style.seq_in_key_column {
                    col
                } else {
                    col + w
                };
                self.block_seq(a, c);
            }
            Value::Object(_) | Value::Array(_) => {
                self.out.push_str(&anchor);
                self.out.push(' ');
                let text = self.flow_body(v, col + w);
                self.out.push_str(&text);
                self.trailing_comment();
                self.out.push('\n');
            }
            scalar => {
                self.out.push_str(&anchor);
                self.out.push(' ');
                self.block_scalar(scalar, col);
            }
        }
    }

    /// A scalar in block context, then the end of the line (block scalars: their lines).
    fn block_scalar(&mut self, v: &Value, col: usize) {
        let s = match v {
            Value::String(s) => s,
            other => {
                let text = self.scalar_text(other);
                self.out.push_str(&text);
                self.trailing_comment();
                self.out.push('\n');
                return;
            }
        };
        let w = self.style.indent;
        if literal_ok(s)
            && (s.contains('\n') || self.chance(self.style.blocks / 3))
            && self.chance(self.style.blocks)
        {
            self.literal(s, col + w, w);
            return;
        }
        if folded_ok(s) && self.chance(self.style.blocks / 2) {
            self.folded(s, col + w, w);
            return;
        }
        let text = self.string(s, false);
        self.out.push_str(&text);
        self.trailing_comment();
        self.out.push('\n');
    }

    fn literal(&mut self, s: &str, content: usize, indicator: usize) {
        self.used.insert("literal");
        let body = s.trim_end_matches('\n');
        let breaks = s.len() - body.len();
        let chomp = match breaks {
            0 => "-",
            1 => "",
            _ => "+",
        };
        let lines: Vec<&str> = body.split('\n').collect();
        let first = lines.iter().find(|l| !l.is_empty()).copied().unwrap_or("");
        let needs_indicator = lines[0].is_empty()
            || first.starts_with([' ', '\t'])
            || lines
                .iter()
                .any(|l| !l.is_empty() && l.trim_matches([' ', '\t']).is_empty());
        let explicit = needs_indicator || self.chance(20);
        self.out.push('|');
        if explicit {
            self.out.push_str(&indicator.to_string());
        }
        self.out.push_str(chomp);
        self.trailing_comment();
        self.out.push('\n');
        for line in &lines {
            if !line.is_empty() {
                self.out.push_str(&pad(content));
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
        for _ in 1..breaks {
            self.out.push('\n');
        }
        self.after_keep = breaks > 1;
    }

    fn folded(&mut self, s: &str, content: usize, _indicator: usize) {
        self.used.insert("folded");
        self.out.push_str(">-");
        self.trailing_comment();
        self.out.push('\n');
        let chars: Vec<char> = s.chars().collect();
        let width = 10 + self.rng.below(40) as usize;
        let mut line = String::new();
        let mut len = 0;
        self.out.push_str(&pad(content));
        for (i, &c) in chars.iter().enumerate() {
            let breakable = c == ' '
                && i > 0
                && chars[i - 1] != ' '
                && chars.get(i + 1).is_some_and(|n| *n != ' ' && *n != '\t');
            if breakable && len >= width {
                self.out.push_str(&line);
                self.out.push('\n');
                self.out.push_str(&pad(content));
                line.clear();
                len = 0;
                continue;
            }
            line.push(c);
            len += 1;
        }
        self.out.push_str(&line);
        self.out.push('\n');
    }

    /// A string as a plain, single- or double-quoted scalar.
    fn string(&mut self, s: &str, flow: bool) -> String {
        if plain_ok(s, flow) && !self.chance(self.style.quote) {
            self.used.insert("plain");
            return s.to_string();
        }
        if single_ok(s) && self.chance(self.style.single) {
            self.used.insert("single-quoted");
            return single_quoted(s);
        }
        self.double_quoted(s)
    }

    fn double_quoted(&mut self, s: &str) -> String {
        self.used.insert("double-quoted");
        let mut out = String::from("\"");
        for c in s.chars() {
            let escape = self.chance(self.style.escapes);
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' if escape || self.chance(50) => out.push_str("\\t"),
                '\u{feff}' => out.push_str("\\uFEFF"),
                '\u{2028}' if escape => out.push_str("\\L"),
                '\u{2029}' if escape => out.push_str("\\P"),
                '\u{a0}' if escape => out.push_str("\\_"),
                '/' if escape => out.push_str("\\/"),
                ' ' if escape && self.chance(10) => out.push_str("\\ "),
                c if escape && !c.is_ascii() => {
                    self.used.insert("escape");
                    let n = u32::from(c);
                    if n <= 0xff {
                        out.push_str(&format!("\\x{n:02X}"));
                    } else if n <= 0xffff {
                        out.push_str(&format!("\\u{n:04x}"));
                    } else {
                        out.push_str(&format!("\\U{n:08X}"));
                    }
                }
                c if escape && c.is_ascii_alphanumeric() && self.chance(20) => {
                    out.push_str(&format!("\\x{:02x}", u32::from(c)));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn scalar_text(&mut self, v: &Value) -> String {
        match v {
            Value::String(s) => self.string(s, true),
            Value::Number(n) => {
                let other = self.chance(self.style.number_forms);
                if other {
                    self.used.insert("number-form");
                }
                if let Some(i) = n.as_i64() {
                    match (other, self.rng.below(5)) {
                        (false, _) => i.to_string(),
                        (true, 0) if i >= 0 => format!("+{i}"),
                        (true, 1) if i >= 0 => format!("0x{i:X}"),
                        (true, 2) if i >= 0 => format!("0o{i:o}"),
                        (true, 3) => format!("{i}.0"),
                        (true, _) => format!("{i}e0"),
                    }
                } else {
                    let f = n.as_f64().unwrap();
                    if other {
                        format!("{f:e}")
                    } else {
                        format!("{f}")
                    }
                }
            }
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            _ => unreachable!("collections are not scalars"),
        }
    }

    /// A node in flow style; lines after the first start at column `cont`.
    fn flow(&mut self, v: &Value, cont: usize) -> String {
        let prefix = match self.props(v) {
            Props::Alias(name) => return format!("*{name}"),
            Props::Anchor(name) => format!("&{name} "),
            Props::None => String::new(),
        };
        prefix + &self.flow_body(v, cont)
    }

    /// [`Emitter::flow`] without an anchor or alias.
    fn flow_body(&mut self, v: &Value, cont: usize) -> String {
        let w = self.style.indent;
        match v {
            Value::Object(m) if m.is_empty() => "{}".to_string(),
            Value::Array(a) if a.is_empty() => "[]".to_string(),
            Value::Object(m) => {
                self.used.insert("flow-map");
                let entries: Vec<(&String, &Value)> = m.iter().collect();
                let mut items = Vec::new();
                for i in self.keys(m) {
                    let (k, v) = entries[i];
                    let key = self.key_text(k, true);
                    let value = self.flow(v, cont + w);
                    items.push(format!("{key}: {value}"));
                }
                self.join_flow('{', '}', items, cont)
            }
            Value::Array(a) => {
                self.used.insert("flow-seq");
                let items: Vec<String> = a.iter().map(|v| self.flow(v, cont + w)).collect();
                self.join_flow('[', ']', items, cont)
            }
            scalar => self.scalar_text(scalar),
        }
    }

    fn join_flow(&mut self, open: char, close: char, items: Vec<String>, cont: usize) -> String {
        let trailing_comma = self.chance(5);
        if self.chance(self.style.multiline_flow) {
            self.used.insert("multiline-flow");
            let mut out = String::new();
            out.push(open);
            out.push('\n');
            let n = items.len();
            for (i, item) in items.into_iter().enumerate() {
                out.push_str(&pad(cont));
                out.push_str(&item);
                if i + 1 < n || trailing_comma {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(cont));
            out.push(close);
            out
        } else {
            let mut out = String::new();
            out.push(open);
            out.push_str(&items.join(", "));
            if trailing_comma {
                out.push(',');
            }
            out.push(close);
            out
        }
    }
}

fn single_ok(s: &str) -> bool {
    !s.contains(['\n', '\u{feff}'])
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Whether a literal block scalar (`|`) can hold `s`.
fn literal_ok(s: &str) -> bool {
    !s.contains('\u{feff}') && s.chars().any(|c| !c.is_whitespace())
}

/// Whether a folded block scalar (`>-`) can hold `s` (one line of words).
fn folded_ok(s: &str) -> bool {
    s.chars().count() > 20
        && s.contains(' ')
        && !s.contains(['\n', '\t', '\u{feff}'])
        && !s.starts_with(' ')
        && !s.ends_with(' ')
}

/// Whether `s` written plain reads back as this string (YAML 1.2, core schema).
pub fn plain_ok(s: &str, flow: bool) -> bool {
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back()) else {
        return false;
    };
    if resolves_to_non_string(s) {
        return false;
    }
    if s.contains(['\n', '\r', '\u{feff}']) {
        return false;
    }
    if matches!(first, ' ' | '\t') || matches!(last, ' ' | '\t' | ':') {
        return false;
    }
    if "[]{},#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if "-?:".contains(first) {
        let next = s.chars().nth(1);
        if next.is_none_or(|n| n == ' ' || n == '\t' || (flow && ",[]{}".contains(n))) {
            return false;
        }
    }
    if s.contains(": ") || s.contains(":\t") || s.contains(" #") || s.contains("\t#") {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    if flow && super::KNOWN_BUG_FLOW_PLAIN_BLANK_DASH && (s.ends_with(" -") || s.ends_with("\t-")) {
        return false;
    }
    true
}

/// Whether a plain scalar `s` is a null, a boolean or a number in the YAML 1.2 core schema.
pub fn resolves_to_non_string(s: &str) -> bool {
    matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) || core_int(s)
        || core_float(s)
}

fn all(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

fn core_int(s: &str) -> bool {
    if let Some(oct) = s.strip_prefix("0o") {
        return all(oct, |c| ('0'..='7').contains(&c));
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return all(hex, |c| c.is_ascii_hexdigit());
    }
    all(s.strip_prefix(['-', '+']).unwrap_or(s), |c| {
        c.is_ascii_digit()
    })
}

fn core_float(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((w, f)) => {
            digits(w) && digits(f) && !(w.is_empty() && f.is_empty()) && !w.is_empty()
                || (w.is_empty() && !f.is_empty() && digits(f))
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        all(e.strip_prefix(['-', '+']).unwrap_or(e), |c| {
            c.is_ascii_digit()
        })
    });
    mantissa_ok && exponent_ok
}
