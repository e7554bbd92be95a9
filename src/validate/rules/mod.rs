//! The semantic rules: what the schema cannot say about a map. One file per rule, each with a
//! stable code, a default level that `journeymap.toml` may change, and docs in three sections
//! (What it does / Why / Example) from which docs/diagnostics.md is generated.

pub mod baseline;
pub mod channel_colours;
pub mod duplicate_id;
pub mod evidence;
pub mod libraries;
pub mod map_links;
pub mod review_overdue;
pub mod unaddressed_pain_point;
pub mod unknown_reference;
pub mod unused_channel;
pub mod unused_persona;

use std::ops::Range;

use super::Options;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::RuleInfo;
use crate::load::Document;
use crate::model::JourneyMap;

/// What a rule sees: the document (for spans), the typed map and the run's options.
pub struct Context<'a> {
    pub document: &'a Document,
    pub map: &'a JourneyMap,
    pub options: &'a Options,
    /// What `journeymap.toml` says about the repository (evidence age, ...).
    pub project: &'a crate::validate::Project,
}

impl Context<'_> {
    /// The span of the value at a JSON pointer, or the whole document when it is gone.
    pub fn span(&self, pointer: &str) -> Range<usize> {
        self.document
            .locate(pointer)
            .map_or_else(|| self.document.span(), |l| l.value)
    }

    /// A diagnostic of `rule` at the value of `pointer`.
    pub fn at(
        &self,
        rule: &'static RuleInfo,
        pointer: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(rule, &self.document.file, Some(self.span(pointer)), message)
    }
}

/// A semantic rule: its identity and the function that applies it.
pub struct Rule {
    pub info: &'static RuleInfo,
    pub check: fn(&Context<'_>, &mut Vec<Diagnostic>),
}

/// Every semantic rule, in code order.
pub static RULES: &[Rule] = &[
    Rule {
        info: &unknown_reference::RULE,
        check: unknown_reference::check,
    },
    Rule {
        info: &duplicate_id::RULE,
        check: duplicate_id::check,
    },
    Rule {
        info: &baseline::RULE,
        check: baseline::check,
    },
    Rule {
        info: &review_overdue::RULE,
        check: review_overdue::check,
    },
    Rule {
        info: &unused_persona::RULE,
        check: unused_persona::check,
    },
    Rule {
        info: &unused_channel::RULE,
        check: unused_channel::check,
    },
    Rule {
        info: &unaddressed_pain_point::RULE,
        check: unaddressed_pain_point::check,
    },
    Rule {
        info: &channel_colours::RULE,
        check: channel_colours::check,
    },
    Rule {
        info: &map_links::RULE,
        check: map_links::check,
    },
    Rule {
        info: &evidence::STALE,
        check: evidence::check_stale,
    },
    Rule {
        info: &evidence::ASSUMPTION_DEBT,
        check: evidence::check_assumptions,
    },
];

/// Runs every rule over the map.
pub fn run(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for rule in RULES {
        (rule.check)(cx, out);
    }
}

/// The pointer of step `step` of stage `stage`.
pub fn step_pointer(stage: usize, step: usize) -> String {
    format!("/stages/{stage}/steps/{step}")
}
