//! Facts about a map that follow from it and that several stages need — the rules, the
//! layout, the HTML page's insights — computed in one place so that they cannot disagree:
//! which pain points an opportunity addresses, and the number each pain point is shown with.

use std::collections::{BTreeMap, BTreeSet};

use super::{JourneyMap, PainPoint, Step};

/// Derived facts about one map, built once with [`MapFacts::of`].
#[derive(Debug, Clone, Default)]
pub struct MapFacts<'a> {
    /// Ids of the pain points that some opportunity, anywhere in the map, addresses.
    addressed: BTreeSet<&'a str>,
    /// The number of each pain point (`P1`, `P2`, ...) by id, for pain points with one.
    number_by_id: BTreeMap<&'a str, usize>,
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
            }
        }
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
        assert_eq!(pain_points(&map).count(), 4);
    }
}
