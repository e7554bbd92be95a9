//! The identity of each kind of finding, shared by every stage that reports one.

use super::Severity;

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
