//! docs/diagnostics.md is generated from the doc comments on each code's `RuleInfo`, so the
//! user docs cannot drift from the rules. Regenerate with JOURNEYMAP_BLESS=1.

mod common;

use std::path::Path;

/// One documented code found in the sources.
struct CodeDoc {
    code: String,
    name: String,
    severity: String,
    configurable: bool,
    doc: String,
}

/// Finds `/// ...` blocks directly above `pub static X: RuleInfo = RuleInfo::fixed|rule(...)`.
fn code_docs(path: &Path) -> Vec<CodeDoc> {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut docs = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // A declaration may wrap after `=`; join it with the next line.
        let joined = if line.trim_end().ends_with("RuleInfo =") {
            format!(
                "{} {}",
                line.trim_end(),
                lines.get(i + 1).map_or("", |l| l.trim())
            )
        } else {
            line.to_string()
        };
        let Some(rest) = joined.split("RuleInfo = RuleInfo::").nth(1) else {
            continue;
        };
        let configurable = rest.starts_with("rule(");
        let args: Vec<&str> = rest
            .split_once('(')
            .unwrap()
            .1
            .trim_end_matches(");")
            .split(',')
            .map(|a| a.trim().trim_matches('"'))
            .collect();
        let severity = args.get(2).map_or("error".to_string(), |s| {
            s.trim_start_matches("Severity::").to_lowercase()
        });
        let mut doc_lines = Vec::new();
        let mut j = i;
        while j > 0 && lines[j - 1].trim_start().starts_with("///") {
            j -= 1;
            let content = lines[j].trim_start().trim_start_matches("///");
            doc_lines.push(content.strip_prefix(' ').unwrap_or(content));
        }
        doc_lines.reverse();
        assert!(
            doc_lines.iter().any(|l| l.starts_with("## What it does"))
                && doc_lines.iter().any(|l| l.starts_with("## Why"))
                && doc_lines.iter().any(|l| l.starts_with("## Example")),
            "{}: {} lacks the What it does / Why / Example sections",
            path.display(),
            args[0]
        );
        let doc = doc_lines
            .iter()
            .map(|l| {
                if l.starts_with("## ") {
                    format!("#{l}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        docs.push(CodeDoc {
            code: args[0].to_string(),
            name: args[1].to_string(),
            severity,
            configurable,
            doc,
        });
    }
    docs
}

fn generate() -> String {
    let root = common::root();
    let mut sources = vec![
        root.join("src/load/codes.rs"),
        root.join("src/validate/schema.rs"),
        root.join("src/interchange/codes.rs"),
    ];
    let mut rules: Vec<_> = std::fs::read_dir(root.join("src/validate/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "mod.rs")
        .collect();
    rules.sort();
    sources.extend(rules);
    let mut docs: Vec<CodeDoc> = sources.iter().flat_map(|p| code_docs(p)).collect();
    docs.sort_by(|a, b| a.code.cmp(&b.code));

    let mut out = String::from(
        "# Diagnostics\n\n<!-- Generated from the doc comments in src/load/codes.rs, src/validate/schema.rs,\n     src/interchange/codes.rs and src/validate/rules/*.rs by tests/docs.rs. Edit those, then run\n     `JOURNEYMAP_BLESS=1 cargo test --test docs`. -->\n\n\
         Every finding has a stable code and name. Codes `JM0xx` come from reading the file,\n\
         `JM1xx` from the JSON Schema, `JM2xx` from the semantic rules and `JM3xx` from\n\
         `journeymap import`. Only `JM2xx` rules\n\
         can change level in `journeymap.toml` (by code or name):\n\n\
         ```toml\n[rules]\nunused-persona = \"allow\"   # allow | warn | deny\nJM207 = \"warn\"\n```\n\n\
         | code | name | default level | configurable |\n|---|---|---|---|\n",
    );
    for d in &docs {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            d.code,
            d.code.to_lowercase(),
            d.name,
            d.severity,
            if d.configurable { "yes" } else { "no" }
        ));
    }
    for d in &docs {
        out.push_str(&format!(
            "\n## {}\n\n`{}`, default level: {}.\n\n{}\n",
            d.code, d.name, d.severity, d.doc
        ));
    }
    out
}

#[test]
fn diagnostics_md_is_generated_from_the_rule_docs() {
    let generated = generate();
    common::assert_golden("../docs/diagnostics.md", &generated);
}

#[test]
fn every_registered_code_is_documented() {
    let generated = generate();
    for info in journeymap::codes::all() {
        assert!(
            generated.contains(&format!("\n## {}\n\n`{}`", info.code, info.name)),
            "{} {} has no docs section",
            info.code,
            info.name
        );
    }
}
