//! One diagnostic model for every stage (loader, schema, rules), rendered by several reporters.
//!
//! Stages collect [`Diagnostic`]s instead of printing them, so that `check` can report every
//! finding at once and each output format (human, JSON, GitHub annotations, SARIF) is a pure
//! function of the same list.

mod github;
mod human;
mod json;
mod rule;
mod sarif;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

pub use github::render_github;
pub use human::{HumanStyle, render_human};
pub use json::render_json;
pub use rule::RuleInfo;
pub use sarif::render_sarif;

use crate::source::{LineCol, SourceFile};

/// How much a finding matters. `Error` fails `check`; `Warning` fails it under
/// `--deny-warnings`; `Note` never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A secondary place that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub label: String,
}

/// A finding about one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable code, e.g. `JM201`. Codes never change meaning once released.
    pub code: &'static str,
    /// Stable kebab-case name of the rule, e.g. `unknown-reference`, used in `journeymap.toml`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: Arc<SourceFile>,
    /// The exact bytes the finding is about; `None` for findings about the whole file.
    pub span: Option<Range<usize>>,
    /// Short text printed under the span.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(
        rule: &RuleInfo,
        file: &Arc<SourceFile>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity: rule.default_severity,
            message: message.into(),
            file: Arc::clone(file),
            span,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    /// Where the finding starts (line 1, column 1 for whole-file findings).
    pub fn start(&self) -> LineCol {
        self.file
            .line_col(self.span.as_ref().map_or(0, |s| s.start))
    }

    /// Where the finding ends (inclusive of its last character's position + 1).
    pub fn end(&self) -> LineCol {
        self.file.line_col(self.span.as_ref().map_or(0, |s| s.end))
    }
}

/// Puts diagnostics in the order people read them: by file, then position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.file.name.as_str(),
            a.span.as_ref().map(|s| s.start),
            a.code,
        )
            .cmp(&(
                b.file.name.as_str(),
                b.span.as_ref().map(|s| s.start),
                b.code,
            ))
    });
}

/// Counts of findings by severity, for summaries and exit codes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Note => counts.notes += 1,
            }
        }
        counts
    }
}
