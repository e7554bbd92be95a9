//! JM202 duplicate-id.

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

/// Where an id stands, kept as indices: the JSON pointer is written only for the ids that
/// are reported (formatting one per step cost more than the rest of the rule).
#[derive(Clone, Copy)]
enum Place {
    Persona(usize),
    Channel(usize),
    Stage(usize),
    Step(usize, usize),
    PainPoint(usize, usize, usize),
    Opportunity(usize, usize, usize),
}

impl Place {
    fn pointer(self) -> String {
        match self {
            Place::Persona(i) => format!("/personas/{i}/id"),
            Place::Channel(i) => format!("/channels/{i}/id"),
            Place::Stage(i) => format!("/stages/{i}/id"),
            Place::Step(s, p) => format!("{}/id", step_pointer(s, p)),
            Place::PainPoint(s, p, i) => format!("{}/pain_points/{i}/id", step_pointer(s, p)),
            Place::Opportunity(s, p, i) => {
                format!("{}/opportunities/{i}/id", step_pointer(s, p))
            }
        }
    }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    use foldhash::{HashMap, HashMapExt};
    let map = cx.map;
    let mut groups: [(&str, Vec<(&str, Place)>); 6] = [
        (
            "persona",
            map.personas
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), Place::Persona(i)))
                .collect(),
        ),
        (
            "channel",
            map.channels
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), Place::Channel(i)))
                .collect(),
        ),
        (
            "stage",
            map.stages
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), Place::Stage(i)))
                .collect(),
        ),
        ("step", Vec::new()),
        ("pain point", Vec::new()),
        ("opportunity", Vec::new()),
    ];
    for (si, stage) in map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            groups[3].1.push((step.id.as_str(), Place::Step(si, pi)));
            for (i, pain) in step.pain_points.iter().enumerate() {
                if let Some(id) = pain.id() {
                    groups[4].1.push((id.as_str(), Place::PainPoint(si, pi, i)));
                }
            }
            for (i, opportunity) in step.opportunities.iter().enumerate() {
                if let Some(id) = opportunity.id() {
                    groups[5]
                        .1
                        .push((id.as_str(), Place::Opportunity(si, pi, i)));
                }
            }
        }
    }
    for (kind, ids) in &groups {
        let mut first: HashMap<&str, Place> = HashMap::with_capacity(ids.len());
        for &(id, place) in ids {
            match first.get(id) {
                None => {
                    first.insert(id, place);
                }
                Some(original) => {
                    let scope = if *kind == "step" { " in this map" } else { "" };
                    out.push(
                        cx.at(
                            &RULE,
                            &place.pointer(),
                            format!("the {kind} id `{id}` is used twice{scope}"),
                        )
                        .with_label("second use")
                        .with_related(cx.span(&original.pointer()), "first use")
                        .with_help(format!("give this {kind} an id of its own")),
                    );
                }
            }
        }
    }
}
