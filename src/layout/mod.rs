//! Stage 4: layout. From a checked [`JourneyMap`] and [`RenderOptions`] to a [`Scene`]:
//! positioned boxes, wrapped text lines, chips, curve points, lane and stage bands, blueprint
//! lines and a legend, with no SVG in it.
//!
//! Columns are steps grouped under stage headers; rows are lanes ([`Lane::DEFAULT_ORDER`]),
//! each drawn only when the map has content for it. Text is measured with the embedded
//! metrics of Liberation Sans ([`text`]), wrapped to its cell, and every lane grows to fit
//! its tallest cell, so no text overlaps another or leaves its cell
//! ([`scene::layout_problems`] checks this).

pub mod blocks;
pub mod emotion;
mod empathy;
pub mod font;
pub mod insights;
mod journey;
pub mod page;
pub mod paper;
pub mod reading;
pub mod scene;
pub mod text;
pub mod theme;
pub mod words;

use std::fmt;

use serde::Serialize;

use crate::model::JourneyMap;
pub use journey::{LANE_BY_LANE_ABOVE_STEPS, Placed};
pub use scene::{Scene, layout_problems};
pub use theme::ThemeName;

/// The fonts every diagram names: Liberation Sans first (metric-compatible with Arial,
/// bundled for PNG output, and what the layout measures with), then common sans-serif CJK
/// families, so that a browser draws Chinese, Japanese and Korean text in a face that sits
/// with the rest rather than whatever its default is.
pub const FONT_FAMILY: &str = "Liberation Sans, Arial, Helvetica, Noto Sans CJK JP, \
                               Noto Sans CJK SC, Hiragino Sans, PingFang SC, Microsoft YaHei, \
                               Yu Gothic, Malgun Gothic, sans-serif";

/// What to draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// The swimlane journey: stages, steps and the lanes below them.
    #[default]
    Journey,
    /// Each persona's card and empathy map (says, thinks, does, feels).
    Empathy,
}

impl View {
    /// Every view.
    pub const ALL: [View; 2] = [View::Journey, View::Empathy];

    /// The name used by `--view`.
    pub fn name(self) -> &'static str {
        match self {
            View::Journey => "journey",
            View::Empathy => "empathy",
        }
    }
}

/// A row of the journey view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lane {
    /// Stage headers with their goals.
    Stages,
    /// The time axis of day-in-the-life maps (drawn when steps or stages carry a time).
    Time,
    /// The customer's actions, one card per step.
    Steps,
    /// Channel chips, coloured by channel.
    Touchpoints,
    /// What the customer thinks.
    Thoughts,
    /// The emotion curve, -2..+2, one line per persona when they feel differently.
    Emotion,
    /// Pain points with their severity.
    PainPoints,
    /// Opportunities, with the pain points they address.
    Opportunities,
    /// Service blueprint: what employees do in view of the customer.
    Frontstage,
    /// Service blueprint: what employees do out of view.
    Backstage,
    /// Service blueprint: supporting systems and processes.
    Support,
    /// Stage and step metrics, value against target.
    Metrics,
    /// Research behind each step.
    Evidence,
    /// Teams responsible for each step.
    Owners,
    /// Resources each step has and needs.
    Resources,
}

impl Lane {
    /// Every lane, in the default order.
    pub const DEFAULT_ORDER: [Lane; 15] = [
        Lane::Stages,
        Lane::Time,
        Lane::Steps,
        Lane::Touchpoints,
        Lane::Thoughts,
        Lane::Emotion,
        Lane::PainPoints,
        Lane::Opportunities,
        Lane::Frontstage,
        Lane::Backstage,
        Lane::Support,
        Lane::Metrics,
        Lane::Evidence,
        Lane::Owners,
        Lane::Resources,
    ];

    /// The name used by `--lanes` and in ids (`pain-points`).
    pub fn name(self) -> &'static str {
        match self {
            Lane::Stages => "stages",
            Lane::Time => "time",
            Lane::Steps => "steps",
            Lane::Touchpoints => "touchpoints",
            Lane::Thoughts => "thoughts",
            Lane::Emotion => "emotion",
            Lane::PainPoints => "pain-points",
            Lane::Opportunities => "opportunities",
            Lane::Frontstage => "frontstage",
            Lane::Backstage => "backstage",
            Lane::Support => "support",
            Lane::Metrics => "metrics",
            Lane::Evidence => "evidence",
            Lane::Owners => "owners",
            Lane::Resources => "resources",
        }
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to draw a map.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub view: View,
    /// The lanes to draw, in this order; `None` draws every lane with content in the default
    /// order. A selected lane without content is still left out.
    pub lanes: Option<Vec<Lane>>,
    /// Draw only this persona's journey: the steps they take and their emotion line (or, in
    /// the empathy view, only their empathy map).
    pub persona: Option<String>,
    pub theme: ThemeName,
    /// Paper pages to cut the diagram into (`--page`): the title and legend are laid out no
    /// wider than a page.
    pub paper: Option<paper::PageSize>,
    /// Wrap the journey into rows of this many columns (`--wrap`): the title, legend and
    /// stage headers are laid out to fit a row.
    pub wrap: Option<usize>,
    /// The language of the diagram's own words (`--language`); `None` follows the map's
    /// `language:`, else English.
    pub language: Option<words::Language>,
    /// The project's own words (`[labels]` in `journeymap.toml`).
    pub labels: words::Overrides,
    /// The project's address pattern for tickets (`[links] ticket` in `journeymap.toml`):
    /// the HTML page links each ticket of a pain point or opportunity.
    pub ticket_url: Option<String>,
}

impl RenderOptions {
    /// The words to draw `map` with: `--language`, else the map's `language:` when there is a
    /// table for it, else English; with the project's overrides.
    pub fn words(&self, map: &JourneyMap) -> words::Words {
        let language = self
            .language
            .or_else(|| map.language.as_deref().and_then(words::Language::from_tag))
            .unwrap_or_default();
        words::Words::new(language, self.labels.clone())
    }
}

/// Why a map cannot be drawn with the given options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// `--persona` names no persona of the map.
    UnknownPersona {
        id: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    /// The persona takes no step of the map.
    PersonaWithoutSteps { id: String },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::UnknownPersona {
                id,
                known,
                suggestion,
            } => {
                write!(f, "unknown persona `{id}`")?;
                if known.is_empty() {
                    write!(f, "; the map declares no personas")?;
                } else {
                    write!(f, "; the map's personas are: {}", known.join(", "))?;
                }
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            LayoutError::PersonaWithoutSteps { id } => {
                write!(f, "persona `{id}` takes no step of this map")
            }
        }
    }
}

/// Lays out `map` as a Scene: [`Plan::new`] then [`Plan::scene`].
pub fn layout(map: &JourneyMap, options: &RenderOptions) -> Result<Scene, LayoutError> {
    Ok(Plan::new(map, options)?.scene())
}

/// A map and the options to draw it with, checked once: the one way into layout, for every
/// view and every size of map. Render is handed a `Plan` and receives from it only what
/// layout makes — a Scene, the bands of a streamed one, the page's facts — never the map.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    map: &'a JourneyMap,
    options: RenderOptions,
}

impl<'a> Plan<'a> {
    /// Checks `options` against `map`: refuses a `--persona` the map does not declare, or
    /// one who takes none of its steps (the journey view would have no column).
    pub fn new(map: &'a JourneyMap, options: &RenderOptions) -> Result<Plan<'a>, LayoutError> {
        if let Some(id) = &options.persona {
            if map.persona(id).is_none() {
                let known: Vec<String> = map.personas.iter().map(|p| p.id.to_string()).collect();
                let suggestion = crate::suggest::nearest(id, known.iter().map(String::as_str))
                    .filter(|(_, close)| *close)
                    .map(|(best, _)| best.to_string());
                return Err(LayoutError::UnknownPersona {
                    id: id.clone(),
                    known,
                    suggestion,
                });
            }
        }
        if options.view == View::Journey {
            let persona = options.persona.as_deref();
            if !map
                .steps()
                .any(|(_, _, step)| persona.is_none_or(|id| step.is_taken_by(id)))
            {
                return Err(LayoutError::PersonaWithoutSteps {
                    id: options.persona.clone().unwrap_or_default(),
                });
            }
        }
        Ok(Plan {
            map,
            options: options.clone(),
        })
    }

    pub fn options(&self) -> &RenderOptions {
        &self.options
    }

    /// The same drawing in another theme (nothing to check again).
    pub fn in_theme(&self, theme: ThemeName) -> Plan<'a> {
        Plan {
            map: self.map,
            options: RenderOptions {
                theme,
                ..self.options.clone()
            },
        }
    }

    /// The same drawing laid out for paper pages of `size` (what the HTML page prints).
    pub fn on_paper(&self, size: paper::PageSize) -> Plan<'a> {
        Plan {
            map: self.map,
            options: RenderOptions {
                paper: Some(size),
                ..self.options.clone()
            },
        }
    }

    /// The same drawing wrapped into rows (`--wrap`): the columns a row holds are chosen from
    /// a first layout, then the title, legend and stage headers are laid out to fit a row.
    /// `None` when one row is best (or for the empathy view).
    pub fn wrapped(&self) -> Option<Plan<'a>> {
        let columns = paper::wrap_columns(&self.scene())?;
        Some(Plan {
            map: self.map,
            options: RenderOptions {
                wrap: Some(columns),
                ..self.options.clone()
            },
        })
    }

    /// How wide the lane-label column at the left of the drawing is (none in the empathy
    /// view): what a viewer keeps in sight while the columns scroll.
    pub fn label_width(&self) -> f64 {
        match self.options.view {
            View::Journey => journey::MARGIN + journey::GUTTER,
            View::Empathy => 0.0,
        }
    }

    /// Whether the drawing is big enough that its bands should be streamed ([`Plan::stream`])
    /// rather than held as one Scene: a journey of more than [`LANE_BY_LANE_ABOVE_STEPS`]
    /// steps, which is also where the layout stops placing lanes in parallel.
    pub fn streams(&self) -> bool {
        self.options.view == View::Journey && self.map.steps().count() > LANE_BY_LANE_ABOVE_STEPS
    }

    /// The whole Scene.
    pub fn scene(&self) -> Scene {
        match self.options.view {
            View::Journey => journey::layout(self.map, &self.options),
            View::Empathy => empathy::layout(self.map, &self.options),
        }
    }

    /// Hands each band to `emit` as soon as it is placed, top to bottom, and returns the
    /// Scene without its bands (its size, title and description are known only at the end),
    /// so that a writer that drops each band once written never holds the whole Scene.
    pub fn stream(&self, emit: &mut dyn FnMut(Placed)) -> Scene {
        match self.options.view {
            View::Journey => journey::build(self.map, &self.options, emit),
            View::Empathy => {
                let mut scene = empathy::layout(self.map, &self.options);
                for band in std::mem::take(&mut scene.bands) {
                    emit(Placed::Band(band));
                }
                scene
            }
        }
    }

    /// What a page shows around the diagram: the map's facts, persona cards, channels,
    /// counts and insights.
    pub fn page(&self) -> page::Page {
        page::page(self.map, &self.options)
    }
}

/// A persona's short name: the part before the first comma (`Priya Nair, busy parent` ->
/// `Priya Nair`).
pub fn short_name(name: &str) -> &str {
    name.split(',')
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
}

/// One line of the emotion curve over the drawn steps, for summaries (the HTML insights).
#[derive(Debug, Clone)]
pub struct EmotionLine {
    pub label: String,
    /// The persona this line follows, or `None` for the one line everybody shares.
    pub persona: Option<String>,
    pub color: &'static str,
    /// One point per drawn step.
    pub points: Vec<emotion::Point>,
}

/// The steps the journey view draws (with their stage index), filtered by `--persona`, and
/// the emotion lines over them, exactly as the diagram draws them.
pub fn emotion_lines<'a>(
    map: &'a JourneyMap,
    options: &RenderOptions,
) -> (Vec<(usize, &'a crate::model::Step)>, Vec<EmotionLine>) {
    let persona = options.persona.as_deref().and_then(|id| map.persona(id));
    let j = journey::Journey::new(map, options.theme.palette(), persona);
    let lines = emotion::series(&j)
        .lines
        .into_iter()
        .map(|s| EmotionLine {
            label: s.label,
            persona: s.persona.map(|p| p.id.to_string()),
            color: s.color,
            points: s.points,
        })
        .collect();
    (j.cols.iter().map(|c| (c.stage, c.step)).collect(), lines)
}
