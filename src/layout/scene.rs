//! The Scene: everything a diagram shows, measured and positioned, with no SVG in it.
//!
//! Coordinates are absolute pixels (origin top left, no transforms) rounded to hundredths, and
//! colours are resolved `#rrggbb` values of the chosen theme, so that the Scene serialises to
//! the same JSON on every machine and renderers only walk it.

use serde::Serialize;

use super::text::Weight;

/// A colour, `#rrggbb`: a theme constant, or a computed colour interned by
/// [`super::theme::intern`], so that the Scene holds colours without an allocation each.
pub type Paint = &'static str;

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
    pub background: Paint,
    /// Horizontal bands from top to bottom: the header, one per lane, blueprint lines, the
    /// legend. Each band is self-contained, so a viewer can hide one and move the rest up.
    pub bands: Vec<Band>,
    /// Where the journey's columns are (the empathy view has none): what paper pages and a
    /// viewer cut the diagram at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
}

/// The journey's columns: the lane-label column from the left edge to `left`, then one column
/// of `column_width` per drawn step, stage after stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub left: f64,
    pub column_width: f64,
    pub stages: Vec<GridStage>,
}

/// A stage as drawn: its name and how many columns (drawn steps) it spans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridStage {
    pub name: String,
    pub columns: usize,
}

impl Grid {
    /// How many columns the grid has.
    pub fn columns(&self) -> usize {
        self.stages.iter().map(|s| s.columns).sum()
    }

    /// The x of the left edge of column `index` (the right edge of the last is `columns()`).
    pub fn column_x(&self, index: usize) -> f64 {
        round(self.left + index as f64 * self.column_width)
    }
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
    /// For the emotion lane, where its scores are drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<EmotionScale>,
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
    pub fill: Paint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stroke: Option<Paint>,
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
    pub color: Paint,
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
    pub stroke: Paint,
    pub width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathItem {
    /// SVG path data with fixed-precision numbers.
    pub d: String,
    pub stroke: Paint,
    pub width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill: Option<Paint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CircleItem {
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub fill: Paint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stroke: Option<Paint>,
    #[serde(skip_serializing_if = "is_zero")]
    pub stroke_width: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupItem {
    /// A class naming what the group is (`step`, `pain-point`, `chip`...): how it looks.
    pub class: &'static str,
    /// What in the map the group stands for: how it is found (by the diff picture, a viewer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<Key>,
    /// Hover details: the full text, shown as a tooltip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    pub items: Vec<Item>,
}

/// The element of the map a group of the Scene draws. Ids are the map's own; an entry of a
/// step's list (a touchpoint, a pain point, a thought...) is named by its lane and position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "of", rename_all = "kebab-case")]
pub enum Key {
    Stage {
        stage: String,
    },
    Step {
        step: String,
    },
    /// The `index`-th entry (from 0) of a step's list drawn in `lane`.
    Entry {
        step: String,
        lane: super::Lane,
        index: usize,
    },
    /// A metric of a stage (`step` is `None`) or of a step, by name.
    Metric {
        stage: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        step: Option<String>,
        name: String,
    },
    /// A point of the emotion curve: a step's score, for one persona or for everyone.
    EmotionPoint {
        step: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        persona: Option<String>,
    },
}

impl Key {
    /// The element's identity as data attributes of its SVG group (`data-step="pay"`,
    /// `data-entry-lane="pain-points"`, `data-index="0"`...), so that a viewer, a test or
    /// another tool finds what a card stands for without reading its text.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        match self {
            Key::Stage { stage } => vec![("data-stage", stage.clone())],
            Key::Step { step } => vec![("data-step", step.clone())],
            Key::Entry { step, lane, index } => vec![
                ("data-step", step.clone()),
                ("data-entry-lane", lane.name().to_string()),
                ("data-index", index.to_string()),
            ],
            Key::Metric { stage, step, name } => {
                let mut out = vec![("data-stage", stage.clone())];
                if let Some(step) = step {
                    out.push(("data-step", step.clone()));
                }
                out.push(("data-metric", name.clone()));
                out
            }
            Key::EmotionPoint { step, persona } => {
                let mut out = vec![("data-step", step.clone())];
                if let Some(persona) = persona {
                    out.push(("data-persona", persona.clone()));
                }
                out
            }
        }
    }
}

/// Where the emotion lane draws its scores, as offsets from the top of its band (so they hold
/// wherever the band is moved): a score `s` is at `plus_two + (2 - s) / 4 * (minus_two -
/// plus_two)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EmotionScale {
    pub plus_two: f64,
    pub minus_two: f64,
}

impl EmotionScale {
    /// The y of `score` (from -2 to 2) in a band whose top is at `band_y`.
    pub fn y(&self, band_y: f64, score: f64) -> f64 {
        band_y + self.plus_two + (2.0 - score) / 4.0 * (self.minus_two - self.plus_two)
    }
}

/// Where an element of the map was drawn ([`Scene::places`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'a> {
    pub key: &'a Key,
    /// The index of the band it is in.
    pub band: usize,
    pub rect: Rect,
}

impl GroupItem {
    /// The box of the group's card (its first rectangle) or marker (its first circle).
    pub fn first_box(&self) -> Option<Rect> {
        self.items.iter().find_map(|item| match item {
            Item::Rect(r) => Some(r.rect),
            Item::Circle(c) => Some(Rect::new(c.cx - c.r, c.cy - c.r, 2.0 * c.r, 2.0 * c.r)),
            _ => None,
        })
    }
}

impl Item {
    /// The box the item covers (strokes aside), or `None` for an empty group or a path with
    /// no points.
    pub fn extent(&self) -> Option<Rect> {
        match self {
            Item::Rect(r) => Some(r.rect),
            Item::Text(t) => Some(t.bounds),
            Item::Line(l) => Some(span(
                l.x1.min(l.x2),
                l.y1.min(l.y2),
                l.x1.max(l.x2),
                l.y1.max(l.y2),
            )),
            Item::Circle(c) => Some(span(c.cx - c.r, c.cy - c.r, c.cx + c.r, c.cy + c.r)),
            Item::Path(p) => path_points(&p.d).fold(None, |acc: Option<Rect>, (x, y)| {
                Some(match acc {
                    None => span(x, y, x, y),
                    Some(r) => span(r.x.min(x), r.y.min(y), r.right().max(x), r.bottom().max(y)),
                })
            }),
            Item::Group(g) => g.items.iter().filter_map(Item::extent).reduce(|a, b| {
                span(
                    a.x.min(b.x),
                    a.y.min(b.y),
                    a.right().max(b.right()),
                    a.bottom().max(b.bottom()),
                )
            }),
        }
    }
}

fn span(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The points of path data made of absolute `M`, `L` and `C` commands (the only ones the
/// layout writes): its numbers taken in pairs.
pub fn path_points(d: &str) -> impl Iterator<Item = (f64, f64)> + '_ {
    let mut numbers = d
        .split_ascii_whitespace()
        .filter_map(|t| t.parse::<f64>().ok());
    std::iter::from_fn(move || Some((numbers.next()?, numbers.next()?)))
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

    /// Where each element of the map was drawn: the key of every keyed group, with the box
    /// of its card (its first rectangle) or, for a point, the box of its marker. In drawing
    /// order; the band each is in comes with it.
    pub fn places(&self) -> Vec<Place<'_>> {
        fn walk<'a>(band: usize, items: &'a [Item], out: &mut Vec<Place<'a>>) {
            for item in items {
                if let Item::Group(g) = item {
                    if let (Some(key), Some(rect)) = (&g.key, g.first_box()) {
                        out.push(Place { key, band, rect });
                    }
                    walk(band, &g.items, out);
                }
            }
        }
        let mut out = Vec::new();
        for (i, band) in self.bands.iter().enumerate() {
            walk(i, &band.items, &mut out);
        }
        out
    }

    /// Removes the header band (title, description, facts) and moves everything up, for pages
    /// that show the title themselves, like the HTML page.
    /// Every colour the scene paints with, in drawing order, with the SVG property it sets
    /// (`fill` or `stroke`). The same map in two themes gives two lists that pair one to one.
    pub fn paints(&self) -> Vec<(&'static str, Paint)> {
        fn visit(item: &Item, out: &mut Vec<(&'static str, Paint)>) {
            match item {
                Item::Rect(r) => {
                    out.push(("fill", r.fill));
                    out.extend(r.stroke.map(|s| ("stroke", s)));
                }
                Item::Text(t) => out.push(("fill", t.color)),
                Item::Line(l) => out.push(("stroke", l.stroke)),
                Item::Path(p) => {
                    out.extend(p.fill.map(|f| ("fill", f)));
                    out.push(("stroke", p.stroke));
                }
                Item::Circle(c) => {
                    out.push(("fill", c.fill));
                    out.extend(c.stroke.map(|s| ("stroke", s)));
                }
                Item::Group(g) => g.items.iter().for_each(|i| visit(i, out)),
            }
        }
        let mut out = vec![("fill", self.background)];
        for band in &self.bands {
            band.items.iter().for_each(|i| visit(i, &mut out));
        }
        out
    }

    pub fn drop_header(&mut self) {
        let mut without = WithoutHeader::default();
        self.bands = std::mem::take(&mut self.bands)
            .into_iter()
            .filter_map(|band| without.band(band))
            .collect();
        self.height = without.height(self.height);
    }

    /// The Scene as JSON for golden tests and review: objects and arrays that fit on one line
    /// of 100 characters are written on one line, bigger ones are spread out.
    pub fn to_json(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut out = String::new();
        write_json(&value, 0, &mut out);
        out.push('\n');
        out
    }
}

/// Leaves out the header band of a diagram and moves the bands after it up into its place,
/// band by band, so that a Scene ([`Scene::drop_header`]) and a diagram streamed as it is laid
/// out lose their header the same way.
#[derive(Debug, Default)]
pub struct WithoutHeader {
    header_y: Option<f64>,
    /// How far everything after the header moves up: from the header's top to the next band's.
    moved_up: Option<f64>,
}

impl WithoutHeader {
    /// The band as drawn without the header, or `None` for the header itself.
    pub fn band(&mut self, mut band: Band) -> Option<Band> {
        if band.kind == BandKind::Header {
            self.header_y = Some(band.y);
            return None;
        }
        if let Some(header_y) = self.header_y {
            let dy = *self.moved_up.get_or_insert(band.y - header_y);
            band.y = round(band.y - dy);
            super::blocks::shift(&mut band.items, -dy);
        }
        Some(band)
    }

    /// An item added to the last band after it was handed over.
    pub fn item(&self, item: &mut Item) {
        if let Some(dy) = self.moved_up {
            super::blocks::shift(std::slice::from_mut(item), -dy);
        }
    }

    /// The diagram's height without the header.
    pub fn height(&self, height: f64) -> f64 {
        self.moved_up.map_or(height, |dy| round(height - dy))
    }
}

fn write_json(value: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    let compact = serde_json::to_string(value).unwrap_or_default();
    let nested = matches!(value, Value::Object(m) if !m.is_empty())
        || matches!(value, Value::Array(a) if !a.is_empty());
    if !nested || indent + compact.len() <= 100 {
        out.push_str(&compact);
        return;
    }
    let pad = " ".repeat(indent + 2);
    match value {
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, v)) in map.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push_str(": ");
                write_json(v, indent + 2, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad);
                write_json(v, indent + 2, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
        _ => out.push_str(&compact),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bounds: Rect, cell: Rect) -> Item {
        Item::Text(TextItem {
            bounds,
            cell,
            size: 12.0,
            weight: Weight::Regular,
            color: "#000000",
            anchor: Anchor::Start,
            lines: vec![TextLine {
                text: "x".into(),
                x: bounds.x,
                y: bounds.y + 10.0,
                width: bounds.w,
            }],
        })
    }

    fn scene(items: Vec<Item>) -> Scene {
        Scene {
            width: 100.0,
            height: 100.0,
            title: String::new(),
            description: String::new(),
            theme: super::super::ThemeName::Light,
            view: super::super::View::Journey,
            font_family: "",
            background: "#ffffff",
            bands: vec![Band {
                id: "b".into(),
                kind: BandKind::Lane,
                lane: None,
                label: String::new(),
                y: 0.0,
                height: 100.0,
                scale: None,
                items,
            }],
            grid: None,
        }
    }

    #[test]
    fn finds_overlaps_and_overflows() {
        let cell = Rect::new(0.0, 0.0, 50.0, 50.0);
        let ok = scene(vec![
            text(Rect::new(0.0, 0.0, 20.0, 10.0), cell),
            text(Rect::new(0.0, 10.0, 20.0, 10.0), cell),
        ]);
        assert!(layout_problems(&ok).is_empty());
        let overlapping = scene(vec![
            text(Rect::new(0.0, 0.0, 20.0, 10.0), cell),
            text(Rect::new(10.0, 5.0, 20.0, 10.0), cell),
        ]);
        assert_eq!(layout_problems(&overlapping).len(), 1);
        let overflowing = scene(vec![text(Rect::new(40.0, 0.0, 20.0, 10.0), cell)]);
        assert_eq!(layout_problems(&overflowing).len(), 1);
        let off_canvas = scene(vec![text(
            Rect::new(90.0, 95.0, 20.0, 10.0),
            Rect::new(0.0, 0.0, 200.0, 200.0),
        )]);
        assert_eq!(layout_problems(&off_canvas).len(), 1);
    }
}
