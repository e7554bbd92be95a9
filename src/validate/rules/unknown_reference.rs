//! JM201 unknown-reference.

use std::collections::BTreeSet;

use super::{Context, step_pointer};
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{BUILTIN_CHANNELS, Emotion, Touchpoint};
use crate::suggest::nearest;

/// ## What it does
/// Reports a reference that names nothing: a touchpoint's channel that is neither built in nor
/// declared under `channels`, a step's `personas` entry or a per-persona `emotion` key that is
/// not a declared persona, an opportunity's `addresses` entry that is not a pain point id.
/// The help line names the nearest valid id.
///
/// ## Why
/// A dangling reference draws a touchpoint in the wrong colour, an emotion curve for nobody,
/// or an opportunity linked to nothing, and it is almost always a typo.
///
/// ## Example
/// ```yaml
/// touchpoints: [appp]            # did you mean `app`?
/// opportunities:
///   - text: Show the fee early
///     addresses: [hiden-fee]     # did you mean `hidden-fee`?
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM201", "unknown-reference", Severity::Error);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    let channels: Vec<&str> = BUILTIN_CHANNELS
        .iter()
        .map(|(id, _, _)| *id)
        .chain(map.channels.iter().map(|c| c.id.as_str()))
        .collect();
    let personas: Vec<&str> = map.personas.iter().map(|p| p.id.as_str()).collect();
    let pain_points: BTreeSet<&str> = map
        .steps()
        .flat_map(|(_, _, step)| step.pain_points.iter().filter_map(|p| p.id()))
        .map(|id| id.as_str())
        .collect();

    for (si, stage) in map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            let base = step_pointer(si, pi);
            for (ti, touchpoint) in step.touchpoints.iter().enumerate() {
                let channel = touchpoint.channel().as_str();
                if !channels.contains(&channel) {
                    let pointer = match touchpoint {
                        Touchpoint::Channel(_) => format!("{base}/touchpoints/{ti}"),
                        Touchpoint::Detailed(_) => format!("{base}/touchpoints/{ti}/channel"),
                    };
                    out.push(unknown(
                        cx,
                        &pointer,
                        "channel",
                        channel,
                        &channels,
                        "declare it under `channels:` (id, name, color)",
                    ));
                }
            }
            for (i, persona) in step.personas.iter().enumerate() {
                if !personas.contains(&persona.as_str()) {
                    out.push(unknown(
                        cx,
                        &format!("{base}/personas/{i}"),
                        "persona",
                        persona.as_str(),
                        &personas,
                        "declare it under `personas:`",
                    ));
                }
            }
            if let Some(Emotion::PerPersona(scores)) = &step.emotion {
                for persona in scores.keys() {
                    if !personas.contains(&persona.as_str()) {
                        let pointer = format!("{base}/emotion");
                        let span = cx
                            .document
                            .key_span(&pointer, persona.as_str())
                            .unwrap_or_else(|| cx.span(&pointer));
                        let mut d = unknown(
                            cx,
                            &pointer,
                            "persona",
                            persona.as_str(),
                            &personas,
                            "declare it under `personas:`",
                        );
                        d.span = Some(span);
                        out.push(d);
                    }
                }
            }
            for (oi, opportunity) in step.opportunities.iter().enumerate() {
                for (ai, target) in opportunity.addresses().iter().enumerate() {
                    if !pain_points.contains(target.as_str()) {
                        out.push(unknown(
                            cx,
                            &format!("{base}/opportunities/{oi}/addresses/{ai}"),
                            "pain point",
                            target.as_str(),
                            &pain_points.iter().copied().collect::<Vec<_>>(),
                            "give the pain point an `id:` and name that id here",
                        ));
                    }
                }
            }
        }
    }
}

fn unknown(
    cx: &Context<'_>,
    pointer: &str,
    kind: &str,
    id: &str,
    valid: &[&str],
    otherwise: &str,
) -> Diagnostic {
    let d = cx
        .at(&RULE, pointer, format!("unknown {kind} `{id}`"))
        .with_label(format!("no {kind} has this id"));
    match nearest(id, valid.iter().copied()) {
        // Only a likely typo is suggested: `kiosk` is not "nearly `ads`".
        Some((best, true)) => d.with_help(format!("did you mean `{best}`? Otherwise {otherwise}")),
        Some(_) => {
            const SHOWN: usize = 20;
            let mut list: Vec<&str> = valid.iter().copied().take(SHOWN).collect();
            if valid.len() > SHOWN {
                list.push("…");
            }
            d.with_help(format!(
                "the {kind} ids here are: {}; {otherwise}",
                list.join(", ")
            ))
        }
        None => d.with_help(format!("there is no {kind} yet: {otherwise}")),
    }
}
