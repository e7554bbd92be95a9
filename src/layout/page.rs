//! What a page shows around its diagram, read from the map: the map's facts (kind, state,
//! owner, review), the persona cards, the channels the diagram uses, counts and insights.
//! Everything `render::html` needs besides the Scene, so that render never reads a map.

use serde::Serialize;

use super::insights::{Insights, insights};
use super::{RenderOptions, emotion_lines, theme};
use crate::model::{JourneyMap, Persona, Step};

/// The page's facts, as the HTML template sees them (documented with the template context in
/// `render::html`).
#[derive(Debug, Serialize)]
pub struct Page {
    /// The BCP 47 tag of the diagram's words (`<html lang>`).
    pub language: &'static str,
    /// Every fixed word in that language, by its name in `journeymap.toml` (`lowest-moments`),
    /// for the page's own headings and controls.
    pub words: std::collections::BTreeMap<&'static str, String>,
    pub description: String,
    pub kind: &'static str,
    pub kind_name: String,
    pub state: &'static str,
    pub state_name: String,
    pub owner: Option<String>,
    pub review: Option<String>,
    pub view: &'static str,
    /// The persona of `--persona`.
    pub persona: Option<PersonaCard>,
    pub channels: Vec<ChannelChip>,
    pub personas: Vec<PersonaCard>,
    pub insights: Insights,
    pub stats: Stats,
    /// The journey stage by stage, for a narrow screen and the detail panel.
    pub reading: Vec<super::reading::ReadingStage>,
}

/// A channel the diagram uses, in order of first use, with the colour its chips have.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelChip {
    pub id: String,
    pub name: String,
    pub color: String,
}

/// A persona's card.
#[derive(Debug, Clone, Serialize)]
pub struct PersonaCard {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub quote: Option<String>,
    pub goals: Vec<String>,
    pub frustrations: Vec<String>,
    pub needs: Vec<String>,
    pub empathy: Option<EmpathyQuadrants>,
    /// The persona's colour in the diagram's theme.
    pub color: &'static str,
}

/// A persona's empathy map as templates see it: all four quadrants always present (empty when
/// the map leaves one out), so a template may name any of them.
#[derive(Debug, Clone, Serialize)]
pub struct EmpathyQuadrants {
    pub says: Vec<String>,
    pub thinks: Vec<String>,
    pub does: Vec<String>,
    pub feels: Vec<String>,
}

/// Counts of what the diagram draws.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub stages: usize,
    pub steps: usize,
    pub pain_points: usize,
    pub opportunities: usize,
}

/// The page's facts for `map` drawn with `options` (which decide the persona shown, and the
/// theme whose persona and channel colours the cards use).
pub(super) fn page(map: &JourneyMap, options: &RenderOptions) -> Page {
    let (steps, lines) = emotion_lines(map, options);
    let palette = options.theme.palette();
    let personas: Vec<PersonaCard> = map
        .personas
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            options
                .persona
                .as_deref()
                .is_none_or(|id| id == p.id.as_str())
        })
        .map(|(i, p)| persona_card(p, palette.personas[i % palette.personas.len()]))
        .collect();
    let persona = options
        .persona
        .as_deref()
        .and_then(|id| personas.iter().find(|p| p.id == id).cloned());
    let channels = channels(map, &steps, palette);
    let mut stages: Vec<usize> = steps.iter().map(|(stage, _)| *stage).collect();
    stages.dedup();
    let words = options.words(map);
    Page {
        language: words.language.tag(),
        words: super::words::Word::ALL
            .iter()
            .map(|w| (w.name(), words.get(*w).to_string()))
            .collect(),
        description: map.description.clone().unwrap_or_default(),
        kind: map.kind.as_str(),
        kind_name: words
            .get(match map.kind {
                crate::model::Kind::Journey => super::words::Word::JourneyMap,
                crate::model::Kind::ServiceBlueprint => super::words::Word::ServiceBlueprint,
                crate::model::Kind::DayInTheLife => super::words::Word::DayInTheLife,
            })
            .to_string(),
        state: map.state.as_str(),
        state_name: words
            .get(match map.state {
                crate::model::State::Current => super::words::Word::CurrentState,
                crate::model::State::Future => super::words::Word::FutureState,
            })
            .to_string(),
        owner: map.owner.clone(),
        review: map.review.as_ref().map(|r| r.last.to_string()),
        view: options.view.name(),
        persona,
        reading: super::reading::reading(map, &steps, &channels, options.ticket_url.as_deref()),
        channels,
        personas,
        insights: insights(map, &steps, &lines),
        stats: Stats {
            stages: stages.len(),
            steps: steps.len(),
            pain_points: steps.iter().map(|(_, s)| s.pain_points.len()).sum(),
            opportunities: steps.iter().map(|(_, s)| s.opportunities.len()).sum(),
        },
    }
}

fn persona_card(p: &Persona, color: &'static str) -> PersonaCard {
    PersonaCard {
        id: p.id.to_string(),
        name: p.name.clone(),
        description: p.description.clone(),
        quote: p.quote.clone(),
        goals: p.goals.clone(),
        frustrations: p.frustrations.clone(),
        needs: p.needs.clone(),
        empathy: p.empathy.as_ref().map(|e| EmpathyQuadrants {
            says: e.says.clone(),
            thinks: e.thinks.clone(),
            does: e.does.clone(),
            feels: e.feels.clone(),
        }),
        color,
    }
}

/// The channels of the drawn steps' touchpoints, in order of first use, named and coloured as
/// the diagram's chips are.
fn channels(map: &JourneyMap, steps: &[(usize, &Step)], p: &theme::Palette) -> Vec<ChannelChip> {
    let looks = theme::ChannelLooks::of(map);
    let mut out: Vec<ChannelChip> = Vec::new();
    for (_, step) in steps {
        for tp in &step.touchpoints {
            let id = tp.channel().as_str();
            if out.iter().any(|c| c.id == id) {
                continue;
            }
            let (color, name) = looks.get(id);
            let color = theme::channel_color(color, p);
            out.push(ChannelChip {
                id: id.to_string(),
                name,
                color: color.to_string(),
            });
        }
    }
    out
}
