//! The pages `serve` writes itself (the index of maps, and a map that has never drawn), and
//! the script and style every served page carries. The pages are tera templates with every
//! value escaped, under the same policy as `render`'s pages: no network but the page's own
//! server, no style or script but their own (by hash).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::library::{Finding, Summary};
use crate::render::html::{Template, content_security_policy, render_template};

/// The style of the diagnostics over a map and of the index.
pub const LIVE_CSS: &str = include_str!("../../templates/live.css");
const LIVE_JS: &str = include_str!("../../templates/live.js");
const INDEX: &str = include_str!("../../templates/serve-index.html.tera");
const ERRORS: &str = include_str!("../../templates/serve-errors.html.tera");

/// What may stay as it is in a path segment of an address; everything else is escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The script of a page showing `version` of its inputs: it asks the server for events about
/// anything newer. `version` is hex (or empty), written as a JSON string.
pub fn live_script(version: &str) -> String {
    let version = serde_json::to_string(version).unwrap_or_else(|_| "\"\"".to_string());
    format!("(function () {{\n{LIVE_JS}\njmLive({version});\n}})();")
}

/// The address of a map's page.
pub fn map_href(name: &str) -> String {
    let segments: Vec<String> = name
        .split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect();
    format!("/map/{}", segments.join("/"))
}

#[derive(Serialize)]
struct IndexMap<'a> {
    name: &'a str,
    href: String,
    label: &'a str,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    title: String,
    maps: Vec<IndexMap<'a>>,
    css: &'static str,
    script: &'a str,
    csp: String,
}

#[derive(Serialize)]
struct ErrorsPage<'a> {
    name: &'a str,
    findings: &'a [Finding],
    css: &'static str,
    script: &'a str,
    csp: String,
}

/// The index of `maps` in the folder called `folder`, for `version` of the list.
pub fn index(folder: &str, maps: &[Summary], version: &str) -> Result<String, String> {
    let script = live_script(version);
    let page = IndexPage {
        title: format!("Journey maps in {folder}"),
        maps: maps
            .iter()
            .map(|m| IndexMap {
                name: &m.name,
                href: map_href(&m.name),
                label: m
                    .title
                    .as_deref()
                    .filter(|t| !crate::validate::schema::holds_only_blanks(t))
                    .unwrap_or(&m.name),
                errors: m.errors,
                warnings: m.warnings,
            })
            .collect(),
        css: LIVE_CSS,
        csp: content_security_policy(LIVE_CSS, &script, true),
        script: &script,
    };
    render_template(
        Template {
            name: "serve-index.html",
            source: INDEX,
        },
        &page,
    )
}

/// The page of a map that has errors and has not drawn since the server started.
pub fn errors(name: &str, findings: &[Finding]) -> Result<String, String> {
    let script = live_script("");
    let page = ErrorsPage {
        name,
        findings,
        css: LIVE_CSS,
        csp: content_security_policy(LIVE_CSS, &script, true),
        script: &script,
    };
    render_template(
        Template {
            name: "serve-errors.html",
            source: ERRORS,
        },
        &page,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_addresses_escape_everything_but_the_separators() {
        assert_eq!(
            map_href("a b/ü?#.journey.yaml"),
            "/map/a%20b/%C3%BC%3F%23.journey.yaml"
        );
    }

    #[test]
    fn the_live_script_carries_its_version_as_a_string() {
        let script = live_script("0a1b");
        assert!(script.contains("jmLive(\"0a1b\");"));
        assert!(!script.contains("</script"));
    }
}
