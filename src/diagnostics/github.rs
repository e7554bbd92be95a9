//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
//! diff (`::error file=...,line=...,col=...::message`).

use super::{Diagnostic, Severity};

/// Escapes a message (`%`, CR and LF) as the runner expects.
fn escape_data(text: &str) -> String {
    crate::visible::visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which additionally may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = vec![format!("file={}", escape_property(&d.file.name))];
        if d.span.is_some() {
            let (start, end) = (d.start(), d.end());
            properties.push(format!("line={}", start.line));
            properties.push(format!("col={}", start.column));
            properties.push(format!("endLine={}", end.line));
            if end.line == start.line {
                properties.push(format!("endColumn={}", end.column));
            }
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.code, d.rule))
        ));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}
