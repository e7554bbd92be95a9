//! Properties of the diff, on random maps written as YAML and read through the real loader:
//! a map does not differ from itself, however its keys are ordered; and every change from a
//! to b has its mirror from b to a.

use std::sync::Arc;

use journeymap::diff::{Change, changes};
use journeymap::model::JourneyMap;
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Map, Value, json};

const PERSONAS: [&str; 3] = ["ana", "ben", "cy"];
const STAGES: [&str; 4] = ["find", "buy", "use", "help"];
const STEPS: [&str; 8] = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"];
const PAINS: [&str; 4] = ["p1", "p2", "p3", "p4"];
const NAMES: [&str; 4] = ["Looks around", "Pays", "Calls \"support\"", "Waits: again"];
const TEXTS: [&str; 3] = ["Too slow", "Hidden fee", "Form resets"];
const SEVERITIES: [&str; 3] = ["low", "medium", "high"];

/// A step as random choices; turned into JSON once the map's personas and pain point ids are
/// known.
#[derive(Debug, Clone)]
struct StepSpec {
    name: usize,
    emotion: Option<(bool, i8, Vec<i8>)>,
    touchpoints: Vec<usize>,
    pains: Vec<(bool, usize, usize)>,
    opportunities: Vec<(usize, Option<usize>)>,
    thoughts: Vec<usize>,
    lanes: Vec<usize>,
    personas: Vec<bool>,
    metric: Option<(usize, i32)>,
}

#[derive(Debug, Clone)]
struct MapSpec {
    title: usize,
    tags: Vec<usize>,
    personas: Vec<(bool, usize)>,
    stage_order: Vec<usize>,
    stage_names: Vec<usize>,
    /// The stage of each step in `STEPS`, or none (not in the map).
    step_stage: Vec<Option<usize>>,
    step_order: Vec<usize>,
    steps: Vec<StepSpec>,
}

fn step_spec() -> impl Strategy<Value = StepSpec> {
    (
        0..NAMES.len(),
        proptest::option::of((
            any::<bool>(),
            -2i8..=2,
            proptest::collection::vec(-2i8..=2, 3),
        )),
        proptest::collection::vec(0usize..4, 0..3),
        proptest::collection::vec((any::<bool>(), 0..TEXTS.len(), 0..SEVERITIES.len()), 0..3),
        proptest::collection::vec((0..TEXTS.len(), proptest::option::of(0usize..3)), 0..2),
        proptest::collection::vec(0..TEXTS.len(), 0..3),
        proptest::collection::vec(0..TEXTS.len(), 0..2),
        proptest::collection::vec(any::<bool>(), 3),
        proptest::option::of((0usize..2, 0i32..100)),
    )
        .prop_map(
            |(
                name,
                emotion,
                touchpoints,
                pains,
                opportunities,
                thoughts,
                lanes,
                personas,
                metric,
            )| {
                StepSpec {
                    name,
                    emotion,
                    touchpoints,
                    pains,
                    opportunities,
                    thoughts,
                    lanes,
                    personas,
                    metric,
                }
            },
        )
}

fn map_spec() -> impl Strategy<Value = MapSpec> {
    (
        0..NAMES.len(),
        proptest::collection::vec(0..TEXTS.len(), 0..3),
        proptest::collection::vec((any::<bool>(), 0..NAMES.len()), 3),
        Just((0..STAGES.len()).collect::<Vec<_>>()).prop_shuffle(),
        proptest::collection::vec(0..NAMES.len(), STAGES.len()),
        proptest::collection::vec(proptest::option::of(0..STAGES.len()), STEPS.len()),
        Just((0..STEPS.len()).collect::<Vec<_>>()).prop_shuffle(),
        proptest::collection::vec(step_spec(), STEPS.len()),
    )
        .prop_map(
            |(title, tags, personas, stage_order, stage_names, step_stage, step_order, steps)| {
                MapSpec {
                    title,
                    tags,
                    personas,
                    stage_order,
                    stage_names,
                    step_stage,
                    step_order,
                    steps,
                }
            },
        )
}

/// The map as JSON (a valid map: references resolve, ids are unique).
fn to_json(spec: &MapSpec) -> Value {
    let personas: Vec<&str> = PERSONAS
        .iter()
        .zip(&spec.personas)
        .filter(|(_, (on, _))| *on)
        .map(|(id, _)| *id)
        .collect();
    let mut pain_ids = PAINS.iter();
    let mut stages = Vec::new();
    for &si in &spec.stage_order {
        let mut steps = Vec::new();
        for &k in &spec.step_order {
            if spec.step_stage[k] != Some(si) {
                continue;
            }
            let s = &spec.steps[k];
            let mut step = Map::new();
            step.insert("id".into(), json!(STEPS[k]));
            step.insert("name".into(), json!(NAMES[s.name]));
            let who: Vec<&str> = personas
                .iter()
                .zip(&s.personas)
                .filter(|(_, on)| **on)
                .map(|(p, _)| *p)
                .collect();
            if !who.is_empty() && who.len() < personas.len() {
                step.insert("personas".into(), json!(who));
            }
            let tps: Vec<Value> = s
                .touchpoints
                .iter()
                .map(|t| match t {
                    0 => json!("web"),
                    1 => json!({"channel": "app", "name": "Home"}),
                    2 => json!({"channel": "app", "name": "Cart"}),
                    _ => json!({"channel": "phone"}),
                })
                .collect();
            if !tps.is_empty() {
                step.insert("touchpoints".into(), json!(tps));
            }
            if !s.thoughts.is_empty() {
                let t: Vec<&str> = s.thoughts.iter().map(|&i| TEXTS[i]).collect();
                step.insert("thoughts".into(), json!(t));
            }
            if let Some((shared, score, per)) = &s.emotion {
                if *shared || personas.is_empty() {
                    step.insert("emotion".into(), json!(score));
                } else {
                    let m: Map<String, Value> = personas
                        .iter()
                        .zip(per)
                        .map(|(p, v)| (p.to_string(), json!(v)))
                        .collect();
                    step.insert("emotion".into(), Value::Object(m));
                }
            }
            let mut ids = Vec::new();
            let pains: Vec<Value> = s
                .pains
                .iter()
                .map(
                    |&(with_id, text, sev)| match pain_ids.next().filter(|_| with_id) {
                        Some(id) => {
                            ids.push(*id);
                            json!({"id": id, "text": TEXTS[text], "severity": SEVERITIES[sev]})
                        }
                        None => json!(TEXTS[text]),
                    },
                )
                .collect();
            if !pains.is_empty() {
                step.insert("pain_points".into(), json!(pains));
            }
            let opps: Vec<Value> = s
                .opportunities
                .iter()
                .map(
                    |&(text, addr)| match addr.and_then(|a| ids.get(a % ids.len().max(1))) {
                        Some(id) => {
                            json!({"text": TEXTS[text], "addresses": [id], "owner": "Team"})
                        }
                        None => json!(TEXTS[text]),
                    },
                )
                .collect();
            if !opps.is_empty() {
                step.insert("opportunities".into(), json!(opps));
            }
            if !s.lanes.is_empty() {
                let l: Vec<&str> = s.lanes.iter().map(|&i| TEXTS[i]).collect();
                step.insert("backstage".into(), json!(l));
            }
            if let Some((name, value)) = s.metric {
                let name = ["Wait", "Cost"][name];
                step.insert(
                    "metrics".into(),
                    json!([{"name": name, "value": value, "target": "5%"}]),
                );
            }
            steps.push(Value::Object(step));
        }
        if steps.is_empty() {
            continue;
        }
        stages.push(json!({
            "id": STAGES[si],
            "name": NAMES[spec.stage_names[si]],
            "steps": steps,
        }));
    }
    if stages.is_empty() {
        stages
            .push(json!({"id": "only", "name": "Only", "steps": [{"id": "only", "name": "Only"}]}));
    }
    let mut map = json!({
        "journeymap": 1,
        "id": "prop",
        "title": NAMES[spec.title],
        "stages": stages,
    });
    if !spec.tags.is_empty() {
        let t: Vec<&str> = spec.tags.iter().map(|&i| TEXTS[i]).collect();
        map["tags"] = json!(t);
    }
    if !personas.is_empty() {
        let p: Vec<Value> = PERSONAS
            .iter()
            .zip(&spec.personas)
            .filter(|(_, (on, _))| *on)
            .map(|(id, (_, name))| json!({"id": id, "name": NAMES[*name]}))
            .collect();
        map["personas"] = json!(p);
    }
    map
}

/// A tiny deterministic shuffler, so that a seed decides every mapping's key order.
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn order(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
        v
    }
}

fn scalar(v: &Value) -> String {
    match v {
        // A JSON string is a YAML double-quoted scalar.
        Value::String(s) => serde_json::to_string(s).unwrap(),
        other => other.to_string(),
    }
}

/// Block-style YAML with every mapping's keys in the order `shuffle` picks.
fn emit(v: &Value, indent: usize, shuffle: &mut Shuffle, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            let entries: Vec<(&String, &Value)> = m.iter().collect();
            for i in shuffle.order(entries.len()) {
                let (k, v) = entries[i];
                match v {
                    Value::Object(_) | Value::Array(_) if is_empty(v) => {
                        out.push_str(&format!(
                            "{pad}{k}: {}\n",
                            if v.is_array() { "[]" } else { "{}" }
                        ));
                    }
                    Value::Object(_) | Value::Array(_) => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        emit(v, indent + 2, shuffle, out);
                    }
                    _ => out.push_str(&format!("{pad}{k}: {}\n", scalar(v))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        out.push_str(&format!("{pad}-\n"));
                        emit(item, indent + 2, shuffle, out);
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", scalar(item))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn yaml(json: &Value, seed: u64) -> String {
    let mut out = String::from("# generated\n");
    emit(json, 0, &mut Shuffle(seed), &mut out);
    out
}

/// Reads YAML text through the loader and every check, as `journeymap diff` does.
fn load(text: String) -> JourneyMap {
    let file: Arc<SourceFile> = SourceFile::new("prop.journey.yaml", None, text.clone());
    let checked = validate::check_file(&file, &Options::default(), &Config::default());
    assert!(
        !checked.has_errors(),
        "generated map is invalid: {:?}\n{text}",
        checked
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    checked.map.expect("a valid map")
}

/// A change without what depends on the side it is seen from: the display name, the stage it
/// is listed under, and for a pain point that moved, the step it is listed under (a moved
/// change's `before` and `after` name both steps; pain point ids are unique in a map).
fn key(c: &Change) -> String {
    use journeymap::diff::{ChangeKind, Element};
    let moved = c.kind == ChangeKind::Moved
        || (c.element == Element::PainPoint && c.kind == ChangeKind::Modified);
    serde_json::to_string(&json!({
        "kind": c.kind,
        "element": c.element,
        "id": c.id,
        "step": if moved { None } else { c.step.clone() },
        "field": c.field,
        "persona": c.persona,
        "before": c.before,
        "after": c.after,
        "delta": c.delta,
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_map_does_not_differ_from_itself_in_any_key_order(spec in map_spec(), s1: u64, s2: u64) {
        let json = to_json(&spec);
        let a = load(yaml(&json, s1));
        let b = load(yaml(&json, s2));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(changes(&a, &a), vec![]);
        prop_assert_eq!(changes(&a, &b), vec![]);
        prop_assert_eq!(
            journeymap::diff::textconv::render(&a),
            journeymap::diff::textconv::render(&b)
        );
    }

    #[test]
    fn every_change_has_its_mirror(a in map_spec(), b in map_spec(), s1: u64, s2: u64) {
        let a = load(yaml(&to_json(&a), s1));
        let b = load(yaml(&to_json(&b), s2));
        let forward = changes(&a, &b);
        let backward = changes(&b, &a);
        let mut mirrored: Vec<String> = forward.iter().map(|c| key(&c.mirror())).collect();
        let mut back: Vec<String> = backward.iter().map(key).collect();
        mirrored.sort();
        back.sort();
        prop_assert_eq!(mirrored, back);
    }

    #[test]
    fn reordering_keys_changes_nothing_between_two_maps(a in map_spec(), b in map_spec(), s1: u64, s2: u64, s3: u64) {
        let (ja, jb) = (to_json(&a), to_json(&b));
        let one = changes(&load(yaml(&ja, s1)), &load(yaml(&jb, s2)));
        let two = changes(&load(yaml(&ja, s3)), &load(yaml(&jb, s1 ^ s3)));
        prop_assert_eq!(one, two);
    }
}

#[test]
fn the_generator_makes_varied_maps() {
    // Guard against a generator that only ever produces trivial maps.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let a = map_spec().new_tree(&mut runner).unwrap().current();
        let b = map_spec().new_tree(&mut runner).unwrap().current();
        let a = load(yaml(&to_json(&a), 1));
        let b = load(yaml(&to_json(&b), 2));
        for c in changes(&a, &b) {
            kinds.insert(format!("{:?}/{:?}", c.kind, c.element));
        }
    }
    for expected in [
        "Added/Step",
        "Removed/Step",
        "Moved/Step",
        "Renamed/Step",
        "Modified/Step",
        "Added/PainPoint",
        "Moved/PainPoint",
        "Added/Touchpoint",
        "Modified/PainPoint",
        "Moved/Stage",
        "Renamed/Stage",
    ] {
        assert!(kinds.contains(expected), "no {expected} in {kinds:?}");
    }
}
