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

/// Rule levels chosen by a project, keyed by rule code, and what the project says about its
/// repository of maps.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Where the settings came from, if from a file.
    pub path: Option<PathBuf>,
    levels: BTreeMap<&'static str, Level>,
    pub project: Project,
}

/// What `journeymap.toml` says about the repository: the libraries every map uses, how a
/// ticket id becomes a link, and when evidence is stale.
#[derive(Debug, Clone)]
pub struct Project {
    /// Library files every map under the settings uses, as written (relative to the settings
    /// file's folder) and as resolved.
    pub libraries: Vec<(String, PathBuf)>,
    /// A link pattern with `{id}`, e.g. `https://tracker.example/browse/{id}`.
    pub ticket_url: Option<String>,
    /// Evidence dated more than this many days before today is stale.
    pub stale_after_days: u32,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            libraries: Vec::new(),
            ticket_url: None,
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
        }
    }
}

/// Research older than two years describes a service that has usually changed since.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 730;

impl Project {
    /// The link to ticket `id`, if the project has a pattern: the id is percent-encoded, so
    /// it stays one path segment or query value whatever it holds.
    pub fn ticket_link(&self, id: &str) -> Option<String> {
        let pattern = self.ticket_url.as_deref()?;
        Some(crate::model::Ticket(id.to_string()).link(pattern))
    }
}

impl Config {
    /// Settings that give `levels` (by rule code), read from `path`.
    pub fn new(path: Option<PathBuf>, levels: BTreeMap<&'static str, Level>) -> Config {
        Config {
            path,
            levels,
            project: Project::default(),
        }
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
