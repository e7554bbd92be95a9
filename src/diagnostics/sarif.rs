//! SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) ingest.

use serde_json::{Value, json};

use super::{Diagnostic, RuleInfo, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A relative path becomes a relative URI reference against the checkout root; an absolute
/// one a `file://` URI. Characters outside RFC 3986's unreserved set are percent-encoded.
fn uri(path: &str) -> (String, bool) {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut encoded = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    if encoded.starts_with('/') {
        (format!("file://{encoded}"), true)
    } else {
        (encoded, false)
    }
}

/// `unknown-reference` -> `Unknown reference`.
fn title(name: &str) -> String {
    let text = name.replace('-', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// SARIF 2.1.0 for `diagnostics`, describing every rule in `codes` (all that journeymap can
/// report: [`crate::codes::all`]).
pub fn render_sarif(diagnostics: &[Diagnostic], codes: &[&RuleInfo]) -> String {
    let rules: Vec<Value> = codes
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": title(r.name) },
                "help": { "text": format!(
                    "See {} ({}) in journeymap's docs/diagnostics.md.",
                    r.code, r.name
                ) },
                "defaultConfiguration": { "level": level(r.default_severity) }
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!(" (help: {help})"));
            }
            let (uri, absolute) = uri(&d.file.name);
            let mut artifact = json!({ "uri": uri });
            if !absolute {
                artifact["uriBaseId"] = json!("%SRCROOT%");
            }
            let mut physical = json!({ "artifactLocation": artifact });
            if d.span.is_some() {
                let (start, end) = (d.start(), d.end());
                physical["region"] = json!({
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
                });
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": codes.iter().position(|r| r.code == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{ "physicalLocation": physical }]
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "journeymap",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    let mut out = serde_json::to_string_pretty(&sarif).expect("SARIF serializes");
    out.push('\n');
    out
}
