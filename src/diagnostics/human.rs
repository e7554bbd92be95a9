//! Human output: miette's graphical reports (file:line:col, the snippet with a label under the
//! exact token, a help line), plus a one-line summary.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Counts, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::visible::{VisibleText, visible, visible_line};

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct HumanStyle {
    /// ANSI colours (off for pipes, `NO_COLOR` and snapshot tests).
    pub color: bool,
    /// The width reports wrap at.
    pub width: usize,
}

/// Lets miette read snippets straight from the shared source, without copying the file per
/// diagnostic.
struct FileSource(Arc<SourceFile>);

impl SourceCode for FileSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = &self.0;
        let line = file.line_span(span.offset());
        if line.len() > LONG_LINE {
            let exact = context_lines_before == 0 && context_lines_after == 0;
            return Ok(Box::new(self.window(span, line, exact)));
        }
        // miette's reader scans from the start of the text for every snippet, which is
        // quadratic over many findings in a large file. Run it on just the lines around the
        // span (found with our line index) and shift its answer back: same output, O(window).
        let first = file.line_index(span.offset());
        let last = file.line_index(span.offset() + span.len().saturating_sub(1));
        let window_first = first.saturating_sub(context_lines_before);
        let window = file.lines_range(window_first, last + context_lines_after + 1);
        let local = SourceSpan::new((span.offset() - window.start).into(), span.len());
        let bytes = &file.text.as_bytes()[window.clone()];
        let inner = bytes.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            file.name.clone(),
            inner.data(),
            (inner.span().offset() + window.start, inner.span().len()).into(),
            inner.line() + window_first,
            inner.column(),
            inner.line_count() + window_first,
        )))
    }
}

/// Lines longer than this (minified or hostile input) are shown as a window around the span.
const LONG_LINE: usize = 240;

/// Characters of context kept on each side of a span on a long line.
const WINDOW: usize = 60;

impl FileSource {
    /// Just the part of a very long line around `span`, without context lines, so that a
    /// 200,000-character line prints as a short snippet.
    fn window(
        &self,
        span: &SourceSpan,
        line: std::ops::Range<usize>,
        exact: bool,
    ) -> MietteSpanContents<'_> {
        let text = &self.0.text;
        let back = |mut at: usize, chars: usize| {
            for _ in 0..chars {
                if at <= line.start {
                    break;
                }
                at -= 1;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
            }
            at
        };
        // miette asks for the label itself (no context lines) to print its position: that
        // must start at the span, not at the window.
        let before = if exact { 0 } else { WINDOW };
        // A span may start just past the line's text (at the CR that ends it, or at the end
        // of the file): keep the window on the line (regression: long_line_span_past_cr).
        let from = span.offset().clamp(line.start, line.end);
        let start = back(from, before);
        let end_of_span = (span.offset() + span.len()).clamp(from, line.end);
        let end = text[end_of_span..line.end]
            .char_indices()
            .nth(WINDOW)
            .map_or(line.end, |(i, _)| end_of_span + i);
        let position = self.0.line_col(start);
        MietteSpanContents::new_named(
            self.0.name.clone(),
            &text.as_bytes()[start..end],
            (start, end - start).into(),
            position.line - 1,
            position.column - 1,
            1,
        )
    }
}

/// A [`Diagnostic`] seen through miette's trait.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<FileSource>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_some() {
            f.write_str(&self.diagnostic.message)
        } else {
            write!(
                f,
                "{}: {}",
                self.diagnostic.file.name, self.diagnostic.message
            )
        }
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            self.diagnostic.code, self.diagnostic.rule
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span.as_ref()?;
        let primary =
            LabeledSpan::new_primary_with_span(self.diagnostic.label.clone(), span.start..span.end);
        let related =
            self.diagnostic.related.iter().map(|r| {
                LabeledSpan::new_with_span(Some(r.label.clone()), r.span.start..r.span.end)
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Renders diagnostics as miette reports followed by a summary line.
pub fn render_human(diagnostics: &[Diagnostic], files: usize, style: HumanStyle) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    let mut shown = VisibleFiles::default();
    for diagnostic in diagnostics {
        let diagnostic = &shown.diagnostic(diagnostic);
        let report = Report {
            diagnostic,
            source: diagnostic
                .span
                .is_some()
                .then(|| FileSource(Arc::clone(&diagnostic.file))),
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out.push_str(&summary(Counts::of(diagnostics), files));
    out.push('\n');
    out
}

/// Copies of files whose text holds control characters, with them escaped (see
/// [`crate::visible`]), made once per file however many findings point into it.
#[derive(Default)]
struct VisibleFiles {
    copies: Vec<(Arc<SourceFile>, Option<EscapedCopy>)>,
}

/// A file's escaped copy, and the map from the original's offsets to the copy's.
type EscapedCopy = (Arc<SourceFile>, VisibleText);

impl VisibleFiles {
    /// `diagnostic` as it may be shown on a terminal: its texts with controls escaped, and its
    /// spans moved onto the escaped copy of its file when the file needs one.
    fn diagnostic(&mut self, diagnostic: &Diagnostic) -> Diagnostic {
        let index = match self
            .copies
            .iter()
            .position(|(file, _)| Arc::ptr_eq(file, &diagnostic.file))
        {
            Some(index) => index,
            None => {
                let file = &diagnostic.file;
                let copy = VisibleText::of(&file.text).map(|visible| {
                    let copy = SourceFile::new(
                        file.name.clone(),
                        file.path.as_deref(),
                        visible.text.clone(),
                    );
                    (copy, visible)
                });
                self.copies.push((Arc::clone(file), copy));
                self.copies.len() - 1
            }
        };
        let text = |t: &str| visible(t).into_owned();
        let mut shown = diagnostic.clone();
        shown.message = text(&diagnostic.message);
        shown.label = diagnostic.label.as_deref().map(text);
        shown.help = diagnostic.help.as_deref().map(text);
        for related in &mut shown.related {
            related.label = text(&related.label);
        }
        // A related place far along a very long line would make the snippet span everything
        // between the two (a 50 KB line per finding): name its place in words instead.
        if let Some(primary) = &diagnostic.span {
            let file = &diagnostic.file;
            let line = file.line_span(primary.start);
            if line.len() > LONG_LINE {
                let (near, far): (Vec<_>, Vec<_>) = std::mem::take(&mut shown.related)
                    .into_iter()
                    .partition(|r| {
                        !(line.start..=line.end).contains(&r.span.start)
                            || r.span.start.abs_diff(primary.start) <= WINDOW
                    });
                shown.related = near;
                for related in far {
                    let at = file.line_col(related.span.start);
                    let place = format!(
                        "{} at line {}, column {}",
                        related.label, at.line, at.column
                    );
                    shown.label = Some(match shown.label.take() {
                        Some(label) => format!("{label}; {place}"),
                        None => place,
                    });
                }
            }
        }
        if let Some((copy, moved)) = &self.copies[index].1 {
            shown.file = Arc::clone(copy);
            shown.span = diagnostic.span.as_ref().map(|s| moved.span(s));
            for related in &mut shown.related {
                related.span = moved.span(&related.span);
            }
        }
        if shown.file.name != visible_line(&shown.file.name) {
            let file = &shown.file;
            shown.file = SourceFile::new(
                visible_line(&file.name).into_owned(),
                file.path.as_deref(),
                file.text.clone(),
            );
        }
        shown
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `2 errors, 1 warning, 0 notes in 5 files`.
pub fn summary(counts: Counts, files: usize) -> String {
    format!(
        "{}, {}, {} in {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.notes, "note"),
        plural(files, "file")
    )
}
