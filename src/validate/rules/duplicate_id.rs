//! JM202 duplicate-id.

use std::collections::HashMap;

use super::{Context, step_pointer};
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};

/// ## What it does
/// Reports an id used twice within its kind: two personas, channels, stages, pain points or
/// opportunities with one id, or two steps with one id anywhere in the map (step ids are unique
/// across stages). It points at the second use and shows the first.
///
/// ## Why
/// References and diffs find elements by id; with two, one of them is unreachable and a diff
/// would pair the wrong steps.
///
/// ## Example
/// ```yaml
/// stages:
///   - id: decision
///     steps:
///       - id: checkout
///         name: Reviews the basket
///       - id: checkout         # already used above
///         name: Pays
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM202", "duplicate-id", Severity::Error);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    let mut groups: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "persona",
            map.personas
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.to_string(), format!("/personas/{i}/id")))
                .collect(),
        ),
        (
            "channel",
            map.channels
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.to_string(), format!("/channels/{i}/id")))
                .collect(),
        ),
        (
            "stage",
            map.stages
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.to_string(), format!("/stages/{i}/id")))
                .collect(),
        ),
        ("step", Vec::new()),
        ("pain point", Vec::new()),
        ("opportunity", Vec::new()),
    ];
    for (si, stage) in map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            let base = step_pointer(si, pi);
            groups[3]
                .1
                .push((step.id.to_string(), format!("{base}/id")));
            for (i, pain) in step.pain_points.iter().enumerate() {
                if let Some(id) = pain.id() {
                    groups[4]
                        .1
                        .push((id.to_string(), format!("{base}/pain_points/{i}/id")));
                }
            }
            for (i, opportunity) in step.opportunities.iter().enumerate() {
                if let Some(id) = opportunity.id() {
                    groups[5]
                        .1
                        .push((id.to_string(), format!("{base}/opportunities/{i}/id")));
                }
            }
        }
    }
    for (kind, ids) in &groups {
        let mut first: HashMap<&str, &str> = HashMap::new();
        for (id, pointer) in ids {
            match first.get(id.as_str()) {
                None => {
                    first.insert(id, pointer);
                }
                Some(original) => {
                    let scope = if *kind == "step" { " in this map" } else { "" };
                    out.push(
                        cx.at(
                            &RULE,
                            pointer,
                            format!("the {kind} id `{id}` is used twice{scope}"),
                        )
                        .with_label("second use")
                        .with_related(cx.span(original), "first use")
                        .with_help(format!("give this {kind} an id of its own")),
                    );
                }
            }
        }
    }
}
