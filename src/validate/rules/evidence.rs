//! JM213 stale-evidence and JM214 assumption-debt: whether what a map says is still known.

use super::{Context, step_pointer};
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Basis, Step};
use crate::validate::rules::review_overdue::{days_from_civil, today_utc};

/// ## What it does
/// Reports evidence whose `date` is older than the project allows: two years by default,
/// or `stale-after-days` under `[evidence]` in `journeymap.toml`.
///
/// ## Why
/// Maps go stale: a finding from research three years ago describes a service that has
/// usually changed since. The warning says which facts to research again.
///
/// ## Example
/// ```yaml
/// evidence:
///   - text: Contact-centre call sample
///     date: 2021-03-01          # older than two years
///     basis: observed
/// ```
pub static STALE: RuleInfo = RuleInfo::rule("JM213", "stale-evidence", Severity::Warning);

/// ## What it does
/// Reports a step whose emotion or pain points are backed only by assumption: every piece of
/// its evidence has `basis: assumed`.
///
/// ## Why
/// Maps built on assumptions are the most common reason they mislead. Marking assumed facts
/// is honest; this rule keeps the debt visible until research backs them (or refutes them).
///
/// ## Example
/// ```yaml
/// emotion: -2
/// evidence:
///   - text: The team thinks customers hate the fee
///     basis: assumed
/// ```
pub static ASSUMPTION_DEBT: RuleInfo =
    RuleInfo::rule("JM214", "assumption-debt", Severity::Warning);

/// Whether the step's emotion and pain points rest only on assumption.
pub fn is_assumption_only(step: &Step) -> bool {
    !step.evidence.is_empty()
        && step
            .evidence
            .iter()
            .all(|e| e.basis() == Some(Basis::Assumed))
        && (step.emotion.is_some() || !step.pain_points.is_empty())
}

/// How many days old evidence dated `date` is on `today`, if the date is real.
pub fn age_in_days(date: &crate::model::IsoDate, today: (i32, u32, u32)) -> Option<i64> {
    Some(days_from_civil(today) - days_from_civil(date.ymd()?))
}

pub fn check_stale(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let today = cx.options.today.unwrap_or_else(today_utc);
    let limit = i64::from(cx.project.stale_after_days);
    for (si, stage) in cx.map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            for (ei, e) in step.evidence.iter().enumerate() {
                let Some(date) = e.date() else { continue };
                let pointer = format!("{}/evidence/{ei}/date", step_pointer(si, pi));
                let Some(age) = age_in_days(date, today) else {
                    out.push(
                        cx.at(
                            &crate::validate::schema::INVALID_VALUE,
                            &pointer,
                            format!("`{date}` is not a calendar date"),
                        )
                        .with_label("no such day")
                        .with_help("write a real date as `YYYY-MM-DD`"),
                    );
                    continue;
                };
                if age > limit {
                    out.push(
                        cx.at(
                            &STALE,
                            &pointer,
                            format!(
                                "this evidence is {age} days old; evidence older than {limit} days is stale"
                            ),
                        )
                        .with_label("gathered here")
                        .with_help(
                            "research the step again and update the evidence, or set `stale-after-days` under [evidence] in journeymap.toml",
                        ),
                    );
                }
            }
        }
    }
}

pub fn check_assumptions(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (si, stage) in cx.map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            if !is_assumption_only(step) {
                continue;
            }
            let base = step_pointer(si, pi);
            let (pointer, what) = match (&step.emotion, step.pain_points.is_empty()) {
                (Some(_), true) => (format!("{base}/emotion"), ("emotion", "is")),
                (Some(_), false) => (
                    format!("{base}/emotion"),
                    ("emotion and pain points", "are"),
                ),
                (None, _) => (format!("{base}/pain_points"), ("pain points", "are")),
            };
            out.push(
                cx.at(
                    &ASSUMPTION_DEBT,
                    &pointer,
                    format!(
                        "the {} of step `{}` {} backed only by assumption",
                        what.0, step.id, what.1
                    ),
                )
                .with_label("every piece of this step's evidence is `basis: assumed`")
                .with_help("back it with observed or reported evidence"),
            );
        }
    }
}
