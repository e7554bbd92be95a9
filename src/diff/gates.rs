//! Regressions that `--fail-on` can turn into a failing exit status, the way API-diff tools
//! flag breaking changes.

use serde::Serialize;

use super::{Change, ChangeKind, Diff, Element, Field, Value, describe};
use crate::model::Severity;

/// A kind of regression. The names are what `--fail-on` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A persona's emotion score at a step went down.
    EmotionDrop,
    /// A pain point appeared (in a kept step or in a new one).
    NewPainPoint,
    /// A touchpoint of a kept step is gone.
    RemovedTouchpoint,
    /// A pain point's severity went up (low -> medium -> high).
    SeverityIncrease,
    /// A step is gone (moving it to another stage is not removing it).
    RemovedStep,
    /// A stage is gone.
    RemovedStage,
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::EmotionDrop,
        Rule::NewPainPoint,
        Rule::RemovedTouchpoint,
        Rule::SeverityIncrease,
        Rule::RemovedStep,
        Rule::RemovedStage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::EmotionDrop => "emotion-drop",
            Rule::NewPainPoint => "new-pain-point",
            Rule::RemovedTouchpoint => "removed-touchpoint",
            Rule::SeverityIncrease => "severity-increase",
            Rule::RemovedStep => "removed-step",
            Rule::RemovedStage => "removed-stage",
        }
    }

    /// Whether `change` is a regression of this kind.
    pub fn matches(self, change: &Change) -> bool {
        let field = change.field;
        match self {
            Rule::EmotionDrop => {
                field == Some(Field::Emotion) && change.delta.is_some_and(|d| d < 0.0)
            }
            Rule::NewPainPoint => {
                change.element == Element::PainPoint && change.kind == ChangeKind::Added
            }
            Rule::RemovedTouchpoint => {
                change.element == Element::Touchpoint && change.kind == ChangeKind::Removed
            }
            Rule::SeverityIncrease => {
                let sev = |v: &Option<Value>| -> Option<Severity> { v.as_ref()?.severity() };
                change.element == Element::PainPoint
                    && field == Some(Field::Severity)
                    && matches!((sev(&change.before), sev(&change.after)), (Some(b), Some(a)) if a > b)
            }
            Rule::RemovedStep => {
                change.element == Element::Step && change.kind == ChangeKind::Removed
            }
            Rule::RemovedStage => {
                change.element == Element::Stage && change.kind == ChangeKind::Removed
            }
        }
    }
}

/// One regression: the rule, where, and a sentence saying what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regression {
    pub rule: Rule,
    pub stage: Option<String>,
    pub step: Option<String>,
    pub element: Element,
    pub id: Option<String>,
    pub message: String,
}

/// Every regression in the diff, of every rule, in change order.
pub fn regressions(diff: &Diff) -> Vec<Regression> {
    let mut out = Vec::new();
    for change in &diff.changes {
        for rule in Rule::ALL {
            if rule.matches(change) {
                out.push(Regression {
                    rule,
                    stage: change.stage.clone(),
                    step: change.step.clone(),
                    element: change.element,
                    id: change.id.clone(),
                    message: format!(
                        "{}: {}",
                        describe::place(diff, change),
                        describe::plain_line(change)
                    ),
                });
            }
        }
    }
    out
}
