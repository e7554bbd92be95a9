//! JM207 unaddressed-pain-point.

use super::{Context, step_pointer};
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::PainPoint;
use crate::model::facts::MapFacts;

/// ## What it does
/// Notes a pain point that no opportunity addresses: a pain point with an `id` that no
/// opportunity lists in `addresses`, or a pain point without an id on a step that has no
/// opportunities at all.
///
/// ## Why
/// The point of a journey map is to act on what hurts. This is a note, not a warning: a fresh
/// research map is allowed to list problems before anyone has ideas.
///
/// ## Example
/// ```yaml
/// pain_points:
///   - id: hidden-fee
///     text: Delivery fee appears only at the last step
/// opportunities: []          # nothing addresses `hidden-fee`
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM207", "unaddressed-pain-point", Severity::Note);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    let facts = MapFacts::of(map);
    for (si, stage) in map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            for (i, pain) in step.pain_points.iter().enumerate() {
                if !facts.is_addressed(step, pain) {
                    // Written only for a pain point that is reported (most are addressed).
                    let pointer = format!("{}/pain_points/{i}", step_pointer(si, pi));
                    let help = match pain.id() {
                        Some(id) => format!("add an opportunity with `addresses: [{id}]`"),
                        None => "add an opportunity to this step, or give the pain point an `id` and address it elsewhere".to_string(),
                    };
                    let pointer = match pain {
                        PainPoint::Detailed(d) if d.id.is_some() => format!("{pointer}/id"),
                        PainPoint::Detailed(_) => format!("{pointer}/text"),
                        PainPoint::Text(_) => pointer,
                    };
                    out.push(
                        cx.at(
                            &RULE,
                            &pointer,
                            format!(
                                "no opportunity addresses the pain point `{}`",
                                short(pain.text())
                            ),
                        )
                        .with_label("unaddressed")
                        .with_help(help),
                    );
                }
            }
        }
    }
}

/// The first words of a long text, for messages.
fn short(text: &str) -> String {
    let mut words = String::new();
    for word in text.split_whitespace() {
        if words.chars().count() + word.chars().count() > 50 {
            words.push_str(" ...");
            break;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    words
}
