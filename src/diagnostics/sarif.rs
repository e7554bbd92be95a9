//! SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) ingest.

use std::path::Path;

use serde_json::{Value, json};

use super::{Diagnostic, RuleInfo, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Where the repository is published: the rules' help pages are its docs/diagnostics.md.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The rule docs, generated from the rules' doc comments (a test keeps them in step).
const RULE_DOCS: &str = include_str!("../../docs/diagnostics.md");

/// A rule's section of docs/diagnostics.md: its "What it does" paragraph and the whole
/// section (for `help.markdown`).
fn rule_doc(code: &str) -> Option<(String, &'static str)> {
    let heading = format!("\n## {code}\n");
    let start = RULE_DOCS.find(&heading)? + 1;
    let rest = &RULE_DOCS[start..];
    let section = match rest[3..].find("\n## ") {
        Some(end) => &rest[..end + 3],
        None => rest,
    };
    let what = section
        .split("### What it does\n")
        .nth(1)?
        .split("\n### ")
        .next()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some((what, section.trim_end()))
}

/// The first sentence of `text`.
fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// `path` as a URI reference relative to `root` (with `uriBaseId` `%SRCROOT%`), which code
/// scanning maps onto the repository; a path outside `root` becomes a `file://` URI. Characters
/// outside RFC 3986's unreserved set are percent-encoded.
fn uri(path: &str, root: &Path) -> (String, bool) {
    let absolute = crate::source::lexical_absolute(Path::new(path));
    let (relative, inside) = match absolute.strip_prefix(root) {
        Ok(inside) => (inside.to_string_lossy().replace('\\', "/"), true),
        Err(_) => (absolute.to_string_lossy().replace('\\', "/"), false),
    };
    let mut encoded = String::new();
    for byte in relative.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    if inside {
        (encoded, false)
    } else {
        (format!("file://{encoded}"), true)
    }
}

/// A fingerprint of a finding that stays the same when lines above it move: the rule, the
/// file, the message and the text it points at, hashed.
fn fingerprint(d: &Diagnostic, uri: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let pointed = d
        .span
        .as_ref()
        .and_then(|s| d.file.text.get(s.clone()))
        .unwrap_or("");
    for part in [d.code, uri, &d.message, pointed.trim()] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SARIF 2.1.0 for `diagnostics`, describing every rule in `codes` (all that journeymap can
/// report: [`crate::codes::all`]), with paths relative to `root` (the repository the maps
/// are in, or `--sarif-root`), as GitHub code scanning accepts it: each rule with its docs
/// and help page, each result with a fingerprint.
pub fn render_sarif(diagnostics: &[Diagnostic], codes: &[&RuleInfo], root: &Path) -> String {
    let rules: Vec<Value> = codes
        .iter()
        .map(|r| {
            let (what, section) = rule_doc(r.code).unwrap_or_else(|| (r.name.to_string(), ""));
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": first_sentence(&what) },
                "fullDescription": { "text": what },
                "helpUri": format!("{REPOSITORY}/blob/main/docs/diagnostics.md#{}", r.code.to_lowercase()),
                "help": {
                    "text": format!("{what} See {} ({}) in journeymap's docs/diagnostics.md.", r.code, r.name),
                    "markdown": section,
                },
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
            let (uri, absolute) = uri(&d.file.name, root);
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
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "journeymapFinding/v1": fingerprint(d, &uri) }
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
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": REPOSITORY,
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
