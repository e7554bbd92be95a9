//! JM205 unused-persona.

use super::Context;
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Emotion;

/// ## What it does
/// Warns about a declared persona that no step involves. A step without `personas` involves
/// every persona, so this fires only when every step lists its personas (or gives per-persona
/// emotions) and none of them names this one.
///
/// ## Why
/// A persona nobody follows is usually left over from an earlier draft, or a sign that the
/// steps forgot someone.
///
/// ## Example
/// ```yaml
/// personas:
///   - id: student          # no step lists `student`
///     name: Sam, student
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM205", "unused-persona", Severity::Warning);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    let every_step_is_specific = map.steps().all(|(_, _, step)| {
        !step.personas.is_empty() || matches!(step.emotion, Some(Emotion::PerPersona(_)))
    });
    if !every_step_is_specific {
        return;
    }
    for (i, persona) in map.personas.iter().enumerate() {
        let used = map.steps().any(|(_, _, step)| {
            step.personas.contains(&persona.id)
                || matches!(&step.emotion, Some(Emotion::PerPersona(scores)) if scores.contains_key(&persona.id))
        });
        if !used {
            out.push(
                cx.at(
                    &RULE,
                    &format!("/personas/{i}/id"),
                    format!("no step involves the persona `{}`", persona.id),
                )
                .with_label("unused persona")
                .with_help("add it to the `personas` of the steps it takes, or remove it"),
            );
        }
    }
}
