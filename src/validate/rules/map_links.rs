//! JM212 map-link: `parent` and steps' `detail`, the links that put maps inside each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::{Context, step_pointer};
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{self, Limits};
use crate::model::JourneyMap;
use crate::suggest::nearest;
use crate::validate::schema;

/// ## What it does
/// Checks the links between maps: a map's `parent` (the map it zooms into from above) and a
/// step's `detail` (the map that zooms into the step). Each must name, relative to the map's
/// own file, a journey map file in the same repository that exists and is valid; and
/// following the links must never lead back to where it started (a map inside itself).
///
/// ## Why
/// The site and the HTML make these links clickable: a broken one is a dead end for a
/// reader, and a cycle makes "the journey this belongs to" mean nothing.
///
/// ## Example
/// ```yaml
/// parent: onboardng.journey.yaml            # no such file: did you mean onboarding...?
/// stages:
///   - id: pay
///     name: Pay
///     steps:
///       - id: card
///         name: Pays by card
///         detail: card-payment.journey.yaml   # whose `detail` leads back here: a cycle
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM212", "map-link", Severity::Error);

/// Most maps one check follows links through: a repository's maps, with room to spare.
const MAX_LINKED: usize = 20_000;

/// What one linked file says about links, read once per process (keyed by path, size and
/// modification time, so a long-running server sees edits).
#[derive(Debug, Clone)]
enum Linked {
    Map {
        parent: Option<PathBuf>,
        details: Vec<PathBuf>,
    },
    /// The file is not a valid map: the first finding there, and how many.
    Invalid {
        first: String,
        count: usize,
    },
    Unreadable(String),
}

type CacheKey = (PathBuf, u64, Option<std::time::SystemTime>);

fn cache() -> &'static Mutex<BTreeMap<CacheKey, Arc<Linked>>> {
    static CACHE: OnceLock<Mutex<BTreeMap<CacheKey, Arc<Linked>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(BTreeMap::new()))
}

/// Reads the links of the map at `path` (canonical).
fn linked(path: &Path, limits: &Limits) -> Arc<Linked> {
    let meta = std::fs::metadata(path).ok();
    let key = (
        path.to_path_buf(),
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok()),
    );
    if let Some(found) = cache().lock().map(|c| c.get(&key).cloned()).ok().flatten() {
        return found;
    }
    let read = Arc::new(read_links(path, limits));
    if let Ok(mut c) = cache().lock() {
        c.insert(key, Arc::clone(&read));
    }
    read
}

fn read_links(path: &Path, limits: &Limits) -> Linked {
    let file = match load::read_path(path, limits) {
        Err(reason) => return Linked::Unreadable(reason),
        Ok(Err(d)) => {
            return Linked::Invalid {
                first: d.message,
                count: 1,
            };
        }
        Ok(Ok(file)) => file,
    };
    let document = match load::parse(&file, limits) {
        Ok(d) => d,
        Err(errors) => {
            return Linked::Invalid {
                first: first_message(&errors),
                count: errors.len(),
            };
        }
    };
    let errors = schema::validate(&document);
    if !errors.is_empty() {
        return Linked::Invalid {
            first: first_message(&errors),
            count: errors.len(),
        };
    }
    match document.deserialize::<JourneyMap>() {
        Ok(map) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            let target = |written: &str| safe_target(path, dir, written);
            Linked::Map {
                parent: map.parent.as_deref().and_then(target),
                details: map
                    .steps()
                    .filter_map(|(_, _, s)| s.detail.as_deref())
                    .filter_map(target)
                    .collect(),
            }
        }
        Err(e) => Linked::Unreadable(e.to_string()),
    }
}

fn first_message(errors: &[Diagnostic]) -> String {
    errors.first().map_or_else(String::new, |d| {
        let at = d.start();
        format!("{}:{}: {}", at.line, at.column, d.message)
    })
}

/// The canonical path a link names, when it is one this rule would follow (a map file in
/// the repository of `from`), else `None`.
fn safe_target(from: &Path, dir: &Path, written: &str) -> Option<PathBuf> {
    if crate::validate::rules::baseline::is_absolute_anywhere(written)
        || !crate::load::find::is_map_name(written)
    {
        return None;
    }
    let path = dir.join(written);
    let root = load::read::repository_root(from);
    if !load::read::resolves_inside(&path, &root) || !path.is_file() {
        return None;
    }
    std::fs::canonicalize(&path).ok()
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.at_revision.is_some() {
        // The working tree's maps may be other versions than the revision's.
        return;
    }
    let map = cx.map;
    let mut links: Vec<(String, &str, LinkKind)> = Vec::new();
    if let Some(parent) = &map.parent {
        links.push(("/parent".into(), parent, LinkKind::Parent));
    }
    for (si, stage) in map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            if let Some(detail) = &step.detail {
                links.push((
                    format!("{}/detail", step_pointer(si, pi)),
                    detail,
                    LinkKind::Detail,
                ));
            }
        }
    }
    if links.is_empty() {
        return;
    }
    let file = &cx.document.file;
    let (Some(path), Some(dir)) = (file.path.as_deref(), file.base_dir()) else {
        for (pointer, written, _) in &links {
            out.push(
                cx.at(
                    &RULE,
                    pointer,
                    format!("the map `{written}` cannot be found from standard input"),
                )
                .with_help("check the map as a file"),
            );
        }
        return;
    };
    let root = load::read::repository_root(path);
    let mut good: Vec<(String, PathBuf, LinkKind)> = Vec::new();
    for (pointer, written, kind) in links {
        let what = kind.noun();
        if crate::validate::rules::baseline::is_absolute_anywhere(written) {
            out.push(
                cx.at(
                    &RULE,
                    &pointer,
                    format!("the {what} `{written}` is outside this map's repository"),
                )
                .with_label("not read: it is an absolute path")
                .with_help(
                    "link to a map in the same repository, by a path relative to this map's folder",
                ),
            );
            continue;
        }
        if !crate::load::find::is_map_name(written) {
            out.push(
                cx.at(
                    &RULE,
                    &pointer,
                    format!("the {what} `{written}` is not a journey map file"),
                )
                .with_label("not read: the name does not end in .journey.yaml or .journey.yml")
                .with_help("link to a map, e.g. `payment.journey.yaml`"),
            );
            continue;
        }
        let target = dir.join(written);
        if !load::read::resolves_inside(&target, &root) {
            out.push(
                cx.at(
                    &RULE,
                    &pointer,
                    format!("the {what} `{written}` is outside this map's repository"),
                )
                .with_label(format!("not read: it leads outside {}", root.display()))
                .with_help(
                    "link to a map in the same repository, by a path relative to this map's folder",
                ),
            );
            continue;
        }
        if !target.is_file() {
            let siblings: Vec<String> = std::fs::read_dir(target.parent().unwrap_or(dir))
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter_map(|e| e.file_name().into_string().ok())
                        .filter(|n| crate::load::find::is_map_name(n))
                        .collect()
                })
                .unwrap_or_default();
            let wanted = target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(written);
            let d = cx
                .at(
                    &RULE,
                    &pointer,
                    format!("the {what} `{written}` does not exist"),
                )
                .with_label(format!("no file at {}", target.display()));
            out.push(match nearest(wanted, siblings.iter().map(String::as_str)) {
                Some((best, true)) => d.with_help(format!(
                    "did you mean `{best}`? The path is relative to this map's folder"
                )),
                _ => d.with_help("the path is relative to this map's folder"),
            });
            continue;
        }
        let Ok(canonical) = std::fs::canonicalize(&target) else {
            continue;
        };
        match &*linked(&canonical, &cx.options.limits) {
            Linked::Map { .. } => good.push((pointer, canonical, kind)),
            Linked::Invalid { first, count } => out.push(
                cx.at(
                    &RULE,
                    &pointer,
                    format!("the {what} `{written}` is not a valid journey map"),
                )
                .with_label(format!(
                    "{count} error{} there, the first at {first}",
                    if *count == 1 { "" } else { "s" }
                ))
                .with_help(format!("run `journeymap check {}`", target.display())),
            ),
            Linked::Unreadable(reason) => out.push(
                cx.at(
                    &RULE,
                    &pointer,
                    format!("the {what} `{written}` cannot be read"),
                )
                .with_label(reason.clone()),
            ),
        }
    }
    if good.is_empty() {
        return;
    }
    let Ok(me) = std::fs::canonicalize(path) else {
        return;
    };
    if let Some((pointer, cycle)) = cycle_through(&me, &good, &cx.options.limits) {
        let shown: Vec<String> = cycle
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
            .collect();
        out.push(
            cx.at(&RULE, &pointer, "the links between maps form a cycle")
                .with_label(format!("inside, outermost last: {}", shown.join(" ⊂ ")))
                .with_help("a map cannot be inside itself: remove the `parent` or `detail` that closes the cycle"),
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LinkKind {
    Parent,
    Detail,
}

impl LinkKind {
    fn noun(self) -> &'static str {
        match self {
            LinkKind::Parent => "parent",
            LinkKind::Detail => "detail map",
        }
    }
}

/// A cycle of "is inside" edges through `me`, when one of `me`'s own links is on it: the
/// pointer of that link, and the maps of the cycle from `me` back to `me`.
///
/// A `parent: P` in X says X is inside P; a `detail: D` on a step of X says D is inside X.
/// Every map reachable through links, either way, is read (once per process) to know its
/// edges; then a search from `me` along "inside" edges looks for `me`.
fn cycle_through(
    me: &Path,
    own: &[(String, PathBuf, LinkKind)],
    limits: &Limits,
) -> Option<(String, Vec<PathBuf>)> {
    let mut inside: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    let mut add = |from: &Path, to: &Path| {
        inside
            .entry(from.to_path_buf())
            .or_default()
            .insert(to.to_path_buf());
    };
    for (_, target, kind) in own {
        match kind {
            LinkKind::Parent => add(me, target),
            LinkKind::Detail => add(target, me),
        }
    }
    let mut queue: Vec<PathBuf> = own.iter().map(|(_, t, _)| t.clone()).collect();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::from([me.to_path_buf()]);
    while let Some(next) = queue.pop() {
        if !seen.insert(next.clone()) || seen.len() > MAX_LINKED {
            continue;
        }
        if let Linked::Map { parent, details } = &*linked(&next, limits) {
            if let Some(p) = parent {
                add(&next, p);
                queue.push(p.clone());
            }
            for d in details {
                add(d, &next);
                queue.push(d.clone());
            }
        }
    }
    // Depth-first from `me` along "inside" edges, iteratively, remembering the way back.
    let mut came_from: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut stack = vec![me.to_path_buf()];
    let mut visited: BTreeSet<PathBuf> = BTreeSet::new();
    while let Some(at) = stack.pop() {
        if !visited.insert(at.clone()) {
            continue;
        }
        for to in inside.get(&at).into_iter().flatten() {
            if to == me {
                let mut path = vec![at.clone()];
                let mut cur = at.clone();
                while let Some(prev) = came_from.get(&cur) {
                    path.push(prev.clone());
                    cur = prev.clone();
                }
                path.reverse(); // me, ..., at
                path.push(me.to_path_buf());
                let first = path.get(1)?;
                let last = &path[path.len() - 2];
                // The link of this map that closes the cycle: a detail that leads back in,
                // else the parent that leads out.
                let pointer = own
                    .iter()
                    .find(|(_, t, k)| *k == LinkKind::Detail && t == last)
                    .or_else(|| {
                        own.iter()
                            .find(|(_, t, k)| *k == LinkKind::Parent && t == first)
                    })
                    .map(|(p, _, _)| p.clone())?;
                return Some((pointer, path));
            }
            if !visited.contains(to) {
                came_from.entry(to.clone()).or_insert_with(|| at.clone());
                stack.push(to.clone());
            }
        }
    }
    None
}
