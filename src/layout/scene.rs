//! The Scene: everything a diagram shows, measured and positioned, with no SVG in it.
//!
//! Coordinates are absolute pixels (origin top left, no transforms) rounded to hundredths, and
//! colours are resolved `#rrggbb` values of the chosen theme, so that the Scene serialises to
//! the same JSON on every machine and renderers only walk it.

use serde::Serialize;

use super::text::Weight;

/// A positioned diagram.
#[derive(Debug, Clone, Serialize)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    /// The accessible name of the diagram (`<title>`).
    pub title: String,
    /// The accessible description of the diagram (`<desc>`).
    pub description: String,
    pub theme: super::theme::ThemeName,
    pub view: super::View,
    pub font_family: &'static str,
    pub background: String,
    /// Horizontal bands from top to bottom: the header, one per lane, blueprint lines, the
    /// legend. Each band is self-contained, so a viewer can hide one and move the rest up.
    pub bands: Vec<Band>,
}

/// What a band holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BandKind {
    Header,
    Lane,
    BlueprintLine,
    Legend,
    Persona,
}

/// A horizontal slice of the diagram.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// A stable, slug-like id (`lane-touchpoints`, `line-of-visibility`, `legend`).
    pub id: String,
    pub kind: BandKind,
    /// The lane this band draws, if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lane: Option<super::Lane>,
    pub label: String,
    pub y: f64,
    pub height: f64,
    pub items: Vec<Item>,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x: round(x),
            y: round(y),
            w: round(w),
            h: round(h),
        }
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 0.01;
        self.x + EPS < other.right()
            && other.x + EPS < self.right()
            && self.y + EPS < other.bottom()
            && other.y + EPS < self.bottom()
    }

    /// Whether `other` lies inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f64 = 0.01;
        other.x + EPS >= self.x
            && other.y + EPS >= self.y
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }
}

/// Rounds a coordinate to hundredths so output never depends on float noise.
pub fn round(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// How a text block is anchored on its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One drawn thing.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Item {
    Rect(RectItem),
    Text(TextItem),
    Line(LineItem),
    Path(PathItem),
    Circle(CircleItem),
    /// Items that belong together (a card), with the details a viewer shows on hover.
    Group(GroupItem),
}

#[derive(Debug, Clone, Serialize)]
pub struct RectItem {
    #[serde(flatten)]
    pub rect: Rect,
    pub rx: f64,
    pub fill: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stroke: Option<String>,
    #[serde(skip_serializing_if = "is_zero")]
    pub stroke_width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

/// A block of wrapped text: its lines, the box they take, and the cell it must stay inside.
#[derive(Debug, Clone, Serialize)]
pub struct TextItem {
    /// The box the lines take: x is the left edge whatever the anchor.
    #[serde(rename = "box")]
    pub bounds: Rect,
    /// The box the text belongs to (its card or lane cell); it never leaves it.
    pub cell: Rect,
    pub size: f64,
    pub weight: Weight,
    pub color: String,
    pub anchor: Anchor,
    pub lines: Vec<TextLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextLine {
    pub text: String,
    /// The anchor point: left edge, centre or right edge of the line, by the block's anchor.
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub width: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineItem {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub stroke: String,
    pub width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathItem {
    /// SVG path data with fixed-precision numbers.
    pub d: String,
    pub stroke: String,
    pub width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CircleItem {
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub fill: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stroke: Option<String>,
    #[serde(skip_serializing_if = "is_zero")]
    pub stroke_width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupItem {
    /// A class naming what the group is (`step`, `pain-point`, `chip`...).
    pub class: &'static str,
    /// Hover details: the full text, shown as a tooltip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    pub items: Vec<Item>,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Scene {
    /// Every text block in drawing order, with groups flattened.
    pub fn texts(&self) -> Vec<&TextItem> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a TextItem>) {
            for item in items {
                match item {
                    Item::Text(t) => out.push(t),
                    Item::Group(g) => walk(&g.items, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for band in &self.bands {
            walk(&band.items, &mut out);
        }
        out
    }

    /// The Scene as pretty JSON, for golden tests and debugging.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Text blocks that overlap one another, or leave their cell or the canvas: the layout's
/// invariants, as a list of human-readable problems (empty when the layout is sound).
pub fn layout_problems(scene: &Scene) -> Vec<String> {
    let canvas = Rect::new(0.0, 0.0, scene.width, scene.height);
    let texts = scene.texts();
    let mut problems = Vec::new();
    for t in &texts {
        if !t.cell.contains(&t.bounds) {
            problems.push(format!(
                "text {:?} at {:?} leaves its cell {:?}",
                first_line(t),
                t.bounds,
                t.cell
            ));
        }
        if !canvas.contains(&t.bounds) {
            problems.push(format!("text {:?} leaves the canvas", first_line(t)));
        }
        for line in &t.lines {
            if line.width > t.bounds.w + 0.01 {
                problems.push(format!("line {:?} is wider than its box", line.text));
            }
        }
    }
    // Sweep over x so that big maps stay fast.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by(|&a, &b| texts[a].bounds.x.total_cmp(&texts[b].bounds.x));
    for (i, &a) in order.iter().enumerate() {
        let ra = &texts[a].bounds;
        for &b in &order[i + 1..] {
            let rb = &texts[b].bounds;
            if rb.x >= ra.right() {
                break;
            }
            if ra.overlaps(rb) && ra.w > 0.0 && rb.w > 0.0 {
                problems.push(format!(
                    "text {:?} {:?} overlaps text {:?} {:?}",
                    first_line(texts[a]),
                    ra,
                    first_line(texts[b]),
                    rb
                ));
            }
        }
    }
    problems
}

fn first_line(t: &TextItem) -> &str {
    t.lines.first().map_or("", |l| l.text.as_str())
}
