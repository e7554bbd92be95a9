//! What every fuzz target shares: decoding, the check options, and rendering findings in every
//! output format with the invariants those formats promise.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use journeymap::diagnostics::{self, Diagnostic, HumanStyle, Severity};
use journeymap::source::SourceFile;
use journeymap::validate::{self, Checked, Config, Options};

/// Fixed options, so a crash reproduces whatever the date (the review rule counts from today).
pub fn options() -> Options {
    Options {
        today: Some((2026, 1, 1)),
        ..Options::default()
    }
}

/// Decodes `bytes` as the CLI does; a refused input still has its finding rendered.
pub fn decode(name: &str, bytes: &[u8]) -> Option<Arc<SourceFile>> {
    match journeymap::load::decode(name, None, bytes.to_vec(), &options().limits) {
        Ok(file) => Some(file),
        Err(diagnostic) => {
            show(&[diagnostic]);
            None
        }
    }
}

/// Checks `file` as `journeymap check` does, and renders its findings.
pub fn check(file: &Arc<SourceFile>) -> Checked {
    let checked = validate::check_file(file, &options(), &Config::default());
    show(&checked.diagnostics);
    checked
}

pub fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The findings as `check` prints them to a person (no colour, 100 columns).
pub fn human(diagnostics: &[Diagnostic]) -> String {
    diagnostics::render_human(
        diagnostics,
        1,
        HumanStyle {
            color: false,
            width: 100,
        },
    )
}

/// Renders `diagnostics` in every format and asserts what each promises:
/// - human: no raw control character but `\n`, `\t` and the `\r` of a `\r\n` (a map's text
///   must never reach a terminal as escape sequences or bidi overrides);
/// - GitHub: the same, and no `\r` at all (the runner reads workflow commands line by line);
/// - JSON and SARIF: valid JSON;
/// - every span (primary and related) lies inside its file, on character boundaries.
///
/// With `JM_FUZZ_VERBOSE` set, the human text is also printed to stderr (to see what an input
/// does when reproducing it).
pub fn show(diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    for d in diagnostics {
        let len = d.file.text.len();
        for span in d.span.iter().chain(d.related.iter().map(|r| &r.span)) {
            let inside = span.start <= span.end
                && span.end <= len
                && d.file.text.is_char_boundary(span.start)
                && d.file.text.is_char_boundary(span.end);
            assert!(
                inside,
                "the finding {} `{}` has the span {span:?}, outside the file's {len} bytes or \
                 inside a character",
                d.code,
                d.message.escape_debug()
            );
        }
    }
    let text = human(diagnostics);
    if verbose() {
        eprintln!("{text}");
    }
    if let Some((at, c)) = hidden_control(&text, true) {
        panic!(
            "render_human wrote the raw control character U+{:04X} at byte {at}:\n{}",
            u32::from(c),
            text.escape_debug()
        );
    }
    let github = diagnostics::render_github(diagnostics);
    if let Some((at, c)) = hidden_control(&github, false) {
        panic!(
            "render_github wrote the raw control character U+{:04X} at byte {at}:\n{}",
            u32::from(c),
            github.escape_debug()
        );
    }
    let json = diagnostics::render_json(diagnostics, 1);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("render_json wrote invalid JSON ({e}):\n{json}");
    }
    let sarif = diagnostics::render_sarif(
        diagnostics,
        &journeymap::codes::all(),
        std::path::Path::new("/"),
    );
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&sarif) {
        panic!("render_sarif wrote invalid JSON ({e}):\n{sarif}");
    }
}

pub fn verbose() -> bool {
    static VERBOSE: OnceLock<bool> = OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("JM_FUZZ_VERBOSE").is_some())
}

/// The first character of `text` that must not reach a terminal: a hidden control character
/// (`journeymap::visible::is_hidden_control`), where a `\r` is allowed only before `\n` and
/// only when `crlf` is set.
pub fn hidden_control(text: &str, crlf: bool) -> Option<(usize, char)> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == '\r' && crlf && next == Some('\n') {
            continue;
        }
        if journeymap::visible::is_hidden_control(c) {
            return Some((at, c));
        }
    }
    None
}
