//! The insights panel of the HTML page: the lowest moments, the biggest drops between
//! consecutive steps, the stages with the most pain points, and the pain points no
//! opportunity addresses. Computed over the steps the diagram draws.

use serde::Serialize;

use super::EmotionLine;
use super::emotion::{Point, score_label};
use crate::model::facts::{MapFacts, pain_points};
use crate::model::{JourneyMap, Severity, Step};

#[derive(Debug, Clone, Serialize)]
pub struct Insights {
    pub lowest: Vec<Moment>,
    pub drops: Vec<Drop>,
    pub stages: Vec<StagePain>,
    pub unaddressed: Vec<Unaddressed>,
}

/// A step at the lowest score.
#[derive(Debug, Clone, Serialize)]
pub struct Moment {
    pub step: String,
    pub stage: String,
    pub score: i8,
    pub score_label: String,
    /// Who feels it: persona names, or empty when the map has one shared line.
    pub who: Vec<String>,
    pub feeling: Option<String>,
}

/// A fall in emotion from one step to the next.
#[derive(Debug, Clone, Serialize)]
pub struct Drop {
    pub from: String,
    pub to: String,
    pub from_score: String,
    pub to_score: String,
    pub drop: i8,
    pub who: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StagePain {
    pub stage: String,
    pub count: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unaddressed {
    /// The pain point's number in the diagram, `P3`.
    pub number: String,
    pub text: String,
    pub severity: Option<&'static str>,
    pub step: String,
    pub stage: String,
}

const MAX_DROPS: usize = 5;
const MAX_STAGES: usize = 3;

/// The insights over the drawn `steps` (with their stage index) and the emotion `lines`
/// over them, as [`super::emotion_lines`] gives them.
pub fn insights(map: &JourneyMap, steps: &[(usize, &Step)], lines: &[EmotionLine]) -> Insights {
    let shared = lines.len() == 1 && lines[0].persona.is_none();
    let who = |label: &str| {
        if shared {
            None
        } else {
            Some(label.to_string())
        }
    };

    // Lowest moments.
    let min = lines
        .iter()
        .flat_map(|l| l.points.iter())
        .filter_map(|p| match p {
            Point::Value(v) => Some(*v),
            _ => None,
        })
        .min();
    let mut lowest = Vec::new();
    if let Some(min) = min {
        for (c, (si, step)) in steps.iter().enumerate() {
            let names: Vec<String> = lines
                .iter()
                .filter(|l| l.points[c] == Point::Value(min))
                .filter_map(|l| who(&l.label))
                .collect();
            let any = lines.iter().any(|l| l.points[c] == Point::Value(min));
            if any {
                lowest.push(Moment {
                    step: step.name.clone(),
                    stage: map.stages[*si].name.clone(),
                    score: min,
                    score_label: score_label(min),
                    who: names,
                    feeling: step.feeling.clone(),
                });
            }
        }
    }

    // Biggest drops between consecutive points of each line.
    let mut drops: Vec<(usize, Drop)> = Vec::new();
    // Where each drop (its column, the step it falls from, its size) is in `drops`, so that
    // a drop shared by several personas is found at once rather than by a scan.
    let mut drop_index: foldhash::HashMap<(usize, &str, i8), usize> = Default::default();
    for line in lines {
        let mut previous: Option<(usize, i8)> = None;
        for (c, point) in line.points.iter().enumerate() {
            match point {
                Point::Value(v) => {
                    if let Some((pc, pv)) = previous {
                        if pv > *v {
                            let key = (c, steps[pc].1.name.as_str(), pv - v);
                            match drop_index.get(&key) {
                                Some(&at) => drops[at].1.who.extend(who(&line.label)),
                                None => {
                                    drop_index.insert(key, drops.len());
                                    drops.push((
                                        c,
                                        Drop {
                                            from: steps[pc].1.name.clone(),
                                            to: steps[c].1.name.clone(),
                                            from_score: score_label(pv),
                                            to_score: score_label(*v),
                                            drop: pv - v,
                                            who: who(&line.label).into_iter().collect(),
                                        },
                                    ));
                                }
                            }
                        }
                    }
                    previous = Some((c, *v));
                }
                Point::Gap => previous = None,
                Point::Skip => {}
            }
        }
    }
    drops.sort_by(|a, b| b.1.drop.cmp(&a.1.drop).then(a.0.cmp(&b.0)));
    let drops = drops.into_iter().take(MAX_DROPS).map(|(_, d)| d).collect();

    // Pain points per stage, over the drawn steps.
    let mut stages: Vec<(usize, StagePain)> = Vec::new();
    for (si, step) in steps {
        if step.pain_points.is_empty() {
            continue;
        }
        let entry = match stages.iter_mut().position(|(i, _)| i == si) {
            Some(i) => &mut stages[i].1,
            None => {
                stages.push((
                    *si,
                    StagePain {
                        stage: map.stages[*si].name.clone(),
                        count: 0,
                        high: 0,
                        medium: 0,
                        low: 0,
                    },
                ));
                &mut stages.last_mut().expect("just pushed").1
            }
        };
        for pain in &step.pain_points {
            entry.count += 1;
            match pain.severity() {
                Some(Severity::High) => entry.high += 1,
                Some(Severity::Medium) => entry.medium += 1,
                Some(Severity::Low) => entry.low += 1,
                None => {}
            }
        }
    }
    stages.sort_by(|a, b| {
        b.1.count
            .cmp(&a.1.count)
            .then(b.1.high.cmp(&a.1.high))
            .then(a.0.cmp(&b.0))
    });
    let stages = stages
        .into_iter()
        .take(MAX_STAGES)
        .map(|(_, s)| s)
        .collect();

    // Pain points nobody addresses (the rule of `check`'s JM207), numbered as drawn.
    let facts = MapFacts::of(map);
    let mut unaddressed = Vec::new();
    // The drawn steps, by address: a lookup per pain point instead of a scan of the steps.
    let drawn_steps: foldhash::HashSet<(usize, *const Step)> = steps
        .iter()
        .map(|(s, x)| (*s, std::ptr::from_ref(*x)))
        .collect();
    for (number, (si, step, pain)) in pain_points(map).enumerate() {
        let drawn = drawn_steps.contains(&(si, std::ptr::from_ref(step)));
        if drawn && !facts.is_addressed(step, pain) {
            unaddressed.push(Unaddressed {
                number: format!("P{}", number + 1),
                text: pain.text().to_string(),
                severity: pain.severity().map(Severity::as_str),
                step: step.name.clone(),
                stage: map.stages[si].name.clone(),
            });
        }
    }
    Insights {
        lowest,
        drops,
        stages,
        unaddressed,
    }
}
