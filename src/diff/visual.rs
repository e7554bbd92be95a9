//! The visual diff: the new map's stages and steps as a grid, with every added, removed,
//! changed and moved element marked, removed steps drawn as ghosts where they used to be, and
//! the old emotion curve drawn faintly under the new one.
//!
//! This is a view of its own rather than the full journey diagram of `render`: it shows the
//! lanes a reviewer of a change needs (stages, steps, emotion, pain points, touchpoints) and
//! leaves the rest to the text reports. Text is measured with the same embedded Liberation
//! Sans metrics as the diagrams ([`crate::layout::text`]), so the output is byte-identical on
//! every machine. All map text is escaped; the SVG has no scripts and no external references.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::compute::{Placed, drawing_order};
use super::describe::signed;
use super::human::{self, Paint, Wording};
use super::{Change, ChangeKind, Diff, Element, Field, Mode, Snapshot, Value, cap};
use crate::format_number as num;
use crate::layout::scene::{Rect, RectItem};
use crate::layout::text::{Weight, line_height, measure};
use crate::model::facts::mood;
use crate::model::{JourneyMap, PainPoint, Stage, Step};

/// The old emotion curve: a grey that reads as "was" beside the theme's persona colours.
const OLD_CURVE: &str = "#8c959f";

/// From this many changes on, the static picture stays calm: a card or header whose content
/// merely changed gets a bar on its left edge (its count in the tooltip) instead of an outline
/// and a badge, so that what was added, removed, resolved or moved — and the severities that
/// moved — stand out, and the unchanged cards between them are not lost in a field of boxes.
/// (The grocery gap analysis has 106 changes; the HTML page also filters by kind and stage.)
pub const CALM_FROM_CHANGES: usize = 100;

/// What happened to a drawn element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Same,
    Added,
    Removed,
    Changed,
    Moved,
}

impl Status {
    fn class(self) -> &'static str {
        match self {
            Status::Same => "diff-same",
            Status::Added => "diff-added",
            Status::Removed => "diff-removed",
            Status::Changed => "diff-changed",
            Status::Moved => "diff-moved",
        }
    }

    /// (fill, stroke)
    fn colors(self) -> (&'static str, &'static str) {
        match self {
            Status::Same => ("#ffffff", "#d1d9e0"),
            Status::Added => ("#dafbe1", "#1a7f37"),
            Status::Removed => ("#ffebe9", "#cf222e"),
            Status::Changed => ("#fff8c5", "#9a6700"),
            Status::Moved => ("#ddf4ff", "#0969da"),
        }
    }

    fn badge(self) -> &'static str {
        match self {
            Status::Same => "",
            Status::Added => "NEW",
            Status::Removed => "REMOVED",
            Status::Changed => "CHANGED",
            Status::Moved => "MOVED",
        }
    }
}

/// The key a pain point is matched by: its id, else its text.
fn pain_key(p: &PainPoint) -> String {
    p.id()
        .map_or_else(|| p.text().to_string(), |id| id.to_string())
}

/// Changes keyed by the step they are listed under.
fn by_step(diff: &Diff) -> HashMap<&str, Vec<&Change>> {
    let mut out: HashMap<&str, Vec<&Change>> = HashMap::new();
    for c in &diff.changes {
        if let Some(step) = c.step.as_deref() {
            out.entry(step).or_default().push(c);
        }
    }
    out
}

fn step_status(id: &str, changes: &[&Change]) -> Status {
    let own = |k: ChangeKind| {
        changes
            .iter()
            .any(|c| c.element == Element::Step && c.id.as_deref() == Some(id) && c.kind == k)
    };
    if own(ChangeKind::Added) {
        Status::Added
    } else if own(ChangeKind::Removed) {
        Status::Removed
    } else if own(ChangeKind::Moved) {
        Status::Moved
    } else if changes.is_empty() {
        Status::Same
    } else {
        Status::Changed
    }
}

/// The visual diff in a self-contained HTML page on the render page's stylesheet and theme:
/// the summary, the marked picture in the viewer's theme, every change, with filters.
pub fn html(diff: &Diff, old: &JourneyMap, new: &JourneyMap) -> Result<String, String> {
    use crate::render::html::{
        DiffBlock, DiffLine, DiffPage, DiffPain, DiffPainList, DiffStageOption, DiffStageRow,
    };
    let words = Wording::of(diff.mode);
    let s = &diff.summary;
    let opt = |v: Option<f64>| v.map_or_else(|| "–".to_string(), num);
    let stages = s
        .stages
        .iter()
        .map(|st| {
            let (trend, change) = match (st.status, st.mood.delta) {
                ("added", _) => ("", "new stage".to_string()),
                ("removed", _) => ("", "removed".to_string()),
                (_, Some(d)) if d > 0.0 => ("better", format!("▲ {}", signed(d))),
                (_, Some(d)) if d < 0.0 => ("worse", format!("▼ {}", signed(d))),
                _ => ("", String::new()),
            };
            DiffStageRow {
                name: st.name.clone(),
                before: opt(st.mood.before),
                after: opt(st.mood.after),
                change,
                trend,
            }
        })
        .collect();
    let lists = [
        (words.resolved, &s.pain_points_resolved),
        (words.introduced, &s.pain_points_introduced),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(title, list)| DiffPainList {
        title: title.to_string(),
        items: list
            .iter()
            .map(|p| DiffPain {
                severity: p.severity.map(|s| s.as_str()),
                text: p.text.clone(),
                place: format!("{} › {}", diff.stage_name(&p.stage), p.step_name),
            })
            .collect(),
    })
    .collect();
    let blocks = human::blocks(diff, Paint { color: false });
    let mut stage_options: Vec<DiffStageOption> = Vec::new();
    for block in &blocks {
        if let Some(stage) = block.stage.as_deref() {
            if !stage_options.iter().any(|o| o.id == stage) {
                stage_options.push(DiffStageOption {
                    id: stage.to_string(),
                    name: diff.stage_name(stage).to_string(),
                });
            }
        }
    }
    let blocks = blocks
        .iter()
        .map(|block| DiffBlock {
            stage: block.stage.clone().unwrap_or_default(),
            lines: block
                .lines
                .iter()
                .map(|line| DiffLine {
                    kind: match line.chars().next() {
                        Some('+') => "added",
                        Some('-') => "removed",
                        Some('~') => "changed",
                        Some('>') => "moved",
                        _ => "",
                    },
                    text: line.clone(),
                })
                .collect(),
        })
        .collect();
    let journey = match (s.journey.before, s.journey.after, s.journey.delta) {
        (Some(b), Some(a), Some(d)) => Some(format!(
            "Across the journey the average emotion goes from {} to {} ({}) on a scale of -2 to 2.",
            num(b),
            num(a),
            signed(d)
        )),
        _ => None,
    };
    let page = DiffPage {
        heading: match diff.mode {
            Mode::GapAnalysis => "Gap analysis",
            Mode::Revision => "Journey map changes",
        }
        .to_string(),
        old_title: diff.old.title.clone(),
        new_title: diff.new.title.clone(),
        old_source: diff.old.source.clone(),
        new_source: diff.new.source.clone(),
        counts: human::counts(s),
        identical: diff.is_empty(),
        journey,
        before_word: cap(words.before),
        after_word: cap(words.after),
        stages,
        lists,
        stage_options,
        blocks,
    };
    let light = marked_scene_in(diff, old, new, crate::layout::ThemeName::Light)?;
    let dark = marked_scene_in(diff, old, new, crate::layout::ThemeName::Dark)?;
    let mut out = Vec::new();
    crate::render::html::write_diff_page(&page, &light, &dark, &mut out)?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

// --- The new map's journey diagram, with the changes marked ---------------------------------

/// The visual diff as a standalone SVG document: the new map drawn by the renderer, with its
/// changes marked (see [`marked_scene`]).
pub fn svg(diff: &Diff, old: &JourneyMap, new: &JourneyMap) -> Result<String, String> {
    let scene = marked_scene(diff, old, new)?;
    Ok(crate::render::svg::to_svg(
        &scene,
        crate::render::svg::SvgOptions::default(),
    ))
}

mod marks {
    use super::Status;
    use crate::layout::scene::{Anchor, GroupItem, Item, Rect, RectItem, TextItem, TextLine};
    use crate::layout::text::{Weight, baseline_offset, line_height, measure, wrap};

    /// A one-line text block whose top-left corner is at (x, y).
    pub fn label(
        x: f64,
        y: f64,
        size: f64,
        weight: Weight,
        color: &'static str,
        text: &str,
    ) -> TextItem {
        let width = measure(text, size, weight);
        let bounds = Rect::new(x, y, width, line_height(size));
        TextItem {
            bounds,
            cell: bounds,
            size,
            weight,
            color,
            anchor: Anchor::Start,
            lines: vec![TextLine {
                text: text.to_string(),
                x: bounds.x,
                y: crate::layout::scene::round(y + baseline_offset(size)),
                width,
            }],
        }
    }

    /// A title and, `gap` below it, the diff's counts, from (x, y); returns them and where
    /// they end.
    pub fn title_and_counts(
        x: f64,
        y: f64,
        width: f64,
        gap: f64,
        palette: &crate::layout::theme::Palette,
        title: &str,
        diff: &super::Diff,
    ) -> (Vec<Item>, f64) {
        let (heading, h) = paragraph(x, y, width, 14.0, palette.text, title);
        let counts = super::human::counts(&diff.summary);
        let (line, h2) = paragraph(x, y + h + gap, width, 12.0, palette.muted, &counts);
        (
            vec![Item::Text(heading), Item::Text(line)],
            y + h + gap + h2,
        )
    }

    /// A wrapped text block at (x, y), no wider than `width`; returns it and its height.
    pub fn paragraph(
        x: f64,
        y: f64,
        width: f64,
        size: f64,
        color: &'static str,
        text: &str,
    ) -> (TextItem, f64) {
        let lh = line_height(size);
        let lines: Vec<TextLine> = wrap(text, size, Weight::Regular, width)
            .into_iter()
            .enumerate()
            .map(|(k, (line, w))| TextLine {
                text: line,
                x,
                y: crate::layout::scene::round(y + k as f64 * lh + baseline_offset(size)),
                width: w,
            })
            .collect();
        let h = lines.len() as f64 * lh;
        let bounds = Rect::new(x, y, width, h);
        let item = TextItem {
            bounds,
            cell: bounds,
            size,
            weight: Weight::Regular,
            color,
            anchor: Anchor::Start,
            lines,
        };
        (item, h)
    }

    /// A line struck through the middle of a card that is gone.
    pub fn strike(rect: Rect) -> Item {
        let (_, stroke) = Status::Removed.colors();
        // Through the first line of text of a tall card, the middle of a short one.
        let y = rect.y + (rect.h / 2.0).min(20.0);
        Item::Group(GroupItem {
            class: "diff-strike",
            key: None,
            tooltip: None,
            items: vec![Item::Line(crate::layout::scene::LineItem {
                x1: crate::layout::scene::round(rect.x + 4.0),
                y1: crate::layout::scene::round(y),
                x2: crate::layout::scene::round(rect.x + rect.w - 4.0),
                y2: crate::layout::scene::round(y),
                stroke,
                width: 1.5,
                dash: None,
            })],
        })
    }

    /// A card's old name, struck through, on a pill over its top-left edge.
    pub fn was(rect: Rect, before: &str, chip: bool) -> Item {
        if chip {
            // On a chip the old name would cover the new one: say it on hover only.
            return Item::Group(GroupItem {
                class: "diff-was",
                key: None,
                tooltip: Some(format!("was: {before}")),
                items: vec![Item::Rect(RectItem {
                    rect,
                    rx: 4.0,
                    fill: "none",
                    stroke: None,
                    stroke_width: 0.0,
                    dash: None,
                })],
            });
        }
        let size = 9.0;
        let (fill, stroke) = Status::Removed.colors();
        // Room to the left of the badge on the right edge.
        let room = (rect.w * 0.55).max(40.0);
        let mut text: String = before.chars().take(80).collect();
        if text.chars().count() < before.chars().count() {
            text.push('…');
        }
        while measure(&text, size, Weight::Regular) > room - 10.0 && text.chars().count() > 2 {
            text.pop();
            text.pop();
            text.push('…');
        }
        let w = measure(&text, size, Weight::Regular) + 10.0;
        let h = line_height(size) + 2.0;
        let (x, y) = (rect.x + 6.0, rect.y - h / 2.0 - 1.0);
        let strike_y = y + h / 2.0;
        Item::Group(GroupItem {
            class: "diff-was",
            key: None,
            tooltip: Some(format!("was: {before}")),
            items: vec![
                Item::Rect(RectItem {
                    rect: Rect::new(x, y, w, h),
                    rx: h / 2.0,
                    fill,
                    stroke: Some(stroke),
                    stroke_width: 1.0,
                    dash: None,
                }),
                Item::Text(label(
                    x + 5.0,
                    y + 1.0,
                    size,
                    Weight::Regular,
                    stroke,
                    &text,
                )),
                Item::Line(crate::layout::scene::LineItem {
                    x1: crate::layout::scene::round(x + 4.0),
                    y1: crate::layout::scene::round(strike_y),
                    x2: crate::layout::scene::round(x + w - 4.0),
                    y2: crate::layout::scene::round(strike_y),
                    stroke,
                    width: 1.0,
                    dash: None,
                }),
            ],
        })
    }

    /// A calm mark for a card whose content changed: a bar along its left edge.
    pub fn edit_bar(rect: Rect, tooltip: Option<String>) -> Item {
        let (_, stroke) = Status::Changed.colors();
        Item::Group(GroupItem {
            class: Status::Changed.class(),
            key: None,
            tooltip,
            items: vec![Item::Rect(RectItem {
                rect: Rect::new(rect.x - 7.0, rect.y, 4.0, rect.h),
                rx: 2.0,
                fill: stroke,
                stroke: None,
                stroke_width: 0.0,
                dash: None,
            })],
        })
    }

    /// An outline around a card, and a badge on its top edge naming what happened.
    pub fn outline(rect: Rect, status: Status, badge: &str, tooltip: Option<String>) -> Item {
        outline_of(rect, false, status, badge, tooltip)
    }

    /// [`outline`] around a chip (a touchpoint), which takes no badge on its edge.
    pub fn chip_outline(rect: Rect, status: Status, badge: &str, tooltip: Option<String>) -> Item {
        outline_of(rect, true, status, badge, tooltip)
    }

    fn outline_of(
        rect: Rect,
        chip: bool,
        status: Status,
        badge: &str,
        tooltip: Option<String>,
    ) -> Item {
        let (_, stroke) = status.colors();
        // A chip has its text right under its edge, where a badge would cover it: its outline
        // says what happened, and its tooltip in words.
        let (badge, tooltip) = if chip && !badge.is_empty() {
            let said = match tooltip {
                Some(t) => format!("{badge}: {t}"),
                None => badge.to_string(),
            };
            ("", Some(said))
        } else {
            (badge, tooltip)
        };
        let mut items = vec![Item::Rect(RectItem {
            rect: Rect::new(rect.x - 3.0, rect.y - 3.0, rect.w + 6.0, rect.h + 6.0),
            rx: 8.0,
            fill: "none",
            stroke: Some(stroke),
            stroke_width: 2.5,
            dash: (status == Status::Moved).then_some("6 3"),
        })];
        if !badge.is_empty() {
            let size = 9.0;
            let w = measure(badge, size, Weight::Bold) + 10.0;
            let h = line_height(size) + 2.0;
            let x = (rect.x + rect.w - w - 6.0).max(rect.x);
            let y = rect.y - h / 2.0 - 1.0;
            items.push(Item::Rect(RectItem {
                rect: Rect::new(x, y, w, h),
                rx: h / 2.0,
                fill: stroke,
                stroke: None,
                stroke_width: 0.0,
                dash: None,
            }));
            items.push(Item::Text(label(
                x + 5.0,
                y + 1.0,
                size,
                Weight::Bold,
                "#ffffff",
                badge,
            )));
        }
        Item::Group(GroupItem {
            class: status.class(),
            key: None,
            tooltip,
            items,
        })
    }
}

/// What happened to each pain point (by position) of a kept or added step.
fn pain_statuses(step: &Step, changes: &[&Change]) -> Vec<Status> {
    step.pain_points
        .iter()
        .map(|p| pain_status(&pain_changes(p, changes)))
        .collect()
}

/// The changes, other than removals, about pain point `p` (matched by id, then by text).
fn pain_changes<'a>(p: &PainPoint, changes: &[&'a Change]) -> Vec<&'a Change> {
    let key = pain_key(p);
    changes
        .iter()
        .copied()
        .filter(|c| {
            c.element == Element::PainPoint
                && c.kind != ChangeKind::Removed
                && (c.id.as_deref() == Some(key.as_str()) || c.id.as_deref() == Some(p.text()))
        })
        .collect()
}

/// A pain point's status from the changes about it.
fn pain_status(mine: &[&Change]) -> Status {
    if mine.iter().any(|c| c.kind == ChangeKind::Added) {
        Status::Added
    } else if mine.iter().any(|c| c.kind == ChangeKind::Moved) {
        Status::Moved
    } else if mine.is_empty() {
        Status::Same
    } else {
        Status::Changed
    }
}

/// What happened to each touchpoint (by position) of a step.
fn touchpoint_statuses(step: &Step, changes: &[&Change]) -> Vec<Status> {
    step.touchpoints
        .iter()
        .map(|t| {
            let (channel, name) = (t.channel().as_str(), t.name());
            let mine: Vec<&&Change> = changes
                .iter()
                .filter(|c| {
                    c.element == Element::Touchpoint
                        && c.kind != ChangeKind::Removed
                        && c.id.as_deref() == Some(channel)
                        && c.name.as_deref() == name
                })
                .collect();
            if mine.iter().any(|c| c.kind == ChangeKind::Added) {
                Status::Added
            } else if mine.is_empty() {
                Status::Same
            } else {
                Status::Changed
            }
        })
        .collect()
}

/// What of the old map the picture draws as ghosts: removed steps in their old place, and
/// removed pain points and touchpoints of kept steps after the step's own.
#[derive(Default)]
struct Ghosts {
    steps: HashSet<String>,
    /// For a kept step, the index of its first ghost pain point and touchpoint.
    first_pain: HashMap<String, usize>,
    first_touchpoint: HashMap<String, usize>,
}

/// A removed step as a ghost: its cards without links to the rest of the map (its pain point
/// ids may live on elsewhere) and without an emotion (the new curve passes it by; the old
/// curve, drawn by the diff, goes through it).
fn ghost_step(step: &Step) -> Step {
    let mut ghost = step.clone();
    ghost.emotion = None;
    ghost.personas.clear();
    for pain in &mut ghost.pain_points {
        *pain = unlinked_pain(pain);
    }
    for opportunity in &mut ghost.opportunities {
        if let crate::model::Opportunity::Detailed(d) = opportunity {
            d.addresses.clear();
            d.id = None;
        }
    }
    ghost
}

/// A pain point without its id, so that a ghost cannot clash with one that lives on.
fn unlinked_pain(pain: &PainPoint) -> PainPoint {
    match pain {
        PainPoint::Detailed(d) => PainPoint::Detailed(crate::model::DetailedPainPoint {
            id: None,
            ..d.clone()
        }),
        text => text.clone(),
    }
}

/// The new map with what the old one had and the new one lacks put back where it was, for
/// drawing as ghosts (see [`Ghosts`]).
fn with_ghosts(diff: &Diff, old: &JourneyMap, new: &JourneyMap) -> (JourneyMap, Ghosts) {
    let mut ghosts = Ghosts::default();
    let mut merged = new.clone();
    // Ghost touchpoints may be on channels the new map no longer declares.
    for channel in &old.channels {
        if !merged.channels.iter().any(|c| c.id == channel.id) {
            merged.channels.push(channel.clone());
        }
    }
    merged.stages = drawing_order(old, new)
        .into_iter()
        .filter_map(|placed| {
            let mut stage = match (placed.new, placed.old) {
                (Some(stage), _) => stage.clone(),
                // A removed stage: its header without its metrics (they are gone too).
                (None, Some(gone)) => Stage {
                    metrics: Vec::new(),
                    ..gone.clone()
                },
                (None, None) => return None,
            };
            stage.steps = placed
                .steps
                .into_iter()
                .map(|step| match step {
                    Placed::New(step) => step.clone(),
                    Placed::Old(step) => {
                        ghosts.steps.insert(step.id.to_string());
                        ghost_step(step)
                    }
                })
                .collect();
            Some(stage)
        })
        .collect();
    // Removed pain points and touchpoints of the steps both maps have, after their own.
    let changes = by_step(diff);
    for stage in &mut merged.stages {
        for step in &mut stage.steps {
            let id = step.id.to_string();
            if ghosts.steps.contains(&id) {
                continue;
            }
            let gone = changes
                .get(id.as_str())
                .into_iter()
                .flatten()
                .filter(|c| c.kind == ChangeKind::Removed);
            let (mut pains, mut touchpoints) = (Vec::new(), Vec::new());
            for change in gone {
                match change.before.as_ref().and_then(Value::element) {
                    Some(Snapshot::PainPoint(pain)) => pains.push(unlinked_pain(pain)),
                    Some(Snapshot::Touchpoint(tp)) => touchpoints.push(tp.clone()),
                    _ => {}
                }
            }
            if !pains.is_empty() {
                ghosts.first_pain.insert(id.clone(), step.pain_points.len());
                step.pain_points.extend(pains);
            }
            if !touchpoints.is_empty() {
                ghosts.first_touchpoint.insert(id, step.touchpoints.len());
                step.touchpoints.extend(touchpoints);
            }
        }
    }
    (merged, ghosts)
}

/// The new map's journey diagram, as the renderer lays it out, with the changes marked:
/// outlines and badges on added, changed and moved stages, steps, pain points and
/// touchpoints; the old emotion curve drawn faint and dashed under the new one, with each
/// step's change; and a band at the bottom listing what was removed. `None` when the layout
/// is not one this code can mark.
pub fn marked_scene(
    diff: &Diff,
    old: &JourneyMap,
    new: &JourneyMap,
) -> Result<crate::layout::Scene, String> {
    marked_scene_in(diff, old, new, crate::layout::ThemeName::Light)
}

/// [`marked_scene`] in a theme.
pub fn marked_scene_in(
    diff: &Diff,
    old: &JourneyMap,
    new: &JourneyMap,
    theme: crate::layout::ThemeName,
) -> Result<crate::layout::Scene, String> {
    use crate::layout::scene::{Band, BandKind, CircleItem, GroupItem, Item, Key, PathItem};
    use crate::layout::{Lane, RenderOptions};

    let (drawn, ghosts) = with_ghosts(diff, old, new);
    let calm = diff.changes.len() >= CALM_FROM_CHANGES;
    let mut scene = crate::layout::layout(
        &drawn,
        &RenderOptions {
            theme,
            ..RenderOptions::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let changes = by_step(diff);
    let none: Vec<&Change> = Vec::new();
    let mine = |id: &str| changes.get(id).unwrap_or(&none);
    let drawn_steps: HashMap<&str, &Step> =
        drawn.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();
    let gone_badge = match diff.mode {
        Mode::GapAnalysis => "RESOLVED",
        Mode::Revision => "REMOVED",
    };
    let renamed = |element: Element, id: &str| {
        diff.changes
            .iter()
            .find(|c| {
                c.kind == ChangeKind::Renamed && c.element == element && c.id.as_deref() == Some(id)
            })
            .and_then(|c| c.before.as_ref()?.as_str().map(str::to_string))
    };
    let new_steps: HashMap<&str, &Step> = new.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();
    let old_steps: HashMap<&str, &Step> = old.steps().map(|(_, _, s)| (s.id.as_str(), s)).collect();

    // Everything is found by the key the layout gave it: where each step, stage and entry
    // was drawn, and in which band.
    let mut outlines: Vec<(usize, Item)> = Vec::new();
    let mut step_boxes: Vec<(&str, crate::layout::scene::Rect)> = Vec::new();
    let places: Vec<(Key, usize, crate::layout::scene::Rect)> = scene
        .places()
        .into_iter()
        .map(|p| (p.key.clone(), p.band, p.rect))
        .collect();
    for (key, band, rect) in &places {
        match key {
            Key::Step { step: id } => {
                let Some(step) = drawn_steps.get(id.as_str()) else {
                    continue;
                };
                step_boxes.push((step.id.as_str(), *rect));
                if ghosts.steps.contains(id) {
                    let tooltip = Some(format!("{}: not in the new map", step.name));
                    outlines.push((
                        *band,
                        marks::outline(*rect, Status::Removed, "REMOVED", tooltip),
                    ));
                    outlines.push((*band, marks::strike(*rect)));
                    continue;
                }
                if let Some(before) = renamed(Element::Step, id) {
                    outlines.push((*band, marks::was(*rect, &before, false)));
                }
                let status = step_status(id, mine(id));
                if status == Status::Same {
                    continue;
                }
                let n = mine(id).len();
                let badge = match status {
                    Status::Added => "NEW".to_string(),
                    _ => format!("{} · {n}", status.badge()),
                };
                let tooltip = Some(format!(
                    "{}: {} change{}",
                    step.name,
                    n,
                    if n == 1 { "" } else { "s" }
                ));
                let mark = if calm && status == Status::Changed {
                    marks::edit_bar(*rect, tooltip)
                } else {
                    marks::outline(*rect, status, &badge, tooltip)
                };
                outlines.push((*band, mark));
            }
            Key::Stage { stage: sid } => {
                let own: Vec<&Change> = diff
                    .changes
                    .iter()
                    .filter(|c| c.step.is_none() && c.stage.as_deref() == Some(sid.as_str()))
                    .filter(|c| matches!(c.element, Element::Stage | Element::Metric))
                    .collect();
                let status = if own
                    .iter()
                    .any(|c| c.element == Element::Stage && c.kind == ChangeKind::Added)
                {
                    Status::Added
                } else if own
                    .iter()
                    .any(|c| c.element == Element::Stage && c.kind == ChangeKind::Removed)
                {
                    // Drawn from the old map as a ghost, with its removed steps.
                    outlines.push((*band, marks::strike(*rect)));
                    Status::Removed
                } else if own
                    .iter()
                    .any(|c| c.element == Element::Stage && c.kind == ChangeKind::Moved)
                {
                    Status::Moved
                } else if own.is_empty() {
                    Status::Same
                } else {
                    Status::Changed
                };
                if calm && status == Status::Changed {
                    let n = own.len();
                    let tooltip = format!("{n} change{}", if n == 1 { "" } else { "s" });
                    outlines.push((*band, marks::edit_bar(*rect, Some(tooltip))));
                } else if status != Status::Same {
                    let badge = if status == Status::Added {
                        "NEW"
                    } else {
                        status.badge()
                    };
                    outlines.push((*band, marks::outline(*rect, status, badge, None)));
                }
                if let Some(before) = renamed(Element::Stage, sid) {
                    outlines.push((*band, marks::was(*rect, &before, false)));
                }
            }
            Key::Entry {
                step: id,
                lane,
                index,
            } => {
                if ghosts.steps.contains(id) {
                    continue; // the whole column is marked
                }
                let Some(step) = new_steps.get(id.as_str()) else {
                    continue;
                };
                let first_ghost = match lane {
                    Lane::PainPoints => ghosts.first_pain.get(id),
                    Lane::Touchpoints => ghosts.first_touchpoint.get(id),
                    _ => None,
                };
                if first_ghost.is_some_and(|first| index >= first) {
                    let badge = if *lane == Lane::PainPoints {
                        gone_badge
                    } else {
                        "REMOVED"
                    };
                    let chip = *lane == Lane::Touchpoints;
                    let mark = if chip {
                        marks::chip_outline(*rect, Status::Removed, badge, None)
                    } else {
                        marks::outline(*rect, Status::Removed, badge, None)
                    };
                    outlines.push((*band, mark));
                    outlines.push((*band, marks::strike(*rect)));
                    continue;
                }
                let status = match lane {
                    Lane::PainPoints => pain_statuses(step, mine(id)).get(*index).copied(),
                    Lane::Touchpoints => touchpoint_statuses(step, mine(id)).get(*index).copied(),
                    _ => None,
                };
                let Some(status) = status.filter(|s| *s != Status::Same) else {
                    continue;
                };
                let mut badge = status.badge().to_string();
                let mut says_what = false;
                if *lane == Lane::PainPoints {
                    let pain = &step.pain_points[*index];
                    let severity = pain_changes(pain, mine(id))
                        .into_iter()
                        .find(|c| c.field == Some(Field::Severity));
                    if let Some(c) = severity {
                        let word = |v: &Option<Value>| {
                            v.as_ref()
                                .and_then(Value::severity)
                                .map_or("NONE".to_string(), |s| s.as_str().to_uppercase())
                        };
                        badge = format!("{} → {}", word(&c.before), word(&c.after));
                        says_what = true;
                    }
                }
                if *lane == Lane::Touchpoints {
                    let tp = &step.touchpoints[*index];
                    let renamed_tp = mine(id).iter().find(|c| {
                        c.element == Element::Touchpoint
                            && c.kind == ChangeKind::Renamed
                            && c.id.as_deref() == Some(tp.channel().as_str())
                            && c.name.as_deref() == tp.name()
                    });
                    if let Some(before) = renamed_tp.and_then(|c| c.before.as_ref()?.as_str()) {
                        outlines.push((*band, marks::was(*rect, before, true)));
                    }
                }
                let mark = if *lane == Lane::Touchpoints {
                    marks::chip_outline(*rect, status, &badge, None)
                } else if calm && status == Status::Changed && !says_what {
                    marks::edit_bar(*rect, Some("Changed".to_string()))
                } else {
                    marks::outline(*rect, status, &badge, None)
                };
                outlines.push((*band, mark));
            }
            _ => {}
        }
    }
    for (band, mark) in outlines {
        scene.bands[band].items.push(mark);
    }

    // Emotion: the old curve under the new one, and each step's change, on the lane's own
    // scale, at the middle of each step's column.
    if let Some(band) = scene
        .bands
        .iter_mut()
        .find(|b| b.lane == Some(Lane::Emotion))
    {
        if let Some(scale) = band.scale {
            let y_of = |score: f64| scale.y(band.y, score);
            let palette = scene.theme.palette();
            // The old curves: one per persona in the persona's colour when the maps score
            // personas separately, else the mean of each step in grey. Dashed and thin under
            // the new solid ones, through removed steps too.
            let mut series: Vec<(String, &'static str, HashMap<&str, f64>)> = Vec::new();
            if diff.curve.personas.is_empty() {
                let scores = step_boxes
                    .iter()
                    .filter_map(|(id, _)| Some((*id, old_steps.get(id).and_then(|s| mood(s))?)))
                    .collect();
                series.push(("average per step".to_string(), OLD_CURVE, scores));
            } else {
                for persona in &diff.curve.personas {
                    let colour = drawn
                        .personas
                        .iter()
                        .position(|p| p.id.as_str() == persona.id)
                        .map_or(OLD_CURVE, |i| palette.personas[i % palette.personas.len()]);
                    let scores = diff
                        .curve
                        .steps
                        .iter()
                        .zip(&persona.before)
                        .filter_map(|(step, score)| Some((step.id.as_str(), (*score)?)))
                        .collect();
                    series.push((persona.name.clone(), colour, scores));
                }
            }
            let mut deltas = Vec::new();
            let mut old_curves = Vec::new();
            let mut old_points = Vec::new();
            for (name, colour, scores) in &series {
                let mut d = String::new();
                let mut dots = Vec::new();
                for (id, card) in &step_boxes {
                    let Some(&before) = scores.get(id) else {
                        continue;
                    };
                    let x = card.x + card.w / 2.0;
                    let y = y_of(before);
                    let _ = write!(
                        d,
                        "{}{} {} ",
                        if d.is_empty() { "M" } else { "L" },
                        num(x),
                        num(y)
                    );
                    dots.push(Item::Circle(CircleItem {
                        cx: crate::layout::scene::round(x),
                        cy: crate::layout::scene::round(y),
                        r: 3.5,
                        fill: scene.background,
                        stroke: Some(colour),
                        stroke_width: 1.5,
                        dash: None,
                    }));
                }
                if d.is_empty() {
                    continue;
                }
                // The line and its points apart: the points go over the patches that keep
                // labels clear of the lines (below), the line under them.
                let tooltip = format!("Emotion {}: {name}", Wording::of(diff.mode).before);
                old_curves.push(Item::Group(GroupItem {
                    class: "emotion-before",
                    key: None,
                    tooltip: Some(tooltip.clone()),
                    items: vec![Item::Path(PathItem {
                        d: d.trim_end().to_string(),
                        stroke: colour,
                        width: 1.5,
                        fill: None,
                        dash: Some("5 4"),
                    })],
                }));
                old_points.push(Item::Group(GroupItem {
                    class: "emotion-before",
                    key: None,
                    tooltip: Some(tooltip),
                    items: dots,
                }));
            }
            // Each step's change of mean emotion, labelled clear of every point in its
            // column: above the highest (a marker with its "Lowest" label, or an old point),
            // or below the lowest when there is no room above.
            let band_top = band.y;
            let band_bottom = band.y + band.height;
            for (id, card) in &step_boxes {
                let x = card.x + card.w / 2.0;
                let before = old_steps.get(id).and_then(|s| mood(s));
                let after = new_steps.get(id).and_then(|s| mood(s));
                let (Some(before), Some(after)) = (before, after) else {
                    continue;
                };
                let delta = after - before;
                if delta.abs() < 0.005 {
                    continue;
                }
                let mut taken: Vec<crate::layout::scene::Rect> = places
                    .iter()
                    .filter(|(key, ..)| matches!(key, Key::EmotionPoint { step, .. } if step == id))
                    .map(|(_, _, rect)| *rect)
                    .collect();
                for (_, _, scores) in &series {
                    if let Some(&old) = scores.get(id) {
                        taken.push(crate::layout::scene::Rect::new(
                            x - 4.0,
                            y_of(old) - 4.0,
                            8.0,
                            8.0,
                        ));
                    }
                }
                let high = taken.iter().map(|r| r.y).fold(y_of(after), f64::min);
                let low = taken.iter().map(|r| r.bottom()).fold(y_of(after), f64::max);
                let text = signed(delta);
                let size = 11.0;
                let (w, h) = (measure(&text, size, Weight::Bold), line_height(size));
                let y = if high - 3.0 - h >= band_top + 2.0 {
                    high - 3.0 - h
                } else {
                    (low + 3.0).min(band_bottom - h)
                };
                let color = if delta > 0.0 { "#1a7f37" } else { "#cf222e" };
                deltas.push(Item::Text(marks::label(
                    x - w / 2.0,
                    y,
                    size,
                    Weight::Bold,
                    color,
                    &text,
                )));
            }
            // Under the new curves: before the first line the layout drew.
            let at = band
                .items
                .iter()
                .position(|i| matches!(i, Item::Path(_)))
                .unwrap_or(band.items.len());
            // Over the old lines and under the new ones and the old points, a patch of the
            // chart's own colour behind each "Lowest" label, so that no dashed line strikes it
            // through.
            let halos: Vec<Item> = band
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Group(g) if g.class == "emotion-point" => Some(&g.items),
                    _ => None,
                })
                .flat_map(|items| {
                    // A point's texts outside its circles: the label under the lowest one
                    // (the value inside a marker is on the marker's own fill).
                    let inside = |b: &Rect| {
                        let (x, y) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
                        items.iter().any(|i| {
                            matches!(i, Item::Circle(c)
                                if (x - c.cx).powi(2) + (y - c.cy).powi(2) <= c.r * c.r)
                        })
                    };
                    items
                        .iter()
                        .filter_map(|item| match item {
                            Item::Text(t) => Some(t.bounds),
                            _ => None,
                        })
                        .filter(move |b| !inside(b))
                })
                .filter_map(|b| {
                    let (cx, cy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
                    let under = band.items[..at].iter().rev().find_map(|item| match item {
                        Item::Rect(r)
                            if r.rect.x <= cx
                                && cx <= r.rect.right()
                                && r.rect.y <= cy
                                && cy <= r.rect.bottom() =>
                        {
                            Some(r.fill)
                        }
                        _ => None,
                    })?;
                    Some(Item::Rect(RectItem {
                        rect: Rect::new(b.x - 2.0, b.y, b.w + 4.0, b.h),
                        rx: 2.0,
                        fill: under,
                        stroke: None,
                        stroke_width: 0.0,
                        dash: None,
                    }))
                })
                .collect();
            let under_new: Vec<Item> = old_curves
                .into_iter()
                .chain(halos)
                .chain(old_points)
                .collect();
            band.items.splice(at..at, under_new);
            if !deltas.is_empty() {
                band.items.push(Item::Group(GroupItem {
                    class: "emotion-delta",
                    key: None,
                    tooltip: None,
                    items: deltas,
                }));
            }
        }
    }

    // A band listing what is gone, with the marks' legend, in the diagram's theme.
    let palette = scene.theme.palette();
    let margin = 24.0;
    let width = scene.width - 2.0 * margin;
    let last = scene
        .bands
        .last()
        .ok_or("the diagram has nothing to mark")?;
    let mut y = last.y + last.height + 18.0;
    let top = y;
    let mut items = Vec::new();
    let words = Wording::of(diff.mode);
    let heading = match diff.mode {
        Mode::GapAnalysis => format!("Changes from the current state ({})", diff.old.title),
        Mode::Revision => format!("Changes from {} ({})", diff.old.source, diff.old.title),
    };
    let (texts, bottom) = marks::title_and_counts(margin, y, width, 4.0, palette, &heading, diff);
    items.extend(texts);
    y = bottom + 8.0;
    // Legend.
    let mut x = margin;
    let changed = if calm {
        "changed (a bar, not an outline, with this many changes)"
    } else {
        "changed"
    };
    for (status, text) in [
        (Status::Added, "added"),
        (Status::Changed, changed),
        (Status::Moved, "moved"),
    ] {
        let swatch = crate::layout::scene::Rect::new(x + 3.0, y + 3.0, 16.0, 10.0);
        items.push(if calm && status == Status::Changed {
            marks::edit_bar(
                crate::layout::scene::Rect::new(x + 10.0, y + 1.0, 16.0, 14.0),
                None,
            )
        } else {
            marks::outline(swatch, status, "", None)
        });
        let l = marks::label(x + 26.0, y, 12.0, Weight::Regular, palette.text, text);
        x += 40.0 + l.bounds.w;
        items.push(Item::Text(l));
    }
    items.push(Item::Group(GroupItem {
        class: "emotion-before",
        key: None,
        tooltip: None,
        items: vec![Item::Path(PathItem {
            d: format!(
                "M{} {} L{} {}",
                num(x),
                num(y + 8.0),
                num(x + 26.0),
                num(y + 8.0)
            ),
            stroke: OLD_CURVE,
            width: 2.0,
            fill: None,
            dash: Some("5 4"),
        })],
    }));
    let before_label = if diff.curve.personas.is_empty() {
        format!("emotion {} (average per step)", words.before)
    } else {
        format!("emotion {} (each persona in their colour)", words.before)
    };
    items.push(Item::Text(marks::label(
        x + 32.0,
        y,
        12.0,
        Weight::Regular,
        palette.text,
        &before_label,
    )));
    y += 26.0;
    // What is gone.
    let gone: Vec<&Change> = diff
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Removed)
        .collect();
    if !gone.is_empty() {
        let title = match diff.mode {
            Mode::GapAnalysis => {
                "Gone in the future state (resolved pain points, steps no longer needed)"
            }
            Mode::Revision => "Removed",
        };
        items.push(Item::Text(marks::label(
            margin,
            y,
            13.0,
            Weight::Bold,
            "#cf222e",
            title,
        )));
        y += 22.0;
        const MAX: usize = 60;
        let mut lines = Vec::new();
        for c in gone.iter().take(MAX) {
            let mut line = format!(
                "− {}",
                super::describe::flatten(&super::describe::subject(c))
            );
            if c.element == Element::PainPoint && c.name != c.id {
                line.push_str(&format!(": {}", c.name.clone().unwrap_or_default()));
            }
            line.push_str(&format!("  ({})", super::describe::place(diff, c)));
            lines.push(line);
        }
        if gone.len() > MAX {
            lines.push(format!("… and {} more", gone.len() - MAX));
        }
        let mut gone_items = Vec::new();
        for line in lines {
            let (item, h) =
                marks::paragraph(margin + 8.0, y, width - 8.0, 12.0, palette.text, &line);
            gone_items.push(Item::Text(item));
            y += h + 3.0;
        }
        items.push(Item::Group(GroupItem {
            class: Status::Removed.class(),
            key: None,
            tooltip: None,
            items: gone_items,
        }));
    }
    scene.bands.push(Band {
        id: "diff".to_string(),
        kind: BandKind::Legend,
        lane: None,
        label: "What changed".to_string(),
        y: crate::layout::scene::round(top),
        height: crate::layout::scene::round(y - top),
        scale: None,
        items,
    });
    scene.height = (y + margin).ceil();
    scene.description = format!(
        "{} {}. {}",
        match diff.mode {
            Mode::GapAnalysis => "Gap analysis against the current state:",
            Mode::Revision => "Changes against the previous version:",
        },
        human::counts(&diff.summary),
        scene.description
    );
    prepend_sides(&mut scene, diff);
    Ok(scene)
}

/// A band above the diagram naming both sides and counting the changes, everything else
/// moved down to make room.
fn prepend_sides(scene: &mut crate::layout::Scene, diff: &Diff) {
    use crate::layout::scene::{Band, BandKind};
    let palette = scene.theme.palette();
    let margin = 24.0;
    let width = scene.width - 2.0 * margin;
    let sides = match diff.mode {
        Mode::GapAnalysis => format!(
            "Current → Future: {} → {}",
            diff.old.source, diff.new.source
        ),
        Mode::Revision => format!("{} → {}", diff.old.source, diff.new.source),
    };
    let (items, bottom) = marks::title_and_counts(margin, 14.0, width, 2.0, palette, &sides, diff);
    let height = (bottom + 6.0).ceil();
    for band in &mut scene.bands {
        band.y = crate::layout::scene::round(band.y + height);
        crate::layout::blocks::shift(&mut band.items, height);
    }
    scene.bands.insert(
        0,
        Band {
            id: "diff-sides".to_string(),
            kind: BandKind::Header,
            lane: None,
            label: "What is compared".to_string(),
            y: 0.0,
            height,
            scale: None,
            items,
        },
    );
    scene.height = (scene.height + height).ceil();
}
