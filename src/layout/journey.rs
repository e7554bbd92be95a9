//! The journey view: a header, one band per lane (stages, steps and what happens around
//! them), the service-blueprint lines, and a legend.

use std::collections::{BTreeMap, BTreeSet};

use super::blocks::{
    Bar, CardStyle, Font, Line, card, card_text_within, circle, dashed, group, keyed, line, rect,
    shift, text_block,
};
use super::emotion;
use super::scene::{Anchor, Band, BandKind, EmotionScale, Item, Key, Rect, Scene, round};
use super::theme::{self, Palette};
use super::words::{Word, Words};
use super::{FONT_FAMILY, Lane, RenderOptions, View, short_name};
use crate::model::facts::MapFacts;
use crate::model::{Better, JourneyMap, Kind, Metric, MetricValue, Persona, Severity, Stage, Step};

pub const MARGIN: f64 = 24.0;
pub const GUTTER: f64 = 156.0;
pub const COL_W: f64 = 208.0;
/// Space between a column's edge and its cards.
pub const INSET: f64 = 6.0;
pub const CARD_W: f64 = COL_W - 2.0 * INSET;
const PAD_X: f64 = 9.0;
const PAD_Y: f64 = 7.0;
const LANE_TOP: f64 = 10.0;
const LANE_BOTTOM: f64 = 10.0;
const GAP: f64 = 7.0;
const MIN_WIDTH: f64 = 760.0;
/// Above this many steps, lanes are laid out one at a time on the calling thread: its
/// allocator reuses the memory the loader freed (worker threads would take fresh memory), and a
/// streaming caller holds one lane at a time.
pub const LANE_BY_LANE_ABOVE_STEPS: usize = 10_000;

/// A step drawn as a column.
pub struct Col<'a> {
    pub stage: usize,
    /// The step's index within its stage.
    pub index: usize,
    pub step: &'a Step,
    pub x: f64,
}

impl Col<'_> {
    pub fn center(&self) -> f64 {
        self.x + COL_W / 2.0
    }
}

/// A stage over its columns.
struct Span<'a> {
    index: usize,
    stage: &'a Stage,
    first: usize,
    count: usize,
}

/// A channel as drawn: its colour and display name.
struct ChannelLook {
    id: String,
    name: String,
    color: &'static str,
}

pub struct Journey<'a> {
    pub map: &'a JourneyMap,
    pub p: &'static Palette,
    pub persona: Option<&'a Persona>,
    pub cols: Vec<Col<'a>>,
    spans: Vec<Span<'a>>,
    channels: Vec<ChannelLook>,
    channel_index: BTreeMap<String, usize>,
    /// Which pain points are addressed, pain point numbers and texts (shared with the rules
    /// and the page's insights).
    facts: MapFacts<'a>,
    /// Opportunity texts by the pain point id they address (over the drawn steps).
    fixes: BTreeMap<&'a str, Vec<&'a str>>,
    pub width: f64,
    /// The diagram's own words, in the map's language.
    pub words: Words,
    /// On paper (`--page`), how wide the title and legend may be: what a page shows across.
    pub text_width: Option<f64>,
    /// On paper, how many columns a page surely holds (at full size): a stage's header text
    /// and its metrics stay within that many, so that a page cutting a wide stage cuts no text.
    pub page_columns: Option<usize>,
}

/// The whole Scene of the journey view (options checked by [`super::Plan::new`]).
pub(super) fn layout(map: &JourneyMap, options: &RenderOptions) -> Scene {
    let mut bands: Vec<Band> = Vec::new();
    let mut scene = build(map, options, &mut |placed| match placed {
        Placed::Band(band) => bands.push(band),
        Placed::Closing(item) => {
            if let Some(last) = bands.last_mut() {
                last.items.push(item);
            }
        }
    });
    scene.bands = bands;
    scene
}

/// What [`build`] hands its caller, top to bottom.
#[derive(Debug)]
pub enum Placed {
    /// The next band.
    Band(Band),
    /// One more item for the band handed over last: the line that closes the last lane,
    /// which is known to be needed only once no further lane has content. Sending it apart
    /// lets each band be handed over (and a streaming writer drop it) as soon as it is
    /// placed, rather than held back until the next lane is known.
    Closing(Item),
}

/// Lays out the journey view, handing each band to `emit` as soon as it is placed, top to
/// bottom, and returns the Scene without its bands (its size, title and description are known
/// only at the end). Small maps lay their lanes out in parallel; big ones
/// (over [`LANE_BY_LANE_ABOVE_STEPS`] steps) one lane at a time on the calling thread, so that a
/// caller that writes and drops each band never holds the whole Scene.
/// The options were checked by [`super::Plan::new`], so at least one step is drawn.
pub(super) fn build(
    map: &JourneyMap,
    options: &RenderOptions,
    emit: &mut dyn FnMut(Placed),
) -> Scene {
    let p = options.theme.palette();
    let persona = options.persona.as_deref().and_then(|id| map.persona(id));
    let mut journey = Journey::new(map, p, persona);
    journey.words = options.words(map);
    journey.text_width = options
        .paper
        .map(|page| page.content_width() - 2.0 * MARGIN)
        .or_else(|| {
            options
                .wrap
                .map(|n| super::paper::wrap_width(MARGIN + GUTTER, COL_W, n) - 2.0 * MARGIN)
        });
    journey.page_columns = options
        .paper
        .map(|page| (((page.content_width() - MARGIN - GUTTER) / COL_W).floor() as usize).max(1))
        .or(options.wrap);
    debug_assert!(
        !journey.cols.is_empty(),
        "Plan::new refuses a journey without steps"
    );
    let series = emotion::series(&journey);
    let lanes = options
        .lanes
        .clone()
        .unwrap_or_else(|| Lane::DEFAULT_ORDER.to_vec());
    let mut seen = BTreeSet::new();
    let lanes: Vec<Lane> = lanes.into_iter().filter(|l| seen.insert(*l)).collect();

    // The lines of interaction, visibility and internal interaction separate the staff lanes
    // from the customer's and from each other: in every service blueprint, and in any map
    // that draws two or more of frontstage, backstage and support.
    let staff_lanes = lanes
        .iter()
        .filter(|lane| journey.has_staff_lane(**lane))
        .count();
    let blueprint_lines = map.kind == Kind::ServiceBlueprint || staff_lanes >= 2;
    let header = journey.header();
    let mut y = MARGIN + header.height + 14.0;
    emit(Placed::Band(header));
    let mut drawn: Vec<Lane> = Vec::new();
    let mut stripe = 0usize;
    // Lanes are independent until they are stacked: lay them out in parallel, unless the map
    // is so big that holding every lane at once would cost too much memory.
    let sequential = journey.cols.len() > LANE_BY_LANE_ABOVE_STEPS;
    let mut contents: Vec<Option<(Vec<Item>, f64)>> = if sequential {
        Vec::new()
    } else {
        use rayon::prelude::*;
        lanes
            .par_iter()
            .map(|lane| journey.lane(*lane, &series))
            .collect()
    };
    for (i, lane) in lanes.iter().enumerate() {
        let content = if sequential {
            journey.lane(*lane, &series)
        } else {
            contents[i].take()
        };
        let Some((items, height)) = content else {
            continue;
        };
        if blueprint_lines && !drawn.is_empty() {
            let line = match lane {
                Lane::Frontstage => Some(("line-of-interaction", Word::LineOfInteraction)),
                Lane::Backstage => Some(("line-of-visibility", Word::LineOfVisibility)),
                Lane::Support => Some((
                    "line-of-internal-interaction",
                    Word::LineOfInternalInteraction,
                )),
                _ => None,
            };
            if let Some((id, label)) = line {
                let mut band = journey.blueprint_line(id, journey.words.get(label));
                band.y = y;
                shift(&mut band.items, y);
                y += band.height;
                emit(Placed::Band(band));
            }
        }
        let mut band = journey.lane_band(*lane, items, height, stripe);
        stripe += 1;
        band.y = round(y);
        shift(&mut band.items, y);
        y += band.height;
        emit(Placed::Band(band));
        drawn.push(*lane);
    }
    // Close the last lane.
    if !drawn.is_empty() {
        let right = journey.width - MARGIN;
        emit(Placed::Closing(line(
            MARGIN,
            y,
            right,
            y,
            journey.p.border,
            1.0,
        )));
    }
    y += 18.0;
    let mut legend = journey.legend(&drawn, &series);
    if !legend.items.is_empty() {
        legend.y = round(y);
        shift(&mut legend.items, y);
        y += legend.height;
        emit(Placed::Band(legend));
    }
    let height = (y + MARGIN).ceil();
    Scene {
        width: journey.width,
        height,
        title: journey.title(),
        description: journey.description(&drawn, &series),
        theme: options.theme,
        view: View::Journey,
        font_family: FONT_FAMILY,
        background: p.background,
        bands: Vec::new(),
        grid: Some(journey.grid()),
    }
}

impl<'a> Journey<'a> {
    pub fn new(map: &'a JourneyMap, p: &'static Palette, persona: Option<&'a Persona>) -> Self {
        let x0 = MARGIN + GUTTER;
        let mut cols = Vec::new();
        let mut spans = Vec::new();
        for (si, stage) in map.stages.iter().enumerate() {
            let first = cols.len();
            for (index, step) in stage.steps.iter().enumerate() {
                if persona.is_some_and(|p| !step.is_taken_by(p.id.as_str())) {
                    continue;
                }
                let x = x0 + cols.len() as f64 * COL_W;
                cols.push(Col {
                    stage: si,
                    index,
                    step,
                    x,
                });
            }
            if cols.len() > first {
                spans.push(Span {
                    index: si,
                    stage,
                    first,
                    count: cols.len() - first,
                });
            }
        }
        let looks = theme::ChannelLooks::of(map);
        let mut channels: Vec<ChannelLook> = Vec::new();
        let mut channel_index = BTreeMap::new();
        for col in &cols {
            for tp in &col.step.touchpoints {
                let id = tp.channel().as_str();
                if channel_index.contains_key(id) {
                    continue;
                }
                let (color, name) = looks.get(id);
                let color = theme::channel_color(color, p);
                channel_index.insert(id.to_string(), channels.len());
                channels.push(ChannelLook {
                    id: id.to_string(),
                    name,
                    color,
                });
            }
        }
        let mut fixes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for col in &cols {
            for o in &col.step.opportunities {
                for id in o.addresses() {
                    fixes.entry(id.as_str()).or_default().push(o.text());
                }
            }
        }
        let width = (x0 + cols.len() as f64 * COL_W + MARGIN)
            .max(MIN_WIDTH)
            .ceil();
        Journey {
            map,
            p,
            persona,
            cols,
            spans,
            channels,
            channel_index,
            facts: MapFacts::of(map),
            fixes,
            width,
            words: Words::default(),
            text_width: None,
            page_columns: None,
        }
    }

    fn title(&self) -> String {
        match self.persona {
            Some(p) => format!("{} ({})", self.map.title, short_name(&p.name)),
            None => self.map.title.clone(),
        }
    }

    fn kind_name(&self) -> &str {
        self.words.get(match self.map.kind {
            Kind::Journey => Word::JourneyMap,
            Kind::ServiceBlueprint => Word::ServiceBlueprint,
            Kind::DayInTheLife => Word::DayInTheLife,
        })
    }

    fn severity_name(&self, severity: Severity) -> &str {
        self.words.get(match severity {
            Severity::High => Word::High,
            Severity::Medium => Word::Medium,
            Severity::Low => Word::Low,
        })
    }

    fn description(&self, drawn: &[Lane], series: &emotion::Emotions<'_>) -> String {
        let mut text = format!(
            "{} of {} stages and {} steps",
            self.kind_name(),
            self.spans.len(),
            self.cols.len()
        );
        match self.persona {
            Some(p) => text.push_str(&format!(" for {}", p.name)),
            None if !self.map.personas.is_empty() => {
                let names: Vec<&str> = self.map.personas.iter().map(|p| p.name.as_str()).collect();
                text.push_str(&format!(" for {}", names.join("; ")));
            }
            None => {}
        }
        text.push_str(". Lanes: ");
        text.push_str(
            &drawn
                .iter()
                .map(|l| l.name())
                .collect::<Vec<_>>()
                .join(", "),
        );
        text.push('.');
        if let Some((score, cols)) = series.lowest() {
            let mut names: Vec<&str> = cols
                .iter()
                .take(5)
                .map(|&c| self.cols[c].step.name.as_str())
                .collect();
            let more = cols.len().saturating_sub(5);
            let more_text = format!("and {more} more");
            if more > 0 {
                names.push(&more_text);
            }
            text.push_str(&format!(
                " Lowest emotion ({}): {}.",
                emotion::score_label(score),
                names.join("; ")
            ));
        }
        let pains: usize = self.cols.iter().map(|c| c.step.pain_points.len()).sum();
        if pains > 0 {
            text.push_str(&format!(" {pains} pain points."));
        }
        text
    }

    /// Title, description and facts about the map.
    /// How wide the title and legend may be: the diagram's width inside its margins, or on
    /// paper what a page shows across.
    fn across(&self) -> f64 {
        let w = self.width - 2.0 * MARGIN;
        self.text_width.map_or(w, |page| w.min(page).floor())
    }

    /// Where the columns are, stage by stage.
    fn grid(&self) -> super::scene::Grid {
        super::scene::Grid {
            left: MARGIN + GUTTER,
            column_width: COL_W,
            stages: self
                .spans
                .iter()
                .map(|span| super::scene::GridStage {
                    name: span.stage.name.clone(),
                    columns: span.count,
                })
                .collect(),
        }
    }

    fn header(&self) -> Band {
        let p = self.p;
        let w = self.across();
        let cell = Rect::new(MARGIN, MARGIN, w, 0.0);
        let mut items = Vec::new();
        let mut y = MARGIN;
        let kicker = match self.persona {
            Some(persona) => format!("{} · {}", self.kind_name(), persona.name),
            None => self.kind_name().to_string(),
        };
        let state = self.words.get(match self.map.state {
            crate::model::State::Current => Word::CurrentState,
            crate::model::State::Future => Word::FutureState,
        });
        let mut facts = vec![format!("{kicker} · {state}")];
        if let Some(owner) = &self.map.owner {
            facts.push(self.words.with(Word::Owner, owner));
        }
        if let Some(review) = &self.map.review {
            facts.push(self.words.with(Word::Reviewed, &review.last.to_string()));
        }
        let blocks: Vec<(String, Font, &str, f64)> = [
            Some((facts.join("  ·  "), Font::bold(11.0), p.muted, 0.0)),
            Some((self.title(), Font::bold(24.0), p.text, 4.0)),
            self.map
                .description
                .as_ref()
                .map(|d| (d.clone(), Font::regular(13.0), p.muted, 6.0)),
            self.persona_line()
                .map(|l| (l, Font::regular(12.0), p.text, 6.0)),
        ]
        .into_iter()
        .flatten()
        .collect();
        for (content, font, color, gap) in blocks {
            y += gap;
            let max = if font.size > 20.0 { w } else { w.min(1100.0) };
            if let Some(t) = text_block(&content, MARGIN, y, max, font, color, Anchor::Start, cell)
            {
                y += t.bounds.h;
                items.push(Item::Text(t));
            }
        }
        let height = y - MARGIN;
        for item in &mut items {
            if let Item::Text(t) = item {
                t.cell = Rect::new(MARGIN, MARGIN, w, height);
            }
        }
        Band {
            id: "header".into(),
            kind: BandKind::Header,
            lane: None,
            label: self.title(),
            y: MARGIN,
            height: round(height),
            scale: None,
            items,
        }
    }

    fn persona_line(&self) -> Option<String> {
        if self.persona.is_some() || self.map.personas.is_empty() {
            return None;
        }
        let names: Vec<&str> = self.map.personas.iter().map(|p| p.name.as_str()).collect();
        let label = self.words.get(if names.len() == 1 {
            Word::Persona
        } else {
            Word::Personas
        });
        Some(format!("{label}: {}", names.join("  ·  ")))
    }

    fn lane_label(&self, lane: Lane) -> (&str, Option<&str>) {
        let (name, hint) = match lane {
            Lane::Stages => (Word::Stages, None),
            Lane::Time => (Word::Time, None),
            Lane::Steps if self.map.kind == Kind::ServiceBlueprint => {
                (Word::CustomerActions, Some(Word::StepsHint))
            }
            // A day in the life follows someone who need not be a customer (a nurse, a
            // technician).
            Lane::Steps if self.map.kind == Kind::DayInTheLife => {
                (Word::Steps, Some(Word::StepsHintPerson))
            }
            Lane::Steps => (Word::Steps, Some(Word::StepsHint)),
            Lane::Touchpoints => (Word::Touchpoints, Some(Word::TouchpointsHint)),
            Lane::Thoughts => (Word::Thoughts, Some(Word::ThoughtsHint)),
            Lane::Emotion => (Word::Emotion, None),
            Lane::PainPoints => (Word::PainPoints, Some(Word::PainPointsHint)),
            Lane::Opportunities => (Word::Opportunities, Some(Word::OpportunitiesHint)),
            Lane::Frontstage => (Word::Frontstage, Some(Word::FrontstageHint)),
            Lane::Backstage => (Word::Backstage, Some(Word::BackstageHint)),
            Lane::Support => (Word::Support, Some(Word::SupportHint)),
            Lane::Metrics => (Word::Metrics, Some(Word::MetricsHint)),
            Lane::Evidence => (Word::Evidence, Some(Word::EvidenceHint)),
            Lane::Owners => (Word::Owners, Some(Word::OwnersHint)),
            Lane::Resources => (Word::Resources, Some(Word::ResourcesHint)),
        };
        (self.words.get(name), hint.map(|h| self.words.get(h)))
    }

    /// A lane's band: background, gutter with the lane's name, stage separators, content.
    fn lane_band(&self, lane: Lane, content: Vec<Item>, height: f64, stripe: usize) -> Band {
        let p = self.p;
        let right = self.width - MARGIN;
        let fill = if stripe % 2 == 0 {
            p.background
        } else {
            p.band
        };
        let mut items = vec![
            rect(
                Rect::new(MARGIN, 0.0, right - MARGIN, height),
                0.0,
                fill,
                None,
                0.0,
            ),
            rect(
                Rect::new(MARGIN, 0.0, GUTTER, height),
                0.0,
                p.gutter,
                None,
                0.0,
            ),
        ];
        let x0 = MARGIN + GUTTER;
        for span in self.spans.iter().skip(1) {
            let x = x0 + span.first as f64 * COL_W;
            items.push(line(x, 0.0, x, height, p.grid, 1.0));
        }
        items.push(line(MARGIN, 0.0, right, 0.0, p.border, 1.0));
        items.extend(content);
        let (label, sub) = self.lane_label(lane);
        let label_w = if lane == Lane::Emotion {
            GUTTER - 52.0
        } else {
            GUTTER - 20.0
        };
        let cell = Rect::new(MARGIN, 0.0, label_w + 10.0, height);
        let mut y = LANE_TOP;
        if let Some(t) = text_block(
            label,
            MARGIN + 10.0,
            y,
            label_w,
            Font::bold(13.0),
            p.text,
            Anchor::Start,
            cell,
        ) {
            y += t.bounds.h + 2.0;
            items.push(Item::Text(t));
        }
        if let Some(sub) = sub {
            if let Some(t) = text_block(
                sub,
                MARGIN + 10.0,
                y,
                label_w,
                Font::regular(11.0),
                p.muted,
                Anchor::Start,
                cell,
            ) {
                if t.bounds.bottom() <= height {
                    items.push(Item::Text(t));
                }
            }
        }
        Band {
            id: format!("lane-{}", lane.name()),
            kind: BandKind::Lane,
            lane: Some(lane),
            label: label.to_string(),
            y: 0.0,
            height: round(height),
            scale: (lane == Lane::Emotion).then(|| EmotionScale {
                plus_two: round(emotion::score_y(2)),
                minus_two: round(emotion::score_y(-2)),
            }),
            items,
        }
    }

    /// A labelled dashed line across the diagram between staff lanes (see `build`).
    fn blueprint_line(&self, id: &str, label: &str) -> Band {
        let p = self.p;
        let height = 26.0;
        let right = self.width - MARGIN;
        let font = Font::bold(11.0);
        let mut items = vec![
            rect(
                Rect::new(MARGIN, 0.0, right - MARGIN, height),
                0.0,
                p.background,
                None,
                0.0,
            ),
            dashed(
                line(MARGIN, 13.0, right, 13.0, p.blueprint_line, 1.5),
                "8 4",
            ),
        ];
        let cell_w = GUTTER + COL_W - 8.0;
        if let Some(t) = text_block(
            label,
            MARGIN + 10.0,
            (height - font.line_height()) / 2.0,
            cell_w - 20.0,
            font,
            p.text,
            Anchor::Start,
            Rect::new(MARGIN, 0.0, cell_w, height),
        ) {
            let pill = Rect::new(MARGIN + 2.0, 3.0, t.bounds.w + 16.0, height - 6.0);
            items.push(rect(pill, 10.0, p.background, Some(p.blueprint_line), 1.0));
            items.push(Item::Text(t));
        }
        Band {
            id: id.to_string(),
            kind: BandKind::BlueprintLine,
            lane: None,
            label: label.to_string(),
            y: 0.0,
            height,
            scale: None,
            items,
        }
    }

    /// Whether `lane` is a staff lane (frontstage, backstage, support) with something to draw.
    fn has_staff_lane(&self, lane: Lane) -> bool {
        let entries = |step: &Step| match lane {
            Lane::Frontstage => step.frontstage.len(),
            Lane::Backstage => step.backstage.len(),
            Lane::Support => step.support.len(),
            _ => 0,
        };
        self.cols.iter().any(|col| entries(col.step) > 0)
    }

    /// The content of one lane, with y from 0, or `None` when the map has nothing for it.
    fn lane(&self, lane: Lane, series: &emotion::Emotions<'_>) -> Option<(Vec<Item>, f64)> {
        match lane {
            Lane::Stages => Some(self.stages()),
            Lane::Time => self.time_axis(),
            Lane::Steps => Some(self.steps()),
            Lane::Touchpoints => self.touchpoints(),
            Lane::Thoughts => self.simple_lane(
                Lane::Thoughts,
                "thought",
                |s| &s.thoughts,
                self.p.thought,
                12.0,
                |t| format!("\u{201C}{t}\u{201D}"),
            ),
            Lane::Emotion => emotion::lane(self, series),
            Lane::PainPoints => self.pain_points(),
            Lane::Opportunities => self.opportunities(),
            Lane::Frontstage => self.simple_lane(
                Lane::Frontstage,
                "frontstage",
                |s| &s.frontstage,
                self.p.frontstage,
                4.0,
                |t| t.to_string(),
            ),
            Lane::Backstage => self.simple_lane(
                Lane::Backstage,
                "backstage",
                |s| &s.backstage,
                self.p.backstage,
                4.0,
                |t| t.to_string(),
            ),
            Lane::Support => self.simple_lane(
                Lane::Support,
                "support",
                |s| &s.support,
                self.p.support,
                4.0,
                |t| t.to_string(),
            ),
            Lane::Metrics => self.metrics(),
            Lane::Evidence => self.simple_lane(
                Lane::Evidence,
                "evidence",
                |s| &s.evidence,
                self.p.evidence,
                2.0,
                |t| t.to_string(),
            ),
            Lane::Owners => self.owners(),
            Lane::Resources => self.resources(),
        }
    }

    fn stage_color(&self, stage: usize) -> &'static str {
        self.p.stages[stage % self.p.stages.len()]
    }

    fn stages(&self) -> (Vec<Item>, f64) {
        let p = self.p;
        let mut cards = Vec::new();
        let mut height: f64 = 0.0;
        for span in &self.spans {
            let x = self.cols[span.first].x + INSET;
            let w = span.count as f64 * COL_W - 2.0 * INSET;
            let accent = self.stage_color(span.index);
            let fill = theme::mix(accent, p.background, 0.12);
            let mut lines = Vec::new();
            if let Some(time) = &span.stage.time {
                lines.push(Line::new(time.as_str(), Font::bold(12.0), p.text));
            }
            lines.push(Line::new(
                span.stage.name.as_str(),
                Font::bold(15.0),
                p.text,
            ));
            if let Some(goal) = &span.stage.goal {
                lines.push(
                    Line::new(
                        self.words.with(Word::Goal, goal),
                        Font::regular(12.0),
                        p.text,
                    )
                    .gap(3.0),
                );
            }
            let tooltip = [
                Some(span.stage.name.clone()),
                span.stage.description.clone(),
                span.stage.goal.as_ref().map(|g| format!("Goal: {g}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
            let text_w = self
                .page_columns
                .map_or(w, |n| n as f64 * COL_W - 2.0 * INSET);
            let (item, h) = card_text_within(
                "stage",
                x,
                LANE_TOP,
                w,
                text_w,
                &lines,
                CardStyle {
                    fill,
                    stroke: None,
                    rx: 6.0,
                    pad_x: 12.0,
                    pad_y: 8.0,
                    bar: Some(Bar::Top(accent, 4.0)),
                    dash: false,
                },
                Some(tooltip),
            );
            height = height.max(h);
            cards.push(keyed(
                item,
                Key::Stage {
                    stage: span.stage.id.to_string(),
                },
            ));
        }
        // Stage headers share one height so the band reads as a row.
        for item in &mut cards {
            stretch_card(item, height);
        }
        (cards, LANE_TOP + height + LANE_BOTTOM)
    }

    fn time_axis(&self) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        let mut times = Vec::new();
        let mut last_stage = usize::MAX;
        for col in &self.cols {
            let stage_time = if col.stage != last_stage {
                self.map.stages[col.stage].time.as_ref()
            } else {
                None
            };
            last_stage = col.stage;
            if let Some(t) = col.step.time.as_ref().or(stage_time) {
                times.push((col, t));
            }
        }
        if times.is_empty() {
            return None;
        }
        let axis_y = 32.0;
        let first = self.cols[0].x + INSET;
        let last = self.cols[self.cols.len() - 1].x + COL_W - INSET;
        let mut items = vec![line(first, axis_y, last, axis_y, p.muted, 1.5)];
        let font = Font::bold(12.0);
        // Columns are equally wide whatever the time between them, so the axis says how long
        // each interval is, and marks a break where one is more than twice the shortest: the
        // reader sees that 08:30 → 14:00 is not drawn to scale beside 07:00 → 08:30.
        let gaps: Vec<(f64, f64, u32)> = times
            .windows(2)
            .filter_map(|pair| {
                let (a, b) = (pair[0].1.minutes()?, pair[1].1.minutes()?);
                let gap = (b + 24 * 60 - a) % (24 * 60);
                (gap > 0).then_some((pair[0].0.center(), pair[1].0.center(), gap))
            })
            .collect();
        let shortest = gaps.iter().map(|(_, _, gap)| *gap).min().unwrap_or(0);
        let gap_font = Font::regular(10.0);
        for &(a, b, gap) in &gaps {
            // The midpoint is the boundary between two columns, where a stage's separator
            // may run: the label ends just before it.
            let mid = (a + b) / 2.0;
            let cell = Rect::new(
                a + 12.0,
                axis_y + 4.0,
                mid - a - 18.0,
                gap_font.line_height() + 2.0,
            );
            if let Some(t) = text_block(
                &duration(gap),
                mid - 8.0,
                axis_y + 5.0,
                cell.w,
                gap_font,
                p.muted,
                Anchor::End,
                cell,
            ) {
                items.push(Item::Text(t));
            }
            if gap > 2 * shortest {
                let mark = |dx: f64| {
                    line(
                        mid + dx - 3.0,
                        axis_y + 6.0,
                        mid + dx + 3.0,
                        axis_y - 6.0,
                        p.text,
                        1.5,
                    )
                };
                items.push(group(
                    "time-break",
                    Some(format!(
                        "{} between these steps: not drawn to scale",
                        duration(gap)
                    )),
                    vec![mark(-3.0), mark(3.0)],
                ));
            }
        }
        let bottom = if gaps.is_empty() {
            axis_y + 14.0
        } else {
            axis_y + 5.0 + gap_font.line_height() + 8.0
        };
        for (col, time) in times {
            let cx = col.center();
            items.push(line(cx, axis_y - 5.0, cx, axis_y + 5.0, p.text, 2.0));
            items.push(circle(cx, axis_y, 3.5, p.text, None, 0.0));
            let cell = Rect::new(col.x, 0.0, COL_W, axis_y - 6.0);
            if let Some(t) = text_block(
                time.as_str(),
                cx,
                8.0,
                COL_W - 8.0,
                font,
                p.text,
                Anchor::Middle,
                cell,
            ) {
                items.push(Item::Text(t));
            }
        }
        Some((items, bottom))
    }

    fn steps(&self) -> (Vec<Item>, f64) {
        let p = self.p;
        let mut cards = Vec::new();
        let mut height: f64 = 0.0;
        let many_personas = self.map.personas.len() > 1 && self.persona.is_none();
        for col in &self.cols {
            let step = col.step;
            let mut lines = vec![Line::new(step.name.as_str(), Font::bold(13.0), p.text)];
            if many_personas && !step.personas.is_empty() {
                let names: Vec<&str> = step
                    .personas
                    .iter()
                    .filter_map(|id| self.map.persona(id.as_str()))
                    .map(|x| short_name(&x.name))
                    .collect();
                lines.push(
                    Line::new(
                        self.words.with(Word::Only, &names.join(", ")),
                        Font::bold(11.0),
                        p.muted,
                    )
                    .gap(4.0),
                );
            }
            if let Some(d) = &step.description {
                lines.push(Line::new(d.as_str(), Font::regular(11.0), p.muted).gap(4.0));
            }
            let (item, h) = card(
                "step",
                col.x + INSET,
                LANE_TOP,
                CARD_W,
                &lines,
                CardStyle {
                    fill: p.surface,
                    stroke: Some(p.border),
                    rx: 6.0,
                    pad_x: PAD_X + 1.0,
                    pad_y: 9.0,
                    bar: Some(Bar::Top(self.stage_color(col.stage), 3.0)),
                    dash: false,
                },
                Some(self.step_tooltip(step)),
            );
            height = height.max(h);
            cards.push(keyed(
                item,
                Key::Step {
                    step: step.id.to_string(),
                },
            ));
        }
        for item in &mut cards {
            stretch_card(item, height);
        }
        (cards, LANE_TOP + height + LANE_BOTTOM)
    }

    fn step_tooltip(&self, step: &Step) -> String {
        let mut parts = vec![step.name.clone()];
        if let Some(t) = &step.time {
            parts.push(format!("Time: {t}"));
        }
        if let Some(d) = &step.description {
            parts.push(d.clone());
        }
        if !step.personas.is_empty() {
            let names: Vec<&str> = step
                .personas
                .iter()
                .filter_map(|id| self.map.persona(id.as_str()))
                .map(|x| x.name.as_str())
                .collect();
            parts.push(format!("Personas: {}", names.join("; ")));
        }
        if let Some(f) = &step.feeling {
            parts.push(format!("Feeling: {f}"));
        }
        for e in &step.evidence {
            parts.push(format!("Evidence: {}", e.line()));
        }
        parts.join("\n")
    }

    /// Runs `fill` for every column with a stack that places cards top to bottom.
    fn per_column(&self, mut fill: impl FnMut(&Col<'a>, &mut Stack)) -> Option<(Vec<Item>, f64)> {
        let mut items = Vec::with_capacity(self.cols.len() * 2);
        let mut bottom: f64 = 0.0;
        for col in &self.cols {
            let mut stack = Stack {
                x: col.x + INSET,
                y: LANE_TOP,
                items: Vec::new(),
            };
            fill(col, &mut stack);
            if !stack.items.is_empty() {
                bottom = bottom.max(stack.y - GAP);
                items.append(&mut stack.items);
            }
        }
        (!items.is_empty()).then_some((items, bottom + LANE_BOTTOM))
    }

    fn simple_lane<T: LaneText>(
        &self,
        lane: Lane,
        class: &'static str,
        get: impl Fn(&Step) -> &[T],
        colors: (&'static str, &'static str),
        rx: f64,
        format: impl Fn(&str) -> String,
    ) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        let font = if class == "evidence" {
            Font::regular(11.0)
        } else {
            Font::regular(12.0)
        };
        let color = if class == "evidence" { p.muted } else { p.text };
        self.per_column(|col, stack| {
            for (index, text) in get(col.step).iter().enumerate() {
                let style = CardStyle {
                    fill: colors.0,
                    stroke: Some(colors.1),
                    rx,
                    pad_x: PAD_X,
                    pad_y: PAD_Y,
                    bar: None,
                    dash: false,
                };
                // The card shows the whole text, so it needs no hover details.
                let key = entry(col.step, lane, index);
                stack.card(
                    key,
                    class,
                    &[Line::new(format(&text.lane_text()), font, color)],
                    style,
                    None,
                );
            }
        })
    }

    fn touchpoints(&self) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        let font = Font::regular(11.0);
        self.per_column(|col, stack| {
            for (index, tp) in col.step.touchpoints.iter().enumerate() {
                let look = &self.channels[self.channel_index[tp.channel().as_str()]];
                let label = tp.name().unwrap_or(&look.name);
                let (item, h) = chip(
                    stack.x,
                    stack.y,
                    CARD_W,
                    label,
                    font,
                    look.color,
                    p,
                    Some(match (tp.name(), &tp) {
                        (Some(name), crate::model::Touchpoint::Detailed(d)) => {
                            let mut t = format!("{}: {name}", look.name);
                            if let Some(desc) = &d.description {
                                t.push('\n');
                                t.push_str(desc);
                            }
                            t
                        }
                        _ => look.name.clone(),
                    }),
                );
                stack.push(keyed(item, entry(col.step, Lane::Touchpoints, index)), h);
            }
        })
    }

    fn severity_color(&self, severity: Option<Severity>) -> &'static str {
        match severity {
            Some(Severity::High) => self.p.severity_high,
            Some(Severity::Medium) => self.p.severity_medium,
            Some(Severity::Low) => self.p.severity_low,
            None => self.p.severity_none,
        }
    }

    fn pain_points(&self) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        self.per_column(|col, stack| {
            let (si, pi) = (col.stage, col.index);
            for (i, pain) in col.step.pain_points.iter().enumerate() {
                let number = self.facts.pain_number_at(si, pi, i);
                let severity = pain.severity();
                let color = self.severity_color(severity);
                let mut head = format!("P{number}");
                if let Some(s) = severity {
                    head.push_str(" · ");
                    head.push_str(&self.severity_name(s).to_uppercase());
                }
                let unaddressed = !self.facts.is_addressed(col.step, pain);
                let mut tooltip = format!("P{number}: {}", pain.text());
                if let Some(s) = severity {
                    tooltip.push_str(&format!("\nSeverity: {}", s.as_str()));
                }
                let fixes = pain
                    .id()
                    .and_then(|id| self.fixes.get(id.as_str()))
                    .map_or(&[][..], |v| v.as_slice());
                for f in fixes {
                    tooltip.push_str(&format!("\nAddressed by: {f}"));
                }
                if unaddressed {
                    tooltip.push_str("\nNo opportunity addresses this pain point yet.");
                }
                let width = if severity == Some(Severity::High) {
                    6.0
                } else {
                    4.0
                };
                stack.card(
                    entry(col.step, Lane::PainPoints, i),
                    "pain-point",
                    &[
                        Line::new(head, Font::bold(10.0), color),
                        Line::new(pain.text(), Font::regular(12.0), p.text).gap(2.0),
                    ],
                    CardStyle {
                        fill: p.pain.0,
                        stroke: Some(if unaddressed { color } else { p.pain.1 }),
                        rx: 4.0,
                        pad_x: PAD_X,
                        pad_y: PAD_Y,
                        bar: Some(Bar::Left(color, width)),
                        dash: unaddressed,
                    },
                    Some(tooltip),
                );
            }
        })
    }

    fn opportunities(&self) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        self.per_column(|col, stack| {
            for (index, opp) in col.step.opportunities.iter().enumerate() {
                let numbers: Vec<String> = opp
                    .addresses()
                    .iter()
                    .filter_map(|id| self.facts.pain_number(id.as_str()))
                    .map(|n| format!("P{n}"))
                    .collect();
                let head = if numbers.is_empty() {
                    "IDEA".to_string()
                } else {
                    self.words.with(Word::Addresses, &numbers.join(", "))
                };
                let mut lines = vec![
                    Line::new(head, Font::bold(10.0), p.opportunity_text),
                    Line::new(opp.text(), Font::regular(12.0), p.text).gap(2.0),
                ];
                if let Some(owner) = opp.owner() {
                    lines.push(
                        Line::new(
                            self.words.with(Word::Owner, owner),
                            Font::regular(11.0),
                            p.muted,
                        )
                        .gap(3.0),
                    );
                }
                let mut tooltip = opp.text().to_string();
                for id in opp.addresses() {
                    if let Some(text) = self.pain_text(id.as_str()) {
                        let n = self.facts.pain_number(id.as_str()).unwrap_or(0);
                        tooltip.push_str(&format!("\nAddresses P{n}: {text}"));
                    }
                }
                if let Some(owner) = opp.owner() {
                    tooltip.push_str(&format!("\nOwner: {owner}"));
                }
                stack.card(
                    entry(col.step, Lane::Opportunities, index),
                    "opportunity",
                    &lines,
                    CardStyle {
                        fill: p.opportunity.0,
                        stroke: Some(p.opportunity.1),
                        rx: 4.0,
                        pad_x: PAD_X,
                        pad_y: PAD_Y,
                        bar: None,
                        dash: false,
                    },
                    Some(tooltip),
                );
            }
        })
    }

    fn pain_text(&self, id: &str) -> Option<&str> {
        self.facts.pain_text(id)
    }

    fn metric_card(
        &self,
        m: &Metric,
        x: f64,
        y: f64,
        w: f64,
        accent: Option<&'static str>,
    ) -> (Item, f64) {
        let p = self.p;
        let bars = match (m.value.as_ref(), m.target.as_ref()) {
            (Some(v), Some(t)) => comparable(v, t),
            _ => None,
        };
        // Whether the value meets its target, when the metric says which way is better.
        let met = on_target(m);
        let judged = met.map(|on| if on { p.on_target } else { p.off_target });
        let mut lines = vec![Line::new(m.name.as_str(), Font::bold(11.0), p.muted)];
        if let Some(v) = &m.value {
            lines.push(
                Line::new(v.to_string(), Font::bold(16.0), judged.unwrap_or(p.text)).gap(2.0),
            );
        }
        if let Some(t) = &m.target {
            // The verdict in words too: colour alone is lost on paper and to some readers.
            let verdict = match met {
                Some(true) => format!(" · {}", self.words.get(Word::OnTarget)),
                Some(false) => format!(" · {}", self.words.get(Word::OffTarget)),
                None => String::new(),
            };
            lines.push(
                Line::new(
                    self.words.with(Word::Target, &format!("{t}{verdict}")),
                    Font::regular(11.0),
                    p.text,
                )
                .gap(1.0),
            );
        }
        if let Some(s) = &m.source {
            lines.push(
                Line::new(
                    self.words.with(Word::Source, s),
                    Font::regular(10.0),
                    p.muted,
                )
                .gap(2.0),
            );
        }
        let mut tooltip = m.name.clone();
        if let Some(v) = &m.value {
            tooltip.push_str(&format!("\nValue: {v}"));
        }
        if let Some(t) = &m.target {
            tooltip.push_str(&format!("\nTarget: {t}"));
        }
        if let Some(s) = &m.source {
            tooltip.push_str(&format!("\nSource: {s}"));
        }
        let (mut item, mut h) = card(
            "metric",
            x,
            y,
            w,
            &lines,
            CardStyle {
                fill: p.metric.0,
                stroke: Some(p.metric.1),
                rx: 4.0,
                pad_x: PAD_X,
                pad_y: PAD_Y,
                bar: accent.map(|a| Bar::Top(a, 3.0)),
                dash: false,
            },
            Some(tooltip),
        );
        if let (Some((v, t, max)), Item::Group(g)) = (bars, &mut item) {
            // Value against target: a bar for the value and a tick for the target, on a
            // shared scale (a ratio's own, else the larger of the two).
            let track_x = x + PAD_X;
            let track_w = w - 2.0 * PAD_X;
            let top = y + h - 2.0;
            let vw = track_w * v / max;
            let tx = track_x + track_w * t / max;
            g.items.push(rect(
                Rect::new(track_x, top, track_w, 6.0),
                3.0,
                p.grid,
                None,
                0.0,
            ));
            g.items.push(rect(
                Rect::new(track_x, top, vw.max(2.0), 6.0),
                3.0,
                judged.unwrap_or(p.value_bar),
                None,
                0.0,
            ));
            g.items
                .push(line(tx, top - 3.0, tx, top + 9.0, p.target_mark, 2.0));
            h += 12.0;
            if let Some(Item::Rect(body)) = g.items.first_mut() {
                body.rect.h = round(h);
            }
            for it in &mut g.items {
                if let Item::Text(t) = it {
                    t.cell.h = round(h);
                }
            }
        }
        (item, h)
    }

    fn metrics(&self) -> Option<(Vec<Item>, f64)> {
        let mut items = Vec::new();
        // Stage metrics span their stage: a grid with one card per column of the stage.
        let mut top_bottom: f64 = 0.0;
        let mut any_stage = false;
        for span in &self.spans {
            let metrics = &span.stage.metrics;
            if metrics.is_empty() {
                continue;
            }
            any_stage = true;
            let x0 = self.cols[span.first].x + INSET;
            let (per_row, w) = if self.page_columns.is_some() {
                // On paper, one card per column, so that a page cutting the stage between
                // its steps cuts no card.
                (span.count, CARD_W)
            } else {
                let per_row = span.count.min(metrics.len()).max(1);
                let avail = span.count as f64 * COL_W - 2.0 * INSET;
                (
                    per_row,
                    (avail - (per_row as f64 - 1.0) * GAP) / per_row as f64,
                )
            };
            let step = if self.page_columns.is_some() {
                COL_W
            } else {
                w + GAP
            };
            let accent = self.stage_color(span.index);
            let mut y = LANE_TOP;
            for row in metrics.chunks(per_row) {
                let mut row_h: f64 = 0.0;
                let mut row_items = Vec::new();
                for (i, m) in row.iter().enumerate() {
                    let x = x0 + i as f64 * step;
                    let (item, h) = self.metric_card(m, x, y, w, Some(accent));
                    row_h = row_h.max(h);
                    let key = Key::Metric {
                        stage: span.stage.id.to_string(),
                        step: None,
                        name: m.name.clone(),
                    };
                    row_items.push(keyed(item, key));
                }
                for item in &mut row_items {
                    stretch_card(item, row_h);
                }
                items.extend(row_items);
                y += row_h + GAP;
            }
            top_bottom = top_bottom.max(y - GAP);
        }
        let start = if any_stage {
            top_bottom + GAP + 4.0
        } else {
            LANE_TOP
        };
        let mut bottom = top_bottom;
        for col in &self.cols {
            let mut y = start;
            for m in &col.step.metrics {
                let (item, h) = self.metric_card(m, col.x + INSET, y, CARD_W, None);
                let key = Key::Metric {
                    stage: self.map.stages[col.stage].id.to_string(),
                    step: Some(col.step.id.to_string()),
                    name: m.name.clone(),
                };
                items.push(keyed(item, key));
                y += h + GAP;
                bottom = bottom.max(y - GAP);
            }
        }
        (!items.is_empty()).then_some((items, bottom + LANE_BOTTOM))
    }

    fn owners(&self) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        self.per_column(|col, stack| {
            for (index, owner) in col.step.owners.iter().enumerate() {
                let (item, h) = chip(
                    stack.x,
                    stack.y,
                    CARD_W,
                    owner,
                    Font::bold(11.0),
                    p.owner.1,
                    p,
                    Some(self.words.with(Word::Owner, owner)),
                );
                stack.push(keyed(item, entry(col.step, Lane::Owners, index)), h);
            }
        })
    }

    fn resources(&self) -> Option<(Vec<Item>, f64)> {
        let p = self.p;
        self.per_column(|col, stack| {
            let Some(res) = &col.step.resources else {
                return;
            };
            for (index, (head, list)) in [
                (self.words.get(Word::Has), &res.existing),
                (self.words.get(Word::Needs), &res.required),
            ]
            .into_iter()
            .enumerate()
            {
                if list.is_empty() {
                    continue;
                }
                let mut lines = vec![Line::new(head, Font::bold(10.0), p.muted)];
                for r in list {
                    lines.push(Line::new(format!("• {r}"), Font::regular(11.0), p.text).gap(2.0));
                }
                stack.card(
                    entry(col.step, Lane::Resources, index),
                    "resources",
                    &lines,
                    CardStyle {
                        fill: p.evidence.0,
                        stroke: Some(p.evidence.1),
                        rx: 4.0,
                        pad_x: PAD_X,
                        pad_y: PAD_Y,
                        bar: None,
                        dash: false,
                    },
                    Some(format!("{}: {}", head.to_lowercase(), list.join("; "))),
                );
            }
        })
    }

    /// The legend: channels, emotion lines and the lowest point, pain point severity.
    fn legend(&self, drawn: &[Lane], series: &emotion::Emotions<'_>) -> Band {
        let p = self.p;
        let right = MARGIN + self.across();
        let mut flow = Flow {
            x: MARGIN,
            y: 0.0,
            left: MARGIN,
            right,
            row_h: 0.0,
            items: Vec::new(),
        };
        let font = Font::regular(12.0);
        let heading = Font::bold(12.0);
        if drawn.contains(&Lane::Touchpoints) && !self.channels.is_empty() {
            let start = flow.items.len();
            flow.heading(self.words.get(Word::Channels), heading, p);
            for ch in &self.channels {
                let chip_fill = theme::mix(ch.color, p.surface, p.chip_tint);
                let dot = theme::visible_on(ch.color, chip_fill, p.text);
                flow.entry(
                    &ch.name,
                    font,
                    p,
                    |x, y| {
                        vec![
                            rect(
                                Rect::new(x, y + 1.0, 22.0, 14.0),
                                7.0,
                                chip_fill,
                                Some(ch.color),
                                1.0,
                            ),
                            circle(x + 8.0, y + 8.0, 3.5, dot, None, 0.0),
                        ]
                    },
                    Some(format!("Channel {}", ch.id)),
                );
            }
            flow.newline();
            flow.row_since(start, "legend-touchpoints");
        }
        if drawn.contains(&Lane::Emotion) && series.has_points() {
            let start = flow.items.len();
            flow.heading(self.words.get(Word::Emotion), heading, p);
            if series.lines.len() > 1 || series.lines.iter().any(|l| l.persona.is_some()) {
                for l in &series.lines {
                    let color = l.color;
                    flow.entry(
                        &l.label,
                        font,
                        p,
                        |x, y| {
                            vec![
                                line(x, y + 8.0, x + 22.0, y + 8.0, color, 3.0),
                                circle(x + 11.0, y + 8.0, 4.0, p.background, Some(color), 2.0),
                            ]
                        },
                        None,
                    );
                }
            } else {
                for (score, label) in [
                    (2, self.words.get(Word::VeryPositive)),
                    (0, self.words.get(Word::Neutral)),
                    (-2, self.words.get(Word::VeryNegative)),
                ] {
                    let (fill, stroke) = emotion::score_colors(p, score);
                    flow.entry(
                        label,
                        font,
                        p,
                        move |x, y| vec![circle(x + 8.0, y + 8.0, 7.0, fill, Some(stroke), 2.0)],
                        None,
                    );
                }
            }
            let lowest = p.lowest;
            flow.entry(
                self.words.get(Word::LowestPoint),
                font,
                p,
                |x, y| {
                    vec![dashed(
                        circle(x + 9.0, y + 8.0, 8.0, p.background, Some(lowest), 2.0),
                        "3 2",
                    )]
                },
                None,
            );
            flow.newline();
            flow.row_since(start, "legend-emotion");
        }
        if drawn.contains(&Lane::PainPoints)
            && self.cols.iter().any(|c| !c.step.pain_points.is_empty())
        {
            let start = flow.items.len();
            flow.heading(self.words.get(Word::PainPoints), heading, p);
            // Only the severities the drawn pain points have, highest first.
            let drawn_pains = || self.cols.iter().flat_map(|c| &c.step.pain_points);
            let used: Vec<Severity> = Severity::ALL
                .into_iter()
                .rev()
                .filter(|s| drawn_pains().any(|pain| pain.severity() == Some(*s)))
                .collect();
            for (i, severity) in used.into_iter().enumerate() {
                let color = self.severity_color(Some(severity));
                let name = self.severity_name(severity);
                let label = if i == 0 {
                    self.words.with(Word::Severity, name)
                } else {
                    name.to_string()
                };
                flow.entry(
                    &label,
                    font,
                    p,
                    |x, y| {
                        vec![
                            rect(
                                Rect::new(x, y + 1.0, 22.0, 14.0),
                                2.0,
                                p.pain.0,
                                Some(p.pain.1),
                                1.0,
                            ),
                            rect(Rect::new(x, y + 1.0, 5.0, 14.0), 0.0, color, None, 0.0),
                        ]
                    },
                    None,
                );
            }
            let unaddressed = self.cols.iter().any(|c| {
                c.step
                    .pain_points
                    .iter()
                    .any(|pain| !self.facts.is_addressed(c.step, pain))
            });
            if unaddressed {
                flow.entry(
                    self.words.get(Word::Unaddressed),
                    font,
                    p,
                    |x, y| {
                        vec![dashed(
                            rect(
                                Rect::new(x, y + 1.0, 22.0, 14.0),
                                2.0,
                                p.pain.0,
                                Some(p.severity_none),
                                1.5,
                            ),
                            "5 3",
                        )]
                    },
                    None,
                );
            }
            flow.newline();
            flow.row_since(start, "legend-pain-points");
        }
        let height = if flow.items.is_empty() {
            0.0
        } else {
            flow.y - 6.0
        };
        Band {
            id: "legend".into(),
            kind: BandKind::Legend,
            lane: None,
            label: "Legend".into(),
            y: 0.0,
            height: round(height.max(0.0)),
            scale: None,
            items: flow.items,
        }
    }
}

/// The key of the `index`-th entry of `step`'s list drawn in `lane`.
fn entry(step: &Step, lane: Lane, index: usize) -> Key {
    Key::Entry {
        step: step.id.to_string(),
        lane,
        index,
    }
}

/// Cards stacked down one column.
pub struct Stack {
    pub x: f64,
    pub y: f64,
    pub items: Vec<Item>,
}

impl Stack {
    fn push(&mut self, item: Item, h: f64) {
        self.items.push(item);
        self.y += h + GAP;
    }

    /// Stacks a card that draws the element `key`.
    fn card(
        &mut self,
        key: Key,
        class: &'static str,
        lines: &[Line<'_>],
        style: CardStyle,
        tooltip: Option<String>,
    ) {
        let (item, h) = card(class, self.x, self.y, CARD_W, lines, style, tooltip);
        self.push(keyed(item, key), h);
    }
}

/// A chip: a rounded label with a coloured dot, as wide as its text.
#[allow(clippy::too_many_arguments)]
fn chip(
    x: f64,
    y: f64,
    max_w: f64,
    label: &str,
    font: Font,
    color: &'static str,
    p: &Palette,
    tooltip: Option<String>,
) -> (Item, f64) {
    let (fill, dot) = theme::chip_colors(color, p);
    let text_x = x + 20.0;
    let max_text = max_w - 20.0 - 10.0;
    let lh = font.line_height();
    let provisional = Rect::new(x, y, max_w, 0.0);
    let Some(mut t) = text_block(
        label,
        text_x,
        y + 4.0,
        max_text,
        font,
        p.text,
        Anchor::Start,
        provisional,
    ) else {
        return (group("chip", tooltip, Vec::new()), 0.0);
    };
    let w = (t.bounds.w + 30.0).min(max_w).ceil();
    let h = (t.bounds.h + 8.0).max(lh + 8.0);
    let outline = Rect::new(x, y, w, h);
    t.cell = outline;
    let items = vec![
        rect(outline, (lh + 8.0) / 2.0, fill, Some(color), 1.0),
        circle(x + 10.0, y + 4.0 + lh / 2.0, 4.0, dot, None, 0.0),
        Item::Text(t),
    ];
    (group("chip", tooltip, items), h)
}

/// Makes a card (a group whose first item is its body) `h` tall, so that a row of cards lines
/// up; the texts' cells grow with it.
fn stretch_card(item: &mut Item, h: f64) {
    if let Item::Group(g) = item {
        let mut top = None;
        if let Some(Item::Rect(body)) = g.items.first_mut() {
            body.rect.h = round(h);
            top = Some(body.rect.y);
        }
        for it in &mut g.items {
            if let Item::Text(t) = it {
                if Some(t.cell.y) == top {
                    t.cell.h = round(h);
                }
            }
            if let Item::Rect(r) = it {
                // A left bar runs the full height of its card.
                if Some(r.rect.y) == top && r.rect.w <= 6.0 {
                    r.rect.h = round(h);
                }
            }
        }
    }
}

/// A metric value read as a number on a scale: `70%` and `45%`, `14 min` and `3 min`,
/// `11 min 42 s` and `6m 30s` (durations, in seconds), `3.1 / 5` (out of 5) or plain numbers.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    number: f64,
    /// What the number counts: the text around it, `duration`, or empty.
    unit: String,
    /// The top of the scale, for a ratio (`3.1 / 5` is out of 5).
    out_of: Option<f64>,
}

fn reading(value: &MetricValue) -> Option<Reading> {
    let text = match value {
        MetricValue::Number(n) => {
            return Some(Reading {
                number: *n,
                unit: String::new(),
                out_of: None,
            });
        }
        MetricValue::Text(t) => t.trim(),
    };
    if text.contains(':') {
        return None; // a time of day
    }
    if let Some(seconds) = duration_seconds(text) {
        return Some(Reading {
            number: seconds,
            unit: "duration".into(),
            out_of: None,
        });
    }
    if let Some((a, b)) = text.split_once('/') {
        let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return (b > 0.0).then(|| Reading {
            number: a,
            unit: String::new(),
            out_of: Some(b),
        });
    }
    let number = value.numeric()?;
    let unit: String = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '.' | ',' | '-' | ' '))
        .collect();
    let digit_runs = text
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|s| !s.is_empty())
        .count();
    (digit_runs == 1).then_some(Reading {
        number,
        unit,
        out_of: None,
    })
}

/// `1 h 5 min`, `11 min 42 s`, `6m 30s`, `90 s` in seconds; `None` for anything else.
fn duration_seconds(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut parts = 0;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let scale = match &rest[..letters] {
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => return None,
        };
        total += number * scale;
        parts += 1;
        rest = rest[letters..].trim_start();
    }
    (parts > 0).then_some(total)
}

/// Whether a metric's value meets its target: known when both are on one scale and the
/// metric says which way is better.
pub(crate) fn on_target(m: &Metric) -> Option<bool> {
    let (v, t, _) = comparable(m.value.as_ref()?, m.target.as_ref()?)?;
    match m.better? {
        Better::Higher => Some(v >= t),
        Better::Lower => Some(v <= t),
    }
}

/// A value and a target on one scale, and the scale's top, when they are comparable: the
/// same unit (a ratio's target may be a plain number on its scale), both not negative.
fn comparable(value: &MetricValue, target: &MetricValue) -> Option<(f64, f64, f64)> {
    let (v, t) = (reading(value)?, reading(target)?);
    if v.unit != t.unit {
        return None;
    }
    let top = match (v.out_of, t.out_of) {
        (Some(a), Some(b)) if a == b => a,
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => v.number.max(t.number),
        _ => return None,
    };
    let (v, t) = (v.number, t.number);
    let sane = v.is_finite()
        && t.is_finite()
        && top.is_finite()
        && v >= 0.0
        && t >= 0.0
        && top > 0.0
        && v <= top
        && t <= top;
    sane.then_some((v, t, top))
}

/// Lays out legend entries left to right, wrapping at the right edge.
struct Flow {
    x: f64,
    y: f64,
    left: f64,
    right: f64,
    row_h: f64,
    items: Vec<Item>,
}

impl Flow {
    /// Gathers what was placed since `start` into one group, a legend row a viewer can hide
    /// with its lane (`class` names the lane: `legend-emotion`).
    fn row_since(&mut self, start: usize, class: &'static str) {
        let items: Vec<Item> = self.items.drain(start..).collect();
        if !items.is_empty() {
            self.items.push(group(class, None, items));
        }
    }

    fn heading(&mut self, label: &str, font: Font, p: &Palette) {
        let w = super::text::measure(label, font.size, font.weight).ceil();
        let cell = Rect::new(self.x, self.y, w + 2.0, font.line_height() + 2.0);
        if let Some(t) = text_block(
            label,
            self.x,
            self.y + 1.0,
            w + 1.0,
            font,
            p.text,
            Anchor::Start,
            cell,
        ) {
            self.items.push(Item::Text(t));
        }
        self.x += w + 14.0;
        self.row_h = self.row_h.max(18.0);
    }

    fn entry(
        &mut self,
        label: &str,
        font: Font,
        p: &Palette,
        swatch: impl FnOnce(f64, f64) -> Vec<Item>,
        tooltip: Option<String>,
    ) {
        let max_text = (self.right - self.left - 40.0).max(40.0);
        let text_w = super::text::measure(label, font.size, font.weight)
            .ceil()
            .min(max_text);
        let w = 28.0 + text_w;
        if self.x + w > self.right && self.x > self.left {
            self.newline();
            self.x = self.left + 20.0;
        }
        let lh = font.line_height();
        let cell = Rect::new(self.x + 28.0, self.y, text_w + 1.0, 0.0);
        let mut items = swatch(self.x, self.y);
        let mut h = 18.0_f64;
        if let Some(mut t) = text_block(
            label,
            self.x + 28.0,
            self.y + (16.0 - lh) / 2.0 + 1.0,
            text_w + 0.5,
            font,
            p.text,
            Anchor::Start,
            cell,
        ) {
            h = h.max(t.bounds.bottom() - self.y);
            t.cell.h = round(h);
            t.cell.y = round(t.cell.y.min(t.bounds.y));
            t.cell.h = round(h.max(t.bounds.bottom() - t.cell.y));
            items.push(Item::Text(t));
        }
        self.items.push(group("legend-entry", tooltip, items));
        self.x += w + 18.0;
        self.row_h = self.row_h.max(h);
    }

    fn newline(&mut self) {
        if self.row_h > 0.0 {
            self.y += self.row_h + 8.0;
        }
        self.x = self.left;
        self.row_h = 0.0;
    }
}

/// A duration as the time axis says it: `45 min`, `2 h`, `1 h 30 min`.
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// What a card in a simple lane shows of one item.
trait LaneText {
    fn lane_text(&self) -> std::borrow::Cow<'_, str>;
}

impl LaneText for String {
    fn lane_text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl LaneText for crate::model::Evidence {
    /// The evidence with how and when it is known, so a reader of the diagram sees which
    /// facts are assumptions.
    fn lane_text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.line())
    }
}

#[cfg(test)]
mod metric_tests {
    use super::*;

    fn text(t: &str) -> MetricValue {
        MetricValue::Text(t.to_string())
    }

    #[test]
    fn durations_ratios_and_units_compare() {
        assert_eq!(duration_seconds("11 min 42 s"), Some(702.0));
        assert_eq!(duration_seconds("6m 30s"), Some(390.0));
        assert_eq!(duration_seconds("1 h 5 min"), Some(3900.0));
        assert_eq!(duration_seconds("70%"), None);
        assert_eq!(
            comparable(&text("11 min 42 s"), &text("8 min")),
            Some((702.0, 480.0, 702.0))
        );
        assert_eq!(
            comparable(&text("3.1 / 5"), &text("4 / 5")),
            Some((3.1, 4.0, 5.0))
        );
        assert_eq!(
            comparable(&text("3.1 / 5"), &MetricValue::Number(4.5)),
            Some((3.1, 4.5, 5.0))
        );
        assert_eq!(
            comparable(&text("70%"), &text("40%")),
            Some((70.0, 40.0, 70.0))
        );
        assert_eq!(comparable(&text("70%"), &text("4 min")), None);
        assert_eq!(comparable(&text("07:52"), &text("08:00")), None);
        assert_eq!(comparable(&text("3 / 5"), &text("4 / 10")), None);
    }
}
