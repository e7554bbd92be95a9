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

pub use config::{Config, Level, Project};

pub use crate::diagnostics::RuleInfo;

/// Settings for one run of the checks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The date the review rule counts from, as (year, month, day); `None` means today.
    pub today: Option<(i32, u32, u32)>,
    pub limits: Limits,
    /// The git revision the map was read from, when it was: the rules that look at other
    /// maps in the working tree (the baseline, links between maps) then say nothing, since
    /// those files may have changed since. Libraries are still read from the working tree.
    pub at_revision: Option<String>,
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
    let mut map = match document.deserialize::<JourneyMap>() {
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
    // Shared definitions first: every rule, and every stage after this one, sees the map
    // with its library personas and channels in it.
    let mut resolved = rules::libraries::resolve(&document, &mut map, config, &options.limits);
    let mut diagnostics = Vec::new();
    rules::run(
        &rules::Context {
            document: &document,
            map: &map,
            options,
            project: &config.project,
        },
        &mut diagnostics,
    );
    resolved.append(&mut config.apply(diagnostics));
    checked.diagnostics = resolved;
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
