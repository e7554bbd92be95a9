//! Map text made safe to show to a person: control characters become visible escapes.
//!
//! A map comes from a pull request, and what journeymap prints lands in a terminal or a CI log.
//! Raw control characters there can retitle or clear the terminal, write the clipboard (OSC 52)
//! or hide text, and bidirectional overrides can make a line read differently from what it
//! holds. Every human, GitHub and markdown output passes map text through [`visible`], and
//! snippets are drawn from a [`VisibleText`] copy of the file whose spans are moved to match.

use std::borrow::Cow;
use std::ops::Range;

/// Whether `c` must not reach a terminal as itself. Tabs and line feeds are layout, not
/// control. A carriage return is counted here; [`visible`] keeps the one that ends a line
/// (`\r\n`).
pub fn is_hidden_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidirectional embeddings, overrides and isolates ("Trojan Source").
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hidden control character written as a Rust-style escape (`\u{1b}`), and
/// every carriage return that does not end a line (`\r\n`) as `\u{d}`. Borrowed when there is
/// nothing to escape, which is almost always.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !needs_escaping(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if escapes(c, chars.peek().map(|&(_, next)| next)) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible`] for one line of output: line breaks are escaped too, so that a value cannot
/// start a line of its own (a forged annotation, a fake summary).
pub fn visible_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return visible(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' || c == '\r' || is_hidden_control(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escaping(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\t' && b != b'\n' && !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            || b == 0x7f
            // C1 controls are U+0080..U+009F: 0xC2 0x80..0x9F in UTF-8.
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|&n| (0x80..=0x9f).contains(&n)))
            // U+202A..U+202E and U+2066..U+2069 start with 0xE2 0x80 / 0xE2 0x81.
            || (b == 0xe2 && matches!(bytes.get(i + 1), Some(0x80 | 0x81)))
    }) && text
        .char_indices()
        .any(|(i, c)| escapes(c, text[i + c.len_utf8()..].chars().next()))
}

fn escapes(c: char, next: Option<char>) -> bool {
    if c == '\r' {
        next != Some('\n')
    } else {
        is_hidden_control(c)
    }
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// A file's text with hidden controls escaped, and the means to move a span of the original
/// onto the copy.
pub struct VisibleText {
    pub text: String,
    /// For every escaped character: its offset in the original and how many bytes longer its
    /// escape is, with the growth of all escapes up to and including it.
    moves: Vec<(usize, usize)>,
}

impl VisibleText {
    /// `None` when `text` has nothing to escape: use it as it is.
    pub fn of(text: &str) -> Option<VisibleText> {
        if !needs_escaping(text) {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 64);
        let mut moves = Vec::new();
        let mut grown = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if escapes(c, chars.peek().map(|&(_, next)| next)) {
                let before = out.len();
                push_escape(&mut out, c);
                grown += out.len() - before - c.len_utf8();
                moves.push((at, grown));
            } else {
                out.push(c);
            }
        }
        Some(VisibleText { text: out, moves })
    }

    /// Where `offset` of the original lies in the copy: an offset at an escaped character
    /// moves to the start of its escape.
    pub fn offset(&self, offset: usize) -> usize {
        let before = self.moves.partition_point(|&(at, _)| at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.moves[i].1)
    }

    /// A span of the original, moved onto the copy (covering whole escapes).
    pub fn span(&self, span: &Range<usize>) -> Range<usize> {
        self.offset(span.start)..self.offset(span.end).max(self.offset(span.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            visible("Café – 東京 \t tab\r\n"),
            Cow::Borrowed(_)
        ));
        assert!(VisibleText::of("a: b\r\nc: d\n").is_none());
    }

    #[test]
    fn terminal_escapes_become_visible() {
        assert_eq!(visible("a\u{1b}]52;c;x\u{7}b"), "a\\u{1b}]52;c;x\\u{7}b");
        assert_eq!(visible("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(visible("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(visible("old\rmac"), "old\\u{d}mac");
        assert_eq!(visible("nul\0"), "nul\\u{0}");
        assert_eq!(visible_line("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn spans_move_with_the_escapes() {
        let original = "ab\u{1b}cd\u{0}e";
        let copy = VisibleText::of(original).unwrap();
        assert_eq!(copy.text, "ab\\u{1b}cd\\u{0}e");
        // `c` sits after one escape.
        let c = original.find('c').unwrap();
        assert_eq!(&copy.text[copy.offset(c)..copy.offset(c) + 1], "c");
        // A span over the ESC covers its whole escape.
        let esc = original.find('\u{1b}').unwrap();
        assert_eq!(&copy.text[copy.span(&(esc..esc + 1))], "\\u{1b}");
        let e = original.find('e').unwrap();
        assert_eq!(&copy.text[copy.offset(e)..], "e");
        assert_eq!(copy.offset(original.len()), copy.text.len());
    }
}
