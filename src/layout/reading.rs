//! The journey in reading order: stage after stage, each step with everything the map says of
//! it. The HTML page shows it instead of the diagram on a narrow screen (a phone reads down,
//! not across), and its detail panel shows one step's entry when a card is opened, so the two
//! never disagree about what a step holds.

use serde::Serialize;

use super::emotion::score_label;
use super::journey::on_target;
use super::text::{MAX_TOOLTIP_CHARS, clip};
use crate::model::facts::MapFacts;
use crate::model::{JourneyMap, Metric, Stage, Step};

/// A stage and its drawn steps.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingStage {
    pub id: String,
    pub name: String,
    pub time: Option<String>,
    pub goal: Option<String>,
    pub description: Option<String>,
    pub metrics: Vec<MetricLine>,
    pub steps: Vec<ReadingStep>,
}

/// A step with every lane's content.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingStep {
    pub id: String,
    pub name: String,
    pub time: Option<String>,
    pub description: Option<String>,
    /// The personas who take the step, when not everyone does.
    pub only: Vec<String>,
    pub touchpoints: Vec<TouchpointLine>,
    pub thoughts: Vec<String>,
    pub emotions: Vec<EmotionLine>,
    pub pain_points: Vec<PainLine>,
    pub opportunities: Vec<OpportunityLine>,
    pub frontstage: Vec<String>,
    pub backstage: Vec<String>,
    pub support: Vec<String>,
    pub metrics: Vec<MetricLine>,
    pub evidence: Vec<String>,
    pub owners: Vec<String>,
    pub resources_existing: Vec<String>,
    pub resources_required: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TouchpointLine {
    pub channel: String,
    /// The chip's index among the page's channels (for its colour).
    pub chip: usize,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmotionLine {
    /// The persona, when scores differ by persona.
    pub who: Option<String>,
    /// `+2`, `0`, `−1`.
    pub score: String,
    /// `pos`, `zero` or `neg`, for its colour.
    pub tone: &'static str,
    pub feeling: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PainLine {
    /// `P3`.
    pub number: String,
    pub text: String,
    pub severity: Option<&'static str>,
    /// The opportunities that address it.
    pub fixes: Vec<String>,
    pub tickets: Vec<TicketLine>,
}

/// A ticket of a pain point or opportunity, with its address when the project has a pattern.
#[derive(Debug, Clone, Serialize)]
pub struct TicketLine {
    pub id: String,
    pub href: Option<String>,
}

fn ticket_lines(tickets: &[crate::model::Ticket], pattern: Option<&str>) -> Vec<TicketLine> {
    tickets
        .iter()
        .map(|t| TicketLine {
            id: t.to_string(),
            href: pattern.map(|p| t.link(p)),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct OpportunityLine {
    pub text: String,
    /// The pain points it addresses, as numbered (`P2`).
    pub addresses: Vec<String>,
    pub owner: Option<String>,
    pub tickets: Vec<TicketLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricLine {
    pub name: String,
    pub value: Option<String>,
    pub target: Option<String>,
    pub source: Option<String>,
    /// `on target` or `off target`, when the metric says which way is better.
    pub verdict: Option<&'static str>,
}

/// The drawn steps (`steps`, as the diagram's columns have them) stage by stage.
pub(super) fn reading(
    map: &JourneyMap,
    steps: &[(usize, &Step)],
    channels: &[super::page::ChannelChip],
    ticket_url: Option<&str>,
) -> Vec<ReadingStage> {
    let facts = MapFacts::of(map);
    // Opportunity texts by the pain point id they address, over the whole map.
    let mut fixes: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (_, _, step) in map.steps() {
        for o in &step.opportunities {
            for id in o.addresses() {
                fixes
                    .entry(id.as_str())
                    .or_default()
                    .push(bounded(o.text()));
            }
        }
    }
    let mut out: Vec<ReadingStage> = Vec::new();
    for &(si, step) in steps {
        let stage = &map.stages[si];
        if out.last().is_none_or(|s| s.id != stage.id.as_str()) {
            out.push(reading_stage(stage));
        }
        let index = stage
            .steps
            .iter()
            .position(|s| std::ptr::eq(s, step))
            .unwrap_or(0);
        let entry = ReadingStep {
            id: step.id.to_string(),
            name: bounded(&step.name),
            time: step.time.as_ref().map(|t| t.as_str().to_string()),
            description: step.description.as_deref().map(bounded),
            only: if step.personas.is_empty() {
                Vec::new()
            } else {
                step.personas
                    .iter()
                    .map(|id| {
                        map.persona(id.as_str())
                            .map_or(id.to_string(), |p| bounded(&p.name))
                    })
                    .collect()
            },
            touchpoints: step
                .touchpoints
                .iter()
                .map(|t| {
                    let id = t.channel().as_str();
                    let chip = channels.iter().position(|c| c.id == id).unwrap_or(0);
                    TouchpointLine {
                        channel: channels
                            .get(chip)
                            .map_or(id.to_string(), |c| c.name.clone()),
                        chip,
                        text: t.name().map(bounded),
                    }
                })
                .collect(),
            thoughts: all(&step.thoughts),
            emotions: emotions(map, step),
            pain_points: step
                .pain_points
                .iter()
                .enumerate()
                .map(|(i, pain)| PainLine {
                    number: format!("P{}", facts.pain_number_at(si, index, i)),
                    text: bounded(pain.text()),
                    severity: pain.severity().map(|s| s.as_str()),
                    fixes: pain
                        .id()
                        .and_then(|id| fixes.get(id.as_str()))
                        .cloned()
                        .unwrap_or_default(),
                    tickets: ticket_lines(pain.tickets(), ticket_url),
                })
                .collect(),
            opportunities: step
                .opportunities
                .iter()
                .map(|o| OpportunityLine {
                    text: bounded(o.text()),
                    addresses: o
                        .addresses()
                        .iter()
                        .map(|id| {
                            facts
                                .pain_number(id.as_str())
                                .map_or(id.to_string(), |n| format!("P{n}"))
                        })
                        .collect(),
                    owner: o.owner().map(bounded),
                    tickets: ticket_lines(o.tickets(), ticket_url),
                })
                .collect(),
            frontstage: all(&step.frontstage),
            backstage: all(&step.backstage),
            support: all(&step.support),
            metrics: step.metrics.iter().map(metric_line).collect(),
            evidence: step.evidence.iter().map(|e| bounded(&e.line())).collect(),
            owners: all(&step.owners),
            resources_existing: step
                .resources
                .as_ref()
                .map(|r| all(&r.existing))
                .unwrap_or_default(),
            resources_required: step
                .resources
                .as_ref()
                .map(|r| all(&r.required))
                .unwrap_or_default(),
        };
        if let Some(stage) = out.last_mut() {
            stage.steps.push(entry);
        }
    }
    out
}

/// Map text as the page shows it: cut at [`MAX_TOOLTIP_CHARS`] characters, as the diagram's
/// tooltips are, so that a hostile map cannot make the page unboundedly big.
fn bounded(text: &str) -> String {
    clip(text, MAX_TOOLTIP_CHARS).into_owned()
}

fn all(texts: &[String]) -> Vec<String> {
    texts.iter().map(|t| bounded(t)).collect()
}

fn reading_stage(stage: &Stage) -> ReadingStage {
    ReadingStage {
        id: stage.id.to_string(),
        name: bounded(&stage.name),
        time: stage.time.as_ref().map(|t| t.as_str().to_string()),
        goal: stage.goal.as_deref().map(bounded),
        description: stage.description.as_deref().map(bounded),
        metrics: stage.metrics.iter().map(metric_line).collect(),
        steps: Vec::new(),
    }
}

fn metric_line(m: &Metric) -> MetricLine {
    MetricLine {
        name: bounded(&m.name),
        value: m.value.as_ref().map(ToString::to_string),
        target: m.target.as_ref().map(ToString::to_string),
        source: m.source.as_deref().map(bounded),
        verdict: on_target(m).map(|on| if on { "on target" } else { "off target" }),
    }
}

/// A step's scores: one line when everyone shares a score, else one per persona who has one.
fn emotions(map: &JourneyMap, step: &Step) -> Vec<EmotionLine> {
    let line = |who: Option<String>, score: i8| EmotionLine {
        who,
        score: score_label(score),
        tone: match score {
            s if s < 0 => "neg",
            0 => "zero",
            _ => "pos",
        },
        feeling: step.feeling.as_deref().map(bounded),
    };
    match &step.emotion {
        None => Vec::new(),
        Some(crate::model::Emotion::Score(s)) => vec![line(None, s.get())],
        Some(crate::model::Emotion::PerPersona(scores)) => scores
            .iter()
            .map(|(id, s)| {
                let who = map
                    .persona(id.as_str())
                    .map_or(id.to_string(), |p| bounded(&p.name));
                line(Some(who), s.get())
            })
            .collect(),
    }
}
