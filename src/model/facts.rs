//! Facts about a map that follow from it and that several stages need — the rules, the
//! layout, the HTML page's insights, the diff — computed in one place so that they cannot
//! disagree: which pain points an opportunity addresses, the number each pain point is shown
//! with, and how a step or stage felt (its mood). Lookups of declared personas and channels
//! by id are on [`JourneyMap`] itself.

use foldhash::{HashMap, HashSet};

use super::{Emotion, JourneyMap, PainPoint, Stage, Step};

/// Derived facts about one map, built once with [`MapFacts::of`]. Its tables are only looked
/// up, never listed, so they are hashed (seeded, as for all map text).
#[derive(Debug, Clone, Default)]
pub struct MapFacts<'a> {
    /// Ids of the pain points that some opportunity, anywhere in the map, addresses.
    addressed: HashSet<&'a str>,
    /// The number of each pain point (`P1`, `P2`, ...) by id, for pain points with one.
    number_by_id: HashMap<&'a str, usize>,
    /// The text of each pain point with an id.
    text_by_id: HashMap<&'a str, &'a str>,
    /// For each stage, for each of its steps, how many pain points come before the step's
    /// first (its first is numbered one more).
    pains_before: Vec<Vec<usize>>,
}

impl<'a> MapFacts<'a> {
    pub fn of(map: &'a JourneyMap) -> MapFacts<'a> {
        let mut facts = MapFacts::default();
        for (_, _, step) in map.steps() {
            for opportunity in &step.opportunities {
                facts
                    .addressed
                    .extend(opportunity.addresses().iter().map(|id| id.as_str()));
            }
        }
        for (number, (_, _, pain)) in pain_points(map).enumerate() {
            if let Some(id) = pain.id() {
                facts.number_by_id.insert(id.as_str(), number + 1);
                facts.text_by_id.insert(id.as_str(), pain.text());
            }
        }
        let mut before = 0;
        facts.pains_before = map
            .stages
            .iter()
            .map(|stage| {
                stage
                    .steps
                    .iter()
                    .map(|step| {
                        let first = before;
                        before += step.pain_points.len();
                        first
                    })
                    .collect()
            })
            .collect();
        facts
    }

    /// Whether an opportunity addresses `pain` on `step`: one anywhere in the map that lists
    /// its id in `addresses`, or, for a pain point without an id, any opportunity on the same
    /// step (such a pain point cannot be named from elsewhere).
    pub fn is_addressed(&self, step: &Step, pain: &PainPoint) -> bool {
        match pain.id() {
            Some(id) => self.addressed.contains(id.as_str()),
            None => !step.opportunities.is_empty(),
        }
    }

    /// The number the pain point with `id` is shown with (`P3` is 3).
    pub fn pain_number(&self, id: &str) -> Option<usize> {
        self.number_by_id.get(id).copied()
    }

    /// The number of the `index`th pain point of step `step` of stage `stage`.
    pub fn pain_number_at(&self, stage: usize, step: usize, index: usize) -> usize {
        self.pains_before[stage][step] + index + 1
    }

    /// The text of the pain point with `id`.
    pub fn pain_text(&self, id: &str) -> Option<&'a str> {
        self.text_by_id.get(id).copied()
    }
}

/// How a persona felt at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feeling {
    /// The persona does not take the step.
    Absent,
    /// The persona takes the step but the map gives no score for them.
    Unknown,
    /// The score, -2..=2.
    Score(i8),
}

/// How `persona` felt at `step`: absent when they do not take it, the score the step gives
/// them (their own, or the one everybody shares), or unknown.
pub fn feeling(step: &Step, persona: &str) -> Feeling {
    if !step.is_taken_by(persona) {
        return Feeling::Absent;
    }
    match step.emotion.as_ref().and_then(|e| e.for_persona(persona)) {
        Some(score) => Feeling::Score(score.get()),
        None => Feeling::Unknown,
    }
}

/// The mood of a step: the mean of its scores (one shared score, or every persona's).
pub fn mood(step: &Step) -> Option<f64> {
    step.emotion.as_ref().map(Emotion::mean)
}

/// The mood of a stage: the mean of its steps' moods, over the steps that have one.
pub fn stage_mood(stage: &Stage) -> Option<f64> {
    let (sum, n) = stage
        .steps
        .iter()
        .filter_map(mood)
        .fold((0.0, 0usize), |(sum, n), m| (sum + m, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Every pain point of `map` in map order (stage by stage, step by step), with the indexes of
/// its stage and step; the pain point at position `n` (from 0) is numbered `P{n + 1}`.
pub fn pain_points(map: &JourneyMap) -> impl Iterator<Item = (usize, &Step, &PainPoint)> {
    map.stages.iter().enumerate().flat_map(|(si, stage)| {
        stage
            .steps
            .iter()
            .flat_map(move |step| step.pain_points.iter().map(move |pain| (si, step, pain)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feelings_and_moods() {
        let map: JourneyMap = serde_json::from_value(serde_json::json!({
            "journeymap": 1, "id": "m", "title": "M",
            "personas": [{"id": "ana", "name": "Ana"}, {"id": "tom", "name": "Tom"}],
            "stages": [{"id": "s", "name": "S", "steps": [
                {"id": "a", "name": "A", "emotion": {"ana": -2, "tom": 1}},
                {"id": "b", "name": "B", "personas": ["ana"], "emotion": 2},
                {"id": "c", "name": "C"}
            ]}]
        }))
        .unwrap();
        let [a, b, c] = [0, 1, 2].map(|i| &map.stages[0].steps[i]);
        assert_eq!(feeling(a, "ana"), Feeling::Score(-2));
        assert_eq!(feeling(a, "tom"), Feeling::Score(1));
        assert_eq!(feeling(b, "ana"), Feeling::Score(2));
        assert_eq!(feeling(b, "tom"), Feeling::Absent);
        assert_eq!(feeling(c, "tom"), Feeling::Unknown);
        assert_eq!(mood(a), Some(-0.5));
        assert_eq!(mood(c), None);
        assert_eq!(stage_mood(&map.stages[0]), Some(0.75));
        assert_eq!(map.persona("tom").map(|p| p.name.as_str()), Some("Tom"));
        assert!(
            map.channel("web").is_none(),
            "built-in channels are not declared"
        );
    }

    #[test]
    fn addressed_by_id_anywhere_or_by_any_opportunity_on_the_step() {
        let map: JourneyMap = serde_json::from_value(serde_json::json!({
            "journeymap": 1, "id": "m", "title": "M",
            "stages": [{"id": "s", "name": "S", "steps": [
                {"id": "a", "name": "A",
                 "pain_points": [{"id": "slow", "text": "Slow"}, "Rude"]},
                {"id": "b", "name": "B",
                 "pain_points": ["Lost", {"id": "fee", "text": "Fee"}],
                 "opportunities": [{"text": "Faster", "addresses": ["slow"]}]}
            ]}]
        }))
        .unwrap();
        let facts = MapFacts::of(&map);
        let (a, b) = (&map.stages[0].steps[0], &map.stages[0].steps[1]);
        assert!(
            facts.is_addressed(a, &a.pain_points[0]),
            "by id, from another step"
        );
        assert!(
            !facts.is_addressed(a, &a.pain_points[1]),
            "no id, no opportunity here"
        );
        assert!(
            facts.is_addressed(b, &b.pain_points[0]),
            "no id, an opportunity here"
        );
        assert!(
            !facts.is_addressed(b, &b.pain_points[1]),
            "an id nobody lists"
        );
        assert_eq!(facts.pain_number("slow"), Some(1));
        assert_eq!(facts.pain_number("fee"), Some(4));
        assert_eq!(facts.pain_number_at(0, 1, 1), 4);
        assert_eq!(facts.pain_number_at(0, 0, 1), 2);
        assert_eq!(facts.pain_text("fee"), Some("Fee"));
        assert_eq!(pain_points(&map).count(), 4);
    }
}
