//! `journeymap diff`: what changed between two maps, in journey terms.
//!
//! [`diff`] matches the elements of two [`JourneyMap`]s — stages, steps, personas and channels
//! by id; pain points and opportunities by id, falling back to their text; touchpoints by
//! channel and name; metrics by name — and lists every [`Change`] with its kind (added,
//! removed, renamed, moved, modified). A [`Summary`] condenses the changes for people: pain
//! points resolved and introduced, how each stage feels before and after, the biggest emotion
//! changes. The reporters ([`human`], [`markdown`], [`json`], [`visual`]) are pure functions of
//! a [`Diff`]; [`gates`] turns it into the regressions `--fail-on` acts on.
//!
//! Everything here is deterministic: changes come out in map order (new map first, removed
//! elements where they used to be), never in hash order, and numbers are rounded to two
//! decimals before they are printed.

mod compute;
pub mod curve;
mod describe;
mod field;
pub mod gates;
pub mod human;
pub mod json;
pub mod markdown;
mod summary;
pub mod textconv;
pub mod value;
pub mod visual;

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::model::{JourneyMap, State};

pub use describe::{place, plain_line};
pub use field::Field;
pub use gates::{Regression, Rule, regressions};
pub use summary::{MoodChange, PainPointRef, SeverityChange, StageMood, StepRef, Summary};
pub use value::{Place, Snapshot, Value};

/// What happened to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Only in the new map.
    Added,
    /// Only in the old map.
    Removed,
    /// Same element, new name.
    Renamed,
    /// A step (or stage) now sits elsewhere: in another stage, or between other neighbours; a
    /// pain point now belongs to another step.
    Moved,
    /// One field of the element changed; `field`, `before` and `after` say how.
    Modified,
}

impl ChangeKind {
    /// The kind of the same change seen from the other side.
    pub fn mirror(self) -> ChangeKind {
        match self {
            ChangeKind::Added => ChangeKind::Removed,
            ChangeKind::Removed => ChangeKind::Added,
            other => other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Moved => "moved",
            ChangeKind::Modified => "modified",
        }
    }
}

/// The kind of element a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
    Map,
    Persona,
    Channel,
    Stage,
    Step,
    Touchpoint,
    PainPoint,
    Opportunity,
    Metric,
}

impl Element {
    /// The element's name in prose ("pain point").
    pub fn word(self) -> &'static str {
        match self {
            Element::Map => "map",
            Element::Persona => "persona",
            Element::Channel => "channel",
            Element::Stage => "stage",
            Element::Step => "step",
            Element::Touchpoint => "touchpoint",
            Element::PainPoint => "pain point",
            Element::Opportunity => "opportunity",
            Element::Metric => "metric",
        }
    }
}

/// One change. The JSON form (docs/diff.md) is this struct with every key always present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub element: Element,
    /// The element's id; for elements without one, the key it was matched by: a touchpoint's
    /// channel, a pain point's or opportunity's text, a metric's name. `None` for the map.
    pub id: Option<String>,
    /// The element's display name or text (as in the new map; the old one when removed).
    pub name: Option<String>,
    /// The stage holding the element (its new stage; the old one when removed). For a stage,
    /// its own id.
    pub stage: Option<String>,
    /// The step holding the element. For a step, its own id.
    pub step: Option<String>,
    /// The field that changed, for `modified` and `renamed` (`name`), e.g. `emotion`,
    /// `description`, `severity`, `review.last`, `empathy.says`.
    pub field: Option<Field>,
    /// For `emotion` changes: the persona whose score changed (`None` when one score is shared
    /// by everyone on both sides).
    pub persona: Option<String>,
    /// The old value (`None` when absent). For `added`/`removed`, the whole element.
    pub before: Option<Value>,
    /// The new value (`None` when absent). For `added`/`removed`, the whole element.
    pub after: Option<Value>,
    /// `after - before` for emotions and numeric metric values.
    #[serde(serialize_with = "serialize_delta")]
    pub delta: Option<f64>,
}

impl Change {
    /// The same change seen from the other side: added and removed swap, so do before and
    /// after, and the delta changes sign.
    pub fn mirror(&self) -> Change {
        Change {
            kind: self.kind.mirror(),
            before: self.after.clone(),
            after: self.before.clone(),
            delta: self.delta.map(|d| -d),
            ..self.clone()
        }
    }
}

/// Rounds to two decimals (the precision of every number journeymap prints).
/// `word` with a capital first letter.
pub(crate) fn cap(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn round2(value: f64) -> f64 {
    let r = (value * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// A number as JSON: integers without a fraction, others rounded to two decimals.
pub fn number(value: f64) -> serde_json::Value {
    let r = round2(value);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        serde_json::Value::from(r as i64)
    } else {
        serde_json::Number::from_f64(r).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

fn serialize_delta<S: Serializer>(delta: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match delta {
        None => s.serialize_none(),
        Some(d) => number(*d).serialize(s),
    }
}

/// What the reports say about each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The map as the user named it: a path, or `REV:path`.
    pub source: String,
    pub id: String,
    pub title: String,
    pub state: State,
}

impl Side {
    pub fn of(source: &str, map: &JourneyMap) -> Side {
        Side {
            source: shown_source(source),
            id: map.id.to_string(),
            title: map.title.clone(),
            state: map.state,
        }
    }
}

/// How a side is named in every report: as the user named it, but never as an absolute path
/// of the machine that made it (reports are shared: pull-request comments, pictures, JSON):
/// relative to the working folder when inside it, else the file's name.
fn shown_source(source: &str) -> String {
    let (rev, path) = match source.split_once(':') {
        Some((rev, path)) if !rev.contains('/') && !rev.is_empty() => (Some(rev), path),
        _ => (None, source),
    };
    let path = std::path::Path::new(path);
    let shown = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
            .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default()
    } else {
        path.display().to_string()
    };
    match rev {
        Some(rev) => format!("{rev}:{shown}"),
        None => shown,
    }
}

/// How the reports read: a plain comparison of two versions, or a gap analysis from a
/// current-state map to a future-state one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Revision,
    GapAnalysis,
}

/// Everything the reporters need.
#[derive(Debug, Clone)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub mode: Mode,
    pub changes: Vec<Change>,
    pub summary: Summary,
    /// Display names of stages and steps (new names first), for report headings.
    pub stage_names: BTreeMap<String, String>,
    pub step_names: BTreeMap<String, String>,
    /// The emotion at every step of both maps, for the charts that show the curve move; empty
    /// until [`Diff::with_curve`] fills it (only the markdown and visual reports use it).
    pub curve: curve::EmotionCurve,
}

impl Diff {
    /// The diff with [`Diff::curve`] filled from the two maps it compared.
    pub fn with_curve(mut self, old: &JourneyMap, new: &JourneyMap) -> Diff {
        self.curve = curve::EmotionCurve::of(old, new);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn stage_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.stage_names.get(id).map_or(id, String::as_str)
    }

    pub fn step_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.step_names.get(id).map_or(id, String::as_str)
    }
}

/// Compares two maps. `old_source` and `new_source` name them in reports.
pub fn diff(old_source: &str, old: &JourneyMap, new_source: &str, new: &JourneyMap) -> Diff {
    let index = compute::Index::new(old, new);
    let changes = compute::changes(old, new, &index);
    let mode = if old.state == State::Current && new.state == State::Future {
        Mode::GapAnalysis
    } else {
        Mode::Revision
    };
    let summary = summary::summarize(old, new, &changes, &index, mode);
    // Names for the headings of the reports: only the stages and steps with changes.
    let stages: std::collections::HashSet<&str> =
        changes.iter().filter_map(|c| c.stage.as_deref()).collect();
    let steps: std::collections::HashSet<&str> =
        changes.iter().filter_map(|c| c.step.as_deref()).collect();
    let mut stage_names = BTreeMap::new();
    let mut step_names = BTreeMap::new();
    for map in [old, new] {
        for stage in &map.stages {
            if stages.contains(stage.id.as_str()) {
                stage_names.insert(stage.id.to_string(), stage.name.clone());
            }
        }
    }
    for id in steps {
        let step = index.new_steps.get(id).or_else(|| index.old_steps.get(id));
        if let Some((_, _, step)) = step {
            step_names.insert(id.to_string(), step.name.clone());
        }
    }
    Diff {
        old: Side::of(old_source, old),
        new: Side::of(new_source, new),
        mode,
        changes,
        summary,
        stage_names,
        step_names,
        curve: curve::EmotionCurve::default(),
    }
}

/// Only the list of changes, in report order.
pub fn changes(old: &JourneyMap, new: &JourneyMap) -> Vec<Change> {
    compute::changes(old, new, &compute::Index::new(old, new))
}
