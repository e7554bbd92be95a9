//! The summary of a diff: what a reader wants before the list of changes.

use std::collections::{HashMap, HashSet};

use serde::{Serialize, Serializer};

use super::compute::{Index, Slot, slots};
use super::{Change, ChangeKind, Element, Field, Mode, Snapshot, Value};
use crate::model::facts::{mood, stage_mood};
use crate::model::{JourneyMap, Severity, Stage, Step};

/// How many biggest emotion changes the summary lists.
pub const BIGGEST: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The number of changes, and of each kind.
    pub changes: usize,
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub moved: usize,
    pub modified: usize,
    /// Pain points only in the old map (for a gap analysis: what the future state resolves).
    pub pain_points_resolved: Vec<PainPointRef>,
    /// Pain points only in the new map.
    pub pain_points_introduced: Vec<PainPointRef>,
    pub severity_changes: Vec<SeverityChange>,
    /// In a gap analysis, the pain points on both sides (what the future state leaves open),
    /// in the new map's order; empty in a revision.
    pub pain_points_open: Vec<PainPointRef>,
    pub steps_added: Vec<StepRef>,
    pub steps_removed: Vec<StepRef>,
    /// The average emotion of the whole journey (the mean of the steps' mean scores).
    pub journey: Mood,
    /// The average emotion of each stage, in the new map's order (removed stages where they
    /// were).
    pub stages: Vec<StageMood>,
    /// The steps whose mean emotion changed most, largest first.
    pub biggest_emotion_changes: Vec<MoodChange>,
}

/// A pain point, and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainPointRef {
    pub id: Option<String>,
    pub text: String,
    pub severity: Option<Severity>,
    pub stage: String,
    pub step: String,
    pub step_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeverityChange {
    pub id: Option<String>,
    pub text: String,
    pub stage: String,
    pub step: String,
    pub step_name: String,
    pub before: Option<Severity>,
    pub after: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepRef {
    pub id: String,
    pub name: String,
    pub stage: String,
    pub stage_name: String,
    /// The step's mean emotion, when it has one.
    #[serde(serialize_with = "opt_number")]
    pub emotion: Option<f64>,
}

/// An average emotion before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mood {
    #[serde(serialize_with = "opt_number")]
    pub before: Option<f64>,
    #[serde(serialize_with = "opt_number")]
    pub after: Option<f64>,
    #[serde(serialize_with = "opt_number")]
    pub delta: Option<f64>,
}

impl Mood {
    /// The delta is taken between the rounded figures the reports print, so that what a
    /// reader sees adds up (`-0.42 → 1.12 (+1.54)`, not `(+1.53)`).
    fn new(before: Option<f64>, after: Option<f64>) -> Mood {
        let before = before.map(super::round2);
        let after = after.map(super::round2);
        let delta = match (before, after) {
            (Some(b), Some(a)) => Some(a - b),
            _ => None,
        };
        Mood {
            before: before.map(super::round2),
            after: after.map(super::round2),
            delta: delta.map(super::round2),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageMood {
    pub id: String,
    pub name: String,
    /// `added`, `removed`, or `kept`.
    pub status: &'static str,
    #[serde(flatten)]
    pub mood: Mood,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoodChange {
    pub stage: String,
    pub stage_name: String,
    pub step: String,
    pub name: String,
    #[serde(flatten)]
    pub mood: Mood,
}

fn opt_number<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        None => s.serialize_none(),
        Some(v) => super::number(*v).serialize(s),
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

pub fn summarize(
    old: &JourneyMap,
    new: &JourneyMap,
    changes: &[Change],
    index: &Index<'_>,
    mode: Mode,
) -> Summary {
    let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let stage_names: HashMap<&str, &str> = old
        .stages
        .iter()
        .chain(&new.stages)
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    // Where a removed element was, by its old name; anything else by its new one.
    let step_name = |c: &Change| {
        let id = c.step.as_deref().unwrap_or_default();
        let (first, second) = if c.kind == ChangeKind::Removed {
            (&index.old_steps, &index.new_steps)
        } else {
            (&index.new_steps, &index.old_steps)
        };
        first
            .get(id)
            .or_else(|| second.get(id))
            .map(|(_, _, s)| s.name.clone())
            .unwrap_or_default()
    };
    let pain_ref = |c: &Change, value: Option<&Value>| PainPointRef {
        id: match value.and_then(Value::element) {
            Some(Snapshot::PainPoint(p)) => p.id().map(|id| id.to_string()),
            _ => None,
        },
        text: c.name.clone().unwrap_or_default(),
        severity: value.and_then(Value::severity),
        stage: c.stage.clone().unwrap_or_default(),
        step: c.step.clone().unwrap_or_default(),
        step_name: step_name(c),
    };
    let mut resolved = Vec::new();
    let mut introduced = Vec::new();
    let mut severity_changes = Vec::new();
    let mut steps_added = Vec::new();
    let mut steps_removed = Vec::new();
    let old_steps: HashMap<&str, &Step> = old.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();
    let new_steps: HashMap<&str, &Step> = new.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();
    for c in changes {
        match (c.element, c.kind) {
            (Element::PainPoint, ChangeKind::Removed) => {
                resolved.push(pain_ref(c, c.before.as_ref()))
            }
            (Element::PainPoint, ChangeKind::Added) => {
                introduced.push(pain_ref(c, c.after.as_ref()));
            }
            (Element::PainPoint, ChangeKind::Modified) if c.field == Some(Field::Severity) => {
                let id = c.id.clone().filter(|id| Some(id) != c.name.as_ref());
                severity_changes.push(SeverityChange {
                    id,
                    text: c.name.clone().unwrap_or_default(),
                    stage: c.stage.clone().unwrap_or_default(),
                    step: c.step.clone().unwrap_or_default(),
                    step_name: step_name(c),
                    before: c.before.as_ref().and_then(Value::severity),
                    after: c.after.as_ref().and_then(Value::severity),
                });
            }
            (Element::Step, ChangeKind::Added | ChangeKind::Removed) => {
                let id = c.id.clone().unwrap_or_default();
                let stage = c.stage.clone().unwrap_or_default();
                let steps = if c.kind == ChangeKind::Added {
                    &new_steps
                } else {
                    &old_steps
                };
                let step = StepRef {
                    emotion: steps
                        .get(id.as_str())
                        .and_then(|s| mood(s))
                        .map(super::round2),
                    name: c.name.clone().unwrap_or_default(),
                    stage_name: stage_names
                        .get(stage.as_str())
                        .copied()
                        .unwrap_or_default()
                        .to_string(),
                    stage,
                    id,
                };
                if c.kind == ChangeKind::Added {
                    steps_added.push(step);
                } else {
                    steps_removed.push(step);
                }
            }
            _ => {}
        }
    }

    // Only a gap analysis lists what stays open; in a revision it is simply the unchanged map.
    let pain_points_open = if mode == Mode::GapAnalysis {
        open_pain_points(new, index)
    } else {
        Vec::new()
    };

    let journey = Mood::new(
        mean(old.steps().filter_map(|(_, _, s)| mood(s))),
        mean(new.steps().filter_map(|(_, _, s)| mood(s))),
    );

    let old_ids: Vec<&str> = old.stages.iter().map(|s| s.id.as_str()).collect();
    let new_ids: Vec<&str> = new.stages.iter().map(|s| s.id.as_str()).collect();
    let new_set: HashSet<&str> = new_ids.iter().copied().collect();
    let old_by_id: HashMap<&str, &Stage> = old.stages.iter().map(|s| (s.id.as_str(), s)).collect();
    let stages = slots(&old_ids, &new_ids, |id| !new_set.contains(id))
        .into_iter()
        .map(|slot| match slot {
            Slot::New(i) => {
                let s = &new.stages[i];
                let before = old_by_id.get(s.id.as_str());
                StageMood {
                    id: s.id.to_string(),
                    name: s.name.clone(),
                    status: if before.is_some() { "kept" } else { "added" },
                    mood: Mood::new(before.and_then(|o| stage_mood(o)), stage_mood(s)),
                }
            }
            Slot::Old(i) => {
                let s = &old.stages[i];
                StageMood {
                    id: s.id.to_string(),
                    name: s.name.clone(),
                    status: "removed",
                    mood: Mood::new(stage_mood(s), None),
                }
            }
        })
        .collect();

    let mut biggest: Vec<(usize, MoodChange)> = new
        .steps()
        .enumerate()
        .filter_map(|(order, (_, stage, step))| {
            let before = mood(index.old_steps.get(step.id.as_str())?.2)?;
            let after = mood(step)?;
            let mood = Mood::new(Some(before), Some(after));
            (mood.delta? != 0.0).then(|| {
                (
                    order,
                    MoodChange {
                        stage: stage.id.to_string(),
                        stage_name: stage.name.clone(),
                        step: step.id.to_string(),
                        name: step.name.clone(),
                        mood,
                    },
                )
            })
        })
        .collect();
    biggest.sort_by(|(oa, a), (ob, b)| {
        let (da, db) = (
            a.mood.delta.unwrap_or(0.0).abs(),
            b.mood.delta.unwrap_or(0.0).abs(),
        );
        db.total_cmp(&da).then(oa.cmp(ob))
    });
    biggest.truncate(BIGGEST);

    Summary {
        changes: changes.len(),
        added: count(ChangeKind::Added),
        removed: count(ChangeKind::Removed),
        renamed: count(ChangeKind::Renamed),
        moved: count(ChangeKind::Moved),
        modified: count(ChangeKind::Modified),
        pain_points_resolved: resolved,
        pain_points_introduced: introduced,
        severity_changes,
        pain_points_open,
        steps_added,
        steps_removed,
        journey,
        stages,
        biggest_emotion_changes: biggest.into_iter().map(|(_, m)| m).collect(),
    }
}

/// Pain points of the new map that match one of the old map (by id anywhere, or by text in
/// the same step), as the diff matches them.
fn open_pain_points(new: &JourneyMap, index: &Index<'_>) -> Vec<PainPointRef> {
    let mut out = Vec::new();
    for (_, stage, step) in new.steps() {
        // Old pain points of the same step that are left for matching by text.
        let mut pool: Vec<&str> = index
            .old_steps
            .get(step.id.as_str())
            .map(|(_, _, s)| {
                s.pain_points
                    .iter()
                    .filter(|p| {
                        p.id()
                            .is_none_or(|id| !index.new_pain.contains_key(id.as_str()))
                    })
                    .map(|p| p.text())
                    .collect()
            })
            .unwrap_or_default();
        for p in &step.pain_points {
            let by_id = p
                .id()
                .is_some_and(|id| index.old_pain.contains_key(id.as_str()));
            let by_text = !by_id && {
                match pool.iter().position(|t| *t == p.text()) {
                    Some(i) => {
                        pool.remove(i);
                        true
                    }
                    None => false,
                }
            };
            if by_id || by_text {
                out.push(PainPointRef {
                    id: p.id().map(|id| id.to_string()),
                    text: p.text().to_string(),
                    severity: p.severity(),
                    stage: stage.id.to_string(),
                    step: step.id.to_string(),
                    step_name: step.name.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (rounded_diff_figures_add_up): `-0.42 → 1.12 (+1.53)` was printed for
    /// -0.4166 → 1.1166, whose rounded figures differ by 1.54.
    #[test]
    fn rounded_diff_figures_add_up() {
        let mood = Mood::new(Some(-0.4166), Some(1.1166));
        assert_eq!(mood.before, Some(-0.42));
        assert_eq!(mood.after, Some(1.12));
        assert_eq!(mood.delta, Some(super::super::round2(1.12 - -0.42)));
        assert_eq!(crate::format_number(mood.delta.unwrap()), "1.54");
    }
}
