//! What a project does with each rule's findings, as `journeymap.toml` says
//! ([`crate::settings`] finds and reads that file).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Severity};

/// What a project does with a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Drop the findings.
    Allow,
    /// Report them as warnings.
    Warn,
    /// Report them as errors.
    Deny,
}

/// Rule levels chosen by a project, keyed by rule code.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Where the settings came from, if from a file.
    pub path: Option<PathBuf>,
    levels: BTreeMap<&'static str, Level>,
}

impl Config {
    /// Settings that give `levels` (by rule code), read from `path`.
    pub fn new(path: Option<PathBuf>, levels: BTreeMap<&'static str, Level>) -> Config {
        Config { path, levels }
    }

    /// The level the project chose for the rule with `code`, if it chose one.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.levels.get(code).copied()
    }

    /// Applies the project's levels to a rule's findings.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| match self.levels.get(d.code) {
                None => Some(d),
                Some(Level::Allow) => None,
                Some(Level::Warn) => {
                    d.severity = Severity::Warning;
                    Some(d)
                }
                Some(Level::Deny) => {
                    d.severity = Severity::Error;
                    Some(d)
                }
            })
            .collect()
    }
}
