//! Matching two maps element by element and listing what changed.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::value::{Place, Snapshot, Value};
use super::{Change, ChangeKind, Element, Field};
use crate::model::{
    Channel, DetailedOpportunity, DetailedPainPoint, DetailedTouchpoint, Emotion, Empathy, Id,
    JourneyMap, Metric, Opportunity, PainPoint, Persona, Resources, Review, Severity, Stage, State,
    Step, Ticket, Touchpoint,
};

/// Where a change is, and what it is about.
#[derive(Debug, Clone)]
struct Loc {
    element: Element,
    id: Option<String>,
    name: Option<String>,
    stage: Option<String>,
    step: Option<String>,
}

impl Loc {
    fn new(element: Element) -> Loc {
        Loc {
            element,
            id: None,
            name: None,
            stage: None,
            step: None,
        }
    }

    fn id(mut self, id: impl Into<String>) -> Loc {
        self.id = Some(id.into());
        self
    }

    fn name(mut self, name: impl Into<String>) -> Loc {
        self.name = Some(name.into());
        self
    }

    fn stage(mut self, stage: &str) -> Loc {
        self.stage = Some(stage.to_string());
        self
    }

    fn step(mut self, step: &str) -> Loc {
        self.step = Some(step.to_string());
        self
    }

    fn child(&self, element: Element) -> Loc {
        Loc {
            element,
            id: None,
            name: None,
            stage: self.stage.clone(),
            step: self.step.clone(),
        }
    }
}

/// A word of the format's vocabulary as it is written (`future`, `service-blueprint`,
/// `quarterly`, `#1f6feb`, `08:30`): the value's serde spelling.
fn code<T: Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Value::Code(s),
        Ok(other) => Value::Code(other.to_string()),
        Err(_) => Value::Code(String::new()),
    }
}

/// An element, whole, for an added or removed change.
fn whole(element: Snapshot) -> Value {
    Value::Element(Box::new(element))
}

/// Ids as a list value.
fn ids(list: &[Id]) -> Value {
    Value::List(list.iter().map(|id| id.to_string()).collect())
}

/// A stage without its steps (they are changes of their own).
fn stage_alone(stage: &Stage) -> Snapshot {
    Snapshot::Stage(Stage {
        id: stage.id.clone(),
        name: stage.name.clone(),
        description: stage.description.clone(),
        goal: stage.goal.clone(),
        time: stage.time.clone(),
        metrics: stage.metrics.clone(),
        steps: Vec::new(),
    })
}

/// The map's persona ids, for reading a shared emotion score per persona.
fn persona_ids(map: &JourneyMap) -> Vec<&str> {
    map.personas.iter().map(|p| p.id.as_str()).collect()
}

#[derive(Default)]
struct Cx {
    out: Vec<Change>,
}

impl Cx {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        loc: &Loc,
        kind: ChangeKind,
        field: Option<Field>,
        persona: Option<&str>,
        before: Option<Value>,
        after: Option<Value>,
        delta: Option<f64>,
    ) {
        self.out.push(Change {
            kind,
            element: loc.element,
            id: loc.id.clone(),
            name: loc.name.clone(),
            stage: loc.stage.clone(),
            step: loc.step.clone(),
            field,
            persona: persona.map(str::to_string),
            before,
            after,
            delta,
        });
    }

    fn added(&mut self, loc: &Loc, value: Value) {
        self.push(loc, ChangeKind::Added, None, None, None, Some(value), None);
    }

    fn removed(&mut self, loc: &Loc, value: Value) {
        self.push(
            loc,
            ChangeKind::Removed,
            None,
            None,
            Some(value),
            None,
            None,
        );
    }

    fn renamed(&mut self, loc: &Loc, before: Option<&str>, after: Option<&str>) {
        if before != after {
            self.push(
                loc,
                ChangeKind::Renamed,
                Some(Field::Name),
                None,
                before.map(|t| Value::Text(t.to_string())),
                after.map(|t| Value::Text(t.to_string())),
                None,
            );
        }
    }

    /// The name and description of an element that has both.
    fn name_and_description(
        &mut self,
        loc: &Loc,
        old_name: &str,
        old_description: &Option<String>,
        name: &str,
        description: &Option<String>,
    ) {
        self.renamed(loc, Some(old_name), Some(name));
        self.text(
            loc,
            Field::Description,
            old_description.as_deref(),
            description.as_deref(),
        );
    }

    fn value(&mut self, loc: &Loc, field: Field, before: Option<Value>, after: Option<Value>) {
        if before != after {
            self.push(
                loc,
                ChangeKind::Modified,
                Some(field),
                None,
                before,
                after,
                None,
            );
        }
    }

    fn text(&mut self, loc: &Loc, field: Field, before: Option<&str>, after: Option<&str>) {
        if before != after {
            // A field of codes (an id, a date) holds a code; any other, map text.
            let make = |t: &str| {
                if field.is_code() {
                    Value::Code(t.to_string())
                } else {
                    Value::Text(t.to_string())
                }
            };
            self.value(loc, field, before.map(make), after.map(make));
        }
    }

    fn list(&mut self, loc: &Loc, field: Field, before: &[String], after: &[String]) {
        if before != after {
            self.value(
                loc,
                field,
                Some(Value::List(before.to_vec())),
                Some(Value::List(after.to_vec())),
            );
        }
    }

    fn map_fields(&mut self, old: &JourneyMap, new: &JourneyMap) {
        // Every field named (no `..`): a new one does not compile until it is compared.
        // Personas, channels and stages are compared element by element elsewhere.
        let JourneyMap {
            journeymap: _,
            id,
            title,
            description,
            state,
            kind,
            baseline,
            parent,
            libraries,
            owner,
            stakeholders,
            tags,
            language,
            review,
            personas: _,
            channels: _,
            stages: _,
        } = new;
        let loc = Loc::new(Element::Map);
        // A gap analysis compares two different maps on purpose: their ids, states and the
        // baseline link are expected to differ and are not changes worth listing.
        let gap = old.state == State::Current && *state == State::Future;
        if !gap {
            self.text(&loc, Field::Id, Some(old.id.as_str()), Some(id.as_str()));
        }
        self.text(&loc, Field::Title, Some(&old.title), Some(title));
        self.text(
            &loc,
            Field::Description,
            old.description.as_deref(),
            description.as_deref(),
        );
        if old.state != *state && !gap {
            self.value(
                &loc,
                Field::State,
                Some(code(&old.state)),
                Some(code(state)),
            );
        }
        if old.kind != *kind {
            self.value(&loc, Field::Kind, Some(code(&old.kind)), Some(code(kind)));
        }
        if !gap {
            self.text(
                &loc,
                Field::Baseline,
                old.baseline.as_deref(),
                baseline.as_deref(),
            );
        }
        self.text(
            &loc,
            Field::Parent,
            old.parent.as_deref(),
            parent.as_deref(),
        );
        self.list(&loc, Field::Libraries, &old.libraries, libraries);
        self.text(&loc, Field::Owner, old.owner.as_deref(), owner.as_deref());
        self.list(&loc, Field::Stakeholders, &old.stakeholders, stakeholders);
        self.list(&loc, Field::Tags, &old.tags, tags);
        self.text(
            &loc,
            Field::Language,
            old.language.as_deref(),
            language.as_deref(),
        );
        let parts = |review: Option<&Review>| match review {
            None => (None, None),
            Some(Review { last, every }) => (Some(last.to_string()), every.map(|e| code(&e))),
        };
        let (old_last, old_every) = parts(old.review.as_ref());
        let (last, every) = parts(review.as_ref());
        self.text(
            &loc,
            Field::ReviewLast,
            old_last.as_deref(),
            last.as_deref(),
        );
        self.value(&loc, Field::ReviewEvery, old_every, every);
    }

    fn personas(&mut self, old: &JourneyMap, new: &JourneyMap) {
        let old_ids: Vec<&str> = persona_ids(old);
        let new_ids: Vec<&str> = persona_ids(new);
        let old_by_id: HashMap<&str, &Persona> =
            old.personas.iter().map(|p| (p.id.as_str(), p)).collect();
        let new_set: HashSet<&str> = new_ids.iter().copied().collect();
        for slot in slots(&old_ids, &new_ids, |id| !new_set.contains(id)) {
            match slot {
                Slot::New(i) => {
                    let p = &new.personas[i];
                    let loc = Loc::new(Element::Persona).id(p.id.as_str()).name(&p.name);
                    match old_by_id.get(p.id.as_str()) {
                        Some(o) => self.persona_fields(&loc, o, p),
                        None => self.added(&loc, whole(Snapshot::Persona(p.clone()))),
                    }
                }
                Slot::Old(i) => {
                    let p = &old.personas[i];
                    let loc = Loc::new(Element::Persona).id(p.id.as_str()).name(&p.name);
                    self.removed(&loc, whole(Snapshot::Persona(p.clone())));
                }
            }
        }
    }

    fn persona_fields(&mut self, loc: &Loc, old: &Persona, new: &Persona) {
        // Every field named (no `..`): a new one does not compile until it is compared.
        let Persona {
            id: _,
            name,
            description,
            quote,
            goals,
            frustrations,
            needs,
            empathy,
            // Where a definition comes from is not a change to the persona: its fields are.
            shared: _,
        } = new;
        self.name_and_description(loc, old.name.as_str(), &old.description, name, description);
        self.text(loc, Field::Quote, old.quote.as_deref(), quote.as_deref());
        self.list(loc, Field::Goals, &old.goals, goals);
        self.list(loc, Field::Frustrations, &old.frustrations, frustrations);
        self.list(loc, Field::Needs, &old.needs, needs);
        let Empathy {
            says: old_says,
            thinks: old_thinks,
            does: old_does,
            feels: old_feels,
        } = old.empathy.clone().unwrap_or_default();
        let Empathy {
            says,
            thinks,
            does,
            feels,
        } = empathy.clone().unwrap_or_default();
        self.list(loc, Field::EmpathySays, &old_says, &says);
        self.list(loc, Field::EmpathyThinks, &old_thinks, &thinks);
        self.list(loc, Field::EmpathyDoes, &old_does, &does);
        self.list(loc, Field::EmpathyFeels, &old_feels, &feels);
    }

    fn channels(&mut self, old: &JourneyMap, new: &JourneyMap) {
        let old_ids: Vec<&str> = old.channels.iter().map(|c| c.id.as_str()).collect();
        let new_ids: Vec<&str> = new.channels.iter().map(|c| c.id.as_str()).collect();
        let new_set: HashSet<&str> = new_ids.iter().copied().collect();
        let old_by_id: HashMap<&str, usize> =
            old_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        for slot in slots(&old_ids, &new_ids, |id| !new_set.contains(id)) {
            match slot {
                Slot::New(i) => {
                    let c = &new.channels[i];
                    let loc = Loc::new(Element::Channel).id(c.id.as_str()).name(&c.name);
                    match old_by_id.get(c.id.as_str()) {
                        Some(&oi) => self.channel_fields(&loc, &old.channels[oi], c),
                        None => self.added(&loc, whole(Snapshot::Channel(c.clone()))),
                    }
                }
                Slot::Old(i) => {
                    let c = &old.channels[i];
                    let loc = Loc::new(Element::Channel).id(c.id.as_str()).name(&c.name);
                    self.removed(&loc, whole(Snapshot::Channel(c.clone())));
                }
            }
        }
    }

    fn channel_fields(&mut self, loc: &Loc, old: &Channel, new: &Channel) {
        // Every field named (no `..`): a new one does not compile until it is compared.
        let Channel {
            id: _,
            name,
            description,
            color,
            shared: _,
        } = new;
        self.name_and_description(loc, old.name.as_str(), &old.description, name, description);
        self.value(
            loc,
            Field::Color,
            old.color.as_ref().map(code),
            color.as_ref().map(code),
        );
    }

    fn metrics(&mut self, owner: &Loc, old: &[Metric], new: &[Metric]) {
        let key = |m: &Metric| m.name.clone();
        let pairs = pair_by_key(old, new, key, key);
        for item in pairs {
            match item {
                Paired::Both(o, n) => {
                    let loc = owner
                        .child(Element::Metric)
                        .id(&new[n].name)
                        .name(&new[n].name);
                    let (o, n) = (&old[o], &new[n]);
                    // Every field named (no `..`): a new one does not compile until it is
                    // compared. `name` is the key the metrics were matched by.
                    let Metric {
                        name: _,
                        value,
                        target,
                        source,
                        better,
                    } = n;
                    for (field, before, after) in [
                        (Field::Value, o.value.as_ref(), value.as_ref()),
                        (Field::Target, o.target.as_ref(), target.as_ref()),
                    ] {
                        if before != after {
                            let delta = match (before, after) {
                                (Some(b), Some(a)) => match (b.numeric(), a.numeric()) {
                                    (Some(b), Some(a)) if b != a => Some(super::round2(a - b)),
                                    _ => None,
                                },
                                _ => None,
                            };
                            self.push(
                                &loc,
                                ChangeKind::Modified,
                                Some(field),
                                None,
                                before.cloned().map(Value::Metric),
                                after.cloned().map(Value::Metric),
                                delta,
                            );
                        }
                    }
                    self.text(&loc, Field::Source, o.source.as_deref(), source.as_deref());
                    self.text(
                        &loc,
                        Field::Better,
                        o.better.map(crate::model::Better::as_str),
                        better.map(crate::model::Better::as_str),
                    );
                }
                Paired::New(n) => {
                    let m = &new[n];
                    let loc = owner.child(Element::Metric).id(&m.name).name(&m.name);
                    self.added(&loc, whole(Snapshot::Metric(m.clone())));
                }
                Paired::Old(o) => {
                    let m = &old[o];
                    let loc = owner.child(Element::Metric).id(&m.name).name(&m.name);
                    self.removed(&loc, whole(Snapshot::Metric(m.clone())));
                }
            }
        }
    }

    fn stages(&mut self, old: &JourneyMap, new: &JourneyMap, index: &Index<'_>) {
        let old_ids: Vec<&str> = old.stages.iter().map(|s| s.id.as_str()).collect();
        let new_ids: Vec<&str> = new.stages.iter().map(|s| s.id.as_str()).collect();
        let old_stage: HashMap<&str, usize> =
            old_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let new_stage: HashMap<&str, usize> =
            new_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();

        let moved = moved_among_common(&old_ids, &new_ids);

        for slot in slots(&old_ids, &new_ids, |id| !new_stage.contains_key(id)) {
            match slot {
                Slot::New(ni) => {
                    let stage = &new.stages[ni];
                    let loc = Loc::new(Element::Stage)
                        .id(stage.id.as_str())
                        .name(&stage.name)
                        .stage(stage.id.as_str());
                    let old_s = old_stage
                        .get(stage.id.as_str())
                        .map(|&oi| (oi, &old.stages[oi]));
                    match old_s {
                        Some((oi, o)) => {
                            if moved.contains(stage.id.as_str()) {
                                self.push(
                                    &loc,
                                    ChangeKind::Moved,
                                    None,
                                    None,
                                    Some(Value::Place(Place::Stage { position: oi + 1 })),
                                    Some(Value::Place(Place::Stage { position: ni + 1 })),
                                    None,
                                );
                            }
                            self.stage_fields(&loc, o, stage);
                        }
                        None => {
                            self.added(&loc, whole(stage_alone(stage)));
                        }
                    }
                    self.stage_steps(old, new, index, old_s.map(|(_, s)| s), stage);
                }
                Slot::Old(oi) => {
                    let stage = &old.stages[oi];
                    let loc = Loc::new(Element::Stage)
                        .id(stage.id.as_str())
                        .name(&stage.name)
                        .stage(stage.id.as_str());
                    self.removed(&loc, whole(stage_alone(stage)));
                    for step in &stage.steps {
                        if !index.new_steps.contains_key(step.id.as_str()) {
                            self.removed_step(index, stage, step);
                        }
                    }
                }
            }
        }
    }

    fn stage_fields(&mut self, loc: &Loc, old: &Stage, new: &Stage) {
        // Every field named (no `..`): a new one does not compile until it is compared. `id`
        // is the matching key; `steps` are compared by `stage_steps`.
        let Stage {
            id,
            name,
            description,
            goal,
            time,
            metrics,
            steps: _,
        } = new;
        self.name_and_description(loc, old.name.as_str(), &old.description, name, description);
        self.text(loc, Field::Goal, old.goal.as_deref(), goal.as_deref());
        self.value(
            loc,
            Field::Time,
            old.time.as_ref().map(code),
            time.as_ref().map(code),
        );
        let owner = Loc::new(Element::Stage).stage(id.as_str());
        self.metrics(&owner, &old.metrics, metrics);
    }

    /// The steps of a stage of the new map (and the removed steps of the same stage of the
    /// old map, where they used to be).
    fn stage_steps(
        &mut self,
        old: &JourneyMap,
        new: &JourneyMap,
        index: &Index<'_>,
        old_stage: Option<&Stage>,
        stage: &Stage,
    ) {
        let sid = stage.id.as_str();
        let old_steps: Vec<&str> = old_stage
            .map(|s| s.steps.iter().map(|st| st.id.as_str()).collect())
            .unwrap_or_default();
        let new_steps: Vec<&str> = stage.steps.iter().map(|s| s.id.as_str()).collect();
        // Steps in this stage on both sides; their order decides what moved within it.
        let moved = moved_among_common(&old_steps, &new_steps);

        let removed = |id: &str| !index.new_steps.contains_key(id);
        for slot in slots(&old_steps, &new_steps, removed) {
            match slot {
                Slot::New(k) => {
                    let step = &stage.steps[k];
                    let found = index.old_steps.get(step.id.as_str());
                    let old_sid = found.map(|&(ostage, _, _)| old.stages[ostage].id.as_str());
                    let is_moved =
                        old_sid.is_some_and(|o| o != sid) || moved.contains(step.id.as_str());
                    if !is_moved && found.is_some_and(|&(_, _, ostep)| ostep == step) {
                        continue; // the same step, where it was: nothing to report
                    }
                    let loc = Loc::new(Element::Step)
                        .id(step.id.as_str())
                        .name(&step.name)
                        .stage(sid)
                        .step(step.id.as_str());
                    match found {
                        Some(&(_, opos, ostep)) => {
                            let old_sid = old_sid.unwrap_or_default();
                            if is_moved {
                                self.push(
                                    &loc,
                                    ChangeKind::Moved,
                                    None,
                                    None,
                                    Some(Value::Place(Place::Step {
                                        stage: old_sid.to_string(),
                                        position: opos + 1,
                                    })),
                                    Some(Value::Place(Place::Step {
                                        stage: sid.to_string(),
                                        position: k + 1,
                                    })),
                                    None,
                                );
                            }
                            self.step_fields(old, new, index, &loc, ostep, step);
                        }
                        None => {
                            self.added(&loc, whole(Snapshot::Step(step.clone())));
                            self.pain_points(index, &loc, None, Some(step));
                        }
                    }
                }
                Slot::Old(k) => {
                    if let Some(os) = old_stage {
                        self.removed_step(index, os, &os.steps[k]);
                    }
                }
            }
        }
    }

    fn removed_step(&mut self, index: &Index<'_>, stage: &Stage, step: &Step) {
        let loc = Loc::new(Element::Step)
            .id(step.id.as_str())
            .name(&step.name)
            .stage(stage.id.as_str())
            .step(step.id.as_str());
        self.removed(&loc, whole(Snapshot::Step(step.clone())));
        self.pain_points(index, &loc, Some(step), None);
    }

    fn step_fields(
        &mut self,
        old_map: &JourneyMap,
        new_map: &JourneyMap,
        index: &Index<'_>,
        loc: &Loc,
        old: &Step,
        new: &Step,
    ) {
        // Most steps of a revision are untouched. An equal step has no changes: its pain
        // point ids match themselves (ids are unique in a valid map), and an emotion scored
        // per persona on both sides compares the same whatever the map's personas are.
        if old == new {
            return;
        }
        // Every field is named (no `..`), so a field added to the model does not compile here
        // until the diff compares it. `id` is the key the steps were matched by.
        let Step {
            id: _,
            name,
            description,
            time,
            detail,
            personas,
            touchpoints,
            thoughts,
            emotion: _,
            feeling,
            evidence,
            pain_points: _,
            opportunities,
            frontstage,
            backstage,
            support,
            owners,
            resources,
            metrics,
        } = new;
        self.name_and_description(loc, old.name.as_str(), &old.description, name, description);
        self.value(
            loc,
            Field::Time,
            old.time.as_ref().map(code),
            time.as_ref().map(code),
        );
        self.text(loc, Field::Detail, old.detail.as_deref(), detail.as_deref());
        if &old.personas != personas {
            self.value(
                loc,
                Field::Personas,
                Some(ids(&old.personas)),
                Some(ids(personas)),
            );
        }
        self.touchpoints(loc, &old.touchpoints, touchpoints);
        self.list(loc, Field::Thoughts, &old.thoughts, thoughts);
        // Emotions are compared per persona, which needs the maps' personas.
        self.emotion(old_map, new_map, loc, old, new);
        self.text(
            loc,
            Field::Feeling,
            old.feeling.as_deref(),
            feeling.as_deref(),
        );
        self.list(
            loc,
            Field::Evidence,
            &evidence_lines(&old.evidence),
            &evidence_lines(evidence),
        );
        // Pain points are matched across the whole map by id, so they take the steps.
        self.pain_points(index, loc, Some(old), Some(new));
        self.opportunities(loc, &old.opportunities, opportunities);
        self.list(loc, Field::Frontstage, &old.frontstage, frontstage);
        self.list(loc, Field::Backstage, &old.backstage, backstage);
        self.list(loc, Field::Support, &old.support, support);
        self.list(loc, Field::Owners, &old.owners, owners);
        let Resources {
            existing: old_existing,
            required: old_required,
        } = old.resources.clone().unwrap_or_default();
        let Resources { existing, required } = resources.clone().unwrap_or_default();
        self.list(loc, Field::ResourcesExisting, &old_existing, &existing);
        self.list(loc, Field::ResourcesRequired, &old_required, &required);
        self.metrics(loc, &old.metrics, metrics);
    }

    /// Emotion changes, per persona. When neither side scores personas separately, one
    /// shared score is compared; otherwise a shared score counts for each persona of the step
    /// (its `personas`, or every persona of the map).
    fn emotion(
        &mut self,
        old_map: &JourneyMap,
        new_map: &JourneyMap,
        loc: &Loc,
        old: &Step,
        new: &Step,
    ) {
        let per_persona = matches!(old.emotion, Some(Emotion::PerPersona(_)))
            || matches!(new.emotion, Some(Emotion::PerPersona(_)));
        let before = expand(old_map, old, per_persona);
        let after = expand(new_map, new, per_persona);
        let mut keys: Vec<&Option<String>> = before.keys().chain(after.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (b, a) = (before.get(key).copied(), after.get(key).copied());
            if b == a {
                continue;
            }
            let delta = match (b, a) {
                (Some(b), Some(a)) => Some(f64::from(a - b)),
                _ => None,
            };
            self.push(
                loc,
                ChangeKind::Modified,
                Some(Field::Emotion),
                key.as_deref(),
                b.map(Value::Score),
                a.map(Value::Score),
                delta,
            );
        }
    }

    fn touchpoints(&mut self, owner: &Loc, old: &[Touchpoint], new: &[Touchpoint]) {
        // First the same channel and name, then the same channel (a renamed touchpoint).
        let exact = |t: &Touchpoint| (t.channel().to_string(), t.name().map(str::to_string));
        let first = pair_by_key(old, new, exact, exact);
        let mut pairs = Vec::new();
        let (mut old_left, mut new_left) = (Vec::new(), Vec::new());
        for p in first {
            match p {
                Paired::Both(o, n) => pairs.push((o, n)),
                Paired::Old(o) => old_left.push(o),
                Paired::New(n) => new_left.push(n),
            }
        }
        let old_rest: Vec<&Touchpoint> = old_left.iter().map(|&i| &old[i]).collect();
        let new_rest: Vec<&Touchpoint> = new_left.iter().map(|&i| &new[i]).collect();
        let by_channel = |t: &&Touchpoint| t.channel().to_string();
        let mut removed = Vec::new();
        let mut added = Vec::new();
        for p in pair_by_key(&old_rest, &new_rest, by_channel, by_channel) {
            match p {
                Paired::Both(o, n) => pairs.push((old_left[o], new_left[n])),
                Paired::Old(o) => removed.push(old_left[o]),
                Paired::New(n) => added.push(new_left[n]),
            }
        }
        // Report in new order, then removed touchpoints in old order.
        let mut events: Vec<(usize, Option<usize>, Option<usize>)> = pairs
            .into_iter()
            .map(|(o, n)| (n, Some(o), Some(n)))
            .chain(added.into_iter().map(|n| (n, None, Some(n))))
            .collect();
        events.sort_by_key(|e| e.0);
        events.extend(removed.into_iter().map(|o| (usize::MAX, Some(o), None)));
        for (_, o, n) in events {
            let shown = n.map_or_else(|| &old[o.unwrap_or(0)], |n| &new[n]);
            let mut loc = owner
                .child(Element::Touchpoint)
                .id(shown.channel().as_str());
            loc.name = shown.name().map(str::to_string);
            match (o, n) {
                (Some(o), Some(n)) => {
                    // The channel is the key they were matched by.
                    let (_, old_name, old_description) = touchpoint_parts(&old[o]);
                    let (_, name, description) = touchpoint_parts(&new[n]);
                    self.renamed(&loc, old_name, name);
                    self.text(&loc, Field::Description, old_description, description);
                }
                (None, Some(n)) => self.added(&loc, whole(Snapshot::Touchpoint(new[n].clone()))),
                (Some(o), None) => self.removed(&loc, whole(Snapshot::Touchpoint(old[o].clone()))),
                (None, None) => {}
            }
        }
    }

    /// Pain points of one step pair. Pain points with an id are matched across the whole
    /// map (so one that moved to another step is `moved`); the rest by text within the step.
    fn pain_points(
        &mut self,
        index: &Index<'_>,
        owner: &Loc,
        old: Option<&Step>,
        new: Option<&Step>,
    ) {
        let empty: Vec<PainPoint> = Vec::new();
        let old_list = old.map_or(&empty, |s| &s.pain_points);
        let new_list = new.map_or(&empty, |s| &s.pain_points);
        // The ones not matched by id, left for matching by text.
        let old_rest: Vec<usize> = (0..old_list.len())
            .filter(|&i| {
                old_list[i]
                    .id()
                    .is_none_or(|id| !index.new_pain.contains_key(id.as_str()))
            })
            .collect();
        let new_rest: Vec<usize> = (0..new_list.len())
            .filter(|&i| {
                new_list[i]
                    .id()
                    .is_none_or(|id| !index.old_pain.contains_key(id.as_str()))
            })
            .collect();
        let old_r: Vec<&PainPoint> = old_rest.iter().map(|&i| &old_list[i]).collect();
        let new_r: Vec<&PainPoint> = new_rest.iter().map(|&i| &new_list[i]).collect();
        let text = |p: &&PainPoint| p.text().to_string();
        let mut by_text: HashMap<usize, usize> = HashMap::new();
        let mut old_gone = Vec::new();
        for p in pair_by_key(&old_r, &new_r, text, text) {
            match p {
                Paired::Both(o, n) => {
                    by_text.insert(new_rest[n], old_rest[o]);
                }
                Paired::Old(o) => old_gone.push(old_rest[o]),
                Paired::New(_) => {}
            }
        }
        let loc_of = |p: &PainPoint| {
            owner
                .child(Element::PainPoint)
                .id(p.id().map_or_else(|| p.text().to_string(), Id::to_string))
                .name(p.text())
        };
        for (ni, p) in new_list.iter().enumerate() {
            let mut loc = loc_of(p);
            if by_text.contains_key(&ni) {
                // Matched by text: that is its key on both sides, whatever ids they have.
                loc.id = Some(p.text().to_string());
            }
            let matched = match p.id().and_then(|id| index.old_pain.get(id.as_str())) {
                Some(&(ostage, ostep, op)) => {
                    let old_step = ostep.to_string();
                    if Some(&old_step) != owner.step.as_ref() {
                        self.push(
                            &loc,
                            ChangeKind::Moved,
                            None,
                            None,
                            Some(Value::Place(Place::PainPoint {
                                stage: Some(ostage.to_string()),
                                step: Some(ostep.to_string()),
                            })),
                            Some(Value::Place(Place::PainPoint {
                                stage: owner.stage.clone(),
                                step: owner.step.clone(),
                            })),
                            None,
                        );
                    }
                    Some(op)
                }
                None => by_text.get(&ni).map(|&oi| &old_list[oi]),
            };
            match matched {
                Some(op) => self.pain_point_fields(&loc, op, p),
                None => self.added(&loc, whole(Snapshot::PainPoint(p.clone()))),
            }
        }
        for oi in old_gone {
            let p = &old_list[oi];
            self.removed(&loc_of(p), whole(Snapshot::PainPoint(p.clone())));
        }
    }

    fn pain_point_fields(&mut self, loc: &Loc, old: &PainPoint, new: &PainPoint) {
        let (old_id, old_text, old_severity, old_tickets) = pain_point_parts(old);
        let (id, text, severity, tickets) = pain_point_parts(new);
        self.text(loc, Field::Id, old_id.map(Id::as_str), id.map(Id::as_str));
        self.text(loc, Field::Text, Some(old_text), Some(text));
        self.value(
            loc,
            Field::Severity,
            old_severity.map(Value::Severity),
            severity.map(Value::Severity),
        );
        self.list(
            loc,
            Field::Tickets,
            &ticket_texts(old_tickets),
            &ticket_texts(tickets),
        );
    }

    fn opportunities(&mut self, owner: &Loc, old: &[Opportunity], new: &[Opportunity]) {
        // By id first, then by text among the rest.
        let id_key = |o: &Opportunity| o.id().map(|id| id.to_string());
        let mut pairs = Vec::new();
        let (mut old_left, mut new_left) = (Vec::new(), Vec::new());
        for p in pair_by_key(old, new, id_key, id_key) {
            match p {
                Paired::Both(o, n) if old[o].id().is_some() => pairs.push((o, n, true)),
                Paired::Both(o, n) => {
                    old_left.push(o);
                    new_left.push(n);
                }
                Paired::Old(o) => old_left.push(o),
                Paired::New(n) => new_left.push(n),
            }
        }
        old_left.sort_unstable();
        new_left.sort_unstable();
        let old_r: Vec<&Opportunity> = old_left.iter().map(|&i| &old[i]).collect();
        let new_r: Vec<&Opportunity> = new_left.iter().map(|&i| &new[i]).collect();
        let text = |o: &&Opportunity| o.text().to_string();
        let mut added = Vec::new();
        let mut removed = Vec::new();
        for p in pair_by_key(&old_r, &new_r, text, text) {
            match p {
                Paired::Both(o, n) => pairs.push((old_left[o], new_left[n], false)),
                Paired::Old(o) => removed.push(old_left[o]),
                Paired::New(n) => added.push(new_left[n]),
            }
        }
        // (new position, old index, new index, matched by id)
        let mut events: Vec<(usize, Option<usize>, Option<usize>, bool)> = pairs
            .into_iter()
            .map(|(o, n, by_id)| (n, Some(o), Some(n), by_id))
            .chain(added.into_iter().map(|n| (n, None, Some(n), true)))
            .collect();
        events.sort_by_key(|e| e.0);
        events.extend(
            removed
                .into_iter()
                .map(|o| (usize::MAX, Some(o), None, true)),
        );
        for (_, o, n, by_id) in events {
            let shown = n.map_or_else(|| &old[o.unwrap_or(0)], |n| &new[n]);
            // The key it was matched by: its id, or its text (the same on both sides).
            let key = match shown.id() {
                Some(id) if by_id => id.to_string(),
                _ => shown.text().to_string(),
            };
            let loc = owner.child(Element::Opportunity).id(key).name(shown.text());
            match (o, n) {
                (Some(o), Some(n)) => {
                    let (old_id, old_text, old_addresses, old_owner, old_tickets) =
                        opportunity_parts(&old[o]);
                    let (id, text, addresses, owner, tickets) = opportunity_parts(&new[n]);
                    self.text(&loc, Field::Id, old_id.map(Id::as_str), id.map(Id::as_str));
                    self.text(&loc, Field::Text, Some(old_text), Some(text));
                    if old_addresses != addresses {
                        self.value(
                            &loc,
                            Field::Addresses,
                            Some(ids(old_addresses)),
                            Some(ids(addresses)),
                        );
                    }
                    self.text(&loc, Field::Owner, old_owner, owner);
                    self.list(
                        &loc,
                        Field::Tickets,
                        &ticket_texts(old_tickets),
                        &ticket_texts(tickets),
                    );
                }
                (None, Some(n)) => self.added(&loc, whole(Snapshot::Opportunity(new[n].clone()))),
                (Some(o), None) => self.removed(&loc, whole(Snapshot::Opportunity(old[o].clone()))),
                (None, None) => {}
            }
        }
    }
}

// Every field of the elements that have a short form, named (no `..`) so that a field added
// to the model does not compile here until the diff compares it.

/// A touchpoint's channel, name and description.
fn touchpoint_parts(t: &Touchpoint) -> (&Id, Option<&str>, Option<&str>) {
    match t {
        Touchpoint::Channel(channel) => (channel, None, None),
        Touchpoint::Detailed(DetailedTouchpoint {
            channel,
            name,
            description,
        }) => (channel, name.as_deref(), description.as_deref()),
    }
}

/// A pain point's id, text, severity and tickets.
fn pain_point_parts(p: &PainPoint) -> (Option<&Id>, &str, Option<Severity>, &[Ticket]) {
    match p {
        PainPoint::Text(text) => (None, text, None, &[]),
        PainPoint::Detailed(DetailedPainPoint {
            id,
            text,
            severity,
            tickets,
        }) => (id.as_ref(), text, *severity, tickets),
    }
}

/// An opportunity's id, text, the pain points it addresses, its owner and tickets.
fn opportunity_parts(o: &Opportunity) -> (Option<&Id>, &str, &[Id], Option<&str>, &[Ticket]) {
    match o {
        Opportunity::Text(text) => (None, text, &[], None, &[]),
        Opportunity::Detailed(DetailedOpportunity {
            id,
            text,
            addresses,
            owner,
            tickets,
        }) => (id.as_ref(), text, addresses, owner.as_deref(), tickets),
    }
}

fn ticket_texts(tickets: &[Ticket]) -> Vec<String> {
    tickets.iter().map(|t| t.to_string()).collect()
}

/// Evidence as the lines a report lists.
fn evidence_lines(evidence: &[crate::model::Evidence]) -> Vec<String> {
    evidence.iter().map(crate::model::Evidence::line).collect()
}

/// A step's emotion as persona -> score. `None` is the key of a shared score.
fn expand(
    map: &JourneyMap,
    step: &Step,
    per_persona: bool,
) -> std::collections::BTreeMap<Option<String>, i8> {
    let mut out = std::collections::BTreeMap::new();
    match &step.emotion {
        None => {}
        Some(Emotion::PerPersona(scores)) => {
            for (p, s) in scores {
                out.insert(Some(p.to_string()), s.get());
            }
        }
        Some(Emotion::Score(s)) => {
            let personas: Vec<&str> = if step.personas.is_empty() {
                persona_ids(map)
            } else {
                step.personas.iter().map(Id::as_str).collect()
            };
            if per_persona && !personas.is_empty() {
                for p in personas {
                    out.insert(Some(p.to_string()), s.get());
                }
            } else {
                out.insert(None, s.get());
            }
        }
    }
    out
}

/// Lookups over both maps, built once per diff: steps and pain points with ids, map-wide.
pub(super) struct Index<'a> {
    /// step id -> (stage index, position in stage, step)
    pub old_steps: HashMap<&'a str, (usize, usize, &'a Step)>,
    pub new_steps: HashMap<&'a str, (usize, usize, &'a Step)>,
    /// pain point id -> (stage id, step id, pain point)
    pub old_pain: HashMap<&'a str, (&'a str, &'a str, &'a PainPoint)>,
    pub new_pain: HashMap<&'a str, (&'a str, &'a str, &'a PainPoint)>,
}

impl<'a> Index<'a> {
    pub fn new(old: &'a JourneyMap, new: &'a JourneyMap) -> Index<'a> {
        fn steps(map: &JourneyMap) -> HashMap<&str, (usize, usize, &Step)> {
            let count = map.stages.iter().map(|s| s.steps.len()).sum();
            let mut out = HashMap::with_capacity(count);
            for (si, stage) in map.stages.iter().enumerate() {
                for (k, step) in stage.steps.iter().enumerate() {
                    // A duplicate id is an error `check` reports; the first one wins here.
                    out.entry(step.id.as_str()).or_insert((si, k, step));
                }
            }
            out
        }
        fn pains(map: &JourneyMap) -> HashMap<&str, (&str, &str, &PainPoint)> {
            let count = map.steps().map(|(_, _, s)| s.pain_points.len()).sum();
            let mut out = HashMap::with_capacity(count);
            for (_, stage, step) in map.steps() {
                for p in &step.pain_points {
                    if let Some(id) = p.id() {
                        out.entry(id.as_str())
                            .or_insert((stage.id.as_str(), step.id.as_str(), p));
                    }
                }
            }
            out
        }
        Index {
            old_steps: steps(old),
            new_steps: steps(new),
            old_pain: pains(old),
            new_pain: pains(new),
        }
    }
}

/// An item of the new sequence, or an old-only item placed where it used to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    New(usize),
    Old(usize),
}

/// A step in the order the diff draws both maps: the new map's, or a removed one of the old.
#[derive(Debug, Clone, Copy)]
pub(super) enum Placed<'a> {
    New(&'a Step),
    Old(&'a Step),
}

/// A stage in the order the diff draws both maps, with its steps: a stage of the new map
/// (`new`, and `old` when the old map had it too) with its removed steps slotted in where they
/// were, or a removed stage (`new` is `None`) with those of its steps the new map does not have.
pub(super) struct PlacedStage<'a> {
    pub new: Option<&'a Stage>,
    pub old: Option<&'a Stage>,
    pub steps: Vec<Placed<'a>>,
}

/// Both maps' stages and steps in one order, the one every picture and chart of a diff uses:
/// the new map's, with what the old one had and the new one lacks where it used to be. A
/// removed stage none of whose steps is gone is left out.
pub(super) fn drawing_order<'a>(old: &'a JourneyMap, new: &'a JourneyMap) -> Vec<PlacedStage<'a>> {
    let new_step_ids: HashSet<&str> = new.steps().map(|(_, _, s)| s.id.as_str()).collect();
    let old_ids: Vec<&str> = old.stages.iter().map(|s| s.id.as_str()).collect();
    let new_ids: Vec<&str> = new.stages.iter().map(|s| s.id.as_str()).collect();
    let new_set: HashSet<&str> = new_ids.iter().copied().collect();
    let old_by_id: HashMap<&str, usize> =
        old_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut order = Vec::new();
    for slot in slots(&old_ids, &new_ids, |id| !new_set.contains(id)) {
        match slot {
            Slot::New(i) => {
                let stage = &new.stages[i];
                let old_stage = old_by_id.get(stage.id.as_str()).map(|&oi| &old.stages[oi]);
                let olds: Vec<&str> = old_stage
                    .map(|s| s.steps.iter().map(|st| st.id.as_str()).collect())
                    .unwrap_or_default();
                let news: Vec<&str> = stage.steps.iter().map(|s| s.id.as_str()).collect();
                let steps = slots(&olds, &news, |id| !new_step_ids.contains(id))
                    .into_iter()
                    .filter_map(|step_slot| match step_slot {
                        Slot::New(k) => Some(Placed::New(&stage.steps[k])),
                        Slot::Old(k) => old_stage.map(|os| Placed::Old(&os.steps[k])),
                    })
                    .collect();
                order.push(PlacedStage {
                    new: Some(stage),
                    old: old_stage,
                    steps,
                });
            }
            Slot::Old(i) => {
                let stage = &old.stages[i];
                let steps: Vec<Placed<'a>> = stage
                    .steps
                    .iter()
                    .filter(|s| !new_step_ids.contains(s.id.as_str()))
                    .map(Placed::Old)
                    .collect();
                if !steps.is_empty() {
                    order.push(PlacedStage {
                        new: None,
                        old: Some(stage),
                        steps,
                    });
                }
            }
        }
    }
    order
}

/// The new sequence with the old items for which `gone` holds slotted in after the nearest
/// item that preceded them in the old sequence and is still in the new one.
pub(super) fn slots(old: &[&str], new: &[&str], gone: impl Fn(&str) -> bool) -> Vec<Slot> {
    let new_pos: HashMap<&str, usize> = new.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // anchor (index in new, or None for the start) -> old indexes, in old order
    let mut after: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    let mut anchor = None;
    for (i, id) in old.iter().enumerate() {
        if let Some(&p) = new_pos.get(id) {
            anchor = Some(p);
        } else if gone(id) {
            after.entry(anchor).or_default().push(i);
        }
    }
    let mut out = Vec::with_capacity(new.len());
    let push_old = |out: &mut Vec<Slot>, key: Option<usize>| {
        if let Some(list) = after.get(&key) {
            out.extend(list.iter().map(|&i| Slot::Old(i)));
        }
    };
    push_old(&mut out, None);
    for i in 0..new.len() {
        out.push(Slot::New(i));
        push_old(&mut out, Some(i));
    }
    out
}

/// The ids that moved among those present on both sides: each side is cut down to the shared
/// ids, in its own order, and compared by neighbours.
fn moved_among_common<'a>(old: &[&'a str], new: &[&'a str]) -> HashSet<&'a str> {
    let in_new: HashSet<&str> = new.iter().copied().collect();
    let in_old: HashSet<&str> = old.iter().copied().collect();
    let common_old: Vec<&str> = old
        .iter()
        .copied()
        .filter(|id| in_new.contains(id))
        .collect();
    let common_new: Vec<&str> = new
        .iter()
        .copied()
        .filter(|id| in_old.contains(id))
        .collect();
    moved_by_neighbours(&common_old, &common_new)
}

/// Which items of a reordered sequence moved. `old` and `new` hold the same items. An item
/// moved when both its neighbours changed (so that moving one step far away reports that
/// step alone, not everything it jumped over); when order changed but no item lost both
/// neighbours (two blocks swapped), the items whose predecessor changed. The rule treats
/// both sides alike, so `diff(b, a)` reports the same moves as `diff(a, b)`.
pub(super) fn moved_by_neighbours<'a>(old: &[&'a str], new: &[&'a str]) -> HashSet<&'a str> {
    if old == new {
        return HashSet::new();
    }
    fn neighbours<'a>(seq: &[&'a str]) -> HashMap<&'a str, (Option<&'a str>, Option<&'a str>)> {
        seq.iter()
            .enumerate()
            .map(|(i, id)| {
                let pred = i.checked_sub(1).map(|j| seq[j]);
                let succ = seq.get(i + 1).copied();
                (*id, (pred, succ))
            })
            .collect()
    }
    let (a, b) = (neighbours(old), neighbours(new));
    let changed = |id: &str| -> (bool, bool) {
        match (a.get(id), b.get(id)) {
            (Some(x), Some(y)) => (x.0 != y.0, x.1 != y.1),
            _ => (false, false),
        }
    };
    let both: HashSet<&str> = new
        .iter()
        .copied()
        .filter(|id| {
            let (p, s) = changed(id);
            p && s
        })
        .collect();
    if !both.is_empty() {
        return both;
    }
    new.iter().copied().filter(|id| changed(id).0).collect()
}

/// The result of pairing two lists by a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paired {
    Both(usize, usize),
    Old(usize),
    New(usize),
}

/// Pairs items with equal keys, the n-th occurrence in `old` with the n-th in `new`. Pairs and
/// new-only items come in new order, old-only items after them in old order.
fn pair_by_key<T, K: std::hash::Hash + Eq>(
    old: &[T],
    new: &[T],
    old_key: impl Fn(&T) -> K,
    new_key: impl Fn(&T) -> K,
) -> Vec<Paired> {
    let mut pool: HashMap<K, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, item) in old.iter().enumerate() {
        pool.entry(old_key(item)).or_default().push_back(i);
    }
    let mut used = vec![false; old.len()];
    let mut out = Vec::with_capacity(new.len());
    for (n, item) in new.iter().enumerate() {
        match pool.get_mut(&new_key(item)).and_then(|q| q.pop_front()) {
            Some(o) => {
                used[o] = true;
                out.push(Paired::Both(o, n));
            }
            None => out.push(Paired::New(n)),
        }
    }
    out.extend(
        used.iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(o, _)| Paired::Old(o)),
    );
    out
}

/// Every change from `old` to `new`, in report order: the map, personas, channels, then each
/// stage with its steps.
pub fn changes(old: &JourneyMap, new: &JourneyMap, index: &Index<'_>) -> Vec<Change> {
    let mut cx = Cx::default();
    cx.map_fields(old, new);
    cx.personas(old, new);
    cx.channels(old, new);
    cx.stages(old, new, index);
    cx.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_far_move_reports_one_item() {
        let moved = moved_by_neighbours(&["a", "b", "c", "d", "e"], &["e", "a", "b", "c", "d"]);
        assert_eq!(moved, HashSet::from(["e"]));
        let moved = moved_by_neighbours(
            &["a", "b", "c", "d", "e", "f"],
            &["a", "c", "d", "e", "b", "f"],
        );
        assert_eq!(moved, HashSet::from(["b"]));
    }

    #[test]
    fn swaps_and_block_swaps_are_reported_on_both_sides_alike() {
        let ab = moved_by_neighbours(&["x", "y", "z"], &["y", "x", "z"]);
        let ba = moved_by_neighbours(&["y", "x", "z"], &["x", "y", "z"]);
        assert_eq!(ab, ba);
        assert_eq!(ab, HashSet::from(["x", "y"]));
        let ab = moved_by_neighbours(&["a", "b", "c", "d"], &["c", "d", "a", "b"]);
        let ba = moved_by_neighbours(&["c", "d", "a", "b"], &["a", "b", "c", "d"]);
        assert_eq!(ab, ba);
        assert!(!ab.is_empty());
    }

    #[test]
    fn removed_items_stay_where_they_were() {
        let s = slots(&["a", "x", "b", "y"], &["a", "b", "c"], |id| {
            id == "x" || id == "y"
        });
        assert_eq!(
            s,
            vec![
                Slot::New(0),
                Slot::Old(1),
                Slot::New(1),
                Slot::Old(3),
                Slot::New(2)
            ]
        );
    }
}
