//! A map's text as read from disk, with what every later stage needs to point into it.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input file: its display name, its full text (BOM included, exactly as on disk after
/// UTF-8 decoding) and a line index, so that byte offsets turn into 1-based lines and columns.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown to people and CI (the path as the user gave it, or `REV:path`).
    pub name: String,
    /// Where the file lives on disk, when it does; relative paths such as `baseline` resolve
    /// against its folder.
    pub path: Option<PathBuf>,
    /// The decoded text. Empty for files that could not be decoded.
    pub text: String,
    /// Where each line starts, found when a finding first needs a line number: a map that
    /// checks clean never needs one.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// A 1-based line and a 1-based column counted in Unicode scalar values (what editors show).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: Option<&Path>, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            path: path.map(Path::to_path_buf),
            text,
            line_starts: std::sync::OnceLock::new(),
        })
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The folder that relative references in this file resolve against.
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Converts a byte offset to a line and column. A CR before LF belongs to the line it ends,
    /// so CRLF files get the same columns as LF files; a BOM takes no column.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts().partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts()[line];
        let mut prefix = &self.text[start..floor_char_boundary(&self.text, offset)];
        if line == 0 {
            prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        }
        LineCol {
            line: line + 1,
            column: prefix.chars().count() + 1,
        }
    }

    /// The 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&start| start <= offset.min(self.text.len()))
            - 1
    }

    /// The byte range of lines `first..=last` (0-based), line endings included.
    pub fn lines_range(&self, first: usize, last: usize) -> Range<usize> {
        let starts = self.line_starts();
        let start = starts[first.min(starts.len() - 1)];
        let end = starts.get(last + 1).copied().unwrap_or(self.text.len());
        start..end.max(start)
    }

    /// The span of the whole line holding `offset`, without its line ending.
    pub fn line_span(&self, offset: usize) -> Range<usize> {
        let lc = self.line_col(offset);
        let starts = self.line_starts();
        let start = starts[lc.line - 1];
        let end = starts
            .get(lc.line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `path` made absolute against the working folder, with `.` and `..` resolved by name only
/// (no symlink is followed).
pub fn lexical_absolute(path: &std::path::Path) -> std::path::PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| std::path::PathBuf::from("/"))
            .join(path)
    };
    let mut out = std::path::PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_bom_and_cr() {
        let file = SourceFile::new("t", None, "\u{feff}a: 1\r\nzoë: x\r\n".to_string());
        assert_eq!(file.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(6), LineCol { line: 1, column: 4 });
        let x = file.text.find('x').unwrap();
        assert_eq!(file.line_col(x), LineCol { line: 2, column: 6 });
        assert_eq!(&file.text[file.line_span(x)], "zoë: x");
    }
}
