//! JSON output: a stable, documented shape (docs/ci.md) for tools and scripts.

use serde::Serialize;

use super::{Counts, Diagnostic, Severity};

/// A position in the file: 1-based line and column (in characters) and the 0-based byte offset.
#[derive(Serialize)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Serialize)]
pub(crate) struct Span {
    pub start: Position,
    pub end: Position,
}

#[derive(Serialize)]
struct Related {
    label: String,
    span: Span,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    span: Option<Span>,
    label: Option<&'a str>,
    help: Option<&'a str>,
    related: Vec<Related>,
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: usize,
    summary: Counts,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

pub(crate) fn span_of(d: &Diagnostic, range: &std::ops::Range<usize>) -> Span {
    let position = |offset: usize| {
        let lc = d.file.line_col(offset);
        Position {
            line: lc.line,
            column: lc.column,
            offset,
        }
    };
    Span {
        start: position(range.start),
        end: position(range.end),
    }
}

/// Renders diagnostics as one JSON document (pretty-printed, ending in a newline).
pub fn render_json(diagnostics: &[Diagnostic], files: usize) -> String {
    let output = Output {
        version: 1,
        files,
        summary: Counts::of(diagnostics),
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                file: &d.file.name,
                code: d.code,
                rule: d.rule,
                severity: d.severity,
                message: &d.message,
                span: d.span.as_ref().map(|s| span_of(d, s)),
                label: d.label.as_deref(),
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| Related {
                        label: r.label.clone(),
                        span: span_of(d, &r.span),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&output).expect("diagnostics serialize");
    text.push('\n');
    text
}
