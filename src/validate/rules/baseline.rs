//! JM203 baseline.

use std::path::PathBuf;

use super::Context;
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{self, Limits};
use crate::model::{JourneyMap, State};
use crate::source::SourceFile;
use crate::suggest::nearest;
use crate::validate::schema;

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
    /// The path is absolute, or leads out of the map's repository: never read.
    Outside {
        reason: String,
    },
    /// The path does not name a journey map file (`*.journey.yaml` / `*.journey.yml`), so it
    /// is not read: its text is never quoted.
    NotAMapName,
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
    if is_absolute_anywhere(baseline) {
        return Err(BaselineProblem::Outside {
            reason: "it is an absolute path".into(),
        });
    }
    if !(baseline.ends_with(".journey.yaml") || baseline.ends_with(".journey.yml")) {
        return Err(BaselineProblem::NotAMapName);
    }
    let path = dir.join(baseline);
    // The repository the map belongs to (the nearest folder with `.git`, else the map's
    // folder): the baseline must resolve inside it, by name and after symlinks.
    let root = file.path.as_deref().map(load::read::repository_root);
    if let Some(root) = &root
        && !load::read::resolves_inside(&path, root)
    {
        return Err(BaselineProblem::Outside {
            reason: format!("it leads outside {}", root.display()),
        });
    }
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

/// Whether `path` is absolute on any system a map may travel to (`/x`, `\\x`, `C:x`), so a
/// map written on one cannot reach a fixed place on another.
pub(crate) fn is_absolute_anywhere(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || std::path::Path::new(path).is_absolute()
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
    if cx.options.at_revision.is_some() {
        // The working tree's baseline may be another version than the revision's.
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
        BaselineProblem::Outside { reason } => cx
            .at(
                &RULE,
                "/baseline",
                format!("the baseline `{baseline}` is outside this map's repository"),
            )
            .with_label(format!("not read: {reason}"))
            .with_help(
                "a baseline is a map in the same repository, named by a path relative to this map's folder",
            ),
        BaselineProblem::NotAMapName => cx
            .at(
                &RULE,
                "/baseline",
                format!("the baseline `{baseline}` is not a journey map file"),
            )
            .with_label("not read: the name does not end in .journey.yaml or .journey.yml")
            .with_help("name the current-state map, e.g. `checkout.journey.yaml`"),
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
