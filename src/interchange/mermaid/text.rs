//! Mermaid's preprocessing, done the way Mermaid does it, on text that remembers where each of
//! its bytes came from so that every diagnostic points at the original file.
//!
//! Mermaid (`preprocess.ts`, `Diagram.fromText`) turns CRLF and CR into LF, cuts the YAML
//! front matter, removes `%%{...}%%` directives, removes lines that start with `%%`, trims the
//! start, and replaces entity codes (`#35;`, `#quot;`) by placeholders before its lexer runs.

use std::collections::BTreeMap;
use std::ops::Range;

/// Text derived from a source file, with the original byte range of every byte.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    pub text: String,
    /// For each byte of `text`, the range of source bytes it stands for.
    origin: Vec<(u32, u32)>,
}

impl Mapped {
    /// The bytes `range` of `source`, with CRLF and lone CR turned into LF.
    pub fn from_source(source: &str, range: Range<usize>) -> Mapped {
        let mut out = Mapped::default();
        let bytes = source.as_bytes();
        let mut i = range.start;
        while i < range.end {
            let c = source[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            if c == '\r' {
                let end = if bytes.get(i + 1) == Some(&b'\n') && i + 1 < range.end {
                    i + 2
                } else {
                    i + 1
                };
                out.push_char('\n', i..end);
                i = end;
            } else {
                out.push_str_from(&source[i..i + len], i);
                i += len;
            }
        }
        out
    }

    fn push_char(&mut self, c: char, origin: Range<usize>) {
        let mut buf = [0; 4];
        let s = c.encode_utf8(&mut buf);
        for _ in 0..s.len() {
            self.origin.push((origin.start as u32, origin.end as u32));
        }
        self.text.push_str(s);
    }

    /// Appends source text that starts at source offset `at`, byte for byte.
    fn push_str_from(&mut self, s: &str, at: usize) {
        for k in 0..s.len() {
            self.origin.push(((at + k) as u32, (at + k + 1) as u32));
        }
        self.text.push_str(s);
    }

    /// Appends `s` (made up text) standing for the source range `origin`.
    fn push_made(&mut self, s: &str, origin: Range<usize>) {
        for _ in 0..s.len() {
            self.origin.push((origin.start as u32, origin.end as u32));
        }
        self.text.push_str(s);
    }

    /// Appends bytes `range` of `other`, keeping their origins.
    fn push_from(&mut self, other: &Mapped, range: Range<usize>) {
        self.text.push_str(&other.text[range.clone()]);
        self.origin.extend_from_slice(&other.origin[range]);
    }

    /// The source range of the text range `range` (an empty range maps to a point).
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        if self.origin.is_empty() {
            return 0..0;
        }
        if range.start >= self.origin.len() {
            let end = self.origin[self.origin.len() - 1].1 as usize;
            return end..end;
        }
        let start = self.origin[range.start].0 as usize;
        if range.end <= range.start {
            return start..start;
        }
        let end = self.origin[(range.end - 1).min(self.origin.len() - 1)].1 as usize;
        start..end.max(start)
    }

    /// The text without its first `end` bytes.
    fn without_prefix(&self, end: usize) -> Mapped {
        self.without(std::slice::from_ref(&(0..end)))
    }

    /// The text without the byte ranges `cuts` (sorted, not overlapping).
    fn without(&self, cuts: &[Range<usize>]) -> Mapped {
        let mut out = Mapped::default();
        let mut at = 0;
        for cut in cuts {
            out.push_from(self, at..cut.start);
            at = cut.end;
        }
        out.push_from(self, at..self.text.len());
        out
    }
}

/// JavaScript's `\s`.
pub fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The diagram after preprocessing, and what was cut from it.
#[derive(Debug)]
pub struct Preprocessed {
    pub code: Mapped,
    /// The front matter's body, as a source range.
    pub front_matter: Option<Range<usize>>,
    /// Source ranges of the `%%{...}%%` directives that were removed.
    pub directives: Vec<Range<usize>>,
    /// The decoded text of each entity placeholder (see [`decode_placeholders`]).
    pub entities: Vec<String>,
}

/// Runs Mermaid's preprocessing on `text`.
pub fn preprocess(text: Mapped) -> Preprocessed {
    let (front_matter, text) = match match_front_matter(&text.text) {
        Some((body, end)) => {
            let span = text.span(body);
            let rest = text.without_prefix(end);
            (Some(span), rest)
        }
        None => (None, text),
    };
    let directive_cuts = find_directives(&text.text);
    let directives = directive_cuts
        .iter()
        .map(|r| text.span(r.clone()))
        .collect();
    let text = text.without(&directive_cuts);
    let comment_cuts = find_comment_lines(&text.text);
    let text = text.without(&comment_cuts);
    let lead = text.text.len() - text.text.trim_start_matches(js_space).len();
    let text = text.without_prefix(lead);
    let (code, entities) = encode_entities(&text);
    Preprocessed {
        code,
        front_matter,
        directives,
        entities,
    }
}

/// Mermaid's front matter regex,
/// `^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+` (dot matches newlines), evaluated
/// with the same backtracking: the body range and where the match ends.
pub fn match_front_matter(text: &str) -> Option<(Range<usize>, usize)> {
    let indent_len = text
        .char_indices()
        .find(|&(_, c)| !(js_space(c) && c != '\n' && c != '\r'))
        .map_or(text.len(), |(i, _)| i);
    let indent = &text[..indent_len];
    let after_dashes = indent_len + 3;
    if text.get(indent_len..after_dashes) != Some("---") {
        return None;
    }
    // `\s*[\n\r]`: every way to end the opening line, longest first.
    let ws_end = after_dashes
        + text[after_dashes..]
            .char_indices()
            .find(|&(_, c)| !js_space(c))
            .map_or(text.len() - after_dashes, |(i, _)| i);
    let openings: Vec<usize> = text[after_dashes..ws_end]
        .char_indices()
        .filter(|&(_, c)| c == '\n' || c == '\r')
        .map(|(i, _)| after_dashes + i + 1)
        .rev()
        .collect();
    // Every place the closing `[\n\r]\1-{3}\s*[\n\r]+` can match, with where it ends.
    let closings: Vec<(usize, usize)> = text
        .char_indices()
        .filter(|&(_, c)| c == '\n' || c == '\r')
        .filter_map(|(i, _)| closing_at(text, i, indent).map(|end| (i, end)))
        .collect();
    for body_start in openings {
        let first = closings.partition_point(|&(at, _)| at < body_start);
        if let Some(&(at, end)) = closings.get(first) {
            return Some((body_start..at, end));
        }
    }
    None
}

/// Whether the closing fence `[\n\r]\1-{3}\s*[\n\r]+` matches at the line break `at`; where
/// the match ends (after the last line break of the blanks that follow the dashes).
fn closing_at(text: &str, at: usize, indent: &str) -> Option<usize> {
    let rest = &text[at + 1..];
    let rest = rest.strip_prefix(indent)?.strip_prefix("---")?;
    let base = text.len() - rest.len();
    let blanks = rest
        .char_indices()
        .find(|&(_, c)| !js_space(c))
        .map_or(rest.len(), |(i, _)| i);
    let last_break = rest[..blanks].rfind(['\n', '\r'])?;
    Some(base + last_break + 1)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Mermaid's directive regex, applied globally:
/// `%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?`.
fn find_directives(text: &str) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("%%{") {
        let start = at + found;
        match directive_end(text, start + 3) {
            Some(end) => {
                cuts.push(start..end);
                at = end;
            }
            None => at = start + 1,
        }
    }
    cuts
}

fn skip_while(text: &str, at: usize, f: impl Fn(char) -> bool) -> usize {
    at + text[at..]
        .char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(text.len() - at, |(i, _)| i)
}

fn directive_end(text: &str, at: usize) -> Option<usize> {
    let at = skip_while(text, at, js_space);
    let word_end = skip_while(text, at, is_word);
    if word_end == at {
        return None;
    }
    let after_colon = {
        let ws = skip_while(text, word_end, js_space);
        text[ws..].starts_with(':').then_some(ws + 1)
    };
    let mut at = after_colon.unwrap_or(word_end);
    at = skip_while(text, at, js_space);
    let word = skip_while(text, at, is_word);
    if word > at {
        at = word;
    } else {
        // `(?:(?!}%%).|\r?\n)*`: anything up to `}%%`, stopping at the line breaks `.` skips.
        loop {
            let rest = &text[at..];
            if rest.starts_with("}%%") {
                break;
            }
            match rest.chars().next() {
                Some('\r') if rest[1..].starts_with('\n') => at += 2,
                Some('\r' | '\u{2028}' | '\u{2029}') | None => break,
                Some(c) => at += c.len_utf8(),
            }
        }
    }
    at = skip_while(text, at, js_space);
    if text[at..].starts_with("}%%") {
        at += 3;
    }
    Some(at)
}

/// Mermaid's `cleanupComments`: `^\s*%%(?!{)[^\n]+\n?` (multi-line), applied globally.
fn find_comment_lines(text: &str) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let first = skip_while(text, line_start, js_space);
        let rest = &text[first..];
        let is_comment = rest.starts_with("%%")
            && !rest[2..].starts_with('{')
            && !rest[2..].is_empty()
            && !rest[2..].starts_with('\n');
        if is_comment {
            let end = text[first..]
                .find('\n')
                .map_or(text.len(), |i| first + i + 1);
            cuts.push(line_start..end);
            line_start = end;
        } else {
            line_start = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i + 1);
        }
    }
    cuts
}

/// The first private-use character used for entity placeholders.
const PLACEHOLDER_BASE: u32 = 0xF0000;

/// Mermaid's `encodeEntities`: every `#\w+;` becomes a placeholder the lexer treats as text.
/// Each placeholder is one character from a private-use plane; its decoded text is in the
/// returned table. One entity code is one placeholder wherever it is written, so that texts
/// compare as Mermaid compares them (two `section x#58;` lines are one section).
fn encode_entities(text: &Mapped) -> (Mapped, Vec<String>) {
    let mut out = Mapped::default();
    let mut table = Vec::new();
    let mut placeholders: BTreeMap<&str, char> = BTreeMap::new();
    let s = &text.text;
    let mut at = 0;
    let mut copied = 0;
    while let Some(found) = s[at..].find('#') {
        let start = at + found;
        let name_end = skip_while(s, start + 1, is_word);
        let is_entity = name_end > start + 1 && s[name_end..].starts_with(';');
        if !is_entity {
            at = start + 1;
            continue;
        }
        let end = name_end + 1;
        let name = &s[start + 1..name_end];
        let placeholder = match placeholders.get(name) {
            Some(&known) => known,
            None => {
                let Some(new) = char::from_u32(PLACEHOLDER_BASE + table.len() as u32) else {
                    break;
                };
                table.push(decode_entity(name));
                placeholders.insert(name, new);
                new
            }
        };
        out.push_from(text, copied..start);
        let origin = text.span(start..end);
        out.push_made(placeholder.encode_utf8(&mut [0; 4]), origin);
        copied = end;
        at = end;
    }
    out.push_from(text, copied..s.len());
    (out, table)
}

/// What an entity code shows: `#35;` -> `#`, `#quot;` -> `"`. Unknown names stay as written.
fn decode_entity(name: &str) -> String {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        let code = name.parse::<u32>().ok().and_then(char::from_u32);
        return match code {
            Some(c) if c != '\0' => c.to_string(),
            _ => '\u{fffd}'.to_string(),
        };
    }
    let decoded = match name {
        "quot" => "\"",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "num" => "#",
        "colon" => ":",
        "semi" => ";",
        "comma" => ",",
        "percnt" => "%",
        "lbrace" | "lcub" => "{",
        "rbrace" | "rcub" => "}",
        "hellip" => "\u{2026}",
        "mdash" => "\u{2014}",
        "ndash" => "\u{2013}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "laquo" => "\u{ab}",
        "raquo" => "\u{bb}",
        "bull" => "\u{2022}",
        "middot" => "\u{b7}",
        "times" => "\u{d7}",
        "deg" => "\u{b0}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "trade" => "\u{2122}",
        "euro" => "\u{20ac}",
        "pound" => "\u{a3}",
        "hearts" => "\u{2665}",
        _ => return format!("#{name};"),
    };
    decoded.to_string()
}

/// Replaces the entity placeholders in `text` by what they show.
pub fn decode_placeholders(text: &str, entities: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let index = (c as u32).wrapping_sub(PLACEHOLDER_BASE) as usize;
        match entities.get(index) {
            Some(decoded) if (c as u32) >= PLACEHOLDER_BASE => out.push_str(decoded),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(s: &str) -> Mapped {
        Mapped::from_source(s, 0..s.len())
    }

    #[test]
    fn crlf_becomes_lf_and_spans_point_back() {
        let m = mapped("a\r\nb\rc");
        assert_eq!(m.text, "a\nb\nc");
        assert_eq!(m.span(2..3), 3..4);
        assert_eq!(m.span(1..2), 1..3);
    }

    #[test]
    fn front_matter_like_mermaid() {
        let text = "---\ntitle: Hi\n---\njourney\n";
        let (body, end) = match_front_matter(text).unwrap();
        assert_eq!(&text[body], "title: Hi");
        assert_eq!(&text[end..], "journey\n");
        // Indented fences must match each other; the closing one needs a line break after it.
        assert!(match_front_matter("  ---\n  a: 1\n  ---\njourney").is_some());
        assert!(match_front_matter("---\na: 1\n---").is_none());
        assert!(match_front_matter("---\n---\njourney").is_none());
        assert!(match_front_matter("journey\n---\na\n---\n").is_none());
    }

    #[test]
    fn directives_and_comment_lines_go() {
        let p = preprocess(mapped(
            "%%{init: {\"theme\": \"dark\"}}%%\n  %% note\n%%\njourney %% x\n",
        ));
        assert_eq!(p.code.text, "%%\njourney %% x\n");
        assert_eq!(p.directives.len(), 1);
    }

    #[test]
    fn entities_become_placeholders() {
        let p = preprocess(mapped("journey\nA #35;1 #quot;x#quot; #bogus; #no"));
        let decoded = decode_placeholders(&p.code.text, &p.entities);
        assert_eq!(decoded, "journey\nA #1 \"x\" #bogus; #no");
        assert!(!p.code.text.contains("#35;"));
    }

    #[test]
    fn one_entity_code_is_one_placeholder() {
        let p = preprocess(mapped("a#58; b#58; c#59;"));
        assert_eq!(p.entities, [":", ";"]);
        let words: Vec<&str> = p.code.text.split(' ').collect();
        assert_eq!(words[0][1..], words[1][1..]);
        assert_ne!(words[1][1..], words[2][1..]);
    }
}
