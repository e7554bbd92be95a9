//! Stage 2: everything `check` knows about a map, as diagnostics.
//!
//! Two layers run in order. The JSON Schema layer ([`schema`]) finds structural mistakes
//! (unknown keys, wrong types, out-of-range scores) and maps each one back to the exact YAML
//! node. Only a map that passes it becomes a typed [`JourneyMap`], on which the semantic
//! rules in [`rules`] run (references, duplicate ids, baseline, review dates...). Every
//! finding is collected; nothing stops at the first.

pub mod config;
pub mod rules;
pub mod schema;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{self, Document, Limits};
use crate::model::JourneyMap;
use crate::source::SourceFile;

pub use config::{Config, Level};

/// The identity of a kind of finding: a stable code, a stable name, and a default severity.
#[derive(Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub default_severity: Severity,
    /// Whether `journeymap.toml` may change its level. Load and schema findings may not: a
    /// map that breaks them cannot be read at all.
    pub configurable: bool,
}

impl RuleInfo {
    /// A finding that is always an error.
    pub const fn fixed(code: &'static str, name: &'static str) -> RuleInfo {
        RuleInfo {
            code,
            name,
            default_severity: Severity::Error,
            configurable: false,
        }
    }

    /// A finding with a fixed level other than error (an import's compatibility warning).
    pub const fn fixed_at(code: &'static str, name: &'static str, severity: Severity) -> RuleInfo {
        RuleInfo {
            code,
            name,
            default_severity: severity,
            configurable: false,
        }
    }

    /// A semantic rule whose level a project may change.
    pub const fn rule(code: &'static str, name: &'static str, severity: Severity) -> RuleInfo {
        RuleInfo {
            code,
            name,
            default_severity: severity,
            configurable: true,
        }
    }
}

/// Every code journeymap can report, in code order (for docs, SARIF and config validation).
pub fn all_codes() -> Vec<&'static RuleInfo> {
    let mut all = vec![
        &load::codes::YAML_SYNTAX,
        &load::codes::DUPLICATE_KEY,
        &load::codes::INPUT_LIMIT,
        &load::codes::ENCODING,
        &load::codes::DOCUMENT,
        &schema::UNKNOWN_KEY,
        &schema::MISSING_KEY,
        &schema::INVALID_VALUE,
        &schema::INVALID_ID,
    ];
    all.extend(rules::RULES.iter().map(|r| r.info));
    all.extend(crate::interchange::codes::all());
    all.sort_by_key(|r| r.code);
    all
}

/// Settings for one run of the checks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The date the review rule counts from, as (year, month, day); `None` means today.
    pub today: Option<(i32, u32, u32)>,
    pub limits: Limits,
}

/// The result of checking one file: its findings, and the typed map when it could be read.
#[derive(Debug)]
pub struct Checked {
    pub file: Arc<SourceFile>,
    pub map: Option<JourneyMap>,
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Reads `file` through every stage: YAML, schema, model, rules. `config` adjusts rule levels.
pub fn check_file(file: &Arc<SourceFile>, options: &Options, config: &Config) -> Checked {
    let mut checked = Checked {
        file: Arc::clone(file),
        map: None,
        document: None,
        diagnostics: Vec::new(),
    };
    let document = match load::parse(file, &options.limits) {
        Ok(doc) => doc,
        Err(diagnostics) => {
            checked.diagnostics = diagnostics;
            return checked;
        }
    };
    let schema_errors = schema::validate(&document);
    if !schema_errors.is_empty() {
        checked.diagnostics = schema_errors;
        checked.document = Some(document);
        return checked;
    }
    let map = match document.deserialize::<JourneyMap>() {
        Ok(map) => map,
        Err(err) => {
            // The schema accepts exactly what the types read; reaching this is a bug, but it
            // is reported as a finding rather than a crash.
            checked.diagnostics.push(Diagnostic::new(
                &schema::INVALID_VALUE,
                file,
                Some(document.span()),
                format!("the map could not be read: {err}"),
            ));
            return checked;
        }
    };
    let mut diagnostics = Vec::new();
    rules::run(
        &rules::Context {
            document: &document,
            map: &map,
            options,
        },
        &mut diagnostics,
    );
    checked.diagnostics = config.apply(diagnostics);
    checked.map = Some(map);
    checked.document = Some(document);
    checked
}

/// Reads and checks the file at `path`. `Err` is for a path that cannot be read at all.
pub fn check_path(path: &Path, options: &Options, config: &Config) -> Result<Checked, String> {
    match load::read_path(path, &options.limits)? {
        Ok(file) => Ok(check_file(&file, options, config)),
        Err(diagnostic) => Ok(Checked {
            file: Arc::clone(&diagnostic.file),
            map: None,
            document: None,
            diagnostics: vec![diagnostic],
        }),
    }
}

/// The candidate closest to `wanted` by edit distance (ties broken alphabetically), with
/// whether it is close enough to be a likely typo.
///
/// Bounded for hostile maps: text past [`NEAREST_CHARS`] characters is not compared (no id or
/// key is that long, so nothing can be close), a candidate whose length alone puts it too far
/// is skipped, and at most [`NEAREST_CANDIDATES`] candidates are weighed.
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, bool)> {
    let wanted_chars = wanted.chars().count();
    let (distance, best) = candidates
        .into_iter()
        .take(NEAREST_CANDIDATES)
        .map(|c| {
            let chars = c.chars().count();
            let gap = wanted_chars.abs_diff(chars);
            let distance = if wanted_chars > NEAREST_CHARS
                || chars > NEAREST_CHARS
                || gap > wanted_chars.max(chars) / 3 + 1
            {
                // Too far for a typo: rank by the length gap alone.
                gap.max(1) + NEAREST_CHARS
            } else {
                strsim::damerau_levenshtein(wanted, c)
            };
            (distance, c)
        })
        .min()?;
    let longest = wanted_chars.max(best.chars().count());
    let close = distance <= (longest / 3).max(1)
        || (longest <= NEAREST_CHARS && (best.starts_with(wanted) || wanted.starts_with(best)));
    Some((best, close))
}

/// Text longer than this is never "close" to an id or key.
const NEAREST_CHARS: usize = 100;

/// The most candidates one suggestion weighs.
const NEAREST_CANDIDATES: usize = 2_000;
