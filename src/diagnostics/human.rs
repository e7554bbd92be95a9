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
        let inner = self
            .0
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
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
    for diagnostic in diagnostics {
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
