//! The emotion curve of both maps, step by step, for the charts that show it move: the steps
//! of the new map in order, with removed steps where they used to be (the order the diff
//! picture draws its columns in), each with its emotion before and after, overall and per
//! persona.

use std::collections::{HashMap, HashSet};

use super::compute::{Placed, drawing_order};
use crate::model::facts::{Feeling, feeling};
use crate::model::{Emotion, JourneyMap, Step};

/// One step of either map.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveStep {
    pub id: String,
    /// Its name in the new map (in the old one when removed).
    pub name: String,
    /// The mean emotion before and after; `None` where the step is missing or has none.
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// One persona's scores, aligned with [`EmotionCurve::steps`].
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaCurve {
    pub id: String,
    pub name: String,
    pub before: Vec<Option<f64>>,
    pub after: Vec<Option<f64>>,
}

/// The emotion of every step of both maps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmotionCurve {
    pub steps: Vec<CurveStep>,
    /// Per persona, when either map scores a step per persona; empty otherwise (one shared
    /// curve tells it all).
    pub personas: Vec<PersonaCurve>,
}

impl EmotionCurve {
    pub fn of(old: &JourneyMap, new: &JourneyMap) -> EmotionCurve {
        let old_steps: HashMap<&str, &Step> =
            old.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();
        let new_steps: HashMap<&str, &Step> =
            new.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();
        let order: Vec<&str> = drawing_order(old, new)
            .into_iter()
            .flat_map(|stage| stage.steps)
            .map(|placed| match placed {
                Placed::New(step) | Placed::Old(step) => step.id.as_str(),
            })
            .collect();
        let steps = order
            .iter()
            .map(|&id| {
                let (before, after) = (old_steps.get(id), new_steps.get(id));
                CurveStep {
                    id: id.to_string(),
                    name: after
                        .or(before)
                        .map_or_else(String::new, |s| s.name.clone()),
                    before: before.and_then(|s| s.emotion.as_ref()).map(Emotion::mean),
                    after: after.and_then(|s| s.emotion.as_ref()).map(Emotion::mean),
                }
            })
            .collect();
        let per_persona = [old, new].iter().any(|map| {
            map.steps()
                .any(|(_, _, s)| matches!(s.emotion, Some(Emotion::PerPersona(_))))
        });
        let mut personas = Vec::new();
        if per_persona {
            let mut seen = HashSet::new();
            for persona in new.personas.iter().chain(&old.personas) {
                if !seen.insert(persona.id.as_str()) {
                    continue;
                }
                let id = persona.id.as_str();
                let score = |map: &JourneyMap, step: Option<&&Step>| match feeling(step?, id) {
                    Feeling::Score(s) if map.persona(id).is_some() => Some(f64::from(s)),
                    _ => None,
                };
                personas.push(PersonaCurve {
                    id: id.to_string(),
                    name: persona.name.clone(),
                    before: order
                        .iter()
                        .map(|&s| score(old, old_steps.get(s)))
                        .collect(),
                    after: order
                        .iter()
                        .map(|&s| score(new, new_steps.get(s)))
                        .collect(),
                });
            }
        }
        EmotionCurve { steps, personas }
    }
}
