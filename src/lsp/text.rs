//! Positions as the editor counts them, and edits to a document's text.
//!
//! The protocol counts a line's characters in UTF-16 code units unless client and server
//! agree on UTF-8; the loader counts bytes. Every conversion goes through [`LineIndex`].

use lsp_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};
use std::ops::Range;

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The starts of a text's lines, for converting between byte offsets and positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The position of byte `offset` (clamped to the text, and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: Range<usize>) -> LspRange {
        LspRange::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`; past the end of its line is the line's end, past the
    /// last line is the text's end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, c) in line.char_indices() {
            if counted >= wanted {
                return start + at;
            }
            counted += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        end
    }
}

/// Applies one change the editor sent: a range replaced, or (without a range) the whole text.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let (start, end) = {
                let index = LineIndex::new(text, encoding);
                (index.offset(range.start), index.offset(range.end))
            };
            let end = end.max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a: é😀x\nb: 1\n";
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        let x = text.find('x').unwrap();
        assert_eq!(utf16.position(x), Position::new(0, 6));
        assert_eq!(utf16.offset(Position::new(0, 6)), x);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(x), Position::new(0, 9));
        assert_eq!(utf8.offset(Position::new(0, 9)), x);
        assert_eq!(utf16.position(text.find('b').unwrap()), Position::new(1, 0));
        assert_eq!(
            utf16.offset(Position::new(0, 99)),
            x + 1,
            "past the line's end"
        );
        assert_eq!(utf16.offset(Position::new(9, 0)), text.len());
    }

    #[test]
    fn changes_replace_their_range() {
        let mut text = "id: a\ntitle: Ünïcode\n".to_string();
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(LspRange::new(Position::new(1, 7), Position::new(1, 14))),
                range_length: None,
                text: "Plain".to_string(),
            },
            Encoding::Utf16,
        );
        assert_eq!(text, "id: a\ntitle: Plain\n");
    }
}
