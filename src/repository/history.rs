//! What changed in a repository of maps since a git revision: maps added, removed and
//! changed, each change in the words of the semantic diff (`journeymap diff`).

use std::path::Path;

use rayon::prelude::*;

use super::Repository;
use crate::diff;
use crate::load::{self, Limits};
use crate::validate::{self, Options};

/// What happened to one map since the revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapChange {
    /// The map is new.
    Added,
    /// The map was there and is gone.
    Removed,
    /// The map is there but has errors now (it is left out of the site).
    HasErrors,
    /// The map changed: each change as (where, what), as `journeymap diff` words them.
    Changed(Vec<(String, String)>),
    /// The map at the revision does not pass `check`, so it cannot be compared.
    NotComparable(String),
}

/// The repository's changes since `rev`.
#[derive(Debug, Clone)]
pub struct History {
    /// The revision as the user named it.
    pub rev: String,
    /// The maps that changed, by name (a path under the repository's folder).
    pub maps: Vec<(String, MapChange)>,
    /// How many maps did not change.
    pub unchanged: usize,
}

/// Compares every map of `repo` with its version at `rev` (read with `git` in the
/// repository's folder). A map at the revision is checked as the file it is today, with
/// today's libraries and settings.
pub fn since(repo: &Repository, rev: &str) -> Result<History, String> {
    let dir = &repo.dir;
    crate::git::commit(dir, rev)?;
    let then: Vec<String> = crate::git::files_at(dir, rev)?
        .into_iter()
        .filter(|name| load::find::is_map_name(name))
        .collect();
    let now: std::collections::BTreeSet<&str> = repo.maps.iter().map(|e| e.name.as_str()).collect();
    let compared: Vec<Option<(String, MapChange)>> = repo
        .maps
        .par_iter()
        .map(|entry| {
            if !then.contains(&entry.name) {
                return Ok(Some((entry.name.clone(), MapChange::Added)));
            }
            let bytes = crate::git::show(dir, rev, &entry.name)?;
            let shown = format!("{rev}:{}", entry.name);
            let change = match old_map(&shown, bytes, &entry.path, &entry.settings.rules) {
                Err(why) => MapChange::NotComparable(why),
                Ok(old) => {
                    let d = diff::diff(&shown, &old, &entry.name, &entry.map);
                    if d.is_empty() {
                        return Ok(None);
                    }
                    MapChange::Changed(
                        d.changes
                            .iter()
                            .map(|c| (diff::place(&d, c), diff::plain_line(c)))
                            .collect(),
                    )
                }
            };
            Ok(Some((entry.name.clone(), change)))
        })
        .collect::<Result<_, String>>()?;
    let unchanged = compared.iter().filter(|c| c.is_none()).count();
    let mut maps: Vec<(String, MapChange)> = compared.into_iter().flatten().collect();
    maps.extend(
        then.iter()
            .filter(|name| !now.contains(name.as_str()))
            .map(|name| {
                let broken = repo.broken.iter().any(|(b, _)| b == name);
                let change = if broken {
                    MapChange::HasErrors
                } else {
                    MapChange::Removed
                };
                (name.clone(), change)
            }),
    );
    maps.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(History {
        rev: rev.to_string(),
        maps,
        unchanged,
    })
}

/// The map `bytes` hold, checked as the file at `at`; the first error otherwise.
fn old_map(
    shown: &str,
    bytes: Vec<u8>,
    at: &Path,
    config: &validate::Config,
) -> Result<crate::model::JourneyMap, String> {
    let file = load::decode(shown, Some(at), bytes, &Limits::default()).map_err(|d| d.message)?;
    let options = Options {
        at_revision: Some(shown.to_string()),
        ..Options::default()
    };
    let checked = validate::check_file(&file, &options, config);
    if let Some(error) = checked
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::diagnostics::Severity::Error)
    {
        let at = error.start();
        return Err(format!("{}:{}: {}", at.line, at.column, error.message));
    }
    checked.map.ok_or_else(|| "it cannot be read".to_string())
}
