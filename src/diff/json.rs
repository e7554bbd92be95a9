//! The JSON report: one document with a stable shape, documented in docs/diff.md.

use serde::Serialize;

use super::{Change, Diff, Mode, Regression, Side, Summary};

/// The version of the JSON shape. It changes only when a key is removed or changes meaning;
/// new keys may be added within a version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    journeymap_diff: u32,
    mode: Mode,
    old: &'a Side,
    new: &'a Side,
    identical: bool,
    summary: &'a Summary,
    changes: &'a [Change],
    regressions: &'a [Regression],
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn render(diff: &Diff, regressions: &[Regression]) -> String {
    let report = Report {
        journeymap_diff: VERSION,
        mode: diff.mode,
        old: &diff.old,
        new: &diff.new,
        identical: diff.is_empty(),
        summary: &diff.summary,
        changes: &diff.changes,
        regressions,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|e| {
        // Serializing plain data cannot fail; say so in valid JSON if it ever does.
        format!("{{\"error\": {:?}}}", e.to_string())
    });
    text.push('\n');
    text
}
