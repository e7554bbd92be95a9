//! JM203 baseline.

use std::path::PathBuf;

use super::Context;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{self, Limits};
use crate::model::{JourneyMap, State};
use crate::source::SourceFile;
use crate::validate::{RuleInfo, nearest, schema};

/// ## What it does
/// Checks `baseline`: it is only meaningful on a map with `state: future`, and it must name,
/// relative to the map's own file, a file that exists, is a valid journey map, and has
/// `state: current`.
///
/// ## Why
/// The baseline is what `journeymap diff FUTURE` compares against for the gap analysis; a
/// broken link silently turns that analysis into nonsense.
///
/// ## Example
/// ```yaml
/// state: future
/// baseline: grocery-chekout.journey.yaml    # no such file: did you mean grocery-checkout...?
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM203", "baseline", Severity::Error);

/// Why a baseline could not be used.
#[derive(Debug)]
pub enum BaselineProblem {
    /// The map has no `baseline`, or no folder to resolve it against.
    NotSet,
    Missing {
        path: PathBuf,
        suggestion: Option<String>,
    },
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    Invalid {
        path: PathBuf,
        first: Box<Diagnostic>,
        count: usize,
    },
    NotCurrent {
        path: PathBuf,
    },
}

/// Loads the baseline of `map` (read from `file`) and checks that it is a valid current-state
/// map. `diff FUTURE` uses this too.
pub fn resolve(
    file: &SourceFile,
    map: &JourneyMap,
    limits: &Limits,
) -> Result<(std::sync::Arc<SourceFile>, JourneyMap), BaselineProblem> {
    let (Some(baseline), Some(dir)) = (map.baseline.as_deref(), file.base_dir()) else {
        return Err(BaselineProblem::NotSet);
    };
    let path = dir.join(baseline);
    if !path.is_file() {
        let siblings: Vec<String> = std::fs::read_dir(path.parent().unwrap_or(dir))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".journey.yaml") || n.ends_with(".journey.yml"))
                    .collect()
            })
            .unwrap_or_default();
        let wanted = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(baseline);
        let suggestion = nearest(wanted, siblings.iter().map(String::as_str))
            .filter(|&(_, close)| close)
            .map(|(best, _)| best.to_string());
        return Err(BaselineProblem::Missing { path, suggestion });
    }
    let source = match load::read_path(&path, limits) {
        Err(reason) => return Err(BaselineProblem::Unreadable { path, reason }),
        Ok(Err(d)) => {
            return Err(BaselineProblem::Invalid {
                path,
                first: Box::new(d),
                count: 1,
            });
        }
        Ok(Ok(source)) => source,
    };
    let document = load::parse(&source, limits).map_err(|mut errors| BaselineProblem::Invalid {
        path: path.clone(),
        count: errors.len(),
        first: Box::new(errors.swap_remove(0)),
    })?;
    let mut errors = schema::validate(&document);
    if !errors.is_empty() {
        return Err(BaselineProblem::Invalid {
            path,
            count: errors.len(),
            first: Box::new(errors.swap_remove(0)),
        });
    }
    let baseline_map =
        document
            .deserialize::<JourneyMap>()
            .map_err(|e| BaselineProblem::Unreadable {
                path: path.clone(),
                reason: e.to_string(),
            })?;
    if baseline_map.state != State::Current {
        return Err(BaselineProblem::NotCurrent { path });
    }
    Ok((source, baseline_map))
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    let Some(baseline) = &map.baseline else {
        return;
    };
    if map.state != State::Future {
        out.push(
            cx.at(
                &RULE,
                "/baseline",
                "`baseline` is only meaningful on a future-state map",
            )
            .with_label("baseline of a current-state map")
            .with_help("add `state: future`, or remove `baseline`"),
        );
        return;
    }
    let problem = match resolve(&cx.document.file, map, &cx.options.limits) {
        Ok(_) | Err(BaselineProblem::NotSet) => return,
        Err(problem) => problem,
    };
    let d = match problem {
        BaselineProblem::NotSet => return,
        BaselineProblem::Missing { path, suggestion } => {
            let d = cx
                .at(
                    &RULE,
                    "/baseline",
                    format!("the baseline `{baseline}` does not exist"),
                )
                .with_label(format!("no file at {}", path.display()));
            match suggestion {
                Some(s) => d.with_help(format!(
                    "did you mean `{s}`? The path is relative to this map's folder"
                )),
                None => d.with_help("the path is relative to this map's folder"),
            }
        }
        BaselineProblem::Unreadable { reason, .. } => cx
            .at(
                &RULE,
                "/baseline",
                format!("the baseline `{baseline}` cannot be read"),
            )
            .with_label(reason),
        BaselineProblem::Invalid { first, count, .. } => {
            let at = first.start();
            cx.at(
                &RULE,
                "/baseline",
                format!("the baseline `{baseline}` is not a valid journey map"),
            )
            .with_label(format!(
                "{count} error{} there, the first at {}:{}: {}",
                if count == 1 { "" } else { "s" },
                at.line,
                at.column,
                first.message
            ))
            .with_help(format!("run `journeymap check {}`", first.file.name))
        }
        BaselineProblem::NotCurrent { .. } => cx
            .at(
                &RULE,
                "/baseline",
                format!("the baseline `{baseline}` is not a current-state map"),
            )
            .with_label("its `state` is `future`")
            .with_help("a future-state map compares against the current-state map it improves on"),
    };
    out.push(d);
}
