//! Completeness of the diff: two maps that differ always produce a change. Each case takes a
//! generated valid map (every key and form of the format, tests/generate/), changes one thing
//! in it — a text, a number, a flag, an item of a list or an optional key — and reads both
//! through the real loader and checks. When both are valid and the models differ, `diff`
//! must report at least one change. (A field that the diff forgot to compare is the bug this
//! catches; the compiler catches most since diff/compute.rs names every field.)
//!
//! `JOURNEYMAP_PROPTEST_CASES=5000` runs more cases than the default.

mod generate;

use std::sync::Arc;

use journeymap::diff::changes;
use journeymap::model::{Emotion, JourneyMap, State};
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};
use proptest::prelude::*;
use serde_json::Value;

use generate::{emit, map_spec};

fn cases() -> u32 {
    std::env::var("JOURNEYMAP_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// One step into a JSON value.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item(usize),
}

/// Every place an edit can be made: each scalar (to change it), each item of a list and each
/// key of an object (to remove it).
fn places(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(Step::Key(key.clone()));
                out.push(at.clone());
                places(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(Step::Item(i));
                out.push(at.clone());
                places(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// What one edit did, for the failure message.
#[derive(Debug)]
#[allow(dead_code)] // the values are read through `Debug`, in failure messages
enum Edit {
    Changed(Value, Value),
    Removed(Value),
}

/// Applies one edit at `path`: a scalar there is changed when `remove` is false, anything
/// there is removed when it is true (or when it cannot be changed).
fn edit(value: &mut Value, path: &[Step], remove: bool) -> Edit {
    let (last, parents) = path.split_last().expect("a place has a path");
    let mut parent = value;
    for step in parents {
        parent = match step {
            Step::Key(k) => &mut parent[k.as_str()],
            Step::Item(i) => &mut parent[*i],
        };
    }
    let target = match last {
        Step::Key(k) => &mut parent[k.as_str()],
        Step::Item(i) => &mut parent[*i],
    };
    let changed = match &*target {
        Value::String(s) => Some(Value::String(format!("{s}x"))),
        Value::Bool(b) => Some(Value::Bool(!b)),
        Value::Number(n) => Some(match n.as_i64() {
            Some(i) if i >= 1 => Value::from(i - 1),
            Some(i) => Value::from(i + 1),
            None => Value::from(n.as_f64().unwrap_or(0.0) + 1.0),
        }),
        _ => None,
    };
    match changed {
        Some(new) if !remove => Edit::Changed(std::mem::replace(target, new.clone()), new),
        _ => match (last, parent) {
            (Step::Key(k), Value::Object(map)) => Edit::Removed(map.remove(k).unwrap()),
            (Step::Item(i), Value::Array(items)) => Edit::Removed(items.remove(*i)),
            _ => unreachable!("a path step matches its parent"),
        },
    }
}

/// The map, when it passes `check` (with no baseline file to read).
fn load(value: &Value) -> Option<JourneyMap> {
    let text = emit::emit_json(value);
    let file: Arc<SourceFile> = SourceFile::new("edit.journey.yaml", None, text);
    let checked = validate::check_file(&file, &Options::default(), &Config::default());
    if checked.has_errors() {
        return None;
    }
    checked.map
}

/// `map` with forms that mean the same written one way: an emotion scored per persona with
/// no scores (`emotion: {}`) is no emotion, an empty empathy map or resources none.
fn normalized(map: &JourneyMap) -> JourneyMap {
    let mut map = map.clone();
    for persona in &mut map.personas {
        if persona.empathy == Some(Default::default()) {
            persona.empathy = None;
        }
    }
    for stage in &mut map.stages {
        for step in &mut stage.steps {
            if matches!(&step.emotion, Some(Emotion::PerPersona(scores)) if scores.is_empty()) {
                step.emotion = None;
            }
            if step.resources == Some(Default::default()) {
                step.resources = None;
            }
        }
    }
    map
}

/// A gap analysis (current map against a future one) compares two different maps on purpose
/// and leaves out their ids, states and baseline link (docs/diff.md). `new` with those taken
/// from `old`.
fn without_gap_exempt_fields(old: &JourneyMap, new: &JourneyMap) -> JourneyMap {
    let mut same = new.clone();
    if old.state == State::Current && new.state == State::Future {
        same.id = old.id.clone();
        same.state = old.state;
        same.baseline = old.baseline.clone();
    }
    same
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn two_maps_that_differ_always_produce_a_change(
        spec in map_spec(),
        pick: prop::sample::Index,
        remove in proptest::bool::weighted(0.3),
    ) {
        let before = spec.standalone().to_json();
        let mut all = Vec::new();
        places(&before, &mut Vec::new(), &mut all);
        prop_assume!(!all.is_empty());
        let path = all[pick.index(all.len())].clone();
        let mut after = before.clone();
        let what = edit(&mut after, &path, remove);
        let (Some(old), Some(new)) = (load(&before), load(&after)) else {
            // The edit made the map invalid (a broken reference, an emotion out of range).
            return Ok(());
        };
        // Whether `b` says something `a` does not, once forms that mean the same are written one
        // way and a gap analysis's exempt fields are set aside (an edit the model does not see,
        // such as an empty list removed, or a gap-exempt field).
        let differs = |a: &JourneyMap, b: &JourneyMap| {
            normalized(a) != normalized(&without_gap_exempt_fields(a, b))
        };
        if differs(&old, &new) {
            prop_assert!(
                !changes(&old, &new).is_empty(),
                "no change reported for {what:?} at {path:?}\n--- the map after:\n{}",
                emit::emit_json(&after)
            );
        }
        if differs(&new, &old) {
            prop_assert!(
                !changes(&new, &old).is_empty(),
                "no change reported the other way for {what:?} at {path:?}"
            );
        }
    }
}

/// The edits reach the whole model: in a few hundred cases, some valid edit of every
/// element kind the diff knows is made. Guards the property against a generator or editor
/// that quietly stops exercising part of the format.
#[test]
fn edits_reach_every_kind_of_element() {
    use proptest::strategy::{Strategy, ValueTree};
    use std::collections::BTreeSet;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = BTreeSet::new();
    for round in 0..400 {
        let spec = map_spec().new_tree(&mut runner).unwrap().current();
        let before = spec.standalone().to_json();
        let mut all = Vec::new();
        places(&before, &mut Vec::new(), &mut all);
        if all.is_empty() {
            continue;
        }
        let path = all[(round * 7919) % all.len()].clone();
        let mut after = before.clone();
        edit(&mut after, &path, round % 3 == 0);
        let (Some(old), Some(new)) = (load(&before), load(&after)) else {
            continue;
        };
        for change in changes(&old, &new) {
            seen.insert(change.element.word());
        }
    }
    for element in [
        "map",
        "persona",
        "channel",
        "stage",
        "step",
        "touchpoint",
        "pain point",
        "opportunity",
        "metric",
    ] {
        assert!(
            seen.contains(element),
            "no edit changed a {element}: {seen:?}"
        );
    }
}
